#!/bin/bash
# SPDX-License-Identifier: ISC
# golden/conf.sh: configuration errors as a sysadmin sees them. For each conf/NAME.in.conf,
# the first line `meridian check --config NAME.in.conf` writes to stderr must be exactly
# conf/NAME.err (FILE:LINE: what is wrong), and the exit status 1.
: "${MERIDIAN_BIN:?set by make check}" "${MERIDIAN_SRCDIR:?set by make check}"
cd "$MERIDIAN_SRCDIR/tests/golden/conf" || exit 99
pass=0 fail=0
for in in *.in.conf; do
	name=${in%.in.conf}
	got=$("$MERIDIAN_BIN" check --config "$in" 2>&1 >/dev/null | head -n 1)
	"$MERIDIAN_BIN" check --config "$in" >/dev/null 2>&1
	rc=$?
	want=$(cat "$name.err")
	if [ "$got" = "$want" ] && [ "$rc" = 1 ]; then
		pass=$((pass + 1))
		echo "ok $((pass + fail)) - $name: $got"
	else
		fail=$((fail + 1))
		echo "not ok $((pass + fail)) - $name (exit $rc)"
		echo "#  got: $got"
		echo "# want: $want"
	fi
done
echo "# $pass passed, $fail failed"
[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
