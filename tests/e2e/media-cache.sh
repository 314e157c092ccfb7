#!/bin/bash
# media-cache.sh: the shipped nginx config keeps image variants in nginx's own cache: a
# variant a visitor fetched is answered with the daemon stopped (bytes, headers, 304 and all),
# while a library name, anything uncached and every staff request still need the daemon;
# a HEAD's empty answer is never served to a GET; and, with the validity shortened in a
# copy of the config, a deleted image stops being served once it is over.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }
# variant ID FORMAT: the address of image ID's widest variant in FORMAT.
variant() {
	q "SELECT '/media/$1/' || width || '-' || substr(sha256, 1, 16) || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format END
	   FROM media_variants WHERE media_id = $1 AND format = '$2' ORDER BY width DESC LIMIT 1"
}
send() {
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=$3" \
	    -F "file=@$1;filename=$2;type=application/octet-stream"
}

check "the shipped config keeps a variant one minute" \
    grep -q '^[[:space:]]*fastcgi_cache_valid 200 301 1m;' "$SRC/contrib/nginx/meridian.conf"

# Small GIFs (16 px: quick, under valgrind too); each becomes PNG and WebP variants.
img gif "$T/one.gif" 1 || exit 99
img gif "$T/two.gif" 2 || exit 99
img gif "$T/three.gif" 3 || exit 99
login bob password-three-four
check "an editor logs in: 303" status_is 303
send "$T/one.gif" one.gif "One"
check "upload one: 303" status_is 303
ONE=$(q "SELECT max(id) FROM media")
send "$T/two.gif" two.gif "Two"
check "upload two: 303" status_is 303
TWO=$(q "SELECT max(id) FROM media")
V1=$(variant "$ONE" png)
W1=$(variant "$ONE" webp)
V2=$(variant "$TWO" png)
N1=/media/$ONE/$(q "SELECT name FROM media WHERE id = $ONE")
check "the images have variants ($V1 $W1 $V2)" [ -n "$V1" ] && [ -n "$W1" ] && [ -n "$V2" ]

# With the daemon up: a visitor fetches V1 and the library name; W1 by HEAD only; V2 only
# ever by staff.
req "$V1"
check "a visitor's variant: 200" status_is 200
cp "$T/body" "$T/v1"
cp "$T/headers" "$T/v1.headers"
ETAG=$(header ETag)
req "$N1"
check "the library name: 200" status_is 200
req "$W1" -I
check "HEAD of another variant: 200" status_is 200
ureq bob "$V2"
check "staff fetch a variant: 200" status_is 200
ureq bob "$V1"
check "staff fetch the visitor's variant: 200" status_is 200

meridian_stop
req "$V1"
check "daemon stopped: the visitor's variant still answers 200, from nginx's cache" status_is 200
check "... the same bytes" cmp -s "$T/body" "$T/v1"
check "... as image/png, nosniff" \
    [ "$(header Content-Type)|$(header X-Content-Type-Options)" = "image/png|nosniff" ]
check "... immutable for browsers" [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
check "... its ETag" [ "$(header ETag)" = "$ETAG" ]
check "... one Content-Security-Policy, the daemon's" \
    [ "$(grep -ci '^Content-Security-Policy:' "$T/headers")" = 1 ] &&
    [ "$(header Content-Security-Policy)" = "$(grep -i '^Content-Security-Policy:' "$T/v1.headers" | cut -d: -f2- | sed 's/^ *//; s/\r$//')" ]
check "... one Referrer-Policy and one X-Frame-Options" \
    [ "$(grep -ci '^Referrer-Policy:' "$T/headers")$(grep -ci '^X-Frame-Options:' "$T/headers")" = 11 ]
req "$V1" -H "If-None-Match: $ETAG"
check "... and a 304 for the browser's copy" status_is 304
req "$W1"
check "a GET after a HEAD: 502 (the HEAD's empty answer was not kept for it)" status_is 502
req "$N1"
check "a library name is never cached: 502 with the daemon stopped" status_is 502
req "$V2"
check "a variant only staff fetched was not cached: 502" status_is 502
ureq bob "$V1"
check "staff never get nginx's copy: 502 with the daemon stopped" status_is 502
check "... nginx's own error page with the security headers" \
    [ "$(header X-Frame-Options)|$(header X-Content-Type-Options)" = "DENY|nosniff" ]

# A copy of the config whose variants are kept one second: a deleted image answers 404
# once the second is over, and an expired copy asks the daemon again and gets the same
# bytes (a 304 from the daemon renews it).
meridian_start || exit 99
sed 's/^\([[:space:]]*fastcgi_cache_valid 200 301\) 1m;/\1 1s;/' "$T/server.conf" > "$T/short.conf"
check "the copy's validity is one second" grep -q 'fastcgi_cache_valid 200 301 1s;' "$T/short.conf"
nginx_stop
rm -rf "$T/nginx-media-cache"
nginx_start "$T/short.conf" || exit 99
send "$T/three.gif" three.gif "Three"
check "upload three: 303" status_is 303
THREE=$(q "SELECT max(id) FROM media")
V3=$(variant "$THREE" png)
req "$V3"
check "a visitor fetches its variant: 200" status_is 200
cp "$T/body" "$T/v3"
sleep 2
req "$V3"
check "after the validity: 200 again, the same bytes" status_is 200 && cmp -s "$T/body" "$T/v3"
ureq bob /admin/media
submit bob "/admin/media/$THREE" @action=delete
check "staff delete the image: 303" status_is 303
sleep 2
req "$V3"
check "once the validity is over, the deleted image's variant answers 404" status_is 404

finish
