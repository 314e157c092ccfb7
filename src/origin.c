/* SPDX-License-Identifier: ISC */
/* origin.c: whether an Origin header ("scheme://host[:port]", from the browser) names this
 * site: scheme, host and port must all match, so another port on the same host (another
 * program on a shared server) or plain http is a different site. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "origin.h"

struct origin {
	int		 https;
	const char	*host;		/* borrowed; "[...]" for an IPv6 literal */
	size_t		 hostlen;
	long		 port;		/* 0 when none was written */
};

/*
 * Reads "host[:port]" at "s" into "o"; "rest" is set to what follows (a path may follow in
 * a base URL, nothing in an Origin). Returns 0, or -1 when malformed.
 */
static int
origin_hostport(const char *s, struct origin *o, const char **rest)
{
	const char	*p = s;
	size_t		 digits;

	if (*p == '[') {
		if ((p = strchr(p, ']')) == NULL)
			return -1;
		p++;
	} else
		p += strcspn(p, ":/?#@");
	o->host = s;
	o->hostlen = (size_t)(p - s);
	if (o->hostlen == 0 || o->hostlen > 255 || *p == '@')
		return -1;
	o->port = 0;
	if (*p == ':') {
		p++;
		digits = strspn(p, "0123456789");
		if (digits == 0 || digits > 5)
			return -1;
		o->port = strtol(p, NULL, 10);
		if (o->port < 1 || o->port > 65535)
			return -1;
		p += digits;
	}
	*rest = p;
	return 0;
}

/* Reads "scheme://host[:port]" (then a path when "path_ok"). Returns 0 or -1. */
static int
origin_parse(const char *s, int path_ok, struct origin *o)
{
	const char	*rest;

	if (s == NULL || strlen(s) > ORIGIN_MAX)
		return -1;
	if (strncasecmp(s, "https://", 8) == 0) {
		o->https = 1;
		s += 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		o->https = 0;
		s += 7;
	} else
		return -1;
	if (origin_hostport(s, o, &rest) == -1)
		return -1;
	if (o->port == 0)
		o->port = o->https ? 443 : 80;
	return *rest == '\0' || (path_ok && *rest == '/') ? 0 : -1;
}

static int
origin_equal(const struct origin *a, const struct origin *b)
{
	return a->https == b->https && a->port == b->port && a->hostlen == b->hostlen &&
	    strncasecmp(a->host, b->host, a->hostlen) == 0;
}

/* Whether "origin" is the origin of "base_url" (the site's configured address). */
int
origin_matches_url(const char *origin, const char *base_url)
{
	struct origin	 a, b;

	return origin_parse(origin, 0, &a) == 0 && origin_parse(base_url, 1, &b) == 0 &&
	    origin_equal(&a, &b);
}

/*
 * Whether "origin" is the origin this request was sent to: the scheme nginx saw, the Host
 * header, and the port written in it, else the port nginx listens on ("server_port",
 * SERVER_PORT, which may be NULL), else the scheme's default.
 */
int
origin_matches_host(const char *origin, int https, const char *host,
    const char *server_port)
{
	struct origin	 a, b;
	const char	*rest;
	char		*end;
	long		 port;

	if (origin_parse(origin, 0, &a) == -1 || host == NULL ||
	    origin_hostport(host, &b, &rest) == -1 || *rest != '\0')
		return 0;
	b.https = https;
	if (b.port == 0 && server_port != NULL && *server_port != '\0') {
		port = strtol(server_port, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535)
			return 0;
		b.port = port;
	}
	if (b.port == 0)
		b.port = https ? 443 : 80;
	return origin_equal(&a, &b);
}
