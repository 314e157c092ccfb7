#!/bin/sh
# SPDX-License-Identifier: ISC
# reading.sh: every public URL as a reader meets it, through real nginx: home
# pagination, topics, search, the Atom feeds, sitemap, robots.txt, 410/301/404, media, the
# visibility rules (draft, scheduled, trash) on every list, and conditional GETs.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint missing: skip"; exit 77; }

q() { sqlite3 "$DB" "$1"; }
# xp XPATH: evaluates XPATH on the last response body (XML); prints the result.
xp() { xmllint --xpath "$1" "$T/body" 2>/dev/null; }
# is WANT GOT: equality with a note on failure.
is() { [ "$1" = "$2" ] || { echo "# got '$2', want '$1'"; return 1; }; }
# cards: how many article cards the last HTML page lists.
cards() { grep -c '<article class="card">' "$T/body"; }
# before A B: the first mention of A comes before the first mention of B.
before() {
	grep -qF -- "$2" "$T/body" || { echo "# '$2' missing"; return 1; }
	[ "$(grep -oF -e "$1" -e "$2" "$T/body" | head -n 1)" = "$1" ] ||
	    { echo "# '$1' does not come before '$2'"; return 1; }
}
# Atom element paths without namespace registration.
E='*[local-name()="entry"]'
el() { echo "*[local-name()=\"$1\"]"; }

db_init
mkdir -p "$T/in"
# 23 visible articles: filler-01 … filler-21 (January 2024; odd ones in Pain, even ones in
# Sleep), then "Warming therapies" (moxibustion only in its body) and "Moxibustion & heat
# <at home>" (moxibustion only in its title), the newest.
i=1
while [ $i -le 21 ]; do
	n=$(printf %02d $i)
	if [ $((i % 2)) = 1 ]; then topic=Pain; else topic=Sleep; fi
	extra=
	[ $i = 5 ] && extra="Many people ask about acupuncture for this."
	[ $i = 7 ] && extra="The zebrafish is a small fish."
	write_md "$T/in/f$n.md" "Filler article $n" "filler-$n" \
	    "date: 2024-01-${n}T09:00:00Z" "topics: [$topic]" "summary: Filler summary $n." <<MD
Filler text number $n. $extra
MD
	i=$((i + 1))
done
write_md "$T/in/w.md" "Warming therapies" moxa-body "date: 2024-02-01T09:00:00Z" \
    "topics: [Warmth]" <<'MD'
Some clinics use moxibustion, and moxibustion is an old practice. Take it *gently*.

Remember that a < b & c in `code & <tags>`.
MD
write_md "$T/in/m.md" "Moxibustion & heat <at home>" moxa-title \
    "date: 2024-02-02T09:00:00Z" "topics: [Warmth, Heat Safety]" "summary: Heat & cold, explained." <<'MD'
Warming herbs are held near the skin.
MD
# Invisible to visitors: a draft, an article scheduled far ahead, one that will be trashed.
# Each is newer than everything visible and mentions the search word "zebrafish".
write_md "$T/in/d.md" "Secret draft" secret-draft "status: draft" \
    "date: 2025-06-01T09:00:00Z" "topics: [Secret Topic, Pain]" <<'MD'
A draft about the zebrafish.
MD
write_md "$T/in/s.md" "Far future" far-future "date: 2099-01-01T00:00:00Z" \
    "topics: [Future Topic, Pain]" <<'MD'
A scheduled text about the zebrafish.
MD
write_md "$T/in/x.md" "Withdrawn advice" withdrawn "date: 2025-05-01T09:00:00Z" \
    "topics: [Withdrawn Topic, Pain]" <<'MD'
Trashed text about the zebrafish.
MD
write_md "$T/in/about.md" "About us" about "kind: page" <<'MD'
We are a small clinic.
MD
check "import of 28 files succeeds" quiet m import "$T/in"

# What the CLI cannot make yet: trash, an old slug, a stored redirect, an image.
q "UPDATE posts SET deleted_at = strftime('%s','now') WHERE slug = 'withdrawn'"
q "INSERT INTO slug_history (slug, post_id, changed_at)
   SELECT 'old-moxa-name', id, 0 FROM posts WHERE slug = 'moxa-title'"
q "INSERT INTO redirects (from_path, to_path, created_at) VALUES ('/old-page', '/articles/filler-02', 0)"
# A 1x1 PNG.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' |
    base64 -d > "$T/dot.png"
