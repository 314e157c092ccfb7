/* SPDX-License-Identifier: ISC */
/* redirect.c: storage of the redirects staff keep for old addresses (the Redirects screen
 * edits them; any 404 looks here first), and of the audit log those changes are written to. */
#include "config.h"

#include <sqlite3.h>

#include "meridian.h"

int
redirect_lookup(struct db *db, const char *path, char **to)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_REDIRECT_GET);
	int		 rc;

	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if ((rc = db_step(st, __func__)) == 1)
		*to = db_col_text(st, 0);
	sqlite3_reset(st);
	return rc;
}

int
redirect_list(struct db *db, redirect_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_REDIRECT_LIST);
	int		 n = 0, r;

	while ((r = db_step(st, __func__)) == 1) {
		if ((r = each((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

/*
 * Sets the redirect from "from" to "to", or deletes it ("to" NULL), with its audit line by
 * "who", in one transaction. Returns 0, or -1 (logged; nothing changed).
 */
int
redirect_set(struct db *db, const char *from, const char *to, const char *who, time_t now)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, to == NULL ? STMT_REDIRECT_DEL : STMT_REDIRECT_SET);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	if (to != NULL) {
		sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	}
	rc = db_step(st, __func__);
	sqlite3_reset(st);
	if (rc == -1 || post_audit(db, now, who, to == NULL ? "redirect delete" : "redirect",
	    from, to == NULL ? "" : to) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
audit_list(struct db *db, audit_each_fn each, void *arg)
{
	sqlite3_stmt		*st = db_stmt(db, STMT_AUDIT_LIST);
	struct audit_entry	 e;
	int			 n = 0, r;

	while ((r = db_step(st, __func__)) == 1) {
		e.at = (time_t)sqlite3_column_int64(st, 0);
		e.who = (const char *)sqlite3_column_text(st, 1);
		e.action = (const char *)sqlite3_column_text(st, 2);
		e.target = (const char *)sqlite3_column_text(st, 3);
		e.detail = (const char *)sqlite3_column_text(st, 4);
		if ((r = each(&e, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}
