# SPDX-License-Identifier: ISC
# tests/lib/env.sh: sourced by every end-to-end test. It starts the real daemon and real
# nginx (the shipped contrib/nginx/meridian.conf with only paths and the port substituted) in a
# temporary folder on a free loopback port, and offers small HTTP and assertion helpers.
# Environment: MERIDIAN_BIN, MERIDIAN_SRCDIR (set by `make check`); MERIDIAN_WRAP, a command
# prefix for the daemon (valgrind in CI's valgrind pass).
set -u
: "${MERIDIAN_BIN:?set by make check}" "${MERIDIAN_SRCDIR:?set by make check}"
SRC=$MERIDIAN_SRCDIR
T=$(mktemp -d "${TMPDIR:-/tmp}/meridian-e2e.XXXXXX")
DB=$T/site.db
SOCK=$T/meridian.sock
PASS=0
FAIL=0
MERIDIAN_PID=
NGINX_STARTED=

# The valgrind pass: the daemon (master and workers) runs under memcheck; finish() fails the
# test if any process logged an error or a definite leak.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	MERIDIAN_WRAP="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$T/valgrind.%p.log"
fi

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "nginx missing: skip"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "curl missing: skip"; exit 77; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

pass() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }

# free_port: claims a free loopback port for this test's life and sets FREE_PORT. Tests run
# in parallel (make -j, and other work trees on the same machine), so a probe alone could hand
# two of them the same port: each port is claimed by an flock on a file in one folder shared by
# every test, taken without waiting and held on an fd of the test's shell (inherited by its
# daemons) until the test and all it started have exited, so a port nobody holds cannot be
# handed out twice. The probe then skips a port something outside the tests listens on.
# Call it in the test's own shell, not in $(...): a subshell's lock ends with the subshell.
PORT_LOCKS=${MERIDIAN_PORT_LOCKS:-/tmp/meridian-test-ports}
free_port() {
	local p fd
	mkdir -p "$PORT_LOCKS" 2>/dev/null && chmod 1777 "$PORT_LOCKS" 2>/dev/null
	for _ in $(seq 1 200); do
		# Below Linux's ephemeral range (32768-60999): there, a curl of a parallel test may
		# hold the port.
		p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 12000))
		{ exec {fd}>>"$PORT_LOCKS/$p"; } 2>/dev/null || continue
		if flock -n "$fd" && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			FREE_PORT=$p
			return 0
		fi
		exec {fd}>&-
	done
	echo "no free port (is flock, from util-linux, there?)" >&2
	return 1
}
free_port || exit 99
PORT=$FREE_PORT
BASE=http://127.0.0.1:$PORT

# file_server DIR LOG: python3's plain HTTP server of DIR on loopback, standing in for another
# site; its requests go to LOG. Sets FILE_PORT and FILE_PID (the test kills it when done).
file_server() {
	free_port || return 1
	FILE_PORT=$FREE_PORT
	(cd "$1" && exec python3 -m http.server --bind 127.0.0.1 "$FILE_PORT") 2> "$2" &
	FILE_PID=$!
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$FILE_PORT/" && return 0
		sleep 0.05
	done
	echo "the stand-in server on port $FILE_PORT did not start" >&2
	return 1
}

m() { "$MERIDIAN_BIN" "$@" --db "$DB" --config "$T/meridian.conf"; }

write_conf() {
	cat > "$T/meridian.conf" <<CONF
# written by tests/lib/env.sh
[meridian]
db = $DB
templates = ${TEMPLATES:-$SRC/templates}
log_level = ${LOG_LEVEL:-warn}
request_timeout = ${REQUEST_TIMEOUT:-30}
max_requests = ${MAX_REQUESTS:-100000}
render_budget_ms = ${RENDER_BUDGET_MS:-2000}
CONF
}
write_conf

db_init() { m init >/dev/null || { echo "init failed"; exit 99; }; }

# Starts meridian serve; waits until the socket answers.
meridian_start() {
	${MERIDIAN_WRAP:-} "$MERIDIAN_BIN" serve --config "$T/meridian.conf" \
	    --listen "unix:$SOCK" --workers "${WORKERS:-2}" \
	    >>"$T/meridian.log" 2>&1 &
	MERIDIAN_PID=$!
	for _ in $(seq 1 300); do
		[ -S "$SOCK" ] && worker_pids | grep -q . && return 0
		kill -0 "$MERIDIAN_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "meridian did not start:"; cat "$T/meridian.log"
	return 1
}

