/* post.c: articles and pages: load for display and save (post + revision + topics + audit in
 * one transaction). Status lifecycle: draft -> published; a published post whose published_at
 * lies in the future is "scheduled" and becomes visible by itself; deleted_at set = trash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "slug.h"
#include "util.h"

/* Fills "p" from a row selected with POST_COLS (db_sql.c). The post owns its strings. */
void
post_from_row(sqlite3_stmt *st, struct post *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->kind = db_col_text(st, 1);
	p->slug = db_col_text(st, 2);
	p->title = db_col_text(st, 3);
	p->summary = db_col_text(st, 4);
	p->body_md = db_col_text(st, 5);
	p->status = db_col_text(st, 6);
	p->published_at = (time_t)sqlite3_column_int64(st, 7);
	p->created_at = (time_t)sqlite3_column_int64(st, 8);
	p->updated_at = (time_t)sqlite3_column_int64(st, 9);
	p->substantive_at = (time_t)sqlite3_column_int64(st, 10);
	p->author = db_col_text(st, 11);
	p->reviewer = db_col_text(st, 12);
	p->reviewed_date = db_col_text_null(st, 13);
	p->review_due_date = db_col_text_null(st, 14);
	p->deleted_at = (time_t)sqlite3_column_int64(st, 15);
	p->version = sqlite3_column_int64(st, 16);
}

void
post_free(struct post *p)
{
	if (p == NULL)
		return;
	free(p->kind);
	free(p->slug);
	free(p->title);
	free(p->summary);
	free(p->body_md);
	free(p->status);
	free(p->author);
	free(p->reviewer);
	free(p->reviewed_date);
	free(p->review_due_date);
	memset(p, 0, sizeof(*p));
}

/* Lookup: -1 error, 0 no such slug, 1 found ("p" set, whatever its status). */
int
post_load_by_slug(struct db *db, const char *slug, struct post *p)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_BY_SLUG);
	int		 rc;

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		post_from_row(st, p);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return -1;
}

/* The one visibility rule for visitors (mirrored in SQL in db_sql.c). */
int
post_is_visible(const struct post *p, time_t now)
{
	return strcmp(p->status, "published") == 0 && p->deleted_at == 0 &&
	    p->published_at <= now;
}

static int
step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	log_warnx("%s: %s", what, sqlite3_errmsg(db->conn));
	return -1;
}

static void
bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Replaces the post's topics; "names" become topics (created when new). 0 or -1. */
static int
post_set_topics(struct db *db, int64_t id, char *const *names, size_t n,
    struct buf *joined)
{
	sqlite3_stmt	*st;
	char		 slug[128];
	size_t		 i;
	int64_t		 tid;

	st = db_stmt(db, STMT_POST_TOPICS_CLEAR);
	sqlite3_bind_int64(st, 1, id);
	if (step_done(db, st, "topics clear") == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (topic_slug(names[i], slug, sizeof(slug)) == -1)
			continue;
		st = db_stmt(db, STMT_TOPIC_UPSERT);
		sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, names[i], -1, SQLITE_STATIC);
		if (step_done(db, st, "topic upsert") == -1)
			return -1;
		st = db_stmt(db, STMT_TOPIC_ID);
		sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			log_warnx("%s: topic %s vanished", __func__, slug);
			return -1;
		}
		tid = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		st = db_stmt(db, STMT_POST_TOPIC_ADD);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, tid);
		sqlite3_bind_int(st, 3, (int)i);
		if (step_done(db, st, "topic add") == -1)
			return -1;
		if (joined->len > 0)
			buf_puts(joined, ", ");
		buf_puts(joined, names[i]);
	}
	return 0;
}

/* Removes (STMT_FTS_DELETE) or adds (STMT_FTS_INSERT) post "id" in the search index. */
int
post_fts(struct db *db, enum stmt which, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(db, which);

	sqlite3_bind_int64(st, 1, id);
	return step_done(db, st, "search index");
}

/* Appends one audit-log row inside the caller's transaction. 0 or -1. */
int
post_audit(struct db *db, time_t now, const char *who, const char *action,
    const char *target, const char *detail)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_AUDIT_ADD);

	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail ? detail : "", -1, SQLITE_STATIC);
	return step_done(db, st, "audit");
}

/*
 * Creates or updates the post with in->slug: the row, a revision, its topics and an audit
 * line, all in one IMMEDIATE transaction. Validation is the caller's job. "id" receives the
 * post's id. Returns POST_SAVED_NEW, POST_SAVED_UPDATE or POST_SAVE_ERROR (rolled back).
 */
enum post_save_result
post_save_by_slug(struct db *db, const struct post_input *in, time_t now, int64_t *id)
{
	sqlite3_stmt		*st;
	struct buf		 topics;
	enum post_save_result	 res = POST_SAVE_ERROR;
	time_t			 pub, upd;
	int			 rc;

	buf_init(&topics);
	pub = in->published_at ? in->published_at : now;
	upd = in->updated_at ? in->updated_at : now;
	if (db_begin(db) == -1)
		return POST_SAVE_ERROR;
	st = db_stmt(db, STMT_POST_ID_BY_SLUG);
	sqlite3_bind_text(st, 1, in->slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		if (post_fts(db, STMT_FTS_DELETE, *id) == -1)
			goto fail;
		st = db_stmt(db, STMT_POST_UPDATE);
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, in->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, in->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, in->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, in->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, in->body_md, (int)in->body_len, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, in->status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, (sqlite3_int64)pub);
		sqlite3_bind_int64(st, 9, (sqlite3_int64)upd);
		sqlite3_bind_text(st, 10, in->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, in->reviewer, -1, SQLITE_STATIC);
		bind_text_or_null(st, 12, in->reviewed_date);
		sqlite3_bind_int(st, 13, in->substantive);
		bind_text_or_null(st, 14, in->review_due_date);
		if (step_done(db, st, "post update") == -1)
			goto fail;
		res = POST_SAVED_UPDATE;
	} else if (rc == SQLITE_DONE) {
		st = db_stmt(db, STMT_POST_INSERT);
		sqlite3_bind_text(st, 1, in->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, in->slug, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, in->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, in->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, in->body_md, (int)in->body_len, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, in->status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)pub);
		sqlite3_bind_int64(st, 8, (sqlite3_int64)upd);
		sqlite3_bind_text(st, 9, in->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, in->reviewer, -1, SQLITE_STATIC);
		bind_text_or_null(st, 11, in->reviewed_date);
		bind_text_or_null(st, 12, in->review_due_date);
		if (step_done(db, st, "post insert") == -1)
			goto fail;
		*id = sqlite3_last_insert_rowid(db->conn);
		res = POST_SAVED_NEW;
	} else {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		goto fail;
	}
	if (post_fts(db, STMT_FTS_INSERT, *id) == -1)
		goto fail;
	if (post_set_topics(db, *id, in->topics, in->ntopics, &topics) == -1)
		goto fail;
	st = db_stmt(db, STMT_REVISION_INSERT);
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_text(st, 3, in->saved_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, topics.data ? topics.data : "", -1, SQLITE_STATIC);
	if (step_done(db, st, "revision") == -1)
		goto fail;
	if (post_audit(db, now, in->saved_by, res == POST_SAVED_NEW ?
	    "create" : "update", in->slug, in->title) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	buf_free(&topics);
	return res;
fail:
	db_rollback(db);
	buf_free(&topics);
	return POST_SAVE_ERROR;
}
