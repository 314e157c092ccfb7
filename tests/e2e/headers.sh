#!/bin/bash
# headers.sh: every kind of response through the shipped nginx server block carries the
# security headers: a Content-Security-Policy that forbids framing and inline script,
# X-Frame-Options, nosniff and a Referrer-Policy. Pages, feeds, media, the sitemap, errors
# from Meridian and from nginx, the staff pages and nginx's own static files.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

db_init
add_staff alice admin password-one-two
mkdir -p "$T/in"
write_md "$T/in/a.md" "Needles and nerves" needles "date: 2025-01-10T09:00:00Z" \
    "topics: [Safety]" <<'MD'
What happens at a first appointment.
MD
write_md "$T/in/about.md" "About the clinic" about "kind: page" <<'MD'
We are a small clinic.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
site_start || exit 99

# The directives of every Content-Security-Policy header of the last response, one a line.
csp_lines() { grep -i '^Content-Security-Policy:' "$T/headers" | cut -d: -f2- | tr -d '\r' | tr ';' '\n' | sed 's/^ *//'; }
# secure WHAT: the last response carries each header, with the values a visitor relies on.
secure() {
	local what=$1 scripts
	check "$what: has one Content-Security-Policy" \
	    [ "$(grep -ci '^Content-Security-Policy:' "$T/headers")" = 1 ]
	check "$what: the CSP forbids framing (frame-ancestors 'none')" \
	    sh -c "csp=\$(cat); echo \"\$csp\" | grep -qx \"frame-ancestors 'none'\"" <<<"$(csp_lines)"
	# Scripts fall under script-src, or default-src when there is none.
	scripts=$(csp_lines | grep -E '^script-src( |$)')
	[ -n "$scripts" ] || scripts=$(csp_lines | grep -E '^default-src( |$)')
	check "$what: the CSP restricts scripts ($scripts)" [ -n "$scripts" ]
	check "$what: the CSP allows no inline script" \
	    sh -c "! echo \"\$1\" | grep -qiE \"'unsafe-inline'|'unsafe-hashes'|\\*|data:\"" _ "$scripts"
	check "$what: one X-Frame-Options, DENY" sh -c \
	    "[ \$(grep -ci '^X-Frame-Options:' '$T/headers') = 1 ] && grep -qix 'X-Frame-Options: DENY.' '$T/headers'"
	check "$what: nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]
	check "$what: a Referrer-Policy" [ -n "$(header Referrer-Policy)" ]
}

req /
check "home: 200" status_is 200
secure "home"
req /articles/needles
check "article: 200" status_is 200
secure "article"
ETAG=$(header ETag)
req /articles/needles -H "If-None-Match: $ETAG"
check "article revalidated: 304" status_is 304
secure "304 answer"
req /about
check "static page: 200" status_is 200
secure "static page"
req /topics/safety
check "topic page: 200" status_is 200
secure "topic page"
req /search?q=needles
check "search: 200" status_is 200
secure "search"
req /feed.xml
check "feed: 200" status_is 200
secure "feed"
req /topics/safety/feed.xml
check "topic feed: 200" status_is 200
secure "topic feed"
req /sitemap.xml
check "sitemap: 200" status_is 200
secure "sitemap"
req /robots.txt
check "robots.txt: 200" status_is 200
secure "robots.txt"
req /_health
check "health: 200" status_is 200
secure "health"

# An image uploaded by staff, as visitors fetch it.
printf '%s' iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII= |
    base64 -d > "$T/dot.png"
login alice password-one-two
check "login: 303" status_is 303
secure "login answer"
MT=$(tok alice)
ureq alice /admin/media -H "Origin: $BASE" -F "csrf_token=$MT" -F "alt=A dot" \
    -F "file=@$T/dot.png;type=image/png"
check "upload: 303" status_is 303
MEDIA=$(sqlite3 "$DB" "SELECT '/media/' || id || '/' || name FROM media LIMIT 1")
req "$MEDIA"
check "media: 200" status_is 200
secure "media"

# Errors, from Meridian and from nginx.
req /no-such-page
check "unknown page: 404" status_is 404
secure "404"
req / -X POST -d x=1
check "POST on a page: 405" status_is 405
secure "405"
req '/search?q=%zz'
check "malformed percent-encoding: 400" status_is 400
secure "400 from Meridian"
req /articles/needles -H "Host: a b"
check "a request nginx refuses itself: 400" status_is 400
secure "400 from nginx"
{ printf 'title=Big&body='; head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'b'; } > "$T/bigform"
ureq alice /admin/articles/new -H "Origin: $BASE" --data-binary "@$T/bigform"
check "a 2 MiB form: 413 from Meridian" status_is 413
secure "413 from Meridian"
head -c $((10 * 1024 * 1024 + 100)) /dev/zero > "$T/huge.png"
ureq alice /admin/media -H "Origin: $BASE" -F "csrf_token=$MT" -F "alt=Huge" -F "file=@$T/huge.png"
check "an 11 MiB upload: 413 from nginx" status_is 413
secure "413 from nginx"
req /admin/articles/new -H "Origin: http://evil.example" -d title=x
check "a cross-site POST: 403" status_is 403
secure "403"

# The staff pages, the login page and the redirect to it.
req /admin/
check "no session: 303 to the login" status_is 303
secure "303 to the login"
req /admin/login
check "login page: 200" status_is 200
secure "login page"
for p in /admin/ /admin/articles /admin/articles/new /admin/media /admin/settings /admin/users \
    /admin/password /admin/redirects /admin/audit; do
	ureq alice "$p"
	check "staff page $p: 200" status_is 200
	secure "staff page $p"
done

# Files nginx serves itself.
req /static/style.css
check "static file: 200" status_is 200
secure "static file"
req /static/no-such-file.css
check "missing static file: 404 from nginx" status_is 404
secure "404 from nginx"

# The daemon down: nginx answers 502 itself.
meridian_stop
req /articles/needles
check "daemon stopped: 502" status_is 502
secure "502 from nginx"

# Over HTTPS the sysadmin uncomments every Strict-Transport-Security line. A location with an
# add_header of its own inherits none of the server's, so each location must still carry
# them all: nginx's own answers (the daemon down) everywhere, with HSTS too.
sed 's/#\(add_header Strict-Transport-Security\)/\1/' "$T/server.conf" > "$T/hsts.conf"
check "setup: the HSTS lines are uncommented" grep -q '^[[:space:]]*add_header Strict-Transport' "$T/hsts.conf"
nginx_stop
nginx_start "$T/hsts.conf" || exit 99
for p in /articles/needles "/search?q=needles" /admin/ /admin/login /media/1/480-0123456789abcdef.webp \
    /static/no-such-file.css; do
	req "$p"
	check "HSTS on: nginx's own answer at $p" sh -c '[ "$1" = 502 ] || [ "$1" = 404 ]' _ "$STATUS"
	check "... has Strict-Transport-Security" [ -n "$(header Strict-Transport-Security)" ]
	secure "HSTS on: nginx's own answer at $p"
done

finish
