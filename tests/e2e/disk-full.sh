#!/bin/bash
# SPDX-License-Identifier: ISC
# disk-full.sh: the database on a small tmpfs that is then filled up. A staff save and an
# import must fail with a clear answer (the site's own error page, never nginx's or a
# blank one; a 5xx is acceptable only as that page), nothing may be half-written (PRAGMA
# integrity_check, the FTS index's own check), the public pages keep answering, and once
# space is freed the same save works. Needs root and a kernel that lets it mount a tmpfs;
# otherwise it skips (exit 77) and says why.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: the disk-full path is the same under valgrind; checked in the plain and sanitizer passes"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "skip: mounting a tmpfs needs root"; exit 77; }
MNT=$(mktemp -d "${TMPDIR:-/tmp}/meridian-full.XXXXXX")
if ! mount -t tmpfs -o size=3m,mode=0700 tmpfs "$MNT" 2>"$T/mount.err"; then
	echo "skip: cannot mount a tmpfs here ($(head -n 1 "$T/mount.err")); disk full not tested"
	rmdir "$MNT"
	exit 77
fi
# env.sh's cleanup stops the daemon; only then can the tmpfs go.
trap 'cleanup; umount "$MNT" 2>/dev/null; rmdir "$MNT" 2>/dev/null' EXIT

DB=$MNT/site.db
write_conf
db_init
staff_add eve 'full-pass-1'
mkdir -p "$T/in"
write_md "$T/in/a.md" "Before the disk filled" before "date: 2025-03-01T08:00:00Z" <<'MD'
Written while there was room.
MD
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
site_start || exit 99
staff_login eve 'full-pass-1'
CSRF=$(staff_csrf eve)
head -c 150000 /dev/urandom | base64 -w 76 > "$T/big.txt"

save() {
	ureq eve /admin/articles/new -H "Origin: $BASE" --data-urlencode "csrf_token=$CSRF" \
	    --data-urlencode "title=Written when full" --data-urlencode "slug=when-full" \
	    --data-urlencode "body@$T/big.txt" --data-urlencode "kind=article" \
	    --data-urlencode "status=published" --data-urlencode "topics=" --data-urlencode "summary="
}
# The sqlite3 shell has no busy timeout of its own: one worker's write at that moment would
# make a check fail with "database is locked".
sq() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }
db_ok() {
	[ "$(sq 'PRAGMA integrity_check;' 2>&1)" = ok ] &&
	    sq "INSERT INTO posts_fts(posts_fts) VALUES('integrity-check');" 2>/dev/null
}

# Fill the file system, leaving the database and its WAL as they are.
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
check "the tmpfs is full" [ "$(df --output=avail -B1 "$MNT" | tail -n 1 | tr -d ' ')" -lt 8192 ]

save
ST_FULL=$STATUS
cp "$T/body" "$T/full.html"
check "a save on a full disk answers 507 Insufficient Storage (status $ST_FULL)" [ "$ST_FULL" = 507 ]
# nginx's own error page ends "<center>nginx/VERSION</center>"; the page gives back the
# writer's random text, which may hold "nginx" in any case.
check "... with the site's own page, not nginx's" sh -c \
    "grep -q 'Content-Security-Policy' '$T/headers' && grep -qi '<h1' '$T/full.html' && ! grep -q '<center>nginx' '$T/full.html'"
msg=$(grep -o "The server&#39;s disk is full[^<]*\|The server's disk is full[^<]*" "$T/full.html" | head -n 1 | sed "s/&#39;/'/g")
check "... that says the disk is full" [ -n "$msg" ]
check "... and gives the writer's text back in the editor" sh -c \
    "grep -qF '$(sed -n 100p "$T/big.txt")' '$T/full.html' && grep -q 'value=\"Written when full\"' '$T/full.html'"
png_file "$T/big.png"
head -c 200000 /dev/urandom >> "$T/big.png"
ureq eve /admin/media -H "Origin: $BASE" -F "csrf_token=$CSRF" -F "alt=A large dot" \
    -F "file=@$T/big.png;type=image/png"
ST_UP=$STATUS
check "an image upload on a full disk answers 507 too (status $ST_UP)" [ "$ST_UP" = 507 ]
check "... and says the disk is full" grep -q "disk is full" "$T/body"
check "nothing of the failed upload was written" \
    [ "$(sq "SELECT count(*) FROM media")" = 0 ]
check "nothing of the failed save was written" \
    [ "$(sq "SELECT count(*) FROM posts WHERE slug = 'when-full'")" = 0 ]
check "the database is intact after the failed save" db_ok
write_md "$T/in/b.md" "Imported when full" imported-full "date: 2025-03-01T08:00:00Z" < "$T/big.txt"
m import "$T/in/b.md" > "$T/imp.out" 2> "$T/imp.err"
irc=$?
check "an import on a full disk exits 1 (exit $irc)" [ "$irc" = 1 ]
check "... and says the disk is full ($(grep -m1 'could not' "$T/imp.err"))" \
    grep -q 'could not be saved (the disk is full)' "$T/imp.err"
check "nothing of the failed import was written" \
    [ "$(sq "SELECT count(*) FROM posts WHERE slug = 'imported-full'")" = 0 ]
check "the database is intact after the failed import" db_ok
req /articles/before
check "visitors still get the articles (200)" status_is 200
req /_health
HST=$STATUS

rm -f "$MNT/filler"
save
check "once space is freed the same save works (303)" status_is 303
req /articles/when-full
check "... and the article is there" status_is 200
check "the database is intact at the end" db_ok
figure disk.full "save on a full disk: $ST_FULL (${msg:-no message}); image upload: $ST_UP; import: exit $irc; /_health meanwhile $HST; after freeing space: saves work; integrity ok"
finish
