/* SPDX-License-Identifier: ISC */
/* import_exec.c: `meridian import` runs meridian-import, a program of its own, because the
 * importer's libraries (libxml2, libcurl and the dozens they bring) would otherwise be mapped
 * into every FastCGI worker, which never imports. The program replaces this process (exec, not
 * a child), so its output, its exit status and its environment are the command's own. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "libexec.h"
#include "util.h"

/* Where meridian-import is (see libexec_find). */
static char	 import_path[PATH_MAX] = MERIDIAN_IMPORT_PROGRAM;

void
import_program_set(const char *argv0)
{
	libexec_find(argv0, "meridian-import", MERIDIAN_IMPORT_PROGRAM, import_path,
	    sizeof(import_path));
}

const char *
import_program(void)
{
	return import_path;
}

/*
 * Executes "meridian-import import ARGS..." for argv "import ARGS...". Returns only when the
 * program cannot be run: EXIT_USER, with one line on stderr.
 */
int
cmd_import_exec(int argc, char *argv[])
{
	char	**av;
	int	 i, e;

	av = xcalloc((size_t)argc + 2, sizeof(*av));
	av[0] = import_path;
	for (i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	execv(import_path, av);
	e = errno;
	free(av);
	fprintf(stderr, "meridian: cannot run the import program %s: %s\n", import_path,
	    strerror(e));
	return EXIT_USER;
}
