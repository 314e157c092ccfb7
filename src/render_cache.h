/* SPDX-License-Identifier: ISC */
/* render_cache.h: a worker's cache of rendered post bodies and list pages, bounded in bytes. */
#ifndef MERIDIAN_RENDER_CACHE_H
#define MERIDIAN_RENDER_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct rc_entry;

struct render_cache {
	size_t		  max_bytes;	/* 0: off, every body is rendered */
	size_t		  bytes;	/* held by the entries, headers included */
	size_t		  count;
	size_t		  nbuckets;	/* a power of two, or 0 before the first entry */
	struct rc_entry	**buckets;	/* by post id */
	struct rc_entry	 *newest;	/* most recently used, for eviction from the other end */
	struct rc_entry	 *oldest;
	unsigned long	  hits, misses;
};

void	 render_cache_init(struct render_cache *, size_t max_bytes);
void	 render_cache_free(struct render_cache *);
/* Renders "len" bytes of Markdown to HTML for the cache; the caller frees the result. */
typedef char *(*render_fn)(void *arg, const char *md, size_t len);
char	*render_cache_body(struct render_cache *, int64_t id, int64_t version,
	    uint64_t context, const char *md, size_t len, render_fn, void *arg,
	    size_t *html_len);	/* caller frees */
const char *render_cache_page(struct render_cache *, const char *url, const char *etag,
	    size_t *len);		/* borrowed until the cache next changes; NULL if none */
void	 render_cache_page_keep(struct render_cache *, const char *url, const char *etag,
	    const void *page, size_t len);

#endif
