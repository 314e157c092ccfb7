#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-wp.sh: the WordPress export of tests/e2e/wp/ imported, then its articles in a real
# headless Chromium (tests/browser/wp-import.mjs): images shown with alt text, nothing from
# another site, embeds as links, old addresses landing, axe-core. Screenshots go to
# $MERIDIAN_ARTEFACTS/browser. Needs /usr/bin/chromium, node and tests/browser/node_modules.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs
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
browser_report "$T/browser.out" $? wp-import.mjs
finish
