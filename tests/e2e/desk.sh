#!/bin/bash
# SPDX-License-Identifier: ISC
# desk.sh: the editor's writing desk over HTTP, as the browser's script and a person without
# it use it: the live panel (the article drawn by the site's templates, with the health checks,
# never saved, CSRF-protected like every form), the checks on the editor after a save and
# their switches in Settings, the autosave slot (stored, offered back, private to its writer,
# never seen by visitors), and a save sent after the session expired (the text survives a
# new login and is saved).
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
. "$MERIDIAN_SRCDIR/tests/lib/staff.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skip"; exit 77; }

# A request still running after 8 s is ended by the watchdog (502): a text cmark is slow on
# must never get that far, as the checks try it within the render budget first.
echo "request_timeout = 8" >> "$T/meridian.conf"
db_init
add_staff alice admin password-one-two
add_staff bob editor password-three-four
site_start || exit 99
q() { sqlite3 "$DB" "$1"; }

login alice password-one-two
check "alice logs in (303)" status_is 303
login bob password-three-four
check "bob logs in (303)" status_is 303

# An article to work on, saved through the editor's own form.
ureq alice /admin/articles/new
submit alice /admin/articles/new title="Needles and what they feel like" \
    body="Fine needles. Most people feel little." status=published
check "an article is created (303)" status_is 303
ID=$(q "SELECT id FROM posts WHERE slug = 'needles-and-what-they-feel-like'")
check "... and stored" [ -n "$ID" ]
REVS=$(q "SELECT count(*) FROM revisions WHERE post_id = $ID")

# --- the live panel -----------------------------------------------------------------------
LIVE_BODY='Acupuncture will **cure** your back pain, guaranteed.

![image](/media/9/x.png)

[Click here](/book) to book.'
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/live" title="A new title, never saved" \
    body="$LIVE_BODY" substantive=1
check "live: the panel answers 200" status_is 200
check "live: drawn with the article template (title, review box, disclaimer)" \
    sh -c "grep -qF '<h1>A new title, never saved</h1>' '$T/body' &&
    grep -qF 'has not yet been medically reviewed' '$T/body' && grep -qF 'Disclaimer:' '$T/body'"
check "live: the Markdown is rendered" body_has '<strong>cure</strong>'
check "live: the claims check names the phrase and why" \
    body_has '&quot;cure&quot;: A promise to cure needs strong evidence'
check "live: ... and the second claim" body_has '&quot;guaranteed&quot;'
check "live: accessibility: the image's alt text" body_has '/media/9/x.png has no meaningful alt text'
check "live: accessibility: vague link text" body_has '&quot;Click here&quot; says nothing'
check "live: readability figures" body_has 'Reading ease'
check "live: review: a changed article without a reviewer" body_has 'no medical reviewer is named'
check "live: review: no next review date" body_has 'No &quot;next review due&quot; date'
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/live" kind=page body="$LIVE_BODY"
check "live: a page has no medical review check" \
    sh -c "grep -qF '&quot;cure&quot;' '$T/body' && ! grep -qF 'no medical reviewer' '$T/body'"
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/live" substantive=1 \
    reviewer="Dr Amira Lowe" reviewed_at=2020-01-02 review_due=2030-01-01
check "live: review: a review older than this edit" body_has 'The review date (2020-01-02) is older than this edit'
check "live: is a fragment, not a page (no <html>)" body_lacks '<html'
check "live: never cached" [ "$(header Cache-Control)" = no-store ]
check "live: never saved (title unchanged)" \
    [ "$(q "SELECT title FROM posts WHERE id = $ID")" = "Needles and what they feel like" ]
check "live: never saved (no new revision)" \
    [ "$(q "SELECT count(*) FROM revisions WHERE post_id = $ID")" = "$REVS" ]
ureq alice "/admin/articles/$ID/live" -H "Origin: $BASE" --data-urlencode "csrf_token=wrong" \
    --data-urlencode "title=x" --data-urlencode "body=y"
check "live: a wrong CSRF token is refused (403)" status_is 403
ureq alice "/admin/articles/$ID/live" -H "Origin: $BASE" --data-urlencode "title=x"
check "live: a missing CSRF token is refused (403)" status_is 403
ureq alice "/admin/articles/$ID/live" -H "Origin: https://evil.example" \
    --data-urlencode "csrf_token=$(tok alice)" --data-urlencode "title=x"
