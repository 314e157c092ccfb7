/* SPDX-License-Identifier: ISC */
/* site_home.c: the home page, newest visible articles first, PAGE_SIZE_POSTS a page. */
#include "config.h"

#include "site.h"
#include "tmpl.h"
#include "util.h"

int
site_home(struct ctx *c)
{
	struct tmpl_scope	*sc;
	long long		 page, total, pages;
	int			 rc;

	if ((page = site_page_param(c->req)) == 0)
		return site_error(c, 400, "The page number must be a whole "
		    "number from 1 upwards.");
	if ((total = site_count_visible(c, 0)) < 0)
		return -1;
	pages = site_page_count(total);
	if (page > pages)
		return site_error(c, 404, "There is no page with that number.");
	if ((rc = site_fresh_kept(c, 0)) != 0)
		return rc == 1 ? 0 : -1;

	sc = site_scope(c);
	tmpl_set_bool(sc, V_IS_HOME, 1);
	if (page > 1)
		tmpl_set_printf(sc, V_PAGE_TITLE, "Page %lld", page);
	tmpl_set_str(sc, V_META_DESCRIPTION, c->site->settings.v[SET_TAGLINE]);
	site_set_pager(sc, "/", "", page, pages);
	rc = -1;
	if (site_add_posts(c, sc, V_POSTS, 0, page) >= 0)
		rc = site_render(c, TMPL_HOME, sc);
	tmpl_scope_free(sc);
	return rc;
}
