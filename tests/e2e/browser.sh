#!/bin/bash
# SPDX-License-Identifier: ISC
# browser.sh: the demo site in a real headless Chromium (tests/browser/reading.mjs): no
# horizontal scrolling at 375 and 1280 px, nothing loaded from another host, no console errors
# or CSP violations, axe-core WCAG 2.1 A/AA, readable without JavaScript, the skip link on the
# first Tab, and the print stylesheet. Screenshots go to $MERIDIAN_ARTEFACTS/browser.
# Needs /usr/bin/chromium, node and tests/browser/node_modules (`npm ci` in tests/browser).
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

. "$MERIDIAN_SRCDIR/tests/lib/browser.sh"
browser_needs

ARTEFACTS=${MERIDIAN_ARTEFACTS:-$SRC/_artifacts}/browser
mkdir -p "$ARTEFACTS" || exit 99

db_init
m settings set site_title "Harbour Street Acupuncture" >/dev/null
m settings set tagline "Clear, careful writing about acupuncture and your health" >/dev/null
m settings set base_url "$BASE" >/dev/null
m settings set clinic_name "Harbour Street Acupuncture" >/dev/null
m settings set clinic_address "14 Harbour Street, Kelmouth KL1 4HS" >/dev/null
m settings set clinic_phone "01632 960 418" >/dev/null
m settings set clinic_hours "Mon-Fri 09:00-18:00, Sat 09:00-13:00" >/dev/null
m settings set booking_url "$BASE/services" >/dev/null
# The demo content, with its scheduled article two days ahead (as contrib/demo.sh does).
cp -r "$SRC/contrib/demo" "$T/import"
SOON=$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)
sed -i "s/SCHEDULED_DATE/$SOON/" "$T/import/"*.md
# One more article carries long unbroken strings in its title, summary, topic and body (a
# pasted address, a long compound word), for the 320 px checks; the oldest, so the checks that
# take the first article on the home page still find a demo article.
write_md "$T/import/zz-long-words.md" \
    "Electroacupuncturestimulationparametersexplainedinfulldetail and https://example.org/a/very/long/path/to/a/study/that/never/breaks" \
    long-words "date: 2020-01-06T10:00:00Z" "status: published" \
    "topics: [Acupuncturepointlocationsforpatientsandpractitionersalike]" \
    "summary: The study lives at https://example.org/journals/acupuncture/2025/volume-12/issue-4/article-000123456789 and is long." <<'MD'
See https://example.org/journals/acupuncture/2025/volume-12/issue-4/article-000123456789/supplementary-material-appendix for the tables.

[https://example.org/journals/acupuncture/2025/volume-12/issue-4/article-000123456789](https://example.org/)
MD
if m import "$T/import" >/dev/null; then pass "the demo content imports"; else fail "the demo content imports"; fi
site_start || exit 99

timeout 180 node "$SRC/tests/browser/reading.mjs" "$BASE" "$ARTEFACTS" > "$T/browser.out" 2>&1
browser_report "$T/browser.out" $? reading.mjs

finish
