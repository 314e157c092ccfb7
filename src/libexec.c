/* SPDX-License-Identifier: ISC */
/* libexec.c: where the programs meridian executes are: beside the program when it was started
 * by a path and one is there (a build folder), else where `make install` put them. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libexec.h"

/*
 * Writes into "path" (of "size" bytes) where program "name" is for a process started as
 * "argv0": the executable "name" in the same folder, else "installed".
 */
void
libexec_find(const char *argv0, const char *name, const char *installed, char *path,
    size_t size)
{
	char	 dir[PATH_MAX], *slash;

	if (argv0 != NULL && strchr(argv0, '/') != NULL && realpath(argv0, dir) != NULL &&
	    (slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if ((size_t)snprintf(path, size, "%s/%s", dir, name) < size &&
		    access(path, X_OK) == 0)
			return;
	}
	snprintf(path, size, "%s", installed);
}
