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
};

/* A connection object on "listen_fd"; accept fails on EINTR so signals stop the worker. */
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

static const char *
fcgi_param(const char *name, void *arg)
{
	struct fcgi_conn	*c = arg;

	return FCGX_GetParam(name, c->fr.envp);
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

/* Async-signal-safe: only sets libfcgi's flag. */
void
fcgi_shutdown_pending(void)
{
	FCGX_ShutdownPending();
}
