-- SPDX-License-Identifier: ISC
-- 0001-init.sql: the whole first schema. Times are Unix seconds (UTC) unless named *_date,
-- which hold calendar days as 'YYYY-MM-DD' in the site's time zone.

-- Articles and static pages. A row is the current state; revisions hold every save.
CREATE TABLE posts (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL DEFAULT 'article'
			CHECK (kind IN ('article', 'page')),
	slug		TEXT NOT NULL UNIQUE,		-- [a-z0-9-]{1,100}, checked in slug.c
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	body_md		TEXT NOT NULL DEFAULT '',	-- Markdown; rendered per request
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
	version		INTEGER NOT NULL DEFAULT 1	-- optimistic concurrency check
);
-- Visitors' lists: newest visible first.
CREATE INDEX posts_visible ON posts (kind, status, deleted_at, published_at DESC);

-- Append-only history: one row per save, never updated or deleted.
CREATE TABLE revisions (
	id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	version		INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	saved_by	TEXT NOT NULL DEFAULT '',	-- user name, or 'import'
	kind		TEXT NOT NULL,
	slug		TEXT NOT NULL,
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL,
	body_md		TEXT NOT NULL,
	status		TEXT NOT NULL,
	published_at	INTEGER,
	author		TEXT NOT NULL,
	reviewer	TEXT NOT NULL,
	reviewed_date	TEXT,
	review_due_date	TEXT,
	topics		TEXT NOT NULL DEFAULT '',	-- comma-separated topic names at that save
	UNIQUE (post_id, version)
);

CREATE TABLE topics (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL
);

CREATE TABLE post_topics (
	post_id		INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	topic_id	INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL DEFAULT 0,	-- order as the author wrote them
	PRIMARY KEY (post_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX post_topics_topic ON post_topics (topic_id, post_id);

-- Old slugs of a post: visitors following an old link get a 301.
CREATE TABLE slug_history (
	slug		TEXT PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	changed_at	INTEGER NOT NULL
);

-- Uploaded images, bytes included, so the database file is the whole site.
CREATE TABLE media (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,			-- sanitised file name
	mime		TEXT NOT NULL,			-- sniffed from the bytes
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	alt		TEXT NOT NULL,
	bytes		BLOB NOT NULL,
	created_at	INTEGER NOT NULL,
	uploaded_by	TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	pwhash		TEXT NOT NULL,			-- argon2id, crypto_pwhash_str
	role		TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
	created_at	INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash	BLOB PRIMARY KEY,		-- only the hash of the cookie token
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,		-- absolute expiry counts from here
	seen_at		INTEGER NOT NULL		-- idle expiry counts from here
);

CREATE TABLE login_attempts (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL,
	addr		TEXT NOT NULL,
	at		INTEGER NOT NULL,
	ok		INTEGER NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts (username, at);
CREATE INDEX login_attempts_addr ON login_attempts (addr, at);

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
);

-- Stored 301s: from a local path to a local path or absolute URL.
CREATE TABLE redirects (
	from_path	TEXT PRIMARY KEY,
	to_path		TEXT NOT NULL,
	created_at	INTEGER NOT NULL
);

CREATE TABLE audit_log (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	who		TEXT NOT NULL,
	action		TEXT NOT NULL,
	target		TEXT NOT NULL DEFAULT '',
	detail		TEXT NOT NULL DEFAULT ''
);

-- A counter bumped by every change visitors could see; part of every ETag, so a cached page
-- is revalidated after any edit, settings change or topic change.
CREATE TABLE site_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	generation	INTEGER NOT NULL
);
INSERT INTO site_state (id, generation) VALUES (1, 1);

CREATE TRIGGER posts_gen_ins AFTER INSERT ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER posts_gen_upd AFTER UPDATE ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER posts_gen_del AFTER DELETE ON posts BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER settings_gen_ins AFTER INSERT ON settings BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER settings_gen_upd AFTER UPDATE ON settings BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER topics_gen AFTER INSERT ON post_topics BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER topics_gen_del AFTER DELETE ON post_topics BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
