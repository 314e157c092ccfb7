/* SPDX-License-Identifier: ISC */
/* resp.c: the buffered response. Headers are emitted in exactly one place (resp_serialize),
 * with the security headers every response carries, the cache validators, and no body for
 * HEAD or 304. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "meridian.h"
#include "util.h"

/* Nothing from other hosts, no inline script, no framing. */
#define RESP_CSP \
	"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; " \
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->headers);
	buf_init(&r->body);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
}

/*
 * Empties the response, keeping the buffers' memory for the next request. "head_only"
 * stays: it belongs to the request (app_handle sets it first).
 */
void
resp_reset(struct resp *r)
{
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	r->cache_control = NULL;
	r->etag[0] = '\0';
	r->last_modified = 0;
	buf_reset(&r->headers);
	buf_reset(&r->body);
	r->kept = NULL;
	r->kept_len = 0;
}

/* Sends "len" bytes at "borrowed" as the body; the caller keeps them until the response is
 * written. */
void
resp_body_kept(struct resp *r, const char *borrowed, size_t len)
{
	buf_reset(&r->body);
	r->kept = borrowed;
	r->kept_len = len;
}

/* The body's length as GET sends it. */
static size_t
resp_full_len(const struct resp *r)
{
	return r->kept != NULL ? r->kept_len : r->body.len;
}

const char *
resp_body_data(const struct resp *r)
{
	return r->kept != NULL ? r->kept : r->body.data;
}

void
resp_free(struct resp *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}

/*
 * Appends "v" in decimal. The head is built for every request, and its two printf calls were
 * a twentieth of a kept page's instructions (callgrind), so numbers are written by hand.
 */
static void
resp_put_number(struct buf *out, size_t v)
{
	char	 d[24];
	size_t	 i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	buf_append(out, d + i, sizeof(d) - i);
}

/* Appends "name: value" and CRLF; every response writes several, so without printf. */
static void
resp_put_line(struct buf *out, const char *name, const char *value)
{
	size_t	 nl = strlen(name), vl = strlen(value);
	char	*p = buf_extend(out, nl + 2 + vl + 2);

	memcpy(p, name, nl);
	memcpy(p + nl, ": ", 2);
	memcpy(p + nl + 2, value, vl);
	memcpy(p + nl + 2 + vl, "\r\n", 2);
}

/* Adds a header line; "value" must already be free of CR and LF (asserted here). */
void
resp_header(struct resp *r, const char *name, const char *value)
{
	if (strpbrk(value, "\r\n") != NULL) {
		log_warnx("%s: refusing header %s with a line break", __func__, name);
		return;
	}
	resp_put_line(&r->headers, name, value);
}

void
resp_redirect(struct resp *r, int status, const char *location)
{
	r->status = status;
	resp_header(r, "Location", location);
	buf_reset(&r->body);
	r->content_type = "text/plain; charset=utf-8";
	buf_printf(&r->body, "Moved to %s\n", location);
}

static int
etag_in_list(const char *list, const char *etag)
{
	const char	*p = list;
	size_t		 n = strlen(etag);

	while (*p != '\0') {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

/*
 * Decides a conditional GET (RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since).
 * Returns 1 and turns "r" into a 304 when the client's copy is current, else 0.
 */
int
resp_not_modified(const struct req *q, struct resp *r)
{
	time_t	 since;
	int	 fresh = 0;

	if (q->method != METHOD_GET && q->method != METHOD_HEAD)
		return 0;
	if (q->if_none_match != NULL && r->etag[0] != '\0')
		fresh = etag_in_list(q->if_none_match, r->etag);
	else if (q->if_none_match == NULL && q->if_modified_since != NULL &&
	    r->last_modified != 0 &&
	    util_parse_http_date(q->if_modified_since, &since) == 0)
		fresh = r->last_modified <= since;
	if (fresh) {
		r->status = 304;
		buf_reset(&r->body);
	}
	return fresh;
}

static const char *
resp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	case 507: return "Insufficient Storage";
	default:  return status >= 500 ? "Internal Server Error" : "Unknown";
	}
}

/*
 * Writes the CGI-style header block, up to and with the empty line, into "out". The body
 * to send after it is resp_body_len() bytes at resp_body_data() (none for HEAD or 304).
 */
void
resp_serialize_head(const struct resp *r, struct buf *out)
{
	char	 date[40];

	buf_puts(out, "Status: ");
	resp_put_number(out, (size_t)r->status);
	buf_putc(out, ' ');
	buf_puts(out, resp_reason(r->status));
	buf_puts(out, "\r\n");
	if (r->status != 304)
		resp_put_line(out, "Content-Type", r->content_type);
	/* HEAD announces the length GET would send. */
	if (r->status != 304) {
		buf_puts(out, "Content-Length: ");
		resp_put_number(out, resp_full_len(r));
		buf_puts(out, "\r\n");
	}
	if (r->etag[0] != '\0')
		resp_put_line(out, "ETag", r->etag);
	if (r->last_modified != 0) {
		util_http_date(r->last_modified, date, sizeof(date));
		resp_put_line(out, "Last-Modified", date);
	}
	resp_put_line(out, "Cache-Control", r->cache_control ? r->cache_control : "no-cache");
	buf_puts(out, "Content-Security-Policy: " RESP_CSP "\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Permissions-Policy: camera=(), microphone=(), geolocation=(), "
	    "interest-cohort=()\r\n");
	if (r->headers.len > 0)
		buf_append(out, r->headers.data, r->headers.len);
	buf_puts(out, "\r\n");
}

size_t
resp_body_len(const struct resp *r)
{
	return r->head_only || r->status == 304 ? 0 : resp_full_len(r);
}

/* Writes the header block and the body (unless HEAD or 304) into "out". */
void
resp_serialize(const struct resp *r, struct buf *out)
{
	resp_serialize_head(r, out);
	if (resp_body_len(r) > 0)
		buf_append(out, resp_body_data(r), resp_body_len(r));
}
