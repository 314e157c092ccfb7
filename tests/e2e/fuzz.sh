#!/bin/bash
# SPDX-License-Identifier: ISC
# fuzz.sh: the bounded CI run of every fuzzer in tests/fuzz/ (libFuzzer with ASan and UBSan,
# calling the production parsers): each runs FUZZ_CI_SECONDS (default 15) from the committed
# seeds plus the corpus earlier runs grew in this build folder. Any crash, leak, UB, timeout
# or oracle failure fails the test and names the file that reproduces it.
# Skips, saying why, when clang cannot link libFuzzer programs, under valgrind, and in a
# build that is itself sanitized (the fuzzers carry their own sanitizers, so one run per
# suite is enough: tests/run.sh runs them in its gcc pass).
set -u
: "${MERIDIAN_BIN:?set by make check}" "${MERIDIAN_SRCDIR:?set by make check}"
SRC=$MERIDIAN_SRCDIR
BUILD=$(cd "$(dirname "$MERIDIAN_BIN")" && pwd)
SECS=${FUZZ_CI_SECONDS:-15}
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: fuzzers are not run under valgrind (they carry ASan and UBSan)"; exit 77
fi
if grep -q '__asan_init\|__ubsan_handle' <(nm -D "$MERIDIAN_BIN" 2>/dev/null; nm "$MERIDIAN_BIN" 2>/dev/null); then
	echo "skip: this build is sanitized already; the fuzzers (ASan+UBSan of their own) run in the plain build's pass"
	exit 77
fi
out=$(sh "$SRC/tests/fuzz/build.sh" "$BUILD/tests/fuzz" "$BUILD" 2>&1)
rc=$?
if [ "$rc" -eq 77 ]; then echo "$out" | grep -m1 skip; exit 77; fi
[ "$rc" -eq 0 ] || { echo "$out"; echo "not ok 1 - the fuzzers build"; exit 1; }
echo "ok 1 - the fuzzers build"
n=1 failed=0
for t in query cookie multipart frontmatter tmpl slug search md totp origin checks html2md wxr image; do
	n=$((n + 1))
	# nice: the end-to-end tests that run beside this one time things in milliseconds.
	line=$(FUZZ_DIR="$BUILD/tests/fuzz" nice -n 10 sh "$SRC/tests/fuzz/run.sh" "$t" "$SECS" 2>&1)
	r=$?
	echo "$line" | sed '2,$s/^/# /'
	# The figure for tests/trust/report.sh.
	echo "# figure fuzz.$t $(echo "$line" | head -n 1 | sed 's/^fuzz [a-z]*: //')"
	if [ "$r" -eq 0 ]; then echo "ok $n - fuzz $t: no crash in $SECS s"
	else echo "not ok $n - fuzz $t: a finding (see above)"; failed=$((failed + 1)); fi
done
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
