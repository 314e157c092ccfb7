#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/fuzz/run.sh: runs one fuzzer for a while and prints what happened.
#
#   usage: run.sh NAME SECONDS      (NAME: query cookie multipart frontmatter tmpl slug search md totp origin checks
#                                   html2md wxr image)
#   env:   FUZZ_DIR   where the fuzz-NAME binaries are (default _build/fuzz/tests/fuzz;
#                     `make fuzz` in a build folder puts them in its tests/fuzz)
#          FUZZ_WORK  where the growing corpus and crash files go (default FUZZ_DIR/work/NAME)
#
# The committed seeds (tests/fuzz/corpus/NAME) are read, never written: new inputs go to the
# work corpus, which later runs start from. Prints one line
#   fuzz NAME: EXECS executions in SECS s, COV edges, CRASHES crashes [files...]
# and exits 1 if the fuzzer found a crash, a leak, UB, an oracle failure or a timeout.
set -u
name=${1:?usage: run.sh NAME SECONDS}
secs=${2:?usage: run.sh NAME SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
dir=${FUZZ_DIR:-$top/_build/fuzz/tests/fuzz}
bin=$dir/fuzz-$name
work=${FUZZ_WORK:-$dir/work/$name}
[ -x "$bin" ] || { echo "fuzz $name: $bin missing (run 'make fuzz')" >&2; exit 2; }
mkdir -p "$work/corpus" "$work/crashes"
log=$work/last.log

# cmark is quadratic on some inputs (see README); bodies stay small so a slow input is found
# as a timeout (a finding) rather than eating the whole run.
case $name in
md|tmpl|frontmatter|multipart|checks|html2md|wxr) maxlen=8192 ;;
*) maxlen=4096 ;;
esac
before=$(ls "$work/crashes" | wc -l)
# -error_exitcode: any finding; -timeout: one input may take 10 s at most.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
    -dict="$here/meridian.dict" -artifact_prefix="$work/crashes/" -print_final_stats=1 \
    "$work/corpus" "$here/corpus/$name" > "$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
after=$(ls "$work/crashes" | wc -l)
crashes=$((after - before))
[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
echo "fuzz $name: ${execs:-0} executions in $secs s, ${cov:-0} edges, $crashes crashes"
if [ "$crashes" -gt 0 ]; then
	grep -E 'ERROR|oracle|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/  /'
	ls -t "$work/crashes" | head -n "$crashes" | sed "s|^|  $work/crashes/|"
	echo "  reproduce: $bin FILE"
	exit 1
fi
exit 0
