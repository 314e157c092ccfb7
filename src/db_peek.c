/* SPDX-License-Identifier: ISC */
/* db_peek.c: a read-only look at a database file that db_open() would refuse (missing, not
 * SQLite, or at another schema version), for `meridian check` and `meridian init`: its
 * schema version, its integrity and references, and whether it holds a table. Nothing here
 * writes, or prepares more than the statement it runs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "migrate.h"
#include "util.h"

/* Opens "path" read-only. Returns 0, or -1 with p->err saying why (close it either way). */
int
db_peek_open(struct db_peek *p, const char *path)
{
	memset(p, 0, sizeof(*p));
	if (sqlite3_open_v2(path, &p->conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		return 0;
	snprintf(p->err, sizeof(p->err), "%s", p->conn != NULL ?
	    sqlite3_errmsg(p->conn) : "cannot open");
	return -1;
}

void
db_peek_close(struct db_peek *p)
{
	sqlite3_close(p->conn);
	p->conn = NULL;
}

/* The schema version (0: not a Meridian database). Returns 0, or -1 with p->err (logged). */
int
db_peek_version(struct db_peek *p, int *ver)
{
	if (migrate_version(p->conn, ver) == 0)
		return 0;
	snprintf(p->err, sizeof(p->err), "%s", sqlite3_errmsg(p->conn));
	return -1;
}

/* PRAGMA integrity_check: 1 passes, 0 fails ("msg" holds the first problem), -1 not run. */
int
db_peek_integrity(struct db_peek *p, char *msg, size_t msglen)
{
	return backup_integrity(p->conn, STMT_INTEGRITY_CHECK, msg, msglen);
}

/* PRAGMA foreign_key_check: 1 every reference holds, 0 one does not ("msg"), -1 not run. */
int
db_peek_references(struct db_peek *p, char *msg, size_t msglen)
{
	return backup_integrity(p->conn, STMT_FK_CHECK, msg, msglen);
}

/* Whether the database holds table "name": 1, or 0 (also when it cannot be read). */
int
db_peek_has_table(struct db_peek *p, const char *name)
{
	sqlite3_stmt	*st = NULL;
	int		 found = 0;

	if (sqlite3_prepare_v2(p->conn, db_sqls[STMT_TABLE_EXISTS], -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = db_step(st, __func__) == 1;
	}
	sqlite3_finalize(st);
	return found;
}

/* The schema version of the file "path": 0 when it is missing, empty or unreadable. */
int
db_peek_version_of(const char *path)
{
	struct db_peek	 p;
	int		 ver = 0;

	if (db_peek_open(&p, path) == 0 && db_peek_version(&p, &ver) == -1)
		ver = 0;
	db_peek_close(&p);
	return ver;
}
