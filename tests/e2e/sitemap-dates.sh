#!/bin/bash
# sitemap-dates.sh: a sitemap's <lastmod> moves only on substantive edits, so a typo fix does
# not send search engines back. Edits go through the staff editor as a person makes them:
# once without ticking "substantive", once with it.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint missing: skip"; exit 77; }

db_init
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

# lastmod SLUG: the article's <lastmod> in the sitemap as a visitor's crawler reads it.
lastmod() {
	req /sitemap.xml
	xmllint --xpath "string(//*[local-name()='url'][*[local-name()='loc' and
	    substring(., string-length(.) - string-length('/articles/$1') + 1) = '/articles/$1']]
	    /*[local-name()='lastmod'])" "$T/body"
}
# wait_next_second: until the clock is past the second of the newest save, so a later save
# can be told apart by its date (the sitemap's dates have one-second steps).
wait_next_second() {
	local last
	last=$(q "SELECT max(updated_at) FROM posts")
	for _ in $(seq 1 100); do
		[ "$(date +%s)" -gt "$last" ] && return 0
		sleep 0.05
	done
}
# save PATH BODY [curl args]: the editor's form as the browser posts it.
save() {
	local path=$1 body=$2; shift 2
	upost bob "$path" --data-urlencode "title=Stretching for sore backs" \
	    --data-urlencode slug=stretching --data-urlencode "summary=Gentle stretches." \
	    --data-urlencode "body=$body" --data-urlencode "topics=Back care" \
	    --data-urlencode kind=article --data-urlencode status=published \
	    --data-urlencode publish_at=2025-01-10T09:00 --data-urlencode "author=Bob Writer" "$@"
}

login bob password-three-four
check "login: 303" status_is 303
save /admin/articles/new "Gentle stretches every morning help most people." \
    --data-urlencode substantive=1
check "new article: 303" status_is 303
ID=$(header Location | sed -n 's|^/admin/articles/\([0-9]*\)?.*|\1|p')
check "new article: an id" [ -n "$ID" ]
req /articles/stretching
check "the article is live" status_is 200
L1=$(lastmod stretching)
check "sitemap: the article has a lastmod ($L1)" [ -n "$L1" ]
req /sitemap.xml
ETAG1=$(header ETag)

# A typo fix, "substantive" left unticked.
wait_next_second
save "/admin/articles/$ID" "Gentle stretches every morning help most people!" \
    --data-urlencode "version=$(q "SELECT version FROM posts WHERE id = $ID")"
check "typo fix: 303" status_is 303
req /articles/stretching
check "typo fix: the page shows it" body_has 'help most people!'
check "typo fix: the save is a new revision" [ "$(q "SELECT count(*) FROM revisions WHERE post_id = $ID")" = 2 ]
L2=$(lastmod stretching)
check "typo fix: the sitemap's lastmod is unchanged ($L1 / $L2)" [ "$L2" = "$L1" ]
req /sitemap.xml -H "If-None-Match: $ETAG1"
check "typo fix: the sitemap itself was regenerated (new ETag, 200)" status_is 200

# A substantive edit, the box ticked.
wait_next_second
save "/admin/articles/$ID" "New advice: stretch twice a day, and see us if pain lasts." \
    --data-urlencode "version=$(q "SELECT version FROM posts WHERE id = $ID")" \
    --data-urlencode substantive=1
check "substantive edit: 303" status_is 303
L3=$(lastmod stretching)
check "substantive edit: the sitemap's lastmod moved ($L1 -> $L3)" \
    [ "$(date -d "$L3" +%s)" -gt "$(date -d "$L1" +%s)" ]
check "substantive edit: the lastmod is the save's time" \
    [ "$(date -d "$L3" +%s)" = "$(q "SELECT substantive_at FROM posts WHERE id = $ID")" ]

# Another typo fix after it: the date stays at the substantive edit.
wait_next_second
save "/admin/articles/$ID" "New advice: stretch twice a day, and see us if the pain lasts." \
    --data-urlencode "version=$(q "SELECT version FROM posts WHERE id = $ID")"
check "second typo fix: 303" status_is 303
L4=$(lastmod stretching)
check "second typo fix: lastmod still that of the substantive edit ($L3 / $L4)" [ "$L4" = "$L3" ]

finish
