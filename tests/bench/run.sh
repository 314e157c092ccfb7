#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/run.sh: Meridian's benchmark. Not part of the test suite; run it by hand:
#
#	sh tests/bench/run.sh [--fresh] [--quick]
#
# It installs what is missing (Debian 12, as root; wrk comes with install-deps.sh --test),
# builds Meridian in _build/bench, generates a site of 10 000 articles (tests/bench/gen.awk,
# deterministic) and imports it into _state/bench/site.db (reused by later runs while the
# generator is unchanged, and migrated by `meridian init`; --fresh redoes it), then, on
# loopback only, runs
# one nginx with the shipped contrib/nginx/meridian.conf (through local-conf.sh) in front of
#   - meridian serve, 2 workers;
#   - tests/bench/ref-fcgi.c, a do-nothing libfcgi app, 2 processes, answering each measured
#     page with the very bytes Meridian sends for it;
#   - tests/bench/ref-render.c, the render floor: a bare SQLite lookup + cmark render + tiny
#     template, 2 processes, on the same database (what any app rendering Markdown per
#     request must pay; its body HTML is checked to be the one in Meridian's page);
#   - the same article body as a static file, served by nginx;
# and a second nginx with a copy of the shipped config whose micro-cache lines are
# uncommented. wrk (c=64, 2 threads) measures every target for BENCH_SECONDS in interleaved
# rounds (BENCH_ROUNDS, median). Then it measures each worker's RSS after 100 000 requests and
# after up to 1 000 000 (a mix of 2 000 articles and list pages; as many as BENCH_LONG_SECONDS
# allow), and the time from `meridian serve` start to the first successful article request.
#
# Prints a table with the ratios and writes tests/bench/README (BENCH_OUT names another file):
# how the benchmark works, then the tables of this run. Commit it with the change it measured;
# tests/bench/profile.sh shows where a request's time goes.
# --quick: 1 round of 2 s and a shorter RSS run, to check that the script works.
# Knobs: BENCH_ARTICLES (10000), BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (64),
# BENCH_LONG_REQUESTS (1000000), BENCH_LONG_SECONDS (240).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
. tests/bench/lib.sh
FRESH= QUICK=
for a in "$@"; do
	case $a in
	--fresh) FRESH=1 ;;
	--quick) QUICK=1 ;;
	*) echo "usage: sh tests/bench/run.sh [--fresh] [--quick]" >&2; exit 2 ;;
	esac
done
N=${BENCH_ARTICLES:-10000}
DUR=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-64}
LONG=${BENCH_LONG_REQUESTS:-1000000}
LONG_S=${BENCH_LONG_SECONDS:-240}
FIRST=100000
if [ -n "$QUICK" ]; then
	DUR=2 ROUNDS=1 FIRST=20000 LONG=60000 LONG_S=30
fi
STATE=$TOP/_state/bench
RUN=$STATE/run
OUT=${BENCH_OUT:-$TOP/tests/bench/README}
T_START=$(date +%s)

# --- what is needed -------------------------------------------------------------------------
contrib/install-deps.sh
command -v wrk >/dev/null 2>&1 || contrib/install-deps.sh --test
command -v wrk >/dev/null 2>&1 || die "wrk is missing (apt-get install wrk)"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- build ----------------------------------------------------------------------------------
mkdir -p "$STATE" "$(dirname "$OUT")"
bench_build
cc -std=c11 -O2 -Wall -Wextra -o "$BUILD/ref-fcgi" tests/bench/ref-fcgi.c -lfcgi
cc -std=c11 -O2 -Wall -Wextra -o "$BUILD/ref-render" tests/bench/ref-render.c -lfcgi -lsqlite3 -lcmark

