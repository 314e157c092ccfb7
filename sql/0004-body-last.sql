-- SPDX-License-Identifier: ISC
-- 0004-body-last.sql: the Markdown body moves to the end of the posts row, and the reading
-- time is stored beside it. SQLite keeps a row's columns in order, and a body of a few KB
-- spills onto overflow pages, so every column after body_md (status, dates, author,
-- version) was reached by walking the body's overflow chain: a home page of 10 articles
-- read about 110 KB it never showed, and counted each body's words for its reading time.
-- With the body last and reading_minutes kept by post.c on every save, a list row is read
-- without touching its body.
-- The table is rebuilt as SQLite's documentation describes (create, copy, drop, rename).
-- migrate.c turns foreign keys off around migrations, so dropping the old table cascades
-- nothing away, and runs PRAGMA foreign_key_check before it commits.
-- meridian_reading_minutes() is src/md.c's md_reading_minutes(), registered by migrate.c.
CREATE TABLE posts_new (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL DEFAULT 'article'
			CHECK (kind IN ('article', 'page')),
	slug		TEXT NOT NULL UNIQUE,		-- [a-z0-9-]{1,100}, checked in slug.c
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'draft'
			CHECK (status IN ('draft', 'published')),
	published_at	INTEGER,			-- publish time; in the future = scheduled
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,		-- any save
	substantive_at	INTEGER,			-- last substantive update (sitemap lastmod)
	author		TEXT NOT NULL DEFAULT '',
	reviewer	TEXT NOT NULL DEFAULT '',	-- medical reviewer
	reviewed_date	TEXT,				-- last medical review
	review_due_date	TEXT,				-- next review due
	deleted_at	INTEGER,			-- non-NULL = in the trash
	version		INTEGER NOT NULL DEFAULT 1,	-- optimistic concurrency check
	reading_minutes	INTEGER NOT NULL DEFAULT 1,	-- of body_md, set on every save
	body_md		TEXT NOT NULL DEFAULT ''	-- Markdown, rendered per request; last
);
INSERT INTO posts_new (id, kind, slug, title, summary, status, published_at, created_at,
	updated_at, substantive_at, author, reviewer, reviewed_date, review_due_date,
	deleted_at, version, reading_minutes, body_md)
SELECT id, kind, slug, title, summary, status, published_at, created_at, updated_at,
	substantive_at, author, reviewer, reviewed_date, review_due_date, deleted_at, version,
	meridian_reading_minutes(body_md), body_md
FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;

-- id DESC as well: lists order by (published_at DESC, id DESC), and without it SQLite
-- sorted each page's rows in a temporary b-tree, on every request.
CREATE INDEX posts_visible ON posts (kind, status, deleted_at, published_at DESC, id DESC);
CREATE INDEX posts_id_visible ON posts (id, kind, status, deleted_at, published_at);
CREATE TRIGGER posts_gen_ins AFTER INSERT ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER posts_gen_upd AFTER UPDATE ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER posts_gen_del AFTER DELETE ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
UPDATE site_state SET generation = generation + 1 WHERE id = 1;

-- A post's topics in the author's order straight from an index: every list page asks for
-- them for each of its rows, and each time SQLite sorted them in a temporary b-tree.
CREATE INDEX post_topics_post ON post_topics (post_id, position, topic_id);
