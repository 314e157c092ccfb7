/* SPDX-License-Identifier: ISC */
/* route.h: the route table and its matcher. */
#ifndef MERIDIAN_ROUTE_H
#define MERIDIAN_ROUTE_H

#include <stddef.h>

#include "site.h"

/* Methods a route answers, as a bit mask; HEAD is implied by GET. */
#define ROUTE_GET	0x01
#define ROUTE_POST	0x02

/*
 * Preconditions, checked in app.c before any handler runs, so a new route cannot forget one:
 * every POST must pass the same-origin check and carry the right csrf_token (the session's,
 * or for the login form the login cookie's); ROUTE_ADMIN needs a live session; ROUTE_ROLE_ADMIN
 * needs the admin role; ROUTE_UPLOAD takes a multipart body of up to LIMIT_UPLOAD.
 */
#define ROUTE_ADMIN		0x01
#define ROUTE_ROLE_ADMIN	0x02
#define ROUTE_UPLOAD		0x04
#define ROUTE_LOGIN		0x08
/*
 * Two-factor sign-in (mfa.c): a session that must still enrol (site setting mfa_required)
 * reaches only ROUTE_MFA_OPEN routes; ROUTE_MFA_STEP is the login's second step, whose POST
 * carries the CSRF token of the pending login its cookie names (there is no session yet).
 */
#define ROUTE_MFA_OPEN		0x10
#define ROUTE_MFA_STEP		0x20
/*
 * The editor's save: a POST whose session has ended is answered with the login form carrying
 * the editor's fields (admin_login_carry), so that logging in again saves the text.
 */
#define ROUTE_CARRY		0x40
/*
 * A visitor's page that a worker keeps once built (site_keep_page): app.c answers it from the
 * kept copy, when its validator still holds, before the handler runs and before the read
 * transaction begins (site_kept).
 */
#define ROUTE_KEPT		0x80

struct route {
	const char	*pattern;	/* "/articles/{slug}": {x} captures one segment */
	int		 methods;
	handler_fn	 handler;
	int		 flags;
};

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD
};

extern const struct route routes[];
extern const size_t routes_count;

#define ROUTE_MAX_CAPS	2
#define ROUTE_CAP_LEN	256

/* route.c */
enum route_result route_match(const char *path, enum method, const struct route **,
	    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN], int *allowed);

#endif
