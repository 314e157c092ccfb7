# tests/lib/browser.sh: sourced after env.sh by the wrappers of the browser stories: what a
# story needs (skipping without it), and its TAP lines relayed as this test's own.
# SPDX-License-Identifier: ISC

# browser_needs: Chromium, node and tests/browser/node_modules, or skip (exit 77).
browser_needs() {
	CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
	[ -x "$CHROMIUM" ] || { echo "chromium missing ($CHROMIUM): skip"; exit 77; }
	command -v node >/dev/null 2>&1 || { echo "node missing: skip"; exit 77; }
	[ -d "$SRC/tests/browser/node_modules/playwright-core" ] &&
	    [ -d "$SRC/tests/browser/node_modules/axe-core" ] || {
		echo "tests/browser/node_modules missing (run npm ci in tests/browser): skip"
		exit 77
	}
}

# browser_report OUT RC SCRIPT: the story's "ok"/"not ok" lines in OUT become this test's;
# a story that ran nothing, or failed with no failed check, is a failure too.
browser_report() {
	local out=$1 rc=$2 script=$3 line
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "browser: ${line#ok * - }" ;;
		"not ok "*) fail "browser: ${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < "$out"
	grep -q '^ok \|^not ok ' "$out" || fail "$script ran no checks (exit $rc)"
	[ "$rc" -eq 0 ] || [ "$FAIL" -gt 0 ] || fail "$script exited $rc with no failed check"
}
