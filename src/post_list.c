/* SPDX-License-Identifier: ISC */
/* post_list.c: storage of lists of posts: what visitors see on home, topic pages and feeds,
 * the counts behind their pagers, the staff's lists by state and reviews due, and every post
 * outside the trash for the export and the content checks. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "meridian.h"

/*
 * Calls "each" with every row of "st" (bound by the caller), as a post that borrows the row's
 * text: it lives until "each" returns, which may run other statements meanwhile. Returns the
 * number of posts, or -1 on a database error (logged) or when "each" returns -1.
 */
static int
post_each_row(sqlite3_stmt *st, const char *caller, post_each_fn each, void *arg)
{
	struct post	 p;
	int		 n = 0, r;

	while ((r = db_step(st, caller)) == 1) {
		post_view_row(st, &p);
		if ((r = each(&p, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

int
post_list_visible(struct db *db, int64_t topic, time_t now, int with_body, int limit,
    long long offset, post_each_fn each, void *arg)
{
	sqlite3_stmt	*st;
	int		 i = 1;

	if (topic != 0) {
		st = db_stmt(db, with_body ? STMT_TOPIC_FEED : STMT_TOPIC_POSTS);
		sqlite3_bind_int64(st, i++, topic);
	} else
		st = db_stmt(db, with_body ? STMT_FEED_VISIBLE : STMT_POST_LIST_VISIBLE);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)now);
	sqlite3_bind_int(st, i++, limit);
	sqlite3_bind_int64(st, i, offset);
	return post_each_row(st, __func__, each, arg);
}

int
post_last_visible(struct db *db, time_t now, int64_t *out, int64_t *next_due)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_LAST_VISIBLE);
	int		 rc;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	if ((rc = db_step(st, __func__)) == 1) {
		*out = sqlite3_column_int64(st, 0);
		*next_due = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

long long
post_count_visible(struct db *db, int64_t topic, time_t now)
{
	sqlite3_stmt	*st;
	long long	 n = -1;
	int		 i = 1;

	if (topic != 0) {
		st = db_stmt(db, STMT_TOPIC_COUNT);
		sqlite3_bind_int64(st, i++, topic);
	} else
		st = db_stmt(db, STMT_POST_COUNT_VISIBLE);
	sqlite3_bind_int64(st, i, (sqlite3_int64)now);
	if (db_step(st, __func__) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int
post_list_sitemap(struct db *db, time_t now, post_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_SITEMAP);
	struct post	 p;
	int		 n = 0, r;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	/* Three columns, not a whole post: slug, kind, and the last substantive change. */
	while ((r = db_step(st, __func__)) == 1) {
		memset(&p, 0, sizeof(p));
		p.slug = (char *)sqlite3_column_text(st, 0);
		p.kind = (char *)sqlite3_column_text(st, 1);
		p.substantive_at = (time_t)sqlite3_column_int64(st, 2);
		if ((r = each(&p, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

int
post_list_staff(struct db *db, const char *state, time_t now, int max, post_each_fn each,
    void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_ADMIN_LIST);

	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, max);
	return post_each_row(st, __func__, each, arg);
}

int
post_list_reviews_due(struct db *db, const char *by_day, post_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_ADMIN_REVIEWS);

	sqlite3_bind_text(st, 1, by_day, -1, SQLITE_STATIC);
	return post_each_row(st, __func__, each, arg);
}

int
post_list_all(struct db *db, int by_slug, post_each_fn each, void *arg)
{
	return post_each_row(db_stmt(db, by_slug ? STMT_EXPORT_POSTS : STMT_CHECKS_POSTS),
	    __func__, each, arg);
}
