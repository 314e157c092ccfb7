#!/bin/bash
# SPDX-License-Identifier: ISC
# export.sh: `meridian export DIR` and `import DIR` as inverses. The demo clinic (a draft, a
# scheduled article, pages) plus an image and a trashed article: export, import into an
# empty database, export again, and the two trees are identical (diff -r); the image comes
# back under its id and nginx serves it from the new site. Media problems stop an import
# before anything is written.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
B=$MERIDIAN_BIN
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
# mm DB ARGS...: meridian on another database with the test's config.
mm() { local db=$1; shift; "$B" "$@" --db "$db" --config "$T/meridian.conf"; }
q() { sqlite3 "$1" "$2"; }

# --- The demo site, an image and a trashed article -----------------------------------------------
db_init
mkdir -p "$T/demo"
cp "$SRC"/contrib/demo/*.md "$T/demo/"
soon=$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)
sed -i "s/SCHEDULED_DATE/$soon/" "$T/demo/"*.md
write_md "$T/demo/99-gone.md" "An article that went to the trash" gone-article <<'MD'
Nobody should see this again.
MD
m import "$T/demo" >/dev/null || { echo "import failed"; exit 99; }
sqlite3 "$DB" "UPDATE posts SET deleted_at = 1700000000 WHERE slug = 'gone-article'"
# A 1x1 PNG, as an upload would store it (the test inserts it with sqlite3).
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82' > "$T/dot.png"
sha=$(sha256sum "$T/dot.png" | cut -d' ' -f1)
sqlite3 "$DB" "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by)
VALUES (7, 'treatment-room.png', 'image/png', $(stat -c %s "$T/dot.png"), '$sha',
        'The treatment room: a couch by the window	(with a tab, a \"quote\" and a \\ backslash)',
        readfile('$T/dot.png'), 1700000000, 'alice')"
drafts=$(q "$DB" "select count(*) from posts where status = 'draft' and deleted_at is null")
scheduled=$(q "$DB" "select count(*) from posts where status = 'published' and published_at > strftime('%s','now')")
check "the demo has a draft ($drafts) and a scheduled article ($scheduled)" sh -c "[ $drafts -ge 1 ] && [ $scheduled -ge 1 ]"

# --- export ------------------------------------------------------------------------------------------
run m export "$T/ex1"
check "export exits 0" [ "$RC" = 0 ]
check "export says what it wrote" grep -q "ex1: 9 articles, 3 pages, 1 media file" "$T/out"
check "every live article and page is a file: 12 .md files" [ "$(ls "$T/ex1"/*.md | wc -l)" -eq 12 ]
check "the trashed article is not exported" [ ! -e "$T/ex1/gone-article.md" ]
check "the draft is exported with status draft" grep -qx 'status: "draft"' "$T/ex1/cupping-what-it-is-and-is-not.md"
sched=$(grep -l "^date: $soon" "$T/ex1"/*.md | head -n 1)
check "the scheduled article is exported with its future date ($sched)" [ -n "$sched" ]
check "a page is exported with kind page" grep -qx 'kind: "page"' "$T/ex1/about.md"
f=$T/ex1/first-appointment.md
for k in title slug date updated status kind author reviewer reviewed review_due summary topics; do
	check "the front matter has $k" grep -q "^$k:" "$f"
done
check "the body follows the front matter" grep -q '^Most people who book a first appointment' "$f"
check "the image is DIR/media/ID-NAME with its bytes" cmp -s "$T/dot.png" "$T/ex1/media/7-treatment-room.png"
check "the manifest lists it with id, name, mime, sha256, time, uploader and escaped alt" \
    grep -qxF "7	treatment-room.png	image/png	$sha	1700000000	alice	The treatment room: a couch by the window\\t(with a tab, a \"quote\" and a \\\\ backslash)" "$T/ex1/media/media.tsv"

# --- import into an empty database, export again: identical --------------------------------------
D2=$T/two.db
mm "$D2" init >/dev/null
run mm "$D2" import "$T/ex1"
check "import of the export exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "import reports the image" grep -q "media.tsv:2: created media /media/7/treatment-room.png" "$T/out"
run mm "$D2" export "$T/ex2"
check "export of the new database exits 0" [ "$RC" = 0 ]
diff -r "$T/ex1" "$T/ex2" > "$T/diff" 2>&1
check "export -> import -> export gives identical trees (diff -r)" [ ! -s "$T/diff" ]
head -n 20 "$T/diff" | sed 's/^/# /'
check "the image is byte for byte the same in the new database" \
    [ "$(q "$D2" "select hex(bytes) from media where id = 7")" = "$(q "$DB" "select hex(bytes) from media where id = 7")" ]

# Importing the same export again changes nothing it should not.
run mm "$D2" import "$T/ex1"
check "a second import of the same export exits 0" [ "$RC" = 0 ]
check "... and leaves the image alone (unchanged)" grep -q "unchanged media /media/7/treatment-room.png" "$T/out"
check "... still one image" [ "$(q "$D2" 'select count(*) from media')" = 1 ]
run mm "$D2" export "$T/ex3"
diff -r "$T/ex1" "$T/ex3" > "$T/diff" 2>&1
check "... and the export is still identical" [ ! -s "$T/diff" ]

# The new database serves the article and the image through nginx.
DB=$D2 write_conf
site_start || exit 99
req /articles/first-appointment
check "the imported site serves the article (200)" status_is 200
req /media/7/treatment-room.png
check "the imported site serves the image (200, image/png)" sh -c "[ $STATUS = 200 ] && [ '$(header Content-Type)' = image/png ]"
check "... with its bytes" cmp -s "$T/dot.png" "$T/body"
req /articles/cupping-what-it-is-and-is-not
check "the imported draft is still invisible (404)" status_is 404

# --- export refuses to mix with old files; import refuses bad media, writing nothing -------------
run m export "$T/ex1"
check "export into a non-empty folder exits 1" [ "$RC" = 1 ]
check "... with one line saying so" sh -c "[ \$(wc -l < '$T/err') = 1 ] && grep -q 'is not empty' '$T/err'"
mkdir "$T/empty"
run m export "$T/empty"
check "export into an existing empty folder works" [ "$RC" = 0 ]

D3=$T/three.db
mm "$D3" init >/dev/null
sqlite3 "$D3" "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at)
VALUES (7, 'other.png', 'image/png', 3, '$(printf abc | sha256sum | cut -d' ' -f1)', 'x', x'616263', 1)"
run mm "$D3" import "$T/ex1"
check "import over a different file with the same media id exits 1" [ "$RC" = 1 ]
check "... naming the manifest line and the id" grep -q "media.tsv:2: media id 7 already holds another file" "$T/err"
check "... and writes no post" [ "$(q "$D3" 'select count(*) from posts')" = 0 ]

cp -r "$T/ex1" "$T/tampered"
printf 'x' >> "$T/tampered/media/7-treatment-room.png"
D4=$T/four.db
mm "$D4" init >/dev/null
run mm "$D4" import "$T/tampered"
check "import of a media file that does not match its SHA-256 exits 1" [ "$RC" = 1 ]
check "... naming the manifest line" grep -q "media.tsv:2: .*does not match its SHA-256" "$T/err"
check "... and writes nothing" [ "$(q "$D4" 'select count(*) from posts') $(q "$D4" 'select count(*) from media')" = "0 0" ]

cp -r "$T/ex1" "$T/badname"
printf '8\t../../etc/x.png\timage/png\t%s\t1\ta\tb\n' "$sha" >> "$T/badname/media/media.tsv"
run mm "$D4" import "$T/badname"
check "a manifest name with a path in it is refused (exit 1)" [ "$RC" = 1 ]
check "... at its line" grep -q "media.tsv:3: name: " "$T/err"
finish
