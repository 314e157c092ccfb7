#!/bin/bash
# SPDX-License-Identifier: ISC
# wp-fetch.sh: `meridian import --fetch` against a misbehaving old site (tests/lib/wp-origin.py,
# reached as the HTTP proxy, so the export keeps its own address): an image that drips past the
# time limit, one larger than the size limit (announced, or not), a redirect to another host.
# Each image is reported missing with a clear line, its post imported all the same; the good
# images come in, and the server's own clock shows the requests spaced as the importer
# promises (at least 250 ms apart: at most four a second to a small shared host).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/wp.sh"
EXPORT=$SRC/tests/e2e/wp/fetch/export.xml
q() { sqlite3 "$DB" "$1"; }

db_init
free_port || exit 99
ORIGIN_PORT=$FREE_PORT
python3 "$SRC/tests/lib/wp-origin.py" "$ORIGIN_PORT" "$T/origin.log" 2> "$T/origin.err" &
ORIGIN_PID=$!
for _ in $(seq 1 100); do
	curl -s -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/" && break
	sleep 0.05
done
: > "$T/origin.log"
http_proxy=http://127.0.0.1:$ORIGIN_PORT no_proxy= NO_PROXY= run m import --fetch "$EXPORT"
kill "$ORIGIN_PID" 2>/dev/null; wait "$ORIGIN_PID" 2>/dev/null
sed 's/^/# /' "$T/out"
sed 's/^/# origin: /' "$T/origin.log"
U=http://oldclinic.example/wp-content/uploads/2024/02
check "the import exits 0 though four images could not be fetched ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "every post is imported" grep -qx "articles: 5 published, 0 scheduled, 0 drafts" "$T/out"
check "the five good images came in, four are missing" \
    grep -qx "images: 5 imported, 0 already there, 4 missing" "$T/out"
check "time limit: a clear line" \
    grep -qxF "post 302 \"A slow image\": image not fetched: $U/slow.png took longer than 20 s; given up" "$T/out"
check "size limit (Content-Length): a clear line" \
    grep -qxF "post 303 \"A huge image\": image not fetched: $U/huge.png is larger than 10 MiB" "$T/out"
check "size limit (no length, counted while it comes): a clear line" \
    grep -qxF "post 304 \"An endless image\": image not fetched: $U/endless.png is larger than 10 MiB" "$T/out"
check "a redirect to another host: a clear line" \
    grep -qxF "post 305 \"A moved image\": image not fetched: $U/moved.png redirects to http://elsewhere.example/wp-content/uploads/moved.png, another address: not followed" "$T/out"
check "... which was never asked" sh -c "! grep -q elsewhere '$T/origin.log'"
for p in "302 \"A slow image\": 2024/02/slow.png" "303 \"A huge image\": 2024/02/huge.png" \
    "304 \"An endless image\": 2024/02/endless.png" "305 \"A moved image\": 2024/02/moved.png"; do
	check "the missing images list names post $p" grep -qxF "post $p" "$T/out"
done
check "each image was asked once, of the old site's own host" \
    [ "$(grep -c ' oldclinic.example /wp-content/uploads/2024/' "$T/origin.log")" = 9 ]
check "the requests are at least 250 ms apart, by the server's clock" \
    awk 'NR > 1 && $1 - prev < 0.25 { printf "# %.3f s after the one before: %s\n", $1 - prev, $3; bad = 1 }
        { prev = $1 } END { exit bad || NR < 9 }' "$T/origin.log"
check "the library holds the five good images, none of the bad ones" \
    [ "$(q "select group_concat(name) from (select name from media order by name)")" = "ok-1.png,ok-2.png,ok-3.png,ok-4.png,ok-5.png" ]

site_start || exit 99
req /articles/slow-image
check "the post whose image timed out is served" got 200 body_has "After the image."
check "... the image's alt text standing in" body_has "The slow chart"
check "... no address of the old site" body_lacks "oldclinic.example"
req /articles/five-points
check "the post with the good images shows them from the library" \
    got 200 grep -qE '<img src="/media/5/[^"]*"[^>]* alt="Point 5"' "$T/body"
finish
