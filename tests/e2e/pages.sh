#!/bin/bash
# SPDX-License-Identifier: ISC
# pages.sh: the public pages through real nginx: home, article, static page, 404, 405, HEAD,
# conditional GET (304), security headers, and the visibility rules for drafts and schedules.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

db_init
mkdir -p "$T/in"
write_md "$T/in/a.md" "Needles and nerves: a first visit" first-visit \
    "date: 2025-01-10T09:00:00Z" "topics: [First visit, Safety]" \
    "summary: What happens at a first appointment." "author: Mei Tan" \
    "reviewer: Dr Sam Ortiz" "reviewed: 2025-01-05" "review_due: 2026-01-05" <<'MD'
## Before you arrive

Wear *loose* clothing. The practitioner asks about your health first.

<script>alert(1)</script>

[click me](javascript:alert(2))
MD
write_md "$T/in/b.md" "Back pain & you" back-pain "date: 2025-02-10T09:00:00Z" \
    "topics: [Pain]" <<'MD'
Most back pain settles within weeks.
MD
write_md "$T/in/c.md" "A draft nobody may see" secret-draft "status: draft" <<'MD'
Draft text.
MD
write_md "$T/in/d.md" "Coming soon" coming-soon "date: 2099-01-01T00:00:00Z" <<'MD'
Future text.
MD
write_md "$T/in/about.md" "About the clinic" about "kind: page" <<'MD'
We are a small clinic.
MD
check "import of five files succeeds" quiet m import "$T/in"
site_start || exit 99

req /
check "home answers 200" status_is 200
check "home is text/html; charset=utf-8" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
check "home lists a published article" body_has 'href="/articles/first-visit"'
check "home lists newest first" sh -c "grep -n 'articles/' '$T/body' | head -n1 | grep -q back-pain"
check "home escapes titles" body_has 'Back pain &amp; you'
check "home hides the draft" body_lacks 'secret-draft'
check "home hides the scheduled article" body_lacks 'coming-soon'
check "home has a skip link and a main landmark" sh -c "grep -q 'href=\"#main\"' '$T/body' && grep -q '<main id=\"main\"' '$T/body'"
check "home sends a Content-Security-Policy" sh -c "grep -qi \"^Content-Security-Policy: default-src 'self'\" '$T/headers'"
check "home sends nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]
check "home sends a Referrer-Policy" [ -n "$(header Referrer-Policy)" ]
check "home has an ETag" [ -n "$(header ETag)" ]

req /articles/first-visit
check "article answers 200" status_is 200
check "article shows its title" body_has '<h1>Needles and nerves: a first visit</h1>'
check "article renders Markdown" body_has '<h2>Before you arrive</h2>'
check "article shows the author" body_has 'by Mei Tan'
check "article shows the medical reviewer and date" body_has 'Last reviewed on <time datetime="2025-01-05">5 January 2025</time> by <strong>Dr Sam Ortiz</strong>'
check "article shows the next review date" body_has 'Next review due <time datetime="2026-01-05">'
check "article shows the disclaimer" body_has 'not medical advice'
check "raw HTML in Markdown never reaches the page" body_lacks '<script>alert(1)'
check "javascript: links are dropped" body_lacks 'javascript:'
check "article has JSON-LD MedicalWebPage with reviewer" sh -c "grep -q '\"@type\":\"MedicalWebPage\"' '$T/body' && grep -q '\"reviewedBy\":{\"@type\":\"Person\",\"name\":\"Dr Sam Ortiz\"}' '$T/body'"
check "article links to the next article" body_has 'rel="next" href="/articles/back-pain"'
check "article lists its topics" body_has 'href="/topics/safety"'
ETAG=$(header ETag)
LASTMOD=$(header Last-Modified)