SHA=$(sha256sum "$T/dot.png" | cut -d' ' -f1)
q "INSERT INTO media (name, mime, size, sha256, alt, bytes, created_at)
   VALUES ('dot.png', 'image/png', length(readfile('$T/dot.png')), '$SHA', 'a dot',
   readfile('$T/dot.png'), 0)"
MEDIA_ID=$(q "SELECT id FROM media WHERE name = 'dot.png'")
site_start || exit 99

# --- Home pagination ------------------------------------------------------------------------
req /
check "home: 200" status_is 200
check "home page 1 lists 10 articles" is 10 "$(cards)"
check "home page 1 starts with the newest article" before 'href="/articles/moxa-title"' 'href="/articles/moxa-body"'
# card_topics SLUG: the topic names of that article's card on the page, in order.
card_topics() {
	awk -v a="href=\"/articles/$1\"" '/<article class="card">/ { on = 0 } index($0, a) { on = 1 }
	    on && /class="topics"/ { print; exit }' "$T/body" | grep -o '<a href="/topics/[^"]*">[^<]*' |
	    sed 's/.*>//' | paste -sd, -
}
check "each card shows its own topics, in the author's order ($(card_topics moxa-title); $(card_topics moxa-body); $(card_topics filler-20))" \
    sh -c "[ '$(card_topics moxa-title)' = 'Warmth,Heat Safety' ] && [ '$(card_topics moxa-body)' = 'Warmth' ] && [ '$(card_topics filler-20)' = 'Sleep' ]"
check "home page 1 links rel=next to page 2" body_has 'rel="next" href="/?page=2"'
check "home page 1 has no rel=prev" body_lacks 'rel="prev"'
check "home hides the draft, the scheduled and the trashed article" sh -c \
    "! grep -Eq 'secret-draft|far-future|withdrawn' '$T/body'"
req "/?page=2"
check "home page 2 lists 10 articles" got 200 is 10 "$(cards)"
check "home page 2 links rel=prev to /" body_has 'rel="prev" href="/"'
check "home page 2 links rel=next to page 3" body_has 'rel="next" href="/?page=3"'
req "/?page=3"
check "home page 3: 200" status_is 200
check "home page 3 lists the last 3 articles" is 3 "$(cards)"
check "home page 3 ends with the oldest article" sh -c \
    "grep -o 'href=\"/articles/[a-z0-9-]*\"' '$T/body' | tail -n 1 | grep -q filler-01"
check "home page 3 links rel=prev to page 2" body_has 'rel="prev" href="/?page=2"'
check "home page 3 (the last) has no rel=next" body_lacks 'rel="next"'
for p in 0 -1 1e3 abc 2.5 '' ; do
	req "/?page=$p"
	check "home ?page=$p is 400" status_is 400
done
req "/?page=4"
check "home ?page=4 (past the end) is 404" status_is 404

# --- Topics -----------------------------------------------------------------------------------
req /topics/
check "/topics/: 200" status_is 200
check "/topics/ lists Pain with its 11 visible articles" grep -Eq \
    'href="/topics/pain">Pain</a>[^()]*\(11\)' "$T/body"
check "/topics/ lists Sleep with 10" grep -Eq 'href="/topics/sleep">Sleep</a>[^()]*\(10\)' "$T/body"
check "/topics/ lists Warmth with 2" grep -Eq 'href="/topics/warmth">Warmth</a>[^()]*\(2\)' "$T/body"
check "/topics/ omits a topic whose only article is a draft" body_lacks 'Secret Topic'
check "/topics/ omits a topic whose only article is scheduled" body_lacks 'Future Topic'
check "/topics/ omits a topic whose only article is in the trash" body_lacks 'Withdrawn Topic'
req /topics/pain
check "/topics/pain: 200" status_is 200
check "/topics/pain page 1 lists 10 articles" is 10 "$(cards)"
check "/topics/pain lists only Pain articles" sh -c \
    "! grep -Eq 'filler-(02|04|06|08|10|12|14|16|18|20)|moxa' '$T/body'"
check "/topics/pain hides draft, scheduled and trashed articles" sh -c \
    "! grep -Eq 'secret-draft|far-future|/articles/withdrawn' '$T/body'"
