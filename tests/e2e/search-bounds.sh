#!/bin/bash
# SPDX-License-Identifier: ISC
# search-bounds.sh: what a visitor sees of search's bounded cost: a last word of one or two
# letters matches only that whole word, three letters match as the start of longer words,
# and a word found in more than 1000 posts says "More than 1000 results" with pages up to
# the 1000th result and no further.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

db_init
mkdir -p "$T/in"
write_md "$T/in/sleep.md" "Sleep and stress" sleep-and-stress "date: 2025-03-01T08:00:00Z" <<'MD'
Sleeplessness and stressful weeks: what helps.
MD
write_md "$T/in/vitamin.md" "Vitamin D" vitamin-d "date: 2025-03-02T08:00:00Z" <<'MD'
Why vitamin d matters in winter.
MD
# 1004 more, each holding the word "harbour".
for i in $(seq 1 1004); do
	printf -- '---\ntitle: "Harbour note %d"\nslug: harbour-note-%d\ndate: 2024-01-01T08:00:00Z\n---\nA harbour walk, note %d.\n' \
	    "$i" "$i" "$i" > "$T/in/h$i.md"
done
m import "$T/in" >/dev/null || { echo "import failed"; exit 99; }
site_start || exit 99

results() { grep -o 'href="/articles/[a-z0-9-]*"' "$T/body" | grep -v 'href="/articles/"' | sort -u; }

req "/search?q=sle"
check "three letters find the longer word" got 200 body_has 'href="/articles/sleep-and-stress"'
req "/search?q=stress+sle"
check "... also as the last of several words" got 200 body_has 'href="/articles/sleep-and-stress"'
req "/search?q=sl"
check "two letters do not find a word that only starts with them" got 200 \
    body_lacks 'href="/articles/sleep-and-stress"'
check "... and say so" body_has '0 results'
req "/search?q=s"
check "one letter finds nothing that only starts with it" got 200 \
    body_lacks 'href="/articles/sleep-and-stress"'
req "/search?q=d"
check "a one-letter word is still found whole" got 200 body_has 'href="/articles/vitamin-d"'
check "... and only where it stands alone" body_lacks 'href="/articles/sleep-and-stress"'

req "/search?q=harbour"
check "a word in 1004 posts: More than 1000 results" got 200 body_has 'More than 1000 results'
check "... with a page of them" body_has 'href="/articles/harbour-note-'
req "/search?q=harbour&page=100"
check "the 100th page (results 991-1000) is there" got 200 body_has 'href="/articles/harbour-note-'
req "/search?q=harbour&page=101"
check "no page past the 1000th result" body_lacks 'href="/articles/harbour-note-'
req "/search?q=walk+note+harbour"
check "three words in every note: also capped" got 200 body_has 'More than 1000 results'
req "/search?q=stressful"
check "a rare word: its exact count" got 200 body_has '1 result for'
finish
