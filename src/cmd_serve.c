/* SPDX-License-Identifier: ISC */
/* cmd_serve.c: `meridian serve`: reads flags and configuration, then runs the master. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "master.h"
#include "util.h"

static const char serve_usage[] =
    "usage: meridian serve [--db PATH] [--config FILE] [--listen unix:PATH|127.0.0.1:PORT]\n"
    "                      [--workers N] [--templates DIR] [--read-only]\n"
    "Without --listen (and none in the config file), serves the listening socket on\n"
    "standard input (systemd socket activation, spawn-fcgi). --read-only: a replica,\n"
    "which only reads the database and answers /admin/ with 503.\n";

int
cmd_serve(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	const char		*listen = NULL, *templates = NULL, *workers = NULL;
	const char		*read_only = NULL;
	long long		 n;
	int			 ch, rc;
	const struct cmd_flag	 extra[] = {
		{ "listen", &listen, 0 },
		{ "workers", &workers, 0 },
		{ "templates", &templates, 0 },
		{ "read-only", &read_only, 1 },
		{ NULL, NULL, 0 }
	};

	if ((ch = cmd_flags(argc, argv, serve_usage, extra, &co)) >= 0)
		return ch;
	if (optind != argc) {
		cmd_usage(serve_usage);
		return EXIT_USAGE;
	}
	if (cmd_setup(&conf, &co) == -1) {
		conf_free(&conf);
		return EXIT_USER;
	}
	if (workers != NULL) {
		if (util_parse_ll(workers, 1, 64, &n) == -1) {
			fprintf(stderr, "meridian: --workers must be 1 to 64\n");
			conf_free(&conf);
			return EXIT_USAGE;
		}
		conf.workers = (int)n;
	}
	if (listen != NULL) {
		free(conf.listen);
		conf.listen = xstrdup(listen);
	} else if (conf.config_file == NULL || socket_inherited()) {
		/* No explicit listen: prefer an inherited socket when there is one. */
		if (socket_inherited()) {
			free(conf.listen);
			conf.listen = NULL;
		}
	}
	if (read_only != NULL)
		conf.read_only = 1;
	if (templates != NULL) {
		free(conf.templates_dir);
		conf.templates_dir = xstrdup(templates);
	}
	/* syslog = yes: the daemon's log, master and workers, goes to syslog(3) from here on. */
	if (conf.use_syslog) {
		enum log_level	 lvl = LOG_LEVEL_INFO;

		log_level_parse(conf.log_level, &lvl);
		log_init("meridian", 1, lvl);
	}
	rc = master_run(&conf) == 0 ? EXIT_OK : EXIT_USER;
	conf_free(&conf);
	return rc;
}
