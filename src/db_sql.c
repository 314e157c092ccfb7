/* SPDX-License-Identifier: ISC */
/* db_sql.c: every SQL statement of Meridian, in one table indexed by enum stmt
 * (test-tables checks that every value has its statement).
 * Visibility rule, used wherever visitors look: status 'published', not in the trash,
 * and published_at <= the request's "now" (bound as a parameter, so scheduling needs no cron). */
#include "config.h"

#include "meridian.h"

/*
 * The visibility rule as SQL, in one place: LIVE is "published and not in the trash" for
 * table prefix t ("p." or ""); VISIBLE adds "published by now" on alias p. Statements that
 * find a neighbour by publish time use LIVE with their own time condition.
 */
#define LIVE(t)	t "status = 'published' AND " t "deleted_at IS NULL"
#define VISIBLE(now) \
	LIVE("p.") " AND p.published_at <= " now

/*
 * A post's columns as post_from_row() reads them. POST_HEAD_COLS leaves out the body, which
 * lists do not show: it is the row's last column (sql/0004), so not asking for it means its
 * overflow pages are never read.
 */
#define POST_HEAD_COLS \
	"id, kind, slug, title, summary, status, published_at, created_at, " \
	"updated_at, substantive_at, author, reviewer, reviewed_date, review_due_date, " \
	"deleted_at, version, reading_minutes"
#define POST_COLS	POST_HEAD_COLS ", body_md"

