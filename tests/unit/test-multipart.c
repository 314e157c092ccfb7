/* SPDX-License-Identifier: ISC */
/* test-multipart.c: multipart/form-data parsing in multipart.c, on browser-shaped bodies,
 * at and around every limit, and on hostile and truncated input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "multipart.h"
#include "util.h"
#include "harness.h"

/* Boundaries as Chrome and Firefox generate them. */
#define CHROME_B	"----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define FIREFOX_B	"---------------------------9051914041544843365972754266"
/* A short boundary for hand-written bodies. */
#define B		"XyZ"

/*
 * The body given to the last parse(), copied to a heap block of exactly its size so that
 * ASan catches any read past its end. Part data points into it until the next parse().
 */
static char	*body_copy;

/* Parses "len" bytes of "s"; checks that a failure leaves "m" empty. */
static enum multipart_err
parse(const char *s, size_t len, const char *boundary, struct multipart *m)
{
	enum multipart_err	 e;

	free(body_copy);
	body_copy = xmalloc(len);
	memcpy(body_copy, s, len);
	m->parts = (void *)m;	/* garbage the parser must overwrite */
	m->n = 12345;
	e = multipart_parse(body_copy, len, boundary, m);
	if (e != MULTIPART_OK)
		OK(m->parts == NULL && m->n == 0, "error leaves the result empty");
	return e;
}

#define PARSE(lit, m)	parse((lit), sizeof(lit) - 1, B, (m))

/* Returns 1 if part "p" holds exactly the "len" bytes at "want". */
static int
data_is(const struct multipart_part *p, const char *want, size_t len)
{
	return p != NULL && p->len == len && memcmp(p->data, want, len) == 0;
}

#define DATA_IS(p, lit)	data_is((p), (lit), sizeof(lit) - 1)

/* Image bytes with NULs, "--", CRLFs and near misses of the Chrome boundary in them. */
static const char chrome_png[] =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01--\r\n--\r\n-\r\n"
    "\r\n--" "----WebKitFormBoundary7MA4YWxkTrZ"	/* cut short */
    "x" CHROME_B "\r\n"				/* no CRLF before it */
    "\n" CHROME_B "\r\n"			/* a bare LF before it */
    "\r\n--" CHROME_B "x\r\n"			/* followed by a byte */
    "\r\n--" CHROME_B "-x\r\n"			/* followed by one dash */
    "\0\xff\xfe\r\n\r\n";

