#!/bin/bash
# SPDX-License-Identifier: ISC
# staff-security.sh: the staff side attacked as an outsider and as a logged-in editor, each
# attack repeated and shown to fail: a burst of parallel password guesses (exactly one
# evaluated), guessing the current password at /admin/password, many addresses of one IPv6 /64, an
# editor's redirect to another site and look at the audit log, a form from another port,
# a login CSRF token the server never issued, a login name published as the author, database
# files others can read, the micro-cache serving staff, and bursts that nginx must refuse.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/lib/staff.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
q() { sqlite3 "$DB" "$1"; }
PW=correct-horse-battery
WORKERS=${WORKERS:-6}
umask 022
db_init
add_staff alice admin "$PW"
add_staff carol editor "$PW"
add_staff erin admin "$PW"
printf '%s\n' "$PW" | m user add bob --role editor --display-name "Dr Bob Example" >/dev/null ||
    { echo "user add --display-name failed"; exit 99; }
site_start || exit 99

# --- 1. A burst of parallel guesses: one evaluated at most -------------------------------------
for i in 1 2 3 4 5; do login carol "wrong-guess-$i"; done
check "race: five wrong passwords are evaluated and refused (403)" status_is 403
login carol wrong-guess-6
check "race: the sixth waits (429)" status_is 429
ra=$(header Retry-After)
check "race: ... with Retry-After ($ra)" between "$ra" 1 900
# Sat out as the answer says, so that exactly one more attempt is allowed; then twelve at
# once, each with its own login form, as twelve browser tabs would send them. (Each wait names
# its curls: a bare wait would wait for the daemon too.)
sleep "$ra"
pids=()
for i in $(seq 1 12); do
	req /admin/login -c "$T/jar.race$i" >/dev/null
	csrf_of > "$T/tok.race$i"
done
for i in $(seq 1 12); do
	curl -s -o /dev/null -w '%{http_code}\n' -b "$T/jar.race$i" -H "Origin: $BASE" \
	    --data-urlencode "csrf_token=$(cat "$T/tok.race$i")" --data-urlencode username=carol \
	    --data-urlencode "password=parallel-$i" "$BASE/admin/login" > "$T/race.$i" &
	pids+=($!)
done
wait "${pids[@]}"
ev=$(cat "$T"/race.* | grep -c '^403$')
thr=$(cat "$T"/race.* | grep -c '^429$')
# Exactly one, not "at most one" (which a throttle refusing them all would pass): the wait was
# sat out, so the first to reserve an attempt finds the account free, and the failure it
# records starts the next wait (4 s), in which the other eleven are all reserved or refused.
check "race: of 12 parallel guesses exactly one was evaluated (403: $ev)" [ "$ev" = 1 ]
check "race: the others were throttled (429: $thr)" [ $((ev + thr)) = 12 ]
check "race: the database recorded exactly one more failure" \
    [ "$(q "SELECT count(*) FROM login_attempts WHERE username = 'carol' AND ok = 0")" = 6 ]

# --- 2. /admin/password: the current password is throttled and audited ------------------------
login erin "$PW"
check "password: erin logs in" status_is 303
HASH=$(q "SELECT pwhash FROM users WHERE name = 'erin'")
for i in 1 2 3 4 5; do
	upost erin /admin/password --data-urlencode "current=guess-$i" \
	    --data-urlencode password=new-password-123 --data-urlencode confirm=new-password-123
done
check "password: five wrong current passwords are refused (403)" status_is 403
check "password: each is in the audit log with the address" \
    [ "$(q "SELECT count(*) FROM audit_log WHERE action = 'password check failed' AND who = 'erin' AND detail = '127.0.0.1'")" = 5 ]
upost erin /admin/password --data-urlencode "current=$PW" \
    --data-urlencode password=new-password-123 --data-urlencode confirm=new-password-123
