/* SPDX-License-Identifier: ISC */
/* site_list.c: what every paginated list of articles shares (home, topic pages, search):
 * the ?page=N parameter, the pager's links, and turning result rows into template items. */
#include "config.h"

#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Reads ?page=N: 1 when absent, 0 when malformed or out of range. */
long long
site_page_param(const struct req *r)
{
	const char	*v = query_get(&r->query, "page");
	long long	 n;

	if (v == NULL)
		return 1;
	if (util_parse_ll(v, 1, 100000, &n) == -1)
		return 0;
	return n;
}

/* Number of pages for "total" items; an empty list still has page 1. */
long long
site_page_count(long long total)
{
	return total == 0 ? 1 : (total + PAGE_SIZE_POSTS - 1) / PAGE_SIZE_POSTS;
}

/*
 * Sets the pager values. "base" is the list's path; "extra" is a query string part to keep
 * (already URL-encoded, e.g. "q=needle&amp;"), or "".
 */
void
site_set_pager(struct tmpl_scope *sc, const char *base, const char *extra,
    long long page, long long pages)
{
	tmpl_set_int(sc, V_PAGE_NUMBER, page);
	tmpl_set_int(sc, V_PAGE_COUNT, pages);
	if (page > 2 || (page == 2 && *extra != '\0'))
		tmpl_set_printf(sc, V_PREV_PAGE_URL, "%s?%spage=%lld", base, extra,
		    page - 1);
	else if (page == 2)
		tmpl_set_str(sc, V_PREV_PAGE_URL, base);
	if (page < pages)
		tmpl_set_printf(sc, V_NEXT_PAGE_URL, "%s?%spage=%lld", base, extra,
		    page + 1);
}

/* Where site_add_post() puts a post: the request, a scope and one of its lists. */
struct site_fill {
	struct ctx		*c;
	struct tmpl_scope	*sc;
	int			 list;
};

/* post_each_fn: a post of a list, shown as a card. */
static int
site_add_post(const struct post *p, void *arg)
{
	struct site_fill	*f = arg;

	return site_set_post(f->c, tmpl_list_add(f->sc, f->list), p, 0);
}

/*
 * Adds page "page" of the visible articles (of topic "topic", or all for 0) to the list
 * "list" of "sc". Returns the number added, or -1 on a database error.
 */
int
site_add_posts(struct ctx *c, struct tmpl_scope *sc, int list, int64_t topic,
    long long page)
{
	struct site_fill	 f = { c, sc, list };

	return post_list_visible(&c->site->db, topic, c->now, 0, PAGE_SIZE_POSTS,
	    (page - 1) * PAGE_SIZE_POSTS, site_add_post, &f);
}

/*
 * The number of visible articles, of topic "topic" or of all (0), from the worker's kept
 * counts (see struct site_counts) or else counted now. Returns the count, or -1.
 */
long long
site_count_visible(struct ctx *c, int64_t topic)
{
	struct site_counts	*k = &c->site->counts;
	int64_t			 lv;
	long long		 n;
	size_t			 i;

	if (site_last_visible(c, &lv) == -1)
		return -1;
	if (k->gen != c->gen || k->last_visible != lv) {
		k->gen = c->gen;
		k->last_visible = lv;
		k->n = 0;
	}
	for (i = 0; i < k->n; i++)
		if (k->v[i].topic == topic)
			return k->v[i].count;
	if ((n = post_count_visible(&c->site->db, topic, c->now)) < 0)
		return -1;
	/* Full (a site with very many topics): start again rather than grow. */
	if (k->n == SITE_COUNTS)
		k->n = 0;
	k->v[k->n].topic = topic;
	k->v[k->n].count = n;
	k->n++;
	return n;
}
