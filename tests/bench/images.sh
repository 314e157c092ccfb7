#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/images.sh: the image pipeline's figures. Not part of the test suite; run it by
# hand (about three minutes):
#
#	sh tests/bench/images.sh [--quick]
#
# Builds Meridian in _build/bench (as run.sh does), makes a 12 MP phone photo with GPS EXIF
# (tests/tools/imgtool photo: 4032 x 3024, stored sideways, 3.5 MB) and measures
#   (a) the photo through image_process(), the call an upload makes (tests/bench/image-run.c):
#       wall time of all variants, the decoding child's peak RSS (getrusage RUSAGE_CHILDREN)
#       and CPU time; the same photo uploaded through nginx and the daemon (one worker): the
#       child's peak RSS as /proc shows it, and the worker's RSS before and after uploads;
#   (b) in Debian's Chromium at 375 px (tests/bench/image-bytes.mjs), the bytes an article
#       with the photo transfers, against the same article with the photo as it was stored
#       before the pipeline (the upload itself, served byte for byte);
#   (c) with wrk, a variant served through the shipped config as it is (nginx keeps variants
#       in its cache), and through a plain FastCGI server block (every request to the daemon),
#       against nginx serving the same bytes as a static file (interleaved rounds, median of
#       the rounds' ratios).
# Writes its "images" section of tests/bench/README (BENCH_OUT names another file) with
# section.sh, leaving the rest of the file as run.sh wrote it. --quick: fewer runs and
# shorter wrk rounds, to check that the script works.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
. tests/bench/lib.sh
quick_flag "$@"
RUNS=5 DUR=5 ROUNDS=3 CONNS=64 UPLOADS=5
[ -z "$QUICK" ] || { RUNS=2 DUR=2 ROUNDS=1 UPLOADS=2; }
RUN=$TOP/_state/bench-images
OUT=${BENCH_OUT:-$TOP/tests/bench/README}
T_START=$(date +%s)

for c in wrk sqlite3 curl node cc; do
	command -v "$c" >/dev/null 2>&1 || die "$c is missing"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is missing"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "chromium is missing"
[ -d tests/browser/node_modules/playwright-core ] || die "tests/browser/node_modules missing (npm ci in tests/browser)"

# --- build ----------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
bench_build
make -s -C "$BUILD" tests/tools/imgtool >/dev/null
cc -std=c11 -O2 -Wall -Wextra -I src -o "$BUILD/image-run" tests/bench/image-run.c \
    "$BUILD/src/libmeridian.a"

rm -rf "$RUN"
mkdir -p "$RUN/md" "$RUN/static"
PHOTO=$RUN/IMG_4032.JPG
"$BUILD/tests/tools/imgtool" photo "$PHOTO" 4032 3024
PHOTO_BYTES=$(wc -c < "$PHOTO")
"$BUILD/tests/tools/imgtool" info "$PHOTO" > "$RUN/photo.info"
grep -q exif-ifd3-GPSLatitude "$RUN/photo.info" || die "the test photo has no GPS position"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- (a) the pipeline on its own ------------------------------------------------------------
say "(a) image_process() on the photo, $RUNS runs"
"$BUILD/image-run" "$PHOTO" "$RUNS" > "$RUN/image-run.out"
field() { awk -v k="$1" '$1 == k { print $2 }' "$RUN/image-run.out"; }
MS_ALL=$(awk '$1 == "ms" { $1 = ""; print }' "$RUN/image-run.out")
MS_MED=$(echo "$MS_ALL" | tr ' ' '\n' | grep . | median)
MS_MIN=$(echo "$MS_ALL" | tr ' ' '\n' | grep . | sort -g | head -n 1)
CHILD_KIB=$(field child_peak_kib)
CHILD_CPU=$(field child_cpu_ms)
SELF_KIB=$(field self_peak_kib)
FULL=$(field full)
VARIANTS=$(sed -n 's/^variants [0-9]* bytes [0-9]*: //p' "$RUN/image-run.out")
VBYTES=$(awk '$1 == "variants" { print $4 }' "$RUN/image-run.out" | tr -d :)
say "   ms: $MS_ALL; child peak $CHILD_KIB KiB"

# --- the site -------------------------------------------------------------------------------
P_MAIN=$(free_port)
P_STATIC=$(free_port)
P_FCGI=$(free_port)
[ "$(printf '%s\n' "$P_MAIN" "$P_STATIC" "$P_FCGI" | sort -u | wc -l)" = 3 ] ||
    die "the same port twice: run again"