check "password: then even the right one waits (429)" status_is 429
check "password: ... with Retry-After" between "$(header Retry-After)" 1 900
check "password: ... and the password is unchanged" [ "$(q "SELECT pwhash FROM users WHERE name = 'erin'")" = "$HASH" ]
login erin "$PW"
check "password: erin's login counts the same failures (429)" status_is 429
login alice "$PW"
check "password: another account is not held up (303)" status_is 303

# --- 3. IPv6: an address's /64 is its throttle key ---------------------------------------------
# cgi_login ADDR USER PASSWORD: one attempt answered by the binary in CGI mode with REMOTE_ADDR
# as given (a real /64 cannot be routed to loopback); prints the status.
cgi_login() {
	local tok body
	tok=$(env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI=/admin/login REMOTE_ADDR="$1" HTTP_HOST=127.0.0.1 \
	    MERIDIAN_CONFIG="$T/meridian.conf" ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
	    "$MERIDIAN_BIN" 2>/dev/null | csrf_of /dev/stdin)
	body="csrf_token=$tok&username=$2&password=$3"
	printf '%s' "$body" | env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST \
	    REQUEST_URI=/admin/login REMOTE_ADDR="$1" HTTP_HOST=127.0.0.1 \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} \
	    HTTP_COOKIE="meridian_login=$tok" MERIDIAN_CONFIG="$T/meridian.conf" \
	    ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} "$MERIDIAN_BIN" 2>/dev/null |
	    tr -d '\r' | awk '/^Status:/ { print $2; exit }'
}
# Thirty guesses from thirty addresses of one /64, each at a different account (spraying).
bad=0
for i in $(seq 1 30); do
	st=$(cgi_login "2001:db8:77:1::$(printf '%x' $((i * 97)))" "spray$i" "guess-$i")
	[ "$st" = 403 ] || bad=$((bad + 1))
done
check "IPv6: thirty guesses from one /64 are evaluated (403; $bad others)" [ "$bad" = 0 ]
st=$(cgi_login 2001:db8:77:1:dead:beef:1:1 spray99 guess)
check "IPv6: a new address in the same /64 waits (429, got $st)" [ "$st" = 429 ]
st=$(cgi_login 2001:db8:77:2::1 spray98 guess)
check "IPv6: an address in the next /64 does not (403, got $st)" [ "$st" = 403 ]
check "IPv6: the attempts are recorded under the /64" \
    [ "$(q "SELECT count(DISTINCT addr) FROM login_attempts WHERE addr LIKE '2001:db8:77:1:%'")" = 1 ]
# Through nginx on ::1, where this machine has it.
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	sed -i "s|listen 127.0.0.1:$PORT;|listen 127.0.0.1:$PORT; listen [::1]:$PORT;|" "$T/server.conf"
	"$NGINX" -p "$T" -c "$T/nginx.conf" -e "$T/nginx-error.log" -s reload
	sleep 1
	BASE6="http://[::1]:$PORT"
	curl -s -g -o "$T/body" -c "$T/jar.v6" "$BASE6/admin/login"
	curl -s -g -o "$T/body" -D "$T/headers" -b "$T/jar.v6" -H "Origin: $BASE6" \
	    --data-urlencode "csrf_token=$(csrf_of)" --data-urlencode username=nobody6 \
	    --data-urlencode password=wrong-password "$BASE6/admin/login"
	check "IPv6 via nginx on ::1: a guess from ::1 is counted under ::/64" \
	    [ "$(q "SELECT addr FROM login_attempts WHERE username = 'nobody6'")" = "::/64" ]
else
	echo "# IPv6 via nginx: ::1 is not available here; the CGI checks above stand"
fi

