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
	tmpl_set_printf(sc, V_PAGE_NUMBER, "%lld", page);
	tmpl_set_printf(sc, V_PAGE_COUNT, "%lld", pages);
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
 * Steps "st" (a POST_COLS query, bound by the caller) and adds up to "max" posts to the list
 * "list" of "sc". Rows are copied out first, because filling an item runs other statements.
 * Returns the number added, or -1 on a database error.
 */
int
site_add_posts(struct ctx *c, struct tmpl_scope *sc, int list, sqlite3_stmt *st, int max)
{
	struct post	 rows[32];
	int		 n = 0, i, rc = SQLITE_DONE;

	if (max > 32)
		max = 32;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		post_from_row(st, &rows[n++]);
	sqlite3_reset(st);
	for (i = 0; i < n; i++) {
		site_set_post(c, tmpl_list_add(sc, list), &rows[i], 0);
		post_free(&rows[i]);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(c->site->db.conn));
		return -1;
	}
	return n;
}

/* Runs a one-row count query bound by the caller. Returns the count, or -1. */
long long
site_count(struct ctx *c, sqlite3_stmt *st)
{
	long long	 n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		log_warnx("%s: %s", __func__, sqlite3_errmsg(c->site->db.conn));
	sqlite3_reset(st);
	return n;
}