/* Appends the Chrome-shaped three-part upload to "b"; returns the offset past "--". */
static size_t
chrome_body(struct buf *b)
{
	size_t	 end;

	buf_puts(b,
	    "--" CHROME_B "\r\n"
	    "Content-Disposition: form-data; name=\"csrf_token\"\r\n"
	    "\r\n"
	    "9f86d081884c7d659a2feaa0c55ad015\r\n"
	    "--" CHROME_B "\r\n"
	    "Content-Disposition: form-data; name=\"alt\"\r\n"
	    "\r\n"
	    "A cat, asleep \xe2\x80\x94 on \"the\" mat\r\n"
	    "--" CHROME_B "\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"cat.png\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n");
	buf_append(b, chrome_png, sizeof(chrome_png) - 1);
	buf_puts(b, "\r\n--" CHROME_B "--");
	end = b->len;
	buf_puts(b, "\r\n");
	return end;
}

/* Checks that "m" is the parse of chrome_body(). */
static void
check_chrome(const struct multipart *m, const char *what)
{
	const struct multipart_part	*p;

	INT_EQ(m->n, 3, what);
	if (m->n != 3)
		return;
	STR_EQ(m->parts[0].name, "csrf_token", what);
	STR_EQ(m->parts[1].name, "alt", what);
	STR_EQ(m->parts[2].name, "file", what);
	p = &m->parts[0];
	OK(DATA_IS(p, "9f86d081884c7d659a2feaa0c55ad015"), what);
	OK(p->filename == NULL && p->content_type == NULL, what);
	OK(DATA_IS(&m->parts[1], "A cat, asleep \xe2\x80\x94 on \"the\" mat"), what);
	p = &m->parts[2];
	OK(data_is(p, chrome_png, sizeof(chrome_png) - 1), what);
	STR_EQ(p->filename, "cat.png", what);
	STR_EQ(p->content_type, "image/png", what);
}

static void
test_boundary(void)
{
	char	 out[MULTIPART_MAX_BOUNDARY + 1], small[4];
	char	 ct[256];

	INT_EQ(multipart_boundary("multipart/form-data; boundary=" CHROME_B, out,
	    sizeof(out)), 0, "boundary: Chrome");
	STR_EQ(out, CHROME_B, "boundary: Chrome value");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=" FIREFOX_B, out,
	    sizeof(out)), 0, "boundary: Firefox");
	STR_EQ(out, FIREFOX_B, "boundary: Firefox value");
	INT_EQ(multipart_boundary("multipart/form-data; "
	    "boundary=----geckoformboundary5d2f0e1c8a9b", out, sizeof(out)), 0,
	    "boundary: newer Firefox");
	STR_EQ(out, "----geckoformboundary5d2f0e1c8a9b", "boundary: newer Firefox value");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b\"", out,
	    sizeof(out)), 0, "boundary: quoted");
	STR_EQ(out, "a b", "boundary: quoted value keeps the space");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"(a'b+c_d,e.f/g:h=i?j)\"",
	    out, sizeof(out)), 0, "boundary: every bchar");
	STR_EQ(out, "(a'b+c_d,e.f/g:h=i?j)", "boundary: every bchar value");
	INT_EQ(multipart_boundary("Multipart/Form-Data; BOUNDARY=abc", out, sizeof(out)),
	    0, "boundary: case-insensitive");
	STR_EQ(out, "abc", "boundary: case-insensitive value");
	INT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=xyz", out,
	    sizeof(out)), 0, "boundary: after another parameter");
	STR_EQ(out, "xyz", "boundary: after another parameter value");
	INT_EQ(multipart_boundary("multipart/form-data;boundary=x1;charset=\"a;b\"", out,
	    sizeof(out)), 0, "boundary: before another parameter, no spaces");
	STR_EQ(out, "x1", "boundary: before another parameter value");
	INT_EQ(multipart_boundary("  multipart/form-data \t ;\tboundary = q  ", out,
	    sizeof(out)), 0, "boundary: spaces and tabs");
	STR_EQ(out, "q", "boundary: spaces and tabs value");

	/* 70 is the longest RFC 2046 allows. */
	memset(out, 0, sizeof(out));
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%070d", 7);
	INT_EQ(multipart_boundary(ct, out, sizeof(out)), 0, "boundary: 70 bytes");
	INT_EQ(strlen(out), 70, "boundary: 70 bytes value");
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 7);
	INT_EQ(multipart_boundary(ct, out, sizeof(out)), -1, "boundary: 71 bytes");
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%071d\"", 7);
	INT_EQ(multipart_boundary(ct, out, sizeof(out)), -1, "boundary: 71 bytes quoted");

	memcpy(small, "zzz", 4);
	INT_EQ(multipart_boundary("multipart/form-data; boundary=abcd", small,
	    sizeof(small)), -1, "boundary: output too small");
	STR_EQ(small, "zzz", "boundary: output untouched on failure");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=abc", small,
	    sizeof(small)), 0, "boundary: output just big enough");
	STR_EQ(small, "abc", "boundary: output just big enough value");

	INT_EQ(multipart_boundary("multipart/form-data", out, sizeof(out)), -1,
	    "boundary: missing");
	INT_EQ(multipart_boundary("multipart/form-data; charset=utf-8", out, sizeof(out)),
	    -1, "boundary: missing among others");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=", out, sizeof(out)), -1,
	    "boundary: empty");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"\"", out, sizeof(out)),
	    -1, "boundary: empty quoted");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=a; boundary=a", out,
	    sizeof(out)), -1, "boundary: repeated");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=a@b", out, sizeof(out)),
	    -1, "boundary: @ in a token");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a@b\"", out,
	    sizeof(out)), -1, "boundary: @ is not a bchar");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a;b\"", out,
	    sizeof(out)), -1, "boundary: ; is not a bchar");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a\\\"b\"", out,
	    sizeof(out)), -1, "boundary: a quote is not a bchar");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"ab \"", out,
	    sizeof(out)), -1, "boundary: trailing space");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a\xc3\xa9\"", out,
	    sizeof(out)), -1, "boundary: non-ASCII");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"abc", out,
	    sizeof(out)), -1, "boundary: unterminated quote");
	INT_EQ(multipart_boundary("multipart/form-data; boundary=abc;", out,
	    sizeof(out)), -1, "boundary: trailing semicolon");
	INT_EQ(multipart_boundary("multipart/form-data boundary=abc", out, sizeof(out)),
	    -1, "boundary: no semicolon");

	INT_EQ(multipart_boundary(NULL, out, sizeof(out)), -1, "type: NULL");
	INT_EQ(multipart_boundary("", out, sizeof(out)), -1, "type: empty");
	INT_EQ(multipart_boundary("application/x-www-form-urlencoded", out, sizeof(out)),
	    -1, "type: urlencoded");
	INT_EQ(multipart_boundary("multipart/mixed; boundary=abc", out, sizeof(out)), -1,
	    "type: multipart/mixed");
	INT_EQ(multipart_boundary("multipart/form-datax; boundary=abc", out, sizeof(out)),
	    -1, "type: longer name");
	INT_EQ(multipart_boundary("multipart/form; boundary=abc", out, sizeof(out)), -1,
	    "type: shorter name");
	INT_EQ(multipart_boundary("text/plain; boundary=abc", out, sizeof(out)), -1,
	    "type: text/plain");
	INT_EQ(multipart_boundary("boundary=abc", out, sizeof(out)), -1,
	    "type: only a parameter");
}

