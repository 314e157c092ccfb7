/* SPDX-License-Identifier: ISC */
/* wp_fetch.h: `import --fetch`: an image of the old WordPress site, downloaded with libcurl. */
#ifndef MERIDIAN_WP_FETCH_H
#define MERIDIAN_WP_FETCH_H

#include <stddef.h>

#define WP_FETCH_TIMEOUT	20	/* seconds for one image */
#define WP_FETCH_PAUSE_MS	250	/* between two requests: at most 4 a second */

/*
 * GETs "dir" (the export's uploads folder, "scheme://host[:port][/folder]/wp-content/uploads/",
 * or its WordPress.com media host, "https://SITE.files.wordpress.com/") + "rel" ("rel" already
 * checked to be a plain path). Returns the bytes (at most LIMIT_UPLOAD; caller frees) and
 * their length, or NULL with the reason in "err".
 */
unsigned char	*wp_fetch(const char *dir, const char *rel, size_t *len, char *err,
		    size_t errlen);

#endif
