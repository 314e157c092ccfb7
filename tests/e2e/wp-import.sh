#!/bin/bash
# SPDX-License-Identifier: ISC
# wp-import.sh: `meridian import EXPORT.xml` with a WordPress export written by hand
# (tests/e2e/wp/: classic and block posts, shortcodes, an embed, a table, a script, a draft, a
# post pending review, a scheduled post, the trash, an auto-draft, pages, categories and tags,
# an uploads folder). Then, through
# nginx: the articles' text, topics, dates, authors and images, and every old address of the
# WordPress site answering 301 to its new one. A second import updates, never duplicates;
# hostile files (XXE, entity bomb, truncated, huge, not WordPress) are refused with nothing
# written.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
WP=$SRC/tests/e2e/wp
run() { "$@" > "$T/out" 2> "$T/err"; RC=$?; }
q() { sqlite3 "$DB" "$1"; }
# mm DB ARGS...: meridian on another database with the test's config.
mm() { local db=$1; shift; "$MERIDIAN_BIN" "$@" --db "$db" --config "$T/meridian.conf"; }
# counts DB: posts, media and redirects in DB, for "nothing was written".
counts() { sqlite3 "$1" "select (select count(*) from posts) || ' ' || (select count(*) from media) || ' ' || (select count(*) from redirects)"; }
# moved PATH TARGET: PATH answers 301 with Location ending in TARGET.
moved() {
	req "$1"
	status_is 301 || return 1
	case "$(header Location)" in
	*"$2") return 0 ;;
	*) echo "# $1: Location $(header Location), want $2"; return 1 ;;
	esac
}

db_init
# A post without a UTC date (a draft) is dated in the site's time zone.
m settings set timezone Europe/London >/dev/null || { echo "settings failed"; exit 99; }

# --- dry run: the whole report, nothing written --------------------------------------------------
run m import --dry-run --uploads "$WP/uploads" "$WP/export.xml"
check "a dry run exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "... prints the report's counts" grep -q "^articles: 4 published, 1 scheduled, 4 drafts" "$T/out"
check "... and its warnings" grep -qF 'post 108 "Exercise balls: a buyer'"'"'s guide": dropped <script>' "$T/out"
check "... and writes nothing (posts, media, redirects)" [ "$(counts "$DB")" = "0 0 0" ]

# --- the import ------------------------------------------------------------------------------------
run m import --uploads "$WP/uploads" "$WP/export.xml"
check "the import exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
sed 's/^/# /' "$T/out"
check "it shows its progress" grep -qx "imported 11/11" "$T/out"
check "the report counts articles by status" grep -qx "articles: 4 published, 1 scheduled, 4 drafts" "$T/out"
check "... pages" grep -qx "pages: 2 published, 0 scheduled, 0 drafts" "$T/out"
check "... what was saved" grep -qx "saved: 11 created, 0 updated, 0 failed" "$T/out"
check "... what was skipped (trash, an auto-draft, attachments, a menu item)" \
    grep -qx "skipped: 1 in the trash, 1 auto-drafts, 3 attachments, 1 of other types" "$T/out"
check "... images imported and missing" grep -qx "images: 4 imported, 0 already there, 1 missing" "$T/out"
check "... the comments left behind" grep -qx "comments left behind: 1" "$T/out"
check "... the missing image, with its post" \
    grep -qF 'post 108 "Exercise balls: a buyer'"'"'s guide": 2020/01/gone.jpg' "$T/out"
check "... the featured image it brought into the library" \
    grep -qF 'post 101 "Morning stretches for a stiff back": /media/1/stretch.jpg' "$T/out"
check "the featured image (_thumbnail_id) is the article's own" \
    [ "$(q "select i.media_id from post_images i join posts p on p.id = i.post_id where p.slug = 'morning-stretches'")" = 1 ]
for w in 'dropped <script>' 'dropped <iframe> (maps.example.com)' 'dropped <form>' \
    'dropped shortcode [mailchimp_signup]' 'dropped inline styles'; do
	check "... warns: post 108 $w" grep -qF "post 108 \"Exercise balls: a buyer's guide\": $w" "$T/out"
