#!/bin/bash
# SPDX-License-Identifier: ISC
# mfa.sh: two-factor sign-in through real nginx, with codes computed by oathtool as a real
# authenticator app would: enrol (QR code and secret on the page), confirm, recovery codes
# shown once and stored hashed; login in two steps with no session before the code; a code
# works once; one time step either side of now is accepted, two are not; wrong codes share
# the login throttle; a recovery code works once; turning it off or renewing the recovery
# codes needs a code or the password, and a failed try is audited; mfa_required forces
# enrolment; `user mfa-reset`.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v oathtool >/dev/null 2>&1 || { echo "oathtool missing (apt-get install oathtool): skip"; exit 77; }

q() { sqlite3 "$DB" "$1"; }
PW=correct-horse-battery
db_init
staff_add alice "$PW"
staff_add bob "$PW"
staff_add carol "$PW"
staff_add dave "$PW" editor
staff_add frank "$PW"
staff_add gina "$PW"
site_start || exit 99

uid() { q "SELECT id FROM users WHERE name = '$1'"; }
location_is() { [ "$(header Location)" = "$1" ] || { echo "# Location: $(header Location), want $1"; return 1; }; }
# secret_of [FILE]: the base32 secret /admin/mfa shows for typing in.
secret_of() { sed -n 's/.*id="mfa-secret">\([A-Z2-7=]*\)<.*/\1/p' "${1:-$T/body}" | head -n 1; }
# totp SECRET [SECONDS]: the code an app shows now (or SECONDS later), computed by oathtool.
totp() { oathtool --totp -b -N "@$(( $(date +%s) + ${2:-0} ))" "$1"; }
# A code that is not the current one: an hour old.
stale() { totp "$1" -3600; }
# fresh WHO SECRET: a right code WHO has not used yet. The server refuses a code of the last
# step used or an earlier one, so this is the code of a later step, the current one when it
# can be; when WHO used the next step's code already, it waits for the app's next code as a
# person would. A code of now or the next step stays in the window if a step ends on the way.
fresh() {
	local last now
	last=$(q "SELECT last_step FROM user_mfa WHERE user_id = $(uid "$1")")
	while now=$(( $(date +%s) / 30 )); [ "$now" -lt "$last" ]; do
		sleep $(( 30 - $(date +%s) % 30 ))
	done
	[ "$now" -gt "$last" ] || now=$((last + 1))
	oathtool --totp -b -N "@$((now * 30))" "$2"
}
# settle: sits out the last seconds of a time step, so that a code computed now is judged in
# the same step by the server even on a slow machine.
settle() { local left=$(( 30 - $(date +%s) % 30 )); [ "$left" -gt 12 ] || sleep "$left"; }
# audits WHO ACTION: how many lines of the audit log WHO made with ACTION from this address.
audits() { q "SELECT count(*) FROM audit_log WHERE who = '$1' AND action = '$2' AND detail = '127.0.0.1'"; }
# upost WHO PATH [curl args]: a same-origin form POST with WHO's session token.
upost() {
	local who=$1 path=$2 t; shift 2
	t=$(staff_csrf "$who")
	ureq "$who" "$path" -H "Origin: $BASE" --data-urlencode "csrf_token=$t" "$@"
}
# step2 WHO CODE: the second login step's form, then the form posted with CODE.
step2() {
	local tok
	ureq "$1" /admin/login/mfa
	tok=$(csrf_of)
	paced ureq "$1" /admin/login/mfa -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
	    --data-urlencode "code=$2"
}
# mpost WHO [curl args]: a POST to /admin/mfa with the token of that page, the one page a
# user who must enrol can open.
mpost() {
	local who=$1 t; shift
	ureq "$who" /admin/mfa
	t=$(csrf_of)
	ureq "$who" /admin/mfa -H "Origin: $BASE" --data-urlencode "csrf_token=$t" "$@"
}
sessions_of() { q "SELECT count(*) FROM sessions WHERE user_id = $(uid "$1")"; }

