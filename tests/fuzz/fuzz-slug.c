/* SPDX-License-Identifier: ISC */
/* fuzz-slug.c: slug.c. Oracles: slug_from_title() always returns a slug that slug_valid()
 * accepts; slug_valid() accepts only [a-z0-9-]{1,100} without edge or double hyphens (and
 * nothing that can climb out of a URL path, like "..", "/" or "%"). */
#include "config.h"

#include "fuzz.h"
#include "slug.h"

static int
shape_ok(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] != '-' || s[i + 1] == '-')
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = fuzz_cstr(data, size), *slug;

	if (slug_valid(in))
		FUZZ_CHECK(shape_ok(in), "slug_valid accepts only well-formed slugs");
	slug = slug_from_title(in);
	FUZZ_CHECK(slug != NULL, "slug_from_title returns a string");
	FUZZ_CHECK(slug_valid(slug), "slug_from_title returns a valid slug");
	FUZZ_CHECK(shape_ok(slug), "slug_from_title returns a well-formed slug");
	free(slug);
	free(in);
	return 0;
}
