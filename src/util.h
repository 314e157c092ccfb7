/* SPDX-License-Identifier: ISC */
/* util.h: allocation that cannot fail (OOM is fatal), bounded number parsing, time formatting. */
#ifndef MERIDIAN_UTIL_H
#define MERIDIAN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "log.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* Parses a whole decimal string into [min, max]; 0 on success, -1 otherwise. */
int	 util_parse_ll(const char *, long long min, long long max, long long *out);

/* Formats "t" (UTC) into "out" (at least 32 bytes). */
void	 util_http_date(time_t t, char *out, size_t len);
int	 util_parse_http_date(const char *, time_t *);
void	 util_rfc3339(time_t t, char *out, size_t len);
char	*util_put_digits(char *p, int v, int width);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS][Z]"; local time zone unless Z. */
int	 util_parse_datetime(const char *, time_t *);
int	 util_valid_date(const char *);	/* YYYY-MM-DD, a real calendar day */

/* Validates UTF-8 (no overlongs, no surrogates); 1 valid, 0 not. */
int	 util_utf8_valid(const char *, size_t);
/* Number of code points in valid UTF-8. */
size_t	 util_utf8_len(const char *, size_t);

uint64_t util_fnv1a(const void *, size_t, uint64_t seed);

#endif
