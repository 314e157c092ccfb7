#!/bin/bash
# SPDX-License-Identifier: ISC
# browser-wp-real.sh: the export a real WordPress 6.1 wrote (tests/e2e/wp/real/) imported with
# its uploads folder, then each published article or page of it that has images, in a real
# headless Chromium (tests/browser/wp-real.mjs): what the export says each shows (its featured
# image, the images of its text, their alt text and captions) is what a reader sees.
# Screenshots go to $MERIDIAN_ARTEFACTS/browser-wp-real. Needs /usr/bin/chromium, node,
# python3, sqlite3 and tests/browser/node_modules.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
R=$SRC/tests/e2e/wp/real
ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser-wp-real
mkdir -p "$ARTEFACTS" || exit 99

db_init
m settings set base_url "$BASE" >/dev/null
m import --uploads "$R/uploads" "$R/export.xml" > /dev/null 2> "$T/err"
check "the real WordPress export imports" [ $? = 0 ]
sed 's/^/# /' "$T/err"

# What a reader should see, read from the export alone: one line a published post or page
# with an image, "WP_ID<TAB>JSON", the JSON {featured: ALT or null, images: [{alt, caption},
# ...]} in the order of its text (a [caption] or a block figure, a [gallery]'s images, a bare
# <img>).
python3 - "$R/export.xml" > "$T/want" <<'EOF'
import html, json, re, sys, xml.etree.ElementTree as ET
WP = '{http://wordpress.org/export/1.2/}'
CONTENT = '{http://purl.org/rss/1.0/modules/content/}encoded'
EXCERPT = '{http://wordpress.org/export/1.2/excerpt/}encoded'
items = list(ET.parse(sys.argv[1]).getroot().find('channel').iter('item'))
by_id = {i.findtext(WP + 'post_id'): i for i in items}

def meta(item, key):
    for m in item.iter(WP + 'postmeta'):
        if m.findtext(WP + 'meta_key') == key:
            return m.findtext(WP + 'meta_value')
    return None

def text(fragment):
    return ' '.join(html.unescape(re.sub(r'<[^>]*>', ' ', fragment)).split())

def alt_of(fragment):
    m = re.search(r'<img[^>]*\balt="([^"]*)"', fragment)
    return html.unescape(m.group(1)) if m else ''

def attachment(wp_id, caption=''):
    a = by_id[wp_id]
    return {'alt': meta(a, '_wp_attachment_image_alt') or '', 'caption': caption}

def body_images(body):
    found = []
    for m in re.finditer(r'\[caption[^\]]*\](?P<sc>.*?)\[/caption\]'
                         r'|<figure class="wp-block-image[^"]*">(?P<fig>.*?)</figure>'
                         r'|\[gallery[^\]]*\bids="(?P<ids>[\d,]+)"[^\]]*\]'
                         r'|(?P<img><img[^>]*>)', body, re.S):
        if m.group('sc') is not None:
            cap = re.sub(r'<a\b.*?</a>|<img[^>]*>', '', m.group('sc'), flags=re.S)
            found.append({'alt': alt_of(m.group('sc')), 'caption': text(cap)})
        elif m.group('fig') is not None:
            cap = re.search(r'<figcaption[^>]*>(.*?)</figcaption>', m.group('fig'), re.S)
            found.append({'alt': alt_of(m.group('fig')), 'caption': text(cap.group(1)) if cap else ''})
        elif m.group('ids'):
            found += [attachment(i, text(by_id[i].findtext(EXCERPT) or ''))
                      for i in m.group('ids').split(',')]
        else:
            found.append({'alt': alt_of(m.group('img')), 'caption': ''})
    return found

for i in items:
    if i.findtext(WP + 'post_type') not in ('post', 'page') or i.findtext(WP + 'status') != 'publish':
        continue
    thumb = meta(i, '_thumbnail_id')
    want = {'featured': attachment(thumb)['alt'] if thumb else None,
            'images': body_images(i.findtext(CONTENT) or '')}
    if want['featured'] is not None or want['images']:
        print(i.findtext(WP + 'post_id'), json.dumps(want), sep='\t')
EOF
# The same, each under its address here: the JSON list wp-real.mjs reads.
n=0
echo '[' > "$T/articles.json"
while IFS=$'\t' read -r id want; do
	path=$(sqlite3 "$DB" "select case p.kind when 'page' then '/' else '/articles/' end || p.slug
	    from wp_posts w join posts p on p.id = w.post_id where w.wp_id = $id")
	[ -n "$path" ] || { fail "post $id of the export was imported"; continue; }
	[ $n = 0 ] || echo ',' >> "$T/articles.json"
	printf '{"path":"%s","wp_id":%s,"want":%s}\n' "$path" "$id" "$want" >> "$T/articles.json"
	n=$((n + 1))
done < "$T/want"
echo ']' >> "$T/articles.json"
sed 's/^/# /' "$T/articles.json"
# The fixtures have three such posts (a [caption], a block figure, a [gallery]) and no such page.
check "the export's three published posts with images were found ($n)" [ "$n" = 3 ]
site_start || exit 99

timeout 180 node "$SRC/tests/browser/wp-real.mjs" "$BASE" "$ARTEFACTS" "$T/articles.json" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? wp-real.mjs
finish
