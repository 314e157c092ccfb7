#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/bench/peers.sh: Meridian beside a peer. Not part of the test suite; run it by hand, as
# root (about five minutes):
#
#	sh tests/bench/peers.sh [--quick]
#
# Publishes one clinic article (contrib/demo/03-headache-and-migraine.md; BENCH_PEER_ARTICLE
# names another) twice: in Meridian by `meridian import`, and in WordPress 6.1 from Debian's
# packages (tests/tools/wp-env.sh: its own MariaDB and php-fpm in one folder, installed if
# missing, no page cache) as a post whose content is the HTML `meridian render` makes of the
# same Markdown. One nginx on loopback serves, each on its own port,
#   - the shipped Meridian server block in front of `meridian serve` (2 workers);
#   - WordPress through php-fpm (4 processes), with pretty permalinks;
#   - tests/bench/ref-fcgi.c, the do-nothing libfcgi app (2 processes) answering with the
#     bytes Meridian sends for the article;
#   - Meridian's page for the article as a static file.
# wrk measures the four in interleaved rounds with the same settings (BENCH_SECONDS, 10;
# BENCH_ROUNDS, 5; BENCH_CONNECTIONS, 8: at about 30 req/s WordPress keeps 8 connections
# waiting a quarter of a second each, far more would only measure its queue), and the figures
# become the "peers" section of tests/bench/README (BENCH_OUT names another file) through
# section.sh. Everything started here is stopped at the end; nothing under /etc or /var/lib
# is written. --quick: one round of 3 s, to check that the script works.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
. tests/bench/lib.sh
. tests/tools/wp-env.sh
quick_flag "$@"
DUR=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-5}
CONNS=${BENCH_CONNECTIONS:-8}
[ -z "$QUICK" ] || { DUR=3 ROUNDS=1; }
MD=${BENCH_PEER_ARTICLE:-$TOP/contrib/demo/03-headache-and-migraine.md}
RUN=$TOP/_state/bench-peers
OUT=${BENCH_OUT:-$TOP/tests/bench/README}
T_START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

[ "$(id -u)" = 0 ] || die "run it as root (it installs WordPress, MariaDB and php-fpm if missing)"
for c in wrk curl cc; do
	command -v "$c" >/dev/null 2>&1 || die "$c is missing"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is missing"
[ -f "$MD" ] || die "no article $MD"

bench_build
cc -std=c11 -O2 -Wall -Wextra -o "$BUILD/ref-fcgi" tests/bench/ref-fcgi.c -lfcgi

# --- the article in Meridian ------------------------------------------------------------------
rm -rf "$RUN"
mkdir -p "$RUN/import" "$RUN/static/articles"
CONF=$RUN/meridian.conf
SOCK=$RUN/meridian.sock
REFSOCK=$RUN/ref.sock
cat > "$CONF" <<CONF
# written by tests/bench/peers.sh
[meridian]
db = $RUN/site.db
templates = $TOP/templates
workers = 2
log_level = warn
max_requests = 0
CONF
m() { "$BIN" "$@" --config "$CONF"; }
m init >/dev/null
m settings set site_title "Harbour Street Acupuncture"
m settings set clinic_name "Harbour Street Acupuncture"
m settings set timezone "Europe/London"
cp "$MD" "$RUN/import/"
m import "$RUN/import" >"$RUN/import.log" 2>&1 || { cat "$RUN/import.log" >&2; die "meridian import failed"; }
front() { sed -n '2,/^---$/p' "$MD" | sed -n "s/^$1: //p" | head -n 1; }
SLUG=$(front slug) TITLE=$(front title) DATE=$(front date) SUMMARY=$(front summary)
TOPICS=$(sed -n '2,/^---$/p' "$MD" | sed -n 's/^  - //p' | paste -sd,)
[ -n "$SLUG" ] && [ -n "$TITLE" ] || die "$MD has no slug or title in its front matter"
A=/articles/$SLUG
m render "$MD" > "$RUN/body.html"
MD_BYTES=$(sed '1,/^---$/d' "$MD" | wc -c)

# --- the same article in WordPress ------------------------------------------------------------
P_MAIN=$(free_port) P_REF=$(free_port) P_STATIC=$(free_port) P_WP=$(free_port)
[ "$(printf '%s\n' "$P_MAIN" "$P_REF" "$P_STATIC" "$P_WP" | sort -u | wc -l)" = 4 ] ||
    die "the same port twice: run again"
