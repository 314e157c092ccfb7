/* SPDX-License-Identifier: ISC */
/* origin.h: comparing a request's Origin header with the site's own origin (origin.c). */
#ifndef MERIDIAN_ORIGIN_H
#define MERIDIAN_ORIGIN_H

#define ORIGIN_MAX	1024	/* longest Origin header or base URL looked at */

int	 origin_matches_url(const char *origin, const char *base_url);
int	 origin_matches_host(const char *origin, int https, const char *host,
	    const char *server_port);

#endif
