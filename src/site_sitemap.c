/* SPDX-License-Identifier: ISC */
/* site_sitemap.c: /sitemap.xml (every visible article and page, lastmod from the last
 * substantive update, so typo fixes do not make search engines recrawl) and /robots.txt. */
#include "config.h"

#include "site.h"
#include "tmpl.h"
#include "util.h"

/* post_each_fn: one address of the sitemap. */
static int
sitemap_add(const struct post *p, void *arg)
{
	struct tmpl_scope	*item = tmpl_list_add(arg, V_POSTS);
	char			 d[64];

	tmpl_set_join(item, V_URL, post_path_prefix(p->kind), p->slug);
	util_rfc3339(p->substantive_at, d, sizeof(d));
	tmpl_set_str(item, V_LASTMOD, d);
	return 0;
}

int
site_sitemap(struct ctx *c)
{
	struct tmpl_scope	*sc;
	int			 rc;

	if ((rc = site_fresh_kept(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	sc = site_scope(c);
	rc = -1;
	if (post_list_sitemap(&c->site->db, c->now, sitemap_add, sc) >= 0) {
		rc = site_render(c, TMPL_SITEMAP, sc);
		c->resp->content_type = "application/xml; charset=utf-8";
	}
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
