/* SPDX-License-Identifier: ISC */
/* cmd_backup.c: `meridian backup FILE`: an online copy of the database, safe while the site
 * serves and editors save, then verified (integrity_check of the copy, and the row counts of
 * the copied snapshot) before it is reported good. A copy that fails is removed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "util.h"

static const char backup_usage[] =
    "usage: meridian backup [--db PATH] [--config FILE] FILE\n"
    "Writes a consistent copy of the database to FILE (which must not exist) while the\n"
    "site runs, then checks the copy.\n";

int
cmd_backup(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	const char		*dest;
	char			 why[768], journal[4096];
	int64_t			 counts[BACKUP_NCOUNTS];
	int			 ch, fd, rc = EXIT_USER, dbopen = 0, created = 0;

	if ((ch = cmd_flags(argc, argv, backup_usage, NULL, &co)) >= 0)
		return ch;
	if (argc - optind != 1) {
		cmd_usage(backup_usage);
		return EXIT_USAGE;
	}
	dest = argv[optind];
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	/* db_open() has said why, in one line naming the file. */
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	dbopen = 1;
	/*
	 * O_EXCL claims the name atomically: an existing file, even one appearing between a
	 * check and the copy, is never overwritten. 0600: the copy holds password hashes.
	 */
	if ((fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		if (errno == EEXIST)
			fprintf(stderr, "meridian: %s exists; a backup never "
			    "overwrites a file, choose a new name\n", dest);
		else
			fprintf(stderr, "meridian: %s: %s\n", dest, strerror(errno));
		goto out;
	}
	close(fd);
	created = 1;
	if (backup_snapshot(&db, dest, counts) == -1) {
		fprintf(stderr, "meridian: %s: the copy failed (see above); it was "
		    "removed\n", dest);
		goto out;
	}
	if (backup_verify_copy(dest, counts, why, sizeof(why)) == -1) {
		fprintf(stderr, "meridian: %s: %s; the copy was removed\n", dest, why);
		goto out;
	}
	printf("%s: verified copy of %s (integrity ok; %" PRId64 " posts, %" PRId64
	    " revisions, %" PRId64 " media, %" PRId64 " users)\n", dest, conf.db_path,
	    counts[0], counts[1], counts[2], counts[3]);
	rc = EXIT_OK;
out:
	if (dbopen)
		db_close(&db);
	if (created && rc != EXIT_OK) {
		unlink(dest);
		snprintf(journal, sizeof(journal), "%s-journal", dest);
		unlink(journal);
	}
	conf_free(&conf);
	return rc;
}
