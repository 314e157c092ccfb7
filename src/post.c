/* SPDX-License-Identifier: ISC */
/* post.c: articles and pages: load for display and save (post + revision + topics + audit in
 * one transaction). Status lifecycle: draft -> published; a published post whose published_at
 * lies in the future is "scheduled" and becomes visible by itself; deleted_at set = trash. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "media.h"
#include "slug.h"
#include "util.h"

/*
 * Column "col" of "st" as post_from_row() and post_view_row() want it: a copy if "copy",
 * else the statement's own bytes. A NULL column gives NULL if "nullable", else "".
 */
static char *
post_col(sqlite3_stmt *st, int col, int copy, int nullable)
{
	const char	*s;

	if (nullable && sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	if (copy)
		return db_col_text(st, col);
	s = (const char *)sqlite3_column_text(st, col);
	return (char *)(s != NULL ? s : "");
}

static void
post_fill(sqlite3_stmt *st, struct post *p, int copy)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->kind = post_col(st, 1, copy, 0);
	p->slug = post_col(st, 2, copy, 0);
	p->title = post_col(st, 3, copy, 0);
	p->summary = post_col(st, 4, copy, 0);
	p->status = post_col(st, 5, copy, 0);
	p->published_at = (time_t)sqlite3_column_int64(st, 6);
	p->created_at = (time_t)sqlite3_column_int64(st, 7);
	p->updated_at = (time_t)sqlite3_column_int64(st, 8);
	p->substantive_at = (time_t)sqlite3_column_int64(st, 9);
	p->author = post_col(st, 10, copy, 0);
	p->reviewer = post_col(st, 11, copy, 0);
	p->reviewed_date = post_col(st, 12, copy, 1);
	p->review_due_date = post_col(st, 13, copy, 1);
	p->deleted_at = (time_t)sqlite3_column_int64(st, 14);
	p->version = sqlite3_column_int64(st, 15);
	p->reading_minutes = sqlite3_column_int(st, 16);
	/* POST_HEAD_COLS stop before the body: lists get an empty one. */
	if (sqlite3_column_count(st) > 17)
		p->body_md = post_col(st, 17, copy, 0);
	else
		p->body_md = copy ? xstrdup("") : "";
}

/* Fills "p" from the current row of a POST_COLS or POST_HEAD_COLS query; post_free() it. */
void
post_from_row(sqlite3_stmt *st, struct post *p)
{
	post_fill(st, p, 1);
}

/*
 * Fills "p" with the current row's own bytes, without copying: for lists, which show a row
 * and move on. Valid until "st" is stepped or reset; never post_free() it.
 */
void
post_view_row(sqlite3_stmt *st, struct post *p)
{
	post_fill(st, p, 0);
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

int
post_load_by_id(struct db *db, int64_t id, struct post *p)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_BY_ID);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step(st, __func__)) == 1)
		post_from_row(st, p);
	sqlite3_reset(st);
	return rc;
}

/* Post "id"'s topic names joined by ", " (as a revision keeps them): caller frees; NULL on
 * an error (logged). */
char *
post_topics_joined(struct db *db, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_TOPICS);
	struct buf	 t;
	int		 rc;

	buf_init(&t);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = db_step(st, __func__)) == 1) {
		if (t.len > 0)
			buf_puts(&t, ", ");
		buf_puts(&t, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == -1) {
		buf_free(&t);
		return NULL;
	}
	return buf_detach(&t);
}

/* The path before a post's slug in its public address: "/" for a page, "/articles/" for an
 * article. Every link to a post is built from this, so the rule lives here only. */
const char *
post_path_prefix(const char *kind)
{
	return kind != NULL && strcmp(kind, "page") == 0 ? "/" : "/articles/";
}

/* The visible article published just before (dir < 0) or after "p", at "now". */
int
post_neighbour(struct db *db, const struct post *p, int dir, time_t now, char **slug,
    char **title)
{
	sqlite3_stmt	*st = db_stmt(db, dir < 0 ? STMT_POST_PREV : STMT_POST_NEXT);
	int		 rc;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)p->published_at);
	sqlite3_bind_int64(st, 2, p->id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	if ((rc = db_step(st, __func__)) == 1) {
		*slug = db_col_text(st, 0);
		*title = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc;
}

/* The post that used to be at "slug": its address now, in "path" (caller frees). */
int
post_old_address(struct db *db, const char *slug, char **path)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_SLUG_HISTORY_GET);
	struct buf	 b;
	int		 rc;

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if ((rc = db_step(st, __func__)) == 1) {
		buf_init(&b);
		buf_puts(&b, post_path_prefix((const char *)sqlite3_column_text(st, 1)));
		buf_puts(&b, (const char *)sqlite3_column_text(st, 0));
		*path = buf_detach(&b);
	}
	sqlite3_reset(st);
	return rc;
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

