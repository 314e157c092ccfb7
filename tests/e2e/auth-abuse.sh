#!/bin/bash
# SPDX-License-Identifier: ISC
# auth-abuse.sh: login and sessions under attack.
#  1. Brute force on one account from ten addresses, and password spraying from one address,
#     over simulated hours: the real login code runs in CGI mode (one process per attempt,
#     REMOTE_ADDR set per address) with the MERIDIAN_CLOCK_OFFSET test hook moving its
#     clock; the attacker waits exactly the Retry-After each 429 gives. Figures: attempts
#     actually evaluated (password checked) per hour, per account and per address.
#     Afterwards the right password still works once the back-off has passed.
#  2. Session fixation: a cookie planted before login is never adopted.
#  3. Stale tokens: after logout the session cookie and its CSRF token are dead, and a new
#     session does not accept the old CSRF token.
#  4. Expiry, with the daemon restarted under MERIDIAN_CLOCK_OFFSET: a session idle for
#     more than 2 hours is dead; one kept busy dies 12 hours after login all the same.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: hundreds of CGI runs and daemon restarts; the same code runs under valgrind in admin.sh"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
PW='correct-horse-battery'
db_init
staff_add alice "$PW"
for u in $(seq 1 40); do staff_add "user$u" "pw-$u-secret"; done

# cgi_get_token OFFSET: a login form's token (the same value goes in its cookie), fetched by
# a GET in CGI mode at "now + OFFSET"; tokens are signed by the server and live an hour.
cgi_get_token() {
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI=/admin/login REMOTE_ADDR=192.0.2.250 HTTP_HOST=127.0.0.1 \
	    MERIDIAN_CONFIG="$T/meridian.conf" MERIDIAN_CLOCK_OFFSET="$1" \
	    ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} "$MERIDIAN_BIN" 2>/dev/null |
	    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1
}
# token_at OFFSET: a token valid at OFFSET, one per simulated half hour (kept in files, as
# cgi_login runs in a subshell).
token_at() {
	local f=$T/login-token.$(( $1 / 1800 ))
	[ -s "$f" ] || cgi_get_token "$(( $1 / 1800 * 1800 ))" > "$f"
	cat "$f"
}

# cgi_login ADDR USER PASSWORD OFFSET: one login attempt, answered by the binary in CGI
# mode at "now + OFFSET"; prints "STATUS RETRY_AFTER".
cgi_login() {
	local tok body
	tok=$(token_at "$4")
	body="csrf_token=$tok&username=$2&password=$3"
	printf '%s' "$body" | env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
	    REQUEST_URI=/admin/login REMOTE_ADDR="$1" HTTP_HOST=127.0.0.1 \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} \
	    HTTP_COOKIE="meridian_login=$tok" MERIDIAN_CONFIG="$T/meridian.conf" \
	    MERIDIAN_CLOCK_OFFSET="$4" ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
	    "$MERIDIAN_BIN" 2>/dev/null | tr -d '\r' |
	    awk '/^Status:/ { s = $2 } /^Retry-After:/ { r = $2 } /^$/ { exit } END { print s + 0, r + 0 }'
}

# --- 1. brute force ------------------------------------------------------------------------------
HOURS=${AUTH_HOURS:-24}
END=$((HOURS * 3600))
t=0 k=0 ev=0 thr=0 first_hour=0 bad=0
while [ "$t" -lt "$END" ]; do
	addr=10.0.0.$((k % 10 + 1))
	k=$((k + 1))
	set -- $(cgi_login "$addr" alice "guess-$k" "$t")
	case $1 in
	403) ev=$((ev + 1)); [ "$t" -lt 3600 ] && first_hour=$((first_hour + 1)); t=$((t + 1)) ;;
	429) thr=$((thr + 1)); t=$((t + ${2:-1})) ;;
	*) bad=$((bad + 1)); t=$((t + 1)) ;;
	esac
done
check "brute force: every attempt was answered 403 or 429 ($bad others)" [ "$bad" = 0 ]
check "brute force: at most 30 attempts evaluated in the first hour ($first_hour)" [ "$first_hour" -le 30 ]
steady=$(( (ev - first_hour) * 3600 / (END - 3600) ))
# Past the doubling, one attempt per THROTTLE_USER_MAX_WAIT (15 min): 4 an hour.
check "brute force: at most 5 an hour after that (${steady}/h)" [ "$steady" -le 5 ]
figure auth.per_account "10 addresses against 1 account: $first_hour evaluated in the first hour, $steady/h after; $ev in ${HOURS} h ($thr throttled answers)"
# The owner, from another address, a second after the attacker's latest evaluated guess:
# the worst moment to come.
set -- $(cgi_login 10.0.0.1 alice "guess-last" "$t")
check "brute force: the attacker's guess at the end of the wait is evaluated ($1)" [ "$1" = 403 ]
t=$((t + 1))
set -- $(cgi_login 192.0.2.7 alice "$PW" "$t")
st1=$1 ra=$2
check "right password during the back-off: 429 ($st1)" [ "$st1" = 429 ]
check "... with Retry-After ${ra}s (1 to 900)" between "$ra" 1 900
t=$((t + ra))
set -- $(cgi_login 192.0.2.7 alice "$PW" "$t")
check "right password after the back-off: logged in (303)" [ "$1" = 303 ]
figure auth.owner_wait "${ra:-0} s (the owner's wait after the attack, then the right password works)"
set -- $(cgi_login 192.0.2.7 alice "$PW" "$((t + 1))")
check "after a success the account's failures are forgotten (303 again)" [ "$1" = 303 ]

