/* backup.c: an online, consistent copy of the database through the SQLite backup API,
 * used by `meridian backup` and before migrations. */
#include "config.h"

#include <sqlite3.h>

#include "meridian.h"
#include "util.h"

/* Copies the main database of "src" to the new file "dest". Returns 0 or -1 (logged). */
int
backup_to_file(sqlite3 *src, const char *dest)
{
	sqlite3		*out = NULL;
	sqlite3_backup	*bk;
	int		 rc;

	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    NULL) != SQLITE_OK) {
		log_warnx("%s: %s", dest, out ? sqlite3_errmsg(out) : "cannot open");
		sqlite3_close(out);
		return -1;
	}
	if ((bk = sqlite3_backup_init(out, "main", src, "main")) == NULL) {
		log_warnx("%s: %s", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	/* Small steps let writers in between; a page-change restarts transparently. */
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: backup failed: %s", dest, sqlite3_errstr(rc));
		sqlite3_close(out);
		return -1;
	}
	sqlite3_close(out);
	return 0;
}
