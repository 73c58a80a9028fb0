#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each one.
#
#   fuzz/run.sh [SECONDS]   run each target for SECONDS seconds (default 60)
#   fuzz/run.sh --smoke     a short run of each (30 s; CI runs this)
#
# JIANGUAN_FUZZ_TARGETS="csv_fuzzer" runs only the targets named;
# JIANGUAN_FUZZ_BUILD=DIR builds in DIR instead of build-fuzz/.
# Seeds are copied from the golden tests at every run into
# build-fuzz/seeds/<target>/; what the fuzzer finds grows
# build-fuzz/corpus/<target>/, which is kept between runs. A crash is written
# to build-fuzz/crashes/<target>/ and makes the script exit 1; reproduce it
# with `build-fuzz/fuzz/<target> <crash file>`. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${JIANGUAN_FUZZ_BUILD:-$root/build-fuzz}

secs=${1:-60}
if [ "$secs" = "--smoke" ]; then secs=30; fi
if ! [[ "$secs" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh [SECONDS|--smoke]" >&2
  exit 2
fi
targets=${JIANGUAN_FUZZ_TARGETS:-compile_fuzzer csv_fuzzer jsonl_fuzzer}

# clang and its sanitizer and libFuzzer runtimes, from Debian, if missing.
missing=()
for p in clang libclang-rt-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# -O1 with assertions on: fast enough to fuzz, and an assert is a finding.
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DJIANGUAN_FUZZ=ON -DJIANGUAN_TESTS=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $targets

# Seed corpora, copied from the golden tests (never duplicated in the repo).
seed() {  # seed TARGET FILE... : copies each file under a unique name
  local dir=$build/seeds/$1
  shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(realpath --relative-to="$root" "$f" | tr '/' '_')"
  done
  return 0
}
# A seed that fills the entity file and every event file: parts joined by \f.
joined() {  # joined TARGET NAME ENTITIES EVENTS...
  local out=$build/seeds/$1/$2
  shift 2
  : >"$out"
  local first=1
  for f in "$@"; do
    [ $first = 1 ] || printf '\f' >>"$out"
    first=0
    cat "$f" >>"$out"
  done
}
rm -rf "$build/seeds"
for t in compile_fuzzer csv_fuzzer jsonl_fuzzer; do mkdir -p "$build/seeds/$t"; done
shopt -s nullglob
g=$root/tests/golden
seed compile_fuzzer "$g"/lint/*.jg "$g"/lint/*/*.jg "$g"/check/rules.jg "$g"/test/*.jg
for fmt in csv jsonl; do
  seed ${fmt}_fuzzer "$g"/check/data/$fmt/*.$fmt "$g"/dirty/*/*.$fmt
  joined ${fmt}_fuzzer check_all "$g"/check/data/$fmt/entities.$fmt \
    "$g"/check/data/$fmt/inspections.$fmt "$g"/check/data/$fmt/penalties.$fmt
done

# A dictionary for the compiler: every literal of the grammar (the Chinese
# and English keywords, the punctuation), as libFuzzer's \xNN escapes.
dict=$build/seeds/jianguan.dict
grep -o "'[^']*'" "$root/grammar/Jianguan.g4" | sort -u | sed "s/^'//; s/'\$//" |
  while IFS= read -r word; do
    [ -n "$word" ] || continue
    printf '"'
    printf '%s' "$word" | od -An -v -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /\\x/g; s/^/\\x/'
    printf '"\n'
  done >"$dict"

failed=()
for t in $targets; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  extra=()
  [ "$t" = compile_fuzzer ] && extra+=("-dict=$dict")
  echo "== $t: ${secs}s"
  log=$build/crashes/$t/last-run.log
  if "$build/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$t/" "${extra[@]}" \
    "$build/corpus/$t" "$build/seeds/$t" >"$log" 2>&1; then
    grep -E '^(#[0-9]+\s+DONE|stat::number_of_executed_units|stat::new_units_added)' "$log" || true
    echo "   no crash ($(find "$build/corpus/$t" -type f | wc -l) inputs in the corpus)"
  else
    tail -n 60 "$log"
    echo "   CRASH: see $log and $build/crashes/$t/"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crash in $targets (${secs}s each)"
