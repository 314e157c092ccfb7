/* SPDX-License-Identifier: ISC */
/* backup.c: online, consistent copies of the database through the SQLite backup API (used by
 * `meridian backup` and before migrations), and the checks that prove a copy is sound
 * (integrity, foreign keys, row counts), shared with `meridian check`. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "private_file.h"
#include "util.h"

#define BACKUP_BUSY_TRIES	250	/* x 20 ms: give up after about 5 s of locks */

/*
 * Copies the main database of "src" to "dest", which must not exist or be empty. The copy is
 * taken in one step: under WAL a reader never blocks the site's writers, and one step reads
 * one snapshot, so a busy site cannot make the copy restart forever (as page-by-page steps
 * do whenever a writer commits in between). If "src" is inside a read transaction, the copy
 * is of that transaction's snapshot. The copy is switched out of WAL, so it is one
 * self-contained file. Returns 0 or -1 (logged).
 */
int
backup_to_file(sqlite3 *src, const char *dest)
{
	sqlite3		*out = NULL;
	sqlite3_backup	*bk;
	char		*msg = NULL;
	int		 rc, tries = 0;

	/* 0600 from the start: the copy holds password and session hashes. */
	if (private_file_create(dest) == -1)
		return -1;
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
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (++tries > BACKUP_BUSY_TRIES)
			break;
		sqlite3_sleep(20);
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: backup failed: %s", dest, sqlite3_errstr(rc));
		sqlite3_close(out);
		return -1;
	}
	/* The header copied from a WAL source says WAL; a backup should be one plain file. */
	if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, &msg) !=
	    SQLITE_OK) {
		log_warnx("%s: %s", dest, msg ? msg : sqlite3_errmsg(out));
		sqlite3_free(msg);
		sqlite3_close(out);
		return -1;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		log_warnx("%s: close: %s", dest, sqlite3_errmsg(out));
		return -1;
	}
	return 0;
}

/* Prepares statement "which" of db_sqls[] on a connection that is not a struct db. */
static sqlite3_stmt *
backup_prepare(sqlite3 *conn, enum stmt which)
{
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(conn, db_sqls[which], -1, &st, NULL) != SQLITE_OK) {
		log_warnx("%s: %s: %s", __func__, db_sqls[which], sqlite3_errmsg(conn));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Fills "counts" from STMT_ROW_COUNTS on "conn". Returns 0 or -1 (logged). */
int
backup_counts(sqlite3 *conn, int64_t counts[BACKUP_NCOUNTS])
{
	sqlite3_stmt	*st;
	int		 i, rc = -1;

	if ((st = backup_prepare(conn, STMT_ROW_COUNTS)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < BACKUP_NCOUNTS; i++)
			counts[i] = sqlite3_column_int64(st, i);
		rc = 0;
	} else
		log_warnx("%s: %s", __func__, sqlite3_errmsg(conn));
	sqlite3_finalize(st);
	return rc;
}

/*
 * Copies the database of "db" to "dest" (see backup_to_file) and fills "counts" with its
 * row counts in the very snapshot that was copied, so the copy can be checked against them
 * while the site keeps writing. Returns 0 or -1 (logged).
 */
int
backup_snapshot(struct db *db, const char *dest, int64_t counts[BACKUP_NCOUNTS])
{
	char	*msg = NULL;
	int	 rc = -1;

	/* A deferred transaction: the first read below pins the snapshot, no lock is held. */
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("%s: %s", __func__, msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		return -1;
	}
	if (backup_counts(db->conn, counts) == 0 && backup_to_file(db->conn, dest) == 0)
		rc = 0;
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/*
 * Runs STMT_INTEGRITY_CHECK or STMT_FK_CHECK on "conn". Returns 1 when the database passes,
 * 0 when it does not ("msg" holds the first problem), -1 when the check could not run.
 */
int
backup_integrity(sqlite3 *conn, enum stmt which, char *msg, size_t msglen)
{
	sqlite3_stmt	*st;
	const char	*t;
	int		 rc;

	*msg = '\0';
	if ((st = backup_prepare(conn, which)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (which == STMT_INTEGRITY_CHECK && rc == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(st, 0);
		if (t != NULL && strcmp(t, "ok") == 0)
			rc = 1;
		else {
			snprintf(msg, msglen, "%s", t ? t : "?");
			rc = 0;
		}
	} else if (which == STMT_FK_CHECK && rc == SQLITE_DONE)
		rc = 1;
	else if (which == STMT_FK_CHECK && rc == SQLITE_ROW) {
		/* table, rowid, parent table, foreign key index */
		t = (const char *)sqlite3_column_text(st, 0);
		snprintf(msg, msglen, "a row of %s (rowid %lld) refers to a missing "
		    "row of %s", t ? t : "?", (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) :
		    "?");
		rc = 0;
	} else {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(conn));
		snprintf(msg, msglen, "%s", sqlite3_errmsg(conn));
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *const backup_what[BACKUP_NCOUNTS] = {
	"posts", "revisions", "media", "users"
};

/*
 * Checks the finished copy "path" against the source's "want" counts. Returns 0, or -1 with
 * "why" saying what is wrong.
 */
int
backup_verify_copy(const char *path, const int64_t want[BACKUP_NCOUNTS], char *why,
    size_t whylen)
{
	sqlite3	*c = NULL;
	int64_t	 got[BACKUP_NCOUNTS];
	char	 msg[512];
	int	 i, rc = -1;

	if (sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "cannot open the copy: %s",
		    c ? sqlite3_errmsg(c) : "?");
		goto out;
	}
	if (backup_integrity(c, STMT_INTEGRITY_CHECK, msg, sizeof(msg)) != 1) {
		snprintf(why, whylen, "integrity_check of the copy: %s", msg);
		goto out;
	}
	if (backup_counts(c, got) == -1) {
		snprintf(why, whylen, "cannot count the rows of the copy");
		goto out;
	}
	for (i = 0; i < BACKUP_NCOUNTS; i++)
		if (got[i] != want[i]) {
			snprintf(why, whylen, "the copy has %" PRId64 " %s, the "
			    "database had %" PRId64, got[i], backup_what[i], want[i]);
			goto out;
		}
	rc = 0;
out:
	sqlite3_close(c);
	return rc;
}