# --- the site -------------------------------------------------------------------------------
DB=$STATE/site.db
CONF=$STATE/meridian.conf
cat > "$CONF" <<CONF
# written by tests/bench/run.sh
[meridian]
db = $DB
templates = $TOP/templates
workers = 2
log_level = warn
# Never recycle workers, so that RSS after 1 000 000 requests means something.
max_requests = 0
# The generated bodies render in about a millisecond; a loaded machine must not make the
# import refuse one of them.
render_budget_ms = 10000
CONF
m() { "$BIN" "$@" --config "$CONF"; }
KEY=$( (cat tests/bench/gen.awk; echo "$N") | md5sum | cut -d' ' -f1)
IMPORT_S=
if [ -n "$FRESH" ] || [ ! -f "$DB" ] || [ "$(cat "$STATE/site.key" 2>/dev/null)" != "$KEY" ]; then
	say "generating $N articles into $STATE/articles"
	rm -rf "$STATE/articles" "$DB" "$DB-wal" "$DB-shm" "$STATE/site.key"
	mkdir -p "$STATE/articles"
	awk -v N="$N" -v OUT="$STATE/articles" -f tests/bench/gen.awk
	m init >/dev/null
	m settings set site_title "Harbour Street Acupuncture"
	m settings set tagline "Clear, careful writing about acupuncture and your health"
	m settings set base_url "https://harbour-street.example"
	m settings set clinic_name "Harbour Street Acupuncture"
	m settings set clinic_address "14 Harbour Street, Kelmouth KL1 4HS"
	m settings set clinic_phone "01632 960 418"
	m settings set clinic_hours "Mon-Fri 09:00-18:00, Sat 09:00-13:00"
	m settings set booking_url "https://harbour-street.example/services"
	m settings set timezone "Europe/London"
	say "importing (one transaction per article; a few minutes)"
	t0=$(date +%s)
	m import "$STATE/articles" >/dev/null
	IMPORT_S=$(( $(date +%s) - t0 ))
	echo "$KEY" > "$STATE/site.key"
	echo "$IMPORT_S" > "$STATE/import-seconds"
fi
[ -n "$IMPORT_S" ] || IMPORT_S="$(cat "$STATE/import-seconds" 2>/dev/null || echo '?') (earlier run)"
# A site kept from an earlier run is brought to this build's schema (its backup dropped).
m init >/dev/null
rm -f "$DB".pre-v*.bak
NPOSTS=$(sqlite3 "$DB" "SELECT count(*) FROM posts WHERE status = 'published'")
[ "$NPOSTS" -ge "$N" ] || die "the database holds $NPOSTS articles, want $N"

