#!/bin/bash
# SPDX-License-Identifier: ISC
# static.sh: checks that need no server. Only the storage files listed in src/meridian.h
# include <sqlite3.h>; cppcheck (warning and portability classes) finds nothing in src/,
# tests/unit/ and tests/fuzz/; and the binary carries the hardening that configure turns on
# by default: PIE, full RELRO (GNU_RELRO segment and BIND_NOW), the stack protector and
# _FORTIFY_SOURCE (__*_chk calls). Each part skips, saying why, when its tool
# is missing or the build was configured --disable-hardening (the sanitizer pass).
set -u
: "${MERIDIAN_BIN:?set by make check}" "${MERIDIAN_SRCDIR:?set by make check}"
SRC=$MERIDIAN_SRCDIR
BUILD=$(cd "$(dirname "$MERIDIAN_BIN")" && pwd)
PASS=0 FAIL=0 SKIP=0
pass() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $*"; }
skip() { SKIP=$((SKIP + 1)); echo "# skip: $*"; }

if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: static checks do not run a program; done in the plain pass"; exit 77
fi

# The storage boundary: a file includes <sqlite3.h> if and only if src/meridian.h lists it as
# storage, and no header includes it (it would reach every file that includes that header).
storage=$(grep -P '^ \*\t' "$SRC/src/meridian.h" | tr -d '*' | tr -s ' \t' '\n' | grep . | sort)
sqlite=$(cd "$SRC/src" && grep -l '^#include <sqlite3\.h>' -- *.c *.h | sort)
if [ -z "$storage" ]; then
	fail "storage boundary: no list of storage files found in src/meridian.h"
elif [ "$storage" = "$sqlite" ]; then
	pass "storage boundary: only the $(echo "$storage" | wc -l) storage files listed in src/meridian.h include <sqlite3.h>"
else
	diff <(echo "$storage") <(echo "$sqlite") | grep '^[<>]' | sed 's/^</# listed as storage, without <sqlite3.h>:/; s/^>/# includes <sqlite3.h>, not listed as storage:/'
	fail "storage boundary: the files that include <sqlite3.h> are not those src/meridian.h lists (above)"
fi

# cppcheck: no suppressions are needed today; add one only inline (// cppcheck-suppress ID)
# with a comment saying why.
if command -v cppcheck >/dev/null 2>&1; then
	if out=$(cppcheck --enable=warning,portability --error-exitcode=1 --quiet \
	    --inline-suppr --std=c11 -I "$SRC/src" -I "$BUILD" \
	    "$SRC/src" "$SRC/tests/unit" "$SRC/tests/fuzz" 2>&1); then
		pass "cppcheck --enable=warning,portability: no finding"
	else
		echo "$out" | head -n 40 | sed 's/^/# /'
		fail "cppcheck --enable=warning,portability: findings (above)"
	fi
else
	skip "cppcheck missing (apt-get install cppcheck)"
fi

if ! command -v readelf >/dev/null 2>&1; then
	skip "readelf missing (binutils)"
elif ! grep -q '^MERIDIAN_LDFLAGS = .*-z,now' "$BUILD/Makefile"; then
	skip "hardening: this build was configured with --disable-hardening"
else
	hdr=$(readelf -h "$MERIDIAN_BIN")
	dyn=$(readelf -d "$MERIDIAN_BIN")
	seg=$(readelf -l "$MERIDIAN_BIN")
	syms=$(readelf --dyn-syms -W "$MERIDIAN_BIN")
	if echo "$hdr" | grep -q 'Type:.*DYN' && echo "$dyn" | grep -q 'FLAGS_1.*PIE'; then
		pass "hardening: the binary is PIE"
	else fail "hardening: the binary is PIE"; fi
	if echo "$seg" | grep -q GNU_RELRO; then pass "hardening: RELRO segment"
	else fail "hardening: RELRO segment"; fi
	if echo "$dyn" | grep -Eq 'BIND_NOW|FLAGS_1.* NOW'; then pass "hardening: BIND_NOW (full RELRO)"
	else fail "hardening: BIND_NOW (full RELRO)"; fi
	if echo "$syms" | grep -q '__stack_chk_fail'; then pass "hardening: stack protector"
	else fail "hardening: stack protector (__stack_chk_fail)"; fi
	chk=$(echo "$syms" | grep -Eo '__[a-z]+_chk\b' | grep -v '^__stack_chk' | sort -u)
	if [ -n "$chk" ]; then
		pass "hardening: _FORTIFY_SOURCE ($(echo "$chk" | head -n 4 | paste -sd, -))"
	else fail "hardening: _FORTIFY_SOURCE (no __*_chk call)"; fi
	if echo "$seg" | grep -A1 GNU_STACK | grep -q 'RWE'; then fail "hardening: non-executable stack"
	else pass "hardening: non-executable stack"; fi
fi
echo "# $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] || exit 1
[ "$PASS" -gt 0 ] || exit 77
exit 0
