/* SPDX-License-Identifier: ISC */
/* libexec.h: where the programs meridian executes (the image helper, the importer) are. */
#ifndef MERIDIAN_LIBEXEC_H
#define MERIDIAN_LIBEXEC_H

#include <stddef.h>

void	 libexec_find(const char *argv0, const char *name, const char *installed, char *path,
	    size_t size);

#endif
