#!/bin/bash
# SPDX-License-Identifier: ISC
# db-errors.sh: a query that fails while a page is built gives an error page, never a page
# that looks healthy without part of its content. The daemon runs with the test hook
# MERIDIAN_TEST_FAIL_SQL, which makes every statement whose SQL holds that text fail in
# db_step(); here the one that reads a post's topics. Caches must not keep such an answer:
# no ETag of the healthy page, nothing public in Cache-Control.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Cupping and bruising" cupping-bruising \
    "date: 2025-03-01T10:00:00Z" "topics: [Cupping, Safety]" \
    "summary: What the marks mean." <<'MD'
The round marks fade within a week or two.
MD
write_md "$T/in/b.md" "Needles and nerves" needles-nerves \
    "date: 2025-04-01T10:00:00Z" "topics: [Safety]" "summary: Why it rarely hurts." <<'MD'
Fine needles, a light touch.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }

PAGES="/articles/cupping-bruising / /topics/safety /feed.xml /topics/safety/feed.xml"

site_start || exit 99
declare -A ETAG
for p in $PAGES; do
	req "$p"
	check "healthy: $p answers 200" status_is 200
	ETAG[$p]=$(header ETag)
done
req /articles/cupping-bruising
check "healthy: the article lists the topic Cupping" body_has '/topics/cupping'
nginx_stop
meridian_stop

# The same site, with the topics query failing.
MERIDIAN_TEST_FAIL_SQL='ORDER BY pt.position' meridian_start || exit 99
nginx_start || exit 99
for p in $PAGES; do
	req "$p"
	check "topics failing: $p answers a 5xx error, not a page without topics (got $STATUS)" \
	    [ "$STATUS" -ge 500 ]
	etag=$(header ETag)
	check "topics failing: $p carries no ETag of the healthy page" \
	    [ -z "$etag" -o "$etag" != "${ETAG[$p]}" ]
	check "topics failing: $p is not cacheable by others" \
	    sh -c "! grep -qi '^cache-control:.*public' '$T/headers'"
done
req /_health
check "topics failing: /_health still answers ok (the database itself is fine)" status_is 200
check "the failing query is logged with the function that ran it" \
    grep -q 'topic_list_of_post: injected fault' "$T/meridian.log"
nginx_stop
meridian_stop

# And back to normal.
site_start || exit 99
req /articles/cupping-bruising
check "after the fault: the article answers 200 with its topics" \
    sh -c "[ '$STATUS' = 200 ] && grep -q '/topics/cupping' '$T/body'"
finish
