#!/bin/bash
# staff-screens.sh: the Users, Settings, Password and Audit screens of /admin/, used as a person
# does: log in, open the screen, fill in the form the page shows (its own fields and CSRF
# token, read from the HTML), submit, and look for the effect on the site and in the log.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

db_init
add_staff alice admin password-one-two
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

login alice password-one-two
check "alice logs in (303)" status_is 303

# --- Users ---------------------------------------------------------------------------------------
ureq alice /admin/users
check "users: the screen answers 200" status_is 200
check "users: lists alice as herself" body_has '<td>alice (you)</td><td>admin</td>'
check "users: lists bob as an editor" body_has '<td>bob</td><td>editor</td>'
submit alice /admin/users @action=add username=carol role=editor password=carol-password-1
check "users: adding carol answers 303" status_is 303
check "users: ... back to the list with a notice" location_is "/admin/users?done=user"
follow alice
check "users: the notice says so" body_has 'User saved.'
check "users: carol is listed as an editor" body_has '<td>carol</td><td>editor</td>'
login carol carol-password-1
check "users: carol logs in with the password she was given" status_is 303
ureq carol /admin/settings
check "users: as an editor, carol may not open Settings (403)" status_is 403

ureq alice /admin/users
CID=$(q "SELECT id FROM users WHERE name = 'carol'")
submit alice /admin/users "@id=$CID" @action=role role=admin
check "users: making carol an admin answers 303" status_is 303
check "users: carol's role is admin in the database" [ "$(q "SELECT role FROM users WHERE id = $CID")" = admin ]
follow alice
check "users: the list shows carol as an admin" body_has '<td>carol</td><td>admin</td>'
ureq carol /admin/settings
check "users: carol, now an admin, opens Settings (200)" status_is 200

ureq alice /admin/users
check "users: alice's own row has no delete button" \
    sh -c "! grep -q 'name=\"id\" value=\"$(q "SELECT id FROM users WHERE name = 'alice'")\"' '$T/body'"
T0=$(tok alice)
ureq alice /admin/users -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode action=delete --data-urlencode "id=$(q "SELECT id FROM users WHERE name = 'alice'")"
check "users: deleting oneself is refused (400)" status_is 400
check "users: ... with a reason" body_has 'cannot change or delete your own'
ureq alice /admin/users
submit alice /admin/users "@id=$CID" @action=delete
check "users: deleting carol answers 303" status_is 303
follow alice
check "users: the notice says deleted" body_has 'Deleted.'
check "users: carol is no longer listed" body_lacks '<td>carol</td>'
check "users: carol's row is gone" [ "$(q "SELECT count(*) FROM users WHERE name = 'carol'")" = 0 ]
ureq carol /admin/
check "users: carol's open session ended with her account (303 to the login)" status_is 303
login carol carol-password-1
check "users: carol can no longer log in" sh -c "[ $STATUS != 303 ]"

# --- Settings ------------------------------------------------------------------------------------
ureq alice /admin/settings
check "settings: the screen answers 200" status_is 200
submit alice /admin/settings "site_title=Harbour Street Acupuncture" \
    "clinic_phone=+44 20 7946 0000" "tagline=Calm care <since> 1999"
check "settings: saving answers 303" status_is 303
check "settings: ... with a notice" location_is "/admin/settings?done=settings"
follow alice
check "settings: the notice says saved" body_has 'Settings saved.'
check "settings: the form shows the new title" body_has 'value="Harbour Street Acupuncture"'
req /
check "settings: the home page carries the new title" body_has 'Harbour Street Acupuncture'
check "settings: ... and the new phone number" body_has '+44 20 7946 0000'
check "settings: ... and the tagline, escaped" body_has 'Calm care &lt;since&gt; 1999'
check "settings: the command line sees the same value" \
    [ "$(m settings get site_title)" = "Harbour Street Acupuncture" ]

# --- Password --------------------------------------------------------------------------------------
login bob password-three-four
login bob2 password-three-four bob
check "password: bob has two sessions" [ "$(q "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'bob'")" = 2 ]
HASH=$(q "SELECT pwhash FROM users WHERE name = 'bob'")
ureq bob /admin/password
check "password: the screen answers 200" status_is 200
submit bob /admin/password current=not-my-password password=new-password-5678 confirm=new-password-5678
check "password: a wrong current password is refused (403)" status_is 403
check "password: ... with a reason" body_has 'The current password is wrong.'
ureq bob /admin/password
submit bob /admin/password current=password-three-four password=new-password-5678 confirm=new-password-5679
check "password: a confirmation that differs is refused (400)" status_is 400
check "password: ... with a reason" body_has 'differ'
check "password: refusals changed nothing" [ "$(q "SELECT pwhash FROM users WHERE name = 'bob'")" = "$HASH" ]
ureq bob /admin/password
submit bob /admin/password current=password-three-four password=new-password-5678 confirm=new-password-5678
check "password: a right change answers 303" status_is 303
check "password: ... to the login page" location_is "/admin/login?done=password"
follow bob
check "password: the login page says to log in again" body_has 'Password changed.'
ureq bob /admin/
check "password: this session ended (303)" status_is 303
ureq bob2 /admin/
check "password: bob's other session ended too (303)" status_is 303
login bob password-three-four
check "password: the old password no longer works" sh -c "[ $STATUS != 303 ]"
login bob new-password-5678
check "password: the new one does (303)" status_is 303

# --- Audit --------------------------------------------------------------------------------------------
ureq alice /admin/audit
check "audit: the screen answers 200" status_is 200
row() { grep -o "<tr><td>[^<]*</td><td>$1</td><td>$2</td><td>$3</td>" "$T/body" | head -n 1; }
check "audit: alice added carol" [ -n "$(row alice 'user add' carol)" ]
check "audit: alice made carol an admin" [ -n "$(row alice 'user role' carol)" ]
check "audit: alice deleted carol" [ -n "$(row alice 'user delete' carol)" ]
check "audit: alice changed the settings" [ -n "$(row alice settings '')" ]
check "audit: bob changed his password" [ -n "$(row bob 'password change' bob)" ]
check "audit: logins are there" [ -n "$(row bob login '[^<]*')" ]
check "audit: each row says when" sh -c "grep -q '<tr><td>[0-9]\\{1,2\\} [A-Z][a-z]* [0-9]\\{4\\}' '$T/body'"
# Newest first: bob's password change comes before alice's settings change.
check "audit: newest first" sh -c "[ \$(grep -n 'password change' '$T/body' | head -n1 | cut -d: -f1) -le \$(grep -n '<td>settings</td>' '$T/body' | head -n1 | cut -d: -f1) ]"
check "audit: as many rows as the log holds" \
    [ "$(grep -c '^<tr><td>' "$T/body")" = "$(q 'SELECT count(*) FROM audit_log')" ]

finish
