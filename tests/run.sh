#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/run.sh: builds Meridian and runs every test, three times: a normal gcc build, a clang
# build with AddressSanitizer and UndefinedBehaviorSanitizer, and the gcc build under valgrind
# (unit tests and the daemon in the end-to-end tests). Installs missing Debian packages first.
# The last line is "N passed, N failed, N skipped" (test programs over all passes), after a
# summary of every skip with its reason; exit 1 on a failure.
# Options: --quick runs the normal pass only.
# MERIDIAN_STRICT=1 (set by .ci/run): the normal pass must run every test; a skip there (a
# tool missing, npm unreachable, no right to mount) counts as a failure. The sanitizer and
# valgrind passes still skip what they cannot run by design (timing tests under valgrind,
# fuzzers that carry their own sanitizers), each with its reason.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
QUICK=
[ "${1:-}" = "--quick" ] && QUICK=1
STRICT=${MERIDIAN_STRICT:-}

contrib/install-deps.sh --test || exit 1
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; exit 1; }
fi
J=$(nproc 2>/dev/null || echo 2)

PASSED=0
FAILED=0
SKIPPED=0
SKIPS=$(mktemp)
trap 'rm -f "$SKIPS"' EXIT

# Browser tests drive Debian's Chromium with playwright-core and axe-core from npm, pinned
# by tests/browser/package-lock.json. The pins must suit the Node.js that runs them: a
# mismatch is one clear failure here, not a failure of every browser test.
echo "== browser tools"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	echo "node $(node --version), npm $(npm --version)," \
	    "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing')"
	if ! node tests/browser/check-engines.mjs; then
		echo "  FAILED: this Node.js does not satisfy the pinned browser-test packages (above)"
		FAILED=$((FAILED + 1))
	elif [ ! -f tests/browser/node_modules/.package-lock.json ] ||
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
		(cd tests/browser && npm ci --no-audit --no-fund --silent) ||
		    echo "  npm ci failed: the browser tests will be skipped"
	fi
	v=$(node -p "require('./tests/browser/node_modules/playwright-core/package.json').version" 2>/dev/null)
	echo "playwright-core ${v:-not installed}, axe-core $(node -p \
	    "require('./tests/browser/node_modules/axe-core/package.json').version" 2>/dev/null || echo 'not installed')"
	# Litestream 0.3.13 for the replication tests, pinned by tests/replicate/package-lock.json
	# (Debian 12 has no package; the npm package ships its release binary).
	if [ ! -f tests/replicate/node_modules/.package-lock.json ] ||
	    [ tests/replicate/package-lock.json -nt tests/replicate/node_modules/.package-lock.json ]; then
		(cd tests/replicate && npm ci --no-audit --no-fund --silent) ||
		    echo "  npm ci failed: the Litestream tests will be skipped"
	fi
else
	echo "node or npm missing: the browser and Litestream tests will be skipped"
fi

# tally: adds the results of `make check` in DIR to the totals and lists failures, with
# their first failed checks; each failed log is kept in _artifacts/failed/. Every test named
# in TESTS must have left a result: a test that never ran is a failure, not a silence.
tally() {
	local t f r reason
	for t in $(make -s --no-print-directory -C "$dir" list-tests); do
		# Automake names a test's results after it, less its .sh extension.
		t=${t%.sh}
		f=$dir/$t.trs
		if [ ! -f "$f" ]; then
			FAILED=$((FAILED + 1)); echo "  FAILED: $t left no result (not built, or not run)"
			continue
		fi
		r=$(sed -n 's/^:test-result: //p' "$f" | head -n 1)
		case $r in
		PASS|XFAIL) PASSED=$((PASSED + 1)) ;;
		SKIP)
			reason=$(grep -m1 -i skip "$dir/$t.log" 2>/dev/null)
			if [ -n "$STRICT" ] && [ "$pass_label" = gcc ]; then
				FAILED=$((FAILED + 1))
				echo "  FAILED: $t skipped in the normal pass, where CI requires it: $reason"
			else
				SKIPPED=$((SKIPPED + 1))
				echo "$pass_label: $t: $reason" >> "$SKIPS"
			fi ;;
		*) FAILED=$((FAILED + 1)); TEST_FAILED=1; echo "  FAILED: $t.log"
		   # A later pass may overwrite the log: keep it, and show what failed.
		   mkdir -p "$TOP/_artifacts/failed"
		   cp "$dir/$t.log" "$TOP/_artifacts/failed/$pass_label-$(basename "$t").log" 2>/dev/null
		   grep -m 10 -E '^(not ok|Bail out)|[Ee]rror' "$dir/$t.log" 2>/dev/null | sed 's/^/    /' ;;
		esac
	done
}

# check_run LABEL DIR ARGS...: `make check` in DIR; its output goes to DIR/check.out. A make that
# fails without any failed test (a unit test that does not compile, a broken rule) is a
# failure of its own, with the end of its output shown.
check_run() {
	local rc before
	pass_label=$1 dir=$2; shift 2
	find "$dir/tests" -name '*.trs' -delete 2>/dev/null
	before=$FAILED TEST_FAILED=
	(cd "$dir" && make -s -j"$J" check "$@" > "$dir/check.out" 2>&1)
	rc=$?
	tally
	if [ "$rc" -ne 0 ] && [ -z "$TEST_FAILED" ]; then
		[ "$FAILED" -eq "$before" ] && FAILED=$((FAILED + 1))
		echo "  FAILED: make check exited $rc with no failed test; its last lines:"
		tail -n 15 "$dir/check.out" | sed 's/^/    /'
	fi
}

# run_pass NAME CONFIGURE-ARGS... : configure and build in _build/NAME, then `make check`.
run_pass() {
	local name=$1; shift
	local dir=$TOP/_build/$name
	echo "== $name"
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$TOP/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$TOP/configure" -q "$@") || { FAILED=$((FAILED + 1)); return; }
	fi
	(cd "$dir" && make -s -j"$J" > "$dir/build.out" 2>&1) || {
		FAILED=$((FAILED + 1)); echo "  FAILED: the build"; tail -n 20 "$dir/build.out"; return; }
	check_run "$name" "$dir"
}

run_pass gcc CC=gcc
if [ -z "$QUICK" ]; then
	run_pass asan CC=clang --disable-hardening \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	# valgrind: reuse the gcc build; every unit test and the daemon run under memcheck.
	echo "== valgrind"
	export MERIDIAN_VALGRIND=1
	check_run valgrind "$TOP/_build/gcc" LOG_COMPILER="$TOP/tests/lib/valgrind.sh"
	unset MERIDIAN_VALGRIND
fi
if [ -s "$SKIPS" ]; then
	echo "== skipped, with their reasons"
	sed 's/^/  /' "$SKIPS"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
