/* SPDX-License-Identifier: ISC */
/* harness.h: a tiny unit-test harness in the style of cmark's: each check prints on failure,
 * and main() returns the number of failures (0 = pass for Automake). */
#ifndef MERIDIAN_HARNESS_H
#define MERIDIAN_HARNESS_H

#include <stdio.h>
#include <string.h>

static int	harness_checks;
static int	harness_failed;

#define OK(cond, msg) do {						\
	harness_checks++;						\
	if (!(cond)) {							\
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, (msg)); \
	}								\
} while (0)

#define INT_EQ(got, want, msg) do {					\
	long long harness_g = (long long)(got), harness_w = (long long)(want); \
	harness_checks++;						\
	if (harness_g != harness_w) {					\
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s: got %lld, want %lld\n", \
		    __FILE__, __LINE__, (msg), harness_g, harness_w);	\
	}								\
} while (0)

#define STR_EQ(got, want, msg) do {					\
	const char *harness_gs = (got), *harness_ws = (want);		\
	harness_checks++;						\
	if (harness_gs == NULL || harness_ws == NULL ?			\
	    harness_gs != harness_ws : strcmp(harness_gs, harness_ws) != 0) { \
		harness_failed++;					\
		fprintf(stderr, "%s:%d: FAIL: %s:\n  got:  %s\n  want: %s\n", \
		    __FILE__, __LINE__, (msg),				\
		    harness_gs ? harness_gs : "(null)",			\
		    harness_ws ? harness_ws : "(null)");		\
	}								\
} while (0)

/* Prints the tally; the test's exit status is 1 if anything failed. */
static int
harness_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, harness_checks, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
