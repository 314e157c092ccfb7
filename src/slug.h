/* SPDX-License-Identifier: ISC */
/* slug.h: the URL names of posts and pages: validation, and generation from a title. */
#ifndef MERIDIAN_SLUG_H
#define MERIDIAN_SLUG_H

#define SLUG_MAX	100	/* bytes; a slug is [a-z0-9-]{1,SLUG_MAX} */

int	 slug_valid(const char *);
char	*slug_from_title(const char *);

#endif
