/* SPDX-License-Identifier: ISC */
/* test-origin.c: the Origin check of origin.c: scheme, host and port must all match, against
 * base_url or the request's own host and port; malformed and hostile headers never match. */
#include "config.h"

#include <string.h>

#include "origin.h"
#include "harness.h"

static void
test_base_url(void)
{
	OK(origin_matches_url("https://clinic.example", "https://clinic.example"), "same");
	OK(origin_matches_url("https://Clinic.Example", "https://clinic.example"),
	    "host case does not matter");
	OK(origin_matches_url("https://clinic.example:443", "https://clinic.example"),
	    "the default port written out");
	OK(origin_matches_url("https://clinic.example", "https://clinic.example/blog"),
	    "base_url with a path");
	OK(!origin_matches_url("http://clinic.example", "https://clinic.example"),
	    "plain http is another origin");
	OK(!origin_matches_url("https://clinic.example:8443", "https://clinic.example"),
	    "another port is another origin");
	OK(!origin_matches_url("https://clinic.example.evil", "https://clinic.example"),
	    "a longer host");
	OK(!origin_matches_url("https://clinic.exampl", "https://clinic.example"),
	    "a shorter host");
	OK(!origin_matches_url("https://evil@clinic.example", "https://clinic.example"),
	    "user info");
	OK(!origin_matches_url("https://clinic.example/", "https://clinic.example"),
	    "an Origin has no path");
	OK(!origin_matches_url("null", "https://clinic.example"), "null (sandboxed frames)");
	OK(!origin_matches_url("", "https://clinic.example"), "empty");
	OK(!origin_matches_url("https://", "https://clinic.example"), "no host");
	OK(!origin_matches_url("https://clinic.example:", "https://clinic.example"),
	    "a colon and no port");
	OK(!origin_matches_url("https://clinic.example:0443x", "https://clinic.example"),
	    "a port followed by junk");
	OK(!origin_matches_url("https://clinic.example:99999", "https://clinic.example"),
	    "a port out of range");
	OK(!origin_matches_url("https://clinic.example:443443", "https://clinic.example"),
	    "a port with too many digits");
	OK(!origin_matches_url("ftp://clinic.example", "ftp://clinic.example"),
	    "only http and https");
	OK(origin_matches_url("http://[::1]:8080", "http://[::1]:8080"), "an IPv6 literal");
	OK(!origin_matches_url("http://[::1:8080", "http://[::1]:8080"), "an unclosed [");
}

static void
test_host(void)
{
	char	 big[2000];

	OK(origin_matches_host("http://127.0.0.1:8080", 0, "127.0.0.1", "8080"),
	    "nginx's port when Host has none");
	OK(!origin_matches_host("http://127.0.0.1:8081", 0, "127.0.0.1", "8080"),
	    "another port on the same host");
	OK(!origin_matches_host("http://127.0.0.1", 0, "127.0.0.1", "8080"),
	    "port 80 against a site on 8080");
	OK(origin_matches_host("http://127.0.0.1:8080", 0, "127.0.0.1:8080", "80"),
	    "a port in Host wins");
	OK(origin_matches_host("https://clinic.example", 1, "clinic.example", "443"),
	    "https on 443");
	OK(origin_matches_host("https://clinic.example", 1, "clinic.example", NULL),
	    "no SERVER_PORT: the scheme's default");
	OK(!origin_matches_host("http://clinic.example", 1, "clinic.example", "443"),
	    "http Origin on an https request");
	OK(!origin_matches_host("https://clinic.example", 0, "clinic.example", "80"),
	    "https Origin on an http request");
	OK(!origin_matches_host("https://clinic.example", 1, NULL, "443"), "no Host");
	OK(!origin_matches_host("https://clinic.example", 1, "clinic.example", "44x3"),
	    "a bad SERVER_PORT");
	OK(!origin_matches_host("https://clinic.example", 1, "clinic.example/x", "443"),
	    "a Host with a path");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "http://", 7);
	OK(!origin_matches_host(big, 0, big + 7, "80"), "longer than ORIGIN_MAX");
}

int
main(void)
{
	test_base_url();
	test_host();
	return harness_done("test-origin");
}
