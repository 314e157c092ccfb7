/* SPDX-License-Identifier: ISC */
/* query.h: percent-decoding and application/x-www-form-urlencoded parsing (query strings and
 * POST bodies) into a bounded list of key/value pairs. */
#ifndef MERIDIAN_QUERY_H
#define MERIDIAN_QUERY_H

#include <stddef.h>

/*
 * Limits on one decoded form. The caller bounds the encoded input (the request body limit is
 * 1 MiB); these bound what a form may decode to.
 */
#define QUERY_MAX_PAIRS	256		/* non-empty pairs */
#define QUERY_MAX_KEY	128		/* bytes in one decoded key */
#define QUERY_MAX_VALUE	(1024 * 1024)	/* bytes in one decoded value */

struct query_pair {
	char	*key;		/* owned; NUL-terminated, valid UTF-8, no NUL inside */
	char	*val;		/* owned; likewise */
	size_t	 vallen;
};

struct query {
	struct query_pair	*pairs;	/* owned; NULL when n == 0 */
	size_t			 n;
};

enum query_err {
	QUERY_OK,
	QUERY_BAD_ENCODING,
	QUERY_BAD_UTF8,
	QUERY_TOO_MANY,
	QUERY_TOO_LONG,
	QUERY_NUL,
	QUERY__MAX
};

const char	*query_strerror(enum query_err);
enum query_err	 query_parse(const char *, size_t, struct query *);
void		 query_free(struct query *);
const char	*query_get(const struct query *, const char *);
int		 query_pct_decode(const char *, size_t, int, char **, size_t *);

#endif
