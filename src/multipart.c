/* SPDX-License-Identifier: ISC */
/* multipart.c: multipart/form-data bodies (RFC 7578 on RFC 2046), as pure functions of
 * (buf, len) with the limits from multipart.h.
 *
 * Entry points: multipart_boundary() takes the boundary out of a Content-Type value;
 * multipart_parse() splits a body into parts; multipart_get() and multipart_free().
 *
 * A body is an optional preamble, the line "--boundary", then one or more parts. Each part
 * ends at the next CRLF "--boundary": a following CRLF starts another part, "--" ends the
 * body, and anything after that (the epilogue) is ignored. Spaces and tabs may pad a
 * delimiter line. A part is header lines ended by CRLF, an empty line, then its data,
 * which is not copied. The CRLF of that empty line never starts a delimiter, so data
 * may begin with "--boundary".
 *
 * "\r\n--boundary" followed by anything else is data, not a delimiter: browsers pick a
 * boundary that does not occur in the files, and treating a near miss as data costs
 * nothing. The same string followed by a bare LF is refused, as the body is then not the
 * CRLF one we expect. Every search moves forward from where the last one stopped, so a
 * parse is linear in the body's length.
 *
 * Everything else is refused, not repaired, and the caller answers 400, or 413 for
 * MULTIPART_TOO_LARGE and MULTIPART_TOO_MANY_PARTS.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "util.h"

static int		 multipart_tchar(unsigned char);
static int		 multipart_ieq(const char *, size_t, const char *);
static const char	*multipart_ows(const char *, const char *);
static int		 multipart_bchars(const char *, size_t);
static int		 multipart_param(const char **, const char *, const char **,
			    size_t *, char *, size_t, size_t *);
static enum multipart_err multipart_delim_end(const char *, size_t, size_t, int *,
			    int *, size_t *);
static enum multipart_err multipart_find_delim(const char *, size_t, size_t,
			    const char *, size_t, size_t *, int *, size_t *);
static enum multipart_err multipart_disposition(const char *, size_t,
			    struct multipart_part *);
static enum multipart_err multipart_header(const char *, size_t,
			    struct multipart_part *);
static enum multipart_err multipart_headers(const char *, size_t, size_t *,
			    struct multipart_part *);
static void		 multipart_part_clear(struct multipart_part *);

static const char *const multipart_errs[MULTIPART__MAX] = {
	[MULTIPART_OK] = "no error",
	[MULTIPART_MALFORMED] = "the form data is not well-formed",
	[MULTIPART_TOO_MANY_PARTS] = "the form data has too many parts",
	"the form data or one of its headers is too large", /* MULTIPART_TOO_LARGE */
	[MULTIPART_TRUNCATED] = "the form data ends before its final boundary",
};

/* Returns a sentence describing "e", for logs and error pages; never NULL. */
const char *
multipart_strerror(enum multipart_err e)
{
	if ((unsigned int)e >= MULTIPART__MAX)
		return "unknown form data error";
	return multipart_errs[e];
}

/* Returns 1 if "c" may appear in an HTTP token (RFC 7230), 0 if not. */
static int
multipart_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/*
 * Returns 1 if the "n" bytes at "s" equal the lower-case ASCII string "lit" ignoring ASCII
 * case, 0 if not. Not strncasecmp(), whose answer depends on the locale.
 */
static int
multipart_ieq(const char *s, size_t n, const char *lit)
{
	size_t	 i;
	char	 c;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lit[i])
			return 0;
	}
	return 1;
}

/* Returns "p" moved past spaces and tabs, never past "end". */
static const char *
multipart_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Returns 1 if the "n" bytes at "s" are a valid boundary by RFC 2046 (1 to 70 of its
 * bchars, not ending in a space), 0 if not.
 */
static int
multipart_bchars(const char *s, size_t n)
{
	size_t		 i;
	unsigned char	 c;

	if (n == 0 || n > MULTIPART_MAX_BOUNDARY || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'))
			continue;
		if (c == '\0' || strchr("'()+_,-./:=? ", c) == NULL)
			return 0;
	}
	return 1;
}

