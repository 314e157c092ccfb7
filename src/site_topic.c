/* site_topic.c: /topics/ (every topic with visible articles) and /topics/{slug} (one topic's
 * articles, paginated); the topic's feed is in site_feed.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "site.h"
#include "slug.h"
#include "tmpl.h"
#include "util.h"

int
site_topics(struct ctx *c)
{
	struct tmpl_scope	*sc, *t;
	sqlite3_stmt		*st;
	int			 rc;

	if ((rc = site_fresh_list(c)) != 0)
		return rc == 1 ? 0 : -1;
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, "Topics");
	tmpl_set_printf(sc, V_META_DESCRIPTION, "Every topic %s writes about.",
	    c->site->settings.v[SET_CLINIC_NAME]);
	st = db_stmt(&c->site->db, STMT_TOPICS_ALL);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	while ((rc = db_step(st, __func__)) == 1) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);

		t = tmpl_list_add(sc, V_TOPIC_LIST);
		tmpl_set_str(t, V_TOPIC_SLUG, slug);
		tmpl_set_str(t, V_TOPIC_NAME, (const char *)sqlite3_column_text(st, 1));
		tmpl_set_join(t, V_TOPIC_URL, "/topics/", slug);
		tmpl_set_int(t, V_TOPIC_COUNT, sqlite3_column_int64(st, 2));
	}
	sqlite3_reset(st);
	if (rc == 0)
		rc = site_render(c, TMPL_TOPICS, sc);
	tmpl_scope_free(sc);
	return rc;
}

/* Lookup of the topic named by the route: -1 error, 0 none, 1 found ("id", "name" set). */
int
site_topic_lookup(struct ctx *c, int64_t *id, char **name)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (c->cap == NULL || !slug_valid(c->cap))
		return 0;
	st = db_stmt(&c->site->db, STMT_TOPIC_BY_SLUG);
	sqlite3_bind_text(st, 1, c->cap, -1, SQLITE_STATIC);
	rc = db_step(st, __func__);
	if (rc == 1) {
		*id = sqlite3_column_int64(st, 0);
		*name = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc;
}

int
site_topic(struct ctx *c)
{
	struct db		*db = &c->site->db;
	struct tmpl_scope	*sc;
	sqlite3_stmt		*st;
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
	if ((rc = site_fresh_list(c)) != 0) {
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
	st = db_stmt(db, STMT_TOPIC_POSTS);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 3, PAGE_SIZE_POSTS);
	sqlite3_bind_int64(st, 4, (page - 1) * PAGE_SIZE_POSTS);
	rc = -1;
	if (site_add_posts(c, sc, V_POSTS, st, PAGE_SIZE_POSTS) >= 0)
		rc = site_render(c, TMPL_TOPIC, sc);
	tmpl_scope_free(sc);
out:
	free(name);
	return rc;
}
