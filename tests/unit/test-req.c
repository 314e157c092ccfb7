/* SPDX-License-Identifier: ISC */
/* test-req.c: building a request from CGI/FastCGI parameters and reading its body: what is
 * refused, and how. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "meridian.h"

/* A parameter table: name, value pairs ending in NULL. */
static const char *
get(enum req_param rp, void *arg)
{
	const char *const *p = arg;

	for (; *p != NULL; p += 2)
		if (strcmp(p[0], req_param_names[rp]) == 0)
			return p[1];
	return NULL;
}

/* A body source that hands out at most 3 bytes per read, as a slow client would. */
struct chunks {
	const char	*p;
	size_t		 left;
};

static long
chunked(char *buf, size_t len, void *arg)
{
	struct chunks	*c = arg;
	size_t		 n = len < 3 ? len : 3;

	if (n > c->left)
		n = c->left;
	memcpy(buf, c->p, n);
	c->p += n;
	c->left -= n;
	return (long)n;
}

/* Builds a POST with Content-Length "cl" and reads "body" as its body. */
static int
post_body(const char *cl, const char *body, struct req *r)
{
	const char	*p[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/admin/login",
	    "CONTENT_LENGTH", cl, NULL };
	struct chunks	 c = { body, strlen(body) };
	int		 st;

	if ((st = req_build(r, get, (void *)p)) != 0)
		return st;
	return req_read_body(r, chunked, &c);
}

static int
build(const char *const *params, struct req *r)
{
	return req_build(r, get, (void *)params);
}

int
main(void)
{
	struct req	 r;
	char		*longpath;
	const char	*ok[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/articles/x",
	    "QUERY_STRING", "page=2&q=back+pain", "HTTP_HOST", "example.org",
	    "HTTPS", "on", NULL };
	const char	*raw[] = { "REQUEST_METHOD", "HEAD", "REQUEST_URI", "/a%20b?x=1", NULL };
	const char	*nul[] = { "REQUEST_METHOD", "GET", "REQUEST_URI", "/a%00b", NULL };
	const char	*badutf[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/\xc3\x28", NULL };
	const char	*badq[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/",
	    "QUERY_STRING", "q=%zz", NULL };
	const char	*badcl[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/",
	    "CONTENT_LENGTH", "12abc", NULL };
	const char	*nomethod[] = { "DOCUMENT_URI", "/", NULL };
	const char	*put[] = { "REQUEST_METHOD", "PUT", "DOCUMENT_URI", "/", NULL };
	const char	*rel[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "x", NULL };
	const char	*lp[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", NULL, NULL };

	INT_EQ(post_body("11", "user=ana&x=", &r), 0, "a body read in small pieces");
	STR_EQ(r.body, "user=ana&x=", "the whole body, NUL-terminated");
	INT_EQ(r.body_len, 11, "its length");
	req_free(&r);
	INT_EQ(post_body("20", "user=ana", &r), 400, "a body shorter than its Content-Length");
	req_free(&r);
	INT_EQ(post_body("10485761", "x", &r), 413, "a body over the upload limit");
	OK(r.body == NULL, "is refused before anything is read");
	req_free(&r);
	INT_EQ(post_body("3", "abcdef", &r), 0, "bytes past Content-Length");
	STR_EQ(r.body, "abc", "are not read");
	req_free(&r);

	INT_EQ(build(ok, &r), 0, "a good request");
	OK(r.method == METHOD_GET, "GET");
	STR_EQ(r.path, "/articles/x", "path");
	STR_EQ(query_get(&r.query, "q"), "back pain", "query decoded");
	OK(r.https == 1, "HTTPS=on");
	STR_EQ(r.host, "example.org", "host");
	req_free(&r);

	INT_EQ(build(raw, &r), 0, "REQUEST_URI when DOCUMENT_URI is absent");
	STR_EQ(r.path, "/a b", "REQUEST_URI is percent-decoded, query cut off");
	OK(r.method == METHOD_HEAD, "HEAD");
	req_free(&r);

	INT_EQ(build(nul, &r), 400, "a NUL in the path is 400");
	req_free(&r);
	INT_EQ(build(badutf, &r), 400, "invalid UTF-8 in the path is 400");
	req_free(&r);
	INT_EQ(build(badq, &r), 400, "broken percent-encoding in the query is 400");
	req_free(&r);
	INT_EQ(build(badcl, &r), 400, "a malformed Content-Length is 400");
	req_free(&r);
	INT_EQ(build(nomethod, &r), 400, "no method is 400");
	req_free(&r);
	INT_EQ(build(put, &r), 0, "an unknown method is routed (405 later)");
	OK(r.method == METHOD_OTHER, "PUT is METHOD_OTHER");
	req_free(&r);
	INT_EQ(build(rel, &r), 400, "a path not starting with / is 400");
	req_free(&r);

	longpath = malloc(LIMIT_PATH + 2);
	memset(longpath, 'a', LIMIT_PATH + 1);
	longpath[0] = '/';
	longpath[LIMIT_PATH + 1] = '\0';
	lp[3] = longpath;
	INT_EQ(build(lp, &r), 414, "a path over the limit is 414");
	req_free(&r);
	longpath[LIMIT_PATH] = '\0';
	INT_EQ(build(lp, &r), 0, "a path at the limit is fine");
	req_free(&r);
	free(longpath);
	return harness_done("req");
}
