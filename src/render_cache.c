/* SPDX-License-Identifier: ISC */
/* render_cache.c: each worker keeps the HTML of the post bodies it rendered lately, so a
 * version of a body is rendered once rather than on every request; least recently used
 * entries go first when the bytes held would pass the configured bound. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meridian.h"
#include "render_cache.h"
#include "util.h"

/*
 * One entry per post: a new version replaces the old one. A hit needs the same version,
 * the same renderer options and the very same Markdown (compared byte for byte, which
 * costs little beside a render). The version alone is not enough: a purged post's id is
 * given to the next new post, which starts again at version 1, and a database restored
 * from a backup can hold a version number with other text than the one cached.
 */
struct rc_entry {
	struct rc_entry	*hnext;		/* same bucket */
	struct rc_entry	*newer, *older;
	int64_t		 id, version;
	int		 options;
	size_t		 md_len, html_len;
	char		*html;		/* in the same allocation, after the Markdown */
	char		 md[];
};

#define RC_MIN_BUCKETS	64

static size_t
rc_size(const struct rc_entry *e)
{
	return sizeof(*e) + e->md_len + e->html_len + 2;
}

static size_t
rc_bucket(const struct render_cache *rc, int64_t id)
{
	return (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL >> 32) & (rc->nbuckets - 1);
}

void
render_cache_init(struct render_cache *rc, size_t max_bytes)
{
	memset(rc, 0, sizeof(*rc));
	rc->max_bytes = max_bytes;
}

/* Takes "e" out of the recency list. */
static void
rc_unlink(struct render_cache *rc, struct rc_entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		rc->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		rc->oldest = e->newer;
	e->newer = e->older = NULL;
}

/* Puts "e" at the newest end of the recency list. */
static void
rc_push(struct render_cache *rc, struct rc_entry *e)
{
	e->older = rc->newest;
	e->newer = NULL;
	if (rc->newest != NULL)
		rc->newest->newer = e;
	rc->newest = e;
	if (rc->oldest == NULL)
		rc->oldest = e;
}

/* Removes "e" from the table and the list, and frees it. */
static void
rc_drop(struct render_cache *rc, struct rc_entry *e)
{
	struct rc_entry	**pp = &rc->buckets[rc_bucket(rc, e->id)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	rc_unlink(rc, e);
	rc->bytes -= rc_size(e);
	rc->count--;
	free(e);
}

/* Doubles the buckets once there are more entries than buckets. */
static void
rc_grow(struct render_cache *rc)
{
	struct rc_entry	**old = rc->buckets, *e, *next;
	size_t		  i, n = rc->nbuckets;

	rc->nbuckets = n == 0 ? RC_MIN_BUCKETS : n * 2;
	rc->buckets = xcalloc(rc->nbuckets, sizeof(*rc->buckets));
	for (i = 0; i < n; i++)
		for (e = old[i]; e != NULL; e = next) {
			next = e->hnext;
			e->hnext = rc->buckets[rc_bucket(rc, e->id)];
			rc->buckets[rc_bucket(rc, e->id)] = e;
		}
	free(old);
}

/* Keeps "html" as the body of "id" at "version"; older entries go to make room. */
static void
rc_put(struct render_cache *rc, int64_t id, int64_t version, const char *md, size_t len,
    const char *html, size_t html_len)
{
	struct rc_entry	*e;
	size_t		 need = sizeof(*e) + len + html_len + 2;

	/* A body as large as a quarter of the cache would push out too many others. */
	if (need > rc->max_bytes / 4)
		return;
	while (rc->oldest != NULL && rc->bytes + need > rc->max_bytes)
		rc_drop(rc, rc->oldest);
	if (rc->count + 1 > rc->nbuckets)
		rc_grow(rc);
	e = xmalloc(need);
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->version = version;
	e->options = md_options();
	e->md_len = len;
	e->html_len = html_len;
	memcpy(e->md, md, len);
	e->md[len] = '\0';
	e->html = e->md + len + 1;
	memcpy(e->html, html, html_len + 1);
	e->hnext = rc->buckets[rc_bucket(rc, id)];
	rc->buckets[rc_bucket(rc, id)] = e;
	rc_push(rc, e);
	rc->bytes += need;
	rc->count++;
}

/*
 * The HTML of the body "md" ("len" bytes) of post "id" at "version": the cached copy when it
 * is the same text, else a fresh render, which is then kept. The caller frees the result;
 * its length goes to "html_len".
 */
char *
render_cache_body(struct render_cache *rc, int64_t id, int64_t version, const char *md,
    size_t len, size_t *html_len)
{
	struct rc_entry	*e = NULL;
	char		*html;

	if (rc->nbuckets > 0)
		for (e = rc->buckets[rc_bucket(rc, id)]; e != NULL; e = e->hnext)
			if (e->id == id)
				break;
	if (e != NULL && e->version == version && e->options == md_options() &&
	    e->md_len == len && memcmp(e->md, md, len) == 0) {
		rc->hits++;
		rc_unlink(rc, e);
		rc_push(rc, e);
		*html_len = e->html_len;
		html = xmalloc(e->html_len + 1);
		memcpy(html, e->html, e->html_len + 1);
		return html;
	}
	rc->misses++;
	if (e != NULL)
		rc_drop(rc, e);		/* an older version: never shown again */
	html = md_render(md, len);
	*html_len = strlen(html);
	if (rc->max_bytes > 0)
		rc_put(rc, id, version, md, len, html, *html_len);
	return html;
}

void
render_cache_free(struct render_cache *rc)
{
	while (rc->oldest != NULL)
		rc_drop(rc, rc->oldest);
	free(rc->buckets);
	rc->buckets = NULL;
	rc->nbuckets = 0;
}
