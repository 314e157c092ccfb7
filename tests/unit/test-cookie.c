/* SPDX-License-Identifier: ISC */
/* test-cookie.c: Cookie header parsing and Set-Cookie lines from cookie.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cookie.h"
#include "log.h"
#include "harness.h"

static char	val[65];

/* Looks up "name" in the string "hdr" into "val" (pre-filled so untouched output shows). */
static int
get(const char *hdr, const char *name)
{
	memset(val, '#', sizeof(val) - 1);
	val[sizeof(val) - 1] = '\0';
	return cookie_get(hdr, strlen(hdr), name, val, sizeof(val));
}

static void
test_get(void)
{
	INT_EQ(get("sid=abc", "sid"), 1, "get: only cookie");
	STR_EQ(val, "abc", "get: only cookie value");
	INT_EQ(get("a=1; sid=abc; b=2", "sid"), 1, "get: middle");
	STR_EQ(val, "abc", "get: middle value");
	INT_EQ(get("a=1;sid=xyz", "sid"), 1, "get: no space after ;");
	STR_EQ(val, "xyz", "get: no space value");
	INT_EQ(get("  a=1 ;\tsid = v1 ; ", "sid"), 1, "get: whitespace everywhere");
	STR_EQ(val, "v1", "get: whitespace trimmed");
	INT_EQ(get("sid=first; sid=second", "sid"), 1, "get: duplicate");
	STR_EQ(val, "first", "get: first duplicate wins");
	INT_EQ(get("sid=", "sid"), 1, "get: empty value");
	STR_EQ(val, "", "get: empty value copied");
	INT_EQ(get("sid=a=b", "sid"), 1, "get: = in value");
	STR_EQ(val, "a=b", "get: = in value kept");
	INT_EQ(get(";;; ;sid=q;;", "sid"), 1, "get: empty pairs");
	STR_EQ(val, "q", "get: empty pairs value");
	INT_EQ(get("bad\x01junk; x=\"q\"; sid=ok; other", "sid"), 1,
	    "get: other cookies are not judged");
	STR_EQ(val, "ok", "get: value next to junk");

	INT_EQ(get("", "sid"), 0, "get: empty header");
	STR_EQ(val, "################################################################",
	    "get: not found leaves out alone");
	INT_EQ(get("a=1; b=2", "sid"), 0, "get: absent");
	INT_EQ(get("SID=1", "sid"), 0, "get: names are case-sensitive");
	INT_EQ(get("sidx=1; xsid=2; si=3", "sid"), 0, "get: no prefix or suffix matches");
	INT_EQ(get("sid", "sid"), 0, "get: name without =");
	INT_EQ(get("x=sid=1", "sid"), 0, "get: name inside a value");
	INT_EQ(cookie_get(NULL, 0, "sid", val, sizeof(val)), 0, "get: NULL, 0");

	INT_EQ(get("sid=\"abc\"", "sid"), -1, "get: quoted value");
	INT_EQ(get("sid=a b", "sid"), -1, "get: space inside");
	INT_EQ(get("sid=a,b", "sid"), -1, "get: comma");
	INT_EQ(get("sid=a\\b", "sid"), -1, "get: backslash");
	INT_EQ(get("sid=a\x7f", "sid"), -1, "get: DEL");
	INT_EQ(get("sid=a\x01", "sid"), -1, "get: control");
	INT_EQ(get("sid=caf\xc3\xa9", "sid"), -1, "get: non-ASCII");
	INT_EQ(get("sid=a\r\nX: y", "sid"), -1, "get: CRLF");
	INT_EQ(cookie_get("sid=a\0b", 7, "sid", val, sizeof(val)), -1, "get: NUL in value");
	STR_EQ(val, "################################################################",
	    "get: malformed leaves out alone");
	INT_EQ(cookie_get("sid=abc; x", 5, "sid", val, sizeof(val)), 1, "get: stops at len");
	STR_EQ(val, "a", "get: stops at len value");
}