# --- Enrolment ------------------------------------------------------------------------------------
staff_login alice "$PW"
check "without two-factor sign-in the password alone logs in (303 to /admin/)" location_is /admin/
ureq alice /admin/mfa
check "enrol: /admin/mfa answers 200" status_is 200
SECRET=$(secret_of)
check "enrol: the page shows a base32 secret of 160 bits ($SECRET)" [ "${#SECRET}" = 32 ]
check "enrol: the page carries the QR code as SVG made on the server" \
    grep -q '<svg xmlns="http://www.w3.org/2000/svg".*<path fill="#000" d="M' "$T/body"
check "enrol: the page has no inline script" sh -c "! grep -q '<script>' '$T/body'"
check "enrol: the CSP is unchanged (default-src 'self', no inline script)" \
    sh -c "echo \"$(header Content-Security-Policy)\" | grep -q \"default-src 'self'\" && ! echo \"$(header Content-Security-Policy)\" | grep -q unsafe-inline"
check "enrol: it is not on before a code confirms it" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid alice)")" = 0 ]
ureq alice /admin/mfa
check "enrol: reloading shows the same secret (the app may hold it already)" [ "$(secret_of)" = "$SECRET" ]
upost alice /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(stale "$SECRET")"
check "enrol: a wrong code is refused (400)" status_is 400
check "enrol: ... and it stays off" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid alice)")" = 0 ]
upost alice /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(totp "$SECRET")"
check "enrol: the app's code turns it on (200, the recovery codes)" status_is 200
check "enrol: it is on" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid alice)")" = 1 ]
sed -n 's/.*<li><code>\([a-z2-7-]*\)<\/code><\/li>.*/\1/p' "$T/body" > "$T/codes"
check "enrol: ten recovery codes are shown ($(wc -l < "$T/codes"))" [ "$(wc -l < "$T/codes")" = 10 ]
check "enrol: ten recovery codes are stored" [ "$(q "SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid alice)")" = 10 ]
R1=$(sed -n 1p "$T/codes") R2=$(sed -n 2p "$T/codes")
sqlite3 "$DB" .dump > "$T/dump"
R1N=$(echo "$R1" | tr -d - | tr a-z A-Z)
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
check "enrol: no recovery code is stored in clear (as text or bytes)" \
    sh -c "! grep -qi -e '$R1' -e '$R1N' -e '$(hex "$R1")' -e '$(hex "$R1N")' '$T/dump'"
check "enrol: the audit log says so" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'mfa on'")" = 1 ]
ureq alice /admin/mfa
check "enrol: the recovery codes are never shown again" body_lacks "$R1"
check "enrol: the page says it is on" grep -q 'id="mfa-state">Two-factor sign-in is <strong>on' "$T/body"
check "enrol: the secret is not shown once it is on" body_lacks "$SECRET"

# gina enrols now for the time-window checks at the end, with the code of a phone 30 s
# behind: the earliest step she can use, so that by the end every code tried there is of a
# later step, which only the window can refuse, never the replay rule.
staff_login gina "$PW"
ureq gina /admin/mfa
GSECRET=$(secret_of)
settle
upost gina /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(totp "$GSECRET" -30)"
check "enrol: a phone 30 s behind can confirm too (200)" status_is 200

# --- Login in two steps ------------------------------------------------------------------------------
upost alice /admin/logout
N0=$(sessions_of alice)
staff_login alice "$PW"
check "login: the right password leads to the second step (303)" location_is /admin/login/mfa
check "login: no session was created by the password" [ "$(sessions_of alice)" = "$N0" ]
check "login: no session cookie was set" sh -c "! grep -qi '^Set-Cookie: meridian=' '$T/headers'"
check "login: a pending-login cookie was set (HttpOnly, SameSite=Strict)" \
    sh -c "grep -i '^Set-Cookie: meridian_mfa=' '$T/headers' | grep -q 'HttpOnly; SameSite=Strict'"
