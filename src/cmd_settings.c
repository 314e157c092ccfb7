/* SPDX-License-Identifier: ISC */
/* cmd_settings.c: `meridian settings [get KEY | set KEY VALUE]`: the site settings pages use
 * (clinic name, address, disclaimer...), until the admin screens exist and for scripts after. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

static const char settings_usage[] =
    "usage: meridian settings [--db PATH] [--config FILE] [get KEY | set KEY VALUE]\n"
    "Without arguments, prints every setting as KEY = VALUE.\n"
    "Keys: site_title tagline base_url language timezone clinic_name clinic_address\n"
    "      clinic_phone clinic_hours booking_url disclaimer\n";

int
cmd_settings(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct settings		 s;
	struct db		 db;
	int			 ch, i, k, rc = EXIT_USER, nargs;

	if ((ch = cmd_flags(argc, argv, settings_usage, NULL, &co)) >= 0)
		return ch;
	argv += optind;
	nargs = argc - optind;
	if (!(nargs == 0 || (nargs == 2 && strcmp(argv[0], "get") == 0) ||
	    (nargs == 3 && strcmp(argv[0], "set") == 0))) {
		cmd_usage(settings_usage);
		return EXIT_USAGE;
	}
	if (nargs > 0 && settings_key(argv[1]) < 0) {
		fprintf(stderr, "meridian: unknown setting '%s'\n", argv[1]);
		return EXIT_USER;
	}
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	if (nargs == 3) {
		const char *why = settings_validate(settings_key(argv[1]), argv[2]);

		if (why != NULL)
			fprintf(stderr, "meridian: %s: %s\n", argv[1], why);
		else if (settings_set(&db, argv[1], argv[2]) == 0)
			rc = EXIT_OK;
	} else if (settings_load(&db, &s) == 0) {
		k = nargs == 2 ? settings_key(argv[1]) : -1;
		for (i = 0; i < SET__MAX; i++) {
			if (k >= 0 && i != k)
				continue;
			if (k >= 0)
				printf("%s\n", s.v[i]);
			else
				printf("%s = %s\n", settings_keys[i], s.v[i]);
		}
		settings_free(&s);
		rc = EXIT_OK;
	}
	db_close(&db);
out:
	conf_free(&conf);
	return rc;
}