# --- 4. Editors: no redirect to another site, no audit log -------------------------------------
login bob "$PW"
check "editor: bob logs in" status_is 303
ureq bob /admin/audit
check "editor: the audit log is for admins (403)" status_is 403
ureq bob /admin/
check "editor: the navigation has no audit log link" got 200 body_lacks 'href="/admin/audit"'
upost bob /admin/redirects --data-urlencode from=/pay --data-urlencode to=https://evil.example/pay
check "editor: a redirect to another host is refused (403)" status_is 403
check "editor: ... and not stored" [ "$(q "SELECT count(*) FROM redirects WHERE from_path = '/pay'")" = 0 ]
req /pay
check "editor: /pay does not lead away (404)" status_is 404
upost bob /admin/redirects --data-urlencode from=/old-news --data-urlencode to=/topics/
check "editor: a redirect to a path here is allowed (303)" status_is 303
upost bob /admin/redirects --data-urlencode from=/old-news2 --data-urlencode "to=$BASE/topics/"
check "editor: so is one to this site's own address (303)" status_is 303
upost bob /admin/redirects --data-urlencode from=/old-news3 \
    --data-urlencode "to=http://127.0.0.1:$((PORT == 65535 ? 1 : PORT + 1))/topics/"
check "editor: another port of this host is another site (403)" status_is 403
login alice "$PW"
upost alice /admin/redirects --data-urlencode from=/partner --data-urlencode to=https://partner.example/
check "admin: a redirect to another host is allowed (303)" status_is 303
ureq alice /admin/audit
check "admin: the audit log opens (200)" got 200 body_has 'Audit log'

# --- 5. Origin: scheme, host and port ----------------------------------------------------------
OTHER=http://127.0.0.1:$((PORT == 65535 ? 1 : PORT + 1))
t=$(tok alice)
ureq alice /admin/redirects -H "Origin: $OTHER" --data-urlencode "csrf_token=$t" \
    --data-urlencode from=/o1 --data-urlencode to=/topics/
check "origin: a form from another port of the same host is refused (403)" status_is 403
ureq alice /admin/redirects -H "Origin: https://127.0.0.1:$PORT" --data-urlencode "csrf_token=$t" \
    --data-urlencode from=/o2 --data-urlencode to=/topics/
check "origin: https:// to this plain-HTTP site is refused (403)" status_is 403
ureq alice /admin/redirects -H "Origin: $BASE" --data-urlencode "csrf_token=$t" \
    --data-urlencode from=/o3 --data-urlencode to=/topics/
check "origin: this site's own origin passes (303)" status_is 303
m settings set base_url https://clinic.example >/dev/null
ureq alice /admin/redirects -H "Origin: $BASE" --data-urlencode "csrf_token=$t" \
    --data-urlencode from=/o4 --data-urlencode to=/topics/
check "origin: with base_url set, another origin is refused (403)" status_is 403
ureq alice /admin/redirects -H "Origin: https://clinic.example" --data-urlencode "csrf_token=$t" \
    --data-urlencode from=/o5 --data-urlencode to=/topics/
check "origin: ... and base_url's origin passes (303)" status_is 303
m settings set base_url "$BASE" >/dev/null

# --- 6. The login form's token: issued by this server, __Host- over HTTPS -----------------------
FAKE=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
req /admin/login -H "Cookie: meridian_login=$FAKE" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$FAKE" --data-urlencode username=alice --data-urlencode "password=$PW"
check "login CSRF: a cookie and field of the attacker's choosing are refused (403)" status_is 403
check "login CSRF: ... and no session is made" sh -c "! grep -qi '^Set-Cookie: meridian=' '$T/headers'"
req /admin/login -c "$T/jar.lc"
REAL=$(csrf_of)
c=A; [ "${REAL:20:1}" = A ] && c=B
BENT=${REAL:0:20}$c${REAL:21}
req /admin/login -H "Cookie: meridian_login=$BENT" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$BENT" --data-urlencode username=alice --data-urlencode "password=$PW"
check "login CSRF: an issued token with one character changed is refused (403)" status_is 403
req /admin/login -b "$T/jar.lc" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$REAL" --data-urlencode username=alice --data-urlencode "password=$PW"
check "login CSRF: the issued token logs in (303)" status_is 303
env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI=/admin/login \
    REMOTE_ADDR=192.0.2.1 HTTP_HOST=clinic.example HTTPS=on MERIDIAN_CONFIG="$T/meridian.conf" \
    ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} "$MERIDIAN_BIN" 2>/dev/null | tr -d '\r' > "$T/https.out"
