#!/bin/bash
# SPDX-License-Identifier: ISC
# cli.sh: the command line: --help, --version and exit statuses; import refusing bad files with
# FILE:LINE and leaving the database untouched; import and check without the import program;
# re-import as a new revision; Hugo and Jekyll front matter; a body too slow to render; render;
# init on a current database; serve on an uninitialised one; settings shown on the pages.
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }

B=$MERIDIAN_BIN
q() { sqlite3 "$DB" "$1"; }
# What a failed import must not change: every row of the content tables.
snap() {
	printf '%s/%s/%s ' "$(q 'select count(*) from posts')" \
	    "$(q 'select count(*) from revisions')" "$(q 'select count(*) from topics')"
	sqlite3 "$DB" .dump | grep -v '^PRAGMA' | cksum
}
# run OUT ERR CMD...: runs CMD with stdout and stderr in files; RC is its exit status.
run() { local o=$1 e=$2; shift 2; "$@" >"$o" 2>"$e"; RC=$?; }
rc_is() { [ "$RC" = "$1" ] || { echo "# exit status $RC, want $1"; sed 's/^/# /' "$T/err"; return 1; }; }
has() { grep -qF -- "$2" "$1" || { echo "# '$2' not in $1:"; sed 's/^/# /' "$1" | head -n 5; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1"; }
first_line_is() { [ "$(head -n 1 "$1")" = "$2" ] || { echo "# first line: $(head -n 1 "$1")"; echo "# want:       $2"; return 1; }; }

# --- Usage and exit statuses -------------------------------------------------------------
run "$T/out" "$T/err" "$B" --help
check "--help exits 0" rc_is 0
for c in init serve import render settings; do
	check "--help lists '$c'" grep -q "^  $c " "$T/out"
done
run "$T/out" "$T/err" "$B" --version
check "--version exits 0" rc_is 0
check "--version prints 'meridian X.Y.Z'" grep -Eqx 'meridian [0-9]+\.[0-9]+\.[0-9]+' "$T/out"
run "$T/out" "$T/err" "$B" frobnicate
check "an unknown command exits 2" rc_is 2
check "an unknown command is named on stderr" has "$T/err" "unknown command 'frobnicate'"
run "$T/out" "$T/err" "$B"
check "no command at all exits 2 with the usage" sh -c "[ $RC = 2 ] && grep -q '^usage: meridian' '$T/err'"
for c in init serve import render settings; do
	run "$T/out" "$T/err" "$B" "$c" --help
	check "'$c --help' exits 0 and prints its usage" sh -c \
	    "[ $RC = 0 ] && grep -q '^usage: meridian $c' '$T/out'"
done
for c in init serve import settings; do
	run "$T/out" "$T/err" "$B" "$c" --no-such-flag
	check "'$c --no-such-flag' exits 2" rc_is 2
done
run "$T/out" "$T/err" "$B" import --db "$DB"
check "import without a file exits 2" rc_is 2
run "$T/out" "$T/err" "$B" settings frob --db "$DB"
check "settings with a bad verb exits 2" rc_is 2
run "$T/out" "$T/err" "$B" serve --workers 0 --db "$DB" --config "$T/meridian.conf"
check "serve --workers 0 exits 2" rc_is 2

# --- init and serve on databases -----------------------------------------------------------
run "$T/out" "$T/err" m init
check "init creates the database" sh -c "[ $RC = 0 ] && grep -q 'created at schema version' '$T/out'"
run "$T/out" "$T/err" m init
check "init on a current database exits 0" rc_is 0
check "init on a current database says it is already current" has "$T/out" "already at schema version"

: > "$T/empty.db"
run "$T/out" "$T/err" "$B" serve --config "$T/meridian.conf" --db "$T/empty.db" \
    --listen "unix:$T/never.sock" --workers 1
check "serve on an uninitialised database exits 1" rc_is 1
check "serve on an uninitialised database says to run init" has "$T/err" "meridian init"
check "serve on an uninitialised database leaves no socket" [ ! -e "$T/never.sock" ]

# --- render ---------------------------------------------------------------------------------
printf '# Hi\n\nSome *soft* text.\n\n<script>alert(1)</script>\n\n<div onclick="x()">raw</div>\n' \
    > "$T/r.md"
run "$T/out" "$T/err" "$B" render "$T/r.md"
check "render exits 0" rc_is 0
check "render prints the heading as HTML" has "$T/out" "<h1>Hi</h1>"
check "render prints emphasis as HTML" has "$T/out" "<em>soft</em>"
check "render drops raw <script>" lacks "$T/out" "<script"
check "render drops raw HTML attributes" lacks "$T/out" "onclick"
run "$T/out" "$T/err" "$B" render "$T/no-such-file.md"
check "render of a missing file exits 1" rc_is 1
check "render of a missing file names it" has "$T/err" "no-such-file.md"
check "render of a missing file prints no HTML" [ ! -s "$T/out" ]

# --- import: bad files are refused with FILE:LINE, the database untouched -------------------
mkdir -p "$T/in" "$T/bad"
write_md "$T/in/base.md" "Baseline article" baseline "date: 2024-01-02T12:00:00Z" \
    "topics: [Baseline]" <<'MD'
Already here before the bad imports.
MD
run "$T/out" "$T/err" m import "$T/in/base.md"
check "a good file imports" rc_is 0
check "import says what it created" has "$T/out" "created article /articles/baseline"

# --- import without its program --------------------------------------------------------------
# `meridian import` executes meridian-import from beside the binary, else from where `make
# install` puts it: a copy of the binary alone (with the image helper, which check requires)
# finds none, unless Meridian is installed on this machine.
mkdir -p "$T/alone"
cp "$B" "$(dirname "$B")/meridian-image" "$T/alone/"
run "$T/out" "$T/err" "$T/alone/meridian" check --db "$DB" --config "$T/meridian.conf"
prog=$(sed -n 's/^WARNING: import program \([^ :]*\): missing .*/\1/p' "$T/out")
if [ -n "$prog" ]; then
	check "check without the import program warns and exits 0 (serving does not need it)" \
	    rc_is 0
	before=$(snap)
	run "$T/out" "$T/err" "$T/alone/meridian" import --db "$DB" --config "$T/meridian.conf" \
	    "$T/in/base.md"
	check "import without the import program exits 1" rc_is 1
	check "... with one line on stderr that names it" sh -c "[ \$(wc -l < '$T/err') = 1 ] &&
	    grep -qF 'meridian: cannot run the import program $prog: ' '$T/err'"
	check "... prints nothing on stdout" [ ! -s "$T/out" ]
	check "... and changes nothing" [ "$(snap)" = "$before" ]
else
	echo "# skip: an import program is installed ($(grep 'import program' "$T/out"))"
fi

# refused NAME FILE LINE MESSAGE: import FILE fails with exit 1, "FILE:LINE: MESSAGE" and no
# change to the database.
refused() {
	local name=$1 f=$2 line=$3 msg=$4 before
	before=$(snap)
	run "$T/out" "$T/err" m import "$f"
	check "$name: exit 1" rc_is 1
	check "$name: reported as FILE:$line" has "$T/err" "$f:$line: $msg"
	check "$name: the database is unchanged" [ "$(snap)" = "$before" ]
}
printf -- '---\ntitle: Sleep\nslug: yaml-bad\nsummary: a: b: c\nauthor: A\n---\nBody.\n' \
    > "$T/bad/yaml.md"
refused "YAML syntax error" "$T/bad/yaml.md" 4 "YAML syntax error"
printf -- '---\nslug: untitled\nauthor: A\n---\nBody.\n' > "$T/bad/notitle.md"
refused "missing title" "$T/bad/notitle.md" 1 "missing title"
printf -- '---\ntitle: Dated\nslug: bad-date\nauthor: A\ndate: 2024-02-30\n---\nBody.\n' \
    > "$T/bad/date.md"
refused "impossible date" "$T/bad/date.md" 5 "date must be"
printf -- '---\ntitle: Slugged\nslug: Bad_Slug!\n---\nBody.\n' > "$T/bad/slug.md"
refused "bad slug" "$T/bad/slug.md" 3 "invalid slug 'Bad_Slug!'"
printf -- '---\ntitle: Open\nslug: open-ended\n\nBody without an end to the front matter.\n' \
    > "$T/bad/unterminated.md"
refused "unterminated front matter" "$T/bad/unterminated.md" 1 "unterminated front matter"
printf -- '+++\ntitle = "Toml"\nslug = "toml"\n+++\nBody.\n' > "$T/bad/toml.md"
refused "TOML front matter" "$T/bad/toml.md" 1 "TOML front matter"
printf -- '---\ntitle: Latin\nslug: latin\n---\nFirst line.\n\nCaf\351 au lait.\n' \
    > "$T/bad/latin1.md"
refused "invalid UTF-8 in the body" "$T/bad/latin1.md" 7 "invalid UTF-8"
printf -- '---\ntitle: Latin\nauthor: Ren\351e\nslug: latin\n---\nBody.\n' > "$T/bad/latin1fm.md"
refused "invalid UTF-8 in the front matter" "$T/bad/latin1fm.md" 3 "invalid UTF-8"

# One bad file in a directory: none of the good ones are imported.
mkdir -p "$T/mixed"
write_md "$T/mixed/a-good.md" "Good one" good-one <<'MD'
Good.
MD
write_md "$T/mixed/m-bad.md" "Bad one" bad-one "date: tomorrow" <<'MD'
Bad.
MD
write_md "$T/mixed/z-good.md" "Good two" good-two <<'MD'
Good too.
MD
before=$(snap)
run "$T/out" "$T/err" m import "$T/mixed"
check "a directory with one bad file: exit 1" rc_is 1
check "a directory with one bad file: the bad file is named with its line" \
    has "$T/err" "$T/mixed/m-bad.md:4: date must be"
check "a directory with one bad file: stderr says nothing was imported" has "$T/err" "nothing was imported"
check "a directory with one bad file: no good file was imported" \
    [ "$(q "select count(*) from posts where slug in ('good-one', 'good-two')")" = 0 ]
check "a directory with one bad file: the database is unchanged" [ "$(snap)" = "$before" ]
check "a directory with one bad file: nothing reported as created" lacks "$T/out" "created"

# A body that takes too long to render (cmark 0.30's quadratic '![[]()'), refused at import.
RENDER_BUDGET_MS=50 write_conf
{
	printf -- '---\ntitle: Slow\nslug: slow-body\n---\n'
	i=0
	while [ $i -lt 400 ]; do
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		printf '![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()![[]()'
		i=$((i + 1))
	done
	echo
} > "$T/bad/slow.md"
before=$(snap)
start=$(date +%s)
run "$T/out" "$T/err" m import "$T/bad/slow.md"
took=$(($(date +%s) - start))
check "a body too slow to render: exit 1" rc_is 1
check "a body too slow to render: message says it is too long to render" has "$T/err" "too long to render"
check "a body too slow to render: message names FILE:LINE of the body" has "$T/err" "$T/bad/slow.md:5: "
check "a body too slow to render: the database is unchanged" [ "$(snap)" = "$before" ]
check "a body too slow to render: refused within the budget, not after rendering (${took}s)" [ "$took" -le 3 ]
write_conf

# --- Hugo and Jekyll files -------------------------------------------------------------------
cat > "$T/in/hugo.md" <<'MD'
---
title: "Sleep and stress, the Hugo way"
slug: hugo-sleep
date: 2024-03-12T12:00:00Z
description: "How stress keeps you awake, and what helps."
tags: [Sleep, Stress]
categories:
  - Wellbeing
layout: post
aliases:
  - /old/sleep.html
---
Body of the **Hugo** article.
MD
cat > "$T/in/jekyll.md" <<'MD'
---
layout: post
title: "Unfinished Jekyll notes"
slug: jekyll-draft
draft: true
categories: Notes
---
Not ready yet.
MD
run "$T/out" "$T/err" m import "$T/in/hugo.md" "$T/in/jekyll.md"
check "Hugo/Jekyll files import with unknown keys: exit 0" rc_is 0
check "the unknown key 'layout' is a warning with FILE:LINE" \
    has "$T/err" "$T/in/hugo.md:9: ignored key 'layout'"
check "the unknown key 'aliases' is a warning with FILE:LINE" \
    has "$T/err" "$T/in/hugo.md:10: ignored key 'aliases'"
check "the second file's unknown key is warned about too" \
    has "$T/err" "$T/in/jekyll.md:2: ignored key 'layout'"
check "tags and categories become topics (sqlite)" [ "$(q "select group_concat(t.name, ',') from
    (select t.name from topics t join post_topics pt on pt.topic_id = t.id
     join posts p on p.id = pt.post_id where p.slug = 'hugo-sleep' order by t.name) t")" = "Sleep,Stress,Wellbeing" ]
check "draft: true stores a draft (sqlite)" [ "$(q "select status from posts where slug = 'jekyll-draft'")" = draft ]
check "description becomes the summary (sqlite)" \
    [ "$(q "select summary from posts where slug = 'hugo-sleep'")" = "How stress keeps you awake, and what helps." ]
check "date becomes the publish time (sqlite)" \
    [ "$(q "select published_at from posts where slug = 'hugo-sleep'")" = "$(date -u -d 2024-03-12T12:00:00Z +%s)" ]

# --- Importing a slug twice: one post, two revisions, the page shows the new text ------------
write_md "$T/in/again.md" "Knee pain" knee-pain "date: 2024-05-01T12:00:00Z" <<'MD'
The first version says rest.
MD
run "$T/out" "$T/err" m import "$T/in/again.md"
check "first import of knee-pain" has "$T/out" "created article /articles/knee-pain"

site_start || exit 99

req /articles/knee-pain
check "the imported article is served" status_is 200
check "the page shows the first text" body_has "The first version says rest."

write_md "$T/in/again.md" "Knee pain" knee-pain "date: 2024-05-01T12:00:00Z" <<'MD'
The second version says gentle movement.
MD
run "$T/out" "$T/err" m import "$T/in/again.md"
check "importing the same slug again says updated" has "$T/out" "updated article /articles/knee-pain"
check "still one post for the slug" [ "$(q "select count(*) from posts where slug = 'knee-pain'")" = 1 ]
check "two revisions of the post" [ "$(q "select count(*) from revisions r join posts p on p.id = r.post_id where p.slug = 'knee-pain'")" = 2 ]
check "the revisions keep both texts" [ "$(q "select count(distinct r.body_md) from revisions r join posts p on p.id = r.post_id where p.slug = 'knee-pain'")" = 2 ]
req /articles/knee-pain
check "the page shows the new text" got 200 body_has "The second version says gentle movement."
check "the page no longer shows the old text" body_lacks "The first version says rest."

# --- What the Hugo/Jekyll import looks like to a visitor --------------------------------------
req /articles/hugo-sleep
check "the Hugo article is served" status_is 200
check "its title is shown" body_has "<h1>Sleep and stress, the Hugo way</h1>"
check "its body is rendered" body_has "<strong>Hugo</strong>"
check "its description is the meta description" \
    body_has '<meta name="description" content="How stress keeps you awake, and what helps.">'
check "its date is the publish date shown" body_has '>12 March 2024</time>'
check "its tags are topic links" body_has '<a href="/topics/sleep">Sleep</a>'
check "its second tag is a topic link" body_has '<a href="/topics/stress">Stress</a>'
check "its category is a topic link" body_has '<a href="/topics/wellbeing">Wellbeing</a>'
req /topics/wellbeing
check "the category's topic page lists the article" \
    sh -c "[ $STATUS = 200 ] && grep -qF 'href=\"/articles/hugo-sleep\"' '$T/body'"
req /articles/jekyll-draft
check "the draft: true article is 404 to visitors" status_is 404
req /
check "the home page does not list the draft" got 200 body_lacks "jekyll-draft"
check "the home page lists the Hugo article" body_has 'href="/articles/hugo-sleep"'

# --- Settings --------------------------------------------------------------------------------
req /articles/knee-pain
check "the footer shows the default clinic name first" got 200 body_has '<h2 id="contact-heading">Our clinic</h2>'
run "$T/out" "$T/err" m settings set clinic_name "Harbour Street Physio"
check "settings set clinic_name exits 0" rc_is 0
run "$T/out" "$T/err" m settings get clinic_name
check "settings get clinic_name prints the new value" first_line_is "$T/out" "Harbour Street Physio"
req /articles/knee-pain
check "the page footer shows the new clinic name" got 200 \
    body_has '<h2 id="contact-heading">Harbour Street Physio</h2>'
run "$T/out" "$T/err" m settings set nosuchkey value
check "settings set of an unknown key exits 1" rc_is 1
check "settings set of an unknown key names it" has "$T/err" "nosuchkey"
check "the unknown key was not stored" [ "$(q "select count(*) from settings where key = 'nosuchkey'")" = 0 ]

finish
