#!/bin/bash
# SPDX-License-Identifier: ISC
# xss-browser.sh: the XSS corpus (tests/trust/xss_payloads.py: over 300 payloads in titles,
# summaries, topics, authors, reviewers, bodies, link and image targets, alt texts of
# Markdown images and of uploaded media, and search queries) imported, then every public
# and staff page that shows them loaded in headless Chromium (tests/browser/xss.mjs), with
# the Content-Security-Policy and without it: zero script executions, zero dialogs, zero
# injected elements. Needs /usr/bin/chromium, node and tests/browser/node_modules.
if [ -n "${MERIDIAN_VALGRIND:-}" ]; then
	echo "skip: the pages are the same under valgrind, where Chromium's page loads time out; run in the plain and sanitizer passes"
	exit 77
fi
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$SRC/tests/trust/lib.sh"
. "$SRC/tests/lib/browser.sh"
browser_needs
command -v "$PYTHON" >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

db_init
staff_add eve 'xss-pass-1'
NP=$("$PYTHON" "$SRC/tests/trust/xss_payloads.py" "$T/xss")
check "the corpus has at least 300 payloads ($NP)" [ "$NP" -ge 300 ]
check "every payload article imports" quiet m import "$T/xss"
site_start || exit 99
staff_login eve 'xss-pass-1'
CSRF=$(staff_csrf eve)
png_file "$T/dot.png"
nalt=0
while IFS= read -r j; do
	alt=$("$PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1]))' "$j")
	ureq eve /admin/media -H "Origin: $BASE" --form-string "csrf_token=$CSRF" \
	    --form-string "alt=$alt" -F "file=@$T/dot.png;type=image/png;filename=dot.png"
	[ "$STATUS" = 303 ] && nalt=$((nalt + 1))
done < "$T/xss/alts.txt"
check "media uploaded with payloads as alt text ($nalt)" [ "$nalt" -ge 10 ]

# The pages to load.
{
	echo /; echo "/?page=2"; echo /topics/; echo /search?q=xssmarker0
	for a in "$T"/xss/xss-*.md; do
		s=$(basename "$a" .md)
		echo "/articles/$s"
		req "/articles/$s"
		grep -o 'href="/topics/[a-z0-9-]*"' "$T/body" | sed 's/^href="//; s/"$//'
	done | sort -u
	while IFS= read -r j; do
		"$PYTHON" -c 'import json,sys,urllib.parse; print("/search?q=" + urllib.parse.quote(json.loads(sys.argv[1])))' "$j"
	done < "$T/xss/search.txt"
	echo "/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E"
	echo "admin:/admin/"; echo "admin:/admin/articles"; echo "admin:/admin/media"; echo "admin:/admin/audit"
	for id in $(sqlite3 "$DB" "SELECT id FROM posts WHERE slug LIKE 'xss-%' ORDER BY id"); do
		echo "admin:/admin/articles/$id"
		echo "admin:/admin/articles/$id/preview"
		echo "admin:/admin/articles/$id/revisions"
	done
} > "$T/paths"
echo "# $(wc -l < "$T/paths") pages, each loaded with and without CSP"

timeout 600 node "$SRC/tests/browser/xss.mjs" "$BASE" "$T/paths" "meridian=$(cookie_of eve)" \
    > "$T/xss.out" 2>&1
browser_report "$T/xss.out" $? xss.mjs
figure xss.corpus "$NP payloads in $(ls "$T"/xss/xss-*.md | wc -l) articles, $nalt media alt texts"
finish
