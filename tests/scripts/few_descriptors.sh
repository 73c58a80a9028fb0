#!/usr/bin/env bash
# With many threads every key range's part of the report holds temporary
# files open until the end. With enough descriptors, `--threads 64` gives the
# report `--threads 1` gives, byte for byte; with too few, the check fails
# with the reason and what to do, and leaves no report and no `.tmp-*` file.
#
#   few_descriptors.sh JIANGUAN RULESET WORKDIR
set -euo pipefail
jg=$1
rules=$2
work=$3/few_descriptors
rm -rf "$work"
mkdir -p "$work"
data=$work/sample.db
"$jg" sample --out "$data" --entities 20000 --seed 5 >/dev/null
check() {
  "$jg" check "$rules" --data "$data" --as-of 2024-06-30 --fail-on never --format json "$@"
}
check --out "$work/one.json" --threads 1 2>/dev/null
check --out "$work/many.json" --threads 64 2>/dev/null
cmp "$work/one.json" "$work/many.json"

# Out of descriptors, UBSan cannot open the pipe it probes memory with (nor
# start its symbolizer), and takes the vptr of an object being destroyed for
# a bad one: its own false report, not suppressible without descriptors. So
# the sanitizer build runs the part above only.
# (Read whole first: `ldd | grep -q` fails under pipefail when grep quits
# before ldd has written everything.)
libs=$(ldd "$jg" 2>/dev/null || true)
if [[ $libs == *libasan* || $libs == *libubsan* ]]; then
  echo "few_descriptors: 64 threads give the 1-thread report (the low limit is not run sanitized)"
  exit 0
fi
status=0
(ulimit -n 48 && check --out "$work/short.json" --threads 64) 2>"$work/stderr" || status=$?
if [ "$status" -ne 2 ]; then
  echo "expected exit 2 with 48 descriptors, got $status" >&2
  cat "$work/stderr" >&2
  exit 1
fi
grep -q "Too many open files (raise the limit on open files, \`ulimit -n\`, or use fewer --threads)" \
  "$work/stderr" || {
  echo "the message does not say why and what to do:" >&2
  cat "$work/stderr" >&2
  exit 1
}
if ls "$work"/short.json* >/dev/null 2>&1; then
  echo "a report or a temporary file was left:" >&2
  ls "$work"/short.json* >&2
  exit 1
fi
echo "few_descriptors: 64 threads give the 1-thread report; 48 descriptors fail cleanly"
