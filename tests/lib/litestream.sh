# tests/lib/litestream.sh: sourced after env.sh by the Litestream tests. Finds Litestream
# 0.3.13 (installed by `npm ci` in tests/replicate, or $LITESTREAM, or on the PATH) or skips
# the test, and runs it with the shipped contrib/litestream/litestream.yml, only its paths
# substituted.
# SPDX-License-Identifier: ISC
LITESTREAM=${LITESTREAM:-$SRC/tests/replicate/node_modules/@flydotio/litestream-linux-x64/litestream}
[ -x "$LITESTREAM" ] || LITESTREAM=$(command -v litestream 2>/dev/null)
[ -n "$LITESTREAM" ] && [ -x "$LITESTREAM" ] || {
	echo "litestream missing (npm ci in tests/replicate installs 0.3.13): skip"; exit 77; }
LS_VERSION=$("$LITESTREAM" version 2>/dev/null)
case $LS_VERSION in
v0.3.*) ;;
*) echo "litestream $LS_VERSION found, these tests need 0.3.13: skip"; exit 77 ;;
esac
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
LS_PID=

# primary_setup PASSWORD: the primary's database in $T/primary with the editor "staff", and
# Litestream replicating it to $T/replica. Meridian is not started yet.
primary_setup() {
	mkdir -p "$T/primary"
	DB=$T/primary/site.db
	write_conf
	echo "password_cost = minimal" >> "$T/meridian.conf"
	db_init
	printf '%s\n' "$1" | m user add staff --role editor >/dev/null 2>&1 ||
	    { echo "user add failed"; exit 99; }
	litestream_conf "$DB" "$T/replica"
	litestream_start
}

# litestream_conf DB REPLICA_DIR: the shipped configuration for DB, replicating to the folder.
litestream_conf() {
	sed -e "s|/var/lib/meridian/meridian.db|$1|" \
	    -e "s|/var/backups/meridian/litestream|$2|" \
	    "$SRC/contrib/litestream/litestream.yml" > "$T/litestream.yml"
}

# litestream_start: replicates as $T/litestream.yml says; its log is $T/litestream.log.
litestream_start() {
	"$LITESTREAM" replicate -config "$T/litestream.yml" >>"$T/litestream.log" 2>&1 &
	LS_PID=$!
}

litestream_stop() {
	[ -n "$LS_PID" ] || return 0
	kill -TERM "$LS_PID" 2>/dev/null
	wait "$LS_PID" 2>/dev/null
	LS_PID=
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds; 1 if it did not
# within SECONDS (by the clock: on a busy machine one try can take a while).
wait_for() {
	local end=$((SECONDS + $1)); shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# now: seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# login JAR USER PASS: logs in on $BASE with a cookie jar; prints the session's CSRF token.
login() {
	local jar=$1 tok
	curl -s -c "$jar" -b "$jar" "$BASE/admin/login" -o "$T/login.html"
	tok=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
	curl -s -c "$jar" -b "$jar" -o /dev/null -H "Origin: $BASE" --data-urlencode "csrf_token=$tok" \
	    --data-urlencode "username=$2" --data-urlencode "password=$3" "$BASE/admin/login"
	curl -s -c "$jar" -b "$jar" "$BASE/admin/" |
	    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1
}

# save_article JAR TOKEN SLUG BODY: creates a published article; prints the HTTP status.
save_article() {
	curl -s -o /dev/null -w '%{http_code}' -b "$1" -H "Origin: $BASE" \
	    --data-urlencode "csrf_token=$2" --data-urlencode "title=Drill $3" \
	    --data-urlencode "slug=$3" --data-urlencode "summary=Saved by the drill" \
	    --data-urlencode "body=$4" --data-urlencode kind=article \
	    --data-urlencode status=published --data-urlencode publish_at= \
	    "$BASE/admin/articles/new"
}

litestream_cleanup() { [ -z "$LS_PID" ] || kill -KILL "$LS_PID" 2>/dev/null; }
trap 'litestream_cleanup; cleanup' EXIT