check "live: another site's form is refused (403)" status_is 403
req "/admin/articles/$ID/live" -H "Origin: $BASE" --data-urlencode "title=x"
check "live: a visitor is refused (403)" status_is 403
ureq alice "/admin/articles/$ID/live"
check "live: GET is not allowed (405)" status_is 405
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/live" publish_at="not a date"
check "live: a half-typed field shows the reason, 200" got 200 body_has 'The publish time must look like'
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/preview" publish_at="not a date"
check "preview in a new tab: a bad field answers 400 with the reason, no article" \
    got 400 sh -c "grep -qF 'The publish time must look like' '$T/body' && ! grep -qF 'class=\"post\"' '$T/body'"
ureq alice /admin/articles/new
submit_to alice /admin/articles/new /admin/articles/0/live title="Before the first save" body="Plain words."
check "live: works for an article not yet saved" got 200 body_has '<h1>Before the first save</h1>'
check "live: ... and saves nothing" [ "$(q "SELECT count(*) FROM posts")" = 1 ]

# --- checks on the editor, and their switches -----------------------------------------------
ureq alice "/admin/articles/$ID"
submit alice "/admin/articles/$ID" body="$LIVE_BODY"
check "save: the checks never block a save (303)" status_is 303
follow alice
check "save: the editor shows the claims after the save" body_has '&quot;cure&quot;: A promise'
check "save: ... and the accessibility findings" body_has '&quot;Click here&quot; says nothing'
ureq alice /admin/settings
submit alice /admin/settings check_claims=off check_accessibility=off reading_age=9
check "settings: switching claims and accessibility off answers 303" status_is 303
ureq alice "/admin/articles/$ID"
check "settings: claims off: no claim shown" body_lacks '&quot;cure&quot;: A promise'
check "settings: accessibility off: no finding shown" body_lacks 'says nothing'
check "settings: readability still on, with the new target" body_has 'target 9.'
check "settings: review still on" body_has 'No &quot;next review due&quot; date'
ureq alice /admin/settings
submit alice /admin/settings check_readability=off check_review=off
ureq alice "/admin/articles/$ID"
check "settings: all off: the editor says so" body_has 'The checks are switched off in Settings.'
ureq alice /admin/settings
submit alice /admin/settings check_claims=on "claims_list=painless | Some people feel a brief sting."
ureq alice "/admin/articles/$ID"
submit_to alice "/admin/articles/$ID" "/admin/articles/$ID/live" body="A painless cure."
check "settings: an admin's own claims list is used" \
    body_has '&quot;painless&quot;: Some people feel a brief sting.'
check "settings: ... in place of the default one" body_lacks '&quot;cure&quot;'
ureq alice /admin/settings
submit alice /admin/settings check_claims=maybe
check "settings: a switch is on or off (400)" got 400 body_has 'A check is either on or off.'
ureq alice /admin/settings
submit alice /admin/settings reading_age=40
check "settings: a reading age past 21 is refused (400)" status_is 400
ureq bob /admin/settings
check "settings: an editor cannot change the checks (403)" status_is 403

"$MERIDIAN_BIN" routes > "$T/routes"
check "routes: the live panel and the slot are staff-only POST routes" \
    sh -c "grep -qx 'POST	/admin/articles/{id}/live	admin ' '$T/routes' &&
    grep -qx 'POST	/admin/articles/{id}/autosave	admin ' '$T/routes'"
check "routes: the editor's saves carry their text through a login" \
    grep -qx 'GET,POST	/admin/articles/{id}	admin carry ' "$T/routes"

# --- the autosave slot ------------------------------------------------------------------------
AUTO_BODY='Unsaved words about ear seeds, typed at the desk.
A second line.'
ureq alice "/admin/articles/$ID"
check "autosave: nothing offered before anything was kept" body_lacks 'Restore unsaved text'
T0=$(csrf_of)
ureq alice "/admin/articles/$ID/autosave" -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "title=Ear seeds (unsaved)" --data-urlencode "summary=" \
    --data-urlencode "body=$AUTO_BODY"
check "autosave: the slot takes the text (204)" status_is 204
check "autosave: stored in alice's slot" \
    [ "$(q "SELECT count(*) FROM autosaves a JOIN users u ON u.id = a.user_id WHERE u.name = 'alice' AND post_id = $ID")" = 1 ]
check "autosave: not a revision" [ "$(q "SELECT count(*) FROM revisions WHERE body_md LIKE '%ear seeds%'")" = 0 ]
check "autosave: the article is untouched" [ "$(q "SELECT count(*) FROM posts WHERE body_md LIKE '%ear seeds%' OR title LIKE 'Ear seeds%'")" = 0 ]
ureq alice "/admin/articles/$ID"
check "autosave: the editor offers it back, with the time" \
    body_has "Restore unsaved text from $(TZ=UTC date -d "@$(q "SELECT saved_at FROM autosaves WHERE post_id = $ID")" +%H:%M)?"