# The measured article: the one whose file has the median size.
AFILE=$(ls -S "$STATE/articles" | sed -n "$(( (N + 1) / 2 ))p")
SLUG=$(sed -n 's/^slug: //p' "$STATE/articles/$AFILE")
TOPIC=$(sqlite3 "$DB" "SELECT t.slug FROM posts p JOIN post_topics pt ON pt.post_id = p.id
    JOIN topics t ON t.id = pt.topic_id WHERE p.slug = '$SLUG' ORDER BY pt.position LIMIT 1")
TOPIC_N=$(sqlite3 "$DB" "SELECT count(*) FROM post_topics pt JOIN topics t ON t.id = pt.topic_id
    WHERE t.slug = '$TOPIC'")
MD_BYTES=$(sqlite3 "$DB" "SELECT length(body_md) FROM posts WHERE slug = '$SLUG'")
# A short article as the clinic writes them: the published one whose Markdown is nearest
# 2.6 KB (a typical article of the clinic's own site).
CLINIC=$(sqlite3 "$DB" "SELECT slug FROM posts WHERE status = 'published' AND kind = 'article'
    ORDER BY abs(length(body_md) - 2600), id LIMIT 1")
CLINIC_MD=$(sqlite3 "$DB" "SELECT length(body_md) FROM posts WHERE slug = '$CLINIC'")
SEARCH=insomnia
SEARCH_N=$(sqlite3 "$DB" "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH '$SEARCH'")

# --- servers --------------------------------------------------------------------------------
rm -rf "$RUN"
mkdir -p "$RUN/static/articles" "$RUN/cache"
SOCK=$RUN/meridian.sock
REFSOCK=$RUN/ref.sock
RENDERSOCK=$RUN/render.sock
MPID= RPID= RENDERPID=
NGX_MAIN= NGX_CACHE=

nginx_run() { "$NGINX" -p "$1" -c "$1/nginx.conf" -e "$1/nginx-error.log" "${@:2}"; }
cleanup() {
	set +e
	[ -n "$NGX_MAIN" ] && nginx_run "$RUN" -s stop 2>/dev/null
	[ -n "$NGX_CACHE" ] && nginx_run "$RUN/cache" -s stop 2>/dev/null
	[ -n "$RPID" ] && kill -TERM "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	[ -n "$RENDERPID" ] && kill -TERM "$RENDERPID" 2>/dev/null && wait "$RENDERPID" 2>/dev/null
	meridian_stop
	# Access logs of millions of requests: gone; the error logs stay for a look.
	rm -f "$RUN"/access*.log "$RUN"/cache/access*.log
	rm -rf "$RUN/nginx-tmp" "$RUN/cache/nginx-tmp" "$RUN/cache/nginx-cache" "$RUN/nginx-media-cache" "$RUN/cache/nginx-media-cache"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting meridian, the reference app and nginx"
meridian_start 2

# The reference answers each measured page with exactly what Meridian writes for it (CGI
# mode gives the same bytes as a worker), and nginx serves the article's body as a static
# file. capture NAME PATH [QUERY]: Meridian's response for PATH into $RUN/NAME.cgi.
capture() {
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET DOCUMENT_URI="$2" QUERY_STRING="${3:-}" \
	    HTTP_HOST=127.0.0.1 MERIDIAN_CONFIG="$CONF" "$BIN" > "$RUN/$1.cgi"
	head -n 1 "$RUN/$1.cgi" | grep -q '^Status: 200' || die "$2 does not answer 200"
}
capture article "/articles/$SLUG"
capture clinic "/articles/$CLINIC"
capture home /
capture topic "/topics/$TOPIC"
capture feed /feed.xml
capture search /search "q=$SEARCH"
# The body starts after the first empty line (CRLF CRLF).
awk 'BEGIN { RS = "\r\n\r\n" } NR == 1 { print length($0) + 4; exit }' "$RUN/article.cgi" \
    > "$RUN/hdrlen"
tail -c +"$(( $(cat "$RUN/hdrlen") + 1 ))" "$RUN/article.cgi" > "$RUN/static/articles/$SLUG"
"$BUILD/ref-fcgi" "$REFSOCK" 2 "/articles/$SLUG=$RUN/article.cgi" \
    "/articles/$CLINIC=$RUN/clinic.cgi" "/=$RUN/home.cgi" "/topics/$TOPIC=$RUN/topic.cgi" \
    "/feed.xml=$RUN/feed.cgi" "/search?q=$SEARCH=$RUN/search.cgi" 2>>"$RUN/ref.log" &
RPID=$!
# The render floor reads the article from the site's database itself.
"$BUILD/ref-render" "$RENDERSOCK" "$DB" 2 2>>"$RUN/render.log" &
RENDERPID=$!

# Ports are picked free, but other programs may take one meanwhile: then again, 5 times.
nginx_up() {
	P_MAIN=$(free_port) P_REF=$(free_port) P_STATIC=$(free_port) P_CACHE=$(free_port)
	P_RENDER=$(free_port)
	[ "$(printf '%s\n' "$P_MAIN" "$P_REF" "$P_STATIC" "$P_CACHE" "$P_RENDER" | sort -u |
	    wc -l)" = 5 ] || return 1
	sh contrib/nginx/local-conf.sh "$RUN" "$P_MAIN" "$SOCK" "$TOP/www" > "$RUN/nginx.conf"
	# The shipped per-address limits (logins, searches) would answer most of a load
	# generator's requests with nginx's own 429: the benchmark measures Meridian.
	sed -i '/^[[:space:]]*limit_req zone=/d' "$RUN/server.conf"
	grep -q 'limit_req zone=' "$RUN/server.conf" && die "could not lift nginx's rate limits"
	# The benchmark's references, next to the shipped server block in the same nginx.
	{
		fcgi_server ref "$P_REF" "$REFSOCK"
		fcgi_server render "$P_RENDER" "$RENDERSOCK"
		static_server "$P_STATIC"
	} > "$RUN/bench-servers.conf"
	sed -i "s|include $RUN/server.conf;|include $RUN/server.conf;\n\tinclude $RUN/bench-servers.conf;|" \
	    "$RUN/nginx.conf"
	nginx_run "$RUN" 2>/dev/null || return 1
	NGX_MAIN=1

	# A copy of the shipped config with the micro-cache lines uncommented, in its own nginx.
	cache_conf "$RUN/cache" "$P_CACHE" "$SOCK"
	nginx_run "$RUN/cache" 2>/dev/null || return 1
	NGX_CACHE=1
}
for try in 1 2 3 4 5; do
	nginx_up && break
	[ -n "$NGX_MAIN" ] && nginx_run "$RUN" -s stop 2>/dev/null
	NGX_MAIN=
	[ "$try" = 5 ] && die "nginx failed: $(cat "$RUN/nginx-error.log" "$RUN/cache/nginx-error.log" 2>/dev/null)"
	sleep 0.2
done

for _ in $(seq 1 100); do
	[ -S "$REFSOCK" ] && curl -sf -o /dev/null "http://127.0.0.1:$P_REF/" &&
	    [ -S "$RENDERSOCK" ] && curl -sf -o /dev/null "http://127.0.0.1:$P_RENDER/articles/$SLUG" &&
	    curl -sf -o /dev/null "http://127.0.0.1:$P_MAIN/_health" && break
	sleep 0.05
done

# Sanity: each target answers as expected, and the three article sources send the same body.
A=/articles/$SLUG
curl -s -D "$RUN/article.headers" -o "$RUN/article.nginx" "http://127.0.0.1:$P_MAIN$A"
curl -s -o "$RUN/article.ref" "http://127.0.0.1:$P_REF$A"
curl -s -o "$RUN/article.static" "http://127.0.0.1:$P_STATIC$A"
curl -s -o "$RUN/article.cache" "http://127.0.0.1:$P_CACHE$A"
for f in ref static cache; do
	cmp -s "$RUN/article.nginx" "$RUN/article.$f" || die "article bytes differ: meridian vs $f"
done
PAGE_BYTES=$(wc -c < "$RUN/article.nginx")
ETAG=$(sed -n 's/^ETag: *\([^\r]*\).*/\1/ip' "$RUN/article.headers")
[ -n "$ETAG" ] || die "the article has no ETag"
# The render floor answers 200 and its body, cmark's HTML between the template's </h1> and
# </main>, is in Meridian's page unchanged: both render the same Markdown the same way.
curl -s -D "$RUN/render.headers" -o "$RUN/article.render" "http://127.0.0.1:$P_RENDER$A"
head -n 1 "$RUN/render.headers" | grep -q ' 200 ' ||
    die "the render floor does not answer 200: $(cat "$RUN/render.log")"
RENDER_PAGE=$(cat "$RUN/article.render")
RENDER_BODY=${RENDER_PAGE#*</h1>}
RENDER_BODY=${RENDER_BODY%</main>}
[ "${#RENDER_BODY}" -gt 1000 ] || die "the render floor's page has no body"
MERIDIAN_PAGE=$(cat "$RUN/article.nginx")
[[ $MERIDIAN_PAGE == *"$RENDER_BODY"* ]] ||
    die "the render floor's HTML is not in Meridian's page (see $RUN/article.render)"
RENDER_BYTES=$(wc -c < "$RUN/article.render")
unset RENDER_PAGE RENDER_BODY MERIDIAN_PAGE
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code -H "If-None-Match: $ETAG" "http://127.0.0.1:$P_MAIN$A")" = 304 ] || die "no 304 for the ETag"
# Each page from Meridian and from the reference: the same bytes.
for u in "/articles/$CLINIC" / "/topics/$TOPIC" /feed.xml "/search?q=$SEARCH"; do
	[ "$(curl -s -o "$RUN/page.main" -w '%{http_code}' "http://127.0.0.1:$P_MAIN$u")" = 200 ] ||
	    die "$u does not answer 200"
	curl -s -o "$RUN/page.ref" "http://127.0.0.1:$P_REF$u"
	cmp -s "$RUN/page.main" "$RUN/page.ref" || die "$u: the reference's bytes differ from Meridian's"
	[ "$u" != "/articles/$CLINIC" ] || CLINIC_BYTES=$(wc -c < "$RUN/page.main")
done

# --- throughput rounds ----------------------------------------------------------------------
# name|port|path|extra wrk header
TARGETS="article|$P_MAIN|$A|
clinic|$P_MAIN|/articles/$CLINIC|
home|$P_MAIN|/|
topic|$P_MAIN|/topics/$TOPIC|
feed|$P_MAIN|/feed.xml|
search|$P_MAIN|/search?q=$SEARCH|
ref-clinic|$P_REF|/articles/$CLINIC|
ref-home|$P_REF|/|
ref-topic|$P_REF|/topics/$TOPIC|
ref-feed|$P_REF|/feed.xml|
ref-search|$P_REF|/search?q=$SEARCH|
revalidate|$P_MAIN|$A|If-None-Match: $ETAG
article-searched|$P_MAIN|$A|
static|$P_STATIC|$A|
reference|$P_REF|$A|
render-floor|$P_RENDER|$A|
cached|$P_CACHE|$A|"

# When wrk stops, requests it gave up on may still be queued at a slow target (a search at
# c=64); the next target must not wait behind them. Waits until a health check is quick.
settle() {
	local t
	for _ in $(seq 1 50); do
		t=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$P_MAIN/_health")
		awk -v t="$t" 'BEGIN { exit !(t < 0.005) }' && return 0
		sleep 0.1
	done
}
# wrk_run NAME PORT PATH HEADER SECONDS: prints "rps p50 p99 errors requests".
wrk_run() {
	local out
	if [ -n "$4" ]; then
		out=$(wrk -t2 -c"$CONNS" -d"$5"s --latency -H "$4" "http://127.0.0.1:$2$3")
	else
		out=$(wrk -t2 -c"$CONNS" -d"$5"s --latency "http://127.0.0.1:$2$3")
	fi
	printf '%s\n' "$out" >> "$RUN/wrk-$1.txt"
	settle
	printf '%s\n' "$out" | wrk_figures
}

# While "article-searched" is measured, one more client loops searches of one or two random
# letters, each with a cache-buster, as one visitor could: the article's p99 must hold.
cat > "$RUN/short-search.lua" <<'LUA'
local letters = "abcdefghijklmnopqrstuvwxyz"
request = function()
	local q = ""
	for _ = 1, math.random(1, 2) do
		local k = math.random(1, 26)
		q = q .. letters:sub(k, k)
	end
	return wrk.format("GET", "/search?q=" .. q .. "&x=" .. math.random(1, 1000000000))
end
LUA
# short_searches ROUND SECONDS: that client, in the background, its output kept per round.
short_searches() {
	wrk -t1 -c1 -d"$2"s --latency -s "$RUN/short-search.lua" "http://127.0.0.1:$P_MAIN/" \
	    > "$RUN/short-search.$1.txt" 2>&1
}

say "warm-up: 1 s per target"
printf '%s\n' "$TARGETS" | while IFS='|' read -r name port path hdr; do
	wrk_run "$name" "$port" "$path" "$hdr" 1 >/dev/null
done
mkdir -p "$RUN/res"
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS: $DUR s per target, c=$CONNS"
	printf '%s\n' "$TARGETS" | while IFS='|' read -r name port path hdr; do
		lpid=
		if [ "$name" = article-searched ]; then
			short_searches "$r" $((DUR + 2)) &
			lpid=$!
			sleep 1
		fi
		res=$(wrk_run "$name" "$port" "$path" "$hdr" "$DUR")
		[ -z "$lpid" ] || wait "$lpid"
		echo "$res" > "$RUN/res/$name.$r"
		printf '   %-10s %s\n' "$name" "$res" >&2
	done
done

# --- RSS after 100 000 and 1 000 000 requests -------------------------------------------------
# A fresh master, so the counts are exact; the mix is 2 000 different articles with a list
# page after every 9th (home pages 1-50, topic pages, feeds, searches; see below).
say "RSS: fresh workers, a mix of 2 000 articles and list pages"
meridian_stop
meridian_start 2
{
	echo "paths = {"
	i=0
	topics=$(sqlite3 "$DB" "SELECT slug FROM topics ORDER BY id")
	set -- $topics
	ntop=$#
	sed -n 's/^slug: //p' $(ls "$STATE/articles" | awk 'NR % 5 == 0' |
	    sed "s|^|$STATE/articles/|") | while read -r s; do
		i=$((i + 1))
		printf '"/articles/%s",\n' "$s"
		# After every 9th article a list page, in a cycle of 20: 9 home pages (1-50), 8
		# topic pages, a feed, a topic's feed and a search (0.5 % of all requests).
		if [ $((i % 9)) = 0 ]; then
			k=$((i / 9))
			case $((k % 20)) in
			[0-8]) printf '"/?page=%d",\n' $((k % 50 + 1)) ;;
			9|1[0-6]) eval "t=\${$((k % ntop + 1))}"; printf '"/topics/%s",\n' "$t" ;;
			17) printf '"/feed.xml",\n' ;;
			18) eval "t=\${$((k % ntop + 1))}"; printf '"/topics/%s/feed.xml",\n' "$t" ;;
			19) printf '"/search?q=%s",\n' "$(echo "insomnia pain needles stress evidence migraine posture fertility nausea" |
			    cut -d' ' -f$((k / 20 % 9 + 1)))" ;;
			esac
		fi
	done
	echo "}"
	cat <<'LUA'
