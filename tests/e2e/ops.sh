#!/bin/bash
# SPDX-License-Identifier: ISC
# ops.sh: the sysadmin's commands against real processes. `backup` while nginx serves the site
# and an import writes: a verified copy that a second daemon serves; it never overwrites and
# fails with one line. `check` on a good site, then on broken templates, an old schema, a
# broken reference and a damaged file. `init` on a schema-1 database: backup, then migration,
# then the site serves the old content (search included).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
B=$MERIDIAN_BIN
q() { sqlite3 "$1" "$2"; }
# run CMD...: stdout and stderr into $T/out and $T/err; RC is the exit status.
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
BG=
trap '[ -n "$BG" ] && kill $BG 2>/dev/null; cleanup' EXIT

echo "password_cost = minimal" >> "$T/meridian.conf"
db_init
mkdir -p "$T/demo"
cp "$SRC"/contrib/demo/*.md "$T/demo/"
sed -i "s/SCHEDULED_DATE/$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)/" "$T/demo/"*.md
m import "$T/demo" >/dev/null || { echo "import failed"; exit 99; }
printf '%s\n' 'a long enough password' | m user add alice --role admin >/dev/null 2>&1 ||
    { echo "user add failed"; exit 99; }
# Forty more articles for an import to write while the backup runs.
mkdir -p "$T/more"
for i in $(seq 1 40); do
	write_md "$T/more/m$i.md" "Note number $i" "note-$i" "date: 2024-01-$(printf %02d $((i % 28 + 1)))T08:00:00Z" \
	    "topics: [Notes]" <<MD
Note $i: a paragraph of text so the database has some pages to copy.
MD
done
site_start || exit 99

# --- the commands introduce themselves -------------------------------------------------------------
"$B" --help > "$T/help"
for c in backup export check; do
	check "meridian --help lists '$c'" grep -q "^  $c " "$T/help"
	run "$B" "$c" --help
	check "'$c --help' exits 0 with its usage" sh -c "[ $RC = 0 ] && grep -q '^usage: meridian $c' '$T/out'"
	run "$B" "$c" --no-such-flag
	check "'$c --no-such-flag' exits 2" [ "$RC" = 2 ]
done

# --- backup while serving and importing ------------------------------------------------------------
req /articles/first-appointment
check "the site serves the article before the backup" status_is 200
( for _ in $(seq 1 5); do m import "$T/more" > /dev/null 2>>"$T/import-err" || echo fail; done > "$T/import-loop" ) &
imp=$!
( for _ in $(seq 1 200); do curl -s -o /dev/null -w '%{http_code}\n' "$BASE/articles/first-appointment"; done > "$T/req-loop" ) &
BG=$!
# Start once the import has begun writing.
for _ in $(seq 1 200); do
	[ "$(q "$DB" 'select count(*) from posts')" -gt 12 ] && break
	sleep 0.01
done
run m backup "$T/copy.db"
backup_rc=$RC
cp "$T/out" "$T/backup.out"
check "the import was still writing when the backup finished" kill -0 "$imp"
wait "$imp"
wait "$BG"
BG=
check "backup while serving and importing exits 0 ($(cat "$T/err"))" [ "$backup_rc" = 0 ]
check "backup says what it verified" grep -Eq "copy.db: verified copy of .*site.db \(integrity ok; [0-9]+ posts, [0-9]+ revisions, 0 media, 1 users\)" "$T/backup.out"
check "the imports running alongside all succeeded" sh -c "! grep -q fail '$T/import-loop'"
check "the requests running alongside all succeeded" sh -c "! grep -qv '^200$' '$T/req-loop'"
check "the copy passes integrity_check" [ "$(q "$T/copy.db" 'PRAGMA integrity_check')" = ok ]
check "the copy is one plain file (journal_mode delete)" [ "$(q "$T/copy.db" 'PRAGMA journal_mode')" = delete ]
check "the copy is readable only by its owner (0600)" [ "$(stat -c %a "$T/copy.db")" = 600 ]
check "the copy has the schema version" [ "$(q "$T/copy.db" 'PRAGMA user_version')" = "$(q "$DB" 'PRAGMA user_version')" ]
n=$(q "$T/copy.db" 'select count(*) from posts')
check "the copy holds the demo posts, maybe some of the new ones ($n)" sh -c "[ $n -ge 12 ] && [ $n -le 52 ]"
check "the copy has one revision per save, as a consistent snapshot must" \
    [ "$(q "$T/copy.db" 'select count(*) from posts p where version = (select count(*) from revisions r where r.post_id = p.id)')" = "$n" ]
check "the copy's article text is the live one" \
    [ "$(q "$T/copy.db" "select body_md from posts where slug = 'first-appointment'" | cksum)" = \
      "$(q "$DB" "select body_md from posts where slug = 'first-appointment'" | cksum)" ]

sum=$(cksum < "$T/copy.db")
run m backup "$T/copy.db"
check "backup onto an existing file exits 1" [ "$RC" = 1 ]
check "... with one line saying so" sh -c "[ \$(wc -l < '$T/err') -eq 1 ] && grep -q 'copy.db exists' '$T/err'"
check "... and leaves the file as it was" [ "$(cksum < "$T/copy.db")" = "$sum" ]
run m backup "$T/no/such/dir/copy.db"
check "backup into a missing folder exits 1 with one line ($(cat "$T/err"))" sh -c "[ $RC = 1 ] && [ \$(wc -l < '$T/err') -eq 1 ]"
run "$B" backup --db "$T/missing.db" --config "$T/meridian.conf" "$T/copy2.db"
check "backup of a missing database exits 1 with one line ($(cat "$T/err"))" \
    sh -c "[ $RC = 1 ] && [ \$(wc -l < '$T/err') = 1 ] && grep -q 'missing.db: .*meridian init' '$T/err'"
check "... and leaves no file behind" [ ! -e "$T/copy2.db" ]
run "$B" backup
check "backup without FILE is a usage error (2)" [ "$RC" = 2 ]

# A second daemon on the copy serves the same article.
meridian_stop
LIVE=$DB
DB=$T/copy.db write_conf
echo "password_cost = minimal" >> "$T/meridian.conf"
meridian_start || exit 99
req /articles/first-appointment
check "a site started on the copy serves the article (200)" status_is 200
check "... with its title" body_has 'What to expect at your first acupuncture appointment'
check "... and its body" body_has 'Most people who book a first appointment with us have never had acupuncture before.'
meridian_stop
DB=$LIVE write_conf
meridian_start || exit 99

# --- check --------------------------------------------------------------------------------------------
run m check
check "check on a good site exits 0" [ "$RC" = 0 ]
for what in "config $T/meridian.conf: valid" "templates $SRC/templates: [0-9]+ files compile" \
    "image helper $(cd "$(dirname "$MERIDIAN_BIN")" && pwd -P)/meridian-image" \
    "import program $(cd "$(dirname "$MERIDIAN_BIN")" && pwd -P)/meridian-import" \
    "schema $DB: version [0-9]+, current" "integrity_check: ok" "foreign_key_check: ok" \
    "replication: none \(no Litestream folder .*\)" "media: [0-9]+ images, each with its variants, all decoding"; do
	check "check prints 'ok: $what'" grep -Eq "^ok: $what\$" "$T/out"
done
check "check prints one line per check (9)" [ "$(wc -l < "$T/out")" -eq 9 ]
check "check on a good site is silent on stderr" [ ! -s "$T/err" ]

mkdir -p "$T/tpl"
cp -r "$SRC/templates/." "$T/tpl/"
printf '{{#if title}}\n{{no_such_name}}\n' > "$T/tpl/page.html"
run m check --templates "$T/tpl"
check "check with a broken template exits 1" [ "$RC" = 1 ]
check "... and names the template file and line" grep -q "^FAILED: templates $T/tpl: page.html:2" "$T/out"
check "... still checks the database" grep -q "^ok: integrity_check: ok" "$T/out"
check "... and says on stderr how many checks failed" grep -qx "meridian: 1 check failed" "$T/err"

printf 'not a database, just some text\n%.0s' $(seq 1 200) > "$T/garbage.db"
run "$B" check --config "$T/meridian.conf" --db "$T/garbage.db"
check "check on a file that is not a database exits 1" [ "$RC" = 1 ]
check "... saying so" grep -q "^FAILED: database $T/garbage.db" "$T/out"

cp "$T/copy.db" "$T/fk.db"
sqlite3 "$T/fk.db" "PRAGMA foreign_keys = OFF; INSERT INTO post_topics (post_id, topic_id) VALUES (9999, 1);"
run "$B" check --config "$T/meridian.conf" --db "$T/fk.db"
check "check finds a broken reference: exit 1" [ "$RC" = 1 ]
check "... named in the foreign_key_check line" grep -q "^FAILED: foreign_key_check: a row of post_topics" "$T/out"

cp "$T/copy.db" "$T/bad.db"
pages=$(q "$T/bad.db" 'PRAGMA page_count')
# Overwrite the middle pages with zeros: the b-trees that lived there are damaged.
dd if=/dev/zero of="$T/bad.db" bs=4096 seek=$((pages / 3)) count=$((pages / 3)) conv=notrunc 2>/dev/null
run "$B" check --config "$T/meridian.conf" --db "$T/bad.db"
check "check on a damaged database exits 1" [ "$RC" = 1 ]
check "... with a FAILED integrity_check line" grep -q "^FAILED: integrity_check: " "$T/out"

# --- init on an older schema: backup, then migrate ------------------------------------------------
OLD=$T/old.db
sqlite3 "$OLD" < "$SRC/sql/0001-init.sql"
sqlite3 "$OLD" "PRAGMA user_version = 1;
INSERT INTO posts (kind, slug, title, summary, body_md, status, published_at, created_at, updated_at)
VALUES ('article', 'from-version-one', 'Written under schema one', 'Old but gold.',
        'Hydration matters for *everyone*. ' || (SELECT group_concat('word', ' ')
         FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700)
               SELECT i FROM n)),
        'published', 1700000000, 1700000000, 1700000000);
INSERT INTO topics (slug, name) VALUES ('hydration', 'Hydration');
INSERT INTO post_topics (post_id, topic_id, position) VALUES (1, 1, 0);
INSERT INTO revisions (post_id, version, created_at, saved_by, kind, slug, title, summary,
        body_md, status, author, reviewer, topics)
VALUES (1, 1, 1700000000, 'import', 'article', 'from-version-one', 'Written under schema one',
        '', 'Hydration matters.', 'published', '', '', 'hydration');"
run "$B" check --config "$T/meridian.conf" --db "$OLD"
check "check on a schema-1 database says to run init" grep -q "^FAILED: schema $OLD: version 1, this meridian needs" "$T/out"
run "$B" serve --config "$T/meridian.conf" --db "$OLD" --listen "unix:$T/old.sock" --workers 1
check "serve refuses the schema-1 database (exit 1)" [ "$RC" = 1 ]
run "$B" init --config "$T/meridian.conf" --db "$OLD"
check "init on schema 1 exits 0" [ "$RC" = 0 ]
check "init reports the migration" grep -Eq "old.db: migrated from schema version 1 to [0-9]+" "$T/out"
check "init says where the backup went" grep -q "old.db: backup of schema version 1 written to $OLD.pre-v" "$T/out"
bak=$(ls "$OLD".pre-v*.bak 2>/dev/null | head -n 1)
check "a .bak file exists next to the database ($bak)" [ -n "$bak" ] 
check "the .bak is the old database: schema 1, the old article, integrity ok" \
    sh -c "[ \"\$(sqlite3 '$bak' 'PRAGMA user_version')\" = 1 ] && [ \"\$(sqlite3 '$bak' 'select slug from posts')\" = from-version-one ] && [ \"\$(sqlite3 '$bak' 'PRAGMA integrity_check')\" = ok ]"
run "$B" check --config "$T/meridian.conf" --db "$OLD"
check "check passes on the migrated database" [ "$RC" = 0 ]
meridian_stop
DB=$OLD write_conf
meridian_start || exit 99
req /articles/from-version-one
check "the migrated site serves the old article (200)" status_is 200
check "... with its body rendered" body_has '<em>everyone</em>'
req '/search?q=hydration'
check "... and search finds it (the index was built by the migration)" got 200 body_has 'href="/articles/from-version-one"'
check "its revision and topic survived the migrations (table rebuilds cascade nothing)" \
    sh -c "[ \"\$(sqlite3 '$OLD' 'SELECT count(*) FROM revisions; SELECT count(*) FROM post_topics; PRAGMA foreign_key_check;' | tr '\n' ' ')\" = '1 1 ' ]"
req /topics/hydration
check "... so its topic page lists it" got 200 body_has 'href="/articles/from-version-one"'
req /
check "the home page shows the reading time the migration computed (704 words: 4 min)" got 200 \
    body_has '4 min read'
req /articles/from-version-one
check "... as does the article" got 200 body_has '4 min read'
run "$B" init --config "$T/meridian.conf" --db "$OLD"
check "init again: already current, no new backup" sh -c "grep -q 'already at schema version' '$T/out' && [ \$(ls '$OLD'.pre-v*.bak | wc -l) = 1 ]"
finish