done
check "... warns: the table of post 102 became text" \
    grep -qF 'post 102 "Caring for your knees": a table became plain text' "$T/out"
check "... warns: the password-protected post became a draft" \
    grep -qF 'post 111 "Members'"'"' exercise sheet": was password-protected: imported as a draft' "$T/out"
check "... warns: an image without alt text, and none in the old library" \
    grep -qF 'post 110 "Morning stretches": image 2023/08/mat.png has no alt text: add one in the editor' "$T/out"
check "... warns: a link to an uploaded PDF stays on the old site" \
    grep -qF 'post 106 "About us": links to a file left on the old site: https://harbourphysio.example/wp-content/uploads/2022/01/intake-form.pdf' "$T/out"
check "... warns: the private post became a draft" \
    grep -qF 'post 109 "Staff rota": was private: imported as a draft' "$T/out"

check "eleven posts: no trash, no auto-draft, no attachment, no menu item" \
    [ "$(q 'select count(*) from posts')" = 11 ]
check "the trashed post is not there" [ "$(q "select count(*) from posts where title = 'An old offer'")" = 0 ]
check "the auto-draft is not there" [ "$(q "select count(*) from posts where body_md like '%half-typed%'")" = 0 ]
check "the post pending review is a draft" [ "$(q "select status from posts where slug = 'shoulder-rolls'")" = draft ]
check "the scheduled post is published at its future date (2030-01-10 09:00 UTC)" \
    [ "$(q "select status, published_at from posts where slug = 'winter-walking'")" = "published|1894266000" ]
check "a draft without a UTC date is dated in the site's time zone (12:00 in London = 11:00 UTC)" \
    [ "$(q "select published_at from posts where slug = 'notes-on-posture-unfinished'")" = 1688209200 ]
check "the draft is a draft, its slug made from its title" \
    [ "$(q "select status from posts where slug = 'notes-on-posture-unfinished'")" = draft ]
check "the private post is a draft" [ "$(q "select status from posts where slug = 'staff-rota'")" = draft ]
check "the password-protected post is a draft" [ "$(q "select status from posts where slug = 'members-sheet'")" = draft ]
check "a taken slug is made unique" [ "$(q "select title from posts where slug = 'morning-stretches-2'")" = "Morning stretches" ]
check "pages are pages, the child page flattened to its own slug" \
    [ "$(q "select group_concat(slug) from (select slug from posts where kind = 'page' order by slug)")" = "about-us,our-team" ]
check "the date comes from post_date_gmt (2023-05-14 07:30 UTC)" \
    [ "$(q "select published_at from posts where slug = 'morning-stretches'")" = 1684049400 ]
check "the summary: the Yoast description when there is no excerpt" \
    [ "$(q "select summary from posts where slug = 'morning-stretches'")" = "A five-minute morning routine for a stiff back." ]
check "... Rank Math's when there is no excerpt and no Yoast's" \
    [ "$(q "select summary from posts where slug = 'shoulder-rolls'")" = "Three shoulder rolls for desk workers." ]
check "... the excerpt before Rank Math's description" \
    [ "$(q "select summary from posts where slug = 'knee-care'")" = "Simple habits for healthy knees." ]
check "... else the first sentence" [ "$(q "select summary from posts where slug = 'winter-walking'")" = "Wear good shoes." ]
check "the image is stored once, from the original file, not the 300x200 copy" \
    [ "$(q "select hex(bytes) from media where name = 'stretch.jpg'")" = "$(od -An -tx1 -v "$WP/uploads/2023/05/stretch.jpg" | tr -d ' \n' | tr a-f A-F)" ]

