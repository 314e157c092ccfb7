/* SPDX-License-Identifier: ISC */
/* main.c: the meridian binary: a table of subcommands, --help and --version, and the CGI
 * entry when a web server runs it as a plain CGI program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "image.h"
#include "util.h"

struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
};

static const struct cmd cmds[] = {
	{ "init",	cmd_init,	"create the database, or migrate it (backup first)" },
	{ "serve",	cmd_serve,	"run the FastCGI server (master and workers)" },
	{ "import",	cmd_import_exec,	"import Markdown files with front matter" },
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

int
main(int argc, char *argv[])
{
	size_t	 i;

	log_init("meridian", 0, LOG_LEVEL_INFO);
	image_helper_set(argv[0]);
	import_program_set(argv[0]);
	if (cmd_libs_init() == -1)
		return EXIT_USER;
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
