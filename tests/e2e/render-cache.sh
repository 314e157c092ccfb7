#!/bin/bash
# SPDX-License-Identifier: ISC
# render-cache.sh: each worker keeps rendered bodies and list pages, and none ever serves an
# old one: after a save, a revision restore, or a purged post's id going to a new post, every
# worker at once shows the new text, on the article, the home page, its topic, the feed and
# search results; a scheduled post shows on the lists, and as the next article of the one
# before it, the moment it is due. Also the
# render_cache setting: 0 (off) serves, a bad value is refused.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
q() { sqlite3 "$DB" "$1"; }
NW=3

db_init
add_staff bob editor password-three-four
mkdir -p "$T/in"
write_md "$T/in/a.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" \
    "topics: [Sleep]" <<'MD'
FIRST-TEXT: *sleep* comes before everything else.
MD
write_md "$T/in/b.md" "Neck pain" neck-pain "date: 2025-03-02T08:00:00Z" "topics: [Neck]" <<'MD'
PURGED-TEXT: the neck article that goes for good.
MD
# Scheduled a few seconds ahead: due while the lists are kept, with nothing written. Imported
# first, so that the neck article below has the highest id, which a purge frees.
DUE=$(( $(date +%s) + 20 ))
write_md "$T/in/0.md" "Due soon" due-soon "date: $(date -u -d "@$DUE" +%Y-%m-%dT%H:%M:%SZ)" \
    "topics: [Sleep]" <<'MD'
DUE-TEXT: this one is scheduled.
MD
m import "$T/in" >/dev/null
# Request lines name the worker that answered (pid) in the log.
echo "log_level = info" >> "$T/meridian.conf"
WORKERS=$NW site_start || exit 99

