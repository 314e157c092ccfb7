#!/bin/bash
# media-library.sh: the media library as an editor uses it: each image with its size and the
# posts that show it (linked to their editor), its alt text edited in place and shown on the
# article, a search by file name or alt text, and deletion refused while any post (one in
# the trash too) shows the image; then `meridian check` finds a variant whose bytes were
# damaged in the database, naming the image, and the upload of those bytes is refused.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }
# entry ID: the library's list item of image ID, from the last page.
entry() { awk -v id="$1" 'BEGIN { RS = "<li id=\"media-" } index($0, id "\"") == 1' "$T/body"; }
entry_has() { entry "$1" | grep -qF -- "$2"; }

# Two small images (16 px GIFs: quick to process, under valgrind too).
img gif "$T/one.gif" 1 || exit 99
img gif "$T/two.gif" 2 || exit 99
login bob password-three-four
check "an editor logs in: 303" status_is 303
send() {
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=$3" \
	    -F "file=@$1;filename=$2;type=application/octet-stream"
}
send "$T/one.gif" knee-chart.gif "A chart of the knee"
check "upload of the chart: 303" status_is 303
KNEE=$(q "SELECT max(id) FROM media")
send "$T/two.gif" room.gif "The treatment room"
check "upload of the room: 303" status_is 303
ROOM=$(q "SELECT max(id) FROM media")

ureq bob /admin/media
check "library: the chart's thumbnail" entry_has "$KNEE" '<img src="/media/'"$KNEE"'/16-'
check "library: its dimensions" entry_has "$KNEE" "16 × 16 px"
check "library: its size" entry_has "$KNEE" "1 KiB"
check "library: not used yet" entry_has "$KNEE" "Not used in any article or page."

# An article shows the chart in its text (with no alt of its own: the library's is used);
# a page has the room as its featured image.
upost bob /admin/articles/new --data-urlencode "title=Knees" --data-urlencode slug=knees \
    --data-urlencode "body=$(printf 'About knees.\n\n![](/media/%s/knee-chart.png)\n' "$KNEE")" \
    --data-urlencode kind=article --data-urlencode status=published \
    --data-urlencode publish_at=2025-01-10T09:00 --data-urlencode "author=Bob"
check "an article showing the chart: 303" status_is 303
ART=$(q "SELECT id FROM posts WHERE slug = 'knees'")
upost bob /admin/articles/new --data-urlencode "title=Our room" --data-urlencode slug=our-room \
    --data-urlencode "body=Come in." --data-urlencode "image=/media/$ROOM/room.png" \
    --data-urlencode kind=page --data-urlencode status=published --data-urlencode "author=Bob"
check "a page with the room as its featured image: 303" status_is 303
PAGE=$(q "SELECT id FROM posts WHERE slug = 'our-room'")
req /articles/knees
check "the article shows the chart with the library's alt text" body_has 'alt="A chart of the knee"'

ureq bob /admin/media
check "library: the chart is used in the article's text, linked to its editor" \
    entry_has "$KNEE" "<a href=\"/admin/articles/$ART\">Knees</a> <span class=\"muted\">(article, in the text)</span>"
check "library: the room is the page's featured image, linked to its editor" \
    entry_has "$ROOM" "<a href=\"/admin/articles/$PAGE\">Our room</a> <span class=\"muted\">(page, featured image)</span>"
check "library: the chart's entry does not list the page" eval '! entry_has "$KNEE" "Our room"'

# Search, by file name and by alt text; case does not matter, and % is only a character.
ureq bob "/admin/media?q=knee"
check "search by name: the chart" body_has "id=\"media-$KNEE\""
check "search by name: not the room" body_lacks "id=\"media-$ROOM\""
check "search: the box keeps the words" body_has 'name="q" type="search" value="knee"'
ureq bob "/admin/media?q=TREATMENT"
check "search by alt text: the room" body_has "id=\"media-$ROOM\""
check "search by alt text: not the chart" body_lacks "id=\"media-$KNEE\""
ureq bob "/admin/media?q=%25"
check "search for %: nothing, and says so" body_has "No image's name or alt text holds “%”."

# The alt text, edited in the library with the form it shows.
ureq bob /admin/media
submit bob "/admin/media/$KNEE" @action=alt "alt=Drawing of the knee joint"
check "alt text saved: 303" status_is 303
check "... back to the image in the library" location_is "/admin/media?done=alt#media-$KNEE"
req /articles/knees
check "the article shows the new alt text" body_has 'alt="Drawing of the knee joint"'
check "the audit log has the edit" \
    [ "$(q "SELECT who || '|' || action || '|' || target || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1")" = "bob|media alt|knee-chart.png|Drawing of the knee joint" ]
upost bob "/admin/media/$KNEE" --data-urlencode action=alt --data-urlencode alt=
check "an empty alt text is refused: 400" status_is 400
check "... saying why" body_has "Describe the image in the alt text"
upost bob "/admin/media/$KNEE" --data-urlencode action=alt --data-urlencode "alt=$(printf 'two\nlines')"
check "an alt text with a line break is refused: 400" status_is 400
check "the refused edits left the alt text alone" \
    [ "$(q "SELECT alt FROM media WHERE id = $KNEE")" = "Drawing of the knee joint" ]
