/* SPDX-License-Identifier: ISC */
/* site_post.c: one article at /articles/{slug} and one static page at /{slug}, with the
 * visibility rule, 301 for changed slugs, 410 for trashed posts and prev/next links. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "slug.h"
#include "tmpl.h"
#include "util.h"

/*
 * Looks for a post that used to have "slug". Returns 1 with a 301 set on the response,
 * 0 if there is none, -1 on error.
 */
static int
site_old_slug(struct ctx *c, const char *slug)
{
	char	*path;
	int	 rc;

	if ((rc = post_old_address(&c->site->db, slug, &path)) == 1) {
		resp_redirect(c->resp, 301, path);
		free(path);
	}
	return rc;
}

/* Sets the title and URL of the previous (dir < 0) or next article. Returns 0, or -1. */
static int
site_neighbour(struct ctx *c, struct tmpl_scope *sc, const struct post *p, int dir,
    int vtitle, int vurl)
{
	char	*slug, *title;
	int	 rc;

	if ((rc = post_neighbour(&c->site->db, p, dir, c->now, &slug, &title)) == 1) {
		tmpl_set_str(sc, vtitle, title);
		tmpl_set_join(sc, vurl, post_path_prefix("article"), slug);
		free(slug);
		free(title);
	}
	return rc == -1 ? -1 : 0;
}

/* Shows the post at "slug" if it is of "kind" and visible now. */
static int
site_show(struct ctx *c, const char *kind)
{
	struct tmpl_scope	*sc;
	struct post		 p;
	int			 rc;

	if (c->cap == NULL || !slug_valid(c->cap))
		return site_error(c, 404, NULL);
	if ((rc = post_load_by_slug(&c->site->db, c->cap, &p)) == -1)
		return -1;
	if (rc == 0) {
		if ((rc = site_old_slug(c, c->cap)) != 0)
			return rc == 1 ? 0 : -1;
		return site_error(c, 404, NULL);
	}
	if (strcmp(p.kind, kind) != 0) {
		rc = site_error(c, 404, NULL);
		goto out;
	}
	if (p.deleted_at != 0 && strcmp(p.status, "published") == 0 &&
	    p.published_at <= c->now) {
		rc = site_error(c, 410, NULL);
		goto out;
	}
	if (!post_is_visible(&p, c->now)) {
		rc = site_error(c, 404, NULL);
		goto out;
	}
	if ((rc = site_fresh_kept(c, p.updated_at)) != 0) {
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, p.title);
	tmpl_set_str(sc, V_META_DESCRIPTION, p.summary);
	tmpl_set_str(sc, V_OG_TYPE, "article");
	if (site_set_post(c, sc, &p, 1) == -1 || (strcmp(kind, "article") == 0 &&
	    (site_neighbour(c, sc, &p, -1, V_PREV_TITLE, V_PREV_URL) == -1 ||
	    site_neighbour(c, sc, &p, 1, V_NEXT_TITLE, V_NEXT_URL) == -1)))
		rc = -1;
	else
		rc = site_render(c, strcmp(kind, "page") == 0 ? TMPL_PAGE : TMPL_POST, sc);
	tmpl_scope_free(sc);
out:
	post_free(&p);
	return rc;
}

int
site_article(struct ctx *c)
{
	return site_show(c, "article");
}

int
site_page(struct ctx *c)
{
	return site_show(c, "page");
}