check "login: only the hash of the pending token is stored" \
    [ "$(q "SELECT count(*) FROM mfa_pending WHERE hex(token_hash) = hex(CAST('$(cookie_of alice meridian_mfa)' AS BLOB))")" = 0 ]
PENDING=$(cookie_of alice meridian_mfa)
ureq alice /admin/
check "login: the staff pages stay closed before the code (303 to /admin/login)" location_is /admin/login
ureq alice /admin/login/mfa
check "login: the second step's form answers 200" status_is 200
check "login: ... and is no-store" [ "$(header Cache-Control)" = no-store ]
tok=$(csrf_of)
ureq alice /admin/login/mfa -H "Origin: $BASE" --data-urlencode "csrf_token=${tok%?}x" --data-urlencode "code=$(totp "$SECRET")"
check "login: the second step with a wrong CSRF token is refused (403)" status_is 403
ureq alice /admin/login/mfa -H "Origin: http://evil.example" --data-urlencode "csrf_token=$tok" --data-urlencode "code=$(totp "$SECRET")"
check "login: the second step from another origin is refused (403)" status_is 403
CODE=$(totp "$SECRET" 30)	# the next step's code: within the accepted window, never used
step2 alice "$CODE"
check "login: the app's code logs in (303 to /admin/)" location_is /admin/
check "login: now there is a session" [ "$(sessions_of alice)" = $((N0 + 1)) ]
ureq alice /admin/
check "login: the staff pages open" status_is 200
check "login: the pending login was spent" [ "$(q "SELECT count(*) FROM mfa_pending WHERE user_id = $(uid alice)")" = 0 ]
check "login: the audit log records a two-factor login" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'login' AND detail = 'two-factor code'")" = 1 ]
req /admin/login/mfa -b "meridian_mfa=$PENDING"
check "login: the spent pending-login cookie leads back to the password (303 /admin/login)" location_is /admin/login

upost alice /admin/logout
staff_login alice "$PW"
step2 alice "$CODE"
check "replay: the same code a second time is refused (403)" status_is 403
check "replay: no session was made" [ "$(sessions_of alice)" = "$N0" ]

# --- Recovery codes ------------------------------------------------------------------------------------
step2 alice "$(echo "$R1" | tr a-z A-Z)"
check "recovery: a recovery code logs in (any case, hyphens optional)" location_is /admin/
check "recovery: it is spent (9 left)" [ "$(q "SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid alice)")" = 9 ]
check "recovery: the audit log says so" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND detail = 'recovery code (9 left)'")" = 1 ]
upost alice /admin/logout
staff_login alice "$PW"
step2 alice "$R1"
check "recovery: the same recovery code a second time is refused (403)" status_is 403
step2 alice "$R2"
check "recovery: another one still works" location_is /admin/

# --- New recovery codes: only with a code or the password ------------------------------------------------
R3=$(sed -n 3p "$T/codes")
upost alice /admin/mfa --data-urlencode action=recovery --data-urlencode "password=wrong-password"
check "renew: a wrong password makes no new codes (403)" status_is 403
check "renew: ... and is in the audit log with the address" [ "$(audits alice 'password check failed')" = 1 ]
upost alice /admin/mfa --data-urlencode action=recovery --data-urlencode "code=$(stale "$SECRET")"
check "renew: a wrong code makes no new codes (403)" status_is 403
check "renew: ... and is in the audit log with the address" [ "$(audits alice 'mfa code check failed')" = 1 ]
upost alice /admin/mfa --data-urlencode action=recovery
check "renew: neither a code nor the password: refused (400)" status_is 400
check "renew: the old codes are still there (8)" [ "$(q "SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid alice)")" = 8 ]
upost alice /admin/mfa --data-urlencode action=recovery --data-urlencode "password=$PW"
sed -n 's/.*<li><code>\([a-z2-7-]*\)<\/code><\/li>.*/\1/p' "$T/body" > "$T/codes2"
check "renew: the password shows ten new codes (200, $(wc -l < "$T/codes2"))" \
    got 200 [ "$(wc -l < "$T/codes2")" = 10 ]
