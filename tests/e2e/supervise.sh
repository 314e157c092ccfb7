#!/bin/bash
# SPDX-License-Identifier: ISC
# supervise.sh: the master's promises, proven with real processes behind real nginx: workers
# are recycled after max_requests with no failed request; the request watchdog ends a worker
# stuck past request_timeout and the master replaces it; workers that cannot start are
# respawned with a growing back-off, not in a tight loop; SIGHUP under load fails nothing;
# SIGTERM under load lets the request in flight finish and leaves no worker behind.
# A request is made to hang without any test hook in the product: an outside sqlite3 holds
# the database's write lock, and a login attempt (which records itself) waits for it.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: these checks time restarts and back-offs in milliseconds; valgrind slows workers 20-fold"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

LOCKER=
trap '[ -n "$LOCKER" ] && kill "$LOCKER" 2>/dev/null; cleanup' EXIT

# Templates in a folder of our own, so they can be taken away to make workers fail to start.
mkdir -p "$T/tpl"
cp -r "$SRC/templates/." "$T/tpl/"
export TEMPLATES=$T/tpl MAX_REQUESTS=5 REQUEST_TIMEOUT=1 LOG_LEVEL=info
write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" <<'MD'
Short text about sleep.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
WORKERS=2 site_start || exit 99

