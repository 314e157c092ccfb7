#!/bin/bash
# SPDX-License-Identifier: ISC
# replica.sh: a read-only replica. The primary replicates with Litestream; the replica's copy
# is refreshed by the shipped contrib/litestream/replica-sync.sh and served by
# `meridian serve --read-only` behind the shipped contrib/nginx/replica.conf: visitors read
# the replica, /admin/ reaches the primary, the replica itself writes nothing and answers
# /admin/ with 503. An article saved on the primary is on the replica within
# REPLICA_BOUND seconds while the sync runs every SYNC_EVERY seconds. Also: meridian check
# flags a stopped Litestream.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/lib/litestream.sh"

SYNC_EVERY=2
REPLICA_BOUND=15
# Under valgrind each reload starts two workers under memcheck, seconds apiece.
[ -z "${MERIDIAN_VALGRIND:-}" ] || REPLICA_BOUND=60
PW=replica-password-123
mkdir -p "$T/copy"
primary_setup "$PW"
meridian_start || exit 99

# --- The replica: its own config, socket and copy --------------------------------------------------
RDB=$T/copy/site.db
RSOCK=$T/replica.sock
RPID=
# free_port claims each port with a lock held by this shell, so the three differ.
free_port || exit 99
PORT2=$FREE_PORT
free_port || exit 99
PORT3=$FREE_PORT
sed -e "s|db = .*|db = $RDB|" "$T/meridian.conf" > "$T/replica.conf"
printf 'read_only = yes\nprimary_url = http://127.0.0.1:%s/admin/\n' "$PORT" >> "$T/replica.conf"
replica_start() {
	${MERIDIAN_WRAP:-} "$MERIDIAN_BIN" serve --config "$1" --listen "unix:$RSOCK" \
	    --workers 2 "${@:2}" >>"$T/replica.log" 2>&1 &
	RPID=$!
	wait_for 30 [ -S "$RSOCK" ]
}
replica_stop() {
	[ -n "$RPID" ] || return 0
	kill -TERM "$RPID"
	wait "$RPID"
	RPID=
}
sync_once() {
	local reload=true
	[ -z "$RPID" ] || reload="kill -HUP $RPID"
	MERIDIAN_RELOAD=$reload LITESTREAM_CONFIG="$T/litestream.yml" \
	    LITESTREAM=$LITESTREAM sh "$SRC/contrib/litestream/replica-sync.sh" "$RDB" "$DB" \
	    >>"$T/sync.log" 2>&1
}
trap 'touch "$T/stop"; litestream_cleanup; [ -z "$RPID" ] || kill -KILL "$RPID"; cleanup' EXIT

replicated() { m check 2>/dev/null | grep -q '^ok: replication: Litestream, .*up to date'; }
check "meridian check: the primary is replicated, up to date" wait_for 20 replicated
wait_for 20 sync_once
check "replica-sync.sh restores a first copy" [ -f "$RDB" ]
check "... in rollback-journal mode (no -wal beside it)" \
    [ "$(sqlite3 "$RDB" 'PRAGMA journal_mode')" = delete ]
replica_start "$T/replica.conf" || exit 99

# nginx: the primary's server block on PORT, the shipped replica block on PORT2 (its
# /admin/ sent to the primary), and the replica's daemon directly on PORT3.
sed -e "s|listen 80;|listen 127.0.0.1:$PORT2;|" -e "/listen \[::\]:80;/d" \
    -e "s|server_name example.org;|server_name 127.0.0.1;|" \
    -e "s|https://primary.example.org|http://127.0.0.1:$PORT|" \
    -e "s|/run/meridian/meridian.sock|$RSOCK|" \
    -e "s|/usr/local/share/meridian/www/|$SRC/www/|" \
    "$SRC/contrib/nginx/replica.conf" > "$T/replica-server.conf"
cat > "$T/all.conf" <<CONF
include $T/server.conf;
include $T/replica-server.conf;
server {
	listen 127.0.0.1:$PORT3;
	location / { include fastcgi_params; fastcgi_pass unix:$RSOCK; }
}
CONF
nginx_start "$T/all.conf" || exit 99
REPLICA=http://127.0.0.1:$PORT2
DIRECT=http://127.0.0.1:$PORT3
code() { curl -s -o "$T/rbody" -w '%{http_code}' "$@"; }

# --- The replica serves visitors and writes nothing -------------------------------------------------
BEFORE=$(sha256sum < "$RDB")
check "replica: the home page is served (200)" [ "$(code "$REPLICA/")" = 200 ]
check "replica: /admin/ answers 503" [ "$(code "$DIRECT/admin/")" = 503 ]
check "... pointing staff to the primary" grep -q "main server: http://127.0.0.1:$PORT/admin/" "$T/rbody"
check "replica: GET /admin/login answers 503" [ "$(code "$DIRECT/admin/login")" = 503 ]
check "replica: a login POST answers 503" [ "$(code "$DIRECT/admin/login" -H "Origin: $DIRECT" \
    --data-urlencode username=staff --data-urlencode "password=$PW")" = 503 ]