/*
 * Parses one parameter, `; name=value`, at "*pp" (spaces and tabs allowed around each
 * punctuation mark), where the value is a token or a quoted string, and moves "*pp" past
 * it. Points "name" and "namelen" at the name, copies the unquoted value into "val" (up to
 * "valsz" bytes, not NUL-terminated) and sets "vallen" to its whole length, which may be
 * more than "valsz". Returns 0, or -1 if the text is not a parameter.
 *
 * In a quoted string only \" and \\ are escapes; any other backslash is kept, because old
 * browsers send Windows paths such as "C:\Users\x\photo.png" in the file name unescaped.
 */
static int
multipart_param(const char **pp, const char *end, const char **name, size_t *namelen,
    char *val, size_t valsz, size_t *vallen)
{
	const char	*p = *pp;
	size_t		 n = 0;
	char		 c;

	p = multipart_ows(p, end);
	if (p == end || *p != ';')
		return -1;
	p = multipart_ows(p + 1, end);
	*name = p;
	while (p < end && multipart_tchar((unsigned char)*p))
		p++;
	if ((*namelen = (size_t)(p - *name)) == 0)
		return -1;
	p = multipart_ows(p, end);
	if (p == end || *p != '=')
		return -1;
	p = multipart_ows(p + 1, end);
	if (p < end && *p == '"') {
		for (p++; ; p++) {
			if (p == end)
				return -1;
			if (*p == '"')
				break;
			c = *p;
			if (c == '\\' && end - p > 1 && (p[1] == '"' || p[1] == '\\'))
				c = *++p;
			if (n < valsz)
				val[n] = c;
			n++;
		}
		p++;
	} else {
		for (; p < end && multipart_tchar((unsigned char)*p); p++) {
			if (n < valsz)
				val[n] = *p;
			n++;
		}
		if (n == 0)
			return -1;
	}
	*vallen = n;
	*pp = p;
	return 0;
}

/*
 * Takes the boundary from the Content-Type value "ct", which must be multipart/form-data
 * (in any case) with exactly one boundary parameter among any others, and copies it,
 * unquoted and NUL-terminated, into "out" ("outlen" bytes). Returns 0, or -1 if "ct" is
 * NULL or another type, the boundary is missing, repeated or invalid by RFC 2046 (empty,
 * longer than MULTIPART_MAX_BOUNDARY, or a byte that is not a bchar), or "out" is too
 * small; "out" is then untouched.
 */
int
multipart_boundary(const char *ct, char *out, size_t outlen)
{
	static const char	 type[] = "multipart/form-data";
	const char		*p, *end, *name;
	char			 val[MULTIPART_MAX_BOUNDARY + 1];
	char			 bnd[MULTIPART_MAX_BOUNDARY + 1];
	size_t			 namelen, vallen, bndlen = 0;
	int			 found = 0;

	if (ct == NULL)
		return -1;
	end = ct + strlen(ct);
	p = multipart_ows(ct, end);
	if ((size_t)(end - p) < sizeof(type) - 1 ||
	    !multipart_ieq(p, sizeof(type) - 1, type))
		return -1;
	p += sizeof(type) - 1;
	while ((p = multipart_ows(p, end)) < end) {
		if (multipart_param(&p, end, &name, &namelen, val, sizeof(val),
		    &vallen) == -1)
			return -1;
		if (!multipart_ieq(name, namelen, "boundary"))
			continue;
		if (found || !multipart_bchars(val, vallen))
			return -1;
		memcpy(bnd, val, vallen);
		bndlen = vallen;
		found = 1;
	}
	if (!found || bndlen >= outlen)
		return -1;
	memcpy(out, bnd, bndlen);
	out[bndlen] = '\0';
	return 0;
}

/*
 * Looks at what follows a possible delimiter, "--boundary" ending just before offset "p"
 * of "body". Sets "found" to 1, "last" to whether it is the final one, and "next" to the
 * offset after its line (or after "--"), or sets "found" to 0 if this is data after all.
 * Returns MULTIPART_OK, MULTIPART_TRUNCATED if the body ends too soon to tell, or
 * MULTIPART_MALFORMED if the line ends in a bare LF.
 */
