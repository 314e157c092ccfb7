/* site_home.c: the home page, newest visible articles first, PAGE_SIZE_POSTS a page. */
#include "config.h"

#include <sqlite3.h>

#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Reads ?page=N: 1 when absent, 0 when malformed or out of range. */
static long long
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

int
site_home(struct ctx *c)
{
	struct db		*db = &c->site->db;
	struct tmpl_scope	*sc, *item;
	sqlite3_stmt		*st;
	long long		 page, total, pages;
	int			 rc;

	if ((page = site_page_param(c->req)) == 0)
		return site_error(c, 400, "The page number must be a whole "
		    "number from 1 upwards.");
	st = db_stmt(db, STMT_POST_COUNT_VISIBLE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	pages = total == 0 ? 1 : (total + PAGE_SIZE_POSTS - 1) / PAGE_SIZE_POSTS;
	if (page > pages)
		return site_error(c, 404, "There is no page with that number.");
	if ((rc = site_fresh(c, 0)) != 0)
		return rc == 1 ? 0 : -1;

	sc = site_scope(c);
	tmpl_set_bool(sc, V_IS_HOME, 1);
	if (page > 1)
		tmpl_set_printf(sc, V_PAGE_TITLE, "Page %lld", page);
	tmpl_set_str(sc, V_META_DESCRIPTION, c->site->settings.v[SET_TAGLINE]);
	tmpl_set_printf(sc, V_PAGE_NUMBER, "%lld", page);
	tmpl_set_printf(sc, V_PAGE_COUNT, "%lld", pages);
	if (page > 2)
		tmpl_set_printf(sc, V_PREV_PAGE_URL, "/?page=%lld", page - 1);
	else if (page == 2)
		tmpl_set_str(sc, V_PREV_PAGE_URL, "/");
	if (page < pages)
		tmpl_set_printf(sc, V_NEXT_PAGE_URL, "/?page=%lld", page + 1);

	st = db_stmt(db, STMT_POST_LIST_VISIBLE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 2, PAGE_SIZE_POSTS);
	sqlite3_bind_int64(st, 3, (page - 1) * PAGE_SIZE_POSTS);
	/* Topics need the statement table too, so copy each row out first. */
	{
		struct post	 rows[PAGE_SIZE_POSTS];
		int		 n = 0, i;

		while (n < PAGE_SIZE_POSTS && (rc = sqlite3_step(st)) == SQLITE_ROW)
			post_from_row(st, &rows[n++]);
		sqlite3_reset(st);
		for (i = 0; i < n; i++) {
			item = tmpl_list_add(sc, V_POSTS);
			site_set_post(c, item, &rows[i], 0);
			post_free(&rows[i]);
		}
	}
	rc = site_render(c, TMPL_HOME, sc);
	tmpl_scope_free(sc);
	return rc;
}