check "login CSRF over HTTPS: the cookie is __Host-meridian_login, Secure, Path=/" \
    sh -c "grep '^Set-Cookie: __Host-meridian_login=' '$T/https.out' | grep '; Secure' | grep -q 'Path=/'"
check "login CSRF over HTTPS: no unprefixed login cookie" \
    sh -c "! grep -q '^Set-Cookie: meridian_login=' '$T/https.out'"

# --- 7. Display names: the author readers see is never the login ------------------------------
ureq bob /admin/articles/new
check "author: bob's editor fills in his display name" got 200 body_has 'value="Dr Bob Example"'
check "author: ... never his login" body_lacks 'name="author" value="bob"'
submit bob /admin/articles/new title="Hand washing" slug=hand-washing body="Wash well." \
    status=published
check "author: bob publishes an article (303)" status_is 303
req /articles/hand-washing
check "author: the page says by Dr Bob Example" got 200 body_has 'by Dr Bob Example'
check "author: the JSON-LD author is the display name" body_has '"author":{"@type":"Person","name":"Dr Bob Example"}'
check "author: the login appears nowhere on the page" sh -c "! grep -qw bob '$T/body'"
req /feed.xml
check "author: the Atom feed names Dr Bob Example" got 200 body_has '<name>Dr Bob Example</name>'
check "author: ... and not the login" sh -c "! grep -qw bob '$T/body'"
ureq alice /admin/articles/new
check "author: with no display name the field is empty, not the login" \
    sh -c "grep -o '<input[^>]*name=\"author\"[^>]*>' '$T/body' | grep -q 'value=\"\"'"
ureq alice /admin/users
check "users: the list shows display names" got 200 body_has 'value="Dr Bob Example"'
check "users: ... and each account's two-factor state" body_has '<td>off</td>'
upost alice /admin/users --data-urlencode action=display \
    --data-urlencode "id=$(q "SELECT id FROM users WHERE name = 'carol'")" \
    --data-urlencode "display_name=Nurse Carol <Ward 3>"
check "users: an admin sets carol's display name (303)" status_is 303
check "users: ... stored as typed" [ "$(q "SELECT display_name FROM users WHERE name = 'carol'")" = "Nurse Carol <Ward 3>" ]
check "users: ... in the audit log" [ "$(q "SELECT count(*) FROM audit_log WHERE action = 'display name' AND target = 'carol'")" = 1 ]
ureq alice /admin/users
check "users: ... shown escaped" body_has 'value="Nurse Carol &lt;Ward 3&gt;"'
upost bob /admin/password --data-urlencode action=display --data-urlencode "display_name=Dr B. Example"
check "account: bob changes his own display name (303)" status_is 303
check "account: ... stored" [ "$(q "SELECT display_name FROM users WHERE name = 'bob'")" = "Dr B. Example" ]
upost bob /admin/password --data-urlencode action=display --data-urlencode "display_name=$(printf 'a\tb')"
check "account: a control character is refused (400)" status_is 400
upost bob /admin/password --data-urlencode action=display --data-urlencode "display_name=$(printf '%0101d' 0)"
check "account: more than 100 characters are refused (400)" status_is 400
printf '%s\n' "$PW" | m user add mallory --display-name "$(printf 'x\001y')" >/dev/null 2>&1
check "cli: a display name with a control character is refused" [ $? != 0 ]
upost bob /admin/users --data-urlencode action=display \
    --data-urlencode "id=$(q "SELECT id FROM users WHERE name = 'alice'")" --data-urlencode display_name=Pwned
check "users: an editor cannot set another's display name (403)" status_is 403

