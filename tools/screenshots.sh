#!/usr/bin/env bash
# Screenshots of the app for docs/: runs the app under Xvfb (software Vulkan) with the
# automation mode (see src/automation.rs) and copies the PNGs to docs/.
#
#   tools/screenshots.sh                 # release build; installs xvfb + mesa Vulkan if missing
#   PROFILE=debug tools/screenshots.sh   # the dev build instead
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v xvfb-run >/dev/null || ! ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq xvfb xauth mesa-vulkan-drivers libvulkan1
fi

profile="${PROFILE:-release}"
if [ "$profile" = release ]; then
    cargo build --release --bin complaint-drill
else
    cargo build --bin complaint-drill
fi
app="${CARGO_TARGET_DIR:-target}/$profile/complaint-drill"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
data="$out/data"
run() { # NAME SCRIPT [DATA]
    mkdir -p "$out/$1"
    COMPLAINT_DRILL_DATA="${3:-$out/data-$1}" \
    COMPLAINT_DRILL_SCRIPT="$2" \
    COMPLAINT_DRILL_SCREENSHOT_DIR="$out/$1" \
    RUST_LOG="${RUST_LOG:-warn,complaint_drill=info}" \
        xvfb-run -a -s "-screen 0 1280x800x24" "$app"
}
shot() { # NAME STEP-FILE DOC-NAME
    cp "$out/$1/$2.png" "docs/$3.png"
}

mkdir -p docs
# Lesson 1 (the fee query) as a trainee plays it: start, library, mid-run, the perfect debrief, at
# each UI scale the settings allow, in both languages.
for lang in zh en; do
    for scale in 1.0 1.6 2.0; do
        name="$lang-$scale"
        run "$name" "lang:$lang,scale:$scale,trainee:王芳,start,library,play:shared-electricity-fee-query:7,expert:6,expert,debrief"
        shot "$name" 04-start "start-$name"
        shot "$name" 05-library "library-$name"
        shot "$name" 07-expert-6 "play-$name"
        shot "$name" 09-debrief "debrief-$name"
    done
done

# A supervisor's day on one store: 王芳 (team front-desk-a in drills/teams.ron) plays two
# runs, one of them badly; run 2 is signed off with a mentor's marks by the CLI (the
# passphrase is typed in the app otherwise); then the review, the reports, the composer and
# the live role-play console, in both languages.
run trainee "lang:zh,trainee:王芳,start,play:broken-entrance-gate:7,expert,debrief,play:receptionist-brushoff:3,choose:2,close,debrief,drill:lift-and-emergencies,expert,debrief" "$data"
cli() { COMPLAINT_DRILL_DATA="$data" "$app" "$@"; }
echo "刘主任的口令很长" | cli supervisor add 刘主任 --passphrase-stdin
echo "刘主任的口令很长" | cli results assess 2 --supervisor 刘主任 \
    --etiquette 45 --etiquette-reason "推诿业主,未致歉" \
    --procedure 60 --procedure-reason "未记录即结束" \
    --record 40 --record-reason "记录表空白" \
    --owner-feedback 30 --verdict redo --comment "1:先致歉,再说明会跟进" --passphrase-stdin
for lang in zh en; do
    run "supervisor-$lang" "lang:$lang,trainee:王芳,start,review,open:2,team-report:front-desk-a,report:王芳,compose,live:lift-entrapment,drill-report:lift-and-emergencies" "$data"
    shot "supervisor-$lang" 03-start "drills-start-$lang"
    shot "supervisor-$lang" 05-open-2 "review-$lang"
    shot "supervisor-$lang" 06-team-report-front-desk-a "team-report-$lang"
    shot "supervisor-$lang" 07-report "trainee-report-$lang"
    shot "supervisor-$lang" 08-compose "composer-$lang"
    shot "supervisor-$lang" 09-live-lift-entrapment "live-$lang"
    shot "supervisor-$lang" 10-drill-report-lift-and-emergencies "drill-report-$lang"
done
ls -l docs/*.png
