/* SPDX-License-Identifier: ISC */
/* search_store.c: storage side of search: one page of ranked matches of a sanitised FTS5
 * query among the visible posts, and one match with its snippet. */
#include "config.h"

#include <sqlite3.h>

#include "meridian.h"

int
search_page(struct db *db, const char *fts, time_t now, long long page, int max_ranked,
    int64_t ids[PAGE_SIZE_POSTS], long long *total)
{
	sqlite3_stmt	*st;
	int		 rc = 0, n = 0;

	/* The page's rows and the number of all matches, in one ranking pass. */
	*total = 0;
	st = db_stmt(db, STMT_SEARCH_PAGE);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, PAGE_SIZE_POSTS);
	sqlite3_bind_int64(st, 4, (page - 1) * PAGE_SIZE_POSTS);
	sqlite3_bind_int(st, 5, max_ranked + 1);
	while (n < PAGE_SIZE_POSTS && (rc = db_step(st, __func__)) == 1) {
		ids[n++] = sqlite3_column_int64(st, 0);
		*total = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == -1)
		return -1;
	if (n > 0)
		return n;
	/* No row on this page (no match, or past the end): the count alone. */
	st = db_stmt(db, STMT_SEARCH_COUNT);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, max_ranked + 1);
	if ((rc = db_step(st, __func__)) == 1)
		*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

int
search_hit(struct db *db, const char *fts, int64_t id, time_t now, search_hit_fn each,
    void *arg)
{
	sqlite3_stmt		*st = db_stmt(db, STMT_SEARCH_ROW);
	struct search_hit	 h;
	int			 rc;

	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	if ((rc = db_step(st, __func__)) == 1) {
		h.id = id;
		h.slug = (const char *)sqlite3_column_text(st, 0);
		h.kind = (const char *)sqlite3_column_text(st, 1);
		h.title = (const char *)sqlite3_column_text(st, 2);
		h.published_at = (time_t)sqlite3_column_int64(st, 3);
		h.snippet = (const char *)sqlite3_column_text(st, 4);
		h.summary = (const char *)sqlite3_column_text(st, 5);
		if (each(&h, arg) == -1)
			rc = -1;
	}
	sqlite3_reset(st);
	return rc;
}
