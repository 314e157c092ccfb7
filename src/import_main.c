/* SPDX-License-Identifier: ISC */
/* import_main.c: meridian-import, the only program linked with libxml2 and libcurl (for
 * WordPress exports and their images). `meridian import ARGS...` executes it as
 * "meridian-import import ARGS..."; it then is that command, Markdown files included.
 *
 *	meridian-import import [--db PATH] [--config FILE] ... FILE.md|DIR...|EXPORT.xml
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "image.h"
#include "log.h"

int
main(int argc, char *argv[])
{
	log_init("meridian", 0, LOG_LEVEL_INFO);
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		fprintf(stderr, "usage: meridian-import import ARGS... (run by meridian import)\n");
		return EXIT_USAGE;
	}
	/* Imported images go through meridian-image, installed beside this program. */
	image_helper_set(argv[0]);
	if (cmd_libs_init() == -1)
		return EXIT_USER;
	return cmd_import(argc - 1, argv + 1);
}