check "autosave: ... the form still holds the saved text" body_lacks 'Unsaved words about ear seeds'
ureq alice "/admin/articles/$ID?restore=autosave"
check "autosave: restoring puts the kept text in the form" body_has 'Unsaved words about ear seeds, typed at the desk.
A second line.</textarea>'
check "autosave: ... and the kept title" body_has 'value="Ear seeds (unsaved)"'
check "autosave: ... saying so" body_has 'is back in the form. Save to keep it.'
ureq bob "/admin/articles/$ID"
check "autosave: bob, another writer, is not offered alice's text" body_lacks 'Restore unsaved text'
ureq bob "/admin/articles/$ID?restore=autosave"
check "autosave: nor can he restore it" body_lacks 'ear seeds'
req "/articles/needles-and-what-they-feel-like"
check "autosave: visitors see the saved article" got 200 body_has 'Needles and what they feel like'
check "autosave: ... never the kept text" body_lacks 'ear seeds'
req "/search?q=seeds"
check "autosave: search does not find the kept text" body_lacks 'ear seeds'
req "/feed.xml"
check "autosave: nor does the feed show it" body_lacks 'ear seeds'
ureq bob "/admin/articles/$ID"
T1=$(csrf_of)
ureq bob "/admin/articles/$ID/autosave" -H "Origin: $BASE" --data-urlencode "csrf_token=$T1" \
    --data-urlencode "title=Bob's" --data-urlencode "body=Bob's own unsaved text."
check "autosave: bob's slot is his own (204)" status_is 204
ureq alice "/admin/articles/$ID?restore=autosave"
check "autosave: alice's slot still holds hers" \
    sh -c "grep -qF 'Unsaved words about ear seeds' '$T/body' && ! grep -qF \"Bob&#39;s own\" '$T/body' && ! grep -qF \"Bob's own\" '$T/body'"
ureq alice "/admin/articles/$ID/autosave" -H "Origin: $BASE" --data-urlencode "csrf_token=wrong" \
    --data-urlencode "body=forged"
check "autosave: a wrong CSRF token is refused (403)" status_is 403
req "/admin/articles/$ID/autosave" -H "Origin: $BASE" --data-urlencode "body=forged"
check "autosave: a visitor is refused (403)" status_is 403
ureq alice "/admin/articles/999/autosave" -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "body=for no article"
check "autosave: no slot for an article that does not exist (404)" status_is 404
head -c $((256 * 1024 + 1)) /dev/zero | tr '\0' a > "$T/big.md"
ureq alice "/admin/articles/$ID/autosave" -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "body@$T/big.md"
check "autosave: a text past 256 KiB is refused (413)" status_is 413
check "autosave: ... and alice's slot keeps what it had" \
    [ "$(q "SELECT body FROM autosaves a JOIN users u ON u.id = a.user_id WHERE u.name = 'alice' AND post_id = $ID")" = "$AUTO_BODY" ]
ureq alice "/admin/articles/$ID?restore=autosave"
submit alice "/admin/articles/$ID"
check "autosave: saving the restored text (303)" status_is 303
check "autosave: ... saves it" [ "$(q "SELECT title FROM posts WHERE id = $ID")" = "Ear seeds (unsaved)" ]
check "autosave: ... and empties alice's slot" \
    [ "$(q "SELECT count(*) FROM autosaves a JOIN users u ON u.id = a.user_id WHERE u.name = 'alice'")" = 0 ]
check "autosave: ... but not bob's" \
    [ "$(q "SELECT count(*) FROM autosaves a JOIN users u ON u.id = a.user_id WHERE u.name = 'bob'")" = 1 ]
ureq bob "/admin/articles/$ID"
submit bob "/admin/articles/$ID/autosave" @discard=1
check "autosave: discarding answers 303" status_is 303
check "autosave: ... and empties the slot" [ "$(q "SELECT count(*) FROM autosaves")" = 0 ]
ureq alice /admin/articles/new
T0=$(csrf_of)
ureq alice /admin/articles/0/autosave -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "title=A new one" --data-urlencode "body=Started, never saved."
check "autosave: a new article has a slot too (204)" status_is 204
ureq alice /admin/articles/new
check "autosave: ... offered back on a new article" body_has 'Restore unsaved text from'

