/* site_sitemap.c: /sitemap.xml (every visible article and page, lastmod from the last
 * substantive update, so typo fixes do not make search engines recrawl) and /robots.txt. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "site.h"
#include "tmpl.h"
#include "util.h"

int
site_sitemap(struct ctx *c)
{
	struct tmpl_scope	*sc, *item;
	sqlite3_stmt		*st;
	char			 d[64];
	int			 rc;

	if ((rc = site_fresh_list(c)) != 0)
		return rc == 1 ? 0 : -1;
	sc = site_scope(c);
	st = db_stmt(&c->site->db, STMT_SITEMAP);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	while ((rc = db_step(st, __func__)) == 1) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 1);

		item = tmpl_list_add(sc, V_POSTS);
		tmpl_set_join(item, V_URL, strcmp(kind, "page") == 0 ? "/" :
		    "/articles/", slug);
		util_rfc3339((time_t)sqlite3_column_int64(st, 2), d, sizeof(d));
		tmpl_set_str(item, V_LASTMOD, d);
	}
	sqlite3_reset(st);
	rc = rc == 0 ? site_render(c, TMPL_SITEMAP, sc) : -1;
	c->resp->content_type = "application/xml; charset=utf-8";
	tmpl_scope_free(sc);
	return rc;
}

int
site_robots(struct ctx *c)
{
	int	 rc;

	if ((rc = site_fresh(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	c->resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&c->resp->body, "User-agent: *\nDisallow: /admin/\n"
	    "Disallow: /search\n\nSitemap: %s/sitemap.xml\n",
	    c->site->settings.v[SET_BASE_URL]);
	return 0;
}