# everyone PATH [BATCH PAUSE]: requests PATH, BATCH (4) at a time with PAUSE seconds (0)
# between batches, until every worker has answered it with status $WANT (200) at least twice
# since this call (at most 400 requests); each body so answered goes to $T/seen/N. Fails if
# some worker never did. The log names the path without its query.
everyone() {
	local path=$1 batch=${2:-4} pause=${3:-0} want=${WANT:-200} from n=0 p missing pids
	from=$(wc -l < "$T/meridian.log")
	rm -rf "$T/seen"
	mkdir -p "$T/seen"
	while [ "$n" -lt 400 ]; do
		pids=()
		for _ in $(seq 1 "$batch"); do
			n=$((n + 1))
			(code=$(curl -s -o "$T/seen/$n" -w '%{http_code}' "$BASE$path")
			[ "$code" = "$want" ] || rm -f "$T/seen/$n") &
			pids+=($!)
		done
		wait "${pids[@]}"	# not the daemon, also this shell's child
		missing=
		for p in $(worker_pids); do
			[ "$(tail -n +$((from + 1)) "$T/meridian.log" |
			    grep -c "req $p-[0-9]* GET ${path%%\?*} $want ")" -ge 2 ] || missing=1
		done
		[ -z "$missing" ] && return 0
		sleep "$pause"
	done
	echo "# some worker never answered $path in $n requests"
	return 1
}
# everyone_says STATUS PATH: everyone() for an answer other than 200.
everyone_says() { WANT=$1 everyone "$2"; }
# searched PATH: everyone() at a person's pace, as nginx allows 5 searches a second.
searched() { everyone "$1" 1 0.25; }
# all_have TEXT / none_has TEXT: over the bodies everyone() kept.
all_have() { [ "$(grep -lF -- "$1" "$T/seen"/* | wc -l)" = "$(ls "$T/seen" | wc -l)" ]; }
none_has() { ! grep -qF -- "$1" "$T/seen"/*; }

# The master forks its workers one after another (slowly under valgrind): wait for all.
nworkers() { [ "$(worker_pids | wc -l)" -eq $NW ]; }
for _ in $(seq 1 150); do nworkers && break; sleep 0.2; done
check "$NW workers run" nworkers
# The scheduled post: the lists were kept before it was due; once due, it is on them all.
check "setup: the scheduled post is not due yet" [ "$(date +%s)" -lt "$DUE" ]
check "before it is due, every worker serves the home page" everyone /
check "... without the scheduled post" none_has 'href="/articles/due-soon"'
check "... and its topic page too" everyone /topics/sleep
check "... without it" none_has 'href="/articles/due-soon"'
check "... and the newest article (its whole page is kept too)" everyone /articles/neck-pain
check "... with no link to the scheduled one" none_has 'href="/articles/due-soon"'
while [ "$(date +%s)" -le "$DUE" ]; do sleep 0.2; done
check "once due, every worker serves the home page" everyone /
check "... with the scheduled post on it" all_have 'href="/articles/due-soon"'
check "... and its topic page" everyone /topics/sleep
check "... with it too" all_have 'href="/articles/due-soon"'
check "... and the feed" everyone /feed.xml
check "... with it too" all_have 'DUE-TEXT'
check "... and the article before it" everyone /articles/neck-pain
check "... with a link to the scheduled one as the next" all_have 'href="/articles/due-soon"'

check "every worker serves the article (its render is now kept)" everyone /articles/sleep-and-stress
check "... with the first text, rendered" all_have '<em>sleep</em> comes before'

# A save, then at once every worker.
login bob password-three-four
A=$(q "SELECT id FROM posts WHERE slug = 'sleep-and-stress'")
V0=$(q "SELECT version FROM posts WHERE id = $A")
ureq bob "/admin/articles/$A"
submit bob "/admin/articles/$A" "body=SECOND-TEXT: **rest** after work."
check "the save is accepted (303)" status_is 303
check "the save changed the version" [ "$(q "SELECT version FROM posts WHERE id = $A")" -gt "$V0" ]
check "right after the save, every worker answers" everyone /articles/sleep-and-stress
check "... and none serves the old text" none_has 'FIRST-TEXT'
check "... every answer has the new text, rendered" all_have '<strong>rest</strong> after work'

# The lists: kept by every worker, then a new title, then at once every worker.
for u in / /feed.xml; do
	check "every worker serves $u" everyone "$u"
	check "... with the title" all_have 'Sleep and stress'
done
check "every worker searches for a word of the new title" searched "/search?q=recovery"
check "... and finds nothing" none_has 'href="/articles/sleep-and-stress"'
ureq bob "/admin/articles/$A"
submit bob "/admin/articles/$A" "title=Rest and recovery"
check "a new title is saved (303)" status_is 303
for u in / /feed.xml; do
	check "right after the new title, every worker serves $u" everyone "$u"
	check "... with the new title" all_have 'Rest and recovery'
	check "... never the old one" none_has 'Sleep and stress'
done
check "right after the new title, every worker searches for its word" searched \
    "/search?q=recovery"
check "... and finds the article" all_have 'href="/articles/sleep-and-stress"'

# Restoring the first revision: the old text is back everywhere.
ureq bob "/admin/articles/$A/revisions"
REV1=$(q "SELECT id FROM revisions WHERE post_id = $A ORDER BY version LIMIT 1")
upost bob "/admin/articles/$A/revisions/$REV1/restore"
check "the revision restore is accepted (303)" status_is 303
check "after the restore, every worker answers" everyone /articles/sleep-and-stress
check "... with the restored text" all_have '<em>sleep</em> comes before'
check "... and none with the replaced one" none_has 'SECOND-TEXT'

# Trashed and purged, its id goes to the next new post, which starts at version 1 again:
# the same id and version as the render kept of the purged one, with other text.
B=$(q "SELECT id FROM posts WHERE slug = 'neck-pain'")
check "every worker serves the second article" everyone /articles/neck-pain
check "... with its text" all_have 'PURGED-TEXT'
check "... and its topic page, where it is the only article" everyone /topics/neck
upost bob "/admin/articles/$B/trash"
check "it goes to the trash (303)" status_is 303
# Every worker kept the whole page; none may answer it from there once the post is gone.
check "right after, every worker answers the trashed article with 410 Gone" \
    everyone_says 410 /articles/neck-pain
check "... and its topic, now without a visible article, with 404" \
    everyone_says 404 /topics/neck
ureq bob "/admin/articles?state=trash"
submit bob /admin/trash/empty confirm=yes
check "the trash is emptied" [ "$(q "SELECT count(*) FROM posts WHERE id = $B")" = 0 ]
upost bob /admin/articles/new --data-urlencode "title=Neck pain" --data-urlencode slug=neck-pain \
    --data-urlencode "body=NEW-TEXT: a new article on the neck." --data-urlencode kind=article \
    --data-urlencode status=published --data-urlencode publish_at=2025-03-02T08:00 \
    --data-urlencode author=Bob
check "a new article is saved (303)" status_is 303
check "it has the purged article's id and version 1" \
    [ "$(q "SELECT id || ' ' || version FROM posts WHERE slug = 'neck-pain'")" = "$B 1" ]
check "every worker serves the new article" everyone /articles/neck-pain
check "... with its own text" all_have 'NEW-TEXT'
check "... never the purged one's" none_has 'PURGED-TEXT'

# A kept page keeps the Last-Modified it was built with, and answers If-Modified-Since.
req /articles/sleep-and-stress
LM=$(header Last-Modified)
check "an article: it has a Last-Modified" got 200 [ -n "$LM" ]
check "every worker keeps the article" everyone /articles/sleep-and-stress
req /articles/sleep-and-stress
check "... and sends it kept with the same Last-Modified" got 200 [ "$(header Last-Modified)" = "$LM" ]
req /articles/sleep-and-stress -H "If-Modified-Since: $LM"
check "... and a 304 for If-Modified-Since that date" status_is 304

# Written by other programs: every worker shows the change at once. A worker reads the site
# generation from SQLite again only when SQLite's shared wal-index header says something was
# committed since (db_change.c), and a commit by any process says so.
m settings set site_title "Title Before" >/dev/null
check "every worker keeps the home page" everyone /
check "... with the site's title" all_have "Title Before"
q "UPDATE settings SET value = 'Retitled In The Shell' WHERE key = 'site_title'"
check "the sqlite3 shell changed the title" \
    [ "$(q "SELECT value FROM settings WHERE key = 'site_title'")" = 'Retitled In The Shell' ]
check "right after a new title written by the sqlite3 shell, every worker serves the home page" \
    everyone /
check "... with the new title" all_have 'Retitled In The Shell'
check "... none with the old one" none_has "Title Before"
check "every worker keeps the article" everyone /articles/sleep-and-stress
m settings set site_title "Retitled By The Command" >/dev/null
check "right after \`meridian settings set\`, every worker serves the article" \
    everyone /articles/sleep-and-stress
check "... with the title set by the command" all_have 'Retitled By The Command'
check "... none with the one before" none_has 'Retitled In The Shell'

# Cache-busters on a list are answered but not kept: a loop of them pushes nothing out. One
# worker with room for a few pages; its counts are logged when it stops.
nginx_stop
meridian_stop
echo "render_cache = 40K" >> "$T/meridian.conf"
WORKERS=1 site_start || exit 99
req /
check "a small cache: the home page" status_is 200
for i in $(seq 1 30); do curl -s -o /dev/null "$BASE/?x=$i"; done
req "/?x=last"
check "a cache-buster is answered" got 200 body_has 'href="/articles/due-soon"'
req /
check "the home page again" status_is 200
nginx_stop
meridian_stop
check "the home page was still kept after 31 cache-busters (1 hit)" \
    grep -q 'render cache: 1 hits, ' "$T/meridian.log"
sed -i '/^render_cache/d' "$T/meridian.conf"

# The setting: off still serves; a bad value is refused, naming the line.
nginx_stop
meridian_stop
echo "render_cache = 0" >> "$T/meridian.conf"
WORKERS=2 site_start || exit 99
req /articles/sleep-and-stress
check "render_cache = 0: the article is served, rendered" got 200 body_has '<em>sleep</em> comes before'
nginx_stop
meridian_stop
for bad in -1 4G 5X 2048M ""; do
	sed -i '/^render_cache/d' "$T/meridian.conf"
	echo "render_cache = $bad" >> "$T/meridian.conf"
	out=$(m check 2>&1)
	check "render_cache = '$bad' is refused with the file and line" \
	    sh -c "printf '%s' \"\$1\" | grep -q 'meridian.conf:[0-9]*: bad value for render_cache'" _ "$out"
done
sed -i '/^render_cache/d' "$T/meridian.conf"
echo "render_cache = 512K" >> "$T/meridian.conf"
check "render_cache = 512K is accepted" quiet m check
finish
