/* SPDX-License-Identifier: ISC */
/* fuzz-multipart.c: multipart.c. The input is a Content-Type value, a newline, then the body;
 * if the Content-Type has no usable boundary, "X" is used so the body is still parsed. The
 * body is copied to a buffer of exactly its size, so ASan catches a read past its end.
 * Oracles: at most MULTIPART_MAX_PARTS parts, each inside the body, with a bounded non-empty
 * UTF-8 name free of control characters (tab aside), a bounded UTF-8 file name without a
 * path, and multipart_get() finding a part by its name; an error leaves nothing behind. */
#include "config.h"

#include "fuzz.h"
#include "multipart.h"
#include "util.h"

static int
name_ok(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t			*nl = memchr(data, '\n', size);
	const struct multipart_part	*p, *g;
	struct multipart		 mp;
	enum multipart_err		 e;
	char				 bnd[MULTIPART_MAX_BOUNDARY + 10];
	char				*ct, *body;
	size_t				 ctlen, blen, i;

	ctlen = nl != NULL ? (size_t)(nl - data) : size;
	ct = fuzz_cstr(data, ctlen);
	blen = nl != NULL ? size - ctlen - 1 : 0;
	body = malloc(blen ? blen : 1);
	if (body == NULL)
		abort();
	if (blen)
		memcpy(body, nl + 1, blen);
	if (multipart_boundary(ct, bnd, sizeof(bnd)) == 0) {
		FUZZ_CHECK(strlen(bnd) >= 1 && strlen(bnd) <= MULTIPART_MAX_BOUNDARY,
		    "a boundary is 1 to 70 bytes");
	} else
		strcpy(bnd, "X");
	/* A small "outlen" must be refused, never overflowed. */
	{
		char	 tiny[4];

		if (multipart_boundary(ct, tiny, sizeof(tiny)) == 0)
			FUZZ_CHECK(strlen(tiny) < sizeof(tiny), "boundary fits its buffer");
	}

	e = multipart_parse(body, blen, bnd, &mp);
	FUZZ_CHECK(multipart_strerror(e) != NULL, "every error has a message");
	if (e != MULTIPART_OK) {
		FUZZ_CHECK(mp.n == 0, "an error leaves no parts");
		multipart_free(&mp);
	} else {
		FUZZ_CHECK(mp.n >= 1 && mp.n <= MULTIPART_MAX_PARTS, "1 to 16 parts");
		for (i = 0; i < mp.n; i++) {
			p = &mp.parts[i];
			FUZZ_CHECK(p->data >= body && p->data + p->len <= body + blen,
			    "part data lies inside the body");
			FUZZ_CHECK(p->name != NULL && *p->name != '\0', "a part has a name");
			FUZZ_CHECK(strlen(p->name) <= MULTIPART_MAX_NAME, "name bounded");
			FUZZ_CHECK(util_utf8_valid(p->name, strlen(p->name)), "name UTF-8");
			FUZZ_CHECK(name_ok(p->name), "no control characters in the name");
			if (p->filename != NULL) {
				FUZZ_CHECK(strlen(p->filename) <= MULTIPART_MAX_FILENAME,
				    "file name bounded");
				FUZZ_CHECK(util_utf8_valid(p->filename, strlen(p->filename)),
				    "file name UTF-8");
				FUZZ_CHECK(strchr(p->filename, '/') == NULL &&
				    strchr(p->filename, '\\') == NULL,
				    "no path in the file name");
			}
			g = multipart_get(&mp, p->name);
			FUZZ_CHECK(g != NULL && strcmp(g->name, p->name) == 0,
			    "multipart_get finds a part by name");
		}
		multipart_free(&mp);
	}
	free(body);
	free(ct);
	return 0;
}