check "renew: ten are stored" [ "$(q "SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid alice)")" = 10 ]
check "renew: the audit log says so" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'mfa recovery codes renewed'")" = 1 ]
upost alice /admin/mfa --data-urlencode action=recovery --data-urlencode "code=$(fresh alice "$SECRET")"
sed -n 's/.*<li><code>\([a-z2-7-]*\)<\/code><\/li>.*/\1/p' "$T/body" > "$T/codes3"
check "renew: a current code from the app shows ten new codes too (200, $(wc -l < "$T/codes3"))" \
    got 200 [ "$(wc -l < "$T/codes3")" = 10 ]
check "renew: ... in the audit log" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'mfa recovery codes renewed'")" = 2 ]
upost alice /admin/logout
staff_login alice "$PW"
step2 alice "$R3"
check "renew: an old unused code no longer works (403)" status_is 403
step2 alice "$(sed -n 1p "$T/codes2")"
check "renew: nor one the password made before the code renewed them (403)" status_is 403
step2 alice "$(sed -n 1p "$T/codes3")"
check "renew: a new one does" location_is /admin/

# --- Turning it off ------------------------------------------------------------------------------------
upost alice /admin/mfa --data-urlencode action=off --data-urlencode "code=$(stale "$SECRET")"
check "off: a wrong code does not turn it off (403)" status_is 403
check "off: ... and is in the audit log with the address" [ "$(audits alice 'mfa code check failed')" = 2 ]
upost alice /admin/mfa --data-urlencode action=off --data-urlencode "password=wrong-password"
check "off: a wrong password does not turn it off (403)" status_is 403
check "off: ... and is in the audit log with the address" [ "$(audits alice 'password check failed')" = 2 ]
upost alice /admin/mfa --data-urlencode action=off
check "off: neither a code nor the password: refused (400)" status_is 400
check "off: still on" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid alice)")" = 1 ]
upost alice /admin/mfa --data-urlencode action=off --data-urlencode "code=$(fresh alice "$SECRET")"
check "off: a current code from the app turns it off (303)" status_is 303
check "off: the secret and recovery codes are gone" [ "$(q "SELECT (SELECT count(*) FROM user_mfa WHERE user_id = $(uid alice)) + (SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid alice))")" = 0 ]
check "off: the audit log says so" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'mfa off'")" = 1 ]
upost alice /admin/logout
staff_login alice "$PW"
check "off: the password alone logs in again" location_is /admin/
ureq alice /admin/mfa
upost alice /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(totp "$(secret_of)")"
check "off: alice turns it on again" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid alice)")" = 1 ]
upost alice /admin/mfa --data-urlencode action=off --data-urlencode "password=$PW"
check "off: the password turns it off too (303)" status_is 303
check "off: ... in the audit log" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'alice' AND action = 'mfa off'")" = 2 ]
check "off: it is off" [ "$(q "SELECT count(*) FROM user_mfa WHERE user_id = $(uid alice) AND enabled = 1")" = 0 ]