/* Reads the current version and slug of post "id". Lookup: -1, 0 (none) or 1. */
static int
post_current(struct db *db, int64_t id, int64_t *version, char **slug)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_VERSION);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int64(st, 0);
		*slug = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return -1;
}

/* Lookup of the post holding "slug": -1, 0 (free) or 1 ("id" set). */
static int
post_id_by_slug(struct db *db, const char *slug, int64_t *id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_ID_BY_SLUG);
	int		 rc;

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return -1;
}

static void
post_bind_fields(sqlite3_stmt *st, const struct post_input *in, time_t pub, time_t upd)
{
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
	sqlite3_bind_int(st, 15, md_reading_minutes(in->body_md, in->body_len));
}

/*
 * Saves a post: the row, a revision (the snapshot just saved), its topics, the search index,
 * the slug history and an audit line, all in one IMMEDIATE transaction. Validation of the
 * fields is the caller's job.
 *   id > 0:  update that post, if its version is still "expect" (or "expect" is -1);
 *   id == 0: create a new post;
 *   id < 0:  the post with in->slug, created if there is none (import).
 * A changed slug keeps the old one in slug_history, so old links answer 301.
 * "out" receives the post's id. Returns a post_save_result; on anything but
 * POST_SAVED_NEW/UPDATE nothing was written.
 */
enum post_save_result
post_save(struct db *db, int64_t id, int64_t expect, const struct post_input *in,
    time_t now, int64_t *out)
{
	enum post_save_result	 res;

	if (db_begin(db) == -1)
		return POST_SAVE_ERROR;
	res = post_save_tx(db, id, expect, in, now, out);
	if (res == POST_SAVED_NEW || res == POST_SAVED_UPDATE) {
		if (db_commit(db) == 0)
			return res;
		res = POST_SAVE_ERROR;
	}
	db_rollback(db);
	return res;
}

/*
 * post_save() inside the caller's transaction, for a caller that writes more with the post
 * (the WordPress import). On anything but POST_SAVED_NEW/UPDATE the caller rolls back.
 */
