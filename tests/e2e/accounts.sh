#!/bin/bash
# accounts.sh: staff accounts from the command line against a running site: `user list`,
# `user passwd` (the new password works, the old one not, and every session of that user
# ends while others' stay), `user del` (the account and its sessions go; never the last
# admin), each as the README shows it, with its exit status.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

db_init
add_staff alice admin password-one-two
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }
# run CMD...: sets RC, leaves stdout in $T/out and stderr in $T/err.
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
# logged_in WHO: WHO's jar still opens the dashboard.
logged_in() { ureq "$1" /admin/; [ "$STATUS" = 200 ]; }

# --- user list ----------------------------------------------------------------------------------------
run m user list
check "list: exits 0" [ "$RC" = 0 ]
check "list: one line per user, name and role" \
    [ "$(sort "$T/out")" = "$(printf 'alice\tadmin\nbob\teditor')" ]
printf '%s\n' carol-password-1 | m user add carol --role admin >/dev/null 2>&1
run m user list
check "list: a new user shows up with her role" grep -qx "carol	admin" "$T/out"
check "list: as many lines as users" [ "$(wc -l < "$T/out")" = "$(q 'SELECT count(*) FROM users')" ]
run m user list extra
check "list with an argument is a usage error (2)" [ "$RC" = 2 ]

# --- user passwd -------------------------------------------------------------------------------------
login bob1 password-three-four bob
login bob2 password-three-four bob
login alice password-one-two
check "passwd setup: bob's two sessions and alice's work" \
    sh -c "[ \$(sqlite3 '$DB' 'SELECT count(*) FROM sessions') = 3 ]"
check "passwd setup: bob is logged in" logged_in bob1
printf '%s\n' new-password-5678 > "$T/pw"
run m user passwd bob < "$T/pw"
check "passwd: exits 0 ($(cat "$T/err"))" [ "$RC" = 0 ]
check "passwd: says the sessions ended" grep -qx "password of bob changed; their sessions ended" "$T/out"
ureq bob1 /admin/
check "passwd: bob's first session no longer opens the dashboard (303)" status_is 303
check "passwd: ... it leads to the login" location_is /admin/login
ureq bob2 /admin/
check "passwd: bob's second session ended too (303)" status_is 303
check "passwd: no session of bob is left" \
    [ "$(q "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'bob'")" = 0 ]
check "passwd: alice's session is untouched" logged_in alice
login bob1 password-three-four bob
check "passwd: the old password is refused" sh -c "[ $STATUS != 303 ]"
login bob1 new-password-5678 bob
check "passwd: the new password logs in (303)" status_is 303
check "passwd: ... and opens the dashboard" logged_in bob1
check "passwd: the audit log records it" \
    [ "$(q "SELECT who || ' ' || action || ' ' || target FROM audit_log WHERE action = 'password change'")" = "cli password change bob" ]
HASH=$(q "SELECT pwhash FROM users WHERE name = 'bob'")
printf 'short\n' | m user passwd bob > "$T/out" 2> "$T/err"
check "passwd: a password under 10 characters exits 1" [ $? = 1 ]
check "passwd: ... the stored hash is unchanged" [ "$(q "SELECT pwhash FROM users WHERE name = 'bob'")" = "$HASH" ]
login bob3 new-password-5678 bob
check "passwd: ... bob still logs in with the new one" status_is 303
run m user passwd nobody < "$T/pw"
check "passwd: an unknown user exits 1" [ "$RC" = 1 ]
check "passwd: ... saying so in one line ($(cat "$T/err"))" \
    sh -c "[ \$(wc -l < '$T/err') = 1 ] && grep -q nobody '$T/err'"

# --- user del ------------------------------------------------------------------------------------------
check "del setup: bob is logged in" logged_in bob1
run m user del bob
check "del: exits 0 ($(cat "$T/err"))" [ "$RC" = 0 ]
check "del: says so" grep -qx "deleted user bob" "$T/out"
run m user list
check "del: bob is no longer listed" sh -c "! grep -q '^bob	' '$T/out'"
ureq bob1 /admin/
check "del: bob's session ended with his account (303)" status_is 303
login bob1 new-password-5678 bob
check "del: bob can no longer log in" sh -c "[ $STATUS != 303 ]"
check "del: the audit log records it" \
    [ "$(q "SELECT who || ' ' || action || ' ' || target FROM audit_log WHERE action = 'user delete'")" = "cli user delete bob" ]
run m user del bob
check "del: an unknown user exits 1" [ "$RC" = 1 ]
check "del: ... saying so" grep -q "no user 'bob'" "$T/err"
run m user del carol
check "del: one of two admins can go (exit 0)" [ "$RC" = 0 ]
run m user del alice
check "del: the last admin cannot be deleted (exit 1)" [ "$RC" = 1 ]
check "del: ... saying so" grep -q "last admin" "$T/err"
check "del: ... alice is still there and logged in" logged_in alice

finish
