#!/usr/bin/env bash
# Screenshots of the app for docs/: runs the release build under Xvfb (software Vulkan)
# with the automation mode (see src/automation.rs) and copies the PNGs to docs/.
#
#   tools/screenshots.sh            # installs xvfb + mesa Vulkan with apt-get if missing
#   PROFILE=debug tools/screenshots.sh   # the dev build instead of release
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
run() { # NAME SCRIPT
    mkdir -p "$out/$1"
    COMPLAINT_DRILL_DATA="$out/data-$1" \
    COMPLAINT_DRILL_SCRIPT="$2" \
    COMPLAINT_DRILL_SCREENSHOT_DIR="$out/$1" \
    RUST_LOG="${RUST_LOG:-warn,complaint_drill=info}" \
        xvfb-run -a -s "-screen 0 1280x800x24" "$app"
}

# Chinese: start, library, a run mid-conversation with the form partly filled, the debrief,
# then a second run with mistakes, opened and signed off on the supervisors' screen.
run zh "lang:zh,trainee:张晓梅,start,library,play:broken-entrance-gate:7,expert:4,expert:9,expert,debrief,play:receptionist-brushoff:3,choose:2,close,review,open:2,signoff:2:刘主任:60:先致歉再解释;重练本课"
# English: the same screens on another scenario.
run en "lang:en,trainee:Alex Chen,start,library,play:lift-entrapment:3,expert:3,expert,debrief"

mkdir -p docs
cp "$out/zh/03-start.png" docs/start-zh.png
cp "$out/zh/04-library.png" docs/library-zh.png
cp "$out/zh/07-expert-9.png" docs/play-zh.png
cp "$out/zh/09-debrief.png" docs/debrief-zh.png
cp "$out/zh/15-signoff-2-60.png" docs/review-zh.png
cp "$out/en/03-start.png" docs/start-en.png
cp "$out/en/06-expert-3.png" docs/play-en.png
cp "$out/en/08-debrief.png" docs/debrief-en.png
ls -l docs/*.png
