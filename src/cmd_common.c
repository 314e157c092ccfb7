/* SPDX-License-Identifier: ISC */
/* cmd_common.c: what every subcommand does first, in meridian and in meridian-import: its
 * libraries, its flags (--db, --config, --help and its own), then the configuration. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "cmd.h"
#include "image.h"
#include "util.h"

/* The libraries every command needs ready before anything else. 0, or -1 (message printed). */
int
cmd_libs_init(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "meridian: libsodium failed to initialise\n");
		return -1;
	}
	if (db_global_init() == -1) {
		fprintf(stderr, "meridian: SQLite failed to initialise\n");
		return -1;
	}
	return 0;
}

/*
 * Parses a subcommand's flags: --db, --config and --help, which every command takes, and
 * the command's own "extra" flags (each takes a value unless it is a switch; the list ends
 * with a NULL name).
 * Returns -1 to go on, with optind at the first operand, or the exit status to return at
 * once: EXIT_OK after --help, EXIT_USAGE after a bad flag (the usage is printed).
 */
int
cmd_flags(int argc, char **argv, const char *usage, const struct cmd_flag *extra,
    struct cmd_common *co)
{
	struct option	 opts[16];
	size_t		 n = 0, i;
	int		 ch;

	opts[n++] = (struct option){ "db", required_argument, NULL, 'd' };
	opts[n++] = (struct option){ "config", required_argument, NULL, 'c' };
	opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (i = 0; extra != NULL && extra[i].name != NULL && n + 1 < 16; i++)
		opts[n++] = (struct option){ extra[i].name, extra[i].no_value ?
		    no_argument : required_argument, NULL, 256 + (int)i };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'd')
			co->db = optarg;
		else if (ch == 'c')
			co->config = optarg;
		else if (ch == 'h') {
			fputs(usage, stdout);
			return EXIT_OK;
		} else if (ch >= 256)
			*extra[ch - 256].value = extra[ch - 256].no_value ? "yes" :
			    optarg;
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

void
cmd_usage(const char *text)
{
	fputs(text, stderr);
}

/*
 * Fills "c" from defaults, the config file and the common flags. The default config file
 * may be absent; one named with --config must exist. Returns 0, or -1 (message printed).
 */
int
cmd_setup(struct conf *c, const struct cmd_common *co)
{
	enum log_level	 lvl = LOG_LEVEL_INFO;

	conf_defaults(c);
	if (conf_load(c, co->config ? co->config : MERIDIAN_SYSCONF,
	    co->config != NULL) == -1)
		return -1;
	if (co->db != NULL) {
		free(c->db_path);
		c->db_path = xstrdup(co->db);
	}
	image_time_limit_set(c->image_time_limit);
	log_level_parse(c->log_level, &lvl);
	/* Commands answer on the terminal; only serve switches to syslog (cmd_serve.c). */
	log_init("meridian", 0, lvl);
	return 0;
}
