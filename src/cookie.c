/* SPDX-License-Identifier: ISC */
/* cookie.c: the Cookie request header (RFC 6265 section 4.2: "a=b; c=d") and Set-Cookie lines
 * for the cookies Meridian itself sets. Both sides are strict about the cookies that are ours;
 * cookies set by other software on the same host are skipped, not judged.
 */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "cookie.h"
#include "log.h"

static int	cookie_octet(unsigned char);
static int	cookie_name_ok(const char *);
static int	cookie_value_ok(const char *, size_t);

/*
 * Whether "c" may appear in a cookie value we accept: printable ASCII except space, double
 * quote, comma, semicolon and backslash (RFC 6265 cookie-octet). Values are tokens we made,
 * so anything outside this set was not made by us.
 */
static int
cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

/* Whether "name" is a non-empty RFC 6265 cookie-name made of "cookie_octet"s without "=". */
static int
cookie_name_ok(const char *name)
{
	const char	*p;

	if (*name == '\0')
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!cookie_octet((unsigned char)*p) || *p == '=')
			return 0;
	return 1;
}

/* Whether all "len" bytes of "v" are cookie_octet()s; an empty value is fine. */
static int
cookie_value_ok(const char *v, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!cookie_octet((unsigned char)v[i]))
			return 0;
	return 1;
}

/*
 * Looks for cookie "name" in the Cookie header "hdr" of "len" bytes. Returns 1 if found, with
 * the value copied NUL-terminated into "out" of "outlen" bytes; 0 if not found; -1 if the
 * header is longer than COOKIE_MAX_HEADER or has more than COOKIE_MAX_COUNT cookies, or if our
 * cookie's value does not fit in "out" or has a byte outside cookie_octet(). "out" is written
 * only when 1 is returned. If the name appears more than once the first one wins, which is
 * what browsers send first (the longest matching Path).
 *
 * Pairs are separated by ";" with optional spaces or tabs around them. Empty pairs and pairs
 * with other names are skipped whatever they contain, but they count towards the limits, so
 * the whole header is always read.
 */
int
cookie_get(const char *hdr, size_t len, const char *name, char *out,
    size_t outlen)
{
	const char	*val = NULL, *eq, *semi;
	size_t		 i = 0, start, end, vallen = 0, namelen, count = 0;
	int		 found = 0;

	if (len > COOKIE_MAX_HEADER)
		return -1;
	namelen = strlen(name);
	while (i < len) {
		semi = memchr(hdr + i, ';', len - i);
		end = semi != NULL ? (size_t)(semi - hdr) : len;
		start = i;
		i = end + 1;
		while (start < end && (hdr[start] == ' ' || hdr[start] == '\t'))
			start++;
		while (end > start && (hdr[end - 1] == ' ' || hdr[end - 1] == '\t'))
			end--;
		if (start == end)
			continue;
		if (++count > COOKIE_MAX_COUNT)
			return -1;
		if (found)
			continue;
		eq = memchr(hdr + start, '=', end - start);
		if (eq == NULL)
			continue;
		/* Spaces around "=" are tolerated, as browsers do. */
		vallen = (size_t)(eq - (hdr + start));
		while (vallen > 0 && (hdr[start + vallen - 1] == ' ' ||
		    hdr[start + vallen - 1] == '\t'))
			vallen--;
		if (vallen != namelen || memcmp(hdr + start, name, namelen) != 0)
			continue;
		val = eq + 1;
		while (val < hdr + end && (*val == ' ' || *val == '\t'))
			val++;
		vallen = (size_t)(hdr + end - val);
		found = 1;
	}
	if (!found)
		return 0;
	if (vallen >= outlen || !cookie_value_ok(val, vallen))
		return -1;
	memcpy(out, val, vallen);
	out[vallen] = '\0';
	return 1;
}

/*
 * Appends a complete "Set-Cookie: ...\r\n" line for "name" = "value" to "hdr". The cookie is
 * always HttpOnly and SameSite=Strict for the whole site (Path=/), and Secure when "secure".
 * "max_age" < 0 makes a session cookie, 0 deletes the cookie, > 0 is a lifetime in seconds.
 *
 * Name and value come from our own code, never from the client; if either has a byte that
 * could split the header or end the pair (";", CR, LF, ...) that is a bug, and we log it and
 * append nothing rather than let it inject a header.
 */
void
cookie_set(struct buf *hdr, const char *name, const char *value, int secure,
    long max_age)
{
	if (!cookie_name_ok(name) || !cookie_value_ok(value, strlen(value))) {
		log_warnx("%s: refusing a cookie with a bad name or value",
		    __func__);
		return;
	}
	buf_printf(hdr, "Set-Cookie: %s=%s; Path=/", name, value);
	if (max_age >= 0)
		buf_printf(hdr, "; Max-Age=%ld", max_age);
	buf_puts(hdr, "; HttpOnly; SameSite=Strict");
	if (secure)
		buf_puts(hdr, "; Secure");
	buf_puts(hdr, "\r\n");
}
