#!/bin/bash
# SPDX-License-Identifier: ISC
# wp-wpcom-domain.sh: `meridian import` of a WordPress.com site on a domain of its own
# (tests/e2e/wp/wpcom/domain.xml): its address is stillwateracu.example, but its images live on
# the media host of its WordPress.com name, stillwaterclinic.files.wordpress.com, which only
# its attachments show. --uploads finds them by YYYY/MM/name, --fetch asks that host and no
# other; the old links of the domain answer 301, and the article shows its images. A gallery
# with a caption of its own is one figure of its images, the caption under them, its link kept.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/wp.sh"
WP=$SRC/tests/e2e/wp/wpcom
POST='post 501 "Your first visit"'

db_init
run m import --uploads "$WP/uploads" "$WP/domain.xml"
check "the export imports ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
sed 's/^/# /' "$T/out"
check "... its four images from --uploads, another site's missing" \
    grep -qx "images: 4 imported, 0 already there, 1 missing" "$T/out"
check "an image on the media host the attachments named, with ?w=1024" \
    same "$DB" cupping.png "$WP/uploads/2023/05/cupping.png"
check "an image of that host through Photon (i0.wp.com)" \
    same "$DB" moxa.png "$WP/uploads/2023/06/moxa.png"
check "the featured image (an attachment on that host)" \
    grep -qE "^$POST: /media/[0-9]+/needles.png$" "$T/out"
check "another site's files.wordpress.com image is reported missing" \
    grep -qF "$POST: https://riverneedles.files.wordpress.com/2023/05/their-room.png" "$T/out"

site_start || exit 99
req /articles/your-first-visit
check "the article is served with its images from the library" \
    got 200 sh -c "grep -qE '<img src=\"/media/[0-9]+/[^\"]*\"[^>]* alt=\"Glass cups on a shelf\"' '$T/body' &&
        grep -qE '<img src=\"/media/[0-9]+/[^\"]*\"[^>]* alt=\"Moxa, lit\"' '$T/body'"
check "... no address of the old media hosts left" sh -c "! grep -q 'wordpress.com\|wp.com' '$T/body'"
req /articles/our-rooms
# The figure on one line, for grep: <figure> <picture>...</picture> <picture>...</picture>
# <figcaption>...</figcaption> </figure>.
tr -d '\n' < "$T/body" > "$T/flat"
check "a gallery with its own caption is one figure of its two images, the caption under them" \
    got 200 grep -qE '<figure>(<picture>(<source [^>]*>)*<img src="/media/[0-9]+/[^"]*"[^>]* alt="(Fine needles on a tray|A chart of the meridians)"[^>]*></picture>){2}<figcaption>The treatment room; <a href="/2023/05/20/your-first-visit/">what a first visit is like</a></figcaption></figure>' "$T/flat"
req /2023/05/20/your-first-visit/ -L
check "... the caption's link, to the old address, ends at the article (200)" \
    sh -c "[ '$STATUS' = 200 ] && grep -q 'We talk first' '$T/body'"
req /2023/05/20/your-first-visit/
check "the old link on the site's own domain answers 301" \
    sh -c "[ '$STATUS' = 301 ] && case '$(header Location)' in *'/articles/your-first-visit') ;; *) exit 1 ;; esac"
req /2023/05/20/your-first-visit/ -L
check "... and ends in a 200" status_is 200

# --- --fetch: the media host, reached through a stand-in proxy that logs what was asked --------
mkdir -p "$T/proxy/http:"
cp -r "$WP/uploads" "$T/proxy/http:/stillwaterclinic.files.wordpress.com"
mkdir -p "$T/proxy/http:/stillwateracu.example/wp-content"
cp -r "$WP/uploads" "$T/proxy/http:/stillwateracu.example/wp-content/uploads"
sed 's|https://|http://|g' "$WP/domain.xml" > "$T/http.xml"
D2=$T/fetch.db
fetch_through_proxy "$D2" "$T/http.xml"
check "an import with --fetch exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "... downloads the four images" grep -qx "images: 4 imported, 0 already there, 1 missing" "$T/out"
check "... the originals" sh -c "$(declare -f same); same '$D2' cupping.png '$WP/uploads/2023/05/cupping.png' &&
    same '$D2' moxa.png '$WP/uploads/2023/06/moxa.png' && same '$D2' needles.png '$WP/uploads/2023/05/needles.png'"
check "... asked the media host by YYYY/MM/name" \
    grep -qF "GET http://stillwaterclinic.files.wordpress.com/2023/05/cupping.png " "$T/proxy.log"
check "... and no other host (not the domain, not another site's media host, not Photon)" \
    sh -c "! grep 'GET ' '$T/proxy.log' | grep -v 'GET http://stillwaterclinic.files.wordpress.com/20' | grep -v 'GET / '"
finish
