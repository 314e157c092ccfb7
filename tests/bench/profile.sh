#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/profile.sh: where the time of one page request goes, beside the do-nothing
# libfcgi app sending the same bytes (the benchmark's reference). Run after
# tests/bench/run.sh (it uses the site and the programs that run.sh made):
#
#	sh tests/bench/profile.sh [N]
#
# 1. callgrind (instructions, exact and repeatable on a shared machine): one worker under
#    valgrind --tool=callgrind answers 20 requests for the page through nginx with the shipped
#    config, then another answers 20 + N (200): the difference is the instructions of N
#    requests of a warm worker, nothing of its start, first render or end. Meridian's are split
#    into cmark, SQLite, templates, libfcgi and the rest (what Meridian's own code does
#    between). The reference (tests/bench/ref-fcgi.c) is measured the same way.
# 2. strace -c (system calls, each of which costs a switch into the kernel): one worker of
#    each, without valgrind, over N requests: calls a request, by name.
# 3. perf (time, including the kernel), when perf can sample cpu-clock: two workers under
#    wrk c=64 for 5 s, samples by library.
# Prints the result and writes it to _artifacts/profile.md (PROFILE_OUT) and as the "profile"
# section of tests/bench/README (BENCH_OUT names another file; tests/bench/section.sh).
# BIN= another meridian binary, DB= another database (for a before/after comparison; then
# only _artifacts/profile.md is written), URL= another page (default: the benchmark's
# article).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
N=${1:-200}
STATE=$TOP/_state/bench
DEFAULT_BIN=$TOP/_build/bench/meridian
BIN=${BIN:-$DEFAULT_BIN}
DB=${DB:-$STATE/site.db}
REF=$TOP/_build/bench/ref-fcgi
OUT=${PROFILE_OUT:-$TOP/_artifacts/profile.md}
README_OUT=${BENCH_OUT:-$TOP/tests/bench/README}
RUN=$STATE/profile
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$DB" ] && [ -x "$BIN" ] && [ -x "$REF" ] || { echo "run sh tests/bench/run.sh first" >&2; exit 1; }
for t in valgrind strace; do
	command -v "$t" >/dev/null || { echo "$t missing (contrib/install-deps.sh --test)" >&2; exit 1; }