static void
test_browsers(void)
{
	struct multipart		 m;
	const struct multipart_part	*p;
	struct buf			 b;
	char				 bnd[MULTIPART_MAX_BOUNDARY + 1];

	buf_init(&b);
	chrome_body(&b);
	INT_EQ(multipart_boundary("multipart/form-data; boundary=" CHROME_B, bnd,
	    sizeof(bnd)), 0, "chrome: boundary");
	INT_EQ(parse(b.data, b.len, bnd, &m), MULTIPART_OK, "chrome: parse");
	check_chrome(&m, "chrome: parts");
	OK(multipart_get(&m, "missing") == NULL, "chrome: no such part");
	multipart_free(&m);
	OK(m.parts == NULL && m.n == 0, "free leaves the result empty");
	multipart_free(&m);
	multipart_free(NULL);

	/* Firefox, with no file chosen: an empty file name and no data. */
	buf_reset(&b);
	buf_puts(&b,
	    "--" FIREFOX_B "\r\n"
	    "Content-Disposition: form-data; name=\"csrf_token\"\r\n"
	    "\r\n"
	    "tok\r\n"
	    "--" FIREFOX_B "\r\n"
	    "Content-Disposition: form-data; name=\"alt\"\r\n"
	    "\r\n"
	    "\r\n"
	    "--" FIREFOX_B "\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "\r\n"
	    "\r\n"
	    "--" FIREFOX_B "--\r\n");
	INT_EQ(parse(b.data, b.len, FIREFOX_B, &m), MULTIPART_OK, "firefox: parse");
	INT_EQ(m.n, 3, "firefox: three parts");
	OK(DATA_IS(multipart_get(&m, "csrf_token"), "tok"), "firefox: csrf_token");
	p = multipart_get(&m, "alt");
	OK(p != NULL && p->len == 0, "firefox: empty text field");
	OK(p != NULL && p->filename == NULL, "firefox: text field has no file name");
	p = multipart_get(&m, "file");
	OK(p != NULL && p->len == 0, "firefox: empty file");
	STR_EQ(p ? p->filename : NULL, "", "firefox: empty file name is not NULL");
	STR_EQ(p ? p->content_type : NULL, "application/octet-stream",
	    "firefox: empty file type");
	multipart_free(&m);

	/* A quoted boundary with a space, a preamble and an epilogue. */
	buf_reset(&b);
	INT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b\"", bnd,
	    sizeof(bnd)), 0, "quoted: boundary");
	buf_puts(&b,
	    "This is the preamble; --a bc is not a delimiter.\r\n"
	    "--a b\r\n"
	    "Content-Disposition: form-data; name=\"alt\"\r\n"
	    "\r\n"
	    "x\r\n"
	    "--a b--\r\n"
	    "This is the epilogue.\r\n--a b\r\nignored\r\n");
	INT_EQ(parse(b.data, b.len, bnd, &m), MULTIPART_OK, "quoted: parse");
	INT_EQ(m.n, 1, "quoted: one part");
	OK(DATA_IS(multipart_get(&m, "alt"), "x"), "quoted: data");
	multipart_free(&m);
	buf_free(&b);
}

