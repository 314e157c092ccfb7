#!/bin/bash
# images.sh: what the image pipeline makes of uploads: a phone photo loses its EXIF and GPS,
# is turned upright and comes in smaller sizes at addresses cached as immutable; oversized,
# damaged and hostile files are refused with a message that says why, and the site stays up.
# SPDX-License-Identifier: ISC
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: under memcheck one photo's decode outlasts the request timeout; the worker's side of an upload runs under valgrind in uploads.sh"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

img phone "$T/phone.jpg" || exit 99
img info "$T/phone.jpg" > "$T/phone.info"
check "the test photo has EXIF with GPS" grep -q 'exif-ifd3-GPSLatitude' "$T/phone.info"
check "the test photo is stored sideways (1200 x 800, orientation 6)" grep -q '^1200 800 ' "$T/phone.info"

login bob password-three-four
check "login: 303" status_is 303

# send FILE NAME ALT: one upload through the media form.
send() {
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=$3" \
	    -F "file=@$1;filename=$2;type=application/octet-stream"
}

send "$T/phone.jpg" IMG_0042.JPG "A red and blue card"
check "phone photo upload: 303" status_is 303
ID=$(q "SELECT max(id) FROM media")
NAME=$(q "SELECT name FROM media WHERE id = $ID")
check "stored under a clean name ($NAME)" [ "$NAME" = img-0042.jpg ]
check "the full size is upright: 800 x 1200" [ "$(q "SELECT width || 'x' || height FROM media WHERE id = $ID")" = 800x1200 ]
check "variants of 480 and 960, WebP and JPEG, and the full size" \
    [ "$(q "SELECT group_concat(width || format, ' ') FROM (SELECT width, format FROM media_variants WHERE media_id = $ID ORDER BY width, format)")" = "480jpeg 480webp 800jpeg 800webp" ]
check "no variant wider than the photo (never upscaled)" \
    [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = $ID AND width > 800")" = 0 ]
check "the uploaded bytes are not stored" \
    [ "$(q "SELECT count(*) FROM media WHERE id = $ID AND sha256 = '$(sha256sum < "$T/phone.jpg" | cut -c1-64)'")" = 0 ]

# Every served form of the photo: no metadata, upright, red on top.
urls=$(q "SELECT '/media/$ID/' || width || '-' || substr(sha256, 1, 16) || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format END FROM media_variants WHERE media_id = $ID")
urls="$urls /media/$ID/$NAME"
for u in $urls; do
	req "$u"
	check "$u: 200" status_is 200
	check "$u: no EXIF block in the bytes" eval '! grep -q "Exif" "$T/body"'
	cp "$T/body" "$T/served"
	case $u in *.webp) t=image/webp ;; *) t=image/jpeg ;; esac
	check "$u: served as $t" [ "$(header Content-Type)" = $t ]
	check "$u: nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]
	img info "$T/served" > "$T/served.info"
	check "$u: no EXIF, GPS, XMP or orientation left" grep -qx 'metadata:' "$T/served.info"
	check "$u: upright, red on top" grep -qx 'top red' "$T/served.info"
	check "$u: smaller than the upload" [ "$SIZE" -lt "$(wc -c < "$T/phone.jpg")" ]
done

