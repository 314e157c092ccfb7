/* SPDX-License-Identifier: ISC */
/* fuzz-query.c: query.c's percent-decoding and form parsing (query strings and POST bodies).
 * Oracles: a parsed form holds only bounded, NUL-free, valid UTF-8 keys and values whose
 * lengths are right and that query_get() finds; an error leaves the form empty; decoding
 * never grows the text, and "%XX" for every byte decodes back to the input exactly. */
#include "config.h"

#include "fuzz.h"
#include "query.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*in = (const char *)data;
	struct query		 q;
	enum query_err		 e;
	char			*out, *enc;
	size_t			 i, n;

	e = query_parse(in, size, &q);
	if (e != QUERY_OK)
		FUZZ_CHECK(q.n == 0 && q.pairs == NULL, "an error leaves the form empty");
	else {
		FUZZ_CHECK(q.n <= QUERY_MAX_PAIRS, "at most QUERY_MAX_PAIRS pairs");
		for (i = 0; i < q.n; i++) {
			n = strlen(q.pairs[i].key);
			FUZZ_CHECK(n <= QUERY_MAX_KEY, "key within its limit");
			FUZZ_CHECK(util_utf8_valid(q.pairs[i].key, n), "key is UTF-8");
			FUZZ_CHECK(strlen(q.pairs[i].val) == q.pairs[i].vallen,
			    "vallen is the value's length (no NUL inside)");
			FUZZ_CHECK(q.pairs[i].vallen <= QUERY_MAX_VALUE,
			    "value within its limit");
			FUZZ_CHECK(util_utf8_valid(q.pairs[i].val, q.pairs[i].vallen),
			    "value is UTF-8");
		}
		if (q.n > 0)
			FUZZ_CHECK(query_get(&q, q.pairs[0].key) == q.pairs[0].val,
			    "query_get finds the first pair of a name");
		FUZZ_CHECK(query_strerror(e) != NULL, "strerror");
	}
	query_free(&q);
	FUZZ_CHECK(query_strerror(e) != NULL, "every error has a message");

	if (query_pct_decode(in, size, size > 0 && (data[0] & 1), &out, &n) == 0) {
		FUZZ_CHECK(n <= size, "decoding never grows the text");
		FUZZ_CHECK(out[n] == '\0', "the result is NUL-terminated");
		free(out);
	}

	/* Round trip: every byte written as %XX decodes back to the input. */
	enc = malloc(size * 3 + 1);
	if (enc == NULL)
		abort();
	for (i = 0; i < size; i++) {
		enc[3 * i] = '%';
		enc[3 * i + 1] = hex[data[i] >> 4];
		enc[3 * i + 2] = hex[data[i] & 15];
	}
	FUZZ_CHECK(query_pct_decode(enc, size * 3, 1, &out, &n) == 0,
	    "well-formed percent-encoding decodes");
	FUZZ_CHECK(n == size && memcmp(out, data, size) == 0, "%XX round trip");
	free(out);
	free(enc);
	return 0;
}
