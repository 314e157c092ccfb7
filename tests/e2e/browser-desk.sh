#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-desk.sh: the editor's writing desk in a real headless Chromium (tests/browser/desk.mjs):
# each toolbar button clicked and by keyboard, the live preview and the health checks beside
# the text, tabs at 375 px, the image dialog (upload with alt text, library by keyboard, pasted
# and dropped images), the unload warning (on closing with unsaved text, not on saving),
# autosave surviving a closed tab, and a save after the session ended; no CSP violation;
# axe-core.
# Needs /usr/bin/chromium, node and tests/browser/node_modules (`npm ci` in tests/browser).
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs

ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser-desk
mkdir -p "$ARTEFACTS" || exit 99

echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
m settings set base_url "$BASE" >/dev/null
if printf 'password-one-two\n' | m user add alice --role admin >/dev/null 2>&1; then
	pass "an admin user is created"
else
	fail "an admin user is created"
fi
site_start || exit 99

MERIDIAN_USER=alice MERIDIAN_PASSWORD=password-one-two \
    timeout 180 node "$SRC/tests/browser/desk.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? desk.mjs

finish