# A body cmark is slow on, kept in the slot: restoring it must not hang the editor (its
# checks parse the body, so it is tried within the render budget first).
python3 "$SRC/tests/trust/md_hazards.py" "$T/md" > /dev/null
ureq alice /admin/articles/new
T0=$(csrf_of)
ureq alice /admin/articles/0/autosave -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "title=Slow" --data-urlencode "body@$T/md/image-brackets.md"
check "autosave: a body cmark is slow on is kept (204)" status_is 204
ureq alice "/admin/articles/new?restore=autosave"
check "autosave: restoring it shows the editor (200), not a timeout" got 200 body_has 'value="Slow"'
check "autosave: ... with no advice on a text that cannot be rendered" body_lacks 'Reading ease'
ureq alice /admin/articles/0/live -H "Origin: $BASE" --data-urlencode "csrf_token=$T0" \
    --data-urlencode "title=Slow" --data-urlencode kind=article --data-urlencode status=draft \
    --data-urlencode "body@$T/md/image-brackets.md"
check "live: that body gets the reason (200), not a timeout" got 200 body_has 'takes too long to render'
ureq alice /admin/articles/new
submit alice /admin/articles/0/autosave @discard=1

# --- a save sent after the session expired ---------------------------------------------------
ureq alice "/admin/articles/$ID"
V=$(q "SELECT version FROM posts WHERE id = $ID")
cp "$T/body" "$T/editor.html"
meridian_stop
MERIDIAN_CLOCK_OFFSET=$((3 * 3600)) meridian_start || exit 99
EXPIRED_BODY='Written during a long clinic day; the session ended meanwhile.

Every word of this must survive.'
cp "$T/editor.html" "$T/body"
submit alice "/admin/articles/$ID" title="Saved after a new login" body="$EXPIRED_BODY"
check "expired: the save is not done (403)" status_is 403
check "expired: the answer is the login form" body_has 'action="/admin/login"'
check "expired: ... saying the text will be saved" body_has 'your text will be saved'
check "expired: ... carrying the text" body_has 'value="Written during a long clinic day; the session ended meanwhile.'
check "expired: nothing saved yet" [ "$(q "SELECT title FROM posts WHERE id = $ID")" = "Ear seeds (unsaved)" ]
submit alice /admin/login username=alice password=wrong-password
check "expired: a wrong password (403) ..." status_is 403
check "expired: ... still carries the text" body_has 'value="Written during a long clinic day'
submit alice /admin/login username=alice password=password-one-two
check "expired: logging in saves the text (303 to the article)" \
    got 303 location_is "/admin/articles/$ID?done=saved"
check "expired: the title is saved" [ "$(q "SELECT title FROM posts WHERE id = $ID")" = "Saved after a new login" ]
check "expired: every word of the text, line breaks included" \
    [ "$(q "SELECT body_md FROM posts WHERE id = $ID")" = "$EXPIRED_BODY" ]
check "expired: as a new version" [ "$(q "SELECT version FROM posts WHERE id = $ID")" -gt "$V" ]
follow alice
check "expired: the editor shows it saved, alice logged in" got 200 body_has 'Saved.'
# A carried form says where it goes only by the address it was sent to.
ureq bob /admin/login
submit bob /admin/login username=bob password=password-three-four carry_to=/admin/articles/x
check "expired: a bad carry_to is ignored: a plain login (303 to the dashboard)" \
    got 303 location_is /admin/
# Another site cannot have its text carried into the login form.
ureq alice "/admin/articles/$ID" -H "Origin: https://evil.example" -b "meridian=dead" \
    --data-urlencode "csrf_token=x" --data-urlencode "title=forged" --data-urlencode "body=forged"
check "expired: another site's form is not carried (403, no login form)" \
    got 403 body_lacks 'value="forged"'

# --- the same checks from the command line -----------------------------------------------------
ureq alice /admin/settings
submit alice /admin/settings check_claims=on check_readability=on check_accessibility=on \
    check_review=on claims_list="cure | A promise to cure needs strong evidence."
ureq alice "/admin/articles/$ID"
submit alice "/admin/articles/$ID" body="Needles cure everything. [click here](/x)"
check "cli: an article with a claim is saved (303)" status_is 303
m check --content > "$T/out" 2> "$T/err"
RC=$?
check "cli: check --content: advice alone does not fail (exit 0)" [ "$RC" = 0 ]
check "cli: ... names the article, the family and the claim" \
    grep -qF '/articles/needles-and-what-they-feel-like: advice: Claims: "cure": A promise to cure needs strong evidence.' "$T/out"