static enum multipart_err
multipart_delim_end(const char *body, size_t len, size_t p, int *found, int *last,
    size_t *next)
{
	*found = 0;
	if (p < len && body[p] == '-') {
		if (p + 1 == len)
			return MULTIPART_TRUNCATED;
		if (body[p + 1] == '-') {
			*found = 1;
			*last = 1;
			*next = p + 2;
		}
		return MULTIPART_OK;
	}
	while (p < len && (body[p] == ' ' || body[p] == '\t'))
		p++;
	if (p == len || (body[p] == '\r' && p + 1 == len))
		return MULTIPART_TRUNCATED;
	if (body[p] == '\n')
		return MULTIPART_MALFORMED;
	if (body[p] == '\r' && body[p + 1] == '\n') {
		*found = 1;
		*last = 0;
		*next = p + 2;
	}
	return MULTIPART_OK;
}

/*
 * Finds the first delimiter, "needle" ("\r\n--boundary", "nlen" bytes), at or after offset
 * "from" of "body". Sets "start" to its offset (where the data before it ends), "last" to
 * whether it is the final one and "next" to the offset after it. Returns MULTIPART_OK,
 * MULTIPART_TRUNCATED if there is none, or MULTIPART_MALFORMED (see above).
 *
 * The needle holds a CR only at its head (a boundary has none), so when a match fails at
 * byte "k" no other match can start before it, and resuming there reads each byte of the
 * body a bounded number of times. Not memmem(): sanitizers check its whole haystack on
 * every call, which turns a body full of near misses quadratic under ASan.
 */
static enum multipart_err
multipart_find_delim(const char *body, size_t len, size_t from, const char *needle,
    size_t nlen, size_t *start, int *last, size_t *next)
{
	const char		*cr;
	size_t			 at, k;
	int			 found;
	enum multipart_err	 e;

	while (from < len) {
		if ((cr = memchr(body + from, '\r', len - from)) == NULL)
			break;
		at = (size_t)(cr - body);
		for (k = 1; k < nlen && at + k < len && body[at + k] == needle[k]; k++)
			continue;
		if (k < nlen) {
			from = at + k;
			continue;
		}
		e = multipart_delim_end(body, len, at + nlen, &found, last, next);
		if (e != MULTIPART_OK)
			return e;
		if (found) {
			*start = at;
			return MULTIPART_OK;
		}
		from = at + nlen;
	}
	return MULTIPART_TRUNCATED;
}

/*
 * Parses the value of a Content-Disposition header ("len" bytes at "v") into "part": it
 * must be form-data with one non-empty name, and may have one filename, from which any
 * path is dropped. Other parameters (filename* among them) are ignored. Returns
 * MULTIPART_OK, MULTIPART_TOO_LARGE past a limit, or MULTIPART_MALFORMED.
 */
static enum multipart_err
multipart_disposition(const char *v, size_t len, struct multipart_part *part)
{
	const char	*p = v, *end = v + len, *name, *fn;
	char		 val[MULTIPART_MAX_LINE];
	size_t		 namelen, vallen, i, fnlen;

	while (p < end && multipart_tchar((unsigned char)*p))
		p++;
	if (!multipart_ieq(v, (size_t)(p - v), "form-data"))
		return MULTIPART_MALFORMED;
	while ((p = multipart_ows(p, end)) < end) {
		/* A header line is no longer than "val", so a value is never cut. */
		if (multipart_param(&p, end, &name, &namelen, val, sizeof(val),
		    &vallen) == -1)
			return MULTIPART_MALFORMED;
		if (multipart_ieq(name, namelen, "name")) {
			if (part->name != NULL || vallen == 0)
				return MULTIPART_MALFORMED;
			if (vallen > MULTIPART_MAX_NAME)
				return MULTIPART_TOO_LARGE;
			if (!util_utf8_valid(val, vallen))
				return MULTIPART_MALFORMED;
			part->name = xstrndup(val, vallen);
		} else if (multipart_ieq(name, namelen, "filename")) {
			if (part->filename != NULL)
				return MULTIPART_MALFORMED;
			fn = val;
			for (i = 0; i < vallen; i++)
				if (val[i] == '/' || val[i] == '\\')
					fn = val + i + 1;
			fnlen = vallen - (size_t)(fn - val);
			if (fnlen > MULTIPART_MAX_FILENAME)
				return MULTIPART_TOO_LARGE;
			if (!util_utf8_valid(fn, fnlen) ||
			    (fnlen == 1 && fn[0] == '.') ||
			    (fnlen == 2 && fn[0] == '.' && fn[1] == '.'))
				return MULTIPART_MALFORMED;
			part->filename = xstrndup(fn, fnlen);
		}
	}
	if (part->name == NULL)
		return MULTIPART_MALFORMED;
	return MULTIPART_OK;
}