static void
test_shapes(void)
{
	struct multipart		 m;
	const struct multipart_part	*p;

	INT_EQ(PARSE("--" B " \t\r\n"
	    "content-disposition: FORM-DATA ; NAME = alt ; Filename=\"x.txt\"\r\n"
	    "CONTENT-TYPE:text/plain \r\n"
	    "Content-Transfer-Encoding: binary\r\n"
	    "X-Unknown:\r\n"
	    "\r\n"
	    "v\r\n"
	    "--" B "-- \t", &m), MULTIPART_OK, "shapes: padding and case");
	p = multipart_get(&m, "alt");
	OK(DATA_IS(p, "v"), "shapes: data");
	STR_EQ(p ? p->filename : NULL, "x.txt", "shapes: filename");
	STR_EQ(p ? p->content_type : NULL, "text/plain", "shapes: type trimmed");
	multipart_free(&m);

	/* Data that begins or ends like a delimiter, and a last one with no CRLF. */
	INT_EQ(PARSE("--" B "\r\n"
	    "Content-Disposition: form-data; name=a\r\n"
	    "\r\n"
	    "--" B "\r\nmore--" B "--\r\n"
	    "--" B "\r\n"
	    "Content-Disposition: form-data; name=b\r\n"
	    "\r\n"
	    "\r\n"
	    "--" B "--", &m), MULTIPART_OK, "shapes: boundary at the start of data");
	OK(DATA_IS(multipart_get(&m, "a"), "--" B "\r\nmore--" B "--"),
	    "shapes: a boundary after the blank line is data");
	OK(DATA_IS(multipart_get(&m, "b"), ""), "shapes: empty data");
	multipart_free(&m);

	/* Repeated names: the first wins. */
	INT_EQ(PARSE("--" B "\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	    "--" B "\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n"
	    "--" B "--\r\n", &m), MULTIPART_OK, "shapes: repeated name");
	OK(DATA_IS(multipart_get(&m, "a"), "1"), "shapes: first of a repeated name");
	INT_EQ(m.n, 2, "shapes: both kept");
	multipart_free(&m);

	/* Escapes in quoted strings; filename* is ignored. */
	INT_EQ(PARSE("--" B "\r\n"
	    "Content-Disposition: form-data; name=\"a\\\"b\\\\c\\d\"; "
	    "filename*=UTF-8''x%20y; filename=\"say \\\"hi\\\".txt\"\r\n"
	    "\r\n"
	    "\r\n--" B "--\r\n", &m), MULTIPART_OK, "shapes: escapes");
	INT_EQ(m.n, 1, "shapes: escapes, one part");
	if (m.n == 1) {
		STR_EQ(m.parts[0].name, "a\"b\\c\\d", "shapes: escaped name");
		STR_EQ(m.parts[0].filename, "say \"hi\".txt", "shapes: escaped filename");
	}
	multipart_free(&m);
}

/* Parses one part whose Content-Disposition parameters are "params". */
static enum multipart_err
parse_cd(const char *params, struct multipart *m)
{
	struct buf		 b;
	enum multipart_err	 e;

	buf_init(&b);
	buf_printf(&b, "--" B "\r\nContent-Disposition: form-data%s\r\n\r\nv\r\n--" B "--\r\n",
	    params);
	e = parse(b.data, b.len, B, m);
	buf_free(&b);
	return e;
}

/* Checks that filename parameter "params" comes out as "want" (NULL: an error "err"). */
static void
check_filename(const char *params, const char *want, enum multipart_err err)
{
	struct multipart	 m;
	enum multipart_err	 e;

	e = parse_cd(params, &m);
	INT_EQ(e, want != NULL ? MULTIPART_OK : err, params);
	if (e == MULTIPART_OK && m.n == 1)
		STR_EQ(m.parts[0].filename, want, params);
	multipart_free(&m);
}