# --- the pages, through nginx ----------------------------------------------------------------------
site_start || exit 99
# lib_img N ALT: the page shows library image N (its variants, /media/N/...) with alt text ALT.
lib_img() {
	grep -qE "<img src=\"/media/$1/[^\"]*\"[^>]* alt=\"$2\"" "$T/body" ||
	    { echo "# no <img> of /media/$1/ with alt \"$2\""; return 1; }
}
# lib_figure N ALT CAPTION: ... in a <figure>, CAPTION (as HTML) in its <figcaption> under it.
lib_figure() {
	local img="<img src=\"/media/$1/[^\"]*\"[^>]* alt=\"$2\"[^>]*>"
	grep -qE "<figure><picture><source [^>]*>$img</picture><figcaption>$3</figcaption></figure>" \
	    "$T/body" ||
	    { echo "# no <figure> of /media/$1/ with alt \"$2\" and caption \"$3\""; return 1; }
}
req /articles/morning-stretches
check "the classic post is served (200)" status_is 200
check "... with its author's display name" body_has "by Maya Green"
check "... its date" body_has 'datetime="2023-05-14T07:30:00Z"'
check "... its paragraphs, entities as text" body_has "Start slowly &amp; stop if it hurts.</p>"
check "... its heading" body_has "<h2>The routine</h2>"
check "... a nested list" body_has "<li>round the back</li>"
check "... bold text" body_has "<strong>ten breaths</strong>"
check "... the [caption] image, with its alt text, from the media library, its caption under it" \
    lib_figure 1 "A patient stretching on a mat" "The cat stretch, halfway down"
check "... the quote" grep -qz "<blockquote>.*Motion is lotion." "$T/body"
check "... a link to the other post as a local path (its redirect carries it)" \
    body_has '<a href="/2023/06/02/knee-care/">our knee care notes</a>'
check "... a line break in a classic paragraph after a list" \
    body_has 'our knee care notes</a>.<br />'
check "... its category and tag as topics" sh -c "grep -qF '>Back pain</a>' '$T/body' && grep -qF '>Stretching</a>' '$T/body'"
req /articles/knee-care
check "the block-editor post is served (200)" status_is 200
check "... heading with emphasis" body_has "<h3>Warm up <em>first</em></h3>"
check "... image block with alt and caption (its markup as text)" \
    lib_figure 2 "A knee model" "Our knee model &amp; its four ligaments"
check "... the YouTube embed as a plain link" body_has '<a href="https://www.youtube.com/watch?v=kneeDemo1">'
check "... no frame" body_lacks "<iframe"
check "... the table as readable text" body_has "Exercise | Sets<br />"
check "... the code block" body_has "<pre><code>sit &lt; stand"
check "... the rule" body_has "<hr />"
req /articles/exercise-balls
check "the post with hostile markup is served (200)" status_is 200
check "... without its script" body_lacks "trackVisitor"
check "... without its form or the unknown shortcode" sh -c "! grep -q 'subscribe\|mailchimp' '$T/body'"
check "... without inline styles" body_lacks "color: red"
check "... the gallery's images" sh -c "$(declare -f lib_img); T='$T'; lib_img 2 'A knee model' && lib_img 3 'A green exercise ball'"
check "... the missing image replaced by its alt text" body_has "A photo we lost: The old waiting room"
req /articles/morning-stretches-2
check "an image without alt text gets the old library's description" \
    got 200 lib_img 2 "A knee model"
req /media/1/stretch.jpg
check "the image is served" sh -c "[ '$STATUS' = 200 ] && cmp -s '$T/body' '$WP/uploads/2023/05/stretch.jpg'"
req /about-us
check "the page is served" got 200 body_has "We are two physiotherapists by the harbour."
check "... its phone link" body_has '<a href="tel:+441234567890">01234 567890</a>'
check "... its link to the PDF still at the old site" body_has '<a href="https://harbourphysio.example/wp-content/uploads/2022/01/intake-form.pdf">intake form</a>'
req /our-team
check "the child page is served at its own slug" got 200 body_has "Maya and Tom"
req /topics/back-pain
check "the topic lists its article" got 200 body_has "Morning stretches for a stiff back"
req /articles/winter-walking
check "the scheduled post is not visible yet (404)" status_is 404
req /articles/staff-rota
check "the private post is not visible (404)" status_is 404
req /articles/shoulder-rolls
check "the post pending review is not visible (404)" status_is 404

