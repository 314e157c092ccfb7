/* SPDX-License-Identifier: ISC */
/* revision.c: storage of revisions (append-only, one per save): a post's list of them, one
 * revision's text, and restoring one, which saves its text as a new revision. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "util.h"

void
revision_free(struct revision *r)
{
	free(r->saved_by);
	free(r->kind);
	free(r->slug);
	free(r->title);
	free(r->summary);
	free(r->body_md);
	free(r->status);
	free(r->author);
	free(r->reviewer);
	free(r->reviewed_date);
	free(r->review_due_date);
	free(r->topics);
	memset(r, 0, sizeof(*r));
}

void
revision_list_free(struct revision *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		revision_free(&v[i]);
	free(v);
}

int
revision_list(struct db *db, int64_t post_id, struct revision **out, size_t *n)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_REVISIONS_OF);
	struct revision	*v = NULL, *r;
	size_t		 k = 0;
	int		 rc;

	sqlite3_bind_int64(st, 1, post_id);
	while ((rc = db_step(st, __func__)) == 1) {
		v = xrealloc(v, (k + 1) * sizeof(*v));
		r = &v[k++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->version = sqlite3_column_int64(st, 1);
		r->saved_at = (time_t)sqlite3_column_int64(st, 2);
		r->saved_by = db_col_text_null(st, 3);
		r->title = db_col_text_null(st, 4);
		r->status = db_col_text_null(st, 5);
	}
	sqlite3_reset(st);
	if (rc == -1) {
		revision_list_free(v, k);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

int
revision_last_saver(struct db *db, int64_t post_id, char **who)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_REVISION_LAST_BY);
	int		 rc;

	sqlite3_bind_int64(st, 1, post_id);
	if ((rc = db_step(st, __func__)) == 1)
		*who = db_col_text(st, 0);
	sqlite3_reset(st);
	return rc;
}

int
revision_get(struct db *db, int64_t post_id, int64_t rev, struct revision *r)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_REVISION_GET);
	int		 rc;

	memset(r, 0, sizeof(*r));
	sqlite3_bind_int64(st, 1, rev);
	sqlite3_bind_int64(st, 2, post_id);
	if ((rc = db_step(st, __func__)) == 1) {
		r->id = rev;
		r->kind = db_col_text_null(st, 0);
		r->slug = db_col_text_null(st, 1);
		r->title = db_col_text_null(st, 2);
		r->summary = db_col_text_null(st, 3);
		r->body_md = db_col_text_null(st, 4);
		r->status = db_col_text_null(st, 5);
		r->published_at = (time_t)sqlite3_column_int64(st, 6);
		r->author = db_col_text_null(st, 7);
		r->reviewer = db_col_text_null(st, 8);
		r->reviewed_date = db_col_text_null(st, 9);
		r->review_due_date = db_col_text_null(st, 10);
		r->topics = db_col_text_null(st, 11);
		r->version = sqlite3_column_int64(st, 12);
		r->saved_at = (time_t)sqlite3_column_int64(st, 13);
		r->saved_by = db_col_text_null(st, 14);
	}
	sqlite3_reset(st);
	return rc;
}

enum post_save_result
revision_restore(struct db *db, int64_t post_id, int64_t rev, const char *who, time_t now,
    int64_t *version)
{
	struct revision		 r;
	struct post_input	 in;
	struct post		 cur;
	char			**topics = NULL, *p, *t;
	size_t			 ntopics = 0;
	enum post_save_result	 res;
	int			 rc;

	if ((rc = revision_get(db, post_id, rev, &r)) != 1)
		return rc == 0 ? POST_SAVE_GONE : POST_SAVE_ERROR;
	memset(&in, 0, sizeof(in));
	in.kind = r.kind;
	in.slug = r.slug;
	in.title = r.title;
	in.summary = r.summary ? r.summary : "";
	in.body_md = r.body_md ? r.body_md : "";
	in.body_len = strlen(in.body_md);
	in.status = r.status;
	in.published_at = r.published_at;
	in.author = r.author ? r.author : "";
	in.reviewer = r.reviewer ? r.reviewer : "";
	in.reviewed_date = r.reviewed_date;
	in.review_due_date = r.review_due_date;
	/* A revision keeps its topics as one comma-separated text. */
	for (p = r.topics; p != NULL && (t = strsep(&p, ",")) != NULL;) {
		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		topics = xrealloc(topics, (ntopics + 1) * sizeof(*topics));
		topics[ntopics++] = t;
	}
	in.topics = topics;
	in.ntopics = ntopics;
	in.substantive = 1;
	in.saved_by = who;
	res = post_save(db, post_id, -1, &in, now, version);
	/* The old slug may have been taken since; then keep the current one. */
	if (res == POST_SAVE_SLUG_TAKEN) {
		if ((rc = post_load_by_id(db, post_id, &cur)) == 1) {
			in.slug = cur.slug;
			res = post_save(db, post_id, -1, &in, now, version);
			post_free(&cur);
		} else
			res = rc == 0 ? POST_SAVE_GONE : POST_SAVE_ERROR;
	}
	free(topics);
	revision_free(&r);
	return res;
}
