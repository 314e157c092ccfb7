#!/bin/sh
# SPDX-License-Identifier: ISC
# hostile.sh: hostile text in every field of an article (title, summary, topics, author,
# reviewer, body) and in the site settings never reaches a page, a feed or the JSON-LD
# unescaped: no script runs, no event handler, no javascript:/data: link, the JSON-LD still
# parses, the feeds stay well-formed, and what was typed still reads back exactly.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v xmllint >/dev/null 2>&1 || { echo "xmllint missing: skip"; exit 77; }
if command -v python3 >/dev/null 2>&1; then
	JSON=python3
elif command -v node >/dev/null 2>&1; then
	JSON=node
else
	echo "neither python3 nor node: skip"; exit 77
fi

# json_get FILE KEY...: parses FILE as JSON (exit 1 if it does not parse) and prints the
# string at the path of keys ("" for none).
json_get() {
	local f=$1; shift
	if [ "$JSON" = python3 ]; then
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2:]:
    d = d.get(k, "") if isinstance(d, dict) else ""
sys.stdout.write(d if isinstance(d, str) else "")' "$f" "$@"
	else
		node -e 'let d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const k of process.argv.slice(2)) d = (d && typeof d === "object" && k in d) ? d[k] : "";
process.stdout.write(typeof d === "string" ? d : "");' "$f" "$@"
	fi
}
# is WANT GOT
is() { [ "$1" = "$2" ] || { echo "# got  '$2'"; echo "# want '$1'"; return 1; }; }
# htmlxp XPATH [FILE]: XPath over a file parsed the way an HTML parser reads it.
htmlxp() { xmllint --html --xpath "$1" "${2:-$T/body}" 2>/dev/null; }
# xp XPATH [FILE]: XPath over an XML file.
xp() { xmllint --xpath "$1" "${2:-$T/body}" 2>/dev/null; }

LC='translate(normalize-space(.), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")'
URLATTR='(name()="href" or name()="src" or name()="action" or name()="formaction" or name()="data" or name()="xlink:href" or name()="poster" or name()="srcdoc")'

