/* site_post.c: one article at /articles/{slug} and one static page at /{slug}, with the
 * visibility rule, 301 for changed slugs, 410 for trashed posts and prev/next links. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

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
	sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_SLUG_HISTORY_GET);
	char		 loc[256];
	int		 rc;

	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	rc = db_step(st, __func__);
	if (rc == 1) {
		const char *to = (const char *)sqlite3_column_text(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 1);

		snprintf(loc, sizeof(loc), "%s%s", post_path_prefix(kind), to);
		sqlite3_reset(st);
		resp_redirect(c->resp, 301, loc);
		return 1;
	}
	sqlite3_reset(st);
	return rc;
}

/* Sets the title and URL of the previous or next article. Returns 0, or -1. */
static int
site_neighbour(struct ctx *c, struct tmpl_scope *sc, const struct post *p,
    enum stmt which, int vtitle, int vurl)
{
	sqlite3_stmt	*st = db_stmt(&c->site->db, which);
	int		 r;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)p->published_at);
	sqlite3_bind_int64(st, 2, p->id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	if ((r = db_step(st, __func__)) == 1) {
		tmpl_set_str(sc, vtitle, (const char *)sqlite3_column_text(st, 1));
		tmpl_set_join(sc, vurl, post_path_prefix("article"),
		    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : 0;
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
	if ((rc = site_fresh(c, p.updated_at)) != 0) {
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, p.title);
	tmpl_set_str(sc, V_META_DESCRIPTION, p.summary);
	tmpl_set_str(sc, V_OG_TYPE, "article");
	if (site_set_post(c, sc, &p, 1) == -1 || (strcmp(kind, "article") == 0 &&
	    (site_neighbour(c, sc, &p, STMT_POST_PREV, V_PREV_TITLE, V_PREV_URL) == -1 ||
	    site_neighbour(c, sc, &p, STMT_POST_NEXT, V_NEXT_TITLE, V_NEXT_URL) == -1)))
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
