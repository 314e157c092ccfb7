/* db_sql.c: every SQL statement of Meridian, in one table indexed by enum stmt.
 * Visibility rule, used wherever visitors look: status 'published', not in the trash,
 * and published_at <= the request's "now" (bound as a parameter, so scheduling needs no cron). */
#include "config.h"

#include "meridian.h"

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
	/* STMT_SETTINGS_ALL */
	"SELECT key, value FROM settings",
	/* STMT_SETTING_SET */
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
};
