/* SPDX-License-Identifier: ISC */
/* test-query.c: percent-decoding and form parsing in query.c, at and around every limit. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "query.h"
#include "harness.h"

/* Parses the string literal "s"; checks that a failure leaves "q" empty. */
static enum query_err
parse(const char *s, size_t len, struct query *q)
{
	enum query_err	 e;

	q->pairs = (void *)q;	/* garbage the parser must overwrite */
	q->n = 12345;
	e = query_parse(s, len, q);
	if (e != QUERY_OK)
		OK(q->pairs == NULL && q->n == 0, "error leaves the query empty");
	return e;
}

#define PARSE(lit, q)	parse((lit), sizeof(lit) - 1, (q))

static void
test_decode(void)
{
	char	*out = (char *)"untouched";
	size_t	 n = 99;

	INT_EQ(query_pct_decode("", 0, 1, &out, &n), 0, "decode: empty");
	STR_EQ(out, "", "decode: empty result");
	INT_EQ(n, 0, "decode: empty length");
	free(out);

	INT_EQ(query_pct_decode("a+b%20c%2Bd", 11, 1, &out, &n), 0, "decode: form");
	STR_EQ(out, "a b c+d", "decode: + is space in forms");
	free(out);
	INT_EQ(query_pct_decode("a+b%20c%2Bd", 11, 0, &out, &n), 0, "decode: path");
	STR_EQ(out, "a+b c+d", "decode: + stays in paths");
	free(out);
	INT_EQ(query_pct_decode("%41%6a%4A%C3%a9", 15, 0, &out, &n), 0, "decode: hex case");
	STR_EQ(out, "AjJ\xc3\xa9", "decode: mixed-case hex");
	INT_EQ(n, 5, "decode: mixed-case length");
	free(out);
	INT_EQ(query_pct_decode("%2541", 5, 0, &out, &n), 0, "decode: once only");
	STR_EQ(out, "%41", "decode: %25 is not decoded twice");
	free(out);
	INT_EQ(query_pct_decode("a%00b", 5, 0, &out, &n), 0, "decode: %00 is decoded");
	INT_EQ(n, 3, "decode: %00 counted in the length");
	OK(memcmp(out, "a\0b", 4) == 0, "decode: %00 gives a NUL byte");
	free(out);
	INT_EQ(query_pct_decode("%41BC", 3, 0, &out, &n), 0, "decode: stops at len");
	STR_EQ(out, "A", "decode: stops at len (result)");
	free(out);

	out = NULL;
	n = 7;
	INT_EQ(query_pct_decode("%zz", 3, 0, &out, &n), -1, "decode: %zz");
	INT_EQ(query_pct_decode("%4", 2, 0, &out, &n), -1, "decode: %4 at end");
	INT_EQ(query_pct_decode("%4g", 3, 0, &out, &n), -1, "decode: %4g");
	INT_EQ(query_pct_decode("%g4", 3, 0, &out, &n), -1, "decode: %g4");
	INT_EQ(query_pct_decode("abc%", 4, 0, &out, &n), -1, "decode: trailing %");
	INT_EQ(query_pct_decode("%", 1, 0, &out, &n), -1, "decode: lone %");
	INT_EQ(query_pct_decode("%%41", 4, 0, &out, &n), -1, "decode: %%");
	INT_EQ(query_pct_decode("% 41", 4, 0, &out, &n), -1, "decode: % space");
	INT_EQ(query_pct_decode("%+41", 4, 1, &out, &n), -1, "decode: %+");
	/* "%41" cut to "%4" by len: the byte past len must not be read. */
	INT_EQ(query_pct_decode("%41", 2, 0, &out, &n), -1, "decode: % cut by len");
	OK(out == NULL && n == 7, "decode: failure leaves outputs alone");
}

