#!/bin/bash
# SPDX-License-Identifier: ISC
# uploads.sh: JPEG, WebP and GIF images uploaded through the media form (PNG is in admin.sh):
# each is accepted, named and typed by its bytes whatever its file name says, listed with the
# Markdown to paste, and served back to visitors under its library name: a JPEG that carries
# nothing but its picture byte for byte, a WebP as a JPEG and a GIF as a PNG (the pipeline's
# fallback formats; tests/e2e/images.sh checks the variants).
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

# Three small real images, each a complete file a browser decodes.
python3 - "$T" <<'PY'
import base64, struct, sys
d = sys.argv[1]
def seg(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload
# A 1x1 grey baseline JPEG: one quantisation table of ones, one-symbol Huffman tables (DC
# difference 0, end of block), and a scan whose two bits say exactly that.
jpeg = (b"\xff\xd8"
    + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    + seg(0xDB, b"\x00" + b"\x01" * 64)
    + seg(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
    + seg(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")
    + seg(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")
    + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    + b"\x3f\xff\xd9")
open(d + "/photo.jpg", "wb").write(jpeg)
# A 1x1 GIF89a: a two-colour table and one LZW-coded pixel.
open(d + "/anim.gif", "wb").write(base64.b64decode(
    "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="))
# A 1x1 lossy WebP (RIFF, VP8 key frame), the image Google's WebP documentation uses to
# detect support.
open(d + "/leaf.webp", "wb").write(base64.b64decode(
    "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"))
PY

login bob password-three-four
check "login: 303" status_is 303

# upload FILE UPLOAD-NAME TYPE EXT ALT [same]: one upload through the form, then every check;
# "same" when the served bytes must be the uploaded ones.
upload() {
	local file=$1 as=$2 type=$3 ext=$4 alt=$5 same=${6:-} t id name n0
	n0=$(q "SELECT count(*) FROM media")
	t=$(tok bob)
	# curl sends a browser-like part type; the server must not believe it.
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$t" -F "alt=$alt" \
	    -F "file=@$T/$file;filename=$as;type=application/octet-stream"
	check "$type upload as $as: 303" status_is 303
	check "$type upload as $as: back to the library" location_is "/admin/media?done=uploaded"
	check "$type upload as $as: one more image stored" [ "$(q "SELECT count(*) FROM media")" = $((n0 + 1)) ]
	id=$(q "SELECT max(id) FROM media")
	name=$(q "SELECT name FROM media WHERE id = $id")
	check "$type upload as $as: stored as $type" [ "$(q "SELECT mime FROM media WHERE id = $id")" = "$type" ]
	check "$type upload as $as: named .$ext by its bytes ($name)" sh -c "case '$name' in *.$ext) ;; *) exit 1 ;; esac"
	ureq bob /admin/media
	check "$type upload as $as: listed in the library" body_has "/media/$id/$name"
	check "$type upload as $as: with the Markdown to paste" body_has "![$alt](/media/$id/$name)"
	req "/media/$id/$name"
	check "$type upload as $as: served with 200" status_is 200
	check "$type upload as $as: served as $type ($(header Content-Type))" [ "$(header Content-Type)" = "$type" ]
	check "$type upload as $as: Content-Length is the stored size" \
	    [ "$(header Content-Length)" = "$(q "SELECT length(bytes) FROM media WHERE id = $id")" ]
	[ -n "$same" ] && check "$type upload as $as: served with identical bytes" cmp -s "$T/body" "$T/$file"
	check "$type upload as $as: a WebP variant exists" \
	    [ "$(q "SELECT count(*) FROM media_variants WHERE media_id = $id AND format = 'webp'")" = 1 ]
}
upload photo.jpg photo.jpg image/jpeg jpg "A grey square" same
upload leaf.webp leaf.webp image/jpeg jpg "A green leaf"
upload anim.gif anim.gif image/png png "A dot"
# The name lies: the bytes decide.
upload photo.jpg holiday.gif image/jpeg jpg "A grey square named gif" same
upload anim.gif picture.webp image/png png "A dot named webp"

# An article can show one of them.
MID=$(q "SELECT id || '/' || name FROM media WHERE name = 'leaf.jpg' LIMIT 1")
upost bob /admin/articles/new --data-urlencode "title=Leaves" --data-urlencode slug=leaves \
    --data-urlencode "body=![A green leaf](/media/$MID)" --data-urlencode kind=article \
    --data-urlencode status=published --data-urlencode publish_at=2025-01-10T09:00 \
    --data-urlencode "author=Bob" --data-urlencode substantive=1
check "an article with the WebP image: 303" status_is 303
req /articles/leaves
check "the article shows the image as a <picture> with its alt text" \
    grep -q "<picture><source type=\"image/webp\" srcset=\"/media/${MID%%/*}/1-[0-9a-f]*\.webp 1w\".*alt=\"A green leaf\" decoding=\"async\"></picture>" "$T/body"

finish
