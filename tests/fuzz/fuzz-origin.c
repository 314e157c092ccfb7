/* SPDX-License-Identifier: ISC */
/* fuzz-origin.c: origin.c's Origin header and base URL parser. The input is "ORIGIN\nOTHER":
 * ORIGIN is checked against OTHER as a base URL and as a Host header with each scheme.
 * Oracles: results are 0 or 1; an origin matches itself as a base URL whenever it matches
 * anything as a Host (both parse the same host and port); matching is symmetric between two
 * origins with no path. */
#include "config.h"

#include "fuzz.h"
#include "origin.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *nl, *other;
	int	 a, b, h0, h1;

	s = fuzz_cstr(data, size);
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		other = nl + 1;
	} else
		other = s;
	a = origin_matches_url(s, other);
	FUZZ_CHECK(a == 0 || a == 1, "origin_matches_url returns 0 or 1");
	if (a && strchr(other, '/') != NULL && strncmp(other, "http", 4) == 0 &&
	    strchr(strstr(other, "//") + 2, '/') == NULL) {
		b = origin_matches_url(other, s);
		FUZZ_CHECK(b == 1, "two origins without a path match both ways");
	}
	h0 = origin_matches_host(s, 0, other, "8080");
	h1 = origin_matches_host(s, 1, other, NULL);
	FUZZ_CHECK((h0 == 0 || h0 == 1) && (h1 == 0 || h1 == 1),
	    "origin_matches_host returns 0 or 1");
	if (h0 || h1)
		FUZZ_CHECK(origin_matches_url(s, s) == 1,
		    "an origin that matches a host is a valid base URL of itself");
	free(s);
	return 0;
}
