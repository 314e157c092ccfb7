#!/bin/bash
# SPDX-License-Identifier: ISC
# logs.sh: the daemon's log. At log_level = info, one line per request: pid-request id, method,
# path made safe to print, status, bytes and microseconds; control bytes and non-ASCII in a
# path are escaped, so a visitor cannot forge or split log lines; at warn, no request lines;
# an error names where it happened; syslog = yes sends the log to syslog instead of stderr.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
BG=
trap '[ -n "$BG" ] && kill "$BG" 2>/dev/null; cleanup' EXIT

LOG_LEVEL=info write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" <<'MD'
Short text about sleep.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
WORKERS=2 site_start || exit 99

# Request lines as the daemon writes them: "meridian[PID]: info: req PID-N METHOD PATH ...".
REQ_RE='^meridian\[[0-9]+\]: info: req [0-9]+-[0-9]+ (GET|HEAD|POST) [^ ]+ [0-9]{3} [0-9]+ [0-9]+us$'
reqlines() { grep -E ' info: req ' "$T/meridian.log"; }

# --- One line per request ----------------------------------------------------------------------
# The start-up health checks may log late (valgrind), so they are left out of the count.
before=$(reqlines | grep -vc ' /_health ')
for i in $(seq 1 10); do req "/articles/sleep-and-stress?n=$i"; done
req /no-such-page
curl -s -o /dev/null -I "$BASE/articles/sleep-and-stress"
# A worker writes its line once the answer is sent: wait for the lines, not a fixed time.
for _ in $(seq 1 100); do
	n=$(($(reqlines | grep -vc ' /_health ') - before))
	[ "$n" -ge 12 ] && break
	sleep 0.05
done
check "12 requests give 12 request lines ($n)" [ "$n" -eq 12 ]
bad=$(reqlines | grep -Evc "$REQ_RE")
check "every request line has pid-id, method, path, status, bytes, microseconds ($bad bad)" [ "$bad" -eq 0 ]
check "a 404 is logged with its path and status" \
    grep -Eq ' info: req [0-9]+-[0-9]+ GET /no-such-page 404 [0-9]+ [0-9]+us$' "$T/meridian.log"
check "a HEAD is logged as HEAD" grep -Eq ' info: req [0-9]+-[0-9]+ HEAD /articles/sleep-and-stress 200 ' "$T/meridian.log"
check "the bytes of a 200 page are logged (more than 1000)" \
    sh -c "grep -E ' GET /articles/sleep-and-stress 200 ' '$T/meridian.log' | awk '{ if (\$8 < 1000) exit 1 }'"
check "the pid in each line is the pid of the request id" \
    sh -c "grep ' info: req ' '$T/meridian.log' | sed -E 's/^meridian\[([0-9]+)\]: info: req ([0-9]+)-.*/\1 \2/' | awk '\$1 != \$2 { exit 1 }'"
dups=$(reqlines | awk '{ print $4 }' | sort | uniq -d | wc -l)
check "request ids are unique ($dups repeated)" [ "$dups" -eq 0 ]

# --- Hostile paths are escaped -------------------------------------------------------------------
before=$(wc -l < "$T/meridian.log")
req '/articles/evil%0Ameridian[1]:%20info:%20forged%1B[31m%7F' -g
req '/caf%C3%A9%09tab'
for _ in $(seq 1 100); do
	tail -n +"$((before + 1))" "$T/meridian.log" > "$T/hostile.log"
	[ "$(grep -c ' info: req ' "$T/hostile.log")" -ge 2 ] && break
	sleep 0.05
done
check "a percent-encoded newline in a path is logged as \\x0a" grep -qF 'evil\x0ameridian[1]: info: forged\x1b[31m\x7f' "$T/hostile.log"
check "no forged line starts a line of the log" sh -c "! grep -q '^meridian\[1\]' '$T/meridian.log'"
check "tab and non-ASCII are escaped too" grep -qF '/caf\xc3\xa9\x09tab' "$T/hostile.log"
check "every line of the log is a log line (no raw newline, no escape byte)" \
    sh -c "! grep -qv '^meridian\[[0-9]*\]: ' '$T/meridian.log' && ! grep -q \$'\x1b' '$T/meridian.log'"