# The checks every HTML document gets (the file "f", named "what").
no_script_alert() { ! grep -Eqi '<script[^>]*>[[:space:]]*alert' "$1"; }
only_ld_scripts() {
	! grep -oi '<script[^>]*>' "$1" | grep -vxq '<script type="application/ld+json">'
}
no_injected_tags() {
	! grep -Eiq '<(img[[:space:]]+src=x|iframe|svg|object|embed|base[[:space:]>]|style|math|meta[[:space:]]+http-equiv)' "$1"
}
no_handlers() {
	[ "$(htmlxp 'count(//@*[starts-with(translate(name(), "ON", "on"), "on")])' "$1")" = 0 ] &&
	    ! sed -E 's/"[^"]*"//g' "$1" | grep -Eiq '<[a-z][^<>]*[[:space:]/]on[a-z]+[[:space:]]*='
}
no_bad_urls() {
	[ "$(htmlxp "count(//@*[$URLATTR and (starts-with($LC, \"javascript:\") or starts-with($LC, \"vbscript:\") or starts-with($LC, \"data:text\") or starts-with($LC, \"&#\"))])" "$1")" = 0 ] &&
	    ! grep -Eiq '(href|src|action)[[:space:]]*=[[:space:]]*["'\'']?[[:space:]]*(javascript|vbscript|data:text)' "$1"
}
# Writes each JSON-LD block of "f" on its own line to "f.ld".
ld_blocks() {
	awk 'BEGIN { o = "<script type=\"application/ld+json\">" }
	{
		s = $0
		while ((i = index(s, o)) > 0) {
			s = substr(s, i + length(o))
			j = index(s, "</script>")
			if (j == 0) { print s; break }
			print substr(s, 1, j - 1)
			s = substr(s, j + 9)
		}
	}' "$1" > "$1.ld"
}
ld_parses() {
	local n=0 line
	while IFS= read -r line; do
		n=$((n + 1))
		printf '%s' "$line" > "$T/ld.json"
		json_get "$T/ld.json" >/dev/null 2>&1 || { echo "# JSON-LD block $n does not parse:"; echo "# $line"; return 1; }
	done < "$1.ld"
	[ "$n" -ge "$2" ] || { echo "# $n JSON-LD blocks, want at least $2"; return 1; }
}

# html_page WHAT STATUS MIN_LD: the last response has STATUS (an error page instead of the
# page would make the checks below vacuous), then the hostile-content checks on its body.
html_page() {
	local what=$1 f="$T/page.$PAGES"
	PAGES=$((PAGES + 1))
	cp "$T/body" "$f"
	check "$what: answers $2" status_is "$2"
	check "$what: no <script>alert" no_script_alert "$f"
	check "$what: the only <script> tags are JSON-LD" only_ld_scripts "$f"
	check "$what: no injected <img src=x>, <iframe>, <svg>, <style> …" no_injected_tags "$f"
	check "$what: no event-handler attribute (onerror=, onload=, …)" no_handlers "$f"
	check "$what: no javascript:, vbscript: or data:text URL in an attribute" no_bad_urls "$f"
	ld_blocks "$f"
	check "$what: every JSON-LD block parses as JSON" ld_parses "$f" "$3"
}
PAGES=0

# feed WHAT: a feed must be well-formed, and the HTML it carries (type="html", which a feed
# reader renders) must pass the same checks as a page.
feed() {
	local what=$1 f="$T/feed.$PAGES" n i
	PAGES=$((PAGES + 1))
	cp "$T/body" "$f"
	check "$what: 200" status_is 200
	check "$what: well-formed XML" xmllint --noout "$f"
	n=$(xp 'count(//*[@type="html"])' "$f")
	{
		echo '<!DOCTYPE html><html><body>'
		i=1
		while [ "$i" -le "${n:-0}" ]; do
			xp "string((//*[@type=\"html\"])[$i])" "$f"
			echo
			i=$((i + 1))
		done
		echo '</body></html>'
	} > "$f.html"
	check "$what: has HTML content to check" [ "${n:-0}" -gt 0 ]
	check "$what: the HTML in the feed has no <script>alert" no_script_alert "$f.html"
	check "$what: the HTML in the feed has no <script> at all" sh -c "! grep -qi '<script' '$f.html'"
	check "$what: the HTML in the feed has no injected tags" no_injected_tags "$f.html"
	check "$what: the HTML in the feed has no event-handler attribute" no_handlers "$f.html"
	check "$what: the HTML in the feed has no javascript: or data: URL" no_bad_urls "$f.html"
}

db_init
mkdir -p "$T/in"
S='<script>alert(1)</script>'
I='"><img src=x onerror=alert(1)>'
B='</script><script>alert(1)</script>'
T1="$S $I $B"
SUM1="Sum $I $B <iframe src=//evil.example/>"
AUTH1=$B
REV1=$I
# YAML single quotes: only ' needs doubling, so what is between them is what we mean.
cat > "$T/in/h1.md" <<MD
---
title: '$T1'
slug: hostile-tags
date: 2025-03-01T09:00:00Z
topics: ['$S', '$I', 'Plain topic']
summary: '$SUM1'
author: '$AUTH1'
reviewer: '$REV1'
reviewed: 2025-01-01
review_due: 2026-01-01
---
hostilemarker body.

<script>alert(1)</script>

<img src=x onerror=alert(1)>

<iframe src="https://evil.example/"></iframe>

<div onload="alert(1)">raw block</div>

<svg onload=alert(1)><style>body{display:none}</style>

<a href="javascript:alert(1)">raw link</a>

<form action="javascript:alert(1)"><button>go</button></form>

<base href="//evil.example/">

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

Inline <span onmouseover="alert(1)">html</span> and <img src=x onerror=alert(1)> inline.

--><script>alert(1)</script><!--

[js link](javascript:alert(1)) [caps](JaVaScRiPt:alert(1)) [vb](vbscript:msgbox(1))
[data link](data:text/html,hello) [b64](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[entity](&#106;avascript:alert(1)) [hex](&#x6A;avascript:alert(1)) [tab](java&#9;script:alert(1))
[angle](<javascript:alert(1)>) [spaced](< javascript:alert(1)>)

![img](javascript:alert(1)) ![data](data:text/html,hi)

[ref link][ref] and <javascript:alert(1)> as an autolink.

[ref]: javascript:alert(1)

\`\`\`html
<script>alert("in code")</script>
\`\`\`

</script><script>alert(1)</script>
MD
# U+2028 and U+2029 in a title (YAML escapes), and a title with &, quotes and <.
cat > "$T/in/h2.md" <<'MD'
---
title: "Line\u2028separator\u2029title"
slug: line-sep
date: 2025-03-02T09:00:00Z
topics: [Plain topic]
summary: "Summary with a\u2028line separator"
---
hostilemarker two.
MD
T3='Fish & chips: "best" <b>bold</b> '"'"'n'"'"' <tricky'
cat > "$T/in/h3.md" <<'MD'
---
title: 'Fish & chips: "best" <b>bold</b> ''n'' <tricky'
slug: amp-quotes
date: 2025-03-03T09:00:00Z
topics: [Plain topic]
summary: 'Tom & Jerry''s "quote" <i>'
author: 'A & B <c>'
---
hostilemarker three & <four>.
MD
cat > "$T/in/p.md" <<MD
---
title: '$B'
slug: hostile-page
kind: page
---
hostilemarker page <script>alert(1)</script> [x](javascript:alert(1))
MD
write_md "$T/in/plain.md" "Plain neighbour" plain "date: 2025-02-01T09:00:00Z" \
    "topics: [Plain topic]" <<'MD'
hostilemarker plain.
MD
check "import of the hostile files succeeds" quiet m import "$T/in"
site_start || exit 99

# --- What a hostile article looks like ---------------------------------------------------------
req /articles/hostile-tags
check "hostile article: 200" status_is 200
check "hostile article: the title reads back exactly in <h1>" is "$T1" "$(htmlxp 'string(//h1)')"
check "hostile article: the title reads back exactly in <title>" is "$T1 · Meridian" "$(htmlxp 'string(//title)')"
check "hostile article: the summary reads back exactly in the meta description" is "$SUM1" \
    "$(htmlxp 'string(//meta[@name="description"]/@content)')"
check "hostile article: the reviewer reads back exactly" is "$REV1" "$(htmlxp 'string(//div[@class="review"]//strong)')"
check "hostile article: the body's text survives" sh -c "grep -q 'hostilemarker body' '$T/body'"
check "hostile article: code blocks show the script as text" body_has '&lt;script&gt;alert(&quot;in code&quot;)&lt;/script&gt;'
ld_blocks "$T/body"
head -n 1 "$T/body.ld" > "$T/ld.json"
check "hostile article: JSON-LD headline is the title, exactly" is "$T1" "$(json_get "$T/ld.json" headline)"
check "hostile article: JSON-LD description is the summary" is "$SUM1" "$(json_get "$T/ld.json" description)"
check "hostile article: JSON-LD author is the author" is "$AUTH1" "$(json_get "$T/ld.json" author name)"
check "hostile article: JSON-LD reviewedBy is the reviewer" is "$REV1" "$(json_get "$T/ld.json" reviewedBy name)"
TOPIC_URLS=$(grep -o 'href="/topics/[^"][^"]*"' "$T/body" | sed 's/^href="//; s/"$//' | sort -u)
check "hostile article: its three topics are linked" is 3 "$(echo "$TOPIC_URLS" | grep -c .)"
check "hostile article: topic URLs are plain slugs" sh -c "! echo '$TOPIC_URLS' | grep -Evq '^/topics/[a-z0-9-]+\$'"
check "hostile article: the topic names read back exactly" is "$S|$I|Plain topic" \
    "$(htmlxp '//ul[@class="topics"]/li' | sed 's/<[^>]*>//g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' | paste -sd'|')"

req /articles/line-sep
ld_blocks "$T/body"
head -n 1 "$T/body.ld" > "$T/ld.json"
LS=$(printf 'Line\342\200\250separator\342\200\251title')
check "U+2028 title: JSON-LD headline reads back exactly" got 200 is "$LS" "$(json_get "$T/ld.json" headline)"
check "U+2028 title: no raw U+2028/U+2029 inside the JSON-LD" sh -c \
    "! grep -q \"\$(printf '\342\200[\250\251]')\" '$T/body.ld'"
check "U+2028 title: shown in <h1>" is "$LS" "$(htmlxp 'string(//h1)')"

req /articles/amp-quotes
check "& \" ' < title: reads back exactly in <h1>" got 200 is "$T3" "$(htmlxp 'string(//h1)')"
check "& \" ' < title: reads back exactly in og:title" is "$T3" \
    "$(htmlxp 'string(//meta[@property="og:title"]/@content)')"
check "& \" ' < title: no raw <b> on the page" body_lacks '<b>bold</b>'
check "& \" ' < title: the neighbour's title in prev/next is escaped too" sh -c \
    "grep 'rel=\"prev\"' '$T/body' | grep -q 'Line'"
ld_blocks "$T/body"
head -n 1 "$T/body.ld" > "$T/ld.json"
check "& \" ' < title: JSON-LD headline reads back exactly" is "$T3" "$(json_get "$T/ld.json" headline)"
check "& \" ' < title: JSON-LD author reads back exactly" is 'A & B <c>' "$(json_get "$T/ld.json" author name)"

req /articles/plain
check "neighbour page links to the hostile article" got 200 body_has 'href="/articles/hostile-tags"'
check "neighbour page shows the hostile title as text" is "$T1 →" \
    "$(htmlxp 'string(//a[@rel="next"])')"

# --- Every page, feed and sitemap --------------------------------------------------------------
# all_pages LABEL: the hostile-content checks on everything a visitor can fetch.
all_pages() {
	local l=$1 u
	req /;				html_page "$l home" 200 1
	req /articles/hostile-tags;	html_page "$l hostile article" 200 1
	req /articles/line-sep;		html_page "$l U+2028 article" 200 1
	req /articles/amp-quotes;	html_page "$l & quotes article" 200 1
	req /articles/plain;		html_page "$l neighbour article" 200 1
	req /hostile-page;		html_page "$l hostile static page" 200 1
	req /topics/;			html_page "$l topic list" 200 0
	check "$l topic list shows the hostile topic names (escaped)" body_has '&lt;script&gt;alert(1)&lt;/script&gt;'
	for u in $TOPIC_URLS; do
		req "$u";		html_page "$l topic page $u" 200 0
		req "$u/feed.xml";	feed "$l topic feed $u"
	done
	req "/search?q=hostilemarker";	html_page "$l search results" 200 0
	check "$l search finds the hostile articles" sh -c \
	    "grep -q 'href=\"/articles/hostile-tags\"' '$T/body' && grep -q 'href=\"/articles/amp-quotes\"' '$T/body'"
	check "$l search highlights inside a hostile body" body_has '<mark>hostilemarker</mark>'
	req /search --get --data-urlencode "q=$S hostilemarker"
	html_page "$l search reflecting <script>" 200 0
	req /search --get --data-urlencode "q=$I"
	html_page "$l search reflecting \"><img>" 200 0
	req /search --get --data-urlencode "q=$B $I $B $I $B $I $B $I"
	html_page "$l over-long hostile search" 400 0
	req /articles/%3Cscript%3Ealert%281%29%3C%2Fscript%3E
	html_page "$l 404 for a hostile address" 404 0
	req /feed.xml;			feed "$l feed"
	check "$l feed: the hostile title reads back exactly" is "$T1" \
	    "$(xp 'string(//*[local-name()="entry"][*[local-name()="link"][contains(@href, "/hostile-tags")]]/*[local-name()="title"])')"
	check "$l feed: the U+2028 title reads back exactly" is "$LS" \
	    "$(xp 'string(//*[local-name()="entry"][*[local-name()="link"][contains(@href, "/line-sep")]]/*[local-name()="title"])')"
	check "$l feed: the & quotes title reads back exactly" is "$T3" \
	    "$(xp 'string(//*[local-name()="entry"][*[local-name()="link"][contains(@href, "/amp-quotes")]]/*[local-name()="title"])')"
	check "$l feed: the hostile author reads back exactly" is "$AUTH1" \
	    "$(xp 'string(//*[local-name()="entry"][*[local-name()="link"][contains(@href, "/hostile-tags")]]/*[local-name()="author"])')"
	req /sitemap.xml
	check "$l sitemap: 200" status_is 200
	check "$l sitemap: well-formed XML" xmllint --noout "$T/body"
	check "$l sitemap: lists the hostile article" body_has '/articles/hostile-tags</loc>'
	check "$l sitemap: no markup leaked" sh -c "! grep -qi 'script\|onerror' '$T/body'"
}
all_pages "content:"

# --- Hostile settings ----------------------------------------------------------------------------
CN='<script>x</script>'
ST="</title>$S"
TL=$I
CA=$B
CP="+44 20 $S 7946"
CH="Mo-Fr \"><svg onload=alert(1)>"
DS="<img src=x onerror=alert(1)> Not advice & \"so on\""
check "settings set clinic_name" m settings set clinic_name "$CN"
check "settings set site_title" m settings set site_title "$ST"
check "settings set tagline" m settings set tagline "$TL"
check "settings set clinic_address" m settings set clinic_address "$CA"
check "settings set clinic_phone" m settings set clinic_phone "$CP"
check "settings set clinic_hours" m settings set clinic_hours "$CH"
check "settings set disclaimer" m settings set disclaimer "$DS"
req /
check "settings: the clinic name reads back exactly in the footer" got 200 is "$CN" \
    "$(htmlxp 'string(//footer//h2)')"
check "settings: the footer shows the clinic name escaped" body_has '&lt;script&gt;x&lt;/script&gt;'
check "settings: the address reads back exactly in the footer" is "$CA" \
    "$(htmlxp 'string(//footer//address/p[1])')"
check "settings: the site title reads back exactly in <title>" is "$ST" \
    "$(htmlxp 'string(//title)')"
check "settings: the phone link is only digits" sh -c \
    "! grep -o 'href=\"tel:[^\"]*\"' '$T/body' | grep -vq '^href=\"tel:+[0-9]*\"\$'"
ld_blocks "$T/body"
head -n 1 "$T/body.ld" > "$T/ld.json"
check "settings: home JSON-LD name is the clinic name, exactly" is "$CN" "$(json_get "$T/ld.json" name)"
check "settings: home JSON-LD address reads back exactly" is "$CA" "$(json_get "$T/ld.json" address)"
check "settings: home JSON-LD telephone reads back exactly" is "$CP" "$(json_get "$T/ld.json" telephone)"
check "settings: home JSON-LD openingHours reads back exactly" is "$CH" "$(json_get "$T/ld.json" openingHours)"
req /articles/hostile-tags
ld_blocks "$T/body"
head -n 1 "$T/body.ld" > "$T/ld.json"
check "settings: article JSON-LD publisher is the clinic name, exactly" got 200 is "$CN" \
    "$(json_get "$T/ld.json" publisher name)"
check "settings: the disclaimer reads back exactly" is "Disclaimer: $DS" \
    "$(htmlxp 'string(//p[@class="disclaimer"])')"
req /feed.xml
check "settings: the feed's author is the clinic name, exactly" got 200 is "$CN" \
    "$(xp 'string(/*/*[local-name()="author"]/*[local-name()="name"])')"
check "settings: the feed's title is the site title, exactly" is "$ST" \
    "$(xp 'string(/*/*[local-name()="title"])')"
all_pages "settings:"

# A javascript: booking link must be refused, or at least never become a link.
m settings set booking_url 'javascript:alert(1)' >/dev/null 2>&1
for u in / /articles/hostile-tags; do
	req "$u"
	check "settings: a javascript: booking_url never becomes a link on $u" got 200 no_bad_urls "$T/body"
done

finish
