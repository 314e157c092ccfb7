/* SPDX-License-Identifier: ISC */
/* cmd_routes.c: `meridian routes`: prints the route table (methods, pattern, preconditions),
 * so tests and sysadmins see every URL the daemon answers, and a security test can walk every
 * state-changing route without a list of its own that could fall behind. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "route.h"

int
cmd_routes(int argc, char *argv[])
{
	size_t	 i;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		puts("usage: meridian routes\nPrints METHODS PATTERN FLAGS, one route a line.");
		return EXIT_OK;
	}
	if (argc != 1) {
		fputs("usage: meridian routes\n", stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < routes_count; i++)
		printf("%s%s%s\t%s\t%s%s%s%s%s%s%s\n",
		    routes[i].methods & ROUTE_GET ? "GET" : "",
		    (routes[i].methods & ROUTE_GET) && (routes[i].methods & ROUTE_POST) ?
		    "," : "",
		    routes[i].methods & ROUTE_POST ? "POST" : "",
		    routes[i].pattern,
		    routes[i].flags & ROUTE_ADMIN ? "admin " : "",
		    routes[i].flags & ROUTE_ROLE_ADMIN ? "role-admin " : "",
		    routes[i].flags & ROUTE_UPLOAD ? "upload " : "",
		    routes[i].flags & ROUTE_LOGIN ? "login " : "",
		    routes[i].flags & ROUTE_MFA_OPEN ? "mfa-open " : "",
		    routes[i].flags & ROUTE_MFA_STEP ? "mfa-step " : "",
		    routes[i].flags & ROUTE_CARRY ? "carry " : "");
	return EXIT_OK;
}
