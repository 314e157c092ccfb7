#!/bin/bash
# SPDX-License-Identifier: ISC
# reload.sh: a SIGHUP applies a changed template, max_requests and request_timeout while
# visitors keep coming. Two request loops run from before the signal until the new template
# shows, so requests provably span the reload, and none fails. Each setting is shown in force
# before (the old value's behaviour) and after (the new one's): workers recycled after the
# new max_requests, a stuck request cut at the new request_timeout.
# A request is made to hang without any test hook in the product: an outside sqlite3 holds
# the database's write lock, and a login attempt (which records itself) waits for it.
# SPDX-License-Identifier: ISC
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: recycling every 5 requests and a 1 s watchdog under valgrind's 20-fold slower workers"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

LOCKER=
trap '[ -n "$LOCKER" ] && kill "$LOCKER" 2>/dev/null; touch "$T/stop"; cleanup' EXIT

mkdir -p "$T/tpl"
cp -r "$SRC/templates/." "$T/tpl/"
export TEMPLATES=$T/tpl MAX_REQUESTS=100000 REQUEST_TIMEOUT=30 LOG_LEVEL=info
write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" <<'MD'
Short text about sleep.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
WORKERS=2 site_start || exit 99

MARK=Reloaded-footer-text-4711
pids() { worker_pids | sort | tr '\n' ' '; }
# none_of "PIDS" "PIDS2": no pid of the first list is in the second.
none_of() { local p; for p in $1; do case " $2 " in *" $p "*) return 1 ;; esac; done; return 0; }
# wait_for SECONDS COMMAND...: polls until the command succeeds.
wait_for() {
	local n=$(($1 * 20)); shift
	for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.05; done
	return 1
}
wait_workers() { wait_for 10 sh -c "[ \$(pgrep -P $MERIDIAN_PID | wc -l) -eq $1 ]"; }
# load FILE: requests the article until $T/stop exists; one line a request: "CODE MARK?".
load() {
	local code
	while [ ! -e "$T/stop" ]; do
		code=$(curl -s -o "$1.body" -w '%{http_code}' "$BASE/articles/sleep-and-stress")
		if grep -q "$MARK" "$1.body"; then echo "$code new"; else echo "$code old"; fi >> "$1"
	done
}
count() { grep -c "$2" "$1" 2>/dev/null || true; }
# hold_lock SECONDS: an outside writer takes the write lock and keeps it that long.
hold_lock() {
	rm -f "$T/locked"
	( echo "BEGIN IMMEDIATE;"; echo ".shell touch '$T/locked'"; sleep "$1"; echo "COMMIT;" ) |
	    sqlite3 "$DB" >/dev/null 2>&1 &
	LOCKER=$!
	wait_for 10 test -e "$T/locked" || { echo "# the outside writer did not get the lock"; return 1; }
}
# login_form: fetches the login form (a read, which the lock does not stop) and its token.
login_form() {
	curl -s -c "$T/jar" -o "$T/login.html" "$BASE/admin/login"
	TOK=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
}
# stuck_login: a failed login, which writes a row and so waits for the lock; "STATUS SECONDS".
stuck_login() {
	curl -s -b "$T/jar" -o /dev/null -w '%{http_code} %{time_total}' \
	    --data-urlencode "csrf_token=$TOK" --data-urlencode "username=nobody" \
	    --data-urlencode "password=not the password" "$BASE/admin/login"
}

# --- Before: the old template, no recycling, no 1 s watchdog -----------------------------------
req /articles/sleep-and-stress
check "before: the article answers 200" status_is 200
check "before: the footer lacks the new text" body_lacks "$MARK"
first=$(pids)
for _ in $(seq 1 15); do curl -s -o /dev/null "$BASE/articles/sleep-and-stress"; done
check "before: 15 requests recycle no worker (max_requests = 100000): $first" [ "$(pids)" = "$first" ]
login_form
hold_lock 4
out=$(stuck_login)
wait "$LOCKER" 2>/dev/null
LOCKER=
check "before: a request stuck on the lock for seconds is not cut (request_timeout = 30): ${out% *}" \
    sh -c "[ '${out% *}' != 502 ] && [ '${out% *}' != 000 ]"