i = 0
init = function(args)
	i = math.random(#paths)
end
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
LUA
} > "$RUN/mix.lua"
NMIX=$(grep -c '^"/' "$RUN/mix.lua")

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
workers_rss() { local p; for p in $(pgrep -P "$MPID"); do rss_kib "$p"; done | sort -n | tr '\n' ' '; }
# Private memory (anonymous pages), without the shared libraries' pages that RSS counts.
workers_anon() { local p; for p in $(pgrep -P "$MPID"); do awk '/^Anonymous:/ { print $2 }' "/proc/$p/smaps_rollup"; done | sort -n | tr '\n' ' '; }
SERVED=0 MIX_ERR=0
# After each 5 s batch: "requests-served largest-worker-RSS" into rss.samples. A worker's RSS
# is a sawtooth (free heap pages go back every 1 000 requests, see worker.c), so two single
# readings can differ by 500 KiB either way; growth is judged on the trend of all samples.
: > "$RUN/rss.samples"
serve_until() {
	local want=$1 limit=$2 t0 res
	t0=$(date +%s)
	while [ "$SERVED" -lt "$want" ] && [ $(( $(date +%s) - t0 )) -lt "$limit" ]; do
		res=$(wrk -t2 -c"$CONNS" -d5s -s "$RUN/mix.lua" "http://127.0.0.1:$P_MAIN/")
		SERVED=$(( SERVED + $(printf '%s\n' "$res" | awk '/requests in/ { print $1 }') ))
		MIX_ERR=$(( MIX_ERR + $(printf '%s\n' "$res" | awk '/Non-2xx or 3xx/ { n = $NF } END { print n + 0 }') ))
		echo "$SERVED $(workers_rss | tr ' ' '\n' | sort -n | tail -n 1)" >> "$RUN/rss.samples"
	done
}
RSS0=$(workers_rss)
serve_until "$FIRST" 600
N1=$SERVED
RSS1=$(workers_rss)
ANON1=$(workers_anon)
say "   after $N1 requests: RSS $RSS1 KiB"
serve_until "$LONG" "$LONG_S"
N2=$SERVED
RSS2=$(workers_rss)
ANON2=$(workers_anon)
say "   after $N2 requests: RSS $RSS2 KiB"
WORKERS_NOW=$(pgrep -P "$MPID" | wc -l)
RSS1_MAX=$(echo "$RSS1" | tr ' ' '\n' | sort -n | tail -n 1)
# From N1 on: the least-squares slope of the largest worker's RSS against requests served,
# as KiB over the whole stretch (slope x (N2 - N1)), and the samples' range.
read -r GROWTH NSAMPLES RSS_LO RSS_HI <<<"$(awk -v from="$N1" '$1 >= from {
	n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2
	if (lo == "" || $2 < lo) lo = $2; if ($2 > hi) hi = $2; first = (first == "" ? $1 : first); last = $1 }
	END { d = n * sxx - sx * sx; slope = (n > 1 && d > 0) ? (n * sxy - sx * sy) / d : 0
	printf "%.0f %d %d %d\n", slope * (last - first), n, lo, hi }' "$RUN/rss.samples")"