V480=$(q "SELECT '/media/$ID/480-' || substr(sha256, 1, 16) || '.webp' FROM media_variants WHERE media_id = $ID AND width = 480 AND format = 'webp'")
req "$V480"
check "a variant is cached as immutable" [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
ETAG=$(header ETag)
check "a variant has an ETag" [ -n "$ETAG" ]
req "$V480" -H "If-None-Match: $ETAG"
check "a variant revalidates: 304" status_is 304
req "$V480" -I
check "HEAD of a variant: 200" status_is 200
check "HEAD of a variant: no body" [ "$SIZE" = 0 ]
check "HEAD of a variant: its length" [ "$(header Content-Length)" = "$(q "SELECT length(bytes) FROM media_variants WHERE media_id = $ID AND width = 480 AND format = 'webp'")" ]
req "/media/$ID/480-0000000000000000.webp"
check "a variant's old hash moves to the current address: 301" status_is 301
check "... to the current address" [ "$(header Location)" = "$V480" ]
req "/media/$ID/481-0000000000000000.webp"
check "a size that does not exist: 404" status_is 404
req "/media/$ID/480-zzzz.webp"
check "a malformed variant name: 404" status_is 404

# In an article: <picture> with a WebP source and the JPEG fallback, srcset, sizes, width and
# height, lazy from the second image on, a <figure> for an image alone with a title.
upost bob /admin/articles/new --data-urlencode "title=Cards" --data-urlencode slug=cards \
    --data-urlencode "body=$(printf 'First ![A card](/media/%s/%s) inline.\n\n![](/media/%s/%s "The same card, later")\n\nAn outside one: ![x](/elsewhere.png)\n' "$ID" "$NAME" "$ID" "$NAME")" \
    --data-urlencode kind=article --data-urlencode status=published \
    --data-urlencode publish_at=2025-01-10T09:00 --data-urlencode "author=Bob" --data-urlencode substantive=1
check "an article with two library images: 303" status_is 303
req /articles/cards
W480=$(q "SELECT '/media/$ID/480-' || substr(sha256, 1, 16) || '.webp 480w' FROM media_variants WHERE media_id = $ID AND width = 480 AND format = 'webp'")
J480=$(q "SELECT '/media/$ID/480-' || substr(sha256, 1, 16) || '.jpg' FROM media_variants WHERE media_id = $ID AND width = 480 AND format = 'jpeg'")
J800=$(q "SELECT '/media/$ID/800-' || substr(sha256, 1, 16) || '.jpg' FROM media_variants WHERE media_id = $ID AND width = 800 AND format = 'jpeg'")
ureq bob /admin/media
check "library: the photo's thumbnail is its 480 px JPEG" body_has "<img src=\"$J480\" width=\"160\" height=\"240\" alt=\"A red and blue card\""
check "library: with its size in pixels" body_has "800 × 1200 px"
req /articles/cards
check "article: a <picture> with a WebP source listing the widths" body_has "<picture><source type=\"image/webp\" srcset=\"$W480, "
check "article: the fallback img has src, srcset, sizes, width and height" \
    body_has "<img src=\"$J800\" srcset=\"$J480 480w, $J800 800w\" sizes=\"(max-width: 42rem) 100vw, 42rem\" width=\"800\" height=\"1200\" alt=\"A card\" decoding=\"async\"></picture>"
check "article: the first image is not lazy, the second is" \
    [ "$(grep -o 'decoding="async"[^>]*>' "$T/body" | tr '\n' '|')" = 'decoding="async">|decoding="async" loading="lazy">|' ]
check "article: an image alone with a title is a <figure> with a <figcaption>" \
    body_has '</picture><figcaption>The same card, later</figcaption></figure>'
check "article: an empty alt takes the library's alt text" body_has 'alt="A red and blue card"'
check "article: an image from elsewhere stays a plain img" body_has '<img src="/elsewhere.png" alt="x" />'
req /feed.xml
check "feed: the image as an absolute URL of the mid-size fallback" \
    grep -q "&lt;img src=&quot;https\?://[^/&]*$J800&quot; width=&quot;800&quot; height=&quot;1200&quot;" "$T/body"

# A featured image: chosen in the editor from the library, at the top of the article (not
# lazy; the body's images all lazy below it), a thumbnail on the cards, og:image with its
# size and alt, twitter:card, JSON-LD image; exported as front matter and imported back.
upost bob /admin/articles/new --data-urlencode "title=Featured" --data-urlencode slug=featured \
    --data-urlencode "body=$(printf 'Text.\n\n![A card](/media/%s/%s)\n\n![far](https://example.com/far.png)\n' "$ID" "$NAME")" \
    --data-urlencode "image=/media/$ID/$NAME" --data-urlencode "summary=A photo to share" \
    --data-urlencode kind=article --data-urlencode status=published --data-urlencode topics=Cards \
    --data-urlencode publish_at=2025-01-11T09:00 --data-urlencode "author=Bob" --data-urlencode substantive=1
check "an article with a featured image: 303" status_is 303
FID=$(q "SELECT id FROM posts WHERE slug = 'featured'")
check "the featured image is stored" [ "$(q "SELECT media_id FROM post_images WHERE post_id = $FID")" = "$ID" ]
ureq bob "/admin/articles/$FID"
check "editor: the picker shows the library image by its alt text, selected" \
    body_has "<option value=\"/media/$ID/$NAME\" selected>A red and blue card ($NAME)</option>"
check "editor: warns that the body shows an image from another site" body_has "shows images from other websites"
check "editor: ... naming it" body_has "<code>https://example.com/far.png</code>"
req /articles/featured
check "article: the featured image at the top, not lazy" \
    body_has "<div class=\"featured\"><picture><source type=\"image/webp\""
check "article: the featured image is eager" \
    [ "$(grep -o 'decoding="async"[^>]*>' "$T/body" | head -n 1)" = 'decoding="async">' ]
check "article: the body's image below it is lazy" \
    [ "$(grep -o 'decoding="async"[^>]*>' "$T/body" | sed -n 2p)" = 'decoding="async" loading="lazy">' ]
check "article: og:image is the absolute URL of the fallback" \
    grep -q "<meta property=\"og:image\" content=\"https\?://[^/\"]*$J800\">" "$T/body"
check "article: og:image:width and height" body_has '<meta property="og:image:width" content="800">
<meta property="og:image:height" content="1200">'
check "article: og:image:alt" body_has '<meta property="og:image:alt" content="A red and blue card">'
check "article: twitter:card summary_large_image" body_has '<meta name="twitter:card" content="summary_large_image">'
check "article: JSON-LD image" grep -q "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https\?://[^\"]*$J800\",\"width\":800,\"height\":1200}" "$T/body"
req /articles/cards
check "an article without a featured image has no og:image" body_lacks 'og:image'
THUMB="<picture><source type=\"image/webp\" srcset=\"${W480% 480w}\"><img src=\"$J480\" width=\"480\" height=\"720\" alt=\"\" loading=\"lazy\" decoding=\"async\"></picture><h2><a href=\"/articles/featured\">"
req /
check "home: the card has the thumbnail" body_has "$THUMB"
req /topics/cards
check "topic page: the card has the thumbnail" body_has "$THUMB"
req "/search?q=featured"
check "search: the result has the thumbnail" body_has "$THUMB"
REV1=$(q "SELECT min(id) FROM revisions WHERE post_id = $FID")
upost bob "/admin/articles/$FID/revisions/$REV1/restore"
check "restoring a revision: 303" status_is 303
check "restoring a revision keeps the featured image" [ "$(q "SELECT media_id FROM post_images WHERE post_id = $FID")" = "$ID" ]
upost bob /admin/articles/new --data-urlencode "title=Elsewhere" --data-urlencode "body=x" \
    --data-urlencode "image=https://example.com/a.jpg" --data-urlencode kind=article \
    --data-urlencode status=draft --data-urlencode "author=Bob"
check "a featured image from elsewhere is refused: 400" status_is 400
check "... saying it must be from the library" body_has "The featured image must be one from the media library"
m export "$T/ex" >/dev/null
check "export: front matter image: is the library address" grep -qx "image: \"/media/$ID/$NAME\"" "$T/ex/featured.md"
"$MERIDIAN_BIN" init --db "$T/two.db" >/dev/null
"$MERIDIAN_BIN" import "$T/ex" --db "$T/two.db" --config "$T/meridian.conf" > "$T/import.out" 2>&1
check "import of the export: the featured image comes back" \
    [ "$(sqlite3 "$T/two.db" "SELECT media_id FROM post_images JOIN posts ON posts.id = post_id WHERE slug = 'featured'")" = "$ID" ]
"$MERIDIAN_BIN" export "$T/ex2" --db "$T/two.db" --config "$T/meridian.conf" >/dev/null
check "export -> import -> export: identical trees" diff -r "$T/ex" "$T/ex2"
# A Hugo file with its image beside it.
mkdir -p "$T/hugo"
cp "$T/phone.jpg" "$T/hugo/cover.jpg"
printf -- '---\ntitle: "From Hugo"\nimages:\n  - cover.jpg\n---\nHello.\n' > "$T/hugo/from-hugo.md"
m import "$T/hugo/from-hugo.md" > "$T/import.out" 2>&1
check "import: Hugo's images: a file beside the Markdown goes through the pipeline" \
    [ "$(q "SELECT m.width || 'x' || m.height FROM post_images pi JOIN posts p ON p.id = pi.post_id JOIN media m ON m.id = pi.media_id WHERE p.slug = 'from-hugo'")" = 800x1200 ]
printf -- '---\ntitle: "Far"\nimage: https://example.com/x.jpg\n---\nHello.\n' > "$T/hugo/far.md"
m import "$T/hugo/far.md" > "$T/import.out" 2>&1
check "import: an image from elsewhere is refused, never fetched" grep -q "never fetched" "$T/import.out"

# refused FILE NAME WHAT MESSAGE: the upload is refused with the message, nothing is stored,
# and the site still answers.
refused() {
	local n0
	n0=$(q "SELECT count(*) FROM media")
	send "$1" "$2" "Something"
	check "$3: 400" status_is 400
	check "$3: says why ($4)" body_has "$4"
	check "$3: nothing stored" [ "$(q "SELECT count(*) FROM media")" = "$n0" ]
	req /_health
	check "$3: the site still answers" status_is 200
}
img header-png "$T/big.png" 8000 7500
refused "$T/big.png" big.png "a 60 MP image" "The image is 8000 × 7500 pixels (60 megapixels); at most 50 megapixels are accepted."
img header-png "$T/bomb.png" 30000 30000
refused "$T/bomb.png" bomb.png "a 30000 x 30000 PNG of 65 bytes (decompression bomb)" "at most 50 megapixels"
head -c 20000 "$T/phone.jpg" > "$T/truncated.jpg"
refused "$T/truncated.jpg" truncated.jpg "a truncated JPEG" "The image cannot be read: it is damaged or not complete."
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > "$T/doc.jpg"
refused "$T/doc.jpg" doc.jpg "a PDF named .jpg" "That file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image"
printf '<html><script>alert(1)</script><img src=x onerror=alert(2)></html>' > "$T/page.png"
refused "$T/page.png" page.png "an HTML file named .png" "That file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image"
{ head -c 2000 "$T/phone.jpg"; head -c 30000 /dev/urandom; } > "$T/garbage.jpg"
refused "$T/garbage.jpg" garbage.jpg "a JPEG header followed by noise" "The image cannot be read"

if img heic-huge "$T/huge.heic" 2>/dev/null; then
	send "$T/huge.heic" huge.heic "Something"
	check "a HEIC declaring 40000 x 40000: refused (400)" status_is 400
	check "... with a message that says why" \
	    grep -q -e "at most 50 megapixels" -e "cannot be read" "$T/body"
else
	echo "# no HEVC encoder to make a HEIC: not tested"
fi

# Damaged copies of real images, as a fuzzer makes them (bytes changed, cut short, runs
# repeated): each is stored or refused with a message, never an error page, and no worker
# dies on one.
img png16 "$T/seed.png"
cp "$T/phone.jpg" "$T/seed.jpg"
img gif "$T/seed.gif" 3
img heic "$T/seed.heic" 2>/dev/null || cp "$T/phone.jpg" "$T/seed.heic"
bad=0
seeds=24
for seed in $(seq 1 $seeds); do
	for f in seed.jpg seed.png seed.gif seed.heic; do
		img mutate "$T/$f" "$T/m-$f" "$seed" || exit 99
		send "$T/m-$f" "m-$f" "Damaged"
		case $STATUS in
		303) ;;
		400) grep -q 'class="error' "$T/body" || grep -q 'role="alert"' "$T/body" || { echo "# $f seed $seed: 400 without a message"; bad=$((bad + 1)); } ;;
		*) echo "# $f seed $seed: status $STATUS"; bad=$((bad + 1)) ;;
		esac
	done
