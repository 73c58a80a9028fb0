#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless, with
# networking disabled). Run by ctest as `browser.check_html`; exits 77
# (skipped) when /usr/bin/chromium is not installed.
#
#   check_html.sh JIANGUAN RULESET DATA OUTDIR
#
# It writes the HTML and JSON reports of one run (in Chinese, as of
# 2024-06-30), then
#   1. proves its detectors work: a canary page that loads an image, fetches
#      a URL and calls an undefined function must be caught by each check;
#   2. renders the report and dumps its DOM: the counts shown must equal the
#      JSON report's summary (compare_counts.cmake), and the page's script
#      must have run to the end (data-ready="1");
#   3. filters the findings table to errors, sorts it, turns to its second
#      page, searches it (through a copy of the page with a test script added)
#      and checks the rows shown and marked for printing;
#   4. takes a screenshot (report.png) and prints a PDF (report.pdf): every
#      page A4;
#   5. fails if any run logged a console message: a script error
#      ("Uncaught ...") or a load the page's Content-Security-Policy blocked
#      (a request for anything outside the file). DNS resolves nothing and
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
rm -f "$out"/report.* "$out"/*.log "$out"/*.page-messages "$out"/dom.html "$out"/canary.* \
  "$out"/interact.*

failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --mute-audio --hide-scrollbars
  "--host-resolver-rules=MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9
  --enable-logging=stderr --v=0)

# browser LOG ARGS...: runs chromium with a fresh profile; its stderr to LOG.
browser() {
  local log=$1 profile rc
  shift
  profile=$(mktemp -d)
  timeout 300 "$CHROMIUM" "${flags[@]}" --user-data-dir="$profile" "$@" 2>"$log"
  rc=$?
  rm -rf "$profile"
  return $rc
}

# What a page logged: script errors, blocked loads, any console message.
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
if [ ! -s "$out/report.html" ] || [ ! -s "$out/report.json" ]; then
  echo "FAIL: no report"
  exit 1
fi
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

# 3. Filtering, sorting, paging and searching the findings table.
want_errors=$(grep -m1 -o '"error": [0-9]*' "$out/report.json" | grep -o '[0-9]*$')
[ "${want_errors:-0}" -gt 5000 ] && want_errors=5000
want_printed=$want_errors
[ "$want_printed" -gt 500 ] && want_printed=500
# Pages of 200 rows: the first page of errors, then the second.
want_page1=$want_errors
[ "$want_page1" -gt 200 ] && want_page1=200
want_page2=$((want_errors - want_page1))
[ "$want_page2" -gt 200 ] && want_page2=200
body_end=$(grep -n '</body>' "$out/report.html" | tail -1 | cut -d: -f1)
{
  head -n $((body_end - 1)) "$out/report.html"
  cat <<'EOF'
<script>
(function () {
  var html = document.documentElement;
  var status = document.getElementById('findings-status');
  var severity = document.getElementById('findings-severity');
  severity.value = 'error';
  severity.dispatchEvent(new Event('change'));
  html.setAttribute('data-test-errors', status.getAttribute('data-shown'));
  var th = document.querySelector('#findings-table thead th');
  th.click();
  th.click();
  function visible() {
    var rows = document.querySelectorAll('#findings-table tbody tr'), shown = [], printed = 0;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].style.display !== 'none') shown.push(rows[i]);
      if (rows[i].classList.contains('p')) printed++;
    }
    return {rows: rows, shown: shown, printed: printed};
  }
  var v = visible();
  html.setAttribute('data-test-first', v.shown.length ? v.shown[0].getAttribute('data-sev') : 'none');
  html.setAttribute('data-test-last', v.rows[v.rows.length - 1].cells[0].textContent);
  html.setAttribute('data-test-printed', String(v.printed));
  html.setAttribute('data-test-page1', String(v.shown.length));
  document.getElementById('findings-next').click();
  v = visible();
  html.setAttribute('data-test-page2', String(v.shown.length));
  html.setAttribute('data-test-page2-errors', String(v.shown.filter(function (r) {
    return r.getAttribute('data-sev') === 'error';
  }).length));
  var search = document.getElementById('findings-search');
  search.value = 'no-such-text-anywhere';
  search.dispatchEvent(new Event('input'));
  setTimeout(function () { html.setAttribute('data-test-search', status.getAttribute('data-shown')); }, 400);
})();
</script>
EOF
  tail -n +"$body_end" "$out/report.html"
} >"$out/interact.html"
browser "$out/interact.log" --virtual-time-budget=3000 --dump-dom "file://$out/interact.html" \
  >"$out/interact.dom" || fail "chromium --dump-dom (interaction) failed"
tag=$(grep -o -m1 '<html[^>]*>' "$out/interact.dom")
echo "after filtering, sorting and searching: $tag"
grep -q "data-test-errors=\"$want_errors\"" <<<"$tag" ||
  fail "filtering to errors shows the wrong number of rows, expected $want_errors"
grep -q 'data-test-first="error"' <<<"$tag" || fail "after sorting, the first row shown is not an error"
grep -q 'data-test-last="1"' <<<"$tag" || fail "sorting by # descending did not put row 1 last"
grep -q "data-test-printed=\"$want_printed\"" <<<"$tag" ||
  fail "the wrong number of rows is marked for printing, expected $want_printed"
grep -q "data-test-page1=\"$want_page1\"" <<<"$tag" || fail "the first page does not show $want_page1 rows"
if [ "$want_page2" -gt 0 ]; then
  grep -q "data-test-page2=\"$want_page2\" data-test-page2-errors=\"$want_page2\"" <<<"$tag" ||
    fail "the second page does not show the next $want_page2 errors"
fi
grep -q 'data-test-search="0"' <<<"$tag" || fail "searching for text that is nowhere still shows rows"

# 4. A screenshot and an A4 PDF.
browser "$out/screenshot.log" --window-size=1366,2600 --screenshot="$out/report.png" "$url" ||
  fail "chromium --screenshot failed"
if [ "$(head -c 8 "$out/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  fail "no PNG screenshot"
fi
browser "$out/pdf.log" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$url" ||
  fail "chromium --print-to-pdf failed"
if [ "$(head -c 5 "$out/report.pdf" 2>/dev/null)" != "%PDF-" ]; then
  fail "no PDF"
else
  # Every page A4 (595 x 842 points), portrait or (findings, rejects) landscape.
  boxes=$(grep -a -o 'MediaBox \[[^]]*\]' "$out/report.pdf" | sort | uniq -c)
  if [ -z "$boxes" ] ||
    grep -v -E 'MediaBox \[0 0 (59[45]\.9[0-9]* 841\.9[0-9]*|841\.9[0-9]* 59[45]\.9[0-9]*)\]' <<<"$boxes"; then
    fail "the PDF has pages that are not A4: $boxes"
  fi
  pages=$(grep -a -c '/Type /Page$' "$out/report.pdf")
  [ "${pages:-0}" -ge 3 ] || fail "the PDF has ${pages:-0} pages, expected several"
  echo "PDF: $(wc -c <"$out/report.pdf") bytes, $pages A4 pages"
fi

# 5. Nothing logged by the page in any run.
for log in dom interact screenshot pdf; do
  if page_messages "$out/$log.log" >"$out/$log.page-messages"; then
    cat "$out/$log.page-messages"
    fail "the page logged messages while rendering ($log): script errors or blocked loads"
  fi
done

if [ $failed -ne 0 ]; then
  echo "browser test failed; outputs and logs are in $out"
  exit 1
fi
echo "browser test passed: the counts equal the JSON summary, filtering, sorting and searching work,"
echo "no script error, nothing loaded; $out/report.png, $out/report.pdf"
