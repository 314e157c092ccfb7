#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-images.sh: an article with a 12 MP phone photo and a featured image in a real
# headless Chromium (tests/browser/images.mjs): nothing moves as the images arrive (CLS), a
# phone's screen fetches a small variant and a desktop's a larger one, one file per image,
# axe-core still clean, and the OpenGraph, Twitter and JSON-LD image tags complete.
# Needs /usr/bin/chromium, node and tests/browser/node_modules (`npm ci` in tests/browser).
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: under memcheck a 12 MP photo's decode outlasts the request timeout; the worker's side of an upload runs under valgrind in uploads.sh"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"
. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
IMGTOOL=$(dirname "$MERIDIAN_BIN")/tests/tools/imgtool
[ -x "$IMGTOOL" ] || { echo "tests/tools/imgtool not built (make check builds it): skip"; exit 77; }
img() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$IMGTOOL" "$@"; }

ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser-images
mkdir -p "$ARTEFACTS" || exit 99

db_init
# og:image and JSON-LD need absolute addresses: this site's own.
m settings set base_url "$BASE" >/dev/null
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

# A phone photo as it comes off the phone: 4000 x 3000 stored sideways (orientation 6),
# with GPS; and a smaller one as the featured image.
img photo "$T/photo.jpg" 4000 3000 || exit 99
img phone "$T/phone.jpg" || exit 99
login bob password-three-four
check "login: 303" status_is 303
# upload FILE NAME ALT: sets ID to the new library image.
upload() {
	ureq bob /admin/media -H "Origin: $BASE" -F "csrf_token=$(tok bob)" -F "alt=$3" \
	    -F "file=@$1;filename=$2;type=image/jpeg"
	ID=$(q "SELECT max(id) FROM media")
}
upload "$T/photo.jpg" IMG_2041.JPG "Fine needles laid out on a steel tray"
check "the 12 MP photo is stored (303)" status_is 303
PHOTO=$ID
PHOTO_URL=/media/$ID/$(q "SELECT name FROM media WHERE id = $ID")
check "the photo is stored upright at 2560 px on its long edge" \
    [ "$(q "SELECT width || 'x' || height FROM media WHERE id = $ID")" = 1920x2560 ]
upload "$T/phone.jpg" IMG_0042.JPG "A red and blue treatment card"
check "the featured image is stored (303)" status_is 303
FEATURED=$ID
FEATURED_URL=/media/$ID/$(q "SELECT name FROM media WHERE id = $ID")

# Text above and below the photo, so that anything that moves when an image arrives is seen.
para="Acupuncture needles are sterile, single use and much finer than the needles used for injections; most people feel a brief tingle, then nothing at all."
body=$(printf '%s\n\n%s\n\n![](%s "The needles we use, before a treatment")\n\n%s\n\n%s\n\n%s\n' \
    "$para" "$para" "$PHOTO_URL" "$para" "$para" "$para")
upost bob /admin/articles/new --data-urlencode "title=What our needles look like" \
    --data-urlencode slug=our-needles --data-urlencode "body=$body" \
    --data-urlencode "image=$FEATURED_URL" --data-urlencode "summary=A look at the needles we use" \
    --data-urlencode kind=article --data-urlencode status=published --data-urlencode topics=Treatment \
    --data-urlencode publish_at=2025-03-01T09:00 --data-urlencode "author=Bob" --data-urlencode substantive=1
check "the article is published (303)" status_is 303

IMAGES_ARTICLE=/articles/our-needles IMAGES_PHOTO=$PHOTO IMAGES_FEATURED=$FEATURED \
IMAGES_FEATURED_ALT="A red and blue treatment card" IMAGES_PHOTO_BYTES=$(wc -c < "$T/photo.jpg") \
    timeout 240 node "$SRC/tests/browser/images.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? images.mjs

finish