done
check "$((seeds * 4)) damaged images: each stored or refused with a message" [ "$bad" = 0 ]
check "no worker died on a damaged image" eval '! grep -q "died of signal" "$T/meridian.log"'
req /_health
check "the site answers after the damaged images" status_is 200

# A clean JPEG (nothing but its picture) is kept as it is as the full size: no second lossy
# encoding, and an export imported again gives back the same bytes.
V800=$(q "SELECT '/media/$ID/800-' || substr(sha256, 1, 16) || '.jpg' FROM media_variants WHERE media_id = $ID AND width = 800 AND format = 'jpeg'")
req "$V800"
cp "$T/body" "$T/clean.jpg"
send "$T/clean.jpg" clean.jpg "A clean photo"
CID=$(q "SELECT max(id) FROM media")
req "/media/$CID/clean.jpg"
check "a clean JPEG is served byte for byte" cmp -s "$T/body" "$T/clean.jpg"

# An image/HTML polyglot: that clean JPEG with a script in a comment segment. It is an image,
# so it is accepted, but it is no longer clean: what is served is re-encoded, without the
# script in any byte.
s='<html><script>alert(1)</script></html>'
{ head -c 2 "$T/clean.jpg"; printf "\\xff\\xfe\\x00\\x$(printf %02x $((${#s} + 2)))"; printf '%s' "$s"; tail -c +3 "$T/clean.jpg"; } > "$T/polyglot.jpg"
check "the polyglot holds the script" grep -q '<script>' "$T/polyglot.jpg"
send "$T/polyglot.jpg" polyglot.jpg "A polyglot"
check "an image/HTML polyglot: accepted as the image it also is (303)" status_is 303
PID=$(q "SELECT max(id) FROM media")
for u in "/media/$PID/$(q "SELECT name FROM media WHERE id = $PID")" \
    $(q "SELECT '/media/$PID/' || width || '-' || substr(sha256, 1, 16) || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format END FROM media_variants WHERE media_id = $PID"); do
	req "$u"
	check "the polyglot's $u: no script in the bytes" eval '[ "$STATUS" = 200 ] && ! grep -q "<script>" "$T/body"'