check "cli: ... and the link text" grep -qF 'advice: Accessibility: The link text "click here"' "$T/out"
check "cli: ... and the review" grep -qF 'advice: Medical review: No "next review due" date' "$T/out"
check "cli: ... with a summary line" grep -qx 'ok: content: 1 text checked (articles and pages), 1 with advice' "$T/out"
m check > "$T/out" 2> "$T/err"
check "cli: plain check says nothing of content" sh -c "! grep -q 'advice:' '$T/out'"
mkdir -p "$T/import"
printf -- '---\ntitle: Detox teas\nreviewer: Dr Amira Lowe\nreviewed: 2026-01-05\nreview_due: 2027-01-05\n---\nOur detox tea is a miracle cure.\n' > "$T/import/detox.md"
m import "$T/import/detox.md" > "$T/out" 2> "$T/err"
RC=$?
check "cli: import with a claim still imports (exit 0)" [ "$RC" = 0 ]
check "cli: ... and warns about the claim on stderr" grep -qF "$T/import/detox.md: advice: Claims: \"cure\"" "$T/err"
check "cli: ... the article is there" [ "$(q "SELECT count(*) FROM posts WHERE title = 'Detox teas'")" = 1 ]
# A text the checks cannot read is an error, not advice: only a database changed by other
# means than the site can hold one (the editor and import take UTF-8 alone).
DETOX=$(q "SELECT id FROM posts WHERE title = 'Detox teas'")
q "UPDATE posts SET body_md = CAST(X'4f757220ff20746561' AS TEXT) WHERE id = $DETOX"
m check --content > "$T/out" 2> "$T/err"
RC=$?
check "cli: check --content: a text that is not UTF-8 fails the check (exit 1)" [ "$RC" = 1 ]
check "cli: ... naming the article and why" \
    grep -qxF '/articles/detox-teas: the text cannot be checked (too large, or not UTF-8)' "$T/out"
check "cli: ... with a FAILED summary line" grep -qx 'FAILED: content: 1 text cannot be checked' "$T/out"
check "cli: ... the other articles are still checked" \
    grep -qF '/articles/needles-and-what-they-feel-like: advice: Claims: "cure"' "$T/out"
q "UPDATE posts SET body_md = 'Our detox tea is a miracle cure.' WHERE id = $DETOX"

# --- the same, for a writer with two-factor sign-in -----------------------------------------------
# After the password, the text waits in the writer's slot; after the code, the editor opens
# with it in the form. Codes follow the daemon's clock, which the test hook moved.
if command -v oathtool >/dev/null 2>&1; then
	OFF=$((3 * 3600))
	add_staff carol editor password-five-six
	login carol password-five-six
	ureq carol /admin/mfa
	SECRET=$(sed -n 's/.*id="mfa-secret">\([A-Z2-7=]*\)<.*/\1/p' "$T/body" | head -n 1)
	upost carol /admin/mfa --data-urlencode action=confirm \
	    --data-urlencode "code=$(oathtool --totp -b -N "@$(( $(date +%s) + OFF ))" "$SECRET")"
	check "mfa: carol turns on two-factor sign-in (200)" status_is 200
	ureq carol "/admin/articles/$ID"
	cp "$T/body" "$T/editor-carol.html"
	meridian_stop
	OFF=$((6 * 3600))
	MERIDIAN_CLOCK_OFFSET=$OFF meridian_start || exit 99
	cp "$T/editor-carol.html" "$T/body"
	submit carol "/admin/articles/$ID" body="Carol's words, kept through two steps."
	check "mfa: carol's expired save gets the login form carrying her text (403)" \
	    got 403 body_has 'value="Carol&#39;s words, kept through two steps."'
	submit carol /admin/login username=carol password=password-five-six
	check "mfa: the password leads to the second step" got 303 location_is /admin/login/mfa
	check "mfa: ... the text waits in carol's slot" \
	    [ "$(q "SELECT body FROM autosaves a JOIN users u ON u.id = a.user_id WHERE u.name = 'carol' AND post_id = $ID")" = "Carol's words, kept through two steps." ]
	ureq carol /admin/login/mfa
	submit carol /admin/login/mfa \
	    code="$(oathtool --totp -b -N "@$(( $(date +%s) + OFF ))" "$SECRET")"
	check "mfa: the code leads to the editor with the text restored" \
	    got 303 location_is "/admin/articles/$ID?restore=autosave"
	follow carol
	check "mfa: ... the text is in the form" body_has "Carol&#39;s words, kept through two steps.</textarea>"
	check "mfa: ... saying so" body_has 'is back in the form. Save to keep it.'
	submit carol "/admin/articles/$ID"
	check "mfa: saving it (303)" status_is 303
	check "mfa: ... saves it" [ "$(q "SELECT body_md FROM posts WHERE id = $ID")" = "Carol's words, kept through two steps." ]
else
	echo "# oathtool missing: the two-factor part is left out"
fi

finish
