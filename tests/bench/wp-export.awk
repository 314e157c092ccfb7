# SPDX-License-Identifier: ISC
# tests/bench/wp-export.awk: writes a WordPress export (WXR 1.2) of N posts to stdout, for
# measuring `meridian import EXPORT.xml` on a big site (time and memory); not part of the test
# suite. Deterministic: the same N and SEED give the same bytes (our own Park-Miller numbers).
#
# usage: awk -v N=10000 [-v SEED=20250601] -f tests/bench/wp-export.awk > big.xml
#        meridian init --db big.db
#        /usr/bin/time -v meridian import --db big.db big.xml
#
# Half the posts are classic (wpautop text, [caption] shortcodes), half block-editor HTML
# (headings, lists, image and embed blocks, a table now and then); 1-3 of 12 categories and
# tags each; one page in 20; a draft in 15; comments. Bodies are 2-12 KB. Images point at
# wp-content/uploads, which does not exist here: the report lists them missing.

function rnd(n) {		# an integer in [0, n)
	seed = (seed * 16807) % 2147483647
	return int(seed / 2147483647 * n)
}
function pick(arr, n) { return arr[rnd(n) + 1] }
function sentence(    s, k, i) {
	k = 6 + rnd(14)
	s = pick(CAPS, NCAPS)
	for (i = 1; i < k; i++)
		s = s " " pick(WORDS, NWORDS)
	if (rnd(5) == 0)
		s = s " <strong>" pick(WORDS, NWORDS) "</strong>"
	if (rnd(7) == 0)
		s = s " <a href=\"https://clinic.example/" 2015 + rnd(9) "/0" 1 + rnd(9) "/1" rnd(10) "/post-" 1 + rnd(N) "/\">" pick(WORDS, NWORDS) "</a>"
	return s "."
}
function para(    s, k, i) {
	k = 2 + rnd(5)
	s = sentence()
	for (i = 1; i < k; i++)
		s = s " " sentence()
	return s
}
function classic(id,    s, n, i) {
	n = 4 + rnd(16)
	s = para()
	for (i = 1; i < n; i++) {
		s = s "\n\n"
		if (rnd(8) == 0)
			s = s "[caption id=\"attachment_" id "\" width=\"300\"]<img src=\"https://clinic.example/wp-content/uploads/2020/01/img-" id "-300x200.jpg\" alt=\"" pick(WORDS, NWORDS) "\" /> " sentence() "[/caption]"
		else if (rnd(6) == 0)
			s = s "<h2>" pick(CAPS, NCAPS) " " pick(WORDS, NWORDS) "</h2>"
		else if (rnd(6) == 0)
			s = s "<ul>\n\t<li>" sentence() "</li>\n\t<li>" sentence() "</li>\n</ul>"
		else
			s = s para()
	}
	return s
}
function block(id,    s, n, i) {
	n = 4 + rnd(16)
	s = "<!-- wp:paragraph -->\n<p>" para() "</p>\n<!-- /wp:paragraph -->"
	for (i = 1; i < n; i++) {
		s = s "\n\n"
		if (rnd(10) == 0)
			s = s "<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"https://clinic.example/wp-content/uploads/2021/02/pic-" id ".png\" alt=\"" pick(WORDS, NWORDS) "\"/><figcaption>" sentence() "</figcaption></figure>\n<!-- /wp:image -->"
		else if (rnd(15) == 0)
			s = s "<!-- wp:embed -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=v" id "\n</div></figure>\n<!-- /wp:embed -->"
		else if (rnd(20) == 0)
			s = s "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><tbody><tr><td>" pick(WORDS, NWORDS) "</td><td>" rnd(100) "</td></tr></tbody></table></figure>\n<!-- /wp:table -->"
		else if (rnd(6) == 0)
			s = s "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" pick(CAPS, NCAPS) " " pick(WORDS, NWORDS) "</h2>\n<!-- /wp:heading -->"
		else if (rnd(6) == 0)
			s = s "<!-- wp:list -->\n<ul><li>" sentence() "</li><li>" sentence() "<ul><li>" sentence() "</li></ul></li></ul>\n<!-- /wp:list -->"
		else
			s = s "<!-- wp:paragraph -->\n<p>" para() "</p>\n<!-- /wp:paragraph -->"
	}
	return s
}
function two(n) { return n < 10 ? "0" n : n }