done

# accepted FILE NAME WHAT TYPE: an unusual but honest image is stored, as TYPE.
accepted() {
	send "$1" "$2" "Something"
	check "$3: 303" status_is 303
	local id
	id=$(q "SELECT max(id) FROM media")
	check "$3: stored as $4" [ "$(q "SELECT mime FROM media WHERE id = $id")" = "$4" ]
	check "$3: has a WebP variant" [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = $id AND format = 'webp'")" -ge 1 ]
}
img cmyk "$T/cmyk.jpg"
accepted "$T/cmyk.jpg" cmyk.jpg "a CMYK JPEG" image/jpeg
img png16 "$T/deep.png"
accepted "$T/deep.png" deep.png "a 16-bit PNG with alpha" image/png
check "a 16-bit PNG with alpha: its fallback is an 8-bit PNG" \
    [ "$(q "SELECT hex(substr(bytes, 25, 2)) FROM media WHERE id = (SELECT max(id) FROM media)")" = 0806 ]
img gif "$T/anim.gif" 1000
accepted "$T/anim.gif" anim.gif "a GIF of 1000 frames (its first frame)" image/png
check "a GIF of 1000 frames: one frame, 16 px high" [ "$(q "SELECT height FROM media WHERE id = (SELECT max(id) FROM media)")" = 16 ]
if img heic "$T/photo.heic" 2>/dev/null; then
	accepted "$T/photo.heic" photo.heic "a HEIC photo" image/jpeg