# Spraying: one address, many accounts (existing or not), two simulated hours.
t=$((t + 100000)) s0=$t sp=0 k=0 bad=0
while [ "$t" -lt $((s0 + 7200)) ]; do
	k=$((k + 1))
	set -- $(cgi_login 10.9.9.9 "user$((k % 60 + 1))" "spray-$k" "$t")
	case $1 in
	403) sp=$((sp + 1)); t=$((t + 1)) ;;
	429) t=$((t + ${2:-1})) ;;
	*) bad=$((bad + 1)); t=$((t + 1)) ;;
	esac
done
check "spraying: every attempt was answered 403 or 429 ($bad others)" [ "$bad" = 0 ]
# THROTTLE_ADDR_MAX (30) failures in any 15 minutes: 30 at once, then 120 an hour.
check "spraying from one address: at most 30 per 15 minutes ($sp in 2 h)" [ "$sp" -le 270 ]
check "spraying: the first 30 attempts were evaluated, not throttled ($sp)" [ "$sp" -ge 30 ]
figure auth.per_address "1 address against 60 accounts: $((sp / 2))/h evaluated"

# --- 2-4 through nginx ---------------------------------------------------------------------------
site_start || exit 99
FAKE=ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ
: > "$T/jar.fix"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tmeridian\t%s\n' "$FAKE" > "$T/jar.fix"
ureq fix /admin/login
tok=$(csrf_of)
ureq fix /admin/login -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
    --data-urlencode "username=alice" --data-urlencode "password=$PW"
check "fixation: login with a planted cookie succeeds (303)" status_is 303
NEWC=$(cookie_of fix)
check "fixation: the server set a fresh token" sh -c "[ -n '$NEWC' ] && [ '$NEWC' != '$FAKE' ]"
req /admin/ -b "meridian=$FAKE"
check "fixation: the planted value opens nothing (303 to login)" status_is 303

# 3. logout
staff_login alice "$PW"
C1=$(cookie_of alice)
K1=$(staff_csrf alice)
ureq alice /admin/logout -H "Origin: $BASE" --data-urlencode "csrf_token=$K1"
check "logout: 303" status_is 303
req /admin/ -b "meridian=$C1"
check "after logout: the old cookie gets the login page (303)" status_is 303
req /admin/articles/new -b "meridian=$C1" -H "Origin: $BASE" --data-urlencode "csrf_token=$K1" \
    --data-urlencode "title=Stale" --data-urlencode "body=x"
check "after logout: a form with the old cookie and token is refused (403)" status_is 403
check "after logout: nothing was saved" [ "$(sqlite3 "$DB" "SELECT count(*) FROM posts WHERE title = 'Stale'")" = 0 ]
staff_login alice "$PW"
ureq alice /admin/articles/new -H "Origin: $BASE" --data-urlencode "csrf_token=$K1" \
    --data-urlencode "title=Stale" --data-urlencode "body=x"
check "a new session refuses the old session's CSRF token (403)" status_is 403

# 4. expiry: restart the daemon with its clock moved forward
# at OFFSET: restarts the daemon with MERIDIAN_CLOCK_OFFSET=OFFSET.
at() {
	meridian_stop
	MERIDIAN_CLOCK_OFFSET=$1 meridian_start || exit 99
}
staff_login alice "$PW"
C2=$(cookie_of alice)
at 7260
req /admin/ -b "meridian=$C2"
check "idle 2 h 1 min: the session is dead (303)" status_is 303
at 0
staff_login alice "$PW"
C3=$(cookie_of alice)
alive=1 off=0
for off in 6000 12000 18000 24000 30000 36000 42000; do
	at "$off"
	req /admin/ -b "meridian=$C3"
	[ "$STATUS" = 200 ] || { alive=0; echo "# at +${off}s: $STATUS"; }
done
check "kept busy (a request every 100 min): alive for 11 h 40 min" [ "$alive" = 1 ]
at 43260
req /admin/ -b "meridian=$C3"
check "12 h 1 min after login: dead all the same (303)" status_is 303
req /admin/articles/new -b "meridian=$C3" -H "Origin: $BASE" --data-urlencode "csrf_token=x" \
    --data-urlencode "title=Late" --data-urlencode "body=x"
check "... and a form sent with it is refused (403)" status_is 403
at not-a-number
check "a malformed MERIDIAN_CLOCK_OFFSET is ignored with a warning" \
    grep -q 'MERIDIAN_CLOCK_OFFSET=not-a-number is not a number' "$T/meridian.log"
figure auth.expiry "idle > 2 h: dead; busy: dead 12 h after login; logout: cookie and CSRF token dead"
finish
