/* SPDX-License-Identifier: ISC */
/* site_topic.c: /topics/ (every topic with visible articles) and /topics/{slug} (one topic's
 * articles, paginated); the topic's feed is in site_feed.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "site.h"
#include "slug.h"
#include "tmpl.h"
#include "util.h"

/* topic_each_fn: one topic of /topics/. */
static int
site_add_topic(const struct topic *t, void *arg)
{
	struct tmpl_scope	*item = tmpl_list_add(arg, V_TOPIC_LIST);

	tmpl_set_str(item, V_TOPIC_SLUG, t->slug);
	tmpl_set_str(item, V_TOPIC_NAME, t->name);
	tmpl_set_join(item, V_TOPIC_URL, "/topics/", t->slug);
	tmpl_set_int(item, V_TOPIC_COUNT, t->count);
	return 0;
}

int
site_topics(struct ctx *c)
{
	struct tmpl_scope	*sc;
	int			 rc;

	if ((rc = site_fresh_kept(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, "Topics");
	tmpl_set_printf(sc, V_META_DESCRIPTION, "Every topic %s writes about.",
	    c->site->settings.v[SET_CLINIC_NAME]);
	rc = -1;
	if (topic_list_visible(&c->site->db, c->now, site_add_topic, sc) >= 0)
		rc = site_render(c, TMPL_TOPICS, sc);
	tmpl_scope_free(sc);
	return rc;
}

/* Lookup of the topic named by the route: -1 error, 0 none, 1 found ("id", "name" set). */
int
site_topic_lookup(struct ctx *c, int64_t *id, char **name)
{
	if (c->cap == NULL || !slug_valid(c->cap))
		return 0;
	return topic_load_by_slug(&c->site->db, c->cap, id, name);
}

int
site_topic(struct ctx *c)
{
	struct tmpl_scope	*sc;
	char			*name = NULL, base[160];
	long long		 page, total, pages;
	int64_t			 id;
	int			 rc;

	if ((page = site_page_param(c->req)) == 0)
		return site_error(c, 400, "The page number must be a whole "
		    "number from 1 upwards.");
	if ((rc = site_topic_lookup(c, &id, &name)) != 1)
		return rc == 0 ? site_error(c, 404, "There is no such topic.") : -1;
	rc = -1;
	if ((total = site_count_visible(c, id)) < 0)
		goto out;
	/* A topic whose articles are all drafts or scheduled does not exist yet. */
	if (total == 0) {
		rc = site_error(c, 404, "There is no such topic.");
		goto out;
	}
	pages = site_page_count(total);
	if (page > pages) {
		rc = site_error(c, 404, "There is no page with that number.");
		goto out;
	}
	if ((rc = site_fresh_kept(c, 0)) != 0) {
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, name);
	tmpl_set_str(sc, V_TOPIC_NAME, name);
	tmpl_set_str(sc, V_TOPIC_SLUG, c->cap);
	tmpl_set_printf(sc, V_FEED_URL, "/topics/%s/feed.xml", c->cap);
	tmpl_set_printf(sc, V_META_DESCRIPTION, "Articles about %s from %s.", name,
	    c->site->settings.v[SET_CLINIC_NAME]);
	tmpl_set_printf(sc, V_RESULT_COUNT, "%lld %s", total, total == 1 ? "article" :
	    "articles");
	snprintf(base, sizeof(base), "/topics/%s", c->cap);
	site_set_pager(sc, base, "", page, pages);
	rc = -1;
	if (site_add_posts(c, sc, V_POSTS, id, page) >= 0)
		rc = site_render(c, TMPL_TOPIC, sc);
	tmpl_scope_free(sc);
out:
	free(name);
	return rc;
}