# --- time from `meridian serve` to the first answered article --------------------------------
say "start-up: time to the first 200 (5 tries)"
# Sets START_MS (not in a $(...) subshell: MPID must stay this shell's, for the next stop).
first_ms() {
	local t0 t1 line now
	meridian_stop
	rm -f "$SOCK"
	t0=$EPOCHREALTIME
	"$BIN" serve --config "$CONF" --listen "unix:$SOCK" --workers 2 >>"$RUN/meridian.log" 2>&1 &
	MPID=$!
	while :; do
		line=
		if exec 3<>"/dev/tcp/127.0.0.1/$P_MAIN"; then
			printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$A" >&3
			IFS= read -r line <&3 || line=
			exec 3<&-
		fi
		case $line in *" 200 "*) break ;; esac
		now=$EPOCHREALTIME
		[ $(( ${now/./} - ${t0/./} )) -lt 10000000 ] || die "no answer 10 s after start"
	done
	t1=$EPOCHREALTIME
	START_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
}
STARTS=
for _ in 1 2 3 4 5; do
	first_ms
	STARTS="$STARTS $START_MS"
done
START_MED=$(echo "$STARTS" | tr ' ' '\n' | grep . | median)
START_MAX=$(echo "$STARTS" | tr ' ' '\n' | grep . | sort -g | tail -n 1)

