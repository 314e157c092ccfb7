-- SPDX-License-Identifier: ISC
-- 0002-fts.sql: full-text search over posts (title, summary, body). External content: the
-- text lives once, in posts. The index is kept in step by post.c inside the same transaction
-- as each save (STMT_FTS_DELETE before, STMT_FTS_INSERT after): triggers cannot do it,
-- because with trusted_schema=OFF SQLite refuses virtual tables inside triggers.
CREATE VIRTUAL TABLE posts_fts USING fts5 (
	title, summary, body_md,
	content = 'posts', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