# --- 8. File modes: 0600 whatever the umask; meridian check warns -------------------------------
D2=$T/fresh.db
"$MERIDIAN_BIN" init --db "$D2" --config "$T/meridian.conf" >/dev/null
check "modes: meridian init under umask 022 makes the database 0600" [ "$(stat -c %a "$D2")" = 600 ]
"$MERIDIAN_BIN" settings set site_title Fresh --db "$D2" --config "$T/meridian.conf" >/dev/null
sqlite3 "$D2" "PRAGMA journal_mode" >/dev/null
for f in "$D2-wal" "$D2-shm" "$DB-wal" "$DB-shm" "$DB"; do
	[ -e "$f" ] && check "modes: $(basename "$f") is 0600 ($(stat -c %a "$f"))" [ "$(stat -c %a "$f")" = 600 ]
done
# A database one schema version old: init backs it up, then migrates.
cp "$D2" "$T/old.db"
sqlite3 "$T/old.db" "DROP TABLE site_secrets; ALTER TABLE users DROP COLUMN display_name; PRAGMA user_version = 6"
chmod 644 "$T/old.db"
"$MERIDIAN_BIN" init --db "$T/old.db" --config "$T/meridian.conf" >/dev/null
BAK=$(ls "$T"/old.db.pre-v*.bak 2>/dev/null | head -n 1)
check "modes: the migration wrote a backup ($BAK)" [ -n "$BAK" ]
check "modes: the pre-migration backup is 0600 ($(stat -c %a "$BAK" 2>/dev/null))" [ "$(stat -c %a "$BAK" 2>/dev/null)" = 600 ]
check "modes: init took away what others could read of the old database" \
    [ "$(( 0$(stat -c %a "$T/old.db") & 7 ))" = 0 ]
"$MERIDIAN_BIN" backup "$T/copy.db" --db "$D2" --config "$T/meridian.conf" >/dev/null 2>&1
check "modes: meridian backup writes 0600" [ "$(stat -c %a "$T/copy.db")" = 600 ]
"$MERIDIAN_BIN" check --db "$D2" --config "$T/meridian.conf" > "$T/check.out" 2>&1
check "check: no warning when the files are private" sh -c "! grep -q WARNING '$T/check.out'"
chmod 644 "$D2"
cp "$T/copy.db" "$D2.pre-v5-1.bak"; chmod 604 "$D2.pre-v5-1.bak"
"$MERIDIAN_BIN" check --db "$D2" --config "$T/meridian.conf" > "$T/check.out" 2>&1
check "check: warns that others can read the database" grep -q "WARNING: database $D2 can be read" "$T/check.out"
check "check: warns about a readable backup" grep -q "WARNING: backup $D2.pre-v5-1.bak" "$T/check.out"
# A socket others may connect to, named by the configuration's listen key.
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/open.sock"
{ cat "$T/meridian.conf"; echo "listen = unix:$T/open.sock"; } > "$T/sock.conf"
chmod 666 "$T/open.sock"
"$MERIDIAN_BIN" check --db "$D2" --config "$T/sock.conf" > "$T/check.out" 2>&1
check "check: warns about a socket others can use" grep -q "WARNING: socket $T/open.sock" "$T/check.out"
chmod 660 "$T/open.sock"
"$MERIDIAN_BIN" check --db "$D2" --config "$T/sock.conf" > "$T/check.out" 2>&1
check "check: ... and not about one of mode 0660" sh -c "! grep -q 'WARNING: socket' '$T/check.out'"

# --- 9. The micro-cache: visitors get cached pages, staff never -------------------------------
# The shipped block with the micro-cache uncommented; for a check without timing, entries
# live 10 minutes instead of 1 s, and nginx says HIT, MISS or BYPASS in a header.
sed -e 's|^#\(fastcgi_cache_path \)|\1|' -e 's|^\([[:space:]]*\)#\(fastcgi_[a-z_]* \)|\1\2|' \
    -e 's| 1s;| 10m;|' \
    -e 's|^\([[:space:]]*\)fastcgi_cache meridian;|&\n\1add_header X-Cache $upstream_cache_status always;|' \
    "$T/server.conf" > "$T/cache.conf"