enum post_save_result
post_save_tx(struct db *db, int64_t id, int64_t expect, const struct post_input *in,
    time_t now, int64_t *out)
{
	sqlite3_stmt		*st;
	struct buf		 topics;
	enum post_save_result	 res = POST_SAVE_ERROR;
	char			*old_slug = NULL;
	int64_t			 cur = 0, other;
	time_t			 pub, upd;
	int			 rc;

	buf_init(&topics);
	pub = in->published_at ? in->published_at : now;
	upd = in->updated_at ? in->updated_at : now;
	if (id < 0) {
		if ((rc = post_id_by_slug(db, in->slug, &id)) == -1)
			goto fail;
		if (rc == 0)
			id = 0;
	}
	if (id > 0) {
		if ((rc = post_current(db, id, &cur, &old_slug)) != 1) {
			res = rc == 0 ? POST_SAVE_GONE : POST_SAVE_ERROR;
			goto fail;
		}
		if (expect >= 0 && expect != cur) {
			res = POST_SAVE_CONFLICT;
			goto fail;
		}
	}
	if ((rc = post_id_by_slug(db, in->slug, &other)) == -1)
		goto fail;
	if (rc == 1 && other != id) {
		res = POST_SAVE_SLUG_TAKEN;
		goto fail;
	}
	if (id > 0) {
		if (post_fts(db, STMT_FTS_DELETE, id) == -1)
			goto fail;
		st = db_stmt(db, STMT_POST_UPDATE);
		sqlite3_bind_int64(st, 1, id);
		post_bind_fields(st, in, pub, upd);
		if (step_done(db, st, "post update") == -1)
			goto fail;
		if (strcmp(old_slug, in->slug) != 0) {
			st = db_stmt(db, STMT_SLUG_HISTORY_ADD);
			sqlite3_bind_text(st, 1, old_slug, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, id);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
			if (step_done(db, st, "slug history") == -1)
				goto fail;
		}
		res = POST_SAVED_UPDATE;
	} else {
		st = db_stmt(db, STMT_POST_INSERT);
		post_bind_fields(st, in, pub, upd);
		if (step_done(db, st, "post insert") == -1)
			goto fail;
		id = sqlite3_last_insert_rowid(db->conn);
		res = POST_SAVED_NEW;
	}
	/* A live post owns its slug; an old link to it must not redirect elsewhere. */
	st = db_stmt(db, STMT_SLUG_HISTORY_DEL);
	sqlite3_bind_text(st, 1, in->slug, -1, SQLITE_STATIC);
	if (step_done(db, st, "slug history") == -1)
		goto fail;
	if (post_fts(db, STMT_FTS_INSERT, id) == -1)
		goto fail;
	if (post_set_topics(db, id, in->topics, in->ntopics, &topics) == -1)
		goto fail;
	st = db_stmt(db, STMT_REVISION_INSERT);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_text(st, 3, in->saved_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, topics.data ? topics.data : "", -1, SQLITE_STATIC);
	if (step_done(db, st, "revision") == -1)
		goto fail;
	if (in->image_id != 0 && media_post_image_set(db, id,
	    in->image_id == POST_IMAGE_NONE ? 0 : in->image_id) == -1)
		goto fail;
	if (post_audit(db, now, in->saved_by, res == POST_SAVED_NEW ? "create" :
	    "update", in->slug, in->title) == -1)
		goto fail;
	*out = id;
	free(old_slug);
	buf_free(&topics);
	return res;
fail:
	if (res == POST_SAVED_NEW || res == POST_SAVED_UPDATE)
		res = POST_SAVE_ERROR;
	free(old_slug);
	buf_free(&topics);
	return res;
}

/* Moves post "id" to the trash ("trash" 1) or back (0). */
enum post_trash_result
post_set_trashed(struct db *db, int64_t id, int trash, const char *who, time_t now)
{
	sqlite3_stmt	*st;
	char		*slug = NULL;
	int64_t		 ver;
	int		 rc;

	if (db_begin(db) == -1)
		return POST_TRASH_ERROR;
	if ((rc = post_current(db, id, &ver, &slug)) != 1) {
		db_rollback(db);
		return rc == 0 ? POST_TRASH_GONE : POST_TRASH_ERROR;
	}
	st = db_stmt(db, STMT_POST_TRASH);
	sqlite3_bind_int64(st, 1, id);
	if (trash)
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	else
		sqlite3_bind_null(st, 2);
	if (step_done(db, st, "trash") == -1 ||
	    post_audit(db, now, who, trash ? "trash" : "restore", slug, "") == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		free(slug);
		return POST_TRASH_ERROR;
	}
	free(slug);
	return POST_TRASH_DONE;
}

/*
 * Deletes every post in the trash for good, with its revisions, topics and search entry, in
 * one transaction; "n" receives how many. Returns 0, or -1 (logged; nothing deleted).
 */
int
post_empty_trash(struct db *db, const char *who, time_t now, size_t *n)
{
	sqlite3_stmt	*st;
	int64_t		*ids = NULL;
	char		 detail[64];
	size_t		 k = 0, i;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, STMT_TRASH_IDS);
	while ((rc = db_step(st, __func__)) == 1) {
		ids = xrealloc(ids, (k + 1) * sizeof(*ids));
		ids[k++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc == -1)
		goto fail;
	for (i = 0; i < k; i++) {
		if (post_fts(db, STMT_FTS_DELETE, ids[i]) == -1)
			goto fail;
		st = db_stmt(db, STMT_POST_DELETE);
		sqlite3_bind_int64(st, 1, ids[i]);
		if (step_done(db, st, "empty trash") == -1)
			goto fail;
	}
	snprintf(detail, sizeof(detail), "%zu post(s)", k);
	if (post_audit(db, now, who, "empty trash", "", detail) == -1 || db_commit(db) == -1)
		goto fail;
	free(ids);
	*n = k;
	return 0;
fail:
	db_rollback(db);
	free(ids);
	return -1;
}
