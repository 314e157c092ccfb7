/* SPDX-License-Identifier: ISC */
/* fcgi.c: the libfcgi glue, and the only file that includes fcgiapp.h. It accepts a request,
 * builds struct req from its parameters and body (with limits), and writes the response in
 * one piece. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "fcgi.h"
#include "util.h"

struct fcgi_conn {
	FCGX_Request	 fr;
	const char	*param[RP_COUNT];	/* the request's, in fr.envp; NULL: none */
};

/* A connection object on "listen_fd"; an accept() that fails (the worker's stop signal
 * replaced the socket) is not retried. */
struct fcgi_conn *
fcgi_new(int listen_fd)
{
	struct fcgi_conn	*c;

	if (FCGX_Init() != 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	if (FCGX_InitRequest(&c->fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void
fcgi_free(struct fcgi_conn *c)
{
	if (c == NULL)
		return;
	FCGX_Free(&c->fr, 1);
	free(c);
}

/* Returns 0 with a request accepted, -1 on interruption or error. */
int
fcgi_accept(struct fcgi_conn *c)
{
	return FCGX_Accept_r(&c->fr) < 0 ? -1 : 0;
}

/* Longer names than this are never among req_param_names[]. */
#define FCGI_NAME_MAX	31

/*
 * Finds the parameters req_build() reads in one pass over the request's list, comparing each
 * only with the wanted names of its length and first letter. (Asking libfcgi for each by name scanned the list
 * once per name, 15 times a request, most of them to the end for a header the request did not
 * have: a fifth of a kept page's instructions.) The first of two with one name wins, as with
 * FCGX_GetParam().
 */
static void
fcgi_index_params(struct fcgi_conn *c)
{
	/* The first wanted name of each length, and the next of the same length; -1: none. */
	static int	 first[FCGI_NAME_MAX + 1], next[RP_COUNT], ready;
	char		**e;
	const char	*eq;
	size_t		 n;
	int		 i;

	if (!ready) {
		for (n = 0; n <= FCGI_NAME_MAX; n++)
			first[n] = -1;
		for (i = RP_COUNT - 1; i >= 0; i--) {
			n = strlen(req_param_names[i]);
			next[i] = first[n];
			first[n] = i;
		}
		ready = 1;
	}
	memset(c->param, 0, sizeof(c->param));
	for (e = c->fr.envp; e != NULL && *e != NULL; e++) {
		if ((eq = strchr(*e, '=')) == NULL ||
		    (n = (size_t)(eq - *e)) > FCGI_NAME_MAX)
			continue;
		for (i = first[n]; i != -1; i = next[i])
			if ((*e)[0] == req_param_names[i][0] &&
			    memcmp(*e, req_param_names[i], n) == 0) {
				if (c->param[i] == NULL)
					c->param[i] = eq + 1;
				break;
			}
	}
}

static const char *
fcgi_param(enum req_param p, void *arg)
{
	struct fcgi_conn	*c = arg;

	return c->param[p];
}

/* req_read_fn over libfcgi's input stream. */
static long
fcgi_read(char *buf, size_t len, void *arg)
{
	struct fcgi_conn	*c = arg;
	int			 n;

	n = FCGX_GetStr(buf, len > INT_MAX ? INT_MAX : (int)len, c->fr.in);
	return n < 0 ? -1 : n;
}

/*
 * Fills "r" from the accepted request, reading a POST body of up to LIMIT_UPLOAD bytes.
 * Returns 0 or the HTTP status the request deserves (see req_build), 413 for a large body.
 */
int
fcgi_read_req(struct fcgi_conn *c, struct req *r)
{
	int	 st;

	fcgi_index_params(c);
	if ((st = req_build(r, fcgi_param, c)) != 0)
		return st;
	return req_read_body(r, fcgi_read, c);
}

/*
 * Writes "len" bytes of the response. libfcgi gathers them in its stream buffer and sends
 * full records, so the head and the body written one after the other go out exactly as one
 * piece would. Returns 0, or -1 if the peer went away.
 */
int
fcgi_write(struct fcgi_conn *c, const char *p, size_t len)
{
	if (len == 0)
		return 0;
	if (FCGX_PutStr(p, (int)len, c->fr.out) != (int)len)
		return -1;
	return 0;
}

void
fcgi_finish(struct fcgi_conn *c)
{
	FCGX_Finish_r(&c->fr);
}