static void
test_parse_basic(void)
{
	struct query	 q;

	INT_EQ(PARSE("", &q), QUERY_OK, "parse: empty");
	OK(q.n == 0 && q.pairs == NULL, "parse: empty gives nothing");
	query_free(&q);
	INT_EQ(query_parse(NULL, 0, &q), QUERY_OK, "parse: NULL, 0");
	INT_EQ(q.n, 0, "parse: NULL, 0 gives nothing");

	INT_EQ(PARSE("a=1&b=two+words&c=%26%3D", &q), QUERY_OK, "parse: three pairs");
	INT_EQ(q.n, 3, "parse: three pairs counted");
	STR_EQ(q.pairs[0].key, "a", "parse: key 0");
	STR_EQ(q.pairs[1].val, "two words", "parse: + in value");
	STR_EQ(q.pairs[2].val, "&=", "parse: encoded & and = in value");
	INT_EQ(q.pairs[2].vallen, 2, "parse: vallen");
	STR_EQ(query_get(&q, "b"), "two words", "get: b");
	STR_EQ(query_get(&q, "d"), NULL, "get: missing");
	STR_EQ(query_get(&q, "A"), NULL, "get: case-sensitive");
	query_free(&q);
	OK(q.pairs == NULL && q.n == 0, "free: leaves it empty");
	query_free(&q);
	query_free(NULL);

	INT_EQ(PARSE("&&a=1&&&b&=&c=&", &q), QUERY_OK, "parse: empties and bare keys");
	INT_EQ(q.n, 4, "parse: && skipped, = kept");
	STR_EQ(q.pairs[0].key, "a", "parse: a");
	STR_EQ(q.pairs[1].key, "b", "parse: bare key");
	STR_EQ(q.pairs[1].val, "", "parse: bare key has empty value");
	INT_EQ(q.pairs[1].vallen, 0, "parse: bare key vallen");
	STR_EQ(q.pairs[2].key, "", "parse: lone = has empty key");
	STR_EQ(q.pairs[3].val, "", "parse: c= has empty value");
	STR_EQ(query_get(&q, "c"), "", "get: empty value is not NULL");
	query_free(&q);

	INT_EQ(PARSE("k=a=b&k=second", &q), QUERY_OK, "parse: = in value");
	STR_EQ(query_get(&q, "k"), "a=b", "get: first match, split at first =");
	query_free(&q);

	INT_EQ(PARSE("a+b%20c=%C3%A9t%C3%A9;x", &q), QUERY_OK, "parse: encoded key");
	STR_EQ(q.pairs[0].key, "a b c", "parse: key decoded");
	STR_EQ(q.pairs[0].val, "\xc3\xa9t\xc3\xa9;x", "parse: UTF-8 value, ; not a separator");
	query_free(&q);

	INT_EQ(parse("a=1&b=2", 3, &q), QUERY_OK, "parse: stops at len");
	INT_EQ(q.n, 1, "parse: stops at len (count)");
	query_free(&q);
}

static void
test_parse_errors(void)
{
	struct query	 q;

	INT_EQ(PARSE("a=%zz", &q), QUERY_BAD_ENCODING, "parse: %zz");
	INT_EQ(PARSE("a=%4", &q), QUERY_BAD_ENCODING, "parse: %4");
	INT_EQ(PARSE("a=1&b=%", &q), QUERY_BAD_ENCODING, "parse: trailing %");
	INT_EQ(PARSE("a=%4&b=1", &q), QUERY_BAD_ENCODING, "parse: %4 before &");
	INT_EQ(PARSE("%=1", &q), QUERY_BAD_ENCODING, "parse: % in key");
	INT_EQ(PARSE("ok=1&x%g0=1", &q), QUERY_BAD_ENCODING, "parse: bad key after good pair");
	INT_EQ(PARSE("a=%00", &q), QUERY_NUL, "parse: %00 in value");
	INT_EQ(PARSE("a%00b=1", &q), QUERY_NUL, "parse: %00 in key");
	INT_EQ(parse("a=x\0y", 5, &q), QUERY_NUL, "parse: raw NUL byte");
	INT_EQ(PARSE("a=%FF", &q), QUERY_BAD_UTF8, "parse: %FF");
	INT_EQ(PARSE("a=%C3", &q), QUERY_BAD_UTF8, "parse: truncated UTF-8");
	INT_EQ(PARSE("a=%C0%AF", &q), QUERY_BAD_UTF8, "parse: overlong /");
	INT_EQ(PARSE("a=%ED%A0%80", &q), QUERY_BAD_UTF8, "parse: surrogate");
	INT_EQ(PARSE("a=%F4%90%80%80", &q), QUERY_BAD_UTF8, "parse: beyond U+10FFFF");
	INT_EQ(PARSE("%E9t%E9=1", &q), QUERY_BAD_UTF8, "parse: Latin-1 key");
	INT_EQ(PARSE("a=\xff", &q), QUERY_BAD_UTF8, "parse: raw invalid byte");
	INT_EQ(PARSE("a=%C3&b=%A9", &q), QUERY_BAD_UTF8, "parse: UTF-8 split across pairs");
	INT_EQ(PARSE("a=%C3%A9", &q), QUERY_OK, "parse: control: the same, whole");
	query_free(&q);
}

/* Builds "n" pairs "k=v&" into "b". */
static void
many_pairs(struct buf *b, size_t n)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_printf(b, "k%zu=v&", i);
}

