/* SPDX-License-Identifier: ISC */
/* test-render-cache.c: a worker's cache of rendered bodies and list pages: what is kept is
 * served only for the same version and text (or validator), its bytes stay within the bound,
 * the least recently used go first, and 0 keeps nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "meridian.h"
#include "render_cache.h"

/* render_fn: cmark's plain rendering, counted. */
static int	renders;

static char *
plain(void *arg, const char *md, size_t len)
{
	(void)arg;
	renders++;
	return md_render(md, len);
}

/* The body of post "id" at "version" through the cache; 1 if it came out as "want". */
static int
body_is(struct render_cache *rc, int64_t id, int64_t version, const char *md,
    const char *want)
{
	size_t	 n;
	char	*html = render_cache_body(rc, id, version, 0, md, strlen(md), plain, NULL, &n);
	int	 ok = n == strlen(html) && strcmp(html, want) == 0;

	free(html);
	return ok;
}

/* Whether "url" is kept with "etag" (and then holds "want"). */
static int
page_is(struct render_cache *rc, const char *url, const char *etag, const char *want)
{
	size_t		 n;
	const char	*p = render_cache_page(rc, url, etag, &n);

	return p != NULL && n == strlen(want) && memcmp(p, want, n) == 0;
}

int
main(void)
{
	struct render_cache	 rc;
	unsigned long		 h;
	char			 md[64], url[32], big[4096];
	int			 i;

	render_cache_init(&rc, 64 * 1024);
	OK(body_is(&rc, 1, 1, "*one*", "<p><em>one</em></p>\n"), "a first render");
	INT_EQ((int)rc.misses, 1, "... is a miss");
	OK(body_is(&rc, 1, 1, "*one*", "<p><em>one</em></p>\n"), "the same again");
	INT_EQ((int)rc.hits, 1, "... is a hit");
	OK(body_is(&rc, 1, 2, "*two*", "<p><em>two</em></p>\n"), "a new version: its own text");
	INT_EQ((int)rc.count, 1, "... replacing the old one");
	OK(body_is(&rc, 1, 2, "*six*", "<p><em>six</em></p>\n"),
	    "the same id and version with other text (a reused id): rendered again");
	h = rc.hits;
	OK(body_is(&rc, 1, 1, "*six*", "<p><em>six</em></p>\n"), "an older version number");
	INT_EQ((int)(rc.hits - h), 0, "... is not a hit");
	renders = 0;
	free(render_cache_body(&rc, 1, 1, 7, "*six*", 5, plain, NULL, &(size_t){ 0 }));
	INT_EQ(renders, 1, "the same text in another context (images changed, a feed): rendered");
	free(render_cache_body(&rc, 1, 1, 7, "*six*", 5, plain, NULL, &(size_t){ 0 }));
	INT_EQ(renders, 1, "... and then kept for that context");

	OK(!page_is(&rc, "/?", "\"e1\"", ""), "a page not kept");
	render_cache_page_keep(&rc, "/?", "\"e1\"", "HOME-1", 6);
	OK(page_is(&rc, "/?", "\"e1\"", "HOME-1"), "a page kept under its validator");
	OK(!page_is(&rc, "/?", "\"e2\"", "HOME-1"), "another validator: not served");
	OK(!page_is(&rc, "/?", "\"e1\"", "HOME-1"), "... and the old one is gone");
	OK(!page_is(&rc, "/?page=2", "\"e1\"", ""), "another address is another page");

	/* The bound: many bodies of ~4 KB in 64 KiB. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 100; i++) {
		size_t	 n;
		char	*html;

		big[0] = (char)('a' + i % 26);
		html = render_cache_body(&rc, 100 + i, 1, 0, big, strlen(big), plain, NULL, &n);
		free(html);
		OK(rc.bytes <= rc.max_bytes, "the bytes kept stay within the bound");
	}
	OK(rc.count > 5 && rc.count < 20, "many entries fit, not all");
	h = rc.hits;
	big[0] = (char)('a' + 99 % 26);
	free(render_cache_body(&rc, 199, 1, 0, big, strlen(big), plain, NULL,
	    &(size_t){ 0 }));
	INT_EQ((int)(rc.hits - h), 1, "the newest is still kept");
	big[0] = 'a';
	h = rc.hits;
	free(render_cache_body(&rc, 100, 1, 0, big, strlen(big), plain, NULL,
	    &(size_t){ 0 }));
	INT_EQ((int)(rc.hits - h), 0, "the least recently used went first");

	/* An entry over a quarter of the bound is not kept. */
	render_cache_free(&rc);
	render_cache_init(&rc, 8 * 1024);
	free(render_cache_body(&rc, 1, 1, 0, big, strlen(big), plain, NULL,
	    &(size_t){ 0 }));
	INT_EQ((int)rc.count, 0, "a body over a quarter of the bound is not kept");
	render_cache_free(&rc);

	/* 0: nothing kept, everything still rendered. */
	render_cache_init(&rc, 0);
	for (i = 0; i < 3; i++)
		OK(body_is(&rc, 1, 1, "*one*", "<p><em>one</em></p>\n"), "off: rendered");
	INT_EQ((int)rc.count, 0, "off: nothing kept");
	render_cache_page_keep(&rc, "/?", "\"e\"", "X", 1);
	OK(!page_is(&rc, "/?", "\"e\"", "X"), "off: no page kept");
	render_cache_free(&rc);

	/* Many keys: the table grows and every one is found. */
	render_cache_init(&rc, 16 * 1024 * 1024);
	for (i = 0; i < 2000; i++) {
		snprintf(url, sizeof(url), "/topics/t%d?", i);
		snprintf(md, sizeof(md), "page %d", i);
		render_cache_page_keep(&rc, url, "\"e\"", md, strlen(md));
	}
	for (i = 0; i < 2000; i++) {
		snprintf(url, sizeof(url), "/topics/t%d?", i);
		snprintf(md, sizeof(md), "page %d", i);
		if (!page_is(&rc, url, "\"e\"", md))
			break;
	}
	INT_EQ(i, 2000, "2000 pages kept and found");
	render_cache_free(&rc);
	return harness_done("render-cache");
}
