#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/profile.sh: where the time of one article request goes. Run after
# tests/bench/run.sh (it uses the site that run.sh made in _state/bench):
#
#	sh tests/bench/profile.sh [N]
#
# 1. callgrind (instructions, exact and repeatable on a shared machine): one worker under
#    valgrind --tool=callgrind answers N requests (200) for the benchmark's article through
#    nginx with the shipped config; the worker's instructions per request are split into
#    cmark, SQLite, templates, libfcgi and the rest (what Meridian's own code does between).
# 2. perf (time, including the kernel: socket writes, accept, SQLite's file locks), when
#    perf can sample cpu-clock: two workers under wrk c=64 for 5 s, samples by library.
# Writes _artifacts/profile.md (PROFILE_OUT) and prints it. BIN= another meridian binary,
# DB= another database (for a before/after comparison), URL= another page (default: the
# benchmark's article).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
N=${1:-200}
STATE=$TOP/_state/bench
BIN=${BIN:-$TOP/_build/bench/meridian}
DB=${DB:-$STATE/site.db}
OUT=${PROFILE_OUT:-$TOP/_artifacts/profile.md}
RUN=$STATE/profile
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$DB" ] && [ -x "$BIN" ] || { echo "run sh tests/bench/run.sh first" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind missing (contrib/install-deps.sh --test)" >&2; exit 1; }
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
PORT=$((30000 + RANDOM % 20000))
sh contrib/nginx/local-conf.sh "$RUN" "$PORT" "$SOCK" "$TOP/www" > "$RUN/nginx.conf"
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"
NG=1
up() {	# wait for the socket and the first answer
	for _ in $(seq 1 600); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$A")" = 200 ] && return 0
		sleep 0.05
	done
	echo "meridian did not answer" >&2
	exit 1
}

# --- callgrind ---------------------------------------------------------------------------------
echo "== callgrind: 1 worker, $N requests for $A" >&2
valgrind --tool=callgrind --callgrind-out-file="$RUN/callgrind.%p" \
    "$BIN" serve --config "$RUN/meridian.conf" --listen "unix:$SOCK" --workers 1 \
    2>"$RUN/valgrind.log" &
MPID=$!
up
for _ in $(seq 1 "$N"); do curl -s -o /dev/null "http://127.0.0.1:$PORT$A"; done
kill -TERM "$MPID"
wait "$MPID" || true
MPID=
# The worker's file is the larger one (the master's holds only start-up).
CG=$(ls -S "$RUN"/callgrind.* | head -n 1)
callgrind_annotate --inclusive=yes --threshold=100 "$CG" 2>/dev/null > "$RUN/annotate.txt"
# ir FUNCTION...: the sum of their inclusive instruction counts.
ir() {
	local f s=0 v
	for f in "$@"; do
		# The first line naming it is its total (lines are sorted, largest first).
		v=$(awk -v f=":$f" 'index($0, f " ") || substr($0, length($0) - length(f) + 1) == f {
		    gsub(/,/, "", $1); print $1; exit }' "$RUN/annotate.txt")
		s=$((s + ${v:-0}))
	done
	echo "$s"
}
REQS=$((N + 1))
TOTAL=$(( $(ir worker_main) - $(ir app_open) - $(ir fcgi_new) ))
CMARK=$(ir md_render)
SQL=$(ir sqlite3_step sqlite3_reset sqlite3_clear_bindings sqlite3_bind_text sqlite3_bind_int64 \
    sqlite3_bind_int sqlite3_bind_double sqlite3_column_text sqlite3_column_int64 sqlite3_column_bytes \
    sqlite3_column_type sqlite3_column_double)
TMPL=$(ir tmpl_render tmpl_scope_new tmpl_scope_free tmpl_set_str tmpl_set_strn tmpl_set_printf \
    tmpl_set_raw_owned tmpl_set_bool tmpl_list_add)
FCGI=$(ir FCGX_Accept_r FCGX_Finish_r FCGX_PutStr FCGX_GetParam FCGX_GetStr)
READING=$(ir md_reading_minutes)
OTHER=$((TOTAL - CMARK - SQL - TMPL - FCGI - READING))
pct() { awk -v a="$1" -v t="$TOTAL" 'BEGIN { printf "%.0f %%", 100 * a / t }'; }
per() { awk -v a="$1" -v n="$REQS" 'BEGIN { printf "%.0f", a / n / 1000 }'; }

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
	echo "Profile of one article request ($A), $(date -u +%Y-%m-%dT%H:%MZ), binary $BIN."
	echo
	echo "callgrind, one worker, $REQS requests: $(per "$TOTAL") thousand instructions a request."
	echo
	echo "| part | k instructions / request | share |"
	echo "|---|---|---|"
	echo "| cmark (parse + render HTML, md_render) | $(per "$CMARK") | $(pct "$CMARK") |"
	echo "| SQLite (step, bind, column, reset) | $(per "$SQL") | $(pct "$SQL") |"
	echo "| templates (values and rendering) | $(per "$TMPL") | $(pct "$TMPL") |"
	echo "| libfcgi (accept, params, write, finish) | $(per "$FCGI") | $(pct "$FCGI") |"
	echo "| reading time (word count of the body) | $(per "$READING") | $(pct "$READING") |"
	echo "| the rest (request parsing, routing, headers, copies, malloc) | $(per "$OTHER") | $(pct "$OTHER") |"
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
