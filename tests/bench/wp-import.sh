#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/bench/wp-import.sh: how long `meridian import` takes on a big WordPress export, and how
# much memory. Not part of the test suite; run it by hand:
#
#	bash tests/bench/wp-import.sh
#
# Builds Meridian in _build/bench (as run.sh does), writes a 10 000-post export with
# tests/bench/wp-export.awk (deterministic; BENCH_WP_POSTS for another size) to _state/bench/,
# imports it into a fresh database under /usr/bin/time -v, and writes its figures as the
# "wp-import" section of tests/bench/README (BENCH_OUT names another file) with section.sh.
# Targets: at most 120 s and 64 MiB of RSS on this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
N=${BENCH_WP_POSTS:-10000}
STATE=$TOP/_state/bench
BUILD=$TOP/_build/bench
OUT=${BENCH_OUT:-$TOP/tests/bench/README}

[ -x /usr/bin/time ] || { echo "wp-import: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
# MERIDIAN_BIN: a meridian built elsewhere (a tree configured in place cannot also build in
# _build/bench); its flags are then the figures' too.
BIN=${MERIDIAN_BIN:-$BUILD/meridian}
if [ -z "${MERIDIAN_BIN:-}" ]; then
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
		autoreconf -fi >/dev/null
	fi
	mkdir -p "$BUILD"
	[ -f "$BUILD/Makefile" ] || (cd "$BUILD" && "$TOP/configure" -q)
	make -s -C "$BUILD" -j"$(nproc)" >/dev/null
fi
mkdir -p "$STATE"

XML=$STATE/wp-$N.xml
if [ ! -s "$XML" ] || [ tests/bench/wp-export.awk -nt "$XML" ]; then
	awk -v N="$N" -f tests/bench/wp-export.awk > "$XML.tmp" && mv "$XML.tmp" "$XML"
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/meridian-wp-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
"$BIN" init --db "$W/site.db" > /dev/null
/usr/bin/time -v "$BIN" import --db "$W/site.db" "$XML" > "$W/out" 2> "$W/time" ||
    { tail -n 30 "$W/time" >&2; exit 1; }
field() { sed -n "s/^[[:space:]]*$1: //p" "$W/time"; }
wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
rss=$(field 'Maximum resident set size (kbytes)')
user=$(field 'User time (seconds)')
sys=$(field 'System time (seconds)')
posts=$(sqlite3 "$W/site.db" 'select count(*) from posts' 2>/dev/null || echo '?')
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "met" : "**not met**" }'; }

{
	echo "## Importing a WordPress export"
	echo
	echo "\`bash tests/bench/wp-import.sh\`, $(date -u +%Y-%m-%d): \`meridian import\` of a generated"
	echo "export of $N posts ($(du -m "$XML" | cut -f1) MB, \`tests/bench/wp-export.awk\`) into a fresh database, on"
	cflags=$(sed -n 's/^CFLAGS = //p' "$(dirname "$BIN")/Makefile" 2>/dev/null | head -n 1)
	echo "$(nproc) cores, under \`/usr/bin/time -v\`, built with CFLAGS \`${cflags:-?}\`."
	echo "Each post is its own transaction; during the import commits skip their fsync (WAL with \`synchronous=NORMAL\`: each commit stays atomic, a crash"
	echo "loses the last posts whole), and the last transaction, the redirects', commits with FULL,"
	echo "which syncs the log of every post before it."
	echo
	echo "| import of $N posts | measured | target | |"
	echo "|---|---|---|---|"
	echo "| wall clock (s) | $wall (user $user, system $sys) | ≤ 120 | $(verdict "$wall" 120) |"
	echo "| peak RSS (KiB) | $rss | ≤ 65536 | $(verdict "$rss" 65536) |"
	echo
	echo "Report: $(grep -E '^(articles|pages|saved|images|redirects):' "$W/out" | tr '\n' ';' | sed 's/;$//; s/;/; /g'); $posts posts in the database."
} > "$W/section"
cat "$W/section"
sh "$TOP/tests/bench/section.sh" wp-import "$OUT" < "$W/section"
echo "(written to $OUT)"