else
	echo "# no HEVC encoder to make a HEIC: not tested"
fi
if img avif "$T/photo.avif" 2>/dev/null; then
	accepted "$T/photo.avif" photo.avif "an AVIF photo" image/jpeg
else
	echo "# no AV1 encoder to make an AVIF: not tested"
fi

# An image stored by a version before the pipeline: the uploaded bytes, GPS and all, no
# variants. `meridian media check` finds it, `meridian media rebuild` processes it in place.
q "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
   VALUES (900, 'old-photo.jpg', 'image/jpeg', $(wc -c < "$T/phone.jpg"), 'x', 'An old photo',
   readfile('$T/phone.jpg'), 1700000000, 'bob')"
req /media/900/old-photo.jpg
check "an old image is served as it was stored (with its EXIF) until rebuilt" grep -q Exif "$T/body"
m check > "$T/check.out" 2>&1
check "meridian check: fails while an image has no variants, naming it" \
    grep -q '^FAILED: media: /media/900/old-photo.jpg: no variants' "$T/check.out"
m media check > "$T/check.out" 2>&1
check "media check: exits 1 when an image has no variants" [ $? = 1 ]
check "media check: names it" grep -q '^/media/900/old-photo.jpg: no variants' "$T/check.out"
m media rebuild > "$T/rebuild.out" 2>&1
check "media rebuild: exits 0" [ $? = 0 ]
check "media rebuild: progress on stderr" grep -q '^media 900: rebuilt' "$T/rebuild.out"
req /media/900/old-photo.jpg
check "after rebuild: the old address still answers" status_is 200
check "after rebuild: no EXIF left" eval '! grep -q Exif "$T/body"'
check "after rebuild: upright 800 x 1200 with variants" \
    [ "$(q "SELECT width || 'x' || height || ' ' || (SELECT count(*) FROM media_variants WHERE media_id = 900) FROM media WHERE id = 900")" = "800x1200 4" ]
