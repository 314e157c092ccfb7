/* site_list.c: what every paginated list of articles shares (home, topic pages, search):
 * the ?page=N parameter, the pager's links, and turning result rows into template items. */
#include "config.h"

#include <sqlite3.h>

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

/*
 * Steps "st" (a POST_HEAD_COLS query, bound by the caller) and adds up to "max" posts to the
 * list "list" of "sc". Each row is shown straight from the statement (post_view_row): the
 * topics query that filling an item runs is another statement, which leaves this one's row
 * alone. Returns the number added, or -1 on a database error.
 */
int
site_add_posts(struct ctx *c, struct tmpl_scope *sc, int list, sqlite3_stmt *st, int max)
{
	struct post	 row;
	int		 n = 0, r = 0;

	while (n < max && (r = db_step(st, __func__)) == 1) {
		post_view_row(st, &row);
		if ((r = site_set_post(c, tmpl_list_add(sc, list), &row, 0)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

/*
 * The number of visible articles, of topic "topic" or of all (0), from the worker's kept
 * counts (see struct site_counts) or else counted now. Returns the count, or -1.
 */
long long
site_count_visible(struct ctx *c, int64_t topic)
{
	struct site_counts	*k = &c->site->counts;
	sqlite3_stmt		*st;
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
	if (topic == 0) {
		st = db_stmt(&c->site->db, STMT_POST_COUNT_VISIBLE);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	} else {
		st = db_stmt(&c->site->db, STMT_TOPIC_COUNT);
		sqlite3_bind_int64(st, 1, topic);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	}
	if ((n = site_count(c, st)) < 0)
		return -1;
	/* Full (a site with very many topics): start again rather than grow. */
	if (k->n == SITE_COUNTS)
		k->n = 0;
	k->v[k->n].topic = topic;
	k->v[k->n].count = n;
	k->n++;
	return n;
}

/* Runs a one-row count query bound by the caller. Returns the count, or -1. */
long long
site_count(struct ctx *c, sqlite3_stmt *st)
{
	long long	 n = -1;

	(void)c;
	if (db_step(st, __func__) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}