static void
test_limits(void)
{
	struct query	 q;
	struct buf	 b;
	char		*s;
	size_t		 n;

	buf_init(&b);
	many_pairs(&b, QUERY_MAX_PAIRS);
	INT_EQ(parse(b.data, b.len, &q), QUERY_OK, "limit: exactly QUERY_MAX_PAIRS");
	INT_EQ(q.n, QUERY_MAX_PAIRS, "limit: all pairs kept");
	STR_EQ(q.pairs[QUERY_MAX_PAIRS - 1].key, "k255", "limit: last pair");
	query_free(&q);
	many_pairs(&b, QUERY_MAX_PAIRS + 1);
	INT_EQ(parse(b.data, b.len, &q), QUERY_TOO_MANY, "limit: one pair over");
	many_pairs(&b, 10000);
	INT_EQ(parse(b.data, b.len, &q), QUERY_TOO_MANY, "limit: 10k pairs");

	/* Empty pairs do not count. */
	buf_reset(&b);
	for (n = 0; n < 100000; n++)
		buf_putc(&b, '&');
	buf_puts(&b, "a=1");
	INT_EQ(parse(b.data, b.len, &q), QUERY_OK, "limit: 100k empty pairs");
	INT_EQ(q.n, 1, "limit: empty pairs skipped");
	query_free(&q);

	/* Keys: exactly at the limit, one over, and at the limit only once decoded. */
	s = malloc(3 * (QUERY_MAX_KEY + 1) + 3);
	OK(s != NULL, "limit: malloc");
	if (s == NULL)
		goto out;
	memset(s, 'k', QUERY_MAX_KEY);
	memcpy(s + QUERY_MAX_KEY, "=v", 2);
	INT_EQ(parse(s, QUERY_MAX_KEY + 2, &q), QUERY_OK, "limit: key of QUERY_MAX_KEY");
	INT_EQ(strlen(q.pairs[0].key), QUERY_MAX_KEY, "limit: long key kept whole");
	query_free(&q);
	memset(s, 'k', QUERY_MAX_KEY + 1);
	INT_EQ(parse(s, QUERY_MAX_KEY + 1, &q), QUERY_TOO_LONG, "limit: key one over");
	for (n = 0; n < QUERY_MAX_KEY; n++)
		memcpy(s + 3 * n, "%41", 3);
	INT_EQ(parse(s, 3 * QUERY_MAX_KEY, &q), QUERY_OK, "limit: encoded key at limit");
	query_free(&q);
	memcpy(s + 3 * n, "%41", 3);
	INT_EQ(parse(s, 3 * (QUERY_MAX_KEY + 1), &q), QUERY_TOO_LONG,
	    "limit: encoded key one over");
	free(s);

	/* Values: exactly 1 MiB, one over, and 1 MiB only once decoded. */
	s = malloc(3 * (QUERY_MAX_VALUE + 1) + 3);
	OK(s != NULL, "limit: malloc");
	if (s == NULL)
		goto out;
	memcpy(s, "v=", 2);
	memset(s + 2, 'x', QUERY_MAX_VALUE + 1);
	INT_EQ(parse(s, 2 + QUERY_MAX_VALUE, &q), QUERY_OK, "limit: value of QUERY_MAX_VALUE");
	INT_EQ(q.pairs[0].vallen, QUERY_MAX_VALUE, "limit: long value kept whole");
	query_free(&q);
	INT_EQ(parse(s, 2 + QUERY_MAX_VALUE + 1, &q), QUERY_TOO_LONG, "limit: value one over");
	for (n = 0; n < QUERY_MAX_VALUE; n++)
		memcpy(s + 2 + 3 * n, "%C3", 3);
	/* Decodes to lone lead bytes: the length check must come first. */
	memcpy(s + 2 + 3 * n, "%C3", 3);
	INT_EQ(parse(s, 2 + 3 * (QUERY_MAX_VALUE + 1), &q), QUERY_TOO_LONG,
	    "limit: encoded value one over");
	for (n = 0; n < QUERY_MAX_VALUE; n += 2)
		memcpy(s + 2 + 3 * n, "%C3%A9", 6);
	INT_EQ(parse(s, 2 + 3 * QUERY_MAX_VALUE, &q), QUERY_OK,
	    "limit: encoded value at limit");
	INT_EQ(q.pairs[0].vallen, QUERY_MAX_VALUE, "limit: encoded value length");
	query_free(&q);
	INT_EQ(parse(s, 2 + 3 * QUERY_MAX_VALUE - 3, &q), QUERY_BAD_UTF8,
	    "limit: value cut inside a character");
	free(s);
out:
	buf_free(&b);
}

static void
test_strerror(void)
{
	int	 e;

	for (e = 0; e < QUERY__MAX; e++)
		OK(query_strerror(e) != NULL && *query_strerror(e) != '\0',
		    "strerror: every error has a sentence");
	STR_EQ(query_strerror(QUERY_TOO_MANY), "the form has too many fields",
	    "strerror: too many");
	OK(strcmp(query_strerror(QUERY_NUL), query_strerror(QUERY_BAD_UTF8)) != 0,
	    "strerror: distinct sentences");
	STR_EQ(query_strerror(QUERY__MAX), "unknown form error", "strerror: out of range");
	STR_EQ(query_strerror((enum query_err)-1), "unknown form error", "strerror: negative");
}

int
main(void)
{
	test_decode();
	test_parse_basic();
	test_parse_errors();
	test_limits();
	test_strerror();
	return harness_done("query");
}
