#!/bin/bash
# conditional.sh: Last-Modified and If-Modified-Since, as a feed reader or crawler that keeps
# only the date uses them: 304 while nothing changed, 200 with the new content once it did,
# for an article, a static page, lists and feeds (which change when a listed article is
# edited, though no publish time moves).
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

command -v xmllint >/dev/null 2>&1 || { echo "xmllint missing: skip"; exit 77; }

db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Needles and nerves" needles "date: 2025-01-10T09:00:00Z" \
    "topics: [Safety]" <<'MD'
First version of the text.
MD
write_md "$T/in/about.md" "About the clinic" about "kind: page" "date: 2025-01-01T09:00:00Z" <<'MD'
We are a small clinic.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
site_start || exit 99

# wait_next_second: until the clock has passed the second of the last answer's Date, so a
# change made now is dated after what the client saw (HTTP dates have one-second steps).
wait_next_second() {
	local seen
	seen=$(date -d "$(header Date)" +%s)
	for _ in $(seq 1 100); do
		[ "$(date +%s)" -gt "$seen" ] && return 0
		sleep 0.05
	done
}
# ims PATH DATE: a GET with only If-Modified-Since (no ETag), as date-only clients send it.
ims() { req "$1" -H "If-Modified-Since: $2"; }
epoch() { date -d "$1" +%s; }

for p in /articles/needles /about /topics/safety/feed.xml; do
	req "$p"
	check "$p: 200" status_is 200
	LM=$(header Last-Modified)
	check "$p: has a Last-Modified ($LM)" [ -n "$LM" ]
	check "$p: Last-Modified is an HTTP date in the past" sh -c \
	    "d=\$(date -d '$LM' +%s) && [ \$d -le \$(date +%s) ] && echo '$LM' | grep -q ' GMT\$'"
	ims "$p" "$LM"
	check "$p: If-Modified-Since its Last-Modified: 304" status_is 304
	check "$p: the 304 has no body" [ "$SIZE" = 0 ]
	ims "$p" "$(date -u -d "@$(($(epoch "$LM") + 3600))" '+%a, %d %b %Y %H:%M:%S GMT')"
	check "$p: If-Modified-Since a later date: 304" status_is 304
	ims "$p" "$(date -u -d "@$(($(epoch "$LM") - 1))" '+%a, %d %b %Y %H:%M:%S GMT')"
	check "$p: If-Modified-Since a second earlier: 200" status_is 200
	check "$p: ... with the content" [ "$SIZE" -gt 0 ]
	ims "$p" "not a date"
	check "$p: If-Modified-Since garbage: 200" status_is 200
done

# The article is edited (an import with its update time, as Hugo files carry it): its date
# moves, and a client holding the old date gets the new text. So do the lists and feeds that
# show it, though no publish time moved.
req /feed.xml
LM_FEED=$(header Last-Modified)
req /
LM_HOME=$(header Last-Modified)
req /articles/needles
LM_A=$(header Last-Modified)
wait_next_second
write_md "$T/in/a.md" "Needles and nerves" needles "date: 2025-01-10T09:00:00Z" \
    "lastmod: $(date -u +%Y-%m-%dT%H:%M:%SZ)" "topics: [Safety]" <<'MD'
Second version of the text.
MD
check "setup: the article's edit is imported" m import "$T/in/a.md"
ims /articles/needles "$LM_A"
check "edited article: If-Modified-Since the old date: 200" status_is 200
check "edited article: ... with the new text" body_has 'Second version of the text.'
LM_A2=$(header Last-Modified)
check "edited article: Last-Modified moved forward ($LM_A -> $LM_A2)" \
    [ "$(epoch "$LM_A2")" -gt "$(epoch "$LM_A")" ]
ims /articles/needles "$LM_A2"
check "edited article: If-Modified-Since the new date: 304" status_is 304
ims /feed.xml "$LM_FEED"
check "feed after an edit: If-Modified-Since the old date: 200" status_is 200
check "feed after an edit: ... with the new text" body_has 'Second version of the text.'
ims /feed.xml "$(header Last-Modified)"
check "feed after an edit: If-Modified-Since its new date: 304" status_is 304
ims / "$LM_HOME"
check "home after an edit: If-Modified-Since the old date: 200" status_is 200

# A new article in the topic: the topic's feed is newer, and the old date gets it.
req /topics/safety/feed.xml
LM_F=$(header Last-Modified)
wait_next_second
write_md "$T/in/b.md" "Safe needles" safe-needles "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "topics: [Safety]" <<'MD'
Single-use needles only.
MD
check "setup: the new article is imported" m import "$T/in/b.md"
ims /topics/safety/feed.xml "$LM_F"
check "topic feed after a new article: If-Modified-Since the old date: 200" status_is 200
check "topic feed after a new article: ... the feed holds it" body_has 'Safe needles'
check "topic feed after a new article: ... well-formed XML" xmllint --noout "$T/body"
LM_F2=$(header Last-Modified)
check "topic feed after a new article: Last-Modified moved forward ($LM_F -> $LM_F2)" \
    [ "$(epoch "$LM_F2")" -gt "$(epoch "$LM_F")" ]
ims /topics/safety/feed.xml "$LM_F2"
check "topic feed: If-Modified-Since the new date: 304" status_is 304
finish
