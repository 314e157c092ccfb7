#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-wp.sh: the WordPress export of tests/e2e/wp/ imported, then its articles in a real
# headless Chromium (tests/browser/wp-import.mjs): images shown with alt text, nothing from
# another site, embeds as links, old addresses landing, axe-core. Screenshots go to
# $MERIDIAN_ARTEFACTS/browser. Needs /usr/bin/chromium, node and tests/browser/node_modules.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "chromium missing ($CHROMIUM): skip"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "node missing: skip"; exit 77; }
[ -d "$SRC/tests/browser/node_modules/playwright-core" ] && [ -d "$SRC/tests/browser/node_modules/axe-core" ] || {
	echo "tests/browser/node_modules missing (run npm ci in tests/browser): skip"; exit 77; }
ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser
mkdir -p "$ARTEFACTS" || exit 99

db_init
m settings set base_url "$BASE" >/dev/null
if m import --uploads "$SRC/tests/e2e/wp/uploads" "$SRC/tests/e2e/wp/export.xml" >/dev/null; then
	pass "the WordPress export imports"
else
	fail "the WordPress export imports"
fi
site_start || exit 99

timeout 180 node "$SRC/tests/browser/wp-import.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
RC=$?
while IFS= read -r line; do
	case $line in
	"ok "*) pass "browser: ${line#ok * - }" ;;
	"not ok "*) fail "browser: ${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	*) echo "# $line" ;;
	esac
done < "$T/browser.out"
grep -q '^ok \|^not ok ' "$T/browser.out" || fail "wp-import.mjs ran no checks (exit $RC)"
[ "$RC" -eq 0 ] || [ "$FAIL" -gt 0 ] || fail "wp-import.mjs exited $RC with no failed check"
finish