ureq bob "/admin/media/$KNEE" -H "Origin: $BASE" --data-urlencode action=alt --data-urlencode alt=Hacked
check "without the form's token: 403" status_is 403
req "/admin/media/$KNEE" -H "Origin: $BASE" --data-urlencode "csrf_token=$(tok bob)" \
    --data-urlencode action=alt --data-urlencode alt=Hacked
check "without a session: 403" status_is 403
check "... and nothing changed" [ "$(q "SELECT alt FROM media WHERE id = $KNEE")" = "Drawing of the knee joint" ]

# Deletion, refused while the image is shown, with the posts that show it.
ureq bob /admin/media
submit bob "/admin/media/$KNEE" @action=delete
check "deleting the chart while the article shows it: 409" status_is 409
check "... naming the article and how it uses it" body_has "“Knees” (article $ART, in the text)"
check "... the chart is still there" [ "$(q "SELECT count(*) FROM media WHERE id = $KNEE")" = 1 ]
upost bob "/admin/media/$ROOM" --data-urlencode action=delete
check "deleting the page's featured image: 409" status_is 409
check "... naming the page" body_has "“Our room” (page $PAGE, featured image)"
upost bob "/admin/articles/$ART/trash"
check "the article moved to the trash: 303" status_is 303
upost bob "/admin/media/$KNEE" --data-urlencode action=delete
check "an article in the trash still counts: 409" status_is 409
check "... saying it is in the trash" body_has "“Knees” (article $ART, in the text, in the trash)"
upost bob "/admin/articles/$ART/restore"
check "the article restored: 303" status_is 303
req /articles/knees
check "... and its image is still there" body_has 'alt="Drawing of the knee joint"'

# Once the article no longer shows it (its revisions still do: they do not count), the
# chart can go, with its variants and its address.
ureq bob "/admin/articles/$ART"
submit bob "/admin/articles/$ART" "body=About knees, without the chart."
check "the article saved without the chart: 303" status_is 303
ureq bob /admin/media
check "library: the chart is no longer used" entry_has "$KNEE" "Not used in any article or page."
submit bob "/admin/media/$KNEE" @action=delete
check "deleting the unused chart: 303" status_is 303
check "... back to the library" location_is "/admin/media?done=deleted"
check "... gone, variants and all" \
    [ "$(q "SELECT (SELECT count(*) FROM media WHERE id = $KNEE) + (SELECT count(*) FROM media_variants WHERE media_id = $KNEE)")" = 0 ]
check "... the audit log has it" \
    [ "$(q "SELECT who || '|' || action || '|' || target FROM audit_log ORDER BY id DESC LIMIT 1")" = "bob|media delete|knee-chart.png" ]
req "/media/$KNEE/knee-chart.png"
check "... its address answers 404" status_is 404
upost bob "/admin/media/$KNEE" --data-urlencode action=delete
check "deleting it again: 404" status_is 404

# meridian check decodes every variant (in a child process): one cut short in the database,
# its hash made to match, fails the check, which names the image.
m check > "$T/check.out" 2>&1
check "meridian check: ok while every variant decodes" \
    grep -q '^ok: media: 1 images, each with its variants, all decoding' "$T/check.out"
PNG="media_id = $ROOM AND format = 'png'"
q "SELECT writefile('$T/variant.png', bytes) FROM media_variants WHERE $PNG" >/dev/null
head -c $(($(wc -c < "$T/variant.png") - 30)) "$T/variant.png" > "$T/cut.png"
q "UPDATE media_variants SET bytes = readfile('$T/cut.png'),
   sha256 = '$(sha256sum < "$T/cut.png" | cut -c1-64)' WHERE $PNG"
m check > "$T/check.out" 2>&1
check "meridian check: exits 1 when a variant does not decode" [ $? = 1 ]
check "meridian check: names the image and the variant" \
    grep -q "^FAILED: media: /media/$ROOM/room.png: the 16 px png variant .*\(decode\|read\)" "$T/check.out"
m media check > "$T/check.out" 2>&1
check "media check: exits 1 too" [ $? = 1 ]
check "media check: names the image" grep -q "^/media/$ROOM/room.png: the 16 px png variant" "$T/check.out"
# The same cut-short PNG as an upload: refused every time (the decode error it raises was
# once lost at random, in one upload out of two or three).
bad=0
for i in 1 2 3 4 5 6 7 8; do
	send "$T/cut.png" cut.png "Cut short"
	[ "$STATUS" = 400 ] || bad=$((bad + 1))
done
check "a PNG cut short, uploaded 8 times: refused each time" [ "$bad" = 0 ]
# Bytes changed under their hash: whether or not they decode, not what the address promised.
q "UPDATE media_variants SET bytes = readfile('$T/variant.png') WHERE $PNG"
m check > "$T/check.out" 2>&1
check "meridian check: a variant whose bytes do not match their hash fails" \
    grep -q "^FAILED: media: /media/$ROOM/room.png: the 16 px png variant's bytes do not match their hash" "$T/check.out"
m media rebuild > "$T/rebuild.out" 2>&1
check "media rebuild mends it" [ $? = 0 ]
m check > "$T/check.out" 2>&1
check "meridian check: ok again" grep -q '^ok: media: 1 images, each with its variants, all decoding' "$T/check.out"

finish
