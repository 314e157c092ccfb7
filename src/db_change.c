/* SPDX-License-Identifier: ISC */
/* db_change.c: whether the database may have changed since a worker last read the site
 * generation, told from SQLite's wal-index header without a system call.
 *
 * Every page starts with the site generation (db_site_state). Reading it in SQLite is a read
 * transaction: a file lock taken and released on the -shm file and often a stat of the
 * database, and in the benchmark that one statement cost a tenth of a kept page's
 * throughput. In WAL mode every commit, by any process (a worker, a `meridian` command, the
 * sqlite3 shell), rewrites the wal-index header at the start of the -shm file: the last
 * frame, or after a checkpoint new salts, and a change counter. The layout is SQLite's
 * shared-memory protocol, fixed so that every version of SQLite can share one database.
 * So while the header reads as it did when the generation was last read, nothing was
 * committed since, and the generation stands. Any doubt (no WAL, no -shm, a header being
 * written, not yet initialised) reads the generation from SQLite as before. */
#include "config.h"

#include <stdatomic.h>
#include <string.h>

#include <sqlite3.h>

#include "meridian.h"

/* The wal-index is mapped in regions of 32 KiB; its header is at the start of the first. The
 * header comes twice: the writer writes the second copy, then the first, and a reader that
 * finds them equal read a whole one. Byte 12 of a copy: isInit. */
#define DB_WAL_REGION		32768
#define DB_WAL_IS_INIT		12

/*
 * Finds the wal-index of "db"'s connection, in WAL mode (db_open() says), through SQLite's
 * own mapping of the -shm file (its VFS's xShmMap, asked for the region it has already
 * mapped). No file is opened here: closing a second descriptor of that file would drop the
 * POSIX locks SQLite holds on it, and another process could then truncate it under every
 * reader. Without a wal-index db_change_header() always says "maybe changed".
 */
void
db_change_open(struct db *db)
{
	sqlite3_file	*f = NULL;
	volatile void	*p = NULL;

	db->wal_index = NULL;
	if (!db->wal)
		return;
	/* The mapping stays until sqlite3_close(): a connection leaves WAL mode only by a
	 * PRAGMA journal_mode that nothing here runs after db_open(). */
	if (sqlite3_file_control(db->conn, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    f == NULL || f->pMethods == NULL || f->pMethods->iVersion < 2 ||
	    f->pMethods->xShmMap == NULL)
		return;
	if (f->pMethods->xShmMap(f, 0, DB_WAL_REGION, 0, &p) == SQLITE_OK && p != NULL)
		db->wal_index = (const volatile unsigned char *)p;
}

/* Before the connection closes: the mapping is SQLite's, and goes with it. */
void
db_change_close(struct db *db)
{
	db->wal_index = NULL;
}

/*
 * Copies the current wal-index header into "out". Returns 1 when it is a whole, initialised
 * header, 0 when there is none to trust (then the generation is read from SQLite).
 */
int
db_change_header(const struct db *db, unsigned char out[DB_WAL_HEADER])
{
	unsigned char	 second[DB_WAL_HEADER];
	size_t		 i;

	if (db->wal_index == NULL)
		return 0;
	for (i = 0; i < DB_WAL_HEADER; i++)
		out[i] = db->wal_index[i];
	atomic_thread_fence(memory_order_seq_cst);
	for (i = 0; i < DB_WAL_HEADER; i++)
		second[i] = db->wal_index[DB_WAL_HEADER + i];
	return memcmp(out, second, DB_WAL_HEADER) == 0 && out[DB_WAL_IS_INIT] != 0;
}
