#!/bin/bash
# backup-verify.sh: `meridian backup FILE` never leaves a copy it could not vouch for. When
# the copy of a damaged database fails its check, or the target disk fills up while copying,
# it exits 1, says why, and removes the copy; a sound database is copied and reported good.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

db_init
mkdir -p "$T/in" "$T/bk"
for i in 1 2 3 4 5 6; do
	write_md "$T/in/a$i.md" "Article $i" "article-$i" "date: 2025-01-0${i}T09:00:00Z" \
	    "topics: [Topic $i]" <<MD
Text of article $i, long enough to need a page or two. $(head -c 3000 /dev/zero | tr '\0' 'x')
MD
done
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }

# run CMD...: sets RC, leaves stdout in $T/out and stderr in $T/err.
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
# nothing_left NAME: no copy and no journal of it in $T/bk.
nothing_left() { [ ! -e "$T/bk/$1" ] && [ ! -e "$T/bk/$1-journal" ] && [ ! -e "$T/bk/$1-wal" ]; }

# Control: a sound database is copied, verified and kept.
run m backup "$T/bk/good.db"
check "sound database: backup exits 0 ($(cat "$T/err"))" [ "$RC" = 0 ]
check "sound database: says it verified the copy" grep -q 'good.db: verified copy of .*(integrity ok; 6 posts' "$T/out"
check "sound database: the copy is there" [ -s "$T/bk/good.db" ]
check "sound database: the copy passes integrity_check" \
    [ "$(sqlite3 "$T/bk/good.db" 'PRAGMA integrity_check')" = ok ]

# A damaged database: an index that no longer matches its table, as a bad disk block or an
# interrupted raw write leaves it (the schema says the index holds other columns than it
# does). The site still opens it, and the copy is as damaged as the original.
cp "$DB" "$T/damaged.db"
sqlite3 "$T/damaged.db" ".dbconfig defensive off" "PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = 'CREATE INDEX posts_visible ON posts (status, kind, deleted_at, published_at DESC, id DESC)'
    WHERE name = 'posts_visible';" >/dev/null
check "setup: the damaged database fails integrity_check" \
    sh -c "sqlite3 '$T/damaged.db' 'PRAGMA integrity_check' | grep -q 'missing from index posts_visible'"
run "$MERIDIAN_BIN" backup --db "$T/damaged.db" --config "$T/meridian.conf" "$T/bk/damaged-copy.db"
check "damaged database: backup exits 1 ($RC)" [ "$RC" = 1 ]
check "damaged database: nothing on stdout claims a verified copy" sh -c "! grep -q verified '$T/out'"
check "damaged database: one line on stderr ($(cat "$T/err"))" [ "$(wc -l < "$T/err")" -eq 1 ]
check "damaged database: it names the failed check" grep -q 'integrity_check of the copy: row [0-9]* missing from index posts_visible' "$T/err"
check "damaged database: it says the copy was removed" grep -q 'the copy was removed' "$T/err"
check "damaged database: no copy is left behind" nothing_left damaged-copy.db
check "damaged database: the folder holds only the good copy" [ "$(ls "$T/bk")" = good.db ]
check "damaged database: the original is untouched" \
    sh -c "sqlite3 '$T/damaged.db' 'SELECT count(*) FROM posts' | grep -qx 6"

# A full target disk: the copy cannot be written whole. Needs root to mount a small tmpfs.
MNT=$T/small
mkdir -p "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k,mode=0700 tmpfs "$MNT" 2>/dev/null; then
	trap 'umount "$MNT" 2>/dev/null; cleanup' EXIT
	check "setup: the database is larger than the small disk" [ "$(wc -c < "$DB")" -gt 65536 ]
	run m backup "$MNT/copy.db"
	check "full disk: backup exits 1 ($RC)" [ "$RC" = 1 ]
	check "full disk: says the disk is full" grep -q 'disk is full' "$T/err"
	check "full disk: says the copy was removed" grep -q 'it was removed' "$T/err"
	check "full disk: no copy is left behind" [ -z "$(ls -A "$MNT")" ]
	umount "$MNT"
else
	echo "# no tmpfs (needs root and mount rights): the full-disk case is not tested"
fi

finish
