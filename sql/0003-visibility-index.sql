-- SPDX-License-Identifier: ISC
-- 0003-visibility-index.sql: whether a post is visible, found by its id without reading its
-- row. A row keeps status, published_at and deleted_at after body_md, so checking them reads
-- the body's overflow pages: 3-4 us a post. Search and topic counts check every match
-- (INDEXED BY in db_sql.c); with this index a check is a few hundred nanoseconds.
CREATE INDEX posts_id_visible ON posts (id, kind, status, deleted_at, published_at);
