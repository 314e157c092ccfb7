#!/bin/bash
# trash.sh: emptying the trash from the staff area, the only way anything is destroyed. The
# form sits on the trash tab and needs its confirmation ticked; without it nothing changes.
# With it, what was in the trash goes for good (rows, revisions, topics, search entries)
# while restored and live articles stay, and the audit log says who did it.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }
# snap: every table emptying the trash could touch.
snap() {
	q "SELECT id, slug, coalesce(deleted_at, '-') FROM posts ORDER BY id;
	   SELECT 'revisions', post_id, count(*) FROM revisions GROUP BY post_id;
	   SELECT 'topics', post_id, topic_id FROM post_topics ORDER BY 2, 3;
	   SELECT 'fts', count(*) FROM posts_fts;
	   SELECT 'audit', count(*) FROM audit_log;"
}
# new_article SLUG WORD: a published article in topic "Back care", found by searching WORD.
new_article() {
	upost bob /admin/articles/new --data-urlencode "title=Article $1" --data-urlencode "slug=$1" \
	    --data-urlencode "body=Text about $2." --data-urlencode "topics=Back care" \
	    --data-urlencode kind=article --data-urlencode status=published \
	    --data-urlencode publish_at=2025-01-10T09:00 --data-urlencode author=Bob \
	    --data-urlencode substantive=1
	header Location | sed -n 's|^/admin/articles/\([0-9]*\)?.*|\1|p'
}

login bob password-three-four
check "bob logs in (303)" status_is 303
KEEP=$(new_article keeper quinoa)
GONE1=$(new_article gone-one zucchini)
GONE2=$(new_article gone-two zucchini)
BACK=$(new_article comes-back zucchini)
check "setup: four articles" sh -c "[ -n \"$KEEP\" ] && [ -n \"$GONE2\" ] && [ -n \"$BACK\" ]"
# A second revision for one that goes, so revisions of trashed posts are really there.
upost bob "/admin/articles/$GONE1" --data-urlencode "title=Article gone-one" \
    --data-urlencode slug=gone-one --data-urlencode "body=Text about zucchini, edited." \
    --data-urlencode "topics=Back care" --data-urlencode kind=article \
    --data-urlencode status=published --data-urlencode publish_at=2025-01-10T09:00 \
    --data-urlencode author=Bob --data-urlencode "version=$(q "SELECT version FROM posts WHERE id = $GONE1")"
check "setup: gone-one has two revisions" [ "$(q "SELECT count(*) FROM revisions WHERE post_id = $GONE1")" = 2 ]

ureq bob /admin/articles
check "the articles tab has no empty-trash form while the trash is empty" body_lacks 'action="/admin/trash/empty"'
for id in $GONE1 $GONE2 $BACK; do
	upost bob "/admin/articles/$id/trash"
	check "setup: article $id moved to the trash (303)" status_is 303
done
upost bob "/admin/articles/$BACK/restore"
check "setup: comes-back restored from the trash (303)" status_is 303
req /articles/gone-one
check "a trashed article answers 410 to visitors" status_is 410

ureq bob "/admin/articles?state=trash"
check "trash tab: 200" status_is 200
check "trash tab: lists what is in the trash" sh -c "grep -q 'Article gone-one' '$T/body' && grep -q 'Article gone-two' '$T/body'"
check "trash tab: has the empty-trash form" body_has 'action="/admin/trash/empty"'
check "trash tab: its confirmation box is required and not ticked" \
    body_has '<input type="checkbox" id="confirm" name="confirm" value="yes" required>'
cp "$T/body" "$T/trash-tab.html"
ureq bob "/admin/articles?state=published"
check "the published tab has no empty-trash form" body_lacks 'action="/admin/trash/empty"'

# Submitted without ticking the box (a browser without HTML validation sends no confirm).
BEFORE=$(snap)
cp "$T/trash-tab.html" "$T/body"
submit bob /admin/trash/empty
check "unconfirmed: refused (400)" status_is 400
check "unconfirmed: says to tick the box" body_has 'Tick the box to confirm'
check "unconfirmed: nothing changed" [ "$BEFORE" = "$(snap)" ]
cp "$T/trash-tab.html" "$T/body"
submit bob /admin/trash/empty confirm=no
check "confirm=no: refused (400)" status_is 400
check "confirm=no: nothing changed" [ "$BEFORE" = "$(snap)" ]

# Ticked.
cp "$T/trash-tab.html" "$T/body"
submit bob /admin/trash/empty confirm=yes
check "confirmed: 303" status_is 303
check "confirmed: back to the trash tab with a notice" location_is "/admin/articles?state=trash&done=emptied"
follow bob
check "confirmed: the notice says the trash was emptied" body_has 'The trash was emptied.'
check "confirmed: the trash tab lists nothing" body_lacks 'Article gone-'
check "confirmed: and offers no form any more" body_lacks 'action="/admin/trash/empty"'
for id in $GONE1 $GONE2; do
	check "confirmed: post $id is gone from the database" [ "$(q "SELECT count(*) FROM posts WHERE id = $id")" = 0 ]
	check "confirmed: post $id's revisions are gone" [ "$(q "SELECT count(*) FROM revisions WHERE post_id = $id")" = 0 ]
	check "confirmed: post $id's topic links are gone" [ "$(q "SELECT count(*) FROM post_topics WHERE post_id = $id")" = 0 ]
done
check "confirmed: the search index holds no trace of them" [ "$(q "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'zucchini'")" = 1 ]
req /articles/gone-one
check "confirmed: the emptied article's address answers 404 now" status_is 404
for id in $KEEP $BACK; do
	check "confirmed: post $id (not in the trash) is kept" [ "$(q "SELECT count(*) FROM posts WHERE id = $id AND deleted_at IS NULL")" = 1 ]
	check "confirmed: post $id keeps its revisions" [ "$(q "SELECT count(*) FROM revisions WHERE post_id = $id")" -ge 1 ]
done
req /articles/comes-back
check "confirmed: the restored article is still served" status_is 200
req /search?q=zucchini
check "confirmed: search finds only the restored article" sh -c \
    "grep -q '/articles/comes-back' '$T/body' && ! grep -q '/articles/gone-' '$T/body'"
check "confirmed: the audit log says bob emptied 2 posts" \
    [ "$(q "SELECT who || ' ' || action || ' ' || detail FROM audit_log WHERE action = 'empty trash'")" = "bob empty trash 2 post(s)" ]

finish