# loop N: N requests for the article; prints "OK BAD".
loop_requests() {
	local n=$1 ok=0 bad=0 code
	for _ in $(seq 1 "$n"); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/articles/sleep-and-stress")
		if [ "$code" = 200 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
	done
	echo "$ok $bad"
}
pids() { worker_pids | sort | tr '\n' ' '; }
# wait_lock_waiter: until a worker sleeps in SQLite's busy handler, waiting for the lock an
# outside writer holds (its wchan is the kernel's nanosleep; an idle worker waits in accept).
wait_lock_waiter() {
	local w c
	for _ in $(seq 1 500); do
		for w in $(worker_pids); do
			read -r c < "/proc/$w/wchan" 2>/dev/null
			case $c in *nanosleep*) return 0 ;; esac
		done
		sleep 0.01
	done
	echo "# no worker was seen waiting for the lock"
	return 1
}
# wait_workers N: until N workers run (at most 8 s).
wait_workers() {
	for _ in $(seq 1 160); do
		[ "$(worker_pids | wc -l)" -eq "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# hold_lock SECONDS: an outside writer takes the write lock and keeps it that long.
hold_lock() {
	rm -f "$T/locked"
	( echo "BEGIN IMMEDIATE;"; echo ".shell touch '$T/locked'"; sleep "$1"; echo "COMMIT;" ) |
	    sqlite3 "$DB" >/dev/null 2>&1 &
	LOCKER=$!
	for _ in $(seq 1 200); do
		[ -e "$T/locked" ] && return 0
		sleep 0.02
	done
	echo "# the outside writer did not get the lock"
	return 1
}
# login_form: fetches the login form; LOGIN_TOKEN and $T/jar hold its CSRF token and cookie.
login_form() {
	curl -s -c "$T/jar" -o "$T/login.html" "$BASE/admin/login"
	LOGIN_TOKEN=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
	[ -n "$LOGIN_TOKEN" ]
}
# login_attempt: a failed login, which writes a row; prints "STATUS SECONDS".
login_attempt() {
	curl -s -b "$T/jar" -o /dev/null -w '%{http_code} %{time_total}' \
	    --data-urlencode "csrf_token=$LOGIN_TOKEN" --data-urlencode "username=nobody" \
	    --data-urlencode "password=not the password" "$BASE/admin/login"
}

# --- Recycling after max_requests = 5 ---------------------------------------------------------
first=$(pids)
res=$(loop_requests 20)
check "20 requests with max_requests = 5 all succeed ($res ok/failed)" [ "${res#* }" = 0 ]
wait_workers 2
now=$(pids)
check "the workers were recycled: none of the first ones is left ($first -> $now)" none_of "$first" "$now"
# A worker that has just answered its fifth request may still be on its way out: the master
# must have two again shortly, not at this very instant.
check "still two workers (the master replaces each recycled one)" wait_workers 2
( loop_requests 30 > "$T/par1" ) &
p1=$!
( loop_requests 30 > "$T/par2" ) &
p2=$!
wait "$p1" "$p2"
check "two concurrent loops of 30 requests, recycling all along, fail nothing ($(cat "$T/par1") / $(cat "$T/par2"))" \
    sh -c "[ \"\$(cut -d' ' -f2 '$T/par1')\" = 0 ] && [ \"\$(cut -d' ' -f2 '$T/par2')\" = 0 ]"
check "a recycled worker leaves with status 0, not as a crash" \
    sh -c "! grep -q 'exited with status\|died of signal' '$T/meridian.log'"

# --- The watchdog: a request stuck past request_timeout = 1 s ---------------------------------
wait_workers 2
login_form
check "the login form carries a CSRF token" [ -n "$LOGIN_TOKEN" ]
before=$(pids)
hold_lock 4
out=$(login_attempt)
code=${out% *}
secs=${out#* }
check "a request stuck on the lock is cut off: nginx answers 502 ($code)" [ "$code" = 502 ]
check "it is cut off by the 1 s watchdog, not the 5 s busy timeout (${secs}s)" \
    awk "BEGIN { exit !($secs >= 0.9 && $secs < 3.5) }"
check "the master logs the watchdog kill" grep -q "killed by the request watchdog" "$T/meridian.log"
wait_workers 2
check "the master replaced the killed worker (two workers again)" [ "$(worker_pids | wc -l)" -eq 2 ]
wait "$LOCKER" 2>/dev/null
LOCKER=
req /articles/sleep-and-stress
check "the site serves after the watchdog kill" status_is 200

# --- Crash loop: workers that cannot start are respawned with a back-off -----------------------
mv "$T/tpl" "$T/tpl.away"
lines0=$(wc -l < "$T/meridian.log")
for p in $(worker_pids); do kill -KILL "$p"; done
sleep 3
tail -n +"$((lines0 + 1))" "$T/meridian.log" > "$T/loop.log"
deaths=$(grep -c "exited with status 3" "$T/loop.log")
check "failing workers are restarted, then backed off: $deaths start failures in 3 s (2 slots)" \
    between "$deaths" 4 14
check "the back-off is logged" grep -q "crash-looping ([0-9]* in a row); next start in [0-9]* ms" "$T/loop.log"
check "each failure says why, with the worker's pid and the template path" \
    grep -q "worker [0-9]* cannot start: .*tpl" "$T/loop.log"
mv "$T/tpl.away" "$T/tpl"
ok=no
for _ in $(seq 1 160); do
	req /articles/sleep-and-stress
	[ "$STATUS" = 200 ] && { ok=yes; break; }
	sleep 0.05
done
check "once the templates are back, the site serves again within 8 s" [ "$ok" = yes ]
wait_workers 2

# --- SIGHUP under load --------------------------------------------------------------------------
old=$(pids)
n0=$(wc -l < "$T/access.log")
( loop_requests 60 > "$T/hup1" ) &
p1=$!
( loop_requests 60 > "$T/hup2" ) &
p2=$!
# Under load: once nginx has logged the loops' first requests.
wait_lines "$T/access.log" $((n0 + 4))
kill -HUP "$MERIDIAN_PID"
wait "$p1" "$p2"
check "SIGHUP under two request loops fails no request ($(cat "$T/hup1") / $(cat "$T/hup2"))" \
    sh -c "[ \"\$(cut -d' ' -f2 '$T/hup1')\" = 0 ] && [ \"\$(cut -d' ' -f2 '$T/hup2')\" = 0 ]"
check "the reload is logged as done" grep -q "reload done" "$T/meridian.log"

# --- SIGTERM under load, with a request in flight -----------------------------------------------
meridian_stop
MAX_REQUESTS=100000 REQUEST_TIMEOUT=30 write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
WORKERS=2 meridian_start || exit 99
login_form
: > "$T/term-loop"
(
	while [ ! -e "$T/stop-loop" ]; do
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/articles/sleep-and-stress" >> "$T/term-loop"
	done
) &
loop=$!
wait_lines "$T/term-loop" 3
workers=$(pids)
hold_lock 1.5
( login_attempt > "$T/inflight" ) &
inflight=$!
wait_lock_waiter
t0=$(date +%s.%N)
kill -TERM "$MERIDIAN_PID"
wait "$MERIDIAN_PID" 2>/dev/null
rc=$?
t1=$(date +%s.%N)
MERIDIAN_PID=
wait "$inflight"
touch "$T/stop-loop"
wait "$loop"
wait "$LOCKER" 2>/dev/null
LOCKER=
check "SIGTERM: the master exits 0 ($rc)" [ "$rc" = 0 ]
check "SIGTERM under load: the master is gone within 5 s ($(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s)" \
    awk "BEGIN { exit !($t1 - $t0 < 5) }"
left=
for p in $workers; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
check "SIGTERM: no worker is left behind ($workers)" [ -z "$left" ]
check "SIGTERM: the request in flight finished with its real answer, 403 ($(cat "$T/inflight"))" \
    [ "$(cut -d' ' -f1 "$T/inflight")" = 403 ]
n200=$(grep -c '^200$' "$T/term-loop")
nother=$(grep -vc '^200$\|^502$' "$T/term-loop")
check "SIGTERM under load: the loop got $n200 pages, then only 502 from nginx, nothing else ($nother)" \
    between "$nother" 0 0
check "SIGTERM under load: pages were served while the loop ran" [ "$n200" -gt 0 ]
check "SIGTERM: the socket is removed" [ ! -e "$SOCK" ]
finish
