/* SPDX-License-Identifier: ISC */
/* wp_store.c: the WordPress import's own rows (sql/0010) and its redirects. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "util.h"
#include "wp_store.h"

/* Runs a statement that returns no row. 0 or -1. */
static int
wp_exec(sqlite3_stmt *st, const char *caller)
{
	int	 rc = db_step(st, caller);

	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* Steps a one-row lookup whose first column is an id. 1, 0 or -1. */
static int
wp_lookup_id(sqlite3_stmt *st, int64_t *id, char **name, const char *caller)
{
	int	 rc = db_step(st, caller);

	if (rc == 1) {
		*id = sqlite3_column_int64(st, 0);
		if (name != NULL)
			*name = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc;
}

int
wp_post_lookup(struct db *db, int64_t wp_id, int64_t *post_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_WP_POST_GET);

	sqlite3_bind_int64(st, 1, wp_id);
	return wp_lookup_id(st, post_id, NULL, __func__);
}

int
wp_slug_owner(struct db *db, const char *slug, int64_t *post_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_ID_BY_SLUG);

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	return wp_lookup_id(st, post_id, NULL, __func__);
}

int
wp_media_lookup(struct db *db, const char *path, int64_t *media_id, char **name)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_WP_MEDIA_GET);

	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	return wp_lookup_id(st, media_id, name, __func__);
}

int
wp_post_link(struct db *db, int64_t wp_id, int64_t post_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_WP_POST_SET);

	sqlite3_bind_int64(st, 1, wp_id);
	sqlite3_bind_int64(st, 2, post_id);
	return wp_exec(st, __func__);
}

int
wp_media_link(struct db *db, const char *path, int64_t media_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_WP_MEDIA_SET);

	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, media_id);
	return wp_exec(st, __func__);
}

int
wp_redirect_add(struct db *db, const char *from, const char *to, time_t now)
{
	sqlite3_stmt	*st;

	/* An old address that is already the new one must not loop. */
	if (strcmp(from, to) == 0)
		return 0;
	st = db_stmt(db, STMT_REDIRECT_SET);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	return wp_exec(st, __func__);
}