/*
 * Parses one header line ("len" bytes at "line", CRLF removed) into "part". Only
 * Content-Disposition and Content-Type are kept, each at most once; other headers are
 * checked for shape and ignored. Returns MULTIPART_OK, MULTIPART_TOO_LARGE or
 * MULTIPART_MALFORMED.
 */
static enum multipart_err
multipart_header(const char *line, size_t len, struct multipart_part *part)
{
	const char	*colon, *v, *end = line + len;
	size_t		 i, namelen;
	unsigned char	 c;

	/* Control bytes (NUL, a lone CR) are refused; so is a folded line, below. */
	for (i = 0; i < len; i++) {
		c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return MULTIPART_MALFORMED;
	}
	if ((colon = memchr(line, ':', len)) == NULL)
		return MULTIPART_MALFORMED;
	namelen = (size_t)(colon - line);
	if (namelen == 0)
		return MULTIPART_MALFORMED;
	for (i = 0; i < namelen; i++)
		if (!multipart_tchar((unsigned char)line[i]))
			return MULTIPART_MALFORMED;
	v = multipart_ows(colon + 1, end);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (multipart_ieq(line, namelen, "content-disposition")) {
		if (part->name != NULL)
			return MULTIPART_MALFORMED;
		return multipart_disposition(v, (size_t)(end - v), part);
	}
	if (multipart_ieq(line, namelen, "content-type")) {
		if (part->content_type != NULL || end == v ||
		    !util_utf8_valid(v, (size_t)(end - v)))
			return MULTIPART_MALFORMED;
		part->content_type = xstrndup(v, (size_t)(end - v));
	}
	return MULTIPART_OK;
}

/*
 * Parses the header lines of a part starting at offset "*pos" of "body" into "part" (which
 * must be zeroed) and moves "*pos" past the empty line that ends them. Returns MULTIPART_OK;
 * or an error, and "part" is then zeroed again with nothing allocated.
 */
static enum multipart_err
multipart_headers(const char *body, size_t len, size_t *pos,
    struct multipart_part *part)
{
	const char		*lf;
	size_t			 p = *pos, win, linelen, nlines = 0;
	enum multipart_err	 e = MULTIPART_OK;

	for (;;) {
		/* Look no further than the longest line allowed, CRLF included. */
		win = len - p;
		if (win > MULTIPART_MAX_LINE + 2)
			win = MULTIPART_MAX_LINE + 2;
		if ((lf = memchr(body + p, '\n', win)) == NULL) {
			e = win < MULTIPART_MAX_LINE + 2 ? MULTIPART_TRUNCATED :
			    MULTIPART_TOO_LARGE;
			goto out;
		}
		linelen = (size_t)(lf - (body + p));
		if (linelen == 0 || body[p + linelen - 1] != '\r') {
			e = MULTIPART_MALFORMED;
			goto out;
		}
		linelen--;
		if (linelen == 0) {
			p += 2;
			break;
		}
		if (++nlines > MULTIPART_MAX_HEADERS) {
			e = MULTIPART_TOO_LARGE;
			goto out;
		}
		if ((e = multipart_header(body + p, linelen, part)) != MULTIPART_OK)
			goto out;
		p += linelen + 2;
	}
	if (part->name == NULL)
		e = MULTIPART_MALFORMED;
out:
	if (e != MULTIPART_OK) {
		multipart_part_clear(part);
		return e;
	}
	*pos = p;
	return MULTIPART_OK;
}

