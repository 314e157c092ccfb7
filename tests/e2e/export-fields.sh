#!/bin/bash
# export-fields.sh: `meridian export DIR` against the database it came from, field by field.
# The source rows are read with SQLite itself and the exported files with a YAML parser
# (PyYAML), so an export that loses or bends a field fails here even when re-importing it
# would bend it back. Rows include text an editor may type that YAML treats specially.
# SPDX-License-Identifier: ISC
. "$MERIDIAN_SRCDIR/tests/lib/env.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 missing: skip"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3 with PyYAML missing: skip"; exit 77; }

db_init
mkdir -p "$T/demo"
cp "$SRC"/contrib/demo/*.md "$T/demo/"
sed -i "s/SCHEDULED_DATE/$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)/" "$T/demo/"*.md
m import "$T/demo" >/dev/null || { echo "import failed"; exit 99; }

# Rows written straight into the database, as the editor would store them, not shaped by
# the importer: YAML's special characters and words, quotes, backslashes, non-ASCII, a
# body with front-matter-like lines, a draft with no review dates, a post in the trash (not exported). (Every save stores a publish
# time, the save's own for a draft, so none is NULL.)
sqlite3 "$DB" <<'SQL' || { echo "insert failed"; exit 99; }
INSERT INTO topics (id, slug, name) VALUES (901, 'yes-no', 'yes'), (902, 'colon', 'Pain: "acute" & #1');
INSERT INTO posts (id, kind, slug, title, summary, status, published_at, created_at, updated_at,
    substantive_at, author, reviewer, reviewed_date, review_due_date, body_md)
VALUES (900, 'article', 'tricky-yaml', 'Yes: no # not a comment - "quoted" and ''single'' \ back',
    '- looks like a list item: {and: a map} [and a list] & *anchor !tag %pct @at `tick`',
    'published', 1736500000, 1736400000, 1736600001, 1736600000, 'Zoë Ó''Brien', 'null',
    '2025-01-05', '2026-01-05',
    '---
title: not front matter
---

Line with trailing spaces   
	tab-indented line
Non-ASCII: “quotes”, café, 鍼, 🩺
last line without newline');
INSERT INTO posts (id, kind, slug, title, summary, status, published_at, created_at, updated_at,
    author, reviewer, body_md)
VALUES (901, 'article', 'plain-draft', 'true', '', 'draft', 1736400000, 1736400000, 1736400000, '', '',
    'Draft body.
');
INSERT INTO posts (id, kind, slug, title, status, published_at, created_at, updated_at,
    deleted_at, body_md)
VALUES (902, 'article', 'in-the-trash', 'Trashed', 'published', 1736400000, 1736400000,
    1736400000, 1736700000, 'Gone.');
INSERT INTO post_topics (post_id, topic_id, position) VALUES (900, 902, 0), (900, 901, 1);
SQL
m export "$T/ex" > "$T/out" 2> "$T/err"
check "export exits 0 ($(head -n 1 "$T/err"))" [ $? = 0 ]

# The oracle: every live row of posts against DIR/SLUG.md.
python3 - "$DB" "$T/ex" > "$T/compare" 2>&1 <<'PY'
import datetime, os, sqlite3, sys, yaml
db, ex = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
rows = con.execute("""SELECT id, slug, kind, title, summary, status, published_at, updated_at,
    author, reviewer, reviewed_date, review_due_date, body_md FROM posts
    WHERE deleted_at IS NULL ORDER BY id""").fetchall()
bad, fields = [], 0
def epoch(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return int(v.timestamp())
    if isinstance(v, str):
        return int(datetime.datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp())
    return v
def day(v):
    return v.isoformat() if isinstance(v, datetime.date) else v
for (pid, slug, kind, title, summary, status, pub, upd, author, reviewer, reviewed, due,
     body) in rows:
    path = os.path.join(ex, slug + ".md")
    if not os.path.exists(path):
        bad.append(f"{slug}: no file")
        continue
    text = open(path, encoding="utf-8", newline="").read()
    if not text.startswith("---\n") or "\n---\n" not in text:
        bad.append(f"{slug}: no front matter")
        continue
    head, rest = text[4:].split("\n---\n", 1)
    fm = yaml.safe_load(head)
    topics = [n for (n,) in con.execute("""SELECT t.name FROM post_topics pt JOIN topics t
        ON t.id = pt.topic_id WHERE pt.post_id = ? ORDER BY pt.position""", (pid,))]
    want = {"slug": slug, "kind": kind, "title": title, "summary": summary, "status": status,
            "author": author, "reviewer": reviewer, "reviewed": reviewed,
            "review_due": due, "date": pub, "updated": upd, "topics": topics}
    got = {"slug": fm.get("slug"), "kind": fm.get("kind", "article"), "title": fm.get("title"),
           "summary": fm.get("summary", ""), "status": fm.get("status"),
           "author": fm.get("author", ""), "reviewer": fm.get("reviewer", ""),
           "reviewed": day(fm.get("reviewed")), "review_due": day(fm.get("review_due")),
           "date": epoch(fm.get("date")), "updated": epoch(fm.get("updated")),
           "topics": fm.get("topics", [])}
    for k in want:
        fields += 1
        if want[k] != got[k]:
            bad.append(f"{slug}: {k}: database {want[k]!r}, export {got[k]!r}")
    # The body: everything after the closing line, byte for byte.
    fields += 1
    if rest != body:
        bad.append(f"{slug}: body differs: database {body[:60]!r}..., export {rest[:60]!r}...")
files = sorted(f[:-3] for f in os.listdir(ex) if f.endswith(".md"))
if files != sorted(r[1] for r in rows):
    bad.append(f"files {files} are not the live rows")
for b in bad:
    print("MISMATCH", b)
print(f"posts {len(rows)} fields {fields} mismatches {len(bad)}")
PY
sed 's/^/# /' "$T/compare" | head -n 20
LIVE=$(sqlite3 "$DB" "SELECT count(*) FROM posts WHERE deleted_at IS NULL")
check "every live post is compared ($LIVE)" grep -q "^posts $LIVE fields $((LIVE * 13)) " "$T/compare"
check "the demo and the tricky rows are all there (at least 14 posts)" [ "$LIVE" -ge 14 ]
check "every field of every post equals the database's" grep -q ' mismatches 0$' "$T/compare"
check "the tricky title came through" grep -qF 'Yes: no # not a comment' "$T/ex/tricky-yaml.md"

finish
