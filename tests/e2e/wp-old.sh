#!/bin/bash
# SPDX-License-Identifier: ISC
# wp-old.sh: `meridian import` of exports in the older formats (tests/e2e/wp/old/, written by
# hand in the shape WordPress wrote them): WXR 1.0 (WordPress 2.5 to 3.0: no author records, the
# author's display name in dc:creator, tags in domain "tag", each term listed twice, a caption
# as a shortcode attribute) and WXR 1.1 (3.1 to 3.3: author records without ids, logins in
# dc:creator). What a user checks, through nginx: articles and pages, their dates (a draft's
# from its local date, its GMT date being all zeros), authors, topics, the image, and every old
# address answering 301 and ending in a 200. An export older than WXR 1.0 is refused, saying so.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/wp.sh"
OLD=$SRC/tests/e2e/wp/old
q() { sqlite3 "$DB" "$1"; }
# moved PATH TARGET: PATH answers 301 to TARGET.
moved() {
	req "$1"
	status_is 301 || return 1
	case "$(header Location)" in
	*"$2") return 0 ;;
	*) echo "# $1: Location $(header Location), want $2"; return 1 ;;
	esac
}
# topics SLUG: the names of the topics of the post SLUG, sorted, comma-separated.
topics() {
	q "select group_concat(name) from (select t.name from topics t join post_topics pt
	    on pt.topic_id = t.id join posts p on p.id = pt.post_id where p.slug = '$1' order by t.name)"
}

db_init
# Both sites ran in New York: a draft's local date is read in that zone.
m settings set timezone America/New_York >/dev/null || { echo "settings failed"; exit 99; }

# --- WXR 1.0 ---------------------------------------------------------------------------------------
run m import --uploads "$OLD/uploads" "$OLD/wxr-1.0.xml"
check "a WXR 1.0 export imports (exit 0; $(head -n 1 "$T/err"))" [ "$RC" = 0 ]
sed 's/^/# /' "$T/out"
check "... articles by status" grep -qx "articles: 2 published, 0 scheduled, 1 drafts" "$T/out"
check "... pages by status" grep -qx "pages: 2 published, 0 scheduled, 0 drafts" "$T/out"
check "... its image from --uploads" grep -qx "images: 1 imported, 0 already there, 0 missing" "$T/out"
check "... its comment left behind" grep -qx "comments left behind: 1" "$T/out"
check "the author is the display name dc:creator held (no author records in 1.0)" \
    [ "$(q "select author from posts where slug = 'ear-seeds-between-visits'")" = "Sam Birch" ]
check "the date is post_date_gmt (2010-03-08 14:15 UTC)" \
    [ "$(q "select published_at from posts where slug = 'acupuncture-and-sleep'")" = 1268057700 ]
check "a draft with a zero GMT date: its local date in New York (10:00 EDT = 14:00 UTC)" \
    [ "$(q "select status, published_at from posts where title = 'Notes on winter colds'")" = "draft|1288706400" ]
check "categories and tags (domain \"tag\") become topics, a category's parent too" \
    [ "$(topics acupuncture-and-sleep)" = "Conditions,Insomnia,Sleep" ]
check "... each once, though 1.0 lists every term twice" \
    [ "$(topics ear-seeds-between-visits)" = "Clinic news,Ear seeds" ]
check "the excerpt is the summary" \
    [ "$(q "select summary from posts where slug = 'ear-seeds-between-visits'")" = "Seeds taped to the ear, pressed at home." ]
check "the child page keeps its own slug" [ "$(q "select kind from posts where slug = 'prices'")" = page ]

# --- WXR 1.1 ---------------------------------------------------------------------------------------
run m import "$OLD/wxr-1.1.xml"
check "a WXR 1.1 export imports (exit 0; $(head -n 1 "$T/err"))" [ "$RC" = 0 ]
sed 's/^/# /' "$T/out"
check "... articles by status" grep -qx "articles: 2 published, 0 scheduled, 1 drafts" "$T/out"
check "... pages by status" grep -qx "pages: 1 published, 0 scheduled, 0 drafts" "$T/out"
check "the author's display name from its record (dc:creator holds the login)" \
    [ "$(q "select author from posts where slug = 'cupping-explained'")" = "Jo Lee" ]
check "the date is post_date_gmt (2011-04-12 15:45 UTC)" \
    [ "$(q "select published_at from posts where slug = 'cupping-explained'")" = 1302623100 ]
check "a draft with a zero GMT date: its local date in New York (16:30 EDT = 20:30 UTC)" \
    [ "$(q "select status, published_at from posts where title = 'Hay fever season'")" = "draft|1313440200" ]
