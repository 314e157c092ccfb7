/* SPDX-License-Identifier: ISC */
/* redirect.c: storage of the redirects staff keep for old addresses (the Redirects screen
 * edits them; any 404 looks here first). */
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
