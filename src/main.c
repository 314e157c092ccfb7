/* SPDX-License-Identifier: ISC */
/* main.c: the meridian binary: a table of subcommands, --help and --version, and the CGI
 * entry when a web server runs it as a plain CGI program. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmd.h"
#include "image.h"
#include "util.h"

#ifndef MERIDIAN_SYSCONF
#define MERIDIAN_SYSCONF	"/etc/meridian/meridian.conf"
#endif

struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
};

static const struct cmd cmds[] = {
	{ "init",	cmd_init,	"create the database, or migrate it (backup first)" },
	{ "serve",	cmd_serve,	"run the FastCGI server (master and workers)" },
	{ "import",	cmd_import,	"import Markdown files with front matter" },
	{ "render",	cmd_render,	"print the HTML a Markdown file renders to" },
	{ "settings",	cmd_settings,	"show or change the site settings" },
	{ "user",	cmd_user,	"add, change, delete or list staff accounts" },
	{ "routes",	cmd_routes,	"print every URL pattern the server answers" },
	{ "export",	cmd_export,	"write every article, page and image to a folder" },
	{ "backup",	cmd_backup,	"write a verified copy of the database while serving" },
	{ "check",	cmd_check,	"check the config, templates, schema and integrity" },
	{ "media",	cmd_media,	"rebuild or check every image's sizes and formats" },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: meridian COMMAND [--db PATH] [--config FILE] [ARGS]\n\n"
	    "commands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nEvery command takes --help. Configuration: %s\n",
	    MERIDIAN_SYSCONF);
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

int
main(int argc, char *argv[])
{
	size_t	 i;

	log_init("meridian", 0, LOG_LEVEL_INFO);
	image_helper_set(argv[0]);
	if (sodium_init() < 0) {
		fprintf(stderr, "meridian: libsodium failed to initialise\n");
		return EXIT_USER;
	}
	if (db_global_init() == -1) {
		fprintf(stderr, "meridian: SQLite failed to initialise\n");
		return EXIT_USER;
	}
	/* Run by a web server as CGI: no arguments, a CGI environment. */
	if (argc == 1 && getenv("GATEWAY_INTERFACE") != NULL)
		return cgi_main();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("meridian %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "meridian: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
