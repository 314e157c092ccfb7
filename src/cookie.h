/* SPDX-License-Identifier: ISC */
/* cookie.h: reading one cookie from a Cookie header and writing Set-Cookie lines. */
#ifndef MERIDIAN_COOKIE_H
#define MERIDIAN_COOKIE_H

#include <stddef.h>

#include "buf.h"

#define COOKIE_MAX_HEADER	8192	/* bytes in the Cookie header */
#define COOKIE_MAX_COUNT	64	/* cookies in the Cookie header */

int	 cookie_get(const char *, size_t, const char *, char *, size_t);
void	 cookie_set(struct buf *, const char *, const char *, int, long);

#endif
