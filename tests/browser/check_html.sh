#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless, with
# networking disabled). Run by ctest as `browser.check_html`; exits 77
# (skipped) when /usr/bin/chromium is not installed.
#
#   check_html.sh JIANGUAN RULESET DATA OUTDIR
#
# It writes the HTML and JSON reports of the bundled sample (as of
# 2024-06-30, in Chinese), then
#   1. proves the detectors work: a canary page that loads an image, fetches
#      a URL and calls an undefined function must be caught by each check;
#   2. renders the report and dumps its DOM: the counts shown must equal the
#      JSON report's summary (compare_counts.cmake), and the page's script
#      must have run to the end (data-ready="1");
#   3. takes a screenshot (report.png) and prints a PDF (report.pdf, A4);
#   4. fails if any run logged a console message: a script error
#      ("Uncaught ..."), or a load the page's Content-Security-Policy blocked
#      (any request for anything outside the file). DNS resolves nothing and
#      the proxy is a closed port, so nothing could reach a network anyway.
# Outputs and browser logs stay in OUTDIR for a look after a failure.
set -uo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "skipped: $CHROMIUM is not installed (apt-get install chromium)"
  exit 77
fi
if [ $# -ne 4 ]; then
  echo "usage: $0 JIANGUAN RULESET DATA OUTDIR" >&2
  exit 2
fi
jianguan=$1 rules=$2 data=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
cmake=${CMAKE_COMMAND:-cmake}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/report.* "$out"/*.log "$out"/dom.html "$out"/canary.*

failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --mute-audio --hide-scrollbars
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost" --proxy-server=127.0.0.1:9
  --enable-logging=stderr --v=0)

# browser LOG ARGS...: runs chromium with a fresh profile; stderr to LOG.
browser() {
  local log=$1 profile rc
  shift
  profile=$(mktemp -d)
  timeout 180 "$CHROMIUM" "${flags[@]}" --user-data-dir="$profile" "$@" 2>"$log"
  rc=$?
  rm -rf "$profile"
  return $rc
}

# What the page logged: script errors, blocked loads, any console message.
page_messages() {
  grep -E 'CONSOLE|Uncaught|Content Security Policy|Refused to' "$1"
}

# 1. The canary: the checks below must see each of these.
cat >"$out/canary.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
</head><body><img src="http://example.invalid/x.png">
<script>fetch('https://example.invalid/y').catch(function () {}); undefinedFunction();</script>
</body></html>
EOF
browser "$out/canary.log" --dump-dom "file://$out/canary.html" >"$out/canary.dom" ||
  fail "chromium could not render the canary page (see $out/canary.log)"
grep -q "Uncaught ReferenceError" "$out/canary.log" ||
  fail "the canary's script error was not logged: the script-error check cannot work"
grep -q "example.invalid/x.png" "$out/canary.log" ||
  fail "the canary's image load was not logged: the network check cannot work"
grep -q "example.invalid/y" "$out/canary.log" ||
  fail "the canary's fetch was not logged: the network check cannot work"

# The reports of one run, as HTML and as JSON.
for format in html json; do
  "$jianguan" --lang zh check "$rules" --data "$data" --as-of 2024-06-30 --fail-on never \
    --format "$format" --out "$out/report.$format" 2>"$out/check-$format.log" ||
    fail "jianguan check --format $format failed: $(cat "$out/check-$format.log")"
done
[ -s "$out/report.html" ] || { echo "FAIL: no HTML report"; exit 1; }
url="file://$out/report.html"

# 2. The DOM after the page's script ran.
browser "$out/dom.log" --dump-dom "$url" >"$out/dom.html" || fail "chromium --dump-dom failed"
if "$cmake" -DHTML="$out/dom.html" -DJSON="$out/report.json" -DREQUIRE_READY=1 \
  -P "$here/compare_counts.cmake" >"$out/compare.log" 2>&1; then
  cat "$out/compare.log"
else
  cat "$out/compare.log"
  fail "the counts in the rendered page differ from the JSON report's summary"
fi

# 3. A screenshot and an A4 PDF.
browser "$out/screenshot.log" --window-size=1366,2600 --screenshot="$out/report.png" "$url" ||
  fail "chromium --screenshot failed"
if [ ! -s "$out/report.png" ] || [ "$(head -c 8 "$out/report.png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  fail "no PNG screenshot"
fi
browser "$out/pdf.log" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$url" ||
  fail "chromium --print-to-pdf failed"
if [ ! -s "$out/report.pdf" ] || [ "$(head -c 5 "$out/report.pdf")" != "%PDF-" ]; then
  fail "no PDF"
else
  pages=$(grep -a -c '/Type /Page$\|/Type /Page\b[^s]' "$out/report.pdf" || true)
  # A4 is 595 x 842 points.
  grep -a -q 'MediaBox \[0 0 595\(\.[0-9]*\)\? 841\.\?[0-9]*\]\|MediaBox \[0 0 595\(\.[0-9]*\)\? 842\(\.[0-9]*\)\?\]' "$out/report.pdf" ||
    fail "the PDF's pages are not A4"
  echo "PDF: $(wc -c <"$out/report.pdf") bytes, about $pages pages"
fi

# 4. Nothing logged by the page in any run.
for log in dom screenshot pdf; do
  if page_messages "$out/$log.log" >"$out/$log.page-messages"; then
    cat "$out/$log.page-messages"
    fail "the page logged messages while rendering ($log): script errors or blocked loads"
  fi
done

if [ $failed -ne 0 ]; then
  echo "browser test failed; outputs and logs are in $out"
  exit 1
fi
echo "browser test passed: counts equal the JSON summary, no script error, no load; $out/report.png, $out/report.pdf"
