#!/usr/bin/env bash
# Renders the HTML report of a run that catches a known-bad handler in headless Chromium and
# checks the rendered DOM: the divergences, their links to timeline rows, the timeline itself and
# the four delivery buckets of history.json must all be on the page.
# Usage: html_report.sh HANDLER IVSIM WITH_HANDLER
set -euo pipefail
handler=$1 ivsim=$2 with_handler=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

KEEP_OUT="$work/out" "$with_handler" "$handler" "$ivsim" 1 "" --bug playlist-on-start \
  -- run --seed 3 --preset hostile --sut @SUT@ -q --html "$work/report.html" >/dev/null

fail() {
  echo "html_report: $*" >&2
  exit 1
}
cmp -s "$work/report.html" "$work/out/report.html" || fail "--html and DIR/report.html differ"

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || fail "chromium is not installed (scripts/install_deps.sh installs it)"
# As root Chromium needs --no-sandbox; the background-networking flags keep it from dialling out
# of a closed network at start-up.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --dump-dom "file://$work/report.html" >"$work/dom.html" \
  2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; fail "chromium could not render"; }

grep -q '<span class="verdict fail">fail</span>' "$work/dom.html" || fail "no fail verdict"
grep -q 'wrong value at <code>recordings' "$work/dom.html" ||
  fail "the playlist divergence is not shown"
grep -q '<section id="timeline">' "$work/dom.html" || fail "no timeline section"
grep -q '<svg class="lane"' "$work/dom.html" || fail "no lane chart"
grep -q 'class="[a-z]* evidence"' "$work/dom.html" || fail "no highlighted evidence row"
# The evidence lists schedule indices (the timeline's "#"), not acknowledgement order.
grep -q '<caption>decided by</caption><thead><tr><th>#</th>' "$work/dom.html" ||
  fail "the evidence table does not head its delivery column #"

# Every link from a divergence to an event lands on a row of the timeline.
links=$(grep -o 'href="#ev-[A-Za-z0-9_-]*"' "$work/dom.html" | sed 's/href="#//; s/"$//' | sort -u)
[ -n "$links" ] || fail "no divergence links to its events"
for anchor in $links; do
  grep -q "id=\"$anchor\"" "$work/dom.html" || fail "link #$anchor has no row"
done

# The buckets on the page are the ones history.json recorded.
for bucket in acknowledged dropped rejected failed; do
  expected=$(grep -o "\"$bucket\": [0-9]*" "$work/out/history.json" | head -1 | grep -o '[0-9]*$')
  grep -q "<span id=\"bucket-$bucket\">$expected</span>" "$work/dom.html" ||
    fail "bucket $bucket is not $expected on the page"
done
echo "html_report: rendered, $(echo "$links" | wc -l) evidence links resolve"