B=http://127.0.0.1:$P_MAIN
CONF=$RUN/meridian.conf
SOCK=$RUN/meridian.sock
cat > "$CONF" <<CONF
# written by tests/bench/images.sh
[meridian]
db = $RUN/site.db
templates = $TOP/templates
log_level = warn
password_cost = minimal
max_requests = 0
CONF
m() { "$BIN" "$@" --config "$CONF"; }
m init >/dev/null
m settings set base_url "$B"
printf 'bench-password-one\n' | m user add bench --role editor >/dev/null

MPID= NGX=
nginx_run() { "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" "$@"; }
cleanup() {
	set +e
	[ -n "$NGX" ] && nginx_run -s stop 2>/dev/null
	meridian_stop
	rm -f "$RUN"/access*.log
	rm -rf "$RUN/nginx-tmp" "$RUN/nginx-media-cache"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The shipped server block as it is, and beside it one that serves $RUN/static as files and
# one that passes every request to the daemon (no cache).
sh contrib/nginx/local-conf.sh "$RUN" "$P_MAIN" "$SOCK" "$TOP/www" > "$RUN/nginx.conf"
fcgi_server fcgi "$P_FCGI" "$SOCK" > "$RUN/fcgi.conf"
cat > "$RUN/static.conf" <<NGINX
server {
	listen 127.0.0.1:$P_STATIC;
	server_name 127.0.0.1;
	access_log $RUN/access-static.log;
	location /media/ {
		root $RUN/static;
	}
}
NGINX
sed -i "s|include $RUN/server.conf;|include $RUN/server.conf;\n\tinclude $RUN/static.conf;\n\tinclude $RUN/fcgi.conf;|" "$RUN/nginx.conf"
grep -q 'fastcgi_cache meridian_media;' "$RUN/server.conf" || die "the shipped config no longer caches variants"
nginx_run 2>/dev/null || die "nginx failed: $(cat "$RUN/nginx-error.log")"
NGX=1

# --- (a) the same photo uploaded through the daemon, one worker --------------------------------
say "(a) uploads through nginx and the daemon (one worker)"
meridian_start 1
WORKER=$(pgrep -P "$MPID")
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
J=$RUN/jar
csrf() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$RUN/page.html" | head -n 1; }
for _ in $(seq 1 100); do curl -sf -o /dev/null "$B/_health" && break; sleep 0.05; done
curl -s -b "$J" -c "$J" -o "$RUN/page.html" "$B/admin/login"
code=$(curl -s -b "$J" -c "$J" -o /dev/null -w '%{http_code}' -H "Origin: $B" \
    --data-urlencode "csrf_token=$(csrf)" --data-urlencode username=bench \
    --data-urlencode password=bench-password-one "$B/admin/login")
[ "$code" = 303 ] || die "login: $code"
curl -s -b "$J" -c "$J" -o "$RUN/page.html" "$B/admin/"
TOKEN=$(csrf)
# A public page and the library page once each, so that the worker has run them before the
# first reading.
curl -s -o /dev/null "$B/"
curl -s -b "$J" -c "$J" -o /dev/null "$B/admin/media"

# upload NAME: the photo through the media form; sets UP_CODE, UP_S (curl's total time) and
# UP_CHILD_KIB, the largest VmHWM (peak RSS) of the worker's child seen while it ran, read
# from /proc every 10 ms: a sample, so at most the true peak.
upload() {
	local cpid kids hwm
	curl -s -b "$J" -c "$J" -o /dev/null -w '%{http_code} %{time_total}\n' -H "Origin: $B" \
	    -F "csrf_token=$TOKEN" -F "alt=Needles on a steel tray" \
	    -F "file=@$PHOTO;filename=$1;type=image/jpeg" "$B/admin/media" > "$RUN/upload.out" &
	cpid=$!
	UP_CHILD_KIB=0
	while kill -0 "$cpid" 2>/dev/null; do
		kids=$(cat /proc/"$WORKER"/task/*/children 2>/dev/null || true)
		for k in $kids; do
			hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$k/status" 2>/dev/null || true)
			[ -n "$hwm" ] && [ "$hwm" -gt "$UP_CHILD_KIB" ] && UP_CHILD_KIB=$hwm
		done
		sleep 0.01
	done
	wait "$cpid" || true
	read -r UP_CODE UP_S < "$RUN/upload.out"
	[ "$UP_CODE" = 303 ] || die "upload $1: $UP_CODE"
}
RSS_BEFORE=$(rss_kib "$WORKER")
upload IMG_4032.JPG
RSS_FIRST=$(rss_kib "$WORKER")
UP_FIRST_S=$UP_S
UP_SECONDS=$UP_S
DAEMON_CHILD_KIB=$UP_CHILD_KIB
for i in $(seq 2 $((UPLOADS + 1))); do
	upload "IMG_40$i.JPG"
	[ "$i" != 2 ] || RSS_SECOND=$(rss_kib "$WORKER")
	UP_SECONDS="$UP_SECONDS $UP_S"
	[ "$UP_CHILD_KIB" -gt "$DAEMON_CHILD_KIB" ] && DAEMON_CHILD_KIB=$UP_CHILD_KIB
done
RSS_AFTER=$(rss_kib "$WORKER")
[ "$(pgrep -P "$MPID")" = "$WORKER" ] || die "the worker was replaced during the uploads"
UP_MED=$(echo "$UP_SECONDS" | tr ' ' '\n' | median)
say "   worker RSS $RSS_BEFORE -> $RSS_FIRST -> $RSS_AFTER KiB; uploads $UP_SECONDS s"
ID=$(sqlite3 "$RUN/site.db" "SELECT min(id) FROM media")
NAME=$(sqlite3 "$RUN/site.db" "SELECT name FROM media WHERE id = $ID")
meridian_stop

# --- (b) bytes at 375 px --------------------------------------------------------------------
# The same photo as the site stored it before the pipeline: the uploaded bytes, GPS and all,
# served as they are (an image without variants is, until `meridian media rebuild`).
sqlite3 "$RUN/site.db" "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
    VALUES (9000, 'img-4032-as-uploaded.jpg', 'image/jpeg', $PHOTO_BYTES, 'x', 'Needles on a steel tray',
    readfile('$PHOTO'), 1700000000, 'bench')"
para="Acupuncture needles are sterile, single use and much finer than the needles used for injections; most people feel a brief tingle, then nothing at all."
for a in "now:/media/$ID/$NAME" "before:/media/9000/img-4032-as-uploaded.jpg"; do
	printf -- '---\ntitle: "Our needles (%s)"\nslug: needles-%s\ndate: 2025-03-01T09:00:00Z\nstatus: published\n---\n%s\n\n![Needles on a steel tray](%s)\n\n%s\n\n%s\n' \
	    "${a%%:*}" "${a%%:*}" "$para" "${a#*:}" "$para" "$para" > "$RUN/md/needles-${a%%:*}.md"
done
m import "$RUN/md" >/dev/null
meridian_start 2
for _ in $(seq 1 100); do curl -sf -o /dev/null "$B/_health" && break; sleep 0.05; done
[ "$(curl -s "$B/media/9000/img-4032-as-uploaded.jpg" | cmp - "$PHOTO" && echo same)" = same ] ||
    die "the photo as stored before the pipeline is not served byte for byte"
say "(b) Chromium at 375 px"
node tests/bench/image-bytes.mjs "$B" 375 /articles/needles-now /articles/needles-before > "$RUN/bytes.out"
read -r _ NOW_ALL NOW_IMG NOW_N < <(grep '^/articles/needles-now ' "$RUN/bytes.out")
read -r _ OLD_ALL OLD_IMG OLD_N < <(grep '^/articles/needles-before ' "$RUN/bytes.out")
PCT_ALL=$(awk -v a="$NOW_ALL" -v b="$OLD_ALL" 'BEGIN { printf "%.1f", 100 * a / b }')
PCT_IMG=$(awk -v a="$NOW_IMG" -v b="$OLD_IMG" 'BEGIN { printf "%.1f", 100 * a / b }')
say "   $NOW_ALL bytes now, $OLD_ALL before ($PCT_ALL %)"

# --- (c) a variant: Meridian behind nginx against nginx's static file -----------------------
# The phone's variant (480 px WebP) and the largest one (the full size's WebP), each copied
# byte for byte to the static server's folder at the same path.
vurl() { sqlite3 "$RUN/site.db" "SELECT '/media/$ID/' || width || '-' || substr(sha256, 1, 16) || '.webp'
    FROM media_variants WHERE media_id = $ID AND format = 'webp' ORDER BY width $1 LIMIT 1"; }
V_SMALL=$(vurl ASC)
V_LARGE=$(vurl DESC)
for v in "$V_SMALL" "$V_LARGE"; do
	mkdir -p "$RUN/static$(dirname "$v")"
	curl -s -o "$RUN/static$v" "$B$v"
	curl -s "http://127.0.0.1:$P_STATIC$v" | cmp -s - "$RUN/static$v" || die "$v: static copy differs"
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$B$v")" = 200 ] || die "$v does not answer 200"
	curl -s "$B$v" | cmp -s - "$RUN/static$v" || die "$v: nginx's cached copy differs"
	curl -s "http://127.0.0.1:$P_FCGI$v" | cmp -s - "$RUN/static$v" || die "$v: plain FastCGI copy differs"
done
SMALL_BYTES=$(wc -c < "$RUN/static$V_SMALL")
LARGE_BYTES=$(wc -c < "$RUN/static$V_LARGE")
# wrk_rps PORT PATH SECONDS: requests per second, with errors (non-2xx, socket) counted.
WRK_ERR=0
wrk_rps() {
	local out
	out=$(wrk -t2 -c"$CONNS" -d"$3"s "http://127.0.0.1:$1$2")
	printf '%s\n' "$out" >> "$RUN/wrk.txt"
	WRK_ERR=$(( WRK_ERR + $(printf '%s\n' "$out" | awk '/Non-2xx or 3xx/ { n += $NF }
	    /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }') ))
	printf '%s\n' "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}
say "(c) wrk: warm-up, then $ROUNDS rounds of $DUR s a target"
for v in "$V_SMALL" "$V_LARGE"; do
	wrk_rps "$P_MAIN" "$v" 1 >/dev/null
	wrk_rps "$P_STATIC" "$v" 1 >/dev/null
	wrk_rps "$P_FCGI" "$v" 1 >/dev/null
done
: > "$RUN/rounds"
for r in $(seq 1 "$ROUNDS"); do
	for v in small large; do
		[ $v = small ] && u=$V_SMALL || u=$V_LARGE
		a=$(wrk_rps "$P_FCGI" "$u" "$DUR")
		s=$(wrk_rps "$P_STATIC" "$u" "$DUR")
		c=$(wrk_rps "$P_MAIN" "$u" "$DUR")
		echo "$v $a $s $(ratio "$a" "$s") $c $(ratio "$c" "$s")" >> "$RUN/rounds"
		say "   round $r $v: shipped config $c req/s, plain FastCGI $a, static $s"
	done
done
col() { awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$RUN/rounds" | median; }
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the README section ---------------------------------------------------------------------
MIB() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
	echo "## Images"
	echo
	echo "Written by \`sh tests/bench/images.sh\` (about three minutes; \`--quick\` checks the script);"
	echo "\`run.sh\` keeps this section as it is. The photo: \`tests/tools/imgtool photo\`, 4032 × 3024"
	echo "stored sideways (EXIF orientation 6) with a GPS position, soft light and shade with sensor"
	echo "noise, JPEG quality 92: $PHOTO_BYTES bytes. (a) runs it through \`image_process()\`, the call an"
	echo "upload makes, from \`tests/bench/image-run.c\`: time until every variant is back, and the"
	echo "decoding child's peak RSS from \`getrusage(RUSAGE_CHILDREN)\` (its own pages and those of the"
	echo "parent it touches); then uploads it through nginx and the daemon with one worker, reading"
	echo "the child's VmHWM every 10 ms and the worker's VmRSS. (b) loads, in Chromium at 375 px and a"
	echo "pixel ratio of 1, an article with the photo and the same article with the photo as the site"
	echo "stored it before the pipeline (the uploaded bytes, served as they are), scrolled to the end;"
	echo "bytes are Resource Timing's transferSize (headers and bodies). (c) measures a variant served"
	echo "through the shipped nginx config as it is (it keeps variants in nginx's cache for a minute,"
	echo "then revalidates them with the daemon), and through a plain FastCGI server block that sends"
	echo "every request to the daemon, against nginx serving the same bytes as a file,"
	echo "\`wrk -t2 -c$CONNS\`, $ROUNDS interleaved rounds of $DUR s, the median of the rounds' ratios."
	echo "Through FastCGI alone 0.50 × is out of reach here: the do-nothing FastCGI app of \`run.sh\`"
	echo "reaches about 0.3 × nginx's static file."
	echo
	echo "Latest run: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r)," \
	    "commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet 2>/dev/null || echo '+changes');" \
	    "libvips $(pkg-config --modversion vips), nginx $("$NGINX" -v 2>&1 | sed 's|.*/||');" \
	    "load average $LOAD_BEFORE at the start, $LOAD_AFTER at the end."
	echo
	echo "| what | measured | target | |"
	echo "|---|---|---|---|"
	echo "| 12 MP photo → all variants, \`image_process()\` wall time (ms, median of $RUNS; min) | $MS_MED; min $MS_MIN (runs: $(echo $MS_ALL | tr ' ' ',' | sed 's/,/, /g')) | ≤ 2000 on 2 cores | $(verdict le "$MS_MED" 2000) |"
	echo "| the decoding child's CPU time, user + system (ms a run) | $CHILD_CPU | | |"
	echo "| the decoding child's peak RSS (getrusage) | $(MIB "$CHILD_KIB") MiB | ≤ 256 MiB | $(verdict le "$CHILD_KIB" 262144) |"
	echo "| the child's peak RSS under the daemon (VmHWM, sampled every 10 ms, largest of $((UPLOADS + 1)) uploads) | $(MIB "$DAEMON_CHILD_KIB") MiB | ≤ 256 MiB | $(verdict le "$DAEMON_CHILD_KIB" 262144) |"
	echo "| the worker's RSS: before any upload → after the 1st → after the 2nd → after the $((UPLOADS + 1))th (KiB) | $RSS_BEFORE → $RSS_FIRST → $RSS_SECOND → $RSS_AFTER | unchanged: within 1 MiB of before | $(verdict le "$((RSS_AFTER - RSS_BEFORE))" 1024) |"
	echo "| ... growth from the 2nd upload to the $((UPLOADS + 1))th (KiB) | $((RSS_AFTER - RSS_SECOND)) | none: ≤ 1 MiB (a leak would grow with each) | $(verdict le "$((RSS_AFTER - RSS_SECOND))" 1024) |"
	echo "| an upload through nginx and the daemon, curl's total time (s; first, median of all) | $UP_FIRST_S; $UP_MED | | |"
	echo "| article with the photo at 375 px, bytes transferred: now / with the upload served as it is | $NOW_ALL / $OLD_ALL = $PCT_ALL % (images alone: $NOW_IMG / $OLD_IMG = $PCT_IMG %, $NOW_N and $OLD_N files) | ≤ 15 % | $(verdict le "$PCT_ALL" 15) |"
	echo "| the phone's variant \`${V_SMALL##*/}\` ($SMALL_BYTES bytes) through the shipped config: nginx (its cache) + Meridian / nginx static (req/s) | $(col small 5) / $(col small 3) = $(col small 6) × | ≥ 0.50 × | $(verdict ge "$(col small 6)" 0.50) |"
	echo "| the largest variant \`${V_LARGE##*/}\` ($LARGE_BYTES bytes) through the shipped config (req/s) | $(col large 5) / $(col large 3) = $(col large 6) × | ≥ 0.50 × | $(verdict ge "$(col large 6)" 0.50) |"
	echo "| the phone's variant through plain FastCGI, every request to the daemon (req/s) | $(col small 2) / $(col small 3) = $(col small 4) × | | |"
	echo "| the largest variant through plain FastCGI (req/s) | $(col large 2) / $(col large 3) = $(col large 4) × | | |"
	echo
	echo "Full size $FULL; $(echo "$VARIANTS" | wc -w) variants, $VBYTES bytes in all: $VARIANTS." \
	    "The benchmark process's own peak RSS (it holds the upload and every variant): $(MIB "$SELF_KIB") MiB." \
	    "Errors in the wrk rounds (non-2xx/3xx, socket): $WRK_ERR. Whole run: $(( $(date +%s) - T_START )) s."
} > "$RUN/section.md"

# Into the README: in place of the last run's section, or at the end.
sh "$TOP/tests/bench/section.sh" images "$OUT" < "$RUN/section.md"
echo
cat "$RUN/section.md"
echo
echo "(written to $OUT)"
