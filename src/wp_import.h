/* SPDX-License-Identifier: ISC */
/* wp_import.h: `meridian import EXPORT.xml`: a WordPress site's posts, pages, images, topics
 * and old addresses, each post in its own transaction, with a report. */
#ifndef MERIDIAN_WP_IMPORT_H
#define MERIDIAN_WP_IMPORT_H

#include <time.h>

struct db;

struct wp_import_opt {
	const char	*path;		/* the export file */
	const char	*uploads;	/* a copy of wp-content/uploads, or NULL */
	int		 fetch;		/* download missing images from the old site */
	int		 dry_run;	/* report only; the database is opened read-only */
	int		 budget_ms;	/* the render budget a body must keep */
};

/* Returns EXIT_OK, or EXIT_USER (the file is refused, or a post could not be saved). */
int	 wp_import(struct db *, const struct wp_import_opt *, time_t now);

#endif