static void
test_filenames(void)
{
	char	 p[600], want[256];

	check_filename("; name=file; filename=\"C:\\Users\\x\\photo.png\"", "photo.png", 0);
	check_filename("; name=file; filename=\"C:\\\\Users\\\\x\\\\photo.png\"", "photo.png",
	    0);
	check_filename("; name=file; filename=\"../../etc/passwd\"", "passwd", 0);
	check_filename("; name=file; filename=\"/a\\b/c\"", "c", 0);
	check_filename("; name=file; filename=\"dir/\"", "", 0);
	check_filename("; name=file; filename=\"f\xc3\xb6t\xc3\xb6 1.png\"",
	    "f\xc3\xb6t\xc3\xb6 1.png", 0);
	check_filename("; name=file; filename=\"..\"", NULL, MULTIPART_MALFORMED);
	check_filename("; name=file; filename=\"a/.\"", NULL, MULTIPART_MALFORMED);
	check_filename("; name=file; filename=\"x\xff.png\"", NULL, MULTIPART_MALFORMED);
	check_filename("; name=file; filename=\"x\xc0\xae.png\"", NULL,
	    MULTIPART_MALFORMED);
	check_filename("; name=file; filename=\"a\"; filename=\"b\"", NULL,
	    MULTIPART_MALFORMED);

	/* 255 bytes after the path is dropped, however long the path. */
	snprintf(want, sizeof(want), "%0255d", 0);
	snprintf(p, sizeof(p), "; name=file; filename=\"%0200d/%s\"", 0, want);
	check_filename(p, want, 0);
	snprintf(p, sizeof(p), "; name=file; filename=\"%0256d\"", 0);
	check_filename(p, NULL, MULTIPART_TOO_LARGE);
}

static void
test_names(void)
{
	struct multipart	 m;
	struct buf		 b;
	char			 p[2048];

	snprintf(p, sizeof(p), "; name=\"%0100d\"", 0);
	INT_EQ(parse_cd(p, &m), MULTIPART_OK, "name: 100 bytes");
	INT_EQ(m.n == 1 ? strlen(m.parts[0].name) : 0, 100, "name: 100 bytes kept");
	multipart_free(&m);
	snprintf(p, sizeof(p), "; name=\"%0101d\"", 0);
	INT_EQ(parse_cd(p, &m), MULTIPART_TOO_LARGE, "name: 101 bytes");
	snprintf(p, sizeof(p), "; name=\"%01500d\"", 0);
	INT_EQ(parse_cd(p, &m), MULTIPART_TOO_LARGE, "name: huge");

	INT_EQ(parse_cd("; name=\"\"", &m), MULTIPART_MALFORMED, "name: empty");
	INT_EQ(parse_cd("; filename=\"a\"", &m), MULTIPART_MALFORMED, "name: missing");
	INT_EQ(parse_cd("", &m), MULTIPART_MALFORMED, "name: no parameters");
	INT_EQ(parse_cd("; name=a; name=b", &m), MULTIPART_MALFORMED, "name: twice");
	INT_EQ(parse_cd("; name=\"\xe9\"", &m), MULTIPART_MALFORMED, "name: not UTF-8");
	INT_EQ(parse_cd("; name=\"a", &m), MULTIPART_MALFORMED, "name: unterminated");
	INT_EQ(parse_cd("; name", &m), MULTIPART_MALFORMED, "name: no value");
	INT_EQ(parse_cd("; name=", &m), MULTIPART_MALFORMED, "name: empty token");
	INT_EQ(parse_cd("; name=a;", &m), MULTIPART_MALFORMED, "name: trailing ;");
	INT_EQ(parse_cd("; name=a b", &m), MULTIPART_MALFORMED, "name: junk after");
	INT_EQ(parse_cd("x; name=a", &m), MULTIPART_MALFORMED, "name: not form-data");
	INT_EQ(parse_cd("; name=\"a\tb\"", &m), MULTIPART_OK, "name: a tab is allowed");
	multipart_free(&m);

	buf_init(&b);
	buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=\"a");
	buf_append(&b, "\0", 1);
	buf_puts(&b, "b\"\r\n\r\nv\r\n--" B "--\r\n");
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_MALFORMED, "name: NUL");
	buf_free(&b);

	INT_EQ(PARSE("--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n"
	    "--" B "--\r\n", &m), MULTIPART_MALFORMED, "disposition: attachment");
	INT_EQ(PARSE("--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--\r\n", &m),
	    MULTIPART_MALFORMED, "disposition: missing");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Disposition: form-data; name=b\r\n\r\nv\r\n--" B "--\r\n", &m),
	    MULTIPART_MALFORMED, "disposition: twice");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Type: \r\n\r\nv\r\n--" B "--\r\n", &m),
	    MULTIPART_MALFORMED, "type: empty");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Type: a\r\nContent-Type: b\r\n\r\nv\r\n--" B "--\r\n", &m),
	    MULTIPART_MALFORMED, "type: twice");
}