# --- Wrong codes share the login throttle --------------------------------------------------------------
staff_login bob "$PW"
ureq bob /admin/mfa
BSECRET=$(secret_of)
upost bob /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(totp "$BSECRET")"
check "throttle: bob turned it on" [ "$(q "SELECT enabled FROM user_mfa WHERE user_id = $(uid bob)")" = 1 ]
upost bob /admin/logout
staff_login bob "$PW"
# Wrong codes until the throttle answers. After five failures an account waits 2 s, then
# 4, 8, 16...; on a busy machine a request can take longer than the shortest wait, so each
# wait is sat out as the answer says (never a fixed sleep) and guessing goes on until the
# wait is long enough for the next two requests to fall inside it on any machine.
evaluated=0 throttled=0 ra=0
for _ in $(seq 1 20); do
	step2 bob "$(stale "$BSECRET")"
	case $STATUS in
	403) evaluated=$((evaluated + 1)) ;;
	429) throttled=$((throttled + 1)); ra=$(header Retry-After)
	     [ "${ra:-0}" -ge 8 ] && break
	     sleep "$ra" ;;
	*) echo "# unexpected status $STATUS"; break ;;
	esac
done
check "throttle: the first five wrong codes are evaluated and refused (403; $evaluated in all)" [ "$evaluated" -ge 5 ]
check "throttle: wrong codes are then throttled (429, $throttled times)" [ "$throttled" -ge 1 ]
check "throttle: ... with a doubling wait, up to Retry-After $ra" [ "${ra:-0}" -ge 8 ]
step2 bob "$(totp "$BSECRET" 30)"
check "throttle: meanwhile even the right code is not evaluated (429)" status_is 429
check "throttle: ... and no session was made" [ "$(sessions_of bob)" = 0 ]
staff_login bob "$PW"
check "throttle: the password step of that account waits too (429)" status_is 429

# --- A password change ends the logins waiting for their code -----------------------------------------
staff_login frank "$PW"
ureq frank /admin/mfa
FSECRET=$(secret_of)
upost frank /admin/mfa --data-urlencode action=confirm --data-urlencode "code=$(totp "$FSECRET")"
upost frank /admin/logout
staff_login frank "$PW"
check "pending: frank's password opens the second step" location_is /admin/login/mfa
FPW=another-good-password
printf '%s\n' "$FPW" | m user passwd frank >/dev/null
ureq frank /admin/login/mfa
check "pending: after a password change it leads back to the password (303 /admin/login)" location_is /admin/login
check "pending: none is left" [ "$(q "SELECT count(*) FROM mfa_pending WHERE user_id = $(uid frank)")" = 0 ]

# --- Parallel wrong codes: exactly one evaluated ----------------------------------------------------------
staff_login frank "$FPW"
for i in 1 2 3 4 5; do step2 frank "$(stale "$FSECRET")"; done
check "race: five wrong codes are evaluated (403)" status_is 403
step2 frank "$(stale "$FSECRET")"
check "race: the sixth waits (429)" status_is 429
ra=$(header Retry-After)
sleep "${ra:-1}"
ureq frank /admin/login/mfa
ftok=$(csrf_of)
pids=()
for i in $(seq 1 12); do
	curl -s -o /dev/null -w '%{http_code}\n' -b "$T/jar.frank" -H "Origin: $BASE" \
	    --data-urlencode "csrf_token=$ftok" --data-urlencode "code=$(printf '%06d' "$i")" \
	    "$BASE/admin/login/mfa" > "$T/mrace.$i" &
	pids+=($!)
done
wait "${pids[@]}"
ev=$(cat "$T"/mrace.* | grep -c '^403$')
# Exactly one, since the wait was sat out: the first code to be reserved is evaluated; its
# failure, recorded with the reservation, makes the other eleven wait (a throttle that
# refused all twelve would pass "at most one").
check "race: of 12 parallel wrong codes exactly one was evaluated (403: $ev)" [ "$ev" = 1 ]
check "race: the others were throttled (429)" [ "$(cat "$T"/mrace.* | grep -c '^429$')" = $((12 - ev)) ]

