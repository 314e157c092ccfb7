/* SPDX-License-Identifier: ISC */
/* req.c: builds the request object from FastCGI or CGI parameters, validating what arrives:
 * lengths, percent-encoding, UTF-8. A request that fails here gets 400/413/414 and never
 * reaches a handler. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meridian.h"
#include "util.h"

const char *const req_param_names[RP_COUNT] = {
	"REQUEST_METHOD", "DOCUMENT_URI", "REQUEST_URI", "PATH_INFO", "QUERY_STRING",
	"HTTP_HOST", "REMOTE_ADDR", "HTTP_COOKIE", "HTTP_IF_NONE_MATCH",
	"HTTP_IF_MODIFIED_SINCE", "CONTENT_TYPE", "HTTP_ORIGIN", "HTTP_SEC_FETCH_SITE",
	"SERVER_PORT", "HTTPS", "CONTENT_LENGTH"
};

static char *
param_copy(req_getparam_fn get, void *arg, enum req_param p, size_t max, int *bad)
{
	const char	*v = get(p, arg);
	size_t		 n;

	if (v == NULL)
		return NULL;
	n = strlen(v);
	if (n > max) {
		*bad = 431;
		return NULL;
	}
	return xstrndup(v, n);
}

/*
 * Fills "r" from the parameters behind "get". Returns 0, or the HTTP status the request
 * deserves (400 malformed, 405 unknown method handled later, 414 long URI, 431 big header).
 * "r" must be freed with req_free() either way.
 */
/*
 * Reads the body of a POST whose Content-Length req_build() took, through "read", for both
 * transports. Returns 0, 413 for a body over LIMIT_UPLOAD (nothing read), or 400 when the
 * body ends before Content-Length said. The body is NUL-terminated and owned by "r".
 */
int
req_read_body(struct req *r, req_read_fn read, void *arg)
{
	size_t	 got = 0;
	long	 n;

	if (r->method != METHOD_POST || !r->has_body)
		return 0;
	if (r->content_length > LIMIT_UPLOAD)
		return 413;
	r->body = xmalloc(r->content_length + 1);
	while (got < r->content_length &&
	    (n = read(r->body + got, r->content_length - got, arg)) > 0)
		got += (size_t)n;
	r->body[got] = '\0';
	r->body_len = got;
	return got == r->content_length ? 0 : 400;
}

int
req_build(struct req *r, req_getparam_fn get, void *arg)
{
	const char	*m, *uri, *q, *cl, *https;
	char		*decoded = NULL;
	size_t		 len, dlen;
	long long	 n;
	int		 bad = 0;
	enum query_err	 qe;

	memset(r, 0, sizeof(*r));
	m = get(RP_REQUEST_METHOD, arg);
	if (m == NULL || *m == '\0' || strlen(m) > 16)
		return 400;
	r->method_str = xstrdup(m);
	if (strcmp(m, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(m, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(m, "POST") == 0)
		r->method = METHOD_POST;
	else
		r->method = METHOD_OTHER;

	/* DOCUMENT_URI is nginx's decoded, normalised path; REQUEST_URI the raw one. */
	if ((uri = get(RP_DOCUMENT_URI, arg)) != NULL && *uri != '\0') {
		if (strlen(uri) > LIMIT_PATH)
			return 414;
		decoded = xstrdup(uri);
	} else if ((uri = get(RP_REQUEST_URI, arg)) != NULL && *uri != '\0') {
		const char *qm = strchr(uri, '?');

		len = qm ? (size_t)(qm - uri) : strlen(uri);
		if (len > LIMIT_PATH)
			return 414;
		if (query_pct_decode(uri, len, 0, &decoded, &dlen) == -1)
			return 400;
		if (strlen(decoded) != dlen) {
			free(decoded);
			return 400;
		}
	} else if ((uri = get(RP_PATH_INFO, arg)) != NULL && *uri != '\0') {
		if (strlen(uri) > LIMIT_PATH)
			return 414;
		decoded = xstrdup(uri);
	} else
		decoded = xstrdup("/");
	r->path = decoded;
	if (r->path[0] != '/' || !util_utf8_valid(r->path, strlen(r->path)))
		return 400;

	q = get(RP_QUERY_STRING, arg);
	r->query_str = xstrdup(q ? q : "");
	if (strlen(r->query_str) > LIMIT_QUERY)
		return 414;
	if ((qe = query_parse(r->query_str, strlen(r->query_str), &r->query)) !=
	    QUERY_OK)
		return qe == QUERY_TOO_MANY || qe == QUERY_TOO_LONG ? 414 : 400;

	r->host = param_copy(get, arg, RP_HTTP_HOST, 255, &bad);
	r->remote_addr = param_copy(get, arg, RP_REMOTE_ADDR, 64, &bad);
	r->cookie = param_copy(get, arg, RP_HTTP_COOKIE, LIMIT_HEADER, &bad);
	r->if_none_match = param_copy(get, arg, RP_HTTP_IF_NONE_MATCH, 1024, &bad);
	r->if_modified_since = param_copy(get, arg, RP_HTTP_IF_MODIFIED_SINCE, 64,
	    &bad);
	r->content_type = param_copy(get, arg, RP_CONTENT_TYPE, 1024, &bad);
	r->origin = param_copy(get, arg, RP_HTTP_ORIGIN, 1024, &bad);
	r->sec_fetch_site = param_copy(get, arg, RP_HTTP_SEC_FETCH_SITE, 64, &bad);
	r->server_port = param_copy(get, arg, RP_SERVER_PORT, 16, &bad);
	if (bad)
		return bad;
	https = get(RP_HTTPS, arg);
	r->https = https != NULL && (strcmp(https, "on") == 0 ||
	    strcmp(https, "1") == 0);
	if ((cl = get(RP_CONTENT_LENGTH, arg)) != NULL && *cl != '\0') {
		if (util_parse_ll(cl, 0, 1LL << 40, &n) == -1)
			return 400;
		r->content_length = (size_t)n;
		r->has_body = 1;
	}
	return 0;
}

void
req_free(struct req *r)
{
	free(r->method_str);
	free(r->path);
	free(r->query_str);
	query_free(&r->query);
	free(r->host);
	free(r->remote_addr);
	free(r->cookie);
	free(r->if_none_match);
	free(r->if_modified_since);
	free(r->content_type);
	free(r->origin);
	free(r->sec_fetch_site);
	free(r->server_port);
	free(r->body);
	memset(r, 0, sizeof(*r));
}