check "replica: an unknown /admin/ address answers 503 too" [ "$(code "$DIRECT/admin/nope")" = 503 ]
check "replica: the database file is unchanged" [ "$(sha256sum < "$RDB")" = "$BEFORE" ]
check "replica: no -wal, -shm or -journal file beside it" \
    [ -z "$(ls "$T/copy" | grep -v '^site\.db$' | grep -v '^site\.db\.sync-seen$')" ]
check "replica's nginx: /admin/login reaches the primary's login form" \
    [ "$(code "$REPLICA/admin/login")" = 200 ]
check "... which shows the login form" grep -q 'name="password"' "$T/rbody"

# --- An article saved on the primary reaches the replica ------------------------------------------
TOKEN=$(login "$T/jar" staff "$PW")
syncer() { while [ ! -e "$T/stop" ]; do sync_once; sleep "$SYNC_EVERY"; done; }
visitor() {
	while [ ! -e "$T/stop.visitor" ]; do
		curl -s -o /dev/null -w '%{http_code}\n' "$REPLICA/" >> "$T/visits"
	done
}
visitor & VISITOR=$!
check "primary: the article is saved (303)" \
    [ "$(save_article "$T/jar" "$TOKEN" replicated-one "Saved on the primary.")" = 303 ]
SAVED_AT=$(now)
syncer & SYNCER=$!
on_replica() { [ "$(code "$REPLICA/articles/replicated-one")" = 200 ]; }
wait_for $((REPLICA_BOUND + 5)) on_replica
SEEN_AT=$(now)
LAG=$(awk -v a="$SAVED_AT" -v b="$SEEN_AT" 'BEGIN { printf "%.1f", b - a }')
echo "# replica_seconds=$LAG (sync every ${SYNC_EVERY}s)"
check "replica: the article is served within $REPLICA_BOUND s (took $LAG s)" \
    awk -v l="$LAG" -v b="$REPLICA_BOUND" 'BEGIN { exit !(l <= b) }'
check "... with its text" grep -q 'Saved on the primary.' "$T/rbody"
# A second save after a reload: the new workers follow the next copy as well.
save_article "$T/jar" "$TOKEN" replicated-two "Second." >/dev/null
on_replica2() { [ "$(code "$REPLICA/articles/replicated-two")" = 200 ]; }
check "replica: a second article follows the same way" wait_for $((REPLICA_BOUND + 5)) on_replica2
touch "$T/stop.visitor" "$T/stop"
wait "$VISITOR" "$SYNCER"
check "replica: visitors got 200 throughout, while the copy was replaced" \
    [ "$(grep -vc '^200$' "$T/visits")" = 0 ]
echo "# $(wc -l < "$T/visits") pages read on the replica meanwhile"

# --- The flag does what the config key does ---------------------------------------------------------
replica_stop
grep -v '^read_only' "$T/replica.conf" > "$T/replica-flag.conf"
replica_start "$T/replica-flag.conf" --read-only || exit 99
check "serve --read-only: /admin/ answers 503" [ "$(code "$DIRECT/admin/")" = 503 ]
replica_stop

# --- nginx's own answers on the replica carry the security headers -----------------------------------
# The daemon is stopped: the replica's nginx answers 502 itself. Static files too.
has_security_headers() {	# FILE: a response head
	grep -qi "^Content-Security-Policy: default-src 'self'" "$1" &&
	    grep -qi '^X-Frame-Options: DENY' "$1" &&
	    grep -qi '^X-Content-Type-Options: nosniff' "$1" &&
	    grep -qi '^Referrer-Policy: strict-origin-when-cross-origin' "$1"
}
curl -s -o /dev/null -D "$T/r502.head" "$REPLICA/"
check "replica's nginx: with the daemon down it answers 502 itself" \
    grep -q '^HTTP/1.1 502' "$T/r502.head"
check "... with CSP, X-Frame-Options, nosniff and Referrer-Policy" has_security_headers "$T/r502.head"
check "... each once" [ "$(grep -ci '^Content-Security-Policy:' "$T/r502.head")" = 1 ]
curl -s -o /dev/null -D "$T/rstatic.head" "$REPLICA/static/style.css"
check "replica's nginx: a static file answers 200" grep -q '^HTTP/1.1 200' "$T/rstatic.head"
check "... with the same four headers" has_security_headers "$T/rstatic.head"

# --- meridian check notices a stopped Litestream -----------------------------------------------------
# Running, Litestream copies a save at once: a check just after it passes, even after a
# long idle spell.
save_article "$T/jar" "$TOKEN" while-running "Replicated." >/dev/null
m check > "$T/check.out" 2>&1
check "meridian check just after a save, Litestream running: exit 0" [ $? = 0 ]
check "... with the replication line ok" grep -q '^ok: replication: Litestream, ' "$T/check.out"
litestream_stop
save_article "$T/jar" "$TOKEN" after-stop "Not replicated." >/dev/null
m check > "$T/check.out" 2>&1
RC=$?
check "meridian check with Litestream stopped and a save waiting: exit 1" [ "$RC" = 1 ]
check "... saying so" \
    grep -q '^FAILED: replication: .* bytes of WAL to copy, not copied in 5 s: is litestream running?' \
    "$T/check.out"
sed 's/^/# /' "$T/check.out" | grep replication
finish
