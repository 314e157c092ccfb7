/* SPDX-License-Identifier: ISC */
/* db.c: opens the SQLite database with the settings durability and safety require, prepares every
 * statement of db_sql.c once per connection, and wraps transactions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"
#include "migrate.h"
#include "private_file.h"
#include "util.h"

/* Set when a write found the disk full; read and cleared by db_take_disk_full(). */
static int disk_full;

/* SQLite's error log sees every failed statement, wherever in the code it ran. */
static void
db_error_log(void *arg, int code, const char *msg)
{
	(void)arg;
	(void)msg;
	if ((code & 0xff) == SQLITE_FULL)
		disk_full = 1;
}

/*
 * Test hook: a statement whose SQL contains this text fails in db_step(), so the tests can
 * see what a failing query does to a page. Read once per process from
 * MERIDIAN_TEST_FAIL_SQL; never set it in production.
 */
static const char *fail_sql;

/* Once per process, before any database is opened. Returns 0 or -1. */
int
db_global_init(void)
{
	fail_sql = getenv("MERIDIAN_TEST_FAIL_SQL");
	if (fail_sql != NULL && *fail_sql == '\0')
		fail_sql = NULL;
	/* No memory statistics (nothing reads them): without them no allocation of SQLite's
	 * takes its global mutex. */
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return -1;
	return sqlite3_config(SQLITE_CONFIG_LOG, db_error_log, NULL) == SQLITE_OK ? 0 : -1;
}

/*
 * Steps "st" once. Returns 1 with a row, 0 when there are no more, or -1 on any other
 * answer, logged with "caller" and SQLite's reason: a loop written as
 * "while ((r = db_step(st, __func__)) == 1)" and checked for -1 after it can never take an
 * error for the end of the rows.
 */
int
db_step(sqlite3_stmt *st, const char *caller)
{
	int	 rc;

	if (fail_sql != NULL && strstr(sqlite3_sql(st), fail_sql) != NULL) {
		log_warnx("%s: injected fault (MERIDIAN_TEST_FAIL_SQL)", caller);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	log_warnx("%s: %s", caller, sqlite3_errmsg(sqlite3_db_handle(st)));
	return -1;
}

/* Returns 1 if a write found the disk full since the last call, else 0; forgets it. */
int
db_take_disk_full(void)
{
	int	 full = disk_full;

	disk_full = 0;
	return full;
}

/* Reads a one-value PRAGMA into "out". Returns 0 or -1 (logged). */
static int
db_pragma_get(struct db *db, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK) {
		log_warnx("%s: %s: %s", __func__, sql, sqlite3_errmsg(db->conn));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL) {
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = 0;
	} else
		log_warnx("%s: %s: %s", __func__, sql, sqlite3_errmsg(db->conn));
	sqlite3_finalize(st);
	return rc;
}

/* Runs a one-value PRAGMA and checks its value is "want". Returns 0 or -1 (logged). */
static int
db_pragma_text(struct db *db, const char *sql, const char *want)
{
	char	 got[64];

	if (db_pragma_get(db, sql, got, sizeof(got)) == -1)
		return -1;
	if (strcmp(got, want) != 0) {
		log_warnx("%s: %s gave %s, want %s", __func__, sql, got, want);
		return -1;
	}
	return 0;
}

/*
 * For `meridian init`: the database is created 0600 (it holds password and session hashes;
 * its -wal and -shm files take its mode), and one made world-readable by an older version
 * loses that. Returns 0 or -1.
 */
static int
db_make_private(const char *path)
{
	char	 side[4096];

	if (private_file_create(path) == -1 || private_file_tighten(path) == -1)
		return -1;
	snprintf(side, sizeof(side), "%s-wal", path);
	if (private_file_tighten(side) == -1)
		return -1;
	snprintf(side, sizeof(side), "%s-shm", path);
	return private_file_tighten(side);
}

