#!/bin/bash
# SPDX-License-Identifier: ISC
# wp-wpcom.sh: `meridian import` of an export from WordPress.com (tests/e2e/wp/wpcom/, written by
# hand), whose images live on the site's media host (SITE.files.wordpress.com, often through
# Photon, i0.wp.com, with resizing queries): --uploads holds them by YYYY/MM/name; another
# site's image stays behind, reported; --fetch asks the site's own media host and no other.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/wp.sh"
WP=$SRC/tests/e2e/wp/wpcom
POST="post 201 \"What to expect at your first visit\""

db_init
run m import --uploads "$WP/uploads" "$WP/export.xml"
check "the WordPress.com export imports ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
sed 's/^/# /' "$T/out"
check "... its four images from --uploads, the other site's missing" \
    grep -qx "images: 4 imported, 0 already there, 1 missing" "$T/out"
check "an image on the media host with ?w=1024: the file by YYYY/MM/name" \
    same "$DB" cupping.png "$WP/uploads/2023/05/cupping.png"
check "an image through Photon (i0.wp.com) with its resize query" \
    same "$DB" moxa.png "$WP/uploads/2023/06/moxa.png"
check "a resized copy under the site's wp-content/uploads/: the original" \
    same "$DB" chart.png "$WP/uploads/2023/06/chart.png"
check "the featured image (_thumbnail_id of an attachment on the media host)" \
    grep -qE "^$POST: /media/[0-9]+/needles.png$" "$T/out"
check "... is the article's own" \
    [ "$(sqlite3 "$DB" "select m.name from post_images i join media m on m.id = i.media_id join posts p on p.id = i.post_id where p.slug = 'what-to-expect'")" = needles.png ]
check "another site's files.wordpress.com image is reported missing" \
    grep -qF "$POST: https://harbourneedles.files.wordpress.com/2023/05/their-room.png" "$T/out"
check "... and none of its name came into the library" \
    [ "$(sqlite3 "$DB" "select count(*) from media where name like 'their-room%'")" = 0 ]

site_start || exit 99
req /articles/what-to-expect
check "the article is served with its images from the library" \
    got 200 sh -c "grep -qE '<img src=\"/media/1/[^\"]*\"[^>]* alt=\"Cupping glasses on a shelf\"' '$T/body' &&
        grep -qE '<img src=\"/media/2/[^\"]*\"[^>]* alt=\"A lit moxa stick\"' '$T/body'"
check "... the other site's image as its alt text" body_has "room: Another clinic"
check "... no address of the old media hosts left" sh -c "! grep -q 'wordpress.com\|wp.com' '$T/body'"

# --- --fetch: a stand-in for WordPress.com's media hosts, reached as the HTTP proxy ----------------
# libcurl sends a request for http://SITE.files.wordpress.com/... to $http_proxy, whose log shows
# which host was asked; the export's address says http so that no TLS is needed on loopback.
mkdir -p "$T/proxy/http:"
cp -r "$WP/uploads" "$T/proxy/http:/quaysideacu.files.wordpress.com"
mkdir -p "$T/proxy/http:/harbourneedles.files.wordpress.com/2023/05"
cp "$WP/uploads/2023/05/cupping.png" "$T/proxy/http:/harbourneedles.files.wordpress.com/2023/05/their-room.png"
sed 's|https://quaysideacu|http://quaysideacu|g' "$WP/export.xml" > "$T/http.xml"
D2=$T/fetch.db
fetch_through_proxy "$D2" "$T/http.xml"
check "an import with --fetch exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "... downloads the four images from the site's media host" \
    grep -qx "images: 4 imported, 0 already there, 1 missing" "$T/out"
check "... the originals" sh -c "$(declare -f same); same '$D2' cupping.png '$WP/uploads/2023/05/cupping.png' &&
    same '$D2' chart.png '$WP/uploads/2023/06/chart.png' && same '$D2' moxa.png '$WP/uploads/2023/06/moxa.png'"
check "... asked the media host by YYYY/MM/name" \
    grep -qF "GET http://quaysideacu.files.wordpress.com/2023/05/cupping.png " "$T/proxy.log"
check "... and no other host (not another site's media host, not Photon)" \
    sh -c "! grep 'GET ' '$T/proxy.log' | grep -v 'GET http://quaysideacu.files.wordpress.com/20' | grep -v 'GET / '"
check "... the other site's image still missing" \
    grep -qF "$POST: http" "$T/out"
finish