# --- every old address: 301 to the new one ---------------------------------------------------------
check "a dated permalink" moved /2023/05/14/morning-stretches/ /articles/morning-stretches
check "the permalink of the post whose slug was taken" moved /2023/08/01/morning-stretches-again/ /articles/morning-stretches-2
check "/?p=ID" moved "/?p=102" /articles/knee-care
check "/?p=ID of a scheduled post (its only link)" moved "/?p=103" /articles/winter-walking
check "/?page_id=ID" moved "/?page_id=106" /about-us
check "a page's permalink" moved /about-us/ /about-us
check "a child page's permalink" moved /about-us/our-team/ /our-team
check "a category with its parent" moved /category/health/back-pain/ /topics/back-pain
check "a category's feed" moved /category/health/feed/ /topics/health/feed.xml
check "a tag" moved /tag/knees/ /topics/knees
check "/?cat=ID" moved "/?cat=5" /topics/back-pain
check "/?tag=SLUG" moved "/?tag=stretching" /topics/stretching
check "the site's feed" moved /feed/ /feed.xml
check "/?feed=rss2" moved "/?feed=rss2" /feed.xml
check "an attachment page" moved /2023/06/02/knee-care/knee/ /media/2/knee.png
check "/?attachment_id=ID" moved "/?attachment_id=203" /media/3/ball.png
check "an uploads URL of the original" moved /wp-content/uploads/2023/05/stretch.jpg /media/1/stretch.jpg
check "an uploads URL of a resized copy" moved /wp-content/uploads/2023/05/stretch-300x200.jpg /media/1/stretch.jpg
req "/?s=knee"
check "another query on the home page is still the home page" status_is 200
for p in /2023/05/14/morning-stretches/ /2023/06/02/knee-care/ /2023/06/20/exercise-balls/ \
    "/?p=101" "/?p=110" "/?page_id=107" /category/health/ /tag/stretching/ /feed/ \
    /wp-content/uploads/2023/06/ball.png; do
	req "$p" -L
	check "following $p ends in a 200" status_is 200
done

# --- again: updates, never duplicates ---------------------------------------------------------------
before=$(counts "$DB")
run m import --uploads "$WP/uploads" "$WP/export.xml"
check "a second import exits 0" [ "$RC" = 0 ]
check "... updates the eleven posts" grep -qx "saved: 0 created, 11 updated, 0 failed" "$T/out"
check "... reuses the images" grep -qx "images: 0 imported, 4 already there, 1 missing" "$T/out"
check "... and adds no post, image or redirect ($before)" [ "$(counts "$DB")" = "$before" ]
check "... each post has a second revision" [ "$(q "select count(*) from revisions r join posts p on p.id = r.post_id where p.slug = 'morning-stretches'")" = 2 ]
check "... the slugs stay as they were" [ "$(q "select title from posts where slug = 'morning-stretches-2'")" = "Morning stretches" ]

# --- a WordPress in a folder (/blog): its uploads and query addresses are under it -----------------
sed 's|https://harbourphysio.example|https://harbourphysio.example/blog|g' "$WP/export.xml" > "$T/blog.xml"
run m import --uploads "$WP/uploads" "$T/blog.xml"
check "an export of a site in /blog imports (updating the same posts)" \
    sh -c "[ '$RC' = 0 ] && grep -qx 'saved: 0 created, 11 updated, 0 failed' '$T/out'"
check "... finds its images under /blog/wp-content/uploads/" grep -qx "images: 0 imported, 4 already there, 1 missing" "$T/out"
check "/blog/2023/05/14/morning-stretches/" moved /blog/2023/05/14/morning-stretches/ /articles/morning-stretches
check "/blog/?p=ID" moved "/blog/?p=102" /articles/knee-care
check "/blog/?page_id=ID" moved "/blog/?page_id=106" /about-us
check "/blog/category/health/" moved /blog/category/health/ /topics/health
check "/blog/feed/" moved /blog/feed/ /feed.xml
check "/blog/wp-content/uploads/..." moved /blog/wp-content/uploads/2023/05/stretch-300x200.jpg /media/1/stretch.jpg
req "/blog/?p=999"
check "an unknown /blog/?p=ID is still a 404" status_is 404

# --- one transaction per post: a failing write leaves no half-saved post ---------------------------
D2=$T/two.db
mm "$D2" init >/dev/null
MERIDIAN_TEST_FAIL_SQL="INSERT INTO wp_posts" run mm "$D2" import --uploads "$WP/uploads" "$WP/export.xml"
check "when saving fails, the import exits 1" [ "$RC" = 1 ]
check "... says how many posts failed" grep -q "11 posts could not be imported" "$T/err"
check "... and no post is half saved (no post row without its WordPress id)" \
    [ "$(sqlite3 "$D2" 'select count(*) from posts')" = 0 ]

