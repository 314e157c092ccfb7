#!/bin/sh
# tests/trust/report.sh: reruns the security and reliability measurements and prints the
# table that README's "Security and reliability" section shows.
#
#   sh tests/trust/report.sh [--quick]
#
# Builds Meridian in _build/trust (gcc, hardened, as shipped), runs every fuzzer for
# FUZZ_SECONDS (default 400; 20 with --quick), FUZZ_JOBS at a time (default: the number of
# CPUs), then the trust tests (tests/e2e/{static,hostile-requests,fcgi-socket,md-hazards,
# faults,disk-full,auth-abuse,xss-browser}.sh) once each, and prints one Markdown table of
# their "# figure" lines with the verdict of each test. Logs are kept in _build/trust/report.
# Exit 1 if any test or fuzzer failed.
set -u
cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
QUICK=
[ "${1:-}" = "--quick" ] && QUICK=1
FUZZ_SECONDS=${FUZZ_SECONDS:-$([ -n "$QUICK" ] && echo 20 || echo 400)}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
B=$TOP/_build/trust
OUT=$B/report
contrib/install-deps.sh --test >/dev/null || exit 1
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; exit 1; }
fi
mkdir -p "$B" "$OUT"
if [ ! -f "$B/Makefile" ] || [ "$TOP/configure" -nt "$B/Makefile" ]; then
	(cd "$B" && "$TOP/configure" -q CC=gcc) || { echo "configure failed"; exit 1; }
fi
(cd "$B" && make -s -j"$FUZZ_JOBS" >/dev/null) || { echo "build failed"; exit 1; }
rm -f "$OUT"/*.log
failed=0

# --- fuzzers ----------------------------------------------------------------------------------
echo "fuzzing each target for $FUZZ_SECONDS s, $FUZZ_JOBS at a time ..." >&2
(cd "$B" && make -s fuzz >/dev/null 2>"$OUT/fuzz-build.log") || {
	echo "fuzzers: build failed or libFuzzer missing (see $OUT/fuzz-build.log)" >&2; failed=1; }
if [ -x "$B/tests/fuzz/fuzz-md" ]; then
	(cd "$B" && make -s fuzz-long FUZZ_SECONDS="$FUZZ_SECONDS" FUZZ_JOBS="$FUZZ_JOBS") \
	    > "$OUT/fuzz.log" 2>&1 || failed=1
fi

# --- the trust tests --------------------------------------------------------------------------
TESTS="static hostile-requests fcgi-socket md-hazards faults disk-full auth-abuse xss-browser"
for t in $TESTS; do
	echo "running tests/e2e/$t.sh ..." >&2
	MERIDIAN_BIN=$B/meridian MERIDIAN_SRCDIR=$TOP bash "$TOP/tests/e2e/$t.sh" > "$OUT/$t.log" 2>&1
	rc=$?
	case $rc in
	0) echo "pass" > "$OUT/$t.verdict" ;;
	77) echo "skipped: $(grep -m1 -i 'skip' "$OUT/$t.log")" > "$OUT/$t.verdict" ;;
	*) echo "FAILED ($(grep -c '^not ok' "$OUT/$t.log") checks; $OUT/$t.log)" > "$OUT/$t.verdict"; failed=1 ;;
	esac
done

# --- the table ----------------------------------------------------------------------------------
fig() { sed -n "s/^# figure $2 //p" "$OUT/$1.log" 2>/dev/null | head -n 1; }
verdict() { cat "$OUT/$1.verdict" 2>/dev/null || echo "not run"; }
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs, Debian $(cat /etc/debian_version 2>/dev/null), $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+changes'), by \`sh tests/trust/report.sh$([ -n "$QUICK" ] && echo ' --quick')\`."
echo
row "What" "Figure" "Verdict"
row "---" "---" "---"
if [ -f "$OUT/fuzz.log" ]; then
	grep '^fuzz ' "$OUT/fuzz.log" | while IFS= read -r l; do
		name=$(echo "$l" | sed 's/^fuzz \([a-z]*\):.*/\1/')
		rest=$(echo "$l" | sed 's/^fuzz [a-z]*: //')
		v=pass
		echo "$rest" | grep -q ' 0 crashes' || v="FAILED ($B/tests/fuzz/work/$name/crashes)"
		row "fuzz \`$name\` (ASan+UBSan)" "$rest" "$v"
	done
else
	row "fuzzers" "not run" "skipped: see $OUT/fuzz-build.log"
fi
row "cppcheck, hardening (PIE, full RELRO, stack protector, FORTIFY)" "$(grep -c '^ok' "$OUT/static.log" 2>/dev/null) checks" "$(verdict static)"
row "hostile requests through nginx" "$(fig hostile-requests hostile.sent); statuses: $(fig hostile-requests hostile.histogram)" "$(verdict hostile-requests)"
row "crafted FastCGI record (libfcgi abort), 1 worker" "normal requests succeed again after $(fig fcgi-socket fcgi.recover_ms) ms; visitors: $(fig fcgi-socket fcgi.visitors_1w)" "$(verdict fcgi-socket)"
row "crafted FastCGI record, 2 workers" "worker replaced in $(fig fcgi-socket fcgi.replace_ms) ms; visitors: $(fig fcgi-socket fcgi.visitors_2w)" "$(verdict fcgi-socket)"
row "6 crafted records in a row" "$(fig fcgi-socket fcgi.burst6)" "$(verdict fcgi-socket)"
row "cmark pathological Markdown (import, editor, preview)" "$(fig md-hazards md.verdicts); slowest visitor request for an accepted body: $(fig md-hazards md.worst_admitted)" "$(verdict md-hazards)"
row "kill -9 of \`meridian import\`" "$(fig faults fault.import_kill)" "$(verdict faults)"
row "kill -9 of a worker during saves" "$(fig faults fault.worker_kill_saves)" "$(verdict faults)"
row "worker killed under wrk load" "$(fig faults fault.wrk)" "$(verdict faults)"
row "concurrent writers (SQLITE_BUSY)" "$(fig faults fault.busy)" "$(verdict faults)"
row "disk full (3 MiB tmpfs)" "$(fig disk-full disk.full)" "$(verdict disk-full)"
row "login brute force, per account" "$(fig auth-abuse auth.per_account); owner waits $(fig auth-abuse auth.owner_wait)" "$(verdict auth-abuse)"
row "login spraying, per address" "$(fig auth-abuse auth.per_address)" "$(verdict auth-abuse)"
row "session fixation, stale tokens, expiry" "$(fig auth-abuse auth.expiry)" "$(verdict auth-abuse)"
row "XSS corpus in Chromium" "$(fig xss-browser xss.corpus); $(fig xss-browser xss.browser)" "$(verdict xss-browser)"
exit $failed
