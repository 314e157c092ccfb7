/* SPDX-License-Identifier: ISC */
/* query.c: percent-decoding and application/x-www-form-urlencoded parsing, as pure functions of
 * (buf, len) with the limits from query.h.
 *
 * A form is pairs separated by "&"; each pair is key=value, or just key (empty value). "+" is
 * a space and %XX a byte. Empty pairs are skipped. Everything else is refused, not repaired: a
 * "%" without two hex digits, a decoded NUL byte, decoded text that is not UTF-8, and anything
 * past a limit. The caller answers 400 (or 413 for QUERY_TOO_MANY and QUERY_TOO_LONG).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "util.h"

static int		query_hexval(char);
static enum query_err	query_decode_part(const char *, size_t, size_t, char **,
			    size_t *);

static const char *const query_errs[QUERY__MAX] = {
	[QUERY_OK] = "no error",
	"a percent sign is not followed by two hex digits", /* QUERY_BAD_ENCODING */
	[QUERY_BAD_UTF8] = "a decoded name or value is not valid UTF-8",
	[QUERY_TOO_MANY] = "the form has too many fields",
	[QUERY_TOO_LONG] = "a field name or value is too long",
	[QUERY_NUL] = "a field contains a NUL byte",
};

/* Returns a sentence describing "e", for logs and error pages; never NULL. */
const char *
query_strerror(enum query_err e)
{
	if ((unsigned int)e >= QUERY__MAX)
		return "unknown form error";
	return query_errs[e];
}

/* Returns the value of hex digit "c", or -1 if it is not one. */
static int
query_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes "len" bytes of "in", turning "+" into a space if "plus_is_space" (forms) or
 * leaving it alone if not (URL paths). Returns 0 and sets "out" (NUL-terminated, caller frees)
 * and "outlen", or -1 if a "%" is not followed by two hex digits, leaving both untouched.
 *
 * The result may contain NUL bytes (from %00); "outlen" counts them. A caller that goes on to
 * treat the result as a C string must reject that case (memchr(out, '\0', outlen)).
 */
int
query_pct_decode(const char *in, size_t len, int plus_is_space, char **out,
    size_t *outlen)
{
	char	*p;
	size_t	 i, n = 0;
	int	 hi, lo;

	p = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (in[i] == '%') {
			if (len - i < 3 || (hi = query_hexval(in[i + 1])) < 0 ||
			    (lo = query_hexval(in[i + 2])) < 0) {
				free(p);
				return -1;
			}
			p[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (in[i] == '+' && plus_is_space)
			p[n++] = ' ';
		else
			p[n++] = in[i];
	}
	p[n] = '\0';
	*out = p;
	*outlen = n;
	return 0;
}

/*
 * Decodes one key or value of a form and checks it against "max" decoded bytes. On QUERY_OK
 * sets "out" (caller frees) and "outlen"; on any error nothing is allocated.
 */
static enum query_err
query_decode_part(const char *in, size_t len, size_t max, char **out,
    size_t *outlen)
{
	char		*p;
	size_t		 n;
	enum query_err	 e = QUERY_OK;

	if (query_pct_decode(in, len, 1, &p, &n) == -1)
		return QUERY_BAD_ENCODING;
	if (n > max)
		e = QUERY_TOO_LONG;
	else if (memchr(p, '\0', n) != NULL)
		e = QUERY_NUL;
	else if (!util_utf8_valid(p, n))
		e = QUERY_BAD_UTF8;
	if (e != QUERY_OK) {
		free(p);
		return e;
	}
	*out = p;
	*outlen = n;
	return QUERY_OK;
}

/*
 * Parses the form in "buf" ("len" bytes, need not be NUL-terminated) into "out", keeping the
 * pairs in their order. Returns QUERY_OK, and "out" then owns everything (free it with
 * query_free()), or the first error found, and "out" is then empty with nothing allocated.
 */
enum query_err
query_parse(const char *buf, size_t len, struct query *out)
{
	struct query	 q = { NULL, 0 };
	size_t		 cap = 0, i = 0, end, klen, keylen;
	const char	*amp, *eq;
	char		*key = NULL, *val = NULL;
	size_t		 vallen;
	enum query_err	 e = QUERY_OK;

	out->pairs = NULL;
	out->n = 0;
	while (i < len) {
		amp = memchr(buf + i, '&', len - i);
		end = amp != NULL ? (size_t)(amp - buf) : len;
		if (end == i) {
			i++;
			continue;
		}
		if (q.n == QUERY_MAX_PAIRS) {
			e = QUERY_TOO_MANY;
			goto out;
		}
		eq = memchr(buf + i, '=', end - i);
		klen = eq != NULL ? (size_t)(eq - (buf + i)) : end - i;
		if ((e = query_decode_part(buf + i, klen, QUERY_MAX_KEY, &key,
		    &keylen)) != QUERY_OK)
			goto out;
		if (eq != NULL)
			e = query_decode_part(eq + 1, end - i - klen - 1,
			    QUERY_MAX_VALUE, &val, &vallen);
		else
			e = query_decode_part("", 0, QUERY_MAX_VALUE, &val,
			    &vallen);
		if (e != QUERY_OK)
			goto out;
		if (q.n == cap) {
			cap = cap ? cap * 2 : 8;
			q.pairs = xrealloc(q.pairs, cap * sizeof(q.pairs[0]));
		}
		q.pairs[q.n].key = key;
		q.pairs[q.n].val = val;
		q.pairs[q.n].vallen = vallen;
		q.n++;
		key = val = NULL;
		i = end + 1;
	}
out:
	free(key);
	free(val);
	if (e != QUERY_OK) {
		query_free(&q);
		return e;
	}
	*out = q;
	return QUERY_OK;
}

/* Frees what "q" owns and leaves it empty; NULL or an empty query is fine. */
void
query_free(struct query *q)
{
	size_t	 i;

	if (q == NULL)
		return;
	for (i = 0; i < q->n; i++) {
		free(q->pairs[i].key);
		free(q->pairs[i].val);
	}
	free(q->pairs);
	q->pairs = NULL;
	q->n = 0;
}

/*
 * Returns the value of the first pair named "key", borrowed from "q" (valid until
 * query_free()), or NULL if there is none.
 */
const char *
query_get(const struct query *q, const char *key)
{
	size_t	 i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->pairs[i].key, key) == 0)
			return q->pairs[i].val;
	return NULL;
}