static void
test_hostile(void)
{
	struct multipart	 m;

	INT_EQ(PARSE("", &m), MULTIPART_TRUNCATED, "hostile: empty body");
	INT_EQ(PARSE("just text", &m), MULTIPART_TRUNCATED, "hostile: no boundary");
	INT_EQ(PARSE("--" B "--\r\n", &m), MULTIPART_MALFORMED, "hostile: no parts");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--" B
	    "\r\n", &m), MULTIPART_TRUNCATED, "hostile: no final delimiter");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nv--" B "--",
	    &m), MULTIPART_TRUNCATED, "hostile: no CRLF before the delimiter");
	INT_EQ(PARSE("--" B "Content-Disposition: form-data; name=a\r\n\r\nv\r\n--" B "--",
	    &m), MULTIPART_MALFORMED, "hostile: no CRLF after the first delimiter");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--" B
	    "x\r\nContent-Disposition: form-data; name=b\r\n\r\nw\r\n--" B "--", &m),
	    MULTIPART_OK, "hostile: no CRLF after a later delimiter is data");
	OK(m.n == 1 && DATA_IS(&m.parts[0], "v\r\n--" B "x\r\n"
	    "Content-Disposition: form-data; name=b\r\n\r\nw"), "hostile: ... all of it");
	multipart_free(&m);
	INT_EQ(PARSE("--" B "\nContent-Disposition: form-data; name=a\n\nv\n--" B "--\n",
	    &m), MULTIPART_MALFORMED, "hostile: bare LF everywhere");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\n\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: bare LF in headers");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: bare LF blank line");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--" B
	    "\nContent-Disposition: form-data; name=b\r\n\r\nw\r\n--" B "--", &m),
	    MULTIPART_MALFORMED, "hostile: bare LF after a delimiter");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\r\n\r\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: lone CR in a header");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: no blank line");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data; name=a\r\n--" B "--\r\n",
	    &m), MULTIPART_MALFORMED, "hostile: no blank line, no data");
	INT_EQ(PARSE("--" B "\r\n\r\nv\r\n--" B "--\r\n", &m), MULTIPART_MALFORMED,
	    "hostile: no headers");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition form-data; name=a\r\n\r\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: header without colon");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition : form-data; name=a\r\n\r\nv\r\n--" B
	    "--\r\n", &m), MULTIPART_MALFORMED, "hostile: space before colon");
	INT_EQ(PARSE("--" B "\r\n: x\r\nContent-Disposition: form-data; name=a\r\n\r\nv"
	    "\r\n--" B "--\r\n", &m), MULTIPART_MALFORMED, "hostile: empty header name");
	INT_EQ(PARSE("--" B "\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--"
	    B "--\r\n", &m), MULTIPART_MALFORMED, "hostile: folded header");

	/* A bad boundary argument is the caller's bug, but must not be trusted. */
	INT_EQ(parse("--\r\n", 4, "", &m), MULTIPART_MALFORMED, "hostile: empty boundary");
	INT_EQ(parse("--a\r\n", 5, NULL, &m), MULTIPART_MALFORMED,
	    "hostile: NULL boundary");
	INT_EQ(parse("--a;b\r\n", 7, "a;b", &m), MULTIPART_MALFORMED,
	    "hostile: bad boundary character");
	INT_EQ(parse("--a \r\n", 6, "a ", &m), MULTIPART_MALFORMED,
	    "hostile: boundary ends in a space");
}

