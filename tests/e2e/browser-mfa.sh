#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-mfa.sh: two-factor sign-in in a real headless Chromium (tests/browser/mfa.mjs):
# enrol by reading the key from the page, confirm with the app's code, log out, log in with
# the password and the code; no console errors, CSP violations or requests to other hosts;
# axe-core on the enrolment page and the second step. Screenshots go to
# $MERIDIAN_ARTEFACTS/browser-mfa. Needs /usr/bin/chromium, node and tests/browser/node_modules.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs

ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser-mfa
mkdir -p "$ARTEFACTS" || exit 99

echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
m settings set base_url "$BASE" >/dev/null
for u in alice bob; do
	printf 'password-one-two\n' | m user add "$u" --role admin >/dev/null 2>&1 ||
	    { echo "user add failed"; exit 99; }
done
site_start || exit 99

MERIDIAN_USER=alice MERIDIAN_USER2=bob MERIDIAN_PASSWORD=password-one-two \
    timeout 180 node "$SRC/tests/browser/mfa.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? mfa.mjs
q() { sqlite3 "$DB" "$1"; }
if command -v sqlite3 >/dev/null 2>&1; then
	check "the browser's enrolment is on in the database" [ "$(q "SELECT enabled FROM user_mfa u JOIN users s ON s.id = u.user_id WHERE s.name = 'alice'")" = 1 ]
	# The QR code as Chromium drew it, read back as a phone's camera app would.
	if command -v zbarimg >/dev/null 2>&1; then
		want="otpauth://totp/Meridian:alice?secret=$(q "SELECT secret FROM user_mfa u JOIN users s ON s.id = u.user_id WHERE s.name = 'alice'")&issuer=Meridian&algorithm=SHA1&digits=6&period=30"
		got=$(zbarimg -q --raw "$ARTEFACTS/mfa-qr.png" 2>/dev/null)
		check "the QR code reads back as the otpauth address of the secret (zbarimg)" [ "$got" = "$want" ]
		[ "$got" = "$want" ] || echo "# read: $got"
	else
		echo "# zbarimg missing (apt-get install zbar-tools): the QR code is not read back"
	fi
	check "the browser's login was a two-factor one (audit log)" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'login' AND detail = 'two-factor code'")" = 1 ]
fi
finish