/*
 * Opens "path" in "mode" (see meridian.h). With DB_CREATE, a missing file is created and
 * migrations are applied (that is `meridian init`); otherwise the schema must already be
 * current, so a daemon never migrates behind the sysadmin's back. DB_READ_ONLY opens it with
 * SQLITE_OPEN_READONLY and changes nothing, not even the journal mode. Returns 0 or -1
 * (logged).
 */
int
db_open(struct db *db, const char *path, int mode)
{
	char	 journal[16];
	int	 flags, i, ver, from, to, create = mode == DB_CREATE;

	memset(db, 0, sizeof(*db));
	if (create && db_make_private(path) == -1)
		goto fail;
	flags = (mode == DB_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	    SQLITE_OPEN_NOMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		log_warnx("%s: %s%s", path, db->conn ? sqlite3_errmsg(db->conn) :
		    "cannot open", create ? "" : " (run 'meridian init' to create it)");
		goto fail;
	}
	/*
	 * Before the first read: a worker starting while another closes the last connection
	 * (recycling) can find the WAL being checkpointed, a moment's SQLITE_BUSY to wait out.
	 * Litestream, when it replicates the database, takes the write lock briefly for its
	 * checkpoints; it asks applications for these 5 seconds.
	 */
	sqlite3_busy_timeout(db->conn, 5000);
	/* A daemon or command never changes a database that is not current. */
	if (!create) {
		if (migrate_version(db->conn, &ver) == -1)
			goto fail;
		if (ver != (int)migrations_count) {
			log_warnx("%s: schema version %d, this meridian needs %d: "
			    "run 'meridian init --db %s'", path, ver,
			    (int)migrations_count, path);
			goto fail;
		}
	}
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->conn, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (db_exec(db, "PRAGMA foreign_keys = ON") == -1 ||
	    db_pragma_text(db, "PRAGMA foreign_keys", "1") == -1)
		goto fail;
	if (mode == DB_READ_ONLY)
		goto prepare;
	/*
	 * WAL is switched on only where it is off (a new database, or a `meridian backup`
	 * copy put in place): Litestream, which replicates the WAL, must be the only one to
	 * change the journal or checkpoint it beyond SQLite's automatic checkpoints.
	 */
	if (db_pragma_get(db, "PRAGMA journal_mode", journal, sizeof(journal)) == -1)
		goto fail;
	if (strcmp(journal, "wal") != 0 && db_exec(db, "PRAGMA journal_mode = WAL") == -1)
		goto fail;
	if (db_exec(db, "PRAGMA synchronous = FULL") == -1)
		goto fail;
	/* Check that the settings took: a read-only medium silently refuses WAL. */
	if (db_pragma_text(db, "PRAGMA journal_mode", "wal") == -1 ||
	    db_pragma_text(db, "PRAGMA synchronous", "2") == -1)
		goto fail;
	db->wal = 1;
	if (create && migrate_apply(db->conn, path, &from, &to) == -1)
		goto fail;
prepare:
	for (i = 0; i < STMT__MAX; i++) {
		if (sqlite3_prepare_v3(db->conn, db_sqls[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->stmts[i], NULL) != SQLITE_OK) {
			log_warnx("%s: statement %d: %s", __func__, i,
			    sqlite3_errmsg(db->conn));
			goto fail;
		}
	}
	return 0;
fail:
	db_close(db);
	return -1;
}

void
db_close(struct db *db)
{
	int	 i;

	db_change_close(db);
	for (i = 0; i < STMT__MAX; i++) {
		sqlite3_finalize(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->conn != NULL)
		sqlite3_close(db->conn);
	db->conn = NULL;
}

/* Borrows a prepared statement, reset and with bindings cleared. */
sqlite3_stmt *
db_stmt(struct db *db, enum stmt s)
{
	sqlite3_stmt	*st = db->stmts[s];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/*
 * A bulk load (an import of thousands of posts, each its own transaction) commits without an
 * fsync each: in WAL mode synchronous=NORMAL keeps every commit atomic (a crash loses the last
 * posts whole, never half of one) and only defers durability. db_fsync_commits(db, 1) puts it
 * back; the next commit then syncs the WAL, and with it every commit before. Returns 0 or -1.
 */
int
db_fsync_commits(struct db *db, int on)
{
	return db_exec(db, on ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

/*
 * A worker's page cache: 256 KiB instead of SQLite's 2 MiB default. A worker keeps whole
 * pages, so it reads the database mostly to build one, and the OS's cache holds the file
 * anyway. Measured with 10 000 articles: home and article pages built on every request
 * (cache-busters) at the same rate as with 1 MiB, and 1.5 MiB less RSS per worker.
 * Returns 0 or -1.
 */
int
db_worker_cache(struct db *db)
{
	return db_exec(db, "PRAGMA cache_size = -256");
}

int
db_exec(struct db *db, const char *sql)
{
	char	*msg = NULL;
	int	 rc;

	if ((rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		/* A COMMIT that cannot write its WAL frames is not always in the error log. */
		if ((rc & 0xff) == SQLITE_FULL)
			disk_full = 1;
		log_warnx("%s: %s: %s", __func__, sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* IMMEDIATE takes the write lock up front, so a busy database fails here, not mid-way. */
int
db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	return db_exec(db, "COMMIT");
}

/*
 * Starts a read transaction: the statements until db_read_end() see one snapshot and take
 * the WAL read lock once. Prepared, as it runs for every visitor request. Returns 0 or -1.
 */
int
db_read_begin(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_READ_BEGIN);
	int		 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return 0;
}

/* Ends db_read_begin()'s transaction; nothing was written, so a failure only rolls back. */
void
db_read_end(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_READ_END);
	int		 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		db_rollback(db);
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		db_exec(db, "ROLLBACK");
}

char *
db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char	*s = sqlite3_column_text(st, col);

	return xstrndup(s ? (const char *)s : "",
	    s ? (size_t)sqlite3_column_bytes(st, col) : 0);
}

char *
db_col_text_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	return db_col_text(st, col);
}

/*
 * The site's generation (bumped by every change visitors could see) and when it last moved.
 * Read from SQLite only when something may have been committed since the last read
 * (db_change.c): a kept page then costs no read transaction. Returns 0, or -1 (logged).
 */
int
db_site_state(struct db *db, int64_t *gen, time_t *changed_at)
{
	sqlite3_stmt	*st;
	unsigned char	 hdr[DB_WAL_HEADER];
	int		 rc, whole;

	/*
	 * Read before the statement, which then starts a snapshot at least as new: a commit
	 * between the two shows as a change next time. Inside an open transaction the
	 * statement would see an older snapshot, so nothing is kept from it.
	 */
	whole = db_change_header(db, hdr) &&
	    sqlite3_txn_state(db->conn, NULL) == SQLITE_TXN_NONE;
	if (whole && db->state_known && memcmp(hdr, db->state_hdr, sizeof(hdr)) == 0) {
		*gen = db->state_gen;
		*changed_at = db->state_changed_at;
		return 0;
	}
	st = db_stmt(db, STMT_SITE_GEN);
	if ((rc = db_step(st, __func__)) == 1) {
		*gen = sqlite3_column_int64(st, 0);
		*changed_at = (time_t)sqlite3_column_int64(st, 1);
	} else if (rc == 0)
		log_warnx("%s: site_state has no row", __func__);
	sqlite3_reset(st);
	db->state_known = rc == 1 && whole;
	if (db->state_known) {
		memcpy(db->state_hdr, hdr, sizeof(hdr));
		db->state_gen = *gen;
		db->state_changed_at = *changed_at;
	}
	return rc == 1 ? 0 : -1;
}

int
db_health(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_HEALTH);
	int		 rc;

	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
	sqlite3_reset(st);
	return rc;
}