/* Appends "n" parts named p0, p1, ... and the final delimiter to "b". */
static void
many_parts(struct buf *b, size_t n)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_printf(b, "--" B "\r\nContent-Disposition: form-data; name=\"p%zu\"\r\n"
		    "\r\n%zu\r\n", i, i);
	buf_puts(b, "--" B "--\r\n");
}

static void
test_limits(void)
{
	struct multipart	 m;
	struct buf		 b;
	char			 bnd[72];
	size_t			 i, start, stop;
	char			*big;

	buf_init(&b);
	many_parts(&b, MULTIPART_MAX_PARTS);
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_OK, "limits: 16 parts");
	INT_EQ(m.n, MULTIPART_MAX_PARTS, "limits: 16 parts kept");
	OK(DATA_IS(multipart_get(&m, "p15"), "15"), "limits: last of 16 parts");
	multipart_free(&m);
	many_parts(&b, MULTIPART_MAX_PARTS + 1);
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_TOO_MANY_PARTS, "limits: 17 parts");
	many_parts(&b, 10000);
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_TOO_MANY_PARTS,
	    "limits: 10000 parts");

	/* Header lines: 1024 bytes and 16 lines. */
	for (i = 0; i < 2; i++) {
		buf_reset(&b);
		buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\nX-Junk: ");
		buf_printf(&b, "%0*d\r\n\r\nv\r\n--" B "--\r\n",
		    (int)(MULTIPART_MAX_LINE - 8 + i), 0);
		INT_EQ(parse(b.data, b.len, B, &m), i ? MULTIPART_TOO_LARGE : MULTIPART_OK,
		    i ? "limits: 1025-byte header line" : "limits: 1024-byte header line");
		multipart_free(&m);
	}
	buf_reset(&b);
	buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\nX-Junk: ");
	buf_printf(&b, "%0100000d\r\n\r\nv\r\n--" B "--\r\n", 0);
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_TOO_LARGE, "limits: huge header line");
	buf_reset(&b);
	buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\nX-Junk: ");
	buf_printf(&b, "%0100000d", 0);
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_TOO_LARGE,
	    "limits: huge header line, truncated");
	for (i = 0; i < 2; i++) {
		size_t	 k;

		buf_reset(&b);
		buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\n");
		for (k = 1; k < MULTIPART_MAX_HEADERS + i; k++)
			buf_puts(&b, "X-Junk: 1\r\n");
		buf_puts(&b, "\r\nv\r\n--" B "--\r\n");
		INT_EQ(parse(b.data, b.len, B, &m), i ? MULTIPART_TOO_LARGE : MULTIPART_OK,
		    i ? "limits: 17 header lines" : "limits: 16 header lines");
		multipart_free(&m);
	}

	/* Boundaries: 70 bytes, then 71. */
	memset(bnd, 'b', 71);
	bnd[70] = '\0';
	buf_reset(&b);
	buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--%s--",
	    bnd, bnd);
	INT_EQ(parse(b.data, b.len, bnd, &m), MULTIPART_OK, "limits: 70-byte boundary");
	multipart_free(&m);
	bnd[70] = 'b';
	bnd[71] = '\0';
	buf_reset(&b);
	buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--%s--",
	    bnd, bnd);
	INT_EQ(parse(b.data, b.len, bnd, &m), MULTIPART_MALFORMED,
	    "limits: 71-byte boundary");

	/*
	 * A body of the largest size whose file is all near misses, which a quadratic search
	 * would never finish, then one byte more.
	 */
	buf_reset(&b);
	buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=file; "
	    "filename=a.bin\r\n\r\n");
	start = b.len;
	while (b.len < MULTIPART_MAX_BODY - 64)
		buf_puts(&b, "\r\n--" B "x\r\n-\r\n--");
	stop = b.len;
	buf_puts(&b, "\r\n--" B "--");
	while (b.len < MULTIPART_MAX_BODY)
		buf_putc(&b, '\n');
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_OK, "limits: largest body");
	INT_EQ(m.n == 1 ? m.parts[0].len : 0, stop - start, "limits: largest body's file");
	multipart_free(&m);
	buf_putc(&b, '\n');
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_TOO_LARGE, "limits: body too large");

	/* Every byte a CR: a possible delimiter start each time. */
	buf_reset(&b);
	buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\n\r\n");
	start = b.len;
	while (b.len < MULTIPART_MAX_BODY - 16)
		buf_putc(&b, '\r');
	stop = b.len;
	buf_puts(&b, "\r\n--" B "--\r\n");
	INT_EQ(parse(b.data, b.len, B, &m), MULTIPART_OK, "limits: all CRs");
	INT_EQ(m.n == 1 ? m.parts[0].len : 0, stop - start, "limits: all CRs, data");
	multipart_free(&m);

	/* The length is refused before anything is read. */
	big = xcalloc(MULTIPART_MAX_BODY + 1, 1);
	INT_EQ(multipart_parse(big, MULTIPART_MAX_BODY + 1, B, &m), MULTIPART_TOO_LARGE,
	    "limits: body too large, unread");
	free(big);
	buf_free(&b);
}

