#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/bench/wp-import.sh: how long `meridian import` takes on a big WordPress export, and how
# much memory. Not part of the test suite; run it by hand:
#
#	bash tests/bench/wp-import.sh
#
# Builds Meridian in _build/bench (as run.sh does), writes a 10 000-post export with
# tests/bench/wp-export.awk (deterministic; BENCH_WP_POSTS for another size) to _state/bench/,
# and a 41 000-post one (about 200 MB; BENCH_WP_LARGE), imports each into a fresh database
# under /usr/bin/time -v, and writes its figures as the
# "wp-import" section of tests/bench/README (BENCH_OUT names another file) with section.sh.
# Targets: at most 120 s and 64 MiB of RSS on this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
N=${BENCH_WP_POSTS:-10000}
LARGE=${BENCH_WP_LARGE:-41000}
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

W=$(mktemp -d "${TMPDIR:-/tmp}/meridian-wp-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
# measure N: imports a generated export of N posts into a fresh database; sets wall, rss,
# user, sys, posts (in the database), mb (the export's size) and report.
measure() {
	local n=$1 xml=$STATE/wp-$1.xml
	if [ ! -s "$xml" ] || [ tests/bench/wp-export.awk -nt "$xml" ]; then
		awk -v N="$n" -f tests/bench/wp-export.awk > "$xml.tmp" && mv "$xml.tmp" "$xml"
	fi
	rm -f "$W"/site.db*
	"$BIN" init --db "$W/site.db" > /dev/null
	/usr/bin/time -v "$BIN" import --db "$W/site.db" "$xml" > "$W/out" 2> "$W/time" ||
	    { tail -n 30 "$W/time" >&2; exit 1; }
	wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
	rss=$(field 'Maximum resident set size (kbytes)')
	user=$(field 'User time (seconds)')
	sys=$(field 'System time (seconds)')
	posts=$(sqlite3 "$W/site.db" 'select count(*) from posts' 2>/dev/null || echo '?')
	mb=$(du -m "$xml" | cut -f1)
	report=$(grep -E '^(articles|pages|saved|images|redirects):' "$W/out" | tr '\n' ';' | sed 's/;$//; s/;/; /g')
}
field() { sed -n "s/^[[:space:]]*$1: //p" "$W/time"; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "met" : "**not met**" }'; }

# The export is streamed, so memory must not grow with its size: a second, larger export
# (about 200 MB by default) is held to the same bound.
measure "$LARGE"
l_wall=$wall l_rss=$rss l_user=$user l_sys=$sys l_posts=$posts l_mb=$mb
measure "$N"
{
	echo "## Importing a WordPress export"
	echo
	echo "\`bash tests/bench/wp-import.sh\`, $(date -u +%Y-%m-%d): \`meridian import\` of a generated"
	echo "export of $N posts ($mb MB, \`tests/bench/wp-export.awk\`) into a fresh database, and of one"
	echo "of $LARGE posts ($l_mb MB) to show that memory does not grow with the export's size, on"
	cflags=$(sed -n 's/^CFLAGS = //p' "$(dirname "$BIN")/Makefile" 2>/dev/null | head -n 1)
	echo "$(nproc) cores, under \`/usr/bin/time -v\`, built with CFLAGS \`${cflags:-?}\`."
	echo "Each post is its own transaction; during the import commits skip their fsync (WAL with \`synchronous=NORMAL\`: each commit stays atomic, a crash"
	echo "loses the last posts whole), and the last transaction, the redirects', commits with FULL,"
	echo "which syncs the log of every post before it."
	echo
	echo "| import | measured | target | |"
	echo "|---|---|---|---|"
	echo "| $N posts ($mb MB): wall clock (s) | $wall (user $user, system $sys) | ≤ 120 | $(verdict "$wall" 120) |"
	echo "| $N posts: peak RSS (KiB) | $rss | ≤ 65536 | $(verdict "$rss" 65536) |"
	echo "| $LARGE posts ($l_mb MB): wall clock (s) | $l_wall (user $l_user, system $l_sys) | | |"
	echo "| $LARGE posts: peak RSS (KiB) | $l_rss | ≤ 65536 | $(verdict "$l_rss" 65536) |"
	echo
	echo "Report of the $N-post import: $report; $posts posts in the database ($l_posts after the larger one)."
} > "$W/section"
cat "$W/section"
sh "$TOP/tests/bench/section.sh" wp-import "$OUT" < "$W/section"
echo "(written to $OUT)"