check "a category with its parent, and a tag (domain \"post_tag\")" \
    [ "$(topics cupping-explained)" = "Cupping,Neck,Treatments" ]
check "Uncategorized is left out" [ "$(topics massage-after-a-long-drive)" = "Neck" ]

# --- through nginx ---------------------------------------------------------------------------------
site_start || exit 99
req /articles/acupuncture-and-sleep
check "the 1.0 article is served (200)" status_is 200
check "... by its author" body_has "by Ruth Alder"
check "... at its date" body_has 'datetime="2010-03-08T14:15:00Z"'
check "... its image from the library, with its alt text" \
    grep -qE '<img src="/media/1/[^"]*"[^>]* alt="A chart of the wrist and ankle points"' "$T/body"
check "... the caption of the 1.0 [caption caption=\"...\"] under it" \
    grep -qE '<figcaption>Points we often use for sleep</figcaption>' "$T/body"
check "... its topics" sh -c "grep -qF '>Insomnia</a>' '$T/body' && grep -qF '>Sleep</a>' '$T/body'"
check "... its link to the other post, as a local path" \
    body_has '<a href="/2010/06/21/ear-seeds-between-visits/">ear seeds between visits</a>'
req /articles/cupping-explained
check "the 1.1 article is served (200)" status_is 200
check "... by its author" body_has "by Jo Lee"
check "... at its date" body_has 'datetime="2011-04-12T15:45:00Z"'
check "... its heading" body_has "<h3>Who it suits</h3>"
req /topics/insomnia
check "a 1.0 tag's topic lists its article" got 200 body_has "Acupuncture and sleep"
req /topics/treatments
check "a 1.1 parent category's topic lists its subcategory's article" got 200 body_has "Cupping, explained"

check "1.0: a dated permalink" moved /2010/03/08/acupuncture-and-sleep/ /articles/acupuncture-and-sleep
check "1.0: a child page's permalink" moved /about/prices/ /prices
check "1.0: /?p=ID" moved "/?p=15" /articles/ear-seeds-between-visits
check "1.0: /?page_id=ID" moved "/?page_id=5" /about
check "1.0: a subcategory (its parent's slug in the address)" moved /category/conditions/sleep/ /topics/sleep
check "1.0: a tag" moved /tag/insomnia/ /topics/insomnia
check "1.0: a resized copy of the image" moved /wp-content/uploads/2010/03/points-300x225.png /media/1/points.png
check "1.0: the attachment page" moved /2010/03/08/acupuncture-and-sleep/points/ /media/1/points.png
check "1.0: the draft's only link, to its new address" moved "/?p=18" /articles/notes-on-winter-colds
req "/?p=18" -L
check "... which is not public (404), as on the old site" status_is 404
check "1.1: a permalink" moved /cupping-explained/ /articles/cupping-explained
check "1.1: a page" moved /contact/ /contact
check "1.1: /?cat=ID (term ids came in 1.1)" moved "/?cat=4" /topics/cupping
check "1.1: a subcategory" moved /category/treatments/cupping/ /topics/cupping
check "1.1: a tag" moved /tag/neck/ /topics/neck
for p in /2010/03/08/acupuncture-and-sleep/ /2010/06/21/ear-seeds-between-visits/ /about/ \
    /about/prices/ "/?p=12" "/?page_id=7" /category/conditions/ /category/clinic-news/ \
    /tag/ear-seeds/ /wp-content/uploads/2010/03/points.png /cupping-explained/ \
    /massage-after-a-long-drive/ /contact/ "/?p=21" "/?cat=3" /tag/neck/ /feed/; do
	req "$p" -L
	check "following $p ends in a 200" status_is 200
done

# --- older still: WordPress before 2.5 wrote no <wp:wxr_version> -------------------------------
sed '/wp:wxr_version/d; /wp:post_id/d' "$OLD/wxr-1.0.xml" > "$T/wp-2.3.xml"
D2=$T/older.db
mm "$D2" init >/dev/null
run mm "$D2" import "$T/wp-2.3.xml"
check "an export of WordPress 2.4 or older is refused (exit 1)" [ "$RC" = 1 ]
check "... with one line" [ "$(wc -l < "$T/err")" = 1 ]
check "... that says what it is and what to do ($(cat "$T/err"))" \
    grep -q "export of WordPress 2.4 or older.*import it into a newer WordPress" "$T/err"
check "... and nothing written" [ "$(sqlite3 "$D2" "select count(*) from posts")" = 0 ]
finish
