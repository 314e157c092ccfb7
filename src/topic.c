/* SPDX-License-Identifier: ISC */
/* topic.c: topics (the site's word for tags): naming and slugs, and their storage: the
 * topics with visible articles, one topic by slug, and a post's topics. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "slug.h"
#include "util.h"

/* Writes the URL slug of topic "name" into "out". Returns 0, or -1 if it does not fit. */
int
topic_slug(const char *name, char *out, size_t outlen)
{
	char	*s;
	size_t	 n;

	s = slug_from_title(name);
	n = strlen(s);
	if (n + 1 > outlen) {
		free(s);
		return -1;
	}
	memcpy(out, s, n + 1);
	free(s);
	return 0;
}

/* Calls "each" with every row of "st" (bound by the caller) as a borrowed topic. Returns the
 * number of topics, or -1 (logged, or "each" said -1). */
static int
topic_each_row(sqlite3_stmt *st, const char *caller, int with_count, topic_each_fn each,
    void *arg)
{
	struct topic	 t;
	int		 n = 0, r;

	while ((r = db_step(st, caller)) == 1) {
		t.slug = (const char *)sqlite3_column_text(st, 0);
		t.name = (const char *)sqlite3_column_text(st, 1);
		t.count = with_count ? sqlite3_column_int64(st, 2) : 0;
		if ((r = each(&t, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

int
topic_list_visible(struct db *db, time_t now, topic_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_TOPICS_ALL);

	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	return topic_each_row(st, __func__, 1, each, arg);
}

int
topic_list_of_post(struct db *db, int64_t post_id, topic_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_TOPICS);

	sqlite3_bind_int64(st, 1, post_id);
	return topic_each_row(st, __func__, 0, each, arg);
}

int
topic_load_by_slug(struct db *db, const char *slug, int64_t *id, char **name)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_TOPIC_BY_SLUG);
	int		 rc;

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	if ((rc = db_step(st, __func__)) == 1) {
		*id = sqlite3_column_int64(st, 0);
		*name = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc;
}