# --- Errors carry context ---------------------------------------------------------------------------
# An outside writer holds the lock past the 5 s busy timeout: the login attempt cannot record
# itself, the visitor gets a 500 page, and the log says which function failed and why.
curl -s -c "$T/jar" -o "$T/login.html" "$BASE/admin/login"
token=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
rm -f "$T/locked"
# Held longer than the request can take to reach its write, also under valgrind.
hold=7
[ -n "${MERIDIAN_VALGRIND:-}" ] && hold=30
( echo "BEGIN IMMEDIATE;"; echo ".shell touch '$T/locked'"; sleep "$hold"; echo "COMMIT;" ) |
    sqlite3 "$DB" >/dev/null 2>&1 &
BG=$!
for _ in $(seq 1 200); do [ -e "$T/locked" ] && break; sleep 0.02; done
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "username=nobody" --data-urlencode "password=not the password" \
    "$BASE/admin/login")
wait "$BG"
BG=
check "a database error answers 500 ($code)" [ "$code" = 500 ]
check "the error is logged with the function and SQLite's reason" \
    grep -Eq 'warn: db_exec: BEGIN IMMEDIATE: database is locked' "$T/meridian.log"
check "the failed request's own line says 500" grep -Eq ' POST /admin/login 500 ' "$T/meridian.log"

# --- log_level = warn: no request lines ---------------------------------------------------------
meridian_stop
: > "$T/meridian.log"
LOG_LEVEL=warn write_conf
meridian_start || exit 99
req /articles/sleep-and-stress
check "log_level = warn: the page is served" status_is 200
# Once the daemon has exited, all it would have logged is in the file.
meridian_stop
check "log_level = warn: no request line" sh -c "! grep -q ' info: ' '$T/meridian.log'"

# --- syslog = yes ------------------------------------------------------------------------------------
# glibc's syslog() writes to /dev/log. In a private mount namespace the daemon gets a /dev of
# its own whose log is a socket this script reads; outside, nothing changes.
meridian_stop
: > "$T/meridian.log"
LOG_LEVEL=info write_conf
echo "syslog = yes" >> "$T/meridian.conf"
out=$("$MERIDIAN_BIN" check --config "$T/meridian.conf" 2>&1)
check "check accepts syslog = yes" sh -c "echo '$out' | grep -q '^ok: config'"
if command -v python3 >/dev/null 2>&1 && unshare -m true 2>/dev/null && [ -z "${MERIDIAN_VALGRIND:-}" ]; then
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "ab", 0) as f:
	while True:
		f.write(s.recv(65536).replace(b"\n", b"\\n") + b"\n")
' "$T/syslog.sock" "$T/syslog.out" &
	BG=$!
	for _ in $(seq 1 100); do [ -S "$T/syslog.sock" ] && break; sleep 0.02; done
	mkdir -p "$T/realdev"
	unshare -m sh -c '
		t=$1; shift
		mount --make-rprivate / &&
		mount --bind /dev "$t/realdev" &&
		mount -t tmpfs tmpfs /dev &&
		for n in null zero urandom random; do
			touch "/dev/$n" && mount --bind "$t/realdev/$n" "/dev/$n" || exit 1
		done &&
		ln -s "$t/syslog.sock" /dev/log &&
		exec "$@"' sh "$T" "$MERIDIAN_BIN" serve --config "$T/meridian.conf" \
	    --listen "unix:$SOCK" --workers 1 >> "$T/meridian.log" 2>&1 &
	MERIDIAN_PID=$!
	for _ in $(seq 1 200); do [ -S "$SOCK" ] && worker_pids | grep -q . && break; sleep 0.05; done
	req /articles/sleep-and-stress
	check "syslog = yes: the page is served" status_is 200
	for _ in $(seq 1 100); do grep -q ' req [0-9]*-[0-9]* GET /articles/' "$T/syslog.out" 2>/dev/null && break; sleep 0.05; done
	check "syslog = yes: the request line reaches syslog, with the daemon's name and pid" \
	    grep -Eq '^<[0-9]+>.*meridian\[[0-9]+\]: req [0-9]+-[0-9]+ GET /articles/sleep-and-stress 200 ' "$T/syslog.out"
	check "syslog = yes: the start is logged to syslog too" grep -q 'serving with 1 workers' "$T/syslog.out"
	check "syslog = yes: nothing goes to stderr" [ ! -s "$T/meridian.log" ]
	meridian_stop
	kill "$BG" 2>/dev/null
	wait "$BG" 2>/dev/null
	BG=
else
	echo "# skip: syslog delivery needs python3 and unshare -m (a private /dev/log)"
fi
finish