# The master's children: the workers. Read from /proc with shell builtins, as tests poll it
# every few milliseconds and a pgrep can take 100 ms on a busy machine; pgrep where the kernel
# has no /proc/PID/task/TID/children.
worker_pids() {
	local f p kids
	[ -n "$MERIDIAN_PID" ] || return 0
	for f in /proc/"$MERIDIAN_PID"/task/*/children; do
		if [ ! -r "$f" ]; then
			[ -d /proc/"$MERIDIAN_PID" ] && pgrep -P "$MERIDIAN_PID" 2>/dev/null
			return 0
		fi
		read -r -a kids < "$f" 2>/dev/null
		for p in "${kids[@]}"; do echo "$p"; done
	done
}

# none_of "PIDS" "PIDS2": no pid of the first list is in the second.
none_of() { local p; for p in $1; do case " $2 " in *" $p "*) return 1 ;; esac; done; return 0; }
# some_new "PIDS" "OLD": a pid of the first list is not in the second.
some_new() { local p; for p in $1; do case " $2 " in *" $p "*) ;; *) return 0 ;; esac; done; return 1; }

# now_ms: the wall clock in milliseconds (bash 5's EPOCHREALTIME: no process started).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

meridian_stop() {
	[ -n "$MERIDIAN_PID" ] || return 0
	kill -TERM "$MERIDIAN_PID" 2>/dev/null
	for _ in $(seq 1 200); do
		kill -0 "$MERIDIAN_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$MERIDIAN_PID" 2>/dev/null
	wait "$MERIDIAN_PID" 2>/dev/null
	MERIDIAN_PID=
}

# nginx with the shipped server block, paths and port substituted, nothing else changed;
# or, with an argument, with that server block file instead.
nginx_start() {
	sh "$SRC/contrib/nginx/local-conf.sh" "$T" "$PORT" "$SOCK" "$SRC/www" > "$T/nginx.conf"
	if [ -n "${1:-}" ]; then
		sed -i "s|include $T/server.conf;|include $1;|" "$T/nginx.conf"
	fi
	"$NGINX" -p "$T" -c "$T/nginx.conf" -e "$T/nginx-error.log" || {
		echo "nginx failed:"; cat "$T/nginx-error.log"; return 1; }
	NGINX_STARTED=1
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$BASE/_health" && return 0
		sleep 0.05
	done
	return 0
}

nginx_stop() {
	[ -n "$NGINX_STARTED" ] || return 0
	"$NGINX" -p "$T" -c "$T/nginx.conf" -e "$T/nginx-error.log" -s stop 2>/dev/null
	NGINX_STARTED=
}

site_start() { meridian_start && nginx_start; }

cleanup() {
	nginx_stop
	meridian_stop
	if [ "$FAIL" -gt 0 ] || [ -n "${KEEP_TMP:-}" ]; then
		echo "# state kept in $T"
		[ -f "$T/meridian.log" ] && tail -n 30 "$T/meridian.log" | sed 's/^/# /'
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT

# GET (or another method with -X) PATH; sets STATUS and SIZE (body bytes received), leaves
# $T/body and $T/headers. curl writes no file for an empty body, so start from an empty one.
req() {
	local path=$1 out; shift
	: > "$T/body"
	out=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code} %{size_download}' \
	    "$@" "$BASE$path")
	STATUS=${out% *}
	SIZE=${out#* }
}
header() { grep -i "^$1:" "$T/headers" | head -n 1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'; }
# paced CMD...: runs a request command (req, ureq, ...) for a login step; while nginx's own
# rate limit refuses it (429 without Retry-After: Meridian's throttle always sends one),
# waits a second as a person would and tries again, five times at most. The suite logs in
# far faster than staff do; the limit itself is tested in staff-security.sh.
paced() {
	local i
	for i in 1 2 3 4 5; do
		"$@"
		[ "$STATUS" = 429 ] && [ -z "$(header Retry-After)" ] || return 0
		sleep 1
	done
}
body_has() { grep -qF -- "$1" "$T/body"; }
body_lacks() { ! grep -qF -- "$1" "$T/body"; }
status_is() { [ "$STATUS" = "$1" ] || { echo "# got status $STATUS, want $1"; return 1; }; }
# quiet COMMAND...: COMMAND with its output thrown away; for `check D quiet CMD`, whereas
# `check D CMD >/dev/null` would throw away check's own "ok"/"not ok" line.
quiet() { "$@" >/dev/null; }
# got STATUS COMMAND...: the last response has STATUS and COMMAND succeeds; for checks of a
# body, which prove nothing on an error page (an error page lacks every article).
got() { status_is "$1" || return 1; shift; "$@"; }
# between VALUE MIN MAX: VALUE is a whole number from MIN to MAX (an empty VALUE fails).
between() {
	[ -n "$1" ] && [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ] ||
	    { echo "# got '$1', want $2 to $3"; return 1; }
}

# wait_lines FILE N: until FILE has at least N lines, at most 10 s; for a request loop to be
# under way, or a log line to be written, rather than a fixed sleep.
wait_lines() {
	local n end=$(( $(now_ms) + 10000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		n=$(wc -l < "$1" 2>/dev/null) && [ "$n" -ge "$2" ] && return 0
		sleep 0.01
	done
	echo "# $1: ${n:-no} lines after 10 s, want $2"
	return 1
}

# Writes an article file: write_md FILE TITLE SLUG [extra front matter lines] < body
write_md() {
	local f=$1 title=$2 slug=$3; shift 3
	{
		echo "---"
		echo "title: \"$title\""
		echo "slug: $slug"
		for l in "$@"; do echo "$l"; done
		echo "---"
		cat
	} > "$f"
}

# sanitizer_clean FILE: true when FILE holds no sanitizer report; shows the first one if so.
sanitizer_clean() {
	local pat='ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error: |SUMMARY: (Address|Undefined|Leak)'
	grep -qE "$pat" "$1" || return 0
	grep -m 1 -A 12 -E "$pat" "$1" | sed 's/^/# /'
	return 1
}

finish() {
	if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
		meridian_stop
		bad=$(find "$T" -name 'valgrind.*.log' -size +0 | head -n 3)
		check "valgrind: no memory errors or leaks in the daemon" [ -z "$bad" ]
		for f in $bad; do sed 's/^/# /' "$f" | head -n 40; done
	fi
	# The sanitizer pass: a report from the daemon's master or a worker (their stderr is
	# meridian.log) fails the test even when every response it checked looked right.
	if [ -f "$T/meridian.log" ]; then
		meridian_stop
		check "no AddressSanitizer, LeakSanitizer or UBSan report in the daemon's log" \
		    sanitizer_clean "$T/meridian.log"
	fi
	echo "# $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}