check "/topics/pain links rel=next to its page 2" body_has 'rel="next" href="/topics/pain?page=2"'
check "/topics/pain links to its feed" body_has 'href="/topics/pain/feed.xml"'
req "/topics/pain?page=2"
check "/topics/pain?page=2 lists the 11th article" sh -c "[ $STATUS = 200 ] && [ \$(grep -c '<article class=\"card\">' '$T/body') = 1 ] && grep -q filler-01 '$T/body'"
check "/topics/pain?page=2 links rel=prev to page 1" body_has 'rel="prev" href="/topics/pain"'
req "/topics/pain?page=3"
check "/topics/pain?page=3 is 404" status_is 404
req "/topics/pain?page=0"
check "/topics/pain?page=0 is 400" status_is 400
req /topics/no-such-topic
check "an unknown topic is 404" status_is 404
req /topics/secret-topic
check "a topic with only a draft is 404" status_is 404
req /topics/future-topic
check "a topic with only a scheduled article is 404" status_is 404

req /topics/pain/feed.xml
check "topic feed: 200" status_is 200
check "topic feed is Atom" sh -c "grep -qi '^Content-Type: application/atom+xml' '$T/headers'"
check "topic feed is well-formed XML" xmllint --noout "$T/body"
check "topic feed has the 11 visible Pain articles" is 11 "$(xp "count(//$E)")"
check "every entry of the topic feed is in Pain" is 11 \
    "$(xp "count(//$E[$(el category)[@term=\"pain\"]])")"
check "topic feed lacks other topics' articles" sh -c "! grep -Eq 'filler-02|moxa' '$T/body'"
check "topic feed lacks draft, scheduled and trashed articles" sh -c \
    "! grep -Eq 'secret-draft|far-future|/articles/withdrawn' '$T/body'"
req /topics/no-such-topic/feed.xml
check "the feed of an unknown topic is 404" status_is 404
req /topics/secret-topic/feed.xml
check "the feed of a topic with only a draft is 404" status_is 404
req /topics/future-topic/feed.xml
check "the feed of a topic with only a scheduled article is 404" status_is 404

# --- Search -----------------------------------------------------------------------------------
req "/search?q=moxibustion"
check "search: 200" status_is 200
check "search finds both moxibustion articles" is 2 "$(cards)"
check "search ranks a title match above a body-only match" \
    before 'href="/articles/moxa-title"' 'href="/articles/moxa-body"'
check "search highlights the word in a snippet" body_has '<mark>moxibustion</mark>'
check "search keeps the query in the box" body_has 'value="moxibustion"'
req "/search?q=acupunc"
check "search matches a word by its beginning (acupunc → acupuncture)" sh -c \
    "[ $STATUS = 200 ] && grep -q 'href=\"/articles/filler-05\"' '$T/body'"
check "the prefix match is highlighted" body_has '<mark>acupuncture</mark>'
req "/search?q=zebrafish"
check "search finds the visible zebrafish article" got 200 body_has 'href="/articles/filler-07"'
check "search hides drafts, scheduled and trashed posts" sh -c \
    "[ \$(grep -c '<article class=\"card\">' '$T/body') = 1 ] && ! grep -Eq 'secret-draft|far-future|/articles/withdrawn|Secret draft|Far future|Withdrawn advice' '$T/body'"
req "/search?q=filler"
check "search results are paginated: 10 on page 1" got 200 is 10 "$(cards)"
check "search pager keeps the query" body_has 'rel="next" href="/search?q=filler&amp;page=2"'
check "search counts all the matches" body_has '21 results'
grep -o 'href="/articles/filler-[0-9]*"' "$T/body" | sort -u > "$T/search-pages"
req "/search?q=filler&page=2"
grep -o 'href="/articles/filler-[0-9]*"' "$T/body" | sort -u >> "$T/search-pages"
req "/search?q=filler&page=3"
check "search page 3 has the 21st result" got 200 is 1 "$(cards)"
grep -o 'href="/articles/filler-[0-9]*"' "$T/body" | sort -u >> "$T/search-pages"
check "equal-ranked results are split over pages without repeats (21 different)" \
    is 21 "$(sort -u "$T/search-pages" | wc -l)"
req "/search?q=filler&page=0"
check "search ?page=0 is 400" status_is 400
req "/search?q="
check "an empty search answers 200" status_is 200
check "an empty search asks for words" body_has 'Type one or more words'
req "/search"
check "search without q answers 200 with the form" sh -c "[ $STATUS = 200 ] && grep -q 'name=\"q\"' '$T/body'"
req /search --get --data-urlencode 'q=!@#$%^&*()'
check "a search of only punctuation answers 200" status_is 200
check "a search of only punctuation asks for words" body_has 'Type one or more words'
LONG=$(printf 'a%.0s' $(seq 1 201))
req "/search?q=$LONG"
check "a 201-character search is 400" status_is 400
check "the 400 page says the search is too long" body_has 'too long'
check "the too-long search page still has the form" body_has 'name="q"'
req "/search?q=$(printf 'a%.0s' $(seq 1 200))"
check "a 200-character search is fine" status_is 200
for s in '"' '*' 'NEAR(' 'NEAR(moxibustion warming, 2)' 'moxibustion OR warming' 'a OR b' \
    'title:x' 'title:moxibustion' ')(' '-x' '^x' '"unbalanced' 'moxibustion"' '{title}: x' \
    'AND' 'NOT moxibustion' 'x AND' '(' '+' "'" '\' 'moxibustion*' '*moxibustion' \
    'body_md:zebrafish' 'posts_fts' 'é' '漢字'; do
	# At a person's pace: the shipped server block allows an address 5 searches a second.
	sleep 0.2
	req /search --get --data-urlencode "q=$s"
	check "search for $s answers 200 without an error" sh -c \
	    "[ $STATUS = 200 ] && grep -q '<h1>Search</h1>' '$T/body' && ! grep -qi 'error' '$T/body'"
done
req /search --get --data-urlencode 'q=title:moxibustion'
check "a column filter is just words: title:moxibustion finds nothing titled 'title'" \
    sh -c "[ $STATUS = 200 ] && ! grep -q '<article class=\"card\">' '$T/body'"
req /search --get --data-urlencode 'q="moxibustion'
check "an unbalanced quote before a word still finds the word" got 200 body_has 'href="/articles/moxa-title"'

# --- Feed -------------------------------------------------------------------------------------
req /feed.xml
check "feed: 200" status_is 200
check "feed is application/atom+xml" sh -c "grep -qi '^Content-Type: application/atom+xml' '$T/headers'"
check "feed is well-formed XML" xmllint --noout "$T/body"
check "feed root is an Atom feed" is 1 \
    "$(xp 'count(/*[local-name()="feed" and namespace-uri()="http://www.w3.org/2005/Atom"])')"
check "feed has the newest 20 of 23 entries" is 20 "$(xp "count(//$E)")"
check "every entry has id, title, updated and a link" is 20 "$(xp "count(//$E[$(el id)[normalize-space()] and $(el title)[normalize-space()] and $(el updated)[normalize-space()] and $(el link)[@href]])")"
check "feed entry ids are unique" is 20 "$(xp "//$E/$(el id)/text()" | sort -u | wc -l)"
check "feed has a feed-level updated" sh -c "[ -n \"\$(xmllint --xpath 'string(/*/*[local-name()=\"updated\"])' '$T/body')\" ]"
check "feed starts with the newest article" sh -c \
    "xmllint --xpath 'string(//$E[1]/$(el link)/@href)' '$T/body' | grep -q '/articles/moxa-title\$'"
check "feed keeps the 4th oldest article" body_has '/articles/filler-04<'
check "feed drops the 3 oldest articles" sh -c "! grep -Eq 'filler-0[123]' '$T/body'"
check "feed lacks draft, scheduled and trashed articles" sh -c \
    "! grep -Eq 'secret-draft|far-future|/articles/withdrawn|zebrafish.*(draft|scheduled|Trashed)' '$T/body'"
MOXA_BODY="//$E[$(el link)[contains(@href, '/articles/moxa-body')]]"
xp "string($MOXA_BODY/$(el content))" > "$T/content"
check "feed entry has the full body text" grep -qF \
    'Some clinics use moxibustion, and moxibustion is an old practice.' "$T/content"
check "feed content is the rendered HTML" grep -qF '<em>gently</em>' "$T/content"
check "feed content is HTML, escaped once more for XML (a < b & c)" grep -qF \
    'a &lt; b &amp; c' "$T/content"
check "feed content type is html" is html "$(xp "string($MOXA_BODY/$(el content)/@type)")"
MOXA_TITLE="//$E[$(el link)[contains(@href, '/articles/moxa-title')]]"
check "feed title with & and < reads back exactly" is 'Moxibustion & heat <at home>' \
    "$(xp "string($MOXA_TITLE/$(el title))")"
check "feed escapes & and < in titles" body_has '<title>Moxibustion &amp; heat &lt;at home&gt;</title>'
check "feed summary reads back exactly" is 'Heat & cold, explained.' \
    "$(xp "string($MOXA_TITLE/$(el summary))")"

# --- Sitemap and robots.txt ------------------------------------------------------------------
req /sitemap.xml
check "sitemap: 200" status_is 200
check "sitemap is XML" sh -c "grep -qi '^Content-Type: application/xml' '$T/headers'"
check "sitemap is well-formed XML" xmllint --noout "$T/body"
check "sitemap is a sitemaps.org urlset" is 1 \
    "$(xp 'count(/*[local-name()="urlset" and namespace-uri()="http://www.sitemaps.org/schemas/sitemap/0.9"])')"
check "sitemap lists home, 23 articles and the page" is 25 "$(xp 'count(//*[local-name()="url"])')"
check "sitemap lists the oldest article" body_has '/articles/filler-01</loc>'
check "sitemap lists the static page" body_has '/about</loc>'
check "sitemap lacks draft, scheduled and trashed articles" sh -c \
    "! grep -Eq 'secret-draft|far-future|/articles/withdrawn' '$T/body'"
check "every article and page in the sitemap has a lastmod" is 24 \
    "$(xp 'count(//*[local-name()="url"][*[local-name()="loc"][contains(., "/articles/") or contains(., "/about")]][*[local-name()="lastmod"]])')"
xp '//*[local-name()="lastmod"]/text()' > "$T/lastmods"
check "lastmod values are W3C datetimes" sh -c "[ -s '$T/lastmods' ] && ! grep -Evq \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?\$' '$T/lastmods'"
req /robots.txt
check "robots.txt: 200" status_is 200
check "robots.txt is text/plain" sh -c "grep -qi '^Content-Type: text/plain' '$T/headers'"
check "robots.txt disallows /admin/" grep -qx 'Disallow: /admin/' "$T/body"
check "robots.txt names the sitemap" grep -Eqx 'Sitemap: https?://[^ ]+/sitemap\.xml' "$T/body"

# --- 410, 301, 404 ----------------------------------------------------------------------------
req /articles/withdrawn
check "a trashed article is 410" status_is 410
check "the 410 page is in the site's look" body_has '/static/style.css'
req /articles/old-moxa-name
check "an old slug is 301" status_is 301
check "the old slug redirects to the new URL" sh -c \
    "echo '$(header Location)' | grep -Eq '^(https?://[^/]+)?/articles/moxa-title\$'"
req /old-page
check "a stored redirect is 301" status_is 301
check "the stored redirect points to its target" sh -c \
    "echo '$(header Location)' | grep -Eq '^(https?://[^/]+)?/articles/filler-02\$'"
req /articles/no-such-article
check "an unknown article is 404" status_is 404
req /no-such-page
check "an unknown page is 404" status_is 404
req /articles/secret-draft
check "a draft article is 404" status_is 404

# --- Media ------------------------------------------------------------------------------------
req "/media/$MEDIA_ID/dot.png"
check "media: 200" status_is 200
check "media is image/png" is image/png "$(header Content-Type)"
check "media bytes are identical" cmp -s "$T/dot.png" "$T/body"
# The library name keeps its address when `meridian media rebuild` changes its bytes, so it is
# cached for a day and revalidated; the variants' addresses are the immutable ones (images.sh).
check "media at its library name is cached for a day" [ "$(header Cache-Control)" = "public, max-age=86400" ]
METAG=$(header ETag)
check "media has an ETag" [ -n "$METAG" ]
check "media sends nosniff" is nosniff "$(header X-Content-Type-Options)"
req "/media/$MEDIA_ID/dot.png" -H "If-None-Match: $METAG"
check "media If-None-Match gives 304" status_is 304
check "media 304 has no body" [ ! -s "$T/body" ]
req "/media/$MEDIA_ID/other.png"
check "media with a wrong name is 404" status_is 404
req /media/abc/dot.png
check "media with a non-numeric id is 404" status_is 404
req /media/999/dot.png
check "media with an unknown id is 404" status_is 404
req "/media/$MEDIA_ID"
check "media without a name is 404" status_is 404

# --- Conditional GETs, and a settings change invalidating them -------------------------------
URLS="/ /topics/ /topics/pain /feed.xml /sitemap.xml /search?q=moxibustion"
: > "$T/etags"
for u in $URLS; do
	req "$u"
	e=$(header ETag)
	check "$u has an ETag" [ -n "$e" ]
	echo "$u $e" >> "$T/etags"
	req "$u" -H "If-None-Match: $e"
	check "$u answers 304 to its ETag" status_is 304
	check "$u 304 has no body" [ ! -s "$T/body" ]
done
check "settings set site_title" m settings set site_title "Reading Room Clinic"
while read -r u e; do
	req "$u" -H "If-None-Match: $e"
	check "$u: the old ETag no longer matches after a settings change" status_is 200
	case $u in
	/sitemap.xml) ;;
	/feed.xml) check "$u shows the new title" body_has '<title>Reading Room Clinic</title>' ;;
	*) check "$u shows the new title" body_has 'Reading Room Clinic</title>' ;;
	esac
done < "$T/etags"

# --- A scheduled article appears everywhere by itself ----------------------------------------
# Far enough ahead for the dozen requests below on a busy machine (the guard after them
# says so if not); with valgrind the requests are slow, so further still.
DELAY=8
[ -n "${MERIDIAN_VALGRIND:-}" ] && DELAY=20
AT=$(($(date +%s) + DELAY))
write_md "$T/in/soon.md" "Soon article" soon-article "date: $(date -u -d "@$AT" +%Y-%m-%dT%H:%M:%SZ)" \
    "topics: [Soon Topic, Pain]" <<'MD'
The quokka is a small marsupial.
MD
check "import of an article scheduled ${DELAY} s ahead" quiet m import "$T/in/soon.md"
: > "$T/etags"
req /;			echo "/ $(header ETag)" >> "$T/etags"
check "scheduled: not on the home page yet" got 200 body_lacks 'soon-article'
req /topics/pain;	echo "/topics/pain $(header ETag)" >> "$T/etags"
check "scheduled: not on its topic page yet" got 200 body_lacks 'soon-article'
req /topics/;		echo "/topics/ $(header ETag)" >> "$T/etags"
check "scheduled: its topic is not listed yet" got 200 body_lacks 'Soon Topic'
check "scheduled: the topic count does not include it yet" grep -Eq 'Pain</a>[^()]*\(11\)' "$T/body"
req /topics/soon-topic
check "scheduled: its topic page is 404 yet" status_is 404
req /feed.xml;		echo "/feed.xml $(header ETag)" >> "$T/etags"
check "scheduled: not in the feed yet" got 200 body_lacks 'soon-article'
req /topics/pain/feed.xml
check "scheduled: not in the topic feed yet" got 200 body_lacks 'soon-article'
req /sitemap.xml;	echo "/sitemap.xml $(header ETag)" >> "$T/etags"
check "scheduled: not in the sitemap yet" got 200 body_lacks 'soon-article'
req "/search?q=quokka"
check "scheduled: not in search yet" got 200 body_lacks 'soon-article'
req /articles/moxa-title
check "scheduled: its neighbour does not link to it yet" got 200 body_lacks 'soon-article'
check "the newest visible article has no next link (draft and trash skipped)" body_lacks 'rel="next"'
req /articles/soon-article
check "scheduled: its own page is 404 yet" status_is 404
check "the checks above ran before the publish time" [ "$(date +%s)" -lt "$AT" ]

while [ "$(date +%s)" -le "$AT" ]; do sleep 0.2; done
req /
check "published: first on the home page" got 200 before 'href="/articles/soon-article"' 'href="/articles/moxa-title"'
req "/?page=3"
check "published: home page 3 now has 4 articles" got 200 is 4 "$(cards)"
req /topics/pain
check "published: on its topic page" got 200 body_has 'href="/articles/soon-article"'
req /topics/
check "published: its topic is listed" got 200 grep -Eq 'href="/topics/soon-topic">Soon Topic</a>[^()]*\(1\)' "$T/body"
check "published: the topic count includes it" grep -Eq 'Pain</a>[^()]*\(12\)' "$T/body"
req /topics/soon-topic
check "published: its topic page answers 200" status_is 200
req /feed.xml
check "published: in the feed" got 200 body_has '/articles/soon-article<'
check "published: the feed still has 20 entries" is 20 "$(xp "count(//$E)")"
req /topics/pain/feed.xml
check "published: in the topic feed" got 200 body_has '/articles/soon-article<'
req /sitemap.xml
check "published: in the sitemap" got 200 body_has '/articles/soon-article</loc>'
req "/search?q=quokka"
check "published: found by search" got 200 body_has 'href="/articles/soon-article"'
req /articles/moxa-title
check "published: its neighbour links to it as next" got 200 body_has 'rel="next" href="/articles/soon-article"'
req /articles/soon-article
check "published: its own page answers 200" status_is 200
check "published: its page links back to its neighbour" body_has 'rel="prev" href="/articles/moxa-title"'
while read -r u e; do
	req "$u" -H "If-None-Match: $e"
	check "published: $u's old ETag no longer matches" status_is 200
done < "$T/etags"

finish