BEGIN {
	if (N == "") N = 1000
	seed = SEED == "" ? 20250601 : SEED
	NWORDS = split("pain back knee shoulder posture sleep exercise stretch muscle joint " \
	    "breathing walking stiffness recovery treatment session therapy strength balance " \
	    "movement habit morning desk chair injury rest ice heat swelling physiotherapy " \
	    "patient clinic appointment routine gentle daily weekly gradual careful", WORDS, " ")
	NCAPS = split("Most Many Some Gentle Daily Careful Regular Simple Small Good", CAPS, " ")
	NCATS = split("Back pain|Knees|Shoulders|Posture|Sleep|Sport|Running|Office work|" \
	    "Older adults|Pregnancy|Children|Recovery", CATS, "|")
	print "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>"
	print "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">"
	print "<channel>\n<title>A big clinic</title>\n<link>https://clinic.example</link>"
	print "<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>https://clinic.example</wp:base_site_url>"
	print "<wp:author><wp:author_login><![CDATA[staff]]></wp:author_login><wp:author_display_name><![CDATA[Clinic Staff]]></wp:author_display_name></wp:author>"
	for (i = 1; i <= NCATS; i++) {
		slug = tolower(CATS[i]); gsub(/ /, "-", slug)
		print "<wp:category><wp:term_id>" i "</wp:term_id><wp:category_nicename><![CDATA[" slug "]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[" CATS[i] "]]></wp:cat_name></wp:category>"
	}
	for (id = 1; id <= N; id++) {
		page = rnd(20) == 0
		y = 2015 + rnd(9); m = 1 + rnd(12); d = 1 + rnd(28)
		date = y "-" two(m) "-" two(d) " " two(rnd(24)) ":" two(rnd(60)) ":00"
		title = pick(CAPS, NCAPS) " " pick(WORDS, NWORDS) " " pick(WORDS, NWORDS) " " id
		slug = "post-" id
		print "<item>"
		print "<title><![CDATA[" title "]]></title>"
		print "<link>https://clinic.example/" (page ? "" : y "/" two(m) "/" two(d) "/") slug "/</link>"
		print "<dc:creator><![CDATA[staff]]></dc:creator>"
		print "<content:encoded><![CDATA[" (id % 2 ? classic(id) : block(id)) "]]></content:encoded>"
		print "<excerpt:encoded><![CDATA[" (rnd(3) == 0 ? sentence() : "") "]]></excerpt:encoded>"
		print "<wp:post_id>" id "</wp:post_id>"
		print "<wp:post_date><![CDATA[" date "]]></wp:post_date>"
		print "<wp:post_date_gmt><![CDATA[" date "]]></wp:post_date_gmt>"
		print "<wp:post_name><![CDATA[" slug "]]></wp:post_name>"
		print "<wp:status><![CDATA[" (rnd(15) == 0 ? "draft" : "publish") "]]></wp:status>"
		print "<wp:post_parent>0</wp:post_parent>"
		print "<wp:post_type><![CDATA[" (page ? "page" : "post") "]]></wp:post_type>"
		print "<wp:post_password><![CDATA[]]></wp:post_password>"
		k = 1 + rnd(3)
		for (j = 0; j < k && !page; j++) {
			c = pick(CATS, NCATS); cs = tolower(c); gsub(/ /, "-", cs)
			print "<category domain=\"" (j == 0 ? "category" : "post_tag") "\" nicename=\"" cs "\"><![CDATA[" c "]]></category>"
		}
		if (rnd(4) == 0)
			print "<wp:comment><wp:comment_id>" id "</wp:comment_id><wp:comment_content><![CDATA[" sentence() "]]></wp:comment_content></wp:comment>"
		print "</item>"
	}
	print "</channel>\n</rss>"
}
