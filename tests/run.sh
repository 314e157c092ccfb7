#!/bin/sh
# tests/run.sh: builds Meridian and runs every test, three times: a normal gcc build, a clang
# build with AddressSanitizer and UndefinedBehaviorSanitizer, and the gcc build under valgrind
# (unit tests and the daemon in the end-to-end tests). Installs missing Debian packages first.
# The last line is "N passed, N failed" (test programs over all passes); exit 1 on a failure.
# Options: --quick runs the normal pass only.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
QUICK=
[ "${1:-}" = "--quick" ] && QUICK=1

contrib/install-deps.sh --test || exit 1
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; exit 1; }
fi
J=$(nproc 2>/dev/null || echo 2)
# Browser tests drive Debian's Chromium with playwright-core and axe-core from npm, pinned
# by tests/browser/package-lock.json.
if [ ! -d tests/browser/node_modules ] && command -v npm >/dev/null 2>&1; then
	(cd tests/browser && npm ci --no-audit --no-fund --silent) ||
	    echo "npm ci failed: the browser tests will be skipped"
fi

PASSED=0
FAILED=0
SKIPPED=0

# tally DIR: adds the results of `make check` in DIR to the totals and lists failures, with
# their first failed checks; each failed log is kept in _artifacts/failed/.
tally() {
	local dir=$1 f r
	for f in $(find "$dir/tests" -name '*.trs' 2>/dev/null | sort); do
		r=$(sed -n 's/^:test-result: //p' "$f" | head -n 1)
		case $r in
		PASS|XFAIL) PASSED=$((PASSED + 1)) ;;
		SKIP) SKIPPED=$((SKIPPED + 1))
		      echo "  skipped: ${f%.trs} ($(grep -m1 -i skip "${f%.trs}.log" 2>/dev/null))" ;;
		*) FAILED=$((FAILED + 1)); echo "  FAILED: ${f%.trs}.log"
		   # A later pass may overwrite the log: keep it, and show what failed.
		   mkdir -p "$TOP/_artifacts/failed"
		   cp "${f%.trs}.log" "$TOP/_artifacts/failed/$pass_label-$(basename "${f%.trs}").log" 2>/dev/null
		   grep -m 10 -E '^(not ok|Bail out)|[Ee]rror' "${f%.trs}.log" 2>/dev/null | sed 's/^/    /' ;;
		esac
	done
}

# pass NAME CONFIGURE-ARGS... : configure and build in _build/NAME, then `make check`.
run_pass() {
	local name=$1; shift
	local dir=$TOP/_build/$name
	echo "== $name"
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$TOP/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$TOP/configure" -q "$@") || { FAILED=$((FAILED + 1)); return; }
	fi
	(cd "$dir" && make -s -j"$J" >/dev/null) || { FAILED=$((FAILED + 1)); echo "  build failed"; return; }
	find "$dir/tests" -name '*.trs' -delete 2>/dev/null
	(cd "$dir" && make -s -j"$J" check $CHECK_ARGS >/dev/null 2>&1)
	pass_label=$name tally "$dir"
}

CHECK_ARGS=
run_pass gcc CC=gcc
if [ -z "$QUICK" ]; then
	run_pass asan CC=clang --disable-hardening \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	# valgrind: reuse the gcc build; every unit test and the daemon run under memcheck.
	echo "== valgrind"
	dir=$TOP/_build/gcc
	find "$dir/tests" -name '*.trs' -delete 2>/dev/null
	(cd "$dir" && MERIDIAN_VALGRIND=1 make -s -j"$J" check \
	    LOG_COMPILER="$TOP/tests/lib/valgrind.sh" >/dev/null 2>&1)
	pass_label=valgrind tally "$dir"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