# --- mfa_required --------------------------------------------------------------------------------------
m settings set mfa_required sometimes >/dev/null 2>&1
check "required: a bad value is refused by the command line (exit 1)" [ $? = 1 ]
m settings set mfa_required admins >/dev/null
staff_login carol "$PW"
check "required: carol's password is accepted (303)" status_is 303
ureq carol /admin/
check "required: the dashboard sends her to /admin/mfa" location_is /admin/mfa
ureq carol /admin/articles
check "required: so does every other staff page" location_is /admin/mfa
ureq carol /admin/mfa
CT=$(csrf_of)
ureq carol /admin/redirects -H "Origin: $BASE" --data-urlencode "csrf_token=$CT" \
    --data-urlencode action=add --data-urlencode from=/x-carol --data-urlencode to=/
check "required: a form elsewhere is refused (403)" status_is 403
check "required: ... and nothing was saved" [ "$(q "SELECT count(*) FROM redirects WHERE from_path = '/x-carol'")" = 0 ]
ureq carol /admin/mfa
check "required: /admin/mfa opens (200)" status_is 200
check "required: it says the site requires it" body_has "This site requires two-factor sign-in for your account"
staff_login dave "$PW"
ureq dave /admin/
check "required: 'admins' leaves an editor alone (200)" status_is 200
ureq carol /admin/mfa
CSECRET=$(secret_of)
mpost carol --data-urlencode action=confirm --data-urlencode "code=$(totp "$CSECRET")"
ureq carol /admin/
check "required: once enrolled, the dashboard opens (200)" status_is 200
upost carol /admin/mfa --data-urlencode action=off --data-urlencode "password=$PW"
check "required: it cannot be turned off (400)" status_is 400
m settings set mfa_required everyone >/dev/null
ureq dave /admin/
check "required: 'everyone' sends an editor to /admin/mfa too" location_is /admin/mfa

# --- meridian user mfa-reset ---------------------------------------------------------------------------
m user mfa-reset nobody >/dev/null 2>&1
check "mfa-reset: an unknown user is an error (exit 1)" [ $? = 1 ]
m user mfa-reset carol > "$T/out" 2>&1
check "mfa-reset: exit 0" [ $? = 0 ]
check "mfa-reset: says what it did" grep -q "two-factor sign-in of carol reset" "$T/out"
check "mfa-reset: her secret and recovery codes are gone" [ "$(q "SELECT (SELECT count(*) FROM user_mfa WHERE user_id = $(uid carol)) + (SELECT count(*) FROM mfa_recovery WHERE user_id = $(uid carol))")" = 0 ]
check "mfa-reset: in the audit log" [ "$(q "SELECT count(*) FROM audit_log WHERE who = 'cli' AND action = 'mfa reset' AND target = 'carol'")" = 1 ]
staff_login carol "$PW"
check "mfa-reset: her password alone passes again (303 to /admin/)" location_is /admin/
ureq carol /admin/
check "mfa-reset: and, as the site requires it, she must enrol again" location_is /admin/mfa

# --- The time window: one step either side of now ---------------------------------------------------
# Until two steps before now are newer than the one gina used, a code of two steps ago could
# be refused as used, whatever the window: wait for that (usually the script took as long).
last=$(q "SELECT last_step FROM user_mfa WHERE user_id = $(uid gina)")
while [ $(( $(date +%s) / 30 - 2 )) -le "$last" ]; do sleep $(( 30 - $(date +%s) % 30 )); done
G0=$(sessions_of gina)
# Each code on a login of its own, so that one let in cannot hide what the next would do.
staff_login gina "$PW"
check "window: gina's password leads to the second step" location_is /admin/login/mfa
settle
step2 gina "$(totp "$GSECRET" -60)"
check "window: the code of two steps ago (60 s) is refused (403)" status_is 403
staff_login gina "$PW"
settle
step2 gina "$(totp "$GSECRET" 60)"
check "window: the code of two steps ahead (60 s) is refused (403)" status_is 403
check "window: ... and no session was made" [ "$(sessions_of gina)" = "$G0" ]
staff_login gina "$PW"
settle
step2 gina "$(totp "$GSECRET" -30)"
check "window: the previous step's code (30 s ago) logs in (303 to /admin/)" location_is /admin/
finish