# --- --fetch: the images from the old site itself (a real HTTP server on loopback) ----------------
mkdir -p "$T/oldsite/wp-content"
cp -r "$WP/uploads" "$T/oldsite/wp-content/uploads"
# One image has grown past the 10 MiB limit since.
head -c 11000000 /dev/zero > "$T/oldsite/wp-content/uploads/2023/06/ball.png"
file_server "$T/oldsite" "$T/old.log" || exit 99
P2=$FILE_PORT
sed "s|https://harbourphysio.example|http://127.0.0.1:$P2|g" "$WP/export.xml" > "$T/local.xml"
D4=$T/four.db
mm "$D4" init >/dev/null
run mm "$D4" import --fetch "$T/local.xml"
kill "$FILE_PID" 2>/dev/null; wait "$FILE_PID" 2>/dev/null
check "an import with --fetch exits 0 ($(head -n 1 "$T/err"))" [ "$RC" = 0 ]
check "... downloads the images it can" grep -qx "images: 3 imported, 0 already there, 2 missing" "$T/out"
check "... the original, not the resized copy" \
    [ "$(sqlite3 "$D4" "select hex(bytes) from media where name = 'stretch.jpg'")" = "$(od -An -tx1 -v "$WP/uploads/2023/05/stretch.jpg" | tr -d ' \n' | tr a-f A-F)" ]
check "... says why one is missing (404)" grep -qF "image not fetched: http://127.0.0.1:$P2/wp-content/uploads/2020/01/gone.jpg answered 404" "$T/out"
check "... refuses one over 10 MiB" grep -qF "ball.png is larger than 10 MiB" "$T/out"
check "... asked the old site for uploads only" sh -c "! grep 'GET ' '$T/old.log' | grep -v 'GET /wp-content/uploads/' | grep -v 'GET / '"
check "... and never another host (the map frame's host is not asked)" sh -c "! grep -q maps '$T/old.log'"

# --- hostile and broken files: one line, exit 1, nothing written ------------------------------------
D3=$T/three.db
mm "$D3" init >/dev/null
head_xml() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n%s\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><wp:wxr_version>1.2</wp:wxr_version>\n' "$1"
}
item_xml() {
	printf '<item><title>%s</title><content:encoded>%s</content:encoded><wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_name>x</wp:post_name></item>\n' "$1" "$2"
}
{ head_xml "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"; item_xml '&xxe;' 'x'; echo '</channel></rss>'; } > "$T/xxe.xml"
{ head_xml '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'; item_xml 'Bomb' '&h;'; echo '</channel></rss>'; } > "$T/bomb.xml"
head -c 6000 "$WP/export.xml" > "$T/truncated.xml"
{ head_xml ''; item_xml 'Fine' 'A good post.'; printf '<item><title>Huge</title><content:encoded>'; head -c 9000000 /dev/zero | tr '\0' 'a'; printf '</content:encoded></item></channel></rss>\n'; } > "$T/huge.xml"
printf '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>\n' > "$T/atom.xml"
sed 's/wordpress.org\/export/example.org\/export/' "$WP/export.xml" > "$T/notwp.xml"
for f in xxe:"DTD or an entity" bomb:"" truncated:"not well-formed XML" huge:"larger than" \
    atom:"not a WordPress export" notwp:"not a WordPress export"; do
	name=${f%%:*} want=${f#*:}
	run mm "$D3" import --uploads "$WP/uploads" "$T/$name.xml"
	check "$name.xml: refused with exit 1 ($(head -n 1 "$T/err"))" [ "$RC" = 1 ]
	check "$name.xml: one line on stderr" [ "$(wc -l < "$T/err")" = 1 ]
	[ -n "$want" ] && check "$name.xml: which says why" grep -q "$want" "$T/err"
	check "$name.xml: nothing written" [ "$(counts "$D3")" = "0 0 0" ]
done
check "the external entity was never read" sh -c "! grep -q 'root:' '$T/out' '$T/err'"
finish
