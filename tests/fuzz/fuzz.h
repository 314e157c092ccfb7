/* SPDX-License-Identifier: ISC */
/* fuzz.h: what the libFuzzer harnesses in tests/fuzz/ share: the entry point's prototype, an
 * oracle check that aborts with a message (libFuzzer then saves the input as a crash), and a
 * NUL-terminated copy of the input for parsers that take C strings. */
#ifndef MERIDIAN_FUZZ_H
#define MERIDIAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	 LLVMFuzzerInitialize(int *, char ***);

/* An oracle violation is a crash like any other: print why, abort. */
#define FUZZ_CHECK(cond, what) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: oracle: %s\n", __FILE__, __LINE__, (what)); \
		abort();						\
	}								\
} while (0)

/* Returns a malloc'd copy of "n" bytes at "d" with a NUL after them; the caller frees it. */
static inline char *
fuzz_cstr(const uint8_t *d, size_t n)
{
	char	*s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

#endif
