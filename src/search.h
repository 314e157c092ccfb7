/* SPDX-License-Identifier: ISC */
/* search.h: turning what a visitor typed into a safe FTS5 query. */
#ifndef MERIDIAN_SEARCH_H
#define MERIDIAN_SEARCH_H

#include <stddef.h>

#include "buf.h"

#define SEARCH_MAX_QUERY	200	/* bytes a visitor may type */
#define SEARCH_MAX_TERMS	12
#define SEARCH_MIN_PREFIX	3	/* characters a last word needs to match as a prefix */
#define SEARCH_MAX_RANKED	1000	/* matches ranked; more are "more than" this */

enum search_query_result {
	SEARCH_OK,
	SEARCH_EMPTY,		/* nothing searchable in the input */
	SEARCH_TOO_LONG
};

/* search.c */
enum search_query_result search_fts_query(const char *in, size_t len, struct buf *out);
void	 search_snippet_html(struct buf *out, const char *snippet);

#endif