check "after rebuild: a rebuilt clean image keeps its bytes" \
    [ "$(q "SELECT sha256 FROM media WHERE id = $CID")" = "$(sha256sum < "$T/clean.jpg" | cut -c1-64)" ]
m media check > "$T/check.out" 2>&1
check "media check: exits 0 once every image has its variants" [ $? = 0 ]
# `meridian init` on an older database does the same for the images it finds unprocessed.
q "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
   VALUES (901, 'older.jpg', 'image/jpeg', $(wc -c < "$T/phone.jpg"), 'x', 'An older photo',
   readfile('$T/phone.jpg'), 1700000000, 'bob')"
# A GIF stored then, which the pipeline turns into a PNG: its old address still leads to it.
img gif "$T/old.gif" 5 || exit 99
q "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
   VALUES (902, 'old-chart.gif', 'image/gif', $(wc -c < "$T/old.gif"), 'x', 'An old chart',
   readfile('$T/old.gif'), 1700000000, 'bob')"
m init > "$T/init.out" 2>&1
check "init: processes the images stored before the pipeline" \
    grep -q '^media 901: rebuilt' "$T/init.out" && grep -q '^media 902: rebuilt' "$T/init.out"
check "init: ... and only those" [ "$(grep -c '^media [0-9]*: rebuilt' "$T/init.out")" = 2 ]
check "init: they have their variants" \
    [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = 901")" = 4 ] &&
    [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = 902")" -gt 0 ]
check "init: the GIF is now a PNG, old-chart.png" [ "$(q "SELECT name FROM media WHERE id = 902")" = old-chart.png ]
req /media/902/old-chart.gif
check "the GIF's old address answers 301" status_is 301
check "... to the PNG's" [ "$(header Location)" = /media/902/old-chart.png ]
req /media/902/old-chart.png
check "... which answers 200, a PNG" status_is 200 && [ "$(header Content-Type)" = image/png ]
req /media/902/old-chart.txt
check "another extension is not an old name: 404" status_is 404
req /media/902/new-chart.gif
check "another name is not an old name: 404" status_is 404
m check > "$T/check.out" 2>&1
check "meridian check: ok once every image has its variants" grep -q '^ok: media: [0-9]* images, each with its variants' "$T/check.out"

finish