/*
 * Cuts the Chrome body at every byte: each prefix that stops before the end of the final
 * delimiter is truncated, each other one parses exactly like the whole body.
 */
static void
test_truncated(void)
{
	struct multipart	 m;
	struct buf		 b;
	size_t			 end, cut, bad = 0;
	enum multipart_err	 e;

	buf_init(&b);
	end = chrome_body(&b);
	for (cut = 0; cut <= b.len; cut++) {
		e = parse(b.data, cut, CHROME_B, &m);
		if (e != (cut < end ? MULTIPART_TRUNCATED : MULTIPART_OK)) {
			fprintf(stderr, "cut at %zu of %zu: %s\n", cut, b.len,
			    multipart_strerror(e));
			bad++;
		}
		if (e == MULTIPART_OK)
			check_chrome(&m, "truncated: a long enough prefix parses");
		multipart_free(&m);
	}
	INT_EQ(bad, 0, "truncated: every prefix");
	buf_free(&b);
}

/*
 * Overwrites each byte of the Chrome body in turn with a byte that matters to the parser:
 * any outcome is fine but a crash, a leak or a part outside the body.
 */
static void
test_mutated(void)
{
	static const char	 subst[] = "\r\n-\0\"\\;:=/ ";
	struct multipart	 m;
	struct buf		 b;
	size_t			 i, k, j, bad = 0;
	char			 saved;

	buf_init(&b);
	chrome_body(&b);
	for (i = 0; i < b.len; i++) {
		saved = b.data[i];
		for (k = 0; k < sizeof(subst) - 1; k++) {
			b.data[i] = subst[k];
			if (parse(b.data, b.len, CHROME_B, &m) != MULTIPART_OK)
				continue;
			for (j = 0; j < m.n; j++)
				if (m.parts[j].data < body_copy ||
				    m.parts[j].data + m.parts[j].len > body_copy + b.len ||
				    m.parts[j].name == NULL)
					bad++;
			multipart_free(&m);
		}
		b.data[i] = saved;
	}
	INT_EQ(bad, 0, "mutated: parts stay inside the body");
	buf_free(&b);
}

static void
test_strerror(void)
{
	int	 i;

	for (i = 0; i < MULTIPART__MAX; i++)
		OK(multipart_strerror(i) != NULL && *multipart_strerror(i) != '\0',
		    "strerror: every error has a sentence");
	STR_EQ(multipart_strerror(MULTIPART_TRUNCATED),
	    "the form data ends before its final boundary", "strerror: truncated");
	STR_EQ(multipart_strerror(MULTIPART__MAX), "unknown form data error",
	    "strerror: out of range");
}

int
main(void)
{
	test_boundary();
	test_browsers();
	test_shapes();
	test_filenames();
	test_names();
	test_hostile();
	test_limits();
	test_truncated();
	test_mutated();
	test_strerror();
	free(body_copy);
	return harness_done("test-multipart");
}
