/* db_sql.c: every SQL statement of Meridian, in one table indexed by enum stmt.
 * Visibility rule, used wherever visitors look: status 'published', not in the trash,
 * and published_at <= the request's "now" (bound as a parameter, so scheduling needs no cron). */
#include "config.h"

#include "meridian.h"

/* The visibility rule as SQL, on table alias p, with "now" as ?NOW. */
#define VISIBLE(now) \
	"p.status = 'published' AND p.deleted_at IS NULL AND p.published_at <= " now

#define POST_COLS \
	"id, kind, slug, title, summary, body_md, status, published_at, created_at, " \
	"updated_at, substantive_at, author, reviewer, reviewed_date, review_due_date, " \
	"deleted_at, version"

const char *const db_sqls[STMT__MAX] = {
	/* STMT_HEALTH */
	"SELECT count(*) FROM site_state",
	/* STMT_SITE_GEN */
	"SELECT generation FROM site_state WHERE id = 1",
	/* STMT_POST_BY_SLUG */
	"SELECT " POST_COLS " FROM posts WHERE slug = ?1",
	/* STMT_POST_ID_BY_SLUG */
	"SELECT id, version FROM posts WHERE slug = ?1",
	/* STMT_POST_LIST_VISIBLE */
	"SELECT " POST_COLS " FROM posts "
	"WHERE kind = 'article' AND status = 'published' AND deleted_at IS NULL "
	"AND published_at <= ?1 ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3",
	/* STMT_POST_COUNT_VISIBLE */
	"SELECT count(*) FROM posts "
	"WHERE kind = 'article' AND status = 'published' AND deleted_at IS NULL "
	"AND published_at <= ?1",
	/* STMT_POST_LAST_VISIBLE: newest visible publish time, for ETags of lists */
	"SELECT coalesce(max(published_at), 0) FROM posts "
	"WHERE status = 'published' AND deleted_at IS NULL AND published_at <= ?1",
	/* STMT_POST_PREV: the visible article published just before ?1 (tie-break on id) */
	"SELECT slug, title FROM posts "
	"WHERE kind = 'article' AND status = 'published' AND deleted_at IS NULL "
	"AND published_at <= ?3 AND (published_at < ?1 OR (published_at = ?1 AND id < ?2)) "
	"ORDER BY published_at DESC, id DESC LIMIT 1",
	/* STMT_POST_NEXT */
	"SELECT slug, title FROM posts "
	"WHERE kind = 'article' AND status = 'published' AND deleted_at IS NULL "
	"AND published_at <= ?3 AND (published_at > ?1 OR (published_at = ?1 AND id > ?2)) "
	"ORDER BY published_at ASC, id ASC LIMIT 1",
	/* STMT_POST_INSERT */
	"INSERT INTO posts (kind, slug, title, summary, body_md, status, published_at, "
	"created_at, updated_at, substantive_at, author, reviewer, reviewed_date, "
	"review_due_date, version) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?9, ?10, ?11, ?12, 1)",
	/* STMT_POST_UPDATE: bumps the version; ?13 = substantive flag */
	"UPDATE posts SET kind = ?2, slug = ?3, title = ?4, summary = ?5, body_md = ?6, "
	"status = ?7, published_at = ?8, updated_at = ?9, "
	"substantive_at = CASE WHEN ?13 THEN ?9 ELSE substantive_at END, "
	"author = ?10, reviewer = ?11, reviewed_date = ?12, review_due_date = ?14, "
	"version = version + 1 WHERE id = ?1",
	/* STMT_REVISION_INSERT: a snapshot of the row as just saved */
	"INSERT INTO revisions (post_id, version, created_at, saved_by, kind, slug, title, "
	"summary, body_md, status, published_at, author, reviewer, reviewed_date, "
	"review_due_date, topics) "
	"SELECT id, version, ?2, ?3, kind, slug, title, summary, body_md, status, "
	"published_at, author, reviewer, reviewed_date, review_due_date, ?4 "
	"FROM posts WHERE id = ?1",
	/* STMT_TOPIC_UPSERT */
	"INSERT INTO topics (slug, name) VALUES (?1, ?2) "
	"ON CONFLICT (slug) DO UPDATE SET name = excluded.name WHERE name <> excluded.name",
	/* STMT_TOPIC_ID */
	"SELECT id FROM topics WHERE slug = ?1",
	/* STMT_POST_TOPICS_CLEAR */
	"DELETE FROM post_topics WHERE post_id = ?1",
	/* STMT_POST_TOPIC_ADD */
	"INSERT OR IGNORE INTO post_topics (post_id, topic_id, position) VALUES (?1, ?2, ?3)",
	/* STMT_POST_TOPICS */
	"SELECT t.slug, t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
	"WHERE pt.post_id = ?1 ORDER BY pt.position",
	/* STMT_SLUG_HISTORY_ADD */
	"INSERT INTO slug_history (slug, post_id, changed_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (slug) DO UPDATE SET post_id = excluded.post_id, "
	"changed_at = excluded.changed_at",
	/* STMT_SLUG_HISTORY_GET */
	"SELECT p.slug, p.kind FROM slug_history h JOIN posts p ON p.id = h.post_id "
	"WHERE h.slug = ?1",
	/* STMT_AUDIT_ADD */
	"INSERT INTO audit_log (at, who, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* STMT_FTS_DELETE: must run before the row changes (external content needs old text) */
	"INSERT INTO posts_fts (posts_fts, rowid, title, summary, body_md) "
	"SELECT 'delete', id, title, summary, body_md FROM posts WHERE id = ?1",
	/* STMT_FTS_INSERT */
	"INSERT INTO posts_fts (rowid, title, summary, body_md) "
	"SELECT id, title, summary, body_md FROM posts WHERE id = ?1",
	/* STMT_TOPICS_ALL: topics with at least one visible article, and how many */
	"SELECT t.slug, t.name, count(*) FROM topics t "
	"JOIN post_topics pt ON pt.topic_id = t.id JOIN posts p ON p.id = pt.post_id "
	"WHERE p.kind = 'article' AND " VISIBLE("?1") " "
	"GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
	/* STMT_TOPIC_BY_SLUG */
	"SELECT id, name FROM topics WHERE slug = ?1",
	/* STMT_TOPIC_POSTS */
	"SELECT " POST_COLS " FROM posts p JOIN post_topics pt ON pt.post_id = p.id "
	"WHERE pt.topic_id = ?1 AND p.kind = 'article' AND " VISIBLE("?2") " "
	"ORDER BY p.published_at DESC, p.id DESC LIMIT ?3 OFFSET ?4",
	/* STMT_TOPIC_COUNT */
	"SELECT count(*) FROM posts p JOIN post_topics pt ON pt.post_id = p.id "
	"WHERE pt.topic_id = ?1 AND p.kind = 'article' AND " VISIBLE("?2"),
	/* STMT_SEARCH: ranked with title above summary above body; ?1 is sanitised (search.c) */
	"SELECT p.slug, p.kind, p.title, p.published_at, "
	"snippet(posts_fts, 2, char(1), char(2), '…', 20), p.summary "
	"FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"WHERE posts_fts MATCH ?1 AND " VISIBLE("?2") " "
	"ORDER BY bm25(posts_fts, 10.0, 4.0, 1.0) LIMIT ?3 OFFSET ?4",
	/* STMT_SEARCH_COUNT */
	"SELECT count(*) FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid "
	"WHERE posts_fts MATCH ?1 AND " VISIBLE("?2"),
	/* STMT_SITEMAP: every visible article and page with its last substantive change */
	"SELECT p.slug, p.kind, max(coalesce(p.substantive_at, p.published_at), p.published_at) "
	"FROM posts p WHERE " VISIBLE("?1") " ORDER BY p.kind, p.published_at DESC",
	/* STMT_MEDIA_GET */
	"SELECT name, mime, size, sha256, created_at, bytes FROM media WHERE id = ?1",
	/* STMT_REDIRECT_GET */
	"SELECT to_path FROM redirects WHERE from_path = ?1",
	/* STMT_SETTINGS_ALL */
	"SELECT key, value FROM settings",
	/* STMT_SETTING_SET */
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
};