done
mkdir -p "$(dirname "$OUT")"
rm -rf "$RUN"
mkdir -p "$RUN"
SOCK=$RUN/meridian.sock
cat > "$RUN/meridian.conf" <<CONF
[meridian]
db = $DB
templates = $TOP/templates
log_level = warn
max_requests = 0
CONF
AFILE=$(ls -S "$STATE/articles" | sed -n "$(( ($(ls "$STATE/articles" | wc -l) + 1) / 2 ))p")
A=${URL:-/articles/$(sed -n 's/^slug: //p' "$STATE/articles/$AFILE")}
MPID= NG=
cleanup() {
	set +e
	[ -n "$NG" ] && "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" -s stop
	[ -n "$MPID" ] && kill -TERM "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
	rm -rf "$RUN/nginx-tmp"
}
trap cleanup EXIT
PORT=$((20000 + RANDOM % 12000))
sh contrib/nginx/local-conf.sh "$RUN" "$PORT" "$SOCK" "$TOP/www" > "$RUN/nginx.conf"
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"
NG=1
up() {	# wait for the socket and the first answer
	for _ in $(seq 1 600); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$A")" = 200 ] && return 0
		sleep 0.05
	done
	echo "no answer on $SOCK" >&2
	exit 1
}
requests() { local i; for i in $(seq 1 "$1"); do curl -s -o /dev/null "http://127.0.0.1:$PORT$A"; done; }
# worker: the pid of MPID's one child (the FastCGI process that answers).
worker() {
	local p
	for _ in $(seq 1 100); do
		p=$(pgrep -P "$MPID" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
	done
	echo "no worker under $MPID" >&2
	exit 1
}
stop() { kill -TERM "$MPID"; wait "$MPID" || true; MPID=; rm -f "$SOCK"; }

# The reference answers with exactly Meridian's bytes for the page (CGI mode gives the same).
GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET DOCUMENT_URI="${A%%\?*}" \
    QUERY_STRING="$(case $A in *\?*) echo "${A#*\?}" ;; esac)" HTTP_HOST=127.0.0.1 \
    MERIDIAN_CONFIG="$RUN/meridian.conf" "$BIN" > "$RUN/page.cgi"
head -n 1 "$RUN/page.cgi" | grep -q '^Status: 200' || { echo "$A does not answer 200" >&2; exit 1; }
serve_meridian() {	# [WRAPPER...]
	"$@" "$BIN" serve --config "$RUN/meridian.conf" --listen "unix:$SOCK" --workers 1 \
	    2>>"$RUN/meridian.log" &
	MPID=$!
}
serve_reference() {	# [WRAPPER...]
	"$@" "$REF" "$SOCK" 1 "$A=$RUN/page.cgi" 2>>"$RUN/ref.log" &
	MPID=$!
}

# --- callgrind: N warm requests of each --------------------------------------------------------
# callgrind_run WHO K: WHO's worker under callgrind answers K requests and stops; its
# instructions, annotated (inclusive), into $RUN/WHO.K.txt.
callgrind_run() {
	local f
	rm -f "$RUN/cg-$1".*
	"serve_$1" valgrind --tool=callgrind --callgrind-out-file="$RUN/cg-$1.%p"
	up
	requests "$(( $2 - 1 ))"
	stop
	# The worker's file is the larger one (the master's holds only start-up).
	f=$(ls -S "$RUN/cg-$1".* | head -n 1)
	callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null > "$RUN/$1.$2.txt"
}
# Two runs, 20 and 20 + N requests: every figure below is the difference of the two, so the
# worker's start, its first (rendering) requests and its end cancel out, and what is left is
# N requests of a warm worker.
for who in meridian reference; do
	echo "== callgrind: $who, 1 worker, 20 and $((20 + N)) requests for $A" >&2
	callgrind_run "$who" 20
	callgrind_run "$who" "$((20 + N))"
done

# ir WHO FUNCTION...: the sum of their inclusive instruction counts over the N requests.
ir() {
	local who=$1 f s=0 v k
	shift
	for k in "$((20 + N))" 20; do
		for f in "$@"; do
			# The first line naming it is its total (lines are sorted, largest first).
			v=$(awk -v f=":$f" 'index($0, f " ") || substr($0, length($0) - length(f) + 1) == f {
			    gsub(/,/, "", $1); print $1; exit }' "$RUN/$who.$k.txt")
			if [ "$k" = 20 ]; then s=$((s - ${v:-0})); else s=$((s + ${v:-0})); fi
		done
	done
	echo "$s"
}
total() {
	local a b
	a=$(awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1; exit }' "$RUN/$1.$((20 + N)).txt")
	b=$(awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1; exit }' "$RUN/$1.20.txt")
	echo $((a - b))
}
TOTAL=$(total meridian)
REF_TOTAL=$(total reference)
CMARK=$(ir meridian md_render)
SQL=$(ir meridian sqlite3_step sqlite3_reset sqlite3_clear_bindings sqlite3_bind_text \
    sqlite3_bind_int64 sqlite3_bind_int sqlite3_bind_double sqlite3_column_text \
    sqlite3_column_int64 sqlite3_column_bytes sqlite3_column_type sqlite3_column_double)
TMPL=$(ir meridian tmpl_render tmpl_scope_new tmpl_scope_free tmpl_set_str tmpl_set_strn \
    tmpl_set_printf tmpl_set_raw_owned tmpl_set_bool tmpl_list_add)
# (FCGX_GetStr reads the parameters inside FCGX_Accept_r, and a GET has no body to read.)
FCGI=$(ir meridian FCGX_Accept_r FCGX_Finish_r FCGX_PutStr FCGX_GetParam)
READING=$(ir meridian md_reading_minutes)
OTHER=$((TOTAL - CMARK - SQL - TMPL - FCGI - READING))
pct() { awk -v a="$1" -v t="$TOTAL" 'BEGIN { printf "%.0f %%", 100 * a / t }'; }
per() { awk -v a="$1" -v n="$N" 'BEGIN { printf "%.1f", a / n / 1000 }'; }

# --- strace: system calls a request -------------------------------------------------------------
# strace_one NAME SERVE: "name calls-per-request" lines into $RUN/NAME.sys.
strace_one() {
	local w s
	echo "== strace: $1, 1 worker, $N requests" >&2
	"$2"
	up
	requests 20
	w=$(worker)
	strace -c -o "$RUN/strace-$1.txt" -p "$w" 2>/dev/null &
	s=$!
	sleep 0.5
	requests "$N"
	sleep 0.2
	kill -INT "$s"
	wait "$s" || true
	stop
	# Rows: % time, seconds, usecs/call, calls, [errors,] name.
	awk -v n="$N" '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {
	    printf "%s %.1f\n", $NF, $4 / n }' "$RUN/strace-$1.txt" | sort > "$RUN/$1.sys"
}
strace_one meridian serve_meridian
strace_one reference serve_reference
sys_total() { awk '{ s += $2 } END { printf "%.1f", s }' "$1"; }
# One row per system call either makes: calls a request by each.
SYS_TABLE=$(join -a1 -a2 -e 0 -o 0,1.2,2.2 "$RUN/meridian.sys" "$RUN/reference.sys" |
    awk '{ printf "| %s | %s | %s |\n", $1, $2, $3 }')

# --- perf ----------------------------------------------------------------------------------------
PERF=
if command -v perf >/dev/null 2>&1 && command -v wrk >/dev/null 2>&1 &&
    perf record -e cpu-clock -o "$RUN/perf.test" -- true >/dev/null 2>&1; then
	echo "== perf: 2 workers, wrk c=64, 5 s" >&2
	"$BIN" serve --config "$RUN/meridian.conf" --listen "unix:$SOCK" --workers 2 \
	    2>>"$RUN/meridian.log" &
	MPID=$!
	up
	wrk -t2 -c64 -d1s "http://127.0.0.1:$PORT$A" >/dev/null
	wrk -t2 -c64 -d7s "http://127.0.0.1:$PORT$A" > "$RUN/wrk.txt" &
	WPID=$!
	sleep 1
	perf record -e cpu-clock -o "$RUN/perf.data" -p "$(pgrep -P "$MPID" | paste -sd,)" \
	    -- sleep 5 >/dev/null 2>&1
	wait "$WPID"
	PERF=$(perf report -i "$RUN/perf.data" --stdio --no-children --sort dso 2>/dev/null |
	    awk '/%/ && $1 + 0 >= 0.5 { sub(/^.*\//, "", $2); printf "| %s | %s |\n", $2, $1 }')
fi

{
	echo "## Profile of one request"
	echo
	echo "Profile of \`$A\` ($(wc -c < "$RUN/page.cgi") bytes with the head), $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet -- src 2>/dev/null || echo '+changes'), written by \`sh tests/bench/profile.sh\`."
	echo
	echo "A warm worker, $N requests (callgrind): Meridian $(per "$TOTAL") thousand instructions and $(sys_total "$RUN/meridian.sys") system calls a request; the do-nothing app sending the same bytes $(per "$REF_TOTAL") thousand and $(sys_total "$RUN/reference.sys"). That difference is what Meridian adds to every request, and what the benchmark's ratio for this page measures."
	echo
	echo "| part of Meridian's request | k instructions / request | share |"
	echo "|---|---|---|"
	echo "| cmark (parse + render HTML, md_render) | $(per "$CMARK") | $(pct "$CMARK") |"
	echo "| SQLite (step, bind, column, reset) | $(per "$SQL") | $(pct "$SQL") |"
	echo "| templates (values and rendering) | $(per "$TMPL") | $(pct "$TMPL") |"
	echo "| libfcgi (accept, params, write, finish) | $(per "$FCGI") | $(pct "$FCGI") |"
	echo "| reading time (word count of the body) | $(per "$READING") | $(pct "$READING") |"
	echo "| the rest (request parsing, routing, headers, copies, malloc) | $(per "$OTHER") | $(pct "$OTHER") |"
	echo
	echo "System calls a request (strace -c, one worker, $N requests):"
	echo
	echo "| call | Meridian | do-nothing app |"
	echo "|---|---|---|"
	echo "$SYS_TABLE"
	if [ -n "$PERF" ]; then
		echo
		echo "perf, cpu-clock samples of 2 workers under wrk c=64 (time, kernel included):"
		echo
		echo "| library | share of samples |"
		echo "|---|---|"
		echo "$PERF"
	fi
} > "$OUT"
cat "$OUT"
echo "(written to $OUT)"
# The README's section holds the shipped binary's profile, not a comparison's.
if [ "$BIN" = "$DEFAULT_BIN" ] && [ "$DB" = "$STATE/site.db" ]; then
	sh tests/bench/section.sh profile "$README_OUT" < "$OUT"
	echo "(and to the \"profile\" section of $README_OUT)"
fi
