/* SPDX-License-Identifier: ISC */
/* cmd_init.c: `meridian init`: creates the database, or migrates an older one after a backup. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "migrate.h"
#include "util.h"

static const char init_usage[] =
    "usage: meridian init [--db PATH] [--config FILE]\n"
    "Creates the database, or brings an older one to the current schema\n"
    "(a backup is written next to it first), then runs images stored before the\n"
    "image pipeline through it.\n";

int
cmd_init(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	int			 ch, before, rc = EXIT_USER;

	if ((ch = cmd_flags(argc, argv, init_usage, NULL, &co)) >= 0)
		return ch;
	if (optind != argc) {
		cmd_usage(init_usage);
		return EXIT_USAGE;
	}
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	/* Peek at the version first, only to tell the sysadmin what happened. */
	before = db_peek_version_of(conf.db_path);
	if (db_open(&db, conf.db_path, 1) == -1) {
		fprintf(stderr, "meridian: %s: cannot initialise the database\n",
		    conf.db_path);
		goto out;
	}
	/* Images stored by a version before the image pipeline go through it once, here; one
	 * it refuses stays as it was (meridian check and media check name it). */
	if (before > 0 && media_rebuild_all(&db, 1) == -1) {
		db_close(&db);
		goto out;
	}
	db_close(&db);
	if (before == (int)migrations_count)
		printf("%s: already at schema version %d\n", conf.db_path, before);
	else if (before == 0)
		printf("%s: created at schema version %zu\n", conf.db_path,
		    migrations_count);
	else {
		if (migrate_last_backup() != NULL)
			printf("%s: backup of schema version %d written to %s\n",
			    conf.db_path, before, migrate_last_backup());
		printf("%s: migrated from schema version %d to %zu\n",
		    conf.db_path, before, migrations_count);
	}
	rc = EXIT_OK;
out:
	conf_free(&conf);
	return rc;
}