check "before: ... it waited for the lock (${out#* }s)" awk "BEGIN { exit !(${out#* } >= 2) }"
check "before: no watchdog kill logged" sh -c "! grep -q 'killed by the request watchdog' '$T/meridian.log'"
wait_workers 2
check "before: the same two workers still run" [ "$(pids)" = "$first" ]

# --- The change, and the reload under load -----------------------------------------------------
sed -i "s|</footer>|<p>$MARK</p></footer>|" "$T/tpl/partials/footer.html"
check "setup: the footer template now holds the new text" grep -q "$MARK" "$T/tpl/partials/footer.html"
MAX_REQUESTS=5 REQUEST_TIMEOUT=1 write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
req /articles/sleep-and-stress
check "no reload yet: the running workers still serve the old template" body_lacks "$MARK"

rm -f "$T/stop"
load "$T/l1" &
L1=$!
load "$T/l2" &
L2=$!
wait_for 30 sh -c "[ \$(cat '$T/l1' 2>/dev/null | wc -l) -ge 3 ] && [ \$(cat '$T/l2' 2>/dev/null | wc -l) -ge 3 ]"
check "both loops answer before the signal" sh -c "[ -s '$T/l1' ] && [ -s '$T/l2' ]"
lines0=$(wc -l < "$T/meridian.log")
kill -HUP "$MERIDIAN_PID"
# Until each loop has had the new template a few times.
wait_for 60 sh -c "[ \$(grep -c new '$T/l1') -ge 5 ] && [ \$(grep -c new '$T/l2') -ge 5 ]"
touch "$T/stop"
wait "$L1" "$L2"
cat "$T/l1" "$T/l2" > "$T/all"
total=$(wc -l < "$T/all")
failed=$(grep -vc '^200 ' "$T/all")
check "requests spanned the reload: old template before, new after, in both loops" sh -c \
    "[ $(count "$T/l1" old) -ge 1 ] && [ $(count "$T/l1" new) -ge 5 ] && [ $(count "$T/l2" old) -ge 1 ] && [ $(count "$T/l2" new) -ge 5 ]"
check "no request failed across the reload ($failed of $total)" [ "$failed" = 0 ]
wait_for 30 sh -c "tail -n +$((lines0 + 1)) '$T/meridian.log' | grep -q 'reload done'"
check "the reload is logged as done" sh -c "tail -n +$((lines0 + 1)) '$T/meridian.log' | grep -q 'reload done'"

# --- After: the new template, max_requests = 5, request_timeout = 1 -----------------------------
req /articles/sleep-and-stress
check "after: the article shows the new template text" body_has "$MARK"
wait_workers 2
now=$(pids)
ok=0
for _ in $(seq 1 20); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/articles/sleep-and-stress")" = 200 ] && ok=$((ok + 1))
done
check "after: 20 requests all succeed while workers recycle ($ok)" [ "$ok" = 20 ]
wait_workers 2
check "after: the workers were recycled after 5 requests each ($now -> $(pids))" none_of "$now" "$(pids)"
login_form
hold_lock 4
out=$(stuck_login)
wait "$LOCKER" 2>/dev/null
LOCKER=
check "after: a request stuck on the lock is cut off, nginx answers 502 (${out% *})" [ "${out% *}" = 502 ]
check "after: cut by the 1 s watchdog, not after the 4 s lock (${out#* }s)" \
    awk "BEGIN { exit !(${out#* } >= 0.9 && ${out#* } < 3.5) }"
check "after: the master logs the watchdog kill" grep -q "killed by the request watchdog" "$T/meridian.log"
wait_workers 2
req /articles/sleep-and-stress
check "after: the site serves again" status_is 200

finish
