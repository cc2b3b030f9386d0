#!/usr/bin/env bash
# Idle figures of the app (Start screen, and mid-run on Play) against a bare bevy + bevy_egui window, under Xvfb:
# CPU % of one core while idle (from /proc/PID/stat utime+stime), resident memory (VmRSS)
# and time to the first frame (printed by the programs with COMPLAINT_DRILL_REPORT_FIRST_FRAME=1).
#
#   tools/bench-app.sh [SECONDS]      # default 15 s of idle per program
#   BENCH_PROFILE=debug tools/bench-app.sh   # the dev build instead of release
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"

if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null || ! ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq xvfb mesa-vulkan-drivers libvulkan1 xdotool
fi

profile="${BENCH_PROFILE:-release}"
if [ "$profile" = release ]; then
    cargo build --release --bin complaint-drill --example bare_window
else
    cargo build --bin complaint-drill --example bare_window
fi
target="${CARGO_TARGET_DIR:-target}/$profile"

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1

tck=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

measure() { # NAME FOCUS SCRIPT COMMAND...  (FOCUS: focused|unfocused; SCRIPT: steps ending in `stay`, or "")
    local name="$1" focus="$2" script="$3"; shift 3
    local log; log="$(mktemp)"
    DISPLAY="$display" COMPLAINT_DRILL_REPORT_FIRST_FRAME=1 COMPLAINT_DRILL_DATA="$(mktemp -d)" \
        COMPLAINT_DRILL_SCRIPT="$script" RUST_LOG=warn "$@" >"$log" 2>&1 &
    local pid=$!
    for _ in $(seq 600); do
        grep -q "first frame" "$log" && break
        kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "$name exited early"; return 1; }
        sleep 0.1
    done
    local first; first="$(grep -o 'first frame: [0-9]* ms' "$log" | grep -o '[0-9]*' || echo '?')"
    sleep 3 # let start-up work (asset loading, shader compiles) finish
    # Xvfb has no window manager: give the window the input focus (winit sees Focused(true)),
    # or take it away to the root window.
    local window; window="$(DISPLAY="$display" timeout 10 xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1 || true)"
    if [ "$focus" = focused ] && [ -n "$window" ]; then
        DISPLAY="$display" timeout 10 xdotool windowfocus --sync "$window" || echo "$name: could not focus the window"
        [ "$(DISPLAY="$display" xdotool getwindowfocus 2>/dev/null)" = "$window" ] || echo "$name: the window did not take the focus"
    else
        # The root window (PointerRoot would give the focus to the window under the pointer).
        local root; root="$(DISPLAY="$display" xwininfo -root 2>/dev/null | awk '/Window id:/ {print $4}')"
        DISPLAY="$display" timeout 10 xdotool windowfocus "${root:-0}" 2>/dev/null || true
    fi
    sleep 2
    local t0; t0=$(ticks "$pid")
    sleep "$secs"
    local t1; t1=$(ticks "$pid")
    local rss; rss=$(rss_kb "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local cpu; cpu=$(awk -v d=$((t1 - t0)) -v hz="$tck" -v s="$secs" 'BEGIN {printf "%.2f", d / hz / s * 100}')
    printf '%-12s %-9s idle CPU %6s %% of a core   RSS %7.1f MB   first frame %s ms\n' \
        "$name" "$focus" "$cpu" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$first"
    echo "$name-$focus $cpu $rss $first" >>"$results"
    rm -f "$log"
}

results="$(mktemp)"
measure app unfocused "" "$target/complaint-drill"
measure bare-window unfocused "" "$target/examples/bare_window"
measure app focused "" "$target/complaint-drill"
measure bare-window focused "" "$target/examples/bare_window"
# Idle in the middle of a run: the conversation, options and a half-filled form on screen.
measure app-playing focused "play:broken-entrance-gate:7,expert:9,stay" "$target/complaint-drill"
awk 'NR == 1 {app = $3} NR == 2 {bare = $3} END {printf "RSS app / bare window = %.2f (target <= 1.2)\n", app / bare}' "$results"
awk '$1 == "app-unfocused" {printf "app idle CPU unfocused %s %% (target <= 0.2)\n", $2}
     $1 == "app-focused" {printf "app idle CPU focused %s %% (target <= 0.5)\n", $2}' "$results"
rm -f "$results"
