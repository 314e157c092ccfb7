/* SPDX-License-Identifier: ISC */
/* render_cache.c: each worker keeps what it rendered lately, within one bound in bytes: post
 * bodies, so a version of a body is rendered once rather than on every request, and list
 * pages, by the validator that names their content. The least recently used entries go
 * first when the bytes held would pass the bound. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meridian.h"
#include "render_cache.h"
#include "util.h"

/*
 * An entry is found by its key and is valid only while its two check parts are the same
 * bytes as the caller's; a key found with other checks is dropped (an older version, an
 * older state of a page), so each key has at most one entry.
 */
struct rc_entry {
	struct rc_entry	*hnext;		/* same bucket */
	struct rc_entry	*newer, *older;
	uint64_t	 hash;		/* of the key */
	size_t		 klen, c1len, c2len, vlen;
	char		 data[];	/* key, check 1, check 2, value, NUL */
};

#define RC_MIN_BUCKETS	64

static size_t
rc_size(const struct rc_entry *e)
{
	return sizeof(*e) + e->klen + e->c1len + e->c2len + e->vlen + 1;
}

static size_t
rc_bucket(const struct render_cache *rc, uint64_t hash)
{
	return (size_t)(hash >> 16) & (rc->nbuckets - 1);
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
	struct rc_entry	**pp = &rc->buckets[rc_bucket(rc, e->hash)];

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
			e->hnext = rc->buckets[rc_bucket(rc, e->hash)];
			rc->buckets[rc_bucket(rc, e->hash)] = e;
		}
	free(old);
}

/* The entry of "key", or NULL. */
static struct rc_entry *
rc_find(struct render_cache *rc, const void *key, size_t klen, uint64_t hash)
{
	struct rc_entry	*e;

	if (rc->nbuckets == 0)
		return NULL;
	for (e = rc->buckets[rc_bucket(rc, hash)]; e != NULL; e = e->hnext)
		if (e->hash == hash && e->klen == klen && memcmp(e->data, key, klen) == 0)
			return e;
	return NULL;
}

/*
 * The value kept under "key" with these checks, borrowed: valid until the cache next
 * changes (its length in "vlen"), or NULL.
 */
static const char *
rc_get(struct render_cache *rc, const void *key, size_t klen, const void *c1, size_t c1len,
    const void *c2, size_t c2len, size_t *vlen)
{
	uint64_t	 hash = util_fnv1a(key, klen, 0);
	struct rc_entry	*e = rc_find(rc, key, klen, hash);
	const char	*p;

	if (e == NULL) {
		rc->misses++;
		return NULL;
	}
	p = e->data + e->klen;
	if (e->c1len != c1len || e->c2len != c2len || memcmp(p, c1, c1len) != 0 ||
	    memcmp(p + c1len, c2, c2len) != 0) {
		rc->misses++;
		rc_drop(rc, e);		/* never valid again */
		return NULL;
	}
	rc->hits++;
	rc_unlink(rc, e);
	rc_push(rc, e);
	*vlen = e->vlen;
	return p + c1len + c2len;
}

/* Keeps "val" under "key" with these checks; older entries go to make room. */
static void
rc_put(struct render_cache *rc, const void *key, size_t klen, const void *c1, size_t c1len,
    const void *c2, size_t c2len, const void *val, size_t vlen)
{
	uint64_t	 hash = util_fnv1a(key, klen, 0);
	struct rc_entry	*e;
	size_t		 need = sizeof(*e) + klen + c1len + c2len + vlen + 1;
	char		*p;

	/* An entry as large as a quarter of the cache would push out too many others. */
	if (need > rc->max_bytes / 4)
		return;
	if ((e = rc_find(rc, key, klen, hash)) != NULL)
		rc_drop(rc, e);
	while (rc->oldest != NULL && rc->bytes + need > rc->max_bytes)
		rc_drop(rc, rc->oldest);
	if (rc->count + 1 > rc->nbuckets)
		rc_grow(rc);
	e = xmalloc(need);
	memset(e, 0, sizeof(*e));
	e->hash = hash;
	e->klen = klen;
	e->c1len = c1len;
	e->c2len = c2len;
	e->vlen = vlen;
	p = e->data;
	memcpy(p, key, klen);
	memcpy(p += klen, c1, c1len);
	memcpy(p += c1len, c2, c2len);
	memcpy(p += c2len, val, vlen);
	p[vlen] = '\0';
	e->hnext = rc->buckets[rc_bucket(rc, hash)];
	rc->buckets[rc_bucket(rc, hash)] = e;
	rc_push(rc, e);
	rc->bytes += need;
	rc->count++;
}

/*
 * The HTML of the body "md" ("len" bytes) of post "id" at "version", as "render" makes it:
 * the kept copy when it is for this version, this "context" (a hash of whatever else the
 * caller's rendering depends on), these renderer options and the very same Markdown (compared byte
 * for byte, which costs little beside a render), else a fresh render, which is then kept.
 * The version alone is not enough: a purged post's id goes to the next new post, which
 * starts again at version 1, and a database restored from a backup can hold a version
 * number with other text than the one kept. The caller frees the result; its length goes
 * to "html_len".
 */
char *
render_cache_body(struct render_cache *rc, int64_t id, int64_t version, uint64_t context,
    const char *md, size_t len, render_fn render, void *arg, size_t *html_len)
{
	struct {
		int64_t		 version;
		uint64_t	 context;
		int		 options;
	} check;
	char		 key[1 + sizeof(id)];
	const char	*kept;
	char		*html;

	memset(&check, 0, sizeof(check));	/* padding is compared too */
	check.version = version;
	check.context = context;
	check.options = md_options();
	key[0] = 'b';
	memcpy(key + 1, &id, sizeof(id));
	if (rc->max_bytes > 0 && (kept = rc_get(rc, key, sizeof(key), &check, sizeof(check),
	    md, len, html_len)) != NULL) {
		html = xmalloc(*html_len + 1);
		memcpy(html, kept, *html_len + 1);
		return html;
	}
	html = render(arg, md, len);
	*html_len = strlen(html);
	if (rc->max_bytes > 0)
		rc_put(rc, key, sizeof(key), &check, sizeof(check), md, len, html, *html_len);
	return html;
}

/*
 * A page kept for "url" (path and query) while its validator is "etag", borrowed: valid
 * until the cache next changes (the length in "len"); or NULL.
 */
const char *
render_cache_page(struct render_cache *rc, const char *url, const char *etag, size_t *len)
{
	if (rc->max_bytes == 0)
		return NULL;
	return rc_get(rc, url, strlen(url), etag, strlen(etag), "", 0, len);
}

/* Keeps "len" bytes of a list page for "url" while its validator is "etag". */
void
render_cache_page_keep(struct render_cache *rc, const char *url, const char *etag,
    const void *page, size_t len)
{
	if (rc->max_bytes > 0)
		rc_put(rc, url, strlen(url), etag, strlen(etag), "", 0, page, len);
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
