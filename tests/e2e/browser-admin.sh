#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-admin.sh: the staff screens in a real headless Chromium (tests/browser/admin.mjs),
# used the way a clinic employee would: log in, write an article with its review details,
# preview it, publish it, edit it, restore a revision, trash and restore it, upload an image
# and paste its Markdown snippet, schedule an article and keep a draft; no console errors, CSP
# violations or requests to other hosts; axe-core WCAG 2.1 A/AA on the main screens; no
# horizontal scrolling at 375 px. Screenshots go to $MERIDIAN_ARTEFACTS/browser-admin.
# Needs /usr/bin/chromium, node and tests/browser/node_modules (`npm ci` in tests/browser).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs

ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser-admin
mkdir -p "$ARTEFACTS" || exit 99

# Fast password hashing: argon2id at its test cost, so logging in takes milliseconds.
echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
# A clinic with a time zone other than UTC, so scheduling uses the site's local time.
SITE_TZ=Europe/London
m settings set site_title "Harbour Street Acupuncture" >/dev/null
m settings set base_url "$BASE" >/dev/null
m settings set clinic_name "Harbour Street Acupuncture" >/dev/null
m settings set clinic_phone "01632 960 418" >/dev/null
m settings set timezone "$SITE_TZ" >/dev/null
if printf 'password-one-two\n' | m user add alice --role admin --display-name 'Dr Alice Example' >/dev/null 2>&1; then
	pass "an admin user is created"
else
	fail "an admin user is created"
fi
site_start || exit 99

MERIDIAN_USER=alice MERIDIAN_DISPLAY_NAME='Dr Alice Example' MERIDIAN_PASSWORD=password-one-two MERIDIAN_TIMEZONE=$SITE_TZ \
    timeout 180 node "$SRC/tests/browser/admin.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? admin.mjs

finish
