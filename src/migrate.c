/* SPDX-License-Identifier: ISC */
/* migrate.c: brings a database to the newest schema by applying the embedded sql/
 * migrations in order, each in its own transaction with PRAGMA user_version, after taking
 * an online backup of a database that already holds data. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

#include "meridian.h"
#include "migrate.h"
#include "util.h"

/* The backup the last migrate_apply() wrote, for `meridian init` to report; "" if none. */
static char	 migrate_bak[4096];

const char *
migrate_last_backup(void)
{
	return migrate_bak[0] != '\0' ? migrate_bak : NULL;
}

int
migrate_version(sqlite3 *conn, int *out)
{
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	}
out:
	if (rc == -1)
		log_warnx("%s: %s", __func__, sqlite3_errmsg(conn));
	sqlite3_finalize(st);
	return rc;
}

/*
 * Applies migrations above the current user_version. "from" and "to" receive the versions.
 * A database newer than this binary is refused. Returns 0 or -1 (logged).
 */
/* meridian_reading_minutes(TEXT): md_reading_minutes() for migrations that store it. */
static void
migrate_reading_minutes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*md;

	(void)argc;
	md = (const char *)sqlite3_value_text(argv[0]);
	sqlite3_result_int(ctx, md_reading_minutes(md ? md : "",
	    (size_t)sqlite3_value_bytes(argv[0])));
}

/* Returns 1 if every foreign key holds, 0 if not (logged), -1 on error. */
static int
migrate_fk_ok(sqlite3 *conn, const char *db_path)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	if (sqlite3_prepare_v2(conn, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		log_warnx("%s: a migration broke a reference from table %s", db_path,
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 1 : rc == SQLITE_ROW ? 0 : -1;
}

int
migrate_apply(sqlite3 *conn, const char *db_path, int *from, int *to)
{
	char	 bak[4096], pragma[64], *msg = NULL;
	size_t	 i;
	int	 ver;

	if (migrate_version(conn, &ver) == -1)
		return -1;
	*from = *to = ver;
	if (ver > (int)migrations_count) {
		log_warnx("%s: schema version %d is newer than this meridian "
		    "knows (%zu); upgrade meridian", db_path, ver, migrations_count);
		return -1;
	}
	if (ver == (int)migrations_count)
		return 0;
	if (ver > 0) {
		snprintf(bak, sizeof(bak), "%s.pre-v%zu-%lld.bak", db_path,
		    migrations_count, (long long)time(NULL));
		if (backup_to_file(conn, bak) == -1)
			return -1;
		snprintf(migrate_bak, sizeof(migrate_bak), "%s", bak);
		log_debug("backup before migration written to %s", bak);
	}
	if (sqlite3_create_function_v2(conn, "meridian_reading_minutes", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, migrate_reading_minutes, NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("%s: %s", db_path, sqlite3_errmsg(conn));
		return -1;
	}
	/*
	 * A migration that rebuilds a table drops the old one; with foreign keys on, that
	 * would cascade to every row referring to it. Off for the migrations (the pragma is
	 * ignored inside a transaction), each checked before its commit, then on again.
	 */
	if (sqlite3_exec(conn, "PRAGMA foreign_keys = OFF", NULL, NULL, &msg) != SQLITE_OK) {
		i = (size_t)ver;
		goto fail;
	}
	for (i = (size_t)ver; i < migrations_count; i++) {
		if (sqlite3_exec(conn, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
		    SQLITE_OK)
			goto fail;
		if (sqlite3_exec(conn, migrations[i].sql, NULL, NULL, &msg) !=
		    SQLITE_OK)
			goto fail;
		if (migrate_fk_ok(conn, db_path) != 1)
			goto fail;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu", i + 1);
		if (sqlite3_exec(conn, pragma, NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		if (sqlite3_exec(conn, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		*to = (int)i + 1;
	}
	if (sqlite3_exec(conn, "PRAGMA foreign_keys = ON", NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("%s: %s", db_path, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
fail:
	log_warnx("%s: %s: %s", db_path, i < migrations_count ? migrations[i].name : "",
	    msg ? msg : sqlite3_errmsg(conn));
	sqlite3_free(msg);
	sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(conn, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return -1;
}