const char *const db_sqls[STMT__MAX] = {
	[STMT_HEALTH] =
	"SELECT count(*) FROM site_state",
	[STMT_SITE_GEN] =
	"SELECT generation, changed_at FROM site_state WHERE id = 1",
	[STMT_POST_BY_SLUG] =
	"SELECT " POST_COLS " FROM posts WHERE slug = ?1",
	[STMT_POST_ID_BY_SLUG] =
	"SELECT id, version FROM posts WHERE slug = ?1",
	[STMT_POST_LIST_VISIBLE] =
	"SELECT " POST_HEAD_COLS " FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at <= ?1 ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3",
	[STMT_POST_COUNT_VISIBLE] =
	"SELECT count(*) FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at <= ?1",
	/*
	 * Newest visible publish time at ?1, for ETags, and the next time a post comes due
	 * after ?1 (0: none), until when the first stays true. One seek in the posts_visible
	 * index per kind and end (the CHECK allows no other kind), where a condition
	 * without the kind scanned the whole index: 2 ms with 10 000 articles, now 5 us.
	 * ("kind IN (...)" seeks too, but builds a temporary b-tree each time.)
	 */
	[STMT_POST_LAST_VISIBLE] =
	"SELECT max("
	"coalesce((SELECT max(published_at) FROM posts WHERE kind = 'article' "
	"AND " LIVE("") " AND published_at <= ?1), 0), "
	"coalesce((SELECT max(published_at) FROM posts WHERE kind = 'page' "
	"AND " LIVE("") " AND published_at <= ?1), 0)), "
	"coalesce((SELECT min(v) FROM ("
	"SELECT min(published_at) AS v FROM posts WHERE kind = 'article' "
	"AND " LIVE("") " AND published_at > ?1 UNION ALL "
	"SELECT min(published_at) FROM posts WHERE kind = 'page' "
	"AND " LIVE("") " AND published_at > ?1)), 0)",
	/*
	 * The visible article published just before ?1 (tie-break on id), ?2
	 * the post's id, ?3 now. In two steps that the posts_visible index answers directly:
	 * the publish time of that article, then the highest id at that time. One query
	 * ordered by (published_at DESC, id DESC) needed a temporary b-tree, with its own
	 * page cache allocated and freed, on every article view.
	 */
	[STMT_POST_PREV] =
	"SELECT slug, title FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at = (SELECT published_at FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at <= min(?1, ?3) AND (published_at < ?1 OR (published_at = ?1 AND id < ?2)) "
	"ORDER BY published_at DESC LIMIT 1) "
	"AND (published_at < ?1 OR id < ?2) ORDER BY id DESC LIMIT 1",
	/* the same the other way */
	[STMT_POST_NEXT] =
	"SELECT slug, title FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at = (SELECT published_at FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at >= ?1 AND published_at <= ?3 "
	"AND (published_at > ?1 OR (published_at = ?1 AND id > ?2)) "
	"ORDER BY published_at ASC LIMIT 1) "
	"AND (published_at > ?1 OR id > ?2) ORDER BY id ASC LIMIT 1",
	[STMT_POST_VERSION] =
	"SELECT version, slug FROM posts WHERE id = ?1",
	/* ?2 = time, or NULL to restore */
	[STMT_POST_TRASH] =
	"UPDATE posts SET deleted_at = ?2, version = version + 1 WHERE id = ?1",
	[STMT_SLUG_HISTORY_DEL] =
	"DELETE FROM slug_history WHERE slug = ?1",
	/* numbered as STMT_POST_UPDATE (post.c binds both alike) */
	[STMT_POST_INSERT] =
	"INSERT INTO posts (kind, slug, title, summary, body_md, status, published_at, "
	"created_at, updated_at, substantive_at, author, reviewer, reviewed_date, "
	"review_due_date, version, reading_minutes) "
	"VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?11, ?12, ?14, 1, ?15)",
	/* bumps the version; ?13 = substantive flag */
	[STMT_POST_UPDATE] =
	"UPDATE posts SET kind = ?2, slug = ?3, title = ?4, summary = ?5, body_md = ?6, "
	"status = ?7, published_at = ?8, updated_at = ?9, "
	"substantive_at = CASE WHEN ?13 THEN ?9 ELSE substantive_at END, "
	"author = ?10, reviewer = ?11, reviewed_date = ?12, review_due_date = ?14, "
	"reading_minutes = ?15, version = version + 1 WHERE id = ?1",
	/* a snapshot of the row as just saved */
	[STMT_REVISION_INSERT] =
	"INSERT INTO revisions (post_id, version, created_at, saved_by, kind, slug, title, "
	"summary, body_md, status, published_at, author, reviewer, reviewed_date, "
	"review_due_date, topics) "
	"SELECT id, version, ?2, ?3, kind, slug, title, summary, body_md, status, "
	"published_at, author, reviewer, reviewed_date, review_due_date, ?4 "
	"FROM posts WHERE id = ?1",
	[STMT_TOPIC_UPSERT] =
	"INSERT INTO topics (slug, name) VALUES (?1, ?2) "
	"ON CONFLICT (slug) DO UPDATE SET name = excluded.name WHERE name <> excluded.name",
	[STMT_TOPIC_ID] =
	"SELECT id FROM topics WHERE slug = ?1",
	[STMT_POST_TOPICS_CLEAR] =
	"DELETE FROM post_topics WHERE post_id = ?1",
	[STMT_POST_TOPIC_ADD] =
	"INSERT OR IGNORE INTO post_topics (post_id, topic_id, position) VALUES (?1, ?2, ?3)",
	[STMT_POST_TOPICS] =
	"SELECT t.slug, t.name FROM post_topics pt JOIN topics t ON t.id = pt.topic_id "
	"WHERE pt.post_id = ?1 ORDER BY pt.position",
	[STMT_SLUG_HISTORY_ADD] =
	"INSERT INTO slug_history (slug, post_id, changed_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (slug) DO UPDATE SET post_id = excluded.post_id, "
	"changed_at = excluded.changed_at",
	[STMT_SLUG_HISTORY_GET] =
	"SELECT p.slug, p.kind FROM slug_history h JOIN posts p ON p.id = h.post_id "
	"WHERE h.slug = ?1",
	[STMT_AUDIT_ADD] =
	"INSERT INTO audit_log (at, who, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* must run before the row changes (external content needs old text) */
	[STMT_FTS_DELETE] =
	"INSERT INTO posts_fts (posts_fts, rowid, title, summary, body_md) "
	"SELECT 'delete', id, title, summary, body_md FROM posts WHERE id = ?1",
	[STMT_FTS_INSERT] =
	"INSERT INTO posts_fts (rowid, title, summary, body_md) "
	"SELECT id, title, summary, body_md FROM posts WHERE id = ?1",
	/* topics with at least one visible article, and how many */
	[STMT_TOPICS_ALL] =
	"SELECT t.slug, t.name, count(*) FROM topics t "
	"JOIN post_topics pt ON pt.topic_id = t.id JOIN posts p ON p.id = pt.post_id "
	"WHERE p.kind = 'article' AND " VISIBLE("?1") " "
	"GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
	[STMT_TOPIC_BY_SLUG] =
	"SELECT id, name FROM topics WHERE slug = ?1",
	/* newest first from post_topics_listed (sql/0005), each checked */
	[STMT_TOPIC_POSTS] =
	"SELECT " POST_HEAD_COLS " FROM post_topics pt INDEXED BY post_topics_listed "
	"CROSS JOIN posts p ON p.id = pt.post_id "
	"WHERE pt.topic_id = ?1 AND pt.listed_at <= ?2 AND p.kind = 'article' AND "
	VISIBLE("?2") " ORDER BY pt.listed_at DESC, pt.post_id DESC LIMIT ?3 OFFSET ?4",
	/* posts_id_visible: see sql/0003 */
	[STMT_TOPIC_COUNT] =
	"SELECT count(*) FROM posts p INDEXED BY posts_id_visible "
	"JOIN post_topics pt ON pt.post_id = p.id "
	"WHERE pt.topic_id = ?1 AND p.kind = 'article' AND " VISIBLE("?2"),
	/*
	 * One result of a page, ?2 a rowid from STMT_SEARCH_PAGE, with its
	 * snippet. A snippet tokenises the whole body, so it is made only for the rows shown.
	 */
	[STMT_SEARCH_ROW] =
	"SELECT p.slug, p.kind, p.title, p.published_at, "
	"snippet(posts_fts, 2, char(1), char(2), '…', 20), p.summary "
	"FROM posts_fts JOIN posts p INDEXED BY posts_id_visible ON p.id = posts_fts.rowid "
	"WHERE posts_fts MATCH ?1 AND posts_fts.rowid = ?2 AND " VISIBLE("?3"),
	/* when STMT_SEARCH_PAGE has no row (no match, or past the end); ?3 as its ?5 */
	[STMT_SEARCH_COUNT] =
	"SELECT count(*) FROM (SELECT rowid AS id FROM posts_fts WHERE posts_fts MATCH ?1 "
	"ORDER BY rowid DESC LIMIT ?3) m JOIN posts p INDEXED BY posts_id_visible "
	"ON p.id = m.id WHERE " VISIBLE("?2"),
	/*
	 * The rowids of one page of visible matches, ranked with title above
	 * summary above body (?1 is sanitised by search.c), each with the number of
	 * matches ranked: the ranking pass runs once. bm25() only works in the query that
	 * has the MATCH, hence the inner one. Only the ?5 newest matches (by rowid, which
	 * FTS5 walks in order without ranking the rest) are ranked, so a word found in every
	 * post costs as much as one found in ?5 of them.
	 */
	[STMT_SEARCH_PAGE] =
	"SELECT id, count(*) OVER () FROM (SELECT m.id AS id, m.r AS r FROM "
	"(SELECT rowid AS id, bm25(posts_fts, 10.0, 4.0, 1.0) AS r FROM posts_fts "
	"WHERE posts_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?5) m "
	"JOIN posts p INDEXED BY posts_id_visible ON p.id = m.id WHERE " VISIBLE("?2") ") "
	"ORDER BY r, id LIMIT ?3 OFFSET ?4",
	/* every visible article and page with its last substantive change */
	[STMT_SITEMAP] =
	"SELECT p.slug, p.kind, max(coalesce(p.substantive_at, p.published_at), p.published_at) "
	"FROM posts p WHERE " VISIBLE("?1") " ORDER BY p.kind, p.published_at DESC",
	[STMT_MEDIA_GET] =
	"SELECT name, mime, size, sha256, created_at, bytes FROM media WHERE id = ?1",
	[STMT_REDIRECT_GET] =
	"SELECT to_path FROM redirects WHERE from_path = ?1",
	[STMT_USER_BY_NAME] =
	"SELECT id, name, pwhash, role, display_name FROM users WHERE name = ?1",
	[STMT_USER_BY_ID] =
	"SELECT id, name, pwhash, role, display_name FROM users WHERE id = ?1",
	[STMT_USER_INSERT] =
	"INSERT INTO users (name, pwhash, role, created_at, display_name) "
	"VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_USER_SET_HASH] =
	"UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[STMT_USER_SET_ROLE] =
	"UPDATE users SET role = ?2 WHERE id = ?1",
	[STMT_USER_DELETE] =
	"DELETE FROM users WHERE id = ?1",
	[STMT_USER_LIST] =
	"SELECT u.id, u.name, u.role, u.created_at, u.display_name, coalesce(m.enabled, 0) "
	"FROM users u LEFT JOIN user_mfa m ON m.user_id = u.id ORDER BY u.name",
	[STMT_USER_COUNT_ADMINS] =
	"SELECT count(*) FROM users WHERE role = 'admin'",
	[STMT_SESSION_INSERT] =
	"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, seen_at) "
	"VALUES (?1, ?2, ?3, ?4, ?4)",
	/* the session and its user, if neither idle nor too old */
	[STMT_SESSION_GET] =
	"SELECT s.user_id, s.csrf_token, s.created_at, s.seen_at, u.name, u.role "
	"FROM sessions s JOIN users u ON u.id = s.user_id "
	"WHERE s.token_hash = ?1 AND s.seen_at > ?2 AND s.created_at > ?3",
	[STMT_SESSION_TOUCH] =
	"UPDATE sessions SET seen_at = ?2 WHERE token_hash = ?1",
	[STMT_SESSION_DELETE] =
	"DELETE FROM sessions WHERE token_hash = ?1",
	/* every session of a user (password change, deletion) */
	[STMT_SESSION_DELETE_USER] =
	"DELETE FROM sessions WHERE user_id = ?1",
	/* expired sessions */
	[STMT_SESSION_PURGE] =
	"DELETE FROM sessions WHERE seen_at <= ?1 OR created_at <= ?2",
	[STMT_ATTEMPT_INSERT] =
	"INSERT INTO login_attempts (username, addr, at, ok) VALUES (?1, ?2, ?3, ?4)",
	/* failures since the last success, within the window; "since" in the order of the
	 * attempts (ids), as several can fall in the same second */
	[STMT_ATTEMPT_USER_FAILS] =
	"SELECT count(*), coalesce(max(at), 0) FROM login_attempts WHERE username = ?1 "
	"AND ok = 0 AND at > ?2 AND id > coalesce((SELECT max(id) FROM login_attempts "
	"WHERE username = ?1 AND ok = 1), 0)",
	[STMT_ATTEMPT_ADDR_FAILS] =
	"SELECT count(*), coalesce(min(at), 0) FROM login_attempts "
	"WHERE addr = ?1 AND ok = 0 AND at > ?2",
	[STMT_ATTEMPT_PURGE] =
	"DELETE FROM login_attempts WHERE at < ?1",
	[STMT_POST_BY_ID] =
	"SELECT " POST_COLS " FROM posts WHERE id = ?1",
	/* ?1 state (draft, scheduled, published, trash, or all), ?2 now */
	[STMT_ADMIN_LIST] =
	"SELECT " POST_HEAD_COLS " FROM posts WHERE CASE ?1 "
	"WHEN 'draft' THEN status = 'draft' AND deleted_at IS NULL "
	"WHEN 'scheduled' THEN status = 'published' AND published_at > ?2 "
	"AND deleted_at IS NULL "
	"WHEN 'published' THEN status = 'published' AND published_at <= ?2 "
	"AND deleted_at IS NULL "
	"WHEN 'trash' THEN deleted_at IS NOT NULL "
	"ELSE deleted_at IS NULL END "
	"ORDER BY CASE ?1 WHEN 'scheduled' THEN published_at END ASC, updated_at DESC "
	"LIMIT ?3",
	/* reviews due by ?1 (a day), soonest first */
	[STMT_ADMIN_REVIEWS] =
	"SELECT " POST_HEAD_COLS " FROM posts WHERE deleted_at IS NULL "
	"AND review_due_date IS NOT NULL AND review_due_date <= ?1 "
	"ORDER BY review_due_date LIMIT 50",
	[STMT_REVISIONS_OF] =
	"SELECT id, version, created_at, saved_by, title, status FROM revisions "
	"WHERE post_id = ?1 ORDER BY version DESC LIMIT 500",
	/* revision ?1, only if it belongs to post ?2 */
	[STMT_REVISION_GET] =
	"SELECT kind, slug, title, summary, body_md, status, published_at, author, "
	"reviewer, reviewed_date, review_due_date, topics, version, created_at, saved_by "
	"FROM revisions "
	"WHERE id = ?1 AND post_id = ?2",
	/* who saved a post last */
	[STMT_REVISION_LAST_BY] =
	"SELECT saved_by, created_at FROM revisions WHERE post_id = ?1 "
	"ORDER BY version DESC LIMIT 1",
	[STMT_TRASH_IDS] =
	"SELECT id, slug FROM posts WHERE deleted_at IS NOT NULL",
	/* only from the trash; revisions and topics go by cascade */
	[STMT_POST_DELETE] =
	"DELETE FROM posts WHERE id = ?1 AND deleted_at IS NOT NULL",
	[STMT_MEDIA_INSERT] =
	"INSERT INTO media (name, mime, size, sha256, alt, bytes, created_at, uploaded_by) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[STMT_MEDIA_LIST] =
	"SELECT id, name, mime, size, alt, created_at, uploaded_by FROM media "
	"ORDER BY id DESC LIMIT 500",
	[STMT_REDIRECT_LIST] =
	"SELECT from_path, to_path, created_at FROM redirects ORDER BY from_path",
	[STMT_REDIRECT_SET] =
	"INSERT INTO redirects (from_path, to_path, created_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path",
	[STMT_REDIRECT_DEL] =
	"DELETE FROM redirects WHERE from_path = ?1",
	[STMT_AUDIT_LIST] =
	"SELECT at, who, action, target, detail FROM audit_log ORDER BY id DESC LIMIT 500",
	[STMT_SETTINGS_ALL] =
	"SELECT key, value FROM settings",
	[STMT_SETTING_SET] =
	"INSERT INTO settings (key, value) VALUES (?1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* one row "ok", or one row per problem (check, backup) */
	[STMT_INTEGRITY_CHECK] =
	"PRAGMA integrity_check",
	/* no row when every reference holds */
	[STMT_FK_CHECK] =
	"PRAGMA foreign_key_check",
	/* what a backup must hold as many of as its source (BACKUP_NCOUNTS) */
	[STMT_ROW_COUNTS] =
	"SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM revisions), "
	"(SELECT count(*) FROM media), (SELECT count(*) FROM users)",
	/* everything but the trash, in a stable order */
	[STMT_EXPORT_POSTS] =
	"SELECT " POST_COLS " FROM posts WHERE deleted_at IS NULL ORDER BY slug",
	[STMT_EXPORT_MEDIA] =
	"SELECT id, name, mime, sha256, created_at, uploaded_by, alt, bytes FROM media "
	"ORDER BY id",
	/* whether an imported media id is free, or holds the same file */
	[STMT_MEDIA_SHA] =
	"SELECT sha256 FROM media WHERE id = ?1",
	/* an account's second factor (sql/0006) */
	[STMT_MFA_GET] =
	"SELECT secret, enabled, last_step FROM user_mfa WHERE user_id = ?1",
	/* enrolment keeps the secret already shown until it is confirmed */
	[STMT_MFA_START] =
	"INSERT INTO user_mfa (user_id, secret, enabled, last_step, created_at) "
	"VALUES (?1, ?2, 0, 0, ?3) ON CONFLICT (user_id) DO NOTHING",
	/* ?2 the step of the confirming code, which may not be used again */
	[STMT_MFA_ENABLE] =
	"UPDATE user_mfa SET enabled = 1, last_step = ?2 WHERE user_id = ?1 AND enabled = 0",
	/* changes one row only for a step later than any used (replay) */
	[STMT_MFA_USE_STEP] =
	"UPDATE user_mfa SET last_step = ?2 WHERE user_id = ?1 AND enabled = 1 "
	"AND last_step < ?2",
	[STMT_MFA_DELETE] =
	"DELETE FROM user_mfa WHERE user_id = ?1",
	[STMT_MFA_RECOVERY_CLEAR] =
	"DELETE FROM mfa_recovery WHERE user_id = ?1",
	[STMT_MFA_RECOVERY_ADD] =
	"INSERT INTO mfa_recovery (user_id, code_hash) VALUES (?1, ?2)",
	/* a recovery code is spent by deleting it */
	[STMT_MFA_RECOVERY_USE] =
	"DELETE FROM mfa_recovery WHERE user_id = ?1 AND code_hash = ?2",
	[STMT_MFA_RECOVERY_COUNT] =
	"SELECT count(*) FROM mfa_recovery WHERE user_id = ?1",
	[STMT_MFA_PENDING_ADD] =
	"INSERT INTO mfa_pending (token_hash, user_id, csrf_token, expires_at) "
	"VALUES (?1, ?2, ?3, ?4)",
	/* ?2 now */
	[STMT_MFA_PENDING_GET] =
	"SELECT p.user_id, p.csrf_token, u.name, u.role FROM mfa_pending p "
	"JOIN users u ON u.id = p.user_id WHERE p.token_hash = ?1 AND p.expires_at > ?2",
	/* single use; changes no row when another request used it */
	[STMT_MFA_PENDING_USE] =
	"DELETE FROM mfa_pending WHERE token_hash = ?1 AND expires_at > ?2",
	[STMT_MFA_PENDING_PURGE] =
	"DELETE FROM mfa_pending WHERE expires_at <= ?1",
	/* every pending login of one account */
	[STMT_MFA_PENDING_CLEAR] =
	"DELETE FROM mfa_pending WHERE user_id = ?1",
	/* as STMT_POST_LIST_VISIBLE, with the bodies a feed carries */
	[STMT_FEED_VISIBLE] =
	"SELECT " POST_COLS " FROM posts "
	"WHERE kind = 'article' AND " LIVE("") " "
	"AND published_at <= ?1 ORDER BY published_at DESC, id DESC LIMIT ?2 OFFSET ?3",
	/* as STMT_TOPIC_POSTS, with the bodies */
	[STMT_TOPIC_FEED] =
	"SELECT " POST_COLS " FROM post_topics pt INDEXED BY post_topics_listed "
	"CROSS JOIN posts p ON p.id = pt.post_id "
	"WHERE pt.topic_id = ?1 AND pt.listed_at <= ?2 AND p.kind = 'article' AND "
	VISIBLE("?2") " ORDER BY pt.listed_at DESC, pt.post_id DESC LIMIT ?3 OFFSET ?4",
	/* a visitor's request (db_read_begin) */
	[STMT_READ_BEGIN] = "BEGIN",
	[STMT_READ_END] = "COMMIT",
	/* staff security: login throttle reservations, the site's secret, display names */
	/* a reserved attempt (recorded as a failure) that was right */
	[STMT_ATTEMPT_SUCCEED] =
	"UPDATE login_attempts SET ok = 1 WHERE id = ?1",
	/* a reserved attempt that counts neither way */
	[STMT_ATTEMPT_RELEASE] =
	"DELETE FROM login_attempts WHERE id = ?1",
	[STMT_SITE_SECRET_GET] =
	"SELECT value FROM site_secrets WHERE name = ?1",
	[STMT_USER_SET_DISPLAY_NAME] =
	"UPDATE users SET display_name = ?2 WHERE id = ?1",
	/* images: variants and featured images (media_store.c). ?1 NULL picks a new id. */
	[STMT_MEDIA_STORE] =
	"INSERT INTO media (id, name, mime, size, sha256, alt, bytes, created_at, uploaded_by, "
	"width, height) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[STMT_MEDIA_VARIANT_ADD] =
	"INSERT INTO media_variants (media_id, width, height, format, sha256, bytes) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_MEDIA_VARIANTS_CLEAR] =
	"DELETE FROM media_variants WHERE media_id = ?1",
	/* a rebuild: the processed full size replaces what the row held */
	[STMT_MEDIA_REPLACE] =
	"UPDATE media SET name = ?2, mime = ?3, size = ?4, sha256 = ?5, bytes = ?6, width = ?7, "
	"height = ?8 WHERE id = ?1",
	[STMT_MEDIA_VARIANTS_OF] =
	"SELECT width, height, format, sha256 FROM media_variants WHERE media_id = ?1 "
	"ORDER BY width DESC, format",
	[STMT_MEDIA_VARIANT_GET] =
	"SELECT height, sha256, bytes FROM media_variants WHERE media_id = ?1 AND width = ?2 "
	"AND format = ?3",
	[STMT_MEDIA_INFO] =
	"SELECT name, alt, width, height FROM media WHERE id = ?1",
	/* rebuild walks the library in id order */
	[STMT_MEDIA_NEXT] =
	"SELECT id FROM media WHERE id > ?1 ORDER BY id LIMIT 1",
	[STMT_MEDIA_SOURCE] =
	"SELECT name, bytes FROM media WHERE id = ?1",
	[STMT_POST_IMAGE_GET] =
	"SELECT media_id FROM post_images WHERE post_id = ?1",
	[STMT_POST_IMAGE_SET] =
	"INSERT INTO post_images (post_id, media_id) VALUES (?1, ?2) "
	"ON CONFLICT (post_id) DO UPDATE SET media_id = excluded.media_id",
	[STMT_POST_IMAGE_CLEAR] =
	"DELETE FROM post_images WHERE post_id = ?1",
	/* the media library: ?1 is a LIKE pattern with '\\' escaping */
	[STMT_MEDIA_SEARCH] =
	"SELECT id, name, mime, size, alt, created_at, uploaded_by FROM media "
	"WHERE name LIKE ?1 ESCAPE '\\' OR alt LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT 500",
	/* posts in the trash count: restored, they would show a missing image */
	[STMT_MEDIA_USES_FEATURED] =
	"SELECT i.media_id, p.id, p.kind, p.title, p.deleted_at IS NOT NULL "
	"FROM post_images i JOIN posts p ON p.id = i.post_id ORDER BY p.id",
	[STMT_MEDIA_USES_FEATURED_OF] =
	"SELECT i.media_id, p.id, p.kind, p.title, p.deleted_at IS NOT NULL "
	"FROM post_images i JOIN posts p ON p.id = i.post_id WHERE i.media_id = ?1 ORDER BY p.id",
	/* bodies that may link a library image; media_store.c reads which ones */
	[STMT_MEDIA_USES_BODY] =
	"SELECT id, kind, title, deleted_at IS NOT NULL, body_md FROM posts "
	"WHERE instr(body_md, '/media/') > 0 ORDER BY id",
	[STMT_MEDIA_ALT_SET] =
	"UPDATE media SET alt = ?2 WHERE id = ?1",
	/* variants and WordPress paths go with it (ON DELETE CASCADE) */
	[STMT_MEDIA_DELETE] =
	"DELETE FROM media WHERE id = ?1",
	/* `meridian check` decodes every variant */
	[STMT_MEDIA_VARIANTS_BYTES] =
	"SELECT width, height, format, sha256, bytes FROM media_variants WHERE media_id = ?1 "
	"ORDER BY width DESC, format",
	/* the writing desk's autosave slots (autosave.c) */
	[STMT_AUTOSAVE_PUT] =
	"INSERT INTO autosaves (user_id, post_id, title, summary, body, saved_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id, post_id) DO UPDATE SET "
	"title = excluded.title, summary = excluded.summary, body = excluded.body, "
	"saved_at = excluded.saved_at",
	[STMT_AUTOSAVE_GET] =
	"SELECT title, summary, body, saved_at FROM autosaves WHERE user_id = ?1 AND post_id = ?2",
	[STMT_AUTOSAVE_DROP] =
	"DELETE FROM autosaves WHERE user_id = ?1 AND post_id = ?2",
	[STMT_AUTOSAVE_POST_EXISTS] =
	"SELECT 1 FROM posts WHERE id = ?1",
	/* `meridian check --content` (checks_report.c) */
	[STMT_CHECKS_POSTS] =
	"SELECT " POST_COLS " FROM posts WHERE deleted_at IS NULL ORDER BY id",
	/* WordPress import (wp_store.c, sql/0010): the post a WordPress id became, if it is
	 * still there */
	[STMT_WP_POST_GET] =
	"SELECT w.post_id FROM wp_posts w JOIN posts p ON p.id = w.post_id WHERE w.wp_id = ?1",
	[STMT_WP_POST_SET] =
	"INSERT INTO wp_posts (wp_id, post_id) VALUES (?1, ?2) "
	"ON CONFLICT (wp_id) DO UPDATE SET post_id = excluded.post_id",
	/* the image an uploads file became */
	[STMT_WP_MEDIA_GET] =
	"SELECT m.id, m.name FROM wp_media w JOIN media m ON m.id = w.media_id WHERE w.path = ?1",
	[STMT_WP_MEDIA_SET] =
	"INSERT INTO wp_media (path, media_id) VALUES (?1, ?2) "
	"ON CONFLICT (path) DO UPDATE SET media_id = excluded.media_id",
	/* whether a database holds table ?1 (Litestream's, for meridian check) */
	[STMT_TABLE_EXISTS] =
	"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
};