static void
test_limits(void)
{
	struct buf	 b;
	char		 small[4];
	size_t		 i;

	/* Values: 64 bytes fit in 65, 65 do not. */
	buf_init(&b);
	buf_puts(&b, "sid=");
	for (i = 0; i < sizeof(val) - 1; i++)
		buf_putc(&b, 'v');
	INT_EQ(get(b.data, "sid"), 1, "limit: value fills out exactly");
	INT_EQ(strlen(val), sizeof(val) - 1, "limit: whole value copied");
	buf_putc(&b, 'v');
	INT_EQ(get(b.data, "sid"), -1, "limit: value one over");
	INT_EQ(cookie_get("sid=abc", 7, "sid", small, sizeof(small)), 1, "limit: 3 in 4");
	STR_EQ(small, "abc", "limit: 3 in 4 value");
	INT_EQ(cookie_get("sid=abcd", 8, "sid", small, sizeof(small)), -1, "limit: 4 in 4");
	INT_EQ(cookie_get("sid=", 4, "sid", small, 0), -1, "limit: outlen 0");

	/* Header: exactly COOKIE_MAX_HEADER bytes, and one over. */
	buf_reset(&b);
	buf_puts(&b, "sid=ok; pad=");
	while (b.len < COOKIE_MAX_HEADER)
		buf_putc(&b, 'p');
	INT_EQ(get(b.data, "sid"), 1, "limit: header of COOKIE_MAX_HEADER");
	buf_putc(&b, 'p');
	INT_EQ(get(b.data, "sid"), -1, "limit: header one over");
	buf_reset(&b);
	for (i = 0; i < 1024 * 1024; i++)
		buf_putc(&b, ';');
	INT_EQ(get(b.data, "sid"), -1, "limit: 1 MiB header");

	/* Count: 64 cookies, 65, and ours first in 65 (the rest is still counted). */
	buf_reset(&b);
	for (i = 0; i < COOKIE_MAX_COUNT - 1; i++)
		buf_printf(&b, "c%zu=1; ", i);
	buf_puts(&b, "sid=last");
	INT_EQ(get(b.data, "sid"), 1, "limit: COOKIE_MAX_COUNT cookies");
	STR_EQ(val, "last", "limit: last of COOKIE_MAX_COUNT");
	buf_puts(&b, "; one=more");
	INT_EQ(get(b.data, "sid"), -1, "limit: one cookie over");
	buf_reset(&b);
	buf_puts(&b, "sid=first");
	for (i = 0; i < COOKIE_MAX_COUNT; i++)
		buf_printf(&b, "; c%zu=1", i);
	INT_EQ(get(b.data, "sid"), -1, "limit: over even when ours comes first");
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, ";;");
	buf_puts(&b, "sid=x");
	INT_EQ(get(b.data, "sid"), 1, "limit: empty pairs do not count");
	buf_free(&b);
}

static void
test_set(void)
{
	struct buf	 b;

	buf_init(&b);
	cookie_set(&b, "sid", "abc123", 1, 3600);
	STR_EQ(b.data, "Set-Cookie: sid=abc123; Path=/; Max-Age=3600; HttpOnly; "
	    "SameSite=Strict; Secure\r\n", "set: secure with lifetime");
	buf_reset(&b);
	cookie_set(&b, "sid", "abc123", 0, -1);
	STR_EQ(b.data, "Set-Cookie: sid=abc123; Path=/; HttpOnly; SameSite=Strict\r\n",
	    "set: session cookie, not secure");
	buf_reset(&b);
	cookie_set(&b, "sid", "", 1, 0);
	STR_EQ(b.data, "Set-Cookie: sid=; Path=/; Max-Age=0; HttpOnly; "
	    "SameSite=Strict; Secure\r\n", "set: deletion");
	cookie_set(&b, "csrf", "t", 0, 60);
	OK(strstr(b.data, "\r\nSet-Cookie: csrf=t; Path=/; Max-Age=60;") != NULL,
	    "set: appends a second line");

	/* A value that would inject a header or another attribute is refused whole. */
	buf_reset(&b);
	cookie_set(&b, "sid", "x\r\nLocation: http://evil", 1, 60);
	INT_EQ(b.len, 0, "set: CRLF in value refused");
	cookie_set(&b, "sid", "x; Domain=evil", 1, 60);
	INT_EQ(b.len, 0, "set: ; in value refused");
	cookie_set(&b, "s=id", "x", 1, 60);
	INT_EQ(b.len, 0, "set: = in name refused");
	cookie_set(&b, "", "x", 1, 60);
	INT_EQ(b.len, 0, "set: empty name refused");
	cookie_set(&b, "s id", "x", 1, 60);
	INT_EQ(b.len, 0, "set: space in name refused");

	/* What we set, we can read back. */
	buf_reset(&b);
	cookie_set(&b, "sid", "Zm9v_-.~!#$%&'()*+/:<=>?@[]^`{|}", 0, -1);
	OK(b.len > 0, "set: every cookie-octet accepted");
	INT_EQ(get("sid=Zm9v_-.~!#$%&'()*+/:<=>?@[]^`{|}", "sid"), 1,
	    "get: every cookie-octet accepted");
	STR_EQ(val, "Zm9v_-.~!#$%&'()*+/:<=>?@[]^`{|}", "get: every cookie-octet value");
	buf_free(&b);
}

int
main(void)
{
	/* cookie_set() logs what it refuses; keep that out of the test output. */
	log_init("test-cookie", 0, LOG_LEVEL_ERROR);
	test_get();
	test_limits();
	test_set();
	return harness_done("cookie");
}
