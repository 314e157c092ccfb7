#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/bench/compare.sh: proves a change leaves every public page byte-identical. Builds
# commits OLD and NEW (defaults: HEAD~1 and HEAD), imports one generated site
# (tests/bench/gen.awk) with the old binary, lets the new one migrate a copy, then asks both,
# as plain CGI, for every public URL of the site and compares the pages byte for byte:
#
#	sh tests/bench/compare.sh [OLD [NEW [ARTICLES]]]	(defaults: HEAD~1, HEAD, 400)
#
# Headers are compared too, except the validators (ETag, Last-Modified), which a migration may
# move on purpose. Prints each difference (first lines of the diff) and "N URLs, N differ";
# exit 1 when any page differs. Not run in CI: it builds twice (a few minutes).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail
cd "$(dirname "$0")/../.."
TOP=$(pwd)
OLD=${1:-HEAD~1}
NEW=${2:-HEAD}
N=${3:-400}
WORK=$TOP/_state/compare
rm -rf "$WORK"
mkdir -p "$WORK"
say() { echo "== $*"; }

build() {	# build SRC_DIR BUILD_DIR
	(cd "$1" && { [ -x configure ] || autoreconf -fi >/dev/null 2>&1; })
	mkdir -p "$2"
	(cd "$2" && "$1/configure" -q CFLAGS="-O2" && make -s -j"$(nproc)" meridian >/dev/null)
}
say "building $OLD and $NEW"
git worktree add -q --detach "$WORK/old-src" "$OLD"
git worktree add -q --detach "$WORK/new-src" "$NEW"
trap 'git worktree remove --force "$WORK/old-src"; git worktree remove --force "$WORK/new-src"' EXIT
build "$WORK/old-src" "$WORK/old"
build "$WORK/new-src" "$WORK/new"

say "generating and importing $N articles with the old binary"
mkdir -p "$WORK/articles"
awk -v N="$N" -v OUT="$WORK/articles" -f tests/bench/gen.awk
for side in old new; do
	cat > "$WORK/$side.conf" <<CONF
[meridian]
db = $WORK/$side.db
templates = $WORK/$side-src/templates
log_level = warn
render_budget_ms = 10000
CONF
done
mo() { "$WORK/old/meridian" "$@" --config "$WORK/old.conf"; }
mo init >/dev/null
mo settings set base_url "https://harbour-street.example"
mo settings set clinic_name "Harbour Street Acupuncture"
mo import "$WORK/articles" >/dev/null
sqlite3 "$WORK/old.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$WORK/old.db" "$WORK/new.db"
"$WORK/new/meridian" init --config "$WORK/new.conf" >/dev/null

# One CGI request: the response with the validators' lines taken out.
cgi() {	# cgi SIDE URI
	local path=${2%%\?*} query=
	[ "$path" != "$2" ] && query=${2#*\?}
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI="$2" \
	    DOCUMENT_URI="$path" QUERY_STRING="$query" SERVER_PROTOCOL=HTTP/1.1 \
	    HTTP_HOST=harbour-street.example MERIDIAN_CONFIG="$WORK/$1.conf" \
	    "$WORK/$1/meridian" < /dev/null 2>/dev/null |
	    grep -av -e '^ETag: ' -e '^Last-Modified: ' || true
}

# Every public URL: the fixed ones, every address in the sitemap, every topic and its feed,
# the pages of home, and searches (one word, a phrase, a prefix, nothing found).
cgi old /sitemap.xml | grep -o '<loc>[^<]*</loc>' | sed -e 's|<loc>https://harbour-street.example||' \
    -e 's|</loc>||' > "$WORK/urls"
cgi old /topics/ | grep -o 'href="/topics/[^"/]*"' | sed -e 's/href="//' -e 's/"$//' |
    sort -u > "$WORK/topics"
{
	printf '%s\n' / /?page=2 /?page=3 /?page=999 /topics/ /feed.xml /sitemap.xml /robots.txt \
	    /healthz /no-such-page /articles/no-such-article "/search?q=needle" \
	    "/search?q=back+pain" "/search?q=acu*" "/search?q=zzzzqx" /search
	cat "$WORK/topics"
	sed 's|$|/feed.xml|' "$WORK/topics"
	sed 's|$|?page=2|' "$WORK/topics"
	cat "$WORK/urls"
} | sort -u > "$WORK/all"

say "comparing $(wc -l < "$WORK/all") URLs"
total=0
differ=0
while IFS= read -r u; do
	total=$((total + 1))
	cgi old "$u" > "$WORK/a"
	cgi new "$u" > "$WORK/b"
	if ! cmp -s "$WORK/a" "$WORK/b"; then
		differ=$((differ + 1))
		echo "DIFFERS: $u"
		diff "$WORK/a" "$WORK/b" | head -n 8 || true
	fi
done < "$WORK/all"
echo "$total URLs, $differ differ"
[ "$differ" = 0 ]
