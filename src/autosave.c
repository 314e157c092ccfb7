/* SPDX-License-Identifier: ISC */
/* autosave.c: each writer's autosave slot per article (table autosaves): the editor's unsaved
 * title, summary and text, kept apart from revisions and read only for the writer who owns it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "util.h"

/* Binds the slot's key to ?1 and ?2 of "st". */
static void
autosave_key(sqlite3_stmt *st, int64_t user_id, int64_t post_id)
{
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, post_id);
}

/* Runs a one-statement write "st" in its own transaction. Returns 0 or -1 (logged). */
static int
autosave_write(struct db *db, sqlite3_stmt *st)
{
	int	 rc;

	rc = db_step(st, __func__);
	sqlite3_reset(st);
	if (rc == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/*
 * Stores the title, summary and body as user "user_id"'s slot for post "post_id" (0 = a new
 * article), kept at "now", replacing what was there. Returns 0, 1 if the post does not
 * exist, or -1 (logged).
 */
int
autosave_put(struct db *db, int64_t user_id, int64_t post_id, const char *title,
    const char *summary, const char *body, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if (post_id != 0) {
		st = db_stmt(db, STMT_AUTOSAVE_POST_EXISTS);
		sqlite3_bind_int64(st, 1, post_id);
		rc = db_step(st, __func__);
		sqlite3_reset(st);
		if (rc != 1) {
			db_rollback(db);
			return rc == 0 ? 1 : -1;
		}
	}
	st = db_stmt(db, STMT_AUTOSAVE_PUT);
	autosave_key(st, user_id, post_id);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)now);
	return autosave_write(db, st);
}

/* Loads the slot into "a" (strings owned: autosave_free). Returns 1, 0 if empty, or -1. */
int
autosave_get(struct db *db, int64_t user_id, int64_t post_id, struct autosave *a)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_AUTOSAVE_GET);
	int		 rc;

	memset(a, 0, sizeof(*a));
	autosave_key(st, user_id, post_id);
	if ((rc = db_step(st, __func__)) == 1) {
		a->title = db_col_text(st, 0);
		a->summary = db_col_text(st, 1);
		a->body = db_col_text(st, 2);
		a->saved_at = (time_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return rc;
}

/* Empties the slot (after a save, or when the writer discards it). Returns 0 or -1. */
int
autosave_drop(struct db *db, int64_t user_id, int64_t post_id)
{
	sqlite3_stmt	*st;

	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, STMT_AUTOSAVE_DROP);
	autosave_key(st, user_id, post_id);
	return autosave_write(db, st);
}

void
autosave_free(struct autosave *a)
{
	free(a->title);
	free(a->summary);
	free(a->body);
	memset(a, 0, sizeof(*a));
}