/* Frees the strings "part" owns and zeroes it. */
static void
multipart_part_clear(struct multipart_part *part)
{
	free(part->name);
	free(part->filename);
	free(part->content_type);
	memset(part, 0, sizeof(*part));
}

/*
 * Splits the body "body" ("len" bytes, need not be NUL-terminated, may hold any bytes) on
 * "boundary" (as from multipart_boundary()) into "out", keeping the parts in their order.
 * Returns MULTIPART_OK, and "out" then owns the parts' strings (free them with
 * multipart_free()) while their data points into "body", which must outlive "out"; or the
 * first error found, and "out" is then empty with nothing allocated.
 */
enum multipart_err
multipart_parse(const char *body, size_t len, const char *boundary,
    struct multipart *out)
{
	struct multipart	 m = { NULL, 0 };
	char			 needle[4 + MULTIPART_MAX_BOUNDARY];
	size_t			 blen, nlen, pos = 0, start, data;
	int			 found = 0, last = 0;
	enum multipart_err	 e;

	out->parts = NULL;
	out->n = 0;
	if (len > MULTIPART_MAX_BODY)
		return MULTIPART_TOO_LARGE;
	if (boundary == NULL)
		return MULTIPART_MALFORMED;
	blen = strnlen(boundary, MULTIPART_MAX_BOUNDARY + 1);
	if (!multipart_bchars(boundary, blen))
		return MULTIPART_MALFORMED;
	if (len == 0)
		return MULTIPART_TRUNCATED;
	memcpy(needle, "\r\n--", 4);
	memcpy(needle + 4, boundary, blen);
	nlen = 4 + blen;

	/* With no preamble, nothing comes before the first "--boundary". */
	if (len >= nlen - 2 && memcmp(body, needle + 2, nlen - 2) == 0) {
		e = multipart_delim_end(body, len, nlen - 2, &found, &last, &pos);
		if (e != MULTIPART_OK)
			return e;
	}
	if (!found && (e = multipart_find_delim(body, len, 0, needle, nlen, &start,
	    &last, &pos)) != MULTIPART_OK)
		return e;
	/* RFC 2046 wants one part at least; our forms always have csrf_token. */
	if (last)
		return MULTIPART_MALFORMED;

	m.parts = xcalloc(MULTIPART_MAX_PARTS, sizeof(m.parts[0]));
	while (!last) {
		if (m.n == MULTIPART_MAX_PARTS) {
			e = MULTIPART_TOO_MANY_PARTS;
			goto out;
		}
		if ((e = multipart_headers(body, len, &pos, &m.parts[m.n])) !=
		    MULTIPART_OK)
			goto out;
		m.n++;
		data = pos;
		if ((e = multipart_find_delim(body, len, data, needle, nlen, &start,
		    &last, &pos)) != MULTIPART_OK)
			goto out;
		m.parts[m.n - 1].data = body + data;
		m.parts[m.n - 1].len = start - data;
	}
	e = MULTIPART_OK;
out:
	if (e != MULTIPART_OK) {
		multipart_free(&m);
		return e;
	}
	*out = m;
	return MULTIPART_OK;
}

/* Frees what "m" owns and leaves it empty; NULL or an empty one is fine. */
void
multipart_free(struct multipart *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		multipart_part_clear(&m->parts[i]);
	free(m->parts);
	m->parts = NULL;
	m->n = 0;
}

/*
 * Returns the first part named "name", borrowed from "m" (valid until multipart_free()),
 * or NULL if there is none.
 */
const struct multipart_part *
multipart_get(const struct multipart *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->parts[i].name, name) == 0)
			return &m->parts[i];
	return NULL;
}
