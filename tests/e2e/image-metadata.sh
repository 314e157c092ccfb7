#!/bin/bash
# image-metadata.sh: a photo carrying everything a phone or an editing program writes (EXIF
# with a GPS position, XMP, IPTC, a comment, a Display P3 colour profile) is served in every
# size and format with none of it, as checked by exiftool (not libvips, the library under
# test), and with its colours converted to sRGB rather than its P3 values passed on.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v exiftool >/dev/null 2>&1 ||
    { echo "exiftool missing (apt-get install libimage-exiftool-perl): skip"; exit 77; }
. "$MERIDIAN_SRCDIR/tests/lib/imgtool.sh"

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

# found FILE: the kinds of metadata exiftool finds in FILE, one a line.
found() {
	exiftool -a -G0 -s "$1" > "$T/exif.out" 2>&1 || return 1
	grep -q 'GPS' "$T/exif.out" && echo GPS
	grep -q '^\[EXIF\]' "$T/exif.out" && echo EXIF
	grep -q '^\[XMP\]' "$T/exif.out" && echo XMP
	grep -q -e '^\[IPTC\]' -e '^\[Photoshop\]' "$T/exif.out" && echo IPTC
	grep -q -E '^\[[A-Za-z]+\] +Comment +:' "$T/exif.out" && echo comment
	grep -q '^\[ICC_Profile\]' "$T/exif.out" && echo ICC
	return 0
}
# none_in FILE: true when exiftool reads FILE and finds none of those kinds (says which it found).
none_in() {
	local f
	f=$(found "$1") || { echo "# exiftool cannot read $1"; return 1; }
	[ -z "$f" ] || { echo "# found:" $f; return 1; }
}
# near "R G B" "R G B": true when each band is within 8 (a lossy encoding's drift on a flat
# colour is a few units; P3 values differ from the sRGB ones by 18 to 44 here).
near() {
	local a b i
	read -r -a a <<< "$1"
	read -r -a b <<< "$2"
	for i in 0 1 2; do
		[ $((a[i] - b[i])) -le 8 ] && [ $((b[i] - a[i])) -le 8 ] ||
		    { echo "# got $1, want $2"; return 1; }
	done
}

# The photo: left half sRGB 220 40 40, right half 40 170 60, stored as P3 values with the
# profile that says so; exiftool adds what a phone and a photo library would.
RED="220 40 40"
GREEN="40 170 60"
img p3 "$T/p3.jpg" || exit 99
exiftool -q -overwrite_original -GPSLatitude=48.8566 -GPSLatitudeRef=N -GPSLongitude=2.3522 \
    -GPSLongitudeRef=E -Make=Phone -Model="Phone 15" -DateTimeOriginal="2026:01:02 10:00:00" \
    -XMP-dc:Creator="Clinic photographer" -XMP-dc:Description="The treatment room" \
    -IPTC:Keywords=clinic -IPTC:City=Paris -Comment="Taken at the clinic" "$T/p3.jpg" || exit 99
found "$T/p3.jpg" > "$T/p3.found"
for k in GPS EXIF XMP IPTC comment ICC; do
	check "the test photo carries $k (exiftool finds it)" grep -qx "$k" "$T/p3.found"
done
check "the test photo's profile is Display P3" grep -q 'ProfileDescription *: Display P3' "$T/exif.out"
# The stored values are P3's: shown without their profile they would be off by tens.
check "the test photo's red is stored as P3 values, not sRGB's" eval '! near "$(img pixel "$T/p3.jpg" 25 50)" "$RED" >/dev/null'
check "the test photo's green is stored as P3 values, not sRGB's" eval '! near "$(img pixel "$T/p3.jpg" 75 50)" "$GREEN" >/dev/null'

login bob password-three-four
check "login: 303" status_is 303
ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=Red and green" \
    -F "file=@$T/p3.jpg;filename=room.jpg;type=application/octet-stream"
check "the photo's upload: 303" status_is 303
ID=$(q "SELECT max(id) FROM media")
NAME=$(q "SELECT name FROM media WHERE id = $ID")
check "variants of 480 and 960 and the full size, WebP and JPEG" \
    [ "$(q "SELECT group_concat(width || format, ' ') FROM (SELECT width, format FROM media_variants WHERE media_id = $ID ORDER BY width, format)")" = "480jpeg 480webp 960jpeg 960webp 1200jpeg 1200webp" ]

urls=$(q "SELECT '/media/$ID/' || width || '-' || substr(sha256, 1, 16) || '.' || CASE format WHEN 'jpeg' THEN 'jpg' ELSE format END FROM media_variants WHERE media_id = $ID")
urls="$urls /media/$ID/$NAME"
for u in $urls; do
	req "$u"
	check "$u: 200" status_is 200
	case $u in *.webp) e=webp ;; *) e=jpg ;; esac
	cp "$T/body" "$T/served.$e"
	check "$u: exiftool finds no GPS, EXIF, XMP, IPTC, comment or ICC profile" none_in "$T/served.$e"
	check "$u: the red is sRGB's (converted from P3)" near "$(img pixel "$T/served.$e" 25 50)" "$RED"
	check "$u: the green is sRGB's (converted from P3)" near "$(img pixel "$T/served.$e" 75 50)" "$GREEN"
done

finish
