#!/usr/bin/env bash
# An interrupted `jianguan check` (SIGINT, SIGTERM) exits non-zero and leaves
# neither its report nor a temporary `<report>.tmp-*` file behind, for the
# JSON report (a file renamed into place at the end) and the SQLite report
# (one transaction in a temporary database); and a check of CSV files
# interrupted while they are being read and sorted leaves no file of the
# sort in TMPDIR either.
#
#   interrupted_check.sh JIANGUAN RULESET WORKDIR
#
# The data is a 300,000-entity sample generated into WORKDIR once (kept for
# later runs), and a CSV file of 1.5M entities for the dirty-data ruleset. The signal is sent 0.3 s after the start; when it arrives
# before the check has begun (the ruleset still compiling: the process just
# dies), it is sent again later. A check that finishes before the signal
# fails the test: the data must then be made bigger, not the test looser.
set -euo pipefail
# Job control: without it a background command ignores SIGINT, and the test
# would not test the handler (bash runs `cmd &` with SIGINT ignored).
set -m
jg=$1
rules=$2
work=$3/interrupted
mkdir -p "$work"
entities=300000
data=$work/sample-$entities.db
if [ ! -f "$data" ]; then
  rm -f "$data.part"
  "$jg" sample --out "$data.part" --entities $entities --seed 5
  mv "$data.part" "$data"
fi

csv=$work/csv-1500000
if [ ! -f "$csv/entities.csv" ]; then
  mkdir -p "$csv"
  awk 'BEGIN { print "uscc,name,kind,division,founded,staff";
               for (i = 1; i <= 1500000; i++)
                 printf "9115010210%08d,企业%d,餐馆,150102,2020-01-01,%d\n", i, i, i % 300 }' \
    >"$csv/entities.csv.part"
  mv "$csv/entities.csv.part" "$csv/entities.csv"
fi
dirty_rules=$(dirname "$0")/../golden/dirty/rules.jg
tmp=$work/tmp

failures=0
run_case() {  # run_case SIGNAL FORMAT [DATA RULES]
  local sig=$1 fmt=$2 source=${3:-$data} ruleset=${4:-$rules}
  local name=$sig-$fmt-$(basename "$source")
  local out=$work/report-$name.$fmt err=$work/stderr-$name.txt
  rm -rf "$out" "$out".tmp-* "$tmp"
  mkdir -p "$tmp"
  local delay=0.3 rc=0 handled=0
  for attempt in 1 2 3 4 5 6; do
    SQLITE_TMPDIR=$tmp TMPDIR=$tmp "$jg" --lang en check "$ruleset" --data "$source" --as-of 2024-06-30 \
      --format "$fmt" --out "$out" --fail-on never 2>"$err" &
    local pid=$!
    sleep "$delay"
    kill -s "$sig" "$pid" 2>/dev/null || true
    set +e
    wait "$pid"
    rc=$?
    set -e
    if grep -q "interrupted; no report was written" "$err"; then
      handled=1
      break
    fi
    if [ -e "$out" ]; then
      echo "FAIL $sig $fmt: the check finished (exit $rc) before the signal after ${delay}s;" \
        "make the sample bigger than $entities entities" >&2
      failures=$((failures + 1))
      return
    fi
    # Killed while still compiling, before the handler was set: later.
    delay=$(awk -v d="$delay" 'BEGIN { print d * 2 }')
  done
  local left leftover
  left=$(find "$work" -maxdepth 1 -name "$(basename "$out").tmp-*" | wc -l)
  leftover=$(find "$tmp" -mindepth 1 | wc -l)
  if [ $handled -ne 1 ]; then
    echo "FAIL $sig $fmt: the check never reported the interruption (exit $rc)" >&2
    failures=$((failures + 1))
  elif [ $rc -eq 0 ]; then
    echo "FAIL $sig $fmt: exit 0 after the interruption" >&2
    failures=$((failures + 1))
  elif [ -e "$out" ]; then
    echo "FAIL $sig $fmt: a report was left at $out" >&2
    failures=$((failures + 1))
  elif [ "$left" -ne 0 ]; then
    echo "FAIL $sig $fmt: temporary files were left: $(ls "$out".tmp-*)" >&2
    failures=$((failures + 1))
  elif [ "$leftover" -ne 0 ]; then
    echo "FAIL $sig $fmt $source: files were left in TMPDIR: $(ls "$tmp")" >&2
    failures=$((failures + 1))
  else
    echo "ok $sig $fmt $(basename "$source"): exit $rc after ${delay}s, no report, no temporary file ($(tr -d '\n' <"$err"))"
  fi
}

for sig in INT TERM; do
  for fmt in json sqlite; do
    run_case $sig $fmt
  done
  run_case $sig json "$csv" "$dirty_rules"
done
[ $failures -eq 0 ]