# --- the report -------------------------------------------------------------------------------
row() {	# name, its reference (the do-nothing app sending the same bytes), label, url, target text, verdict
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$3" "$4" "$(med "$1" 1)" \
	    "$(med "$1" 2)" "$(med "$1" 3)" "$(rratio "$1" "$2")" "$5" "$6"
}
# page NAME REF LABEL URL MIN: a page against the reference sending its bytes, target MIN.
page() {
	row "$1" "$2" "$3" "$4" "≥ $5 × ref" "$(verdict ge "$(rratio "$1" "$2")" "$5")"
}
# article NAME REF LABEL URL: an article's targets, req/s and p99.
article() {
	row "$1" "$2" "$3" "$4" "≥ 0.90 × ref; p99 ≤ 1.3 × ref's ($(rratio "$1" "$2" 3) ×)" \
	    "$(verdict ge "$(rratio "$1" "$2")" 0.90)$( le "$(rratio "$1" "$2" 3)" 1.3 || echo ', p99 **not met**')"
}
ERRORS=0
for t in $(printf '%s\n' "$TARGETS" | cut -d'|' -f1); do
	ERRORS=$(( ERRORS + $(sum_errors "$t") ))
done
# Other scripts' sections (tests/bench/section.sh) follow this run's part and are kept.
SECTIONS=$(sed -n '/^<!-- begin /,$p' "$OUT" 2>/dev/null || true)
{
	sed -n '/^: <<.HEADER./,/^HEADER$/p' "$TOP/tests/bench/run.sh" | sed '1d;$d'
	echo "## The latest run"
	echo
	echo "Meridian benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r)," \
	    "commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet 2>/dev/null || echo '+changes')."
	echo "$NPOSTS articles ($(du -m "$DB" | cut -f1) MB database; import ${IMPORT_S} s)." \
	    "wrk -t2 -c$CONNS, ${DUR} s a target, $ROUNDS interleaved rounds, medians;" \
	    "each ratio is the median of the rounds' ratios;" \
	    "nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), 1 nginx worker; 2 FastCGI processes each."
	echo "Article: \`$A\` ($MD_BYTES bytes of Markdown, $PAGE_BYTES bytes of HTML); the short" \
	    "article \`/articles/$CLINIC\` ($CLINIC_MD bytes of Markdown, $CLINIC_BYTES of HTML);" \
	    "topic \`$TOPIC\` ($TOPIC_N articles); search \`$SEARCH\` ($SEARCH_N hits)." \
	    "Each page's reference is the do-nothing app sending that page's very bytes."
	echo
	echo "| what | URL | req/s | p50 ms | p99 ms | × reference | target | |"
	echo "|---|---|---|---|---|---|---|---|"
	article article reference "article" "$A"
	article clinic ref-clinic "short article" "/articles/$CLINIC"
	page home ref-home "home page" "/" 0.85
	page topic ref-topic "topic page" "/topics/$TOPIC" 0.85
	page feed ref-feed "Atom feed" "/feed.xml" 0.80
	page search ref-search "search" "/search?q=$SEARCH" 0.30
	row revalidate reference "304 revalidation" "$A + If-None-Match" "" ""
	row article-searched reference "article while one client loops 1-2 letter searches" "$A" \
	    "p99 ≤ 2 × the article's ($(rratio article-searched article 3) ×)" \
	    "$(verdict le "$(rratio article-searched article 3)" 2.0)"
	row reference reference "do-nothing libfcgi app" "$A" "" ""
	for t in clinic home topic feed search; do
		row "ref-$t" reference "do-nothing app, the $t page's bytes" \
		    "$(printf '%s\n' "$TARGETS" | awk -F'|' -v n="ref-$t" '$1 == n { print $3 }')" "" ""
	done
	row render-floor reference "bare SQLite lookup + cmark + tiny template" "$A" "" ""
	row static reference "nginx static file" "$A" "" ""
	row cached reference "article, micro-cache on" "$A" "≥ 0.70 × static ($(rratio cached static) ×)" \
	    "$(verdict ge "$(rratio cached static)" 0.70)"
	echo
	SS_RPS=$(for r in $(seq 1 "$ROUNDS"); do awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$RUN/short-search.$r.txt"; done | median)
	SS_P99=$(for r in $(seq 1 "$ROUNDS"); do to_ms "$(awk '$1 == "99%" { print $2 }' "$RUN/short-search.$r.txt")"; echo; done | median)
	echo "The looping client's own searches (\`/search?q=\` one or two random letters" \
	    "and a cache-buster, one connection): $SS_RPS searches/s, p99 $SS_P99 ms (medians of the rounds)."
	echo
	echo "Article vs the render floor (bare lookup + cmark + tiny template, same body;" \
	    "$RENDER_BYTES bytes a page): $(rratio article render-floor) × its req/s," \
	    "p99 $(rratio article render-floor 3) × its p99."
	echo
	# A shared machine can slow down for minutes: then the rounds disagree and so do ratios.
	STEADY="steady enough"
	for t in reference static; do
		ge "$(spread "$t")" 1.25 && STEADY="**not steady: the ratios above are unreliable, run again**"
	done
	echo "Steadiness: the reference ranged $(range reference) req/s over the rounds and nginx" \
	    "static $(range static) (max/min $(spread reference) and $(spread static); over 1.25 the" \
	    "machine was busy with something else): $STEADY."
	echo
	echo "| memory and start-up | measured | target | |"
	echo "|---|---|---|---|"
	echo "| RSS per worker after $N1 requests (KiB, each worker) | $RSS1 | ≤ 8192 + render_cache (4096) | $(verdict le "$RSS1_MAX" 12288) |"
	echo "| RSS per worker after $N2 requests (KiB, each worker) | $RSS2; trend from $N1 to $N2 requests: $GROWTH KiB ($NSAMPLES samples of the largest worker, $RSS_LO–$RSS_HI) | no growth (trend ≤ 1 % of 8 MiB) | $(verdict le "$GROWTH" 82) |"
	echo "| \`meridian serve\` start to first article answered (ms, median of 5) | $START_MED (max $START_MAX) | ≤ 100 | $(verdict le "$START_MED" 100) |"
	echo
	echo "RSS at start: $RSS0 KiB; of RSS, private (anonymous) memory after $N1 requests: $ANON1 KiB," \
	    "after $N2: $ANON2 KiB (the rest is shared library pages)." \
	    "RSS mix: $NMIX URLs (2 000 articles, list pages, feeds, searches);" \
	    "$WORKERS_NOW workers alive at the end, $MIX_ERR non-2xx/3xx in the mix," \
	    "$ERRORS errors or non-2xx/3xx in the rounds. Whole run: $(( $(date +%s) - T_START )) s."
	[ -z "$SECTIONS" ] || printf '\n%s\n' "$SECTIONS"
} > "$OUT"
echo
cat "$OUT"
echo
echo "(written to $OUT)"
exit 0

# What tests/bench/README says before the tables, written there by every run.
: <<'HEADER'
# Meridian's benchmark

Written by `sh tests/bench/run.sh` (about 10 minutes; `--quick` checks the script in two,
`--fresh` regenerates the site). Nothing in the test suite is timed: speed is measured here,
against references measured in the same run on the same machine.

How it measures. The script builds Meridian in `_build/bench`, writes 10 000 articles with
`tests/bench/gen.awk` (deterministic; 2-20 KB of Markdown each, 1-3 of 24 topics, ten years
of dates) and imports them into `_state/bench/`. On loopback, one nginx runs the shipped
server block in front of four FastCGI targets, two processes each:

- `meridian serve`;
- `tests/bench/ref-fcgi.c`, a do-nothing libfcgi app answering each measured page with the
  very bytes Meridian sends for it (the reference: the ceiling of any FastCGI app here, so a
  page's ratio shows what Meridian adds, not what its size costs);
- `tests/bench/ref-render.c`, the render floor: one SQLite lookup, cmark, a tiny template
  (what any app that renders Markdown on each request must pay);
- the article body as a static file served by nginx itself.

A second nginx runs the shipped config with its micro-cache uncommented. `wrk -t2 -c64`
measures each target for 5 s in three interleaved rounds; each ratio is the median of the
rounds' own ratios, since targets in one round saw the same machine, and a steadiness line
flags a run whose reference rounds disagree by more than 1.25 x (a shared machine can slow
down for minutes: run again). Then each worker's RSS after 100 000 requests of a mix (2 000
articles, list pages, feeds, searches) and after as many more as four minutes allow (growth
is the least-squares trend of samples every 5 s, since a worker's RSS is a sawtooth), and
the time from starting `meridian serve` to the first article answered. Workers keep rendered
bodies (`render_cache`, 4 MiB by default), so the article is rendered once per worker; the
render floor still renders on every request. One more target measures the article while a
single extra client loops searches of one or two random letters with cache-busters: its p99
against the article's own shows what one visitor can do to everyone else.

`sh tests/bench/profile.sh` (`URL=` for another page) counts, for a warm worker of Meridian
and of the do-nothing app sending the same bytes, the instructions a request (callgrind,
exact on a shared machine; Meridian's by part: cmark, SQLite, templates, libfcgi, the rest)
and the system calls a request by name (strace), and takes perf samples under load. It
writes the "profile" section at the end of this file: where a ratio falls short, that
section says what Meridian does per request that the reference does not. An optimisation
stays only while the profile shows it pays on a hot path.

HEADER