say "WordPress in $RUN/wp (MariaDB, a fresh site)"
wp_env_install "$RUN/wp" "http://127.0.0.1:$P_WP"
# From here on everything started is stopped at the end (this replaces wp-env's own trap).
MPID= RPID= NGX=
nginx_run() { "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" "$@"; }
cleanup() {
	set +e
	[ -n "$NGX" ] && nginx_run -s stop 2>/dev/null
	[ -n "$RPID" ] && kill -TERM "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	meridian_stop
	wp_env_stop
	rm -f "$RUN"/access*.log
	rm -rf "$RUN/nginx-tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$RUN/wp-post.php" <<'PHP'
<?php
// Publishes one post, as its author would: HTML content, its categories, its date and its
// excerpt; prints the post's path.
require getenv('WP_DIR') . '/wp/wp-load.php';
[, $html, $slug, $title, $date_gmt, $excerpt, $topics] = $argv;
wp_set_current_user(1);
$cats = [];
foreach (array_filter(explode(',', $topics)) as $t) {
	$term = term_exists($t, 'category') ?: wp_insert_term($t, 'category');
	if (is_wp_error($term)) { fwrite(STDERR, $term->get_error_message() . "\n"); exit(1); }
	$cats[] = (int)$term['term_id'];
}
$gmt = gmdate('Y-m-d H:i:s', strtotime($date_gmt));
$id = wp_insert_post([
	'post_title' => $title, 'post_name' => $slug, 'post_content' => file_get_contents($html),
	'post_excerpt' => $excerpt, 'post_status' => 'publish', 'post_author' => 1,
	'post_date_gmt' => $gmt, 'post_date' => get_date_from_gmt($gmt), 'post_category' => $cats,
], true);
if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
flush_rewrite_rules(false);
echo wp_make_link_relative(get_permalink($id)), "\n";
PHP
WPA=$(wp_php "$RUN/wp-post.php" "$RUN/body.html" "$SLUG" "$TITLE" "$DATE" "$SUMMARY" "$TOPICS")
case $WPA in /*) ;; *) die "WordPress gave no path for the post: $WPA" ;; esac
WP_VERSION=$(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$RUN/wp/wp/wp-includes/version.php")
WP_THEME=$(mariadb --no-defaults -S "$RUN/wp/db/sock" -u root -N -e \
    "SELECT option_value FROM wp.wp_options WHERE option_name = 'stylesheet'")
WP_FPM_CHILDREN=4
wp_fpm_start


say "starting meridian, the reference app and nginx"
meridian_start 2
GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET DOCUMENT_URI="$A" QUERY_STRING= \
    HTTP_HOST=127.0.0.1 MERIDIAN_CONFIG="$CONF" "$BIN" > "$RUN/article.cgi"
head -n 1 "$RUN/article.cgi" | grep -q '^Status: 200' || die "the article does not answer 200"
HDRLEN=$(awk 'BEGIN { RS = "\r\n\r\n" } NR == 1 { print length($0) + 4; exit }' "$RUN/article.cgi")
tail -c +"$(( HDRLEN + 1 ))" "$RUN/article.cgi" > "$RUN/static/articles/$SLUG"
"$BUILD/ref-fcgi" "$REFSOCK" 2 "$A=$RUN/article.cgi" 2>>"$RUN/ref.log" &
RPID=$!

sh contrib/nginx/local-conf.sh "$RUN" "$P_MAIN" "$SOCK" "$TOP/www" > "$RUN/nginx.conf"
# Debian's fastcgi_params passes the Host without its port, and WordPress then redirects each
# request to its own address with the port: its copy passes the port.
{ sed '/HTTP_HOST/d' /etc/nginx/fastcgi_params; echo 'fastcgi_param HTTP_HOST $host:$server_port;'; } \
    > "$RUN/wp_fastcgi_params"
cat > "$RUN/peers.conf" <<NGINX
# Beside the shipped server block, in the same nginx: the peer and the two references.
server {
	listen 127.0.0.1:$P_WP;
	server_name 127.0.0.1;
	root $RUN/wp/wp;
	index index.php;
	access_log $RUN/access-wp.log meridian_private;
	location / {
		try_files \$uri \$uri/ /index.php?\$args;
	}
	location ~ \.php\$ {
		include wp_fastcgi_params;
		fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
		fastcgi_pass unix:$WP_FPM_SOCK;
		fastcgi_read_timeout 60s;
	}
}
NGINX
fcgi_server ref "$P_REF" "$REFSOCK" >> "$RUN/peers.conf"
static_server "$P_STATIC" >> "$RUN/peers.conf"
sed -i "s|include $RUN/server.conf;|include $RUN/server.conf;\n\tinclude $RUN/peers.conf;|" "$RUN/nginx.conf"
nginx_run 2>/dev/null || die "nginx failed: $(cat "$RUN/nginx-error.log")"
NGX=1
for _ in $(seq 1 100); do
	[ -S "$REFSOCK" ] && curl -sf -o /dev/null "http://127.0.0.1:$P_REF$A" &&
	    curl -sf -o /dev/null "http://127.0.0.1:$P_MAIN/_health" && break
	sleep 0.05
done

# Sanity: every target answers 200; Meridian, the reference and the static file send the same
# bytes; both pages carry the article: its title and every heading of its body.
get() { curl -s -o "$RUN/page.$1" -w '%{http_code}%{redirect_url}' "http://127.0.0.1:$2$3"; }
for t in "meridian $P_MAIN $A" "reference $P_REF $A" "static $P_STATIC $A" "wordpress $P_WP $WPA"; do
	set -- $t
	code=$(get "$@")
	[ "$code" = 200 ] || die "$1 answers $code for $3: $(head -c 300 "$RUN/page.$1")"
done
for t in reference static; do
	cmp -s "$RUN/page.meridian" "$RUN/page.$t" || die "article bytes differ: meridian vs $t"
done
HEADINGS=$(grep -c '^<h[2-6]>' "$RUN/body.html" || true)
for t in meridian wordpress; do
	grep -qF "$TITLE" "$RUN/page.$t" || die "the $t page lacks the title"
	grep '^<h[2-6]>' "$RUN/body.html" | while IFS= read -r h; do
		grep -qF "$h" "$RUN/page.$t" || die "the $t page lacks $h"
	done
done
M_BYTES=$(wc -c < "$RUN/page.meridian")
WP_BYTES=$(wc -c < "$RUN/page.wordpress")
BODY_BYTES=$(wc -c < "$RUN/body.html")

# --- interleaved rounds -----------------------------------------------------------------------
# name|port|path
TARGETS="static|$P_STATIC|$A
reference|$P_REF|$A
meridian|$P_MAIN|$A
wordpress|$P_WP|$WPA"
# wrk_run NAME PORT PATH SECONDS: prints wrk_figures' line. A timeout above wrk's 2 s, so that
# a slow answer is measured rather than counted as an error.
wrk_run() {
	local out
	out=$(wrk -t2 -c"$CONNS" -d"$4"s --timeout 10s --latency "http://127.0.0.1:$2$3")
	printf '%s\n' "$out" >> "$RUN/wrk-$1.txt"
	printf '%s\n' "$out" | wrk_figures
}
say "warm-up: 2 s per target"
printf '%s\n' "$TARGETS" | while IFS='|' read -r name port path; do
	wrk_run "$name" "$port" "$path" 2 >/dev/null
done
mkdir -p "$RUN/res"
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS: $DUR s per target, c=$CONNS"
	printf '%s\n' "$TARGETS" | while IFS='|' read -r name port path; do
		res=$(wrk_run "$name" "$port" "$path" "$DUR")
		echo "$res" > "$RUN/res/$name.$r"
		printf '   %-10s %s\n' "$name" "$res" >&2
	done
done

# --- the section ------------------------------------------------------------------------------
ERRORS=0
for t in static reference meridian wordpress; do
	ERRORS=$(( ERRORS + $(sum_errors "$t") ))
done
# fmt_ratio NAME BASE [FIELD]: rratio, written 1/N below 0.1 (WordPress against the do-nothing
# app) and rounded above 100.
fmt_ratio() {
	local r
	r=$(rratio "$@")
	if ge 0.1 "$r"; then
		printf '1/%.0f' "$(rratio "$2" "$1" "${3:-1}")"
	elif ge "$r" 100; then
		printf '%.0f' "$r"
	else
		printf '%s' "$r"
	fi
}
row() {	# name, label, URL
	printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$2" "$3" "$(med "$1" 1)" "$(med "$1" 2)" \
	    "$(med "$1" 3)" "$(fmt_ratio "$1" reference)" "$(fmt_ratio "$1" reference 3)"
}
MW=$(fmt_ratio meridian wordpress)
# The lowest and highest of the rounds' Meridian / WordPress ratios.
MW_RANGE=$(for r in $(seq 1 "$ROUNDS"); do
	ratio "$(cut -d' ' -f1 "$RUN/res/meridian.$r")" "$(cut -d' ' -f1 "$RUN/res/wordpress.$r")"; echo
done | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f–%.0f", lo, hi }')
STEADY="steady enough"
for t in reference static meridian wordpress; do
	ge "$(spread "$t")" 1.25 && STEADY="**not steady: run again**"
done
{
	echo "## Beside a peer: WordPress"
	echo
	echo "\`sh tests/bench/peers.sh\` (as root; about five minutes), $(date -u +%Y-%m-%dT%H:%MZ)," \
	    "$(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet -- . ':!tests/bench/README' 2>/dev/null || echo '+changes')."
	echo "One article, \`$(basename "$MD")\` ($MD_BYTES bytes of Markdown), published in both:"
	echo "in Meridian by \`meridian import\`; in WordPress $WP_VERSION (Debian's package, theme \`$WP_THEME\`,"
	echo "pretty permalinks, no page cache or persistent object cache, PHP $(php -r 'echo PHP_VERSION;')"
	echo "with opcache, MariaDB $(mariadbd --version | sed 's/.*Ver \([^ ]*\).*/\1/'))"
	echo "as a post whose content is the HTML \`meridian render\` makes of the same Markdown"
	echo "($BODY_BYTES bytes), with the same title, date, excerpt and topics as categories. The pages"
	echo "differ around the article: Meridian's is $M_BYTES bytes, WordPress's $WP_BYTES (its theme's"
	echo "markup, styles and scripts). One nginx $("$NGINX" -v 2>&1 | sed 's|.*/||') (1 worker)"
	echo "serves all four targets; \`meridian serve\` and the do-nothing libfcgi app run 2 processes,"
	echo "php-fpm $WP_FPM_CHILDREN. The do-nothing app answers with Meridian's bytes for the article,"
	echo "the static file is Meridian's page. \`wrk -t2 -c$CONNS --timeout 10s\`, $DUR s a target,"
	echo "$ROUNDS interleaved rounds, medians; each ratio is the median of the rounds' ratios. The"
	echo "same settings for every target: at $(med wordpress 1) req/s WordPress keeps $CONNS connections"
	echo "waiting $(med wordpress 2) ms each (p50); more would only lengthen its queue. Load average"
	echo "$LOAD_BEFORE at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo
	echo "| what | URL | req/s | p50 ms | p99 ms | req/s × do-nothing app | p99 × do-nothing app's |"
	echo "|---|---|---|---|---|---|---|"
	row static "nginx static file" "$A"
	row reference "do-nothing libfcgi app" "$A"
	row meridian "Meridian article" "$A"
	row wordpress "WordPress article" "$WPA"
	echo
	echo "Meridian serves the article at $MW × WordPress's req/s (rounds: $MW_RANGE; target ≥ 380 ×:" \
	    "$(verdict ge "$MW" 380)); WordPress's p50 is $(fmt_ratio wordpress meridian 2) × Meridian's," \
	    "its p99 $(fmt_ratio wordpress meridian 3) ×."
	echo
	echo "Steadiness: req/s ranged static $(range static), do-nothing app $(range reference)," \
	    "Meridian $(range meridian), WordPress $(range wordpress) over the rounds" \
	    "(over 1.25 × max/min the machine was busy with something else): $STEADY." \
	    "$ERRORS errors or non-2xx/3xx in the rounds. Whole run: $(( $(date +%s) - T_START )) s."
} > "$RUN/section"
cat "$RUN/section"
sh "$TOP/tests/bench/section.sh" peers "$OUT" < "$RUN/section"
echo "(written to $OUT)"