req /articles/first-visit -H "If-None-Match: $ETAG"
check "If-None-Match with the current ETag gives 304" status_is 304
check "304 has no body" [ ! -s "$T/body" ]
req /articles/first-visit -H "If-None-Match: \"stale\""
check "a stale ETag gives 200" status_is 200
req /articles/first-visit -H "If-Modified-Since: $LASTMOD"
check "If-Modified-Since with Last-Modified gives 304" status_is 304

req /articles/first-visit --head
check "HEAD answers 200" status_is 200
check "HEAD has no body" [ "$SIZE" = 0 ]
check "HEAD announces the GET length" [ "$(header Content-Length)" -gt 1000 ]

req /articles/secret-draft
check "a draft is 404 to visitors" status_is 404
req /articles/coming-soon
check "a scheduled article is 404 before its time" status_is 404
req /articles/no-such-article
check "an unknown article is 404" status_is 404
check "the 404 page is in the site's look" body_has 'Page not found'
check "the 404 page has the stylesheet" body_has '/static/style.css'
# --path-as-is: curl would otherwise resolve the ../ itself and send GET /etc/passwd.
for u in /articles/../../etc/passwd /static/../../../../etc/passwd /static/..%2f..%2f..%2fetc%2fpasswd; do
	req "$u" --path-as-is
	check "path traversal $u is refused (400)" status_is 400
	check "path traversal $u shows no file" body_lacks 'root:'
done
req /about
check "a static page is served at /{slug}" status_is 200
check "the static page shows its text" body_has 'We are a small clinic.'
req /articles/about
check "a page is not an article" status_is 404
req / -X POST -d x=1
check "POST to a public page is 405" status_is 405
check "405 says which methods are allowed" [ "$(header Allow)" = "GET, HEAD" ]
req /_health
check "/_health answers ok" sh -c "[ $STATUS = 200 ] && grep -qx ok '$T/body'"
req "/?page=abc"
check "a malformed page number is 400" status_is 400
req "/?page=99"
check "a page past the end is 404" status_is 404
req "/?q=%zz"
check "broken percent-encoding in the query is 400" status_is 400
req /static/style.css
check "nginx serves the stylesheet from www/" sh -c "[ $STATUS = 200 ] && grep -q 'text/css' '$T/headers'"

# A scheduled article appears by itself when its time comes: no cron, no restart.
# Far enough ahead for the two requests below on a busy machine (the guard after them says
# so if not); with valgrind the requests are slow, so further still.
DELAY=5
[ -n "${MERIDIAN_VALGRIND:-}" ] && DELAY=20
AT=$(($(date +%s) + DELAY))
write_md "$T/in/e.md" "Appears shortly" appears-shortly "date: $(date -u -d "@$AT" +%Y-%m-%dT%H:%M:%SZ)" <<'MD'
Scheduled text.
MD
check "import of a scheduled article" quiet m import "$T/in/e.md"
req /
check "scheduled: the home page answers 200 before the publish time" status_is 200
ETAG_BEFORE=$(header ETag)
req /articles/appears-shortly
check "scheduled: not visible yet" status_is 404
check "the checks above ran before the publish time" [ "$(date +%s)" -lt "$AT" ]
while [ "$(date +%s)" -le "$AT" ]; do sleep 0.2; done
req /articles/appears-shortly
check "scheduled: visible once its time has passed" status_is 200
req / -H "If-None-Match: $ETAG_BEFORE"
check "the home page's old ETag no longer matches" status_is 200
check "the home page now lists it" body_has 'appears-shortly'

# Editing an article changes its ETag, so caches revalidate.
req /articles/back-pain
E1=$(header ETag)
write_md "$T/in/b.md" "Back pain & you" back-pain "date: 2025-02-10T09:00:00Z" <<'MD'
Most back pain settles within weeks; gentle movement helps.
MD
m import "$T/in/b.md" >/dev/null
req /articles/back-pain -H "If-None-Match: $E1"
check "an edit invalidates the old ETag" status_is 200
check "the edit shows at once" body_has 'gentle movement helps'

finish
