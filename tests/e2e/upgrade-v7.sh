#!/bin/bash
# upgrade-v7.sh: a site from before the image pipeline (schema version 7: images kept as
# uploaded, GPS and all, with no variants) upgraded by `meridian init`: the database reaches
# the current version, every image gets its variants and they decode, no GPS is left in
# anything served, the article's image renders as <picture>, and each image's old address
# still answers (a GIF's with 301 to its PNG, a WebP's to its JPEG).
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v exiftool >/dev/null 2>&1 || { echo "exiftool missing (libimage-exiftool-perl): skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"
q() { sqlite3 "$DB" "$1"; }

# Schema 7, as the migration runner built it: each of sql/0001 to 0007 in its own
# transaction with foreign keys off, then user_version. 0004 copies posts' rows through
# meridian_reading_minutes(), a function only the daemon registers; the table is empty at
# that point, so the call is never made and 1 stands in for it.
LATEST=$(ls "$SRC"/sql/[0-9][0-9][0-9][0-9]-*.sql | wc -l)
v=0
for f in "$SRC"/sql/000[1-7]-*.sql; do
	v=$((v + 1))
	{
		echo "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;"
		sed 's/meridian_reading_minutes(body_md)/1/' "$f"
		echo "PRAGMA user_version = $v; COMMIT;"
	} | sqlite3 -bail "$DB" || { echo "# $f failed"; exit 99; }
done
check "a schema-7 database from sql/0001 to 0007" [ "$(q 'PRAGMA user_version')" = 7 ]

# The library as version 7 stored it: the uploaded bytes as they were, the name cleaned with
# the upload's own type's extension, the MIME type sniffed, the SHA-256 of those bytes.
img phone "$T/needles.jpg" || exit 99
img png16 "$T/room.png" || exit 99
img gif "$T/chart.gif" 4 || exit 99
img webp "$T/tray.webp" || exit 99
old_media() {
	q "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
	   VALUES ($1, '$2', '$3', $(wc -c < "$T/$2"), '$(sha256sum < "$T/$2" | cut -c1-64)', '$4',
	   readfile('$T/$2'), 1700000000, 'bob')"
}
old_media 1 needles.jpg image/jpeg "Needles on a steel tray"
old_media 2 room.png image/png "The treatment room"
old_media 3 chart.gif image/gif "A chart of the meridians"
old_media 4 tray.webp image/webp "An empty tray"
check "the old photo carries a GPS position" sh -c "exiftool -s -GPSLatitude '$T/needles.jpg' | grep -q GPSLatitude"
BODY=$(printf 'Our needles:\n\n![Needles on a steel tray](/media/1/needles.jpg)\n\nThe room: ![room](/media/2/room.png) and ![chart](/media/3/chart.gif)\n')
q "INSERT INTO posts (kind, slug, title, status, published_at, created_at, updated_at,
   substantive_at, author, reading_minutes, body_md)
   VALUES ('article', 'our-needles', 'Our needles', 'published', 1700000000, 1700000000,
   1700000000, 1700000000, 'Bob', 1, '$BODY')"
check "version 7's rows are in" [ "$(q 'SELECT count(*) FROM media')$(q 'SELECT count(*) FROM posts')" = 41 ]

m init > "$T/init.out" 2>&1
rc=$?
sed 's/^/# /' "$T/init.out"
check "meridian init: exits 0" [ $rc = 0 ]
check "meridian init: says it migrated from 7 to $LATEST" grep -q "migrated from schema version 7 to $LATEST\$" "$T/init.out"
check "the database is at the latest version" [ "$(q 'PRAGMA user_version')" = "$LATEST" ]
check "a backup of version 7 was written first" grep -q "backup of schema version 7 written to" "$T/init.out"
check "init: each old image went through the pipeline" \
    [ "$(grep -c '^media [1234]: rebuilt' "$T/init.out")" = 4 ]
for id in 1 2 3 4; do
	check "image $id has variants" [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = $id")" -ge 2 ]
done
check "the photo is no longer the uploaded bytes" \
    [ "$(q "SELECT count(*) FROM media WHERE id = 1 AND sha256 = '$(sha256sum < "$T/needles.jpg" | cut -c1-64)'")" = 0 ]
m check > "$T/check.out" 2>&1
check "meridian check: every variant there and decoding" \
    grep -q '^ok: media: 4 images, each with its variants, all decoding' "$T/check.out"

site_start || exit 99
urls=$(q "SELECT '/media/' || media_id || '/' || width || '-' || substr(sha256, 1, 16) || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format END FROM media_variants ORDER BY media_id")
n=0 gps=
for u in $urls /media/1/needles.jpg; do
	req "$u"
	[ "$STATUS" = 200 ] || { gps="$gps $u:$STATUS"; continue; }
	n=$((n + 1))
	exiftool -s -a -G0 "$T/body" > "$T/exif.out" 2>&1
	grep -qE '^\[(EXIF|XMP|IPTC)\]|GPS' "$T/exif.out" && gps="$gps $u"
done
check "exiftool: no GPS, EXIF or XMP in any of the $n served images (found in:$gps)" [ -z "$gps" ]

req /articles/our-needles
check "the article: 200" status_is 200
V1=$(q "SELECT '/media/1/' || width || '-' || substr(sha256, 1, 16) || '.webp' FROM media_variants WHERE media_id = 1 AND format = 'webp' ORDER BY width LIMIT 1")
check "the article's photo renders as <picture> with its WebP variants" \
    body_has "<picture><source type=\"image/webp\" srcset=\"$V1 "
check "... with its width and height" grep -q '<img src="/media/1/[^"]*" srcset="[^"]*" sizes="[^"]*" width="800" height="1200" alt="Needles on a steel tray"' "$T/body"
check "... and the GIF too" grep -q '<picture><source type="image/webp" srcset="/media/3/' "$T/body"

req /media/1/needles.jpg
check "the photo's old address: 200, a JPEG" status_is 200 && [ "$(header Content-Type)" = image/jpeg ]
req /media/2/room.png
check "the PNG's old address: 200, a PNG (its transparency kept)" status_is 200 && [ "$(header Content-Type)" = image/png ]
req /media/3/chart.gif
check "the GIF's old address: 301" status_is 301
check "... to its PNG" [ "$(header Location)" = "/media/3/$(q 'SELECT name FROM media WHERE id = 3')" ] &&
    [ "$(q 'SELECT name FROM media WHERE id = 3')" = chart.png ]
req "$(header Location)"
check "... which answers 200" status_is 200
req /media/4/tray.webp
check "the WebP's old address: 301 to its JPEG" status_is 301 &&
    [ "$(header Location)" = /media/4/tray.jpg ] && [ "$(q 'SELECT name FROM media WHERE id = 4')" = tray.jpg ]
req /media/4/tray.jpg
check "... which answers 200, a JPEG" status_is 200 && [ "$(header Content-Type)" = image/jpeg ]

finish