grep -q '^fastcgi_cache_path' "$T/cache.conf" || { echo "# micro-cache lines not found"; fail "micro-cache: uncommented"; }
nginx_stop
nginx_start "$T/cache.conf" || exit 99
cache() { header X-Cache; }
ureq bob /articles/hand-washing
check "cache: staff (meridian cookie) bypass the cache ($(cache))" [ "$(cache)" = BYPASS ]
req /articles/hand-washing
check "cache: the visitor after them is not served the staff answer ($(cache))" [ "$(cache)" = MISS ]
req /articles/hand-washing
check "cache: visitors get the cached page ($(cache))" [ "$(cache)" = HIT ]
ureq bob /articles/hand-washing
check "cache: staff never get the cached page ($(cache))" [ "$(cache)" = BYPASS ]
req /articles/hand-washing -H "Cookie: a=1; __Host-meridian=$(cookie_of bob)"
check "cache: nor with the HTTPS cookie name __Host-meridian ($(cache))" [ "$(cache)" = BYPASS ]
req /articles/hand-washing -H "Cookie: xmeridian=1"
check "cache: a cookie that only ends in meridian is a visitor's ($(cache))" [ "$(cache)" = HIT ]

# --- 10. nginx's rate limits -------------------------------------------------------------------
# burst NAME PATH [curl args]: sixty requests at once, each answer's status in $T/NAME.I and
# body in $T/NAME.body.I; prints how many nginx refused itself, told from Meridian's answers
# by nginx's own error page (Meridian's pages never name nginx; its 429 has a Retry-After).
burst() {
	local name=$1 path=$2 i pids=(); shift 2
	for i in $(seq 1 60); do
		curl -s -o "$T/$name.body.$i" -w '%{http_code}\n' "$@" "$BASE$path" > "$T/$name.$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	grep -l '<center>nginx' "$T/$name".body.* 2>/dev/null | wc -l
}
# by_nginx_429 NAME: every answer nginx made itself in burst NAME has the status 429.
by_nginx_429() {
	local f
	for f in $(grep -l '<center>nginx' "$T/$1".body.*); do
		[ "$(cat "${f/.body./.}")" = 429 ] || { echo "# $f: $(cat "${f/.body./.}")"; return 1; }
	done
}
# Sixty login POSTs at once (the burst allows 40): nginx refuses some itself, with its own
# 429 page, before they reach Meridian.
req /admin/login -c "$T/jar.burst" >/dev/null
BT=$(csrf_of)
n=$(burst lburst /admin/login -b "$T/jar.burst" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$BT" --data-urlencode username=nobody --data-urlencode password=burst)
check "limits: nginx refused part of a 60-request login burst ($n)" between "$n" 1 59
check "limits: ... with 429" by_nginx_429 lburst
# The second step shares the login's budget (a password is no licence to guess codes at
# full speed): right after that burst nginx refuses codes too, as many as sixty.
n=$(burst mburst /admin/login/mfa -H "Origin: $BASE" --data-urlencode code=123456)
check "limits: nginx refused a 60-request burst at the second step ($n)" between "$n" 1 60
check "limits: ... with 429" by_nginx_429 mburst
n=$(burst sburst "/search?q=wash")
check "limits: nginx refused part of a 60-request search burst ($n)" between "$n" 1 59
check "limits: ... with 429" by_nginx_429 sburst
ok=0
for i in $(seq 1 20); do req /; [ "$STATUS" = 200 ] && ok=$((ok + 1)); done
req /articles/hand-washing
check "limits: browsing right after is untouched ($ok of 20 home pages)" [ "$ok" = 20 ]
check "limits: ... and the article (200)" status_is 200
req /admin/login
check "limits: the login form itself is not limited (200)" status_is 200
finish
