/* site_feed.c: Atom 1.0 feeds with full content: /feed.xml (newest 20 articles) and
 * /topics/{slug}/feed.xml. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "site.h"
#include "tmpl.h"
#include "util.h"

#define FEED_ENTRIES	20

/* Renders the feed from "st" (bound by the caller), "title" and its own path "self". */
static int
site_feed_render(struct ctx *c, sqlite3_stmt *st, const char *title, const char *self)
{
	struct tmpl_scope	*sc, *item;
	struct post		 rows[FEED_ENTRIES];
	char			 d[64];
	time_t			 newest = 0;
	int			 n = 0, i, rc;

	while (n < FEED_ENTRIES && sqlite3_step(st) == SQLITE_ROW)
		post_from_row(st, &rows[n++]);
	sqlite3_reset(st);
	sc = site_scope(c);
	tmpl_set_str(sc, V_FEED_TITLE, title);
	tmpl_set_printf(sc, V_SELF_URL, "%s%s", c->site->settings.v[SET_BASE_URL], self);
	for (i = 0; i < n; i++) {
		time_t	 m = rows[i].updated_at > rows[i].published_at ?
		    rows[i].updated_at : rows[i].published_at;

		if (m > newest)
			newest = m;
		item = tmpl_list_add(sc, V_POSTS);
		site_set_post(c, item, &rows[i], 1);
		util_rfc3339(m, d, sizeof(d));
		tmpl_set_str(item, V_MODIFIED_ISO, d);
		post_free(&rows[i]);
	}
	util_rfc3339(newest ? newest : c->now, d, sizeof(d));
	tmpl_set_str(sc, V_FEED_UPDATED, d);
	rc = site_render(c, TMPL_FEED, sc);
	c->resp->content_type = "application/atom+xml; charset=utf-8";
	tmpl_scope_free(sc);
	return rc;
}

int
site_feed(struct ctx *c)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = site_fresh(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	st = db_stmt(&c->site->db, STMT_POST_LIST_VISIBLE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 2, FEED_ENTRIES);
	sqlite3_bind_int(st, 3, 0);
	return site_feed_render(c, st, c->site->settings.v[SET_SITE_TITLE], "/feed.xml");
}

int
site_topic_feed(struct ctx *c)
{
	sqlite3_stmt	*st;
	char		*name = NULL, *title, self[160];
	int64_t		 id;
	int		 rc;

	if ((rc = site_topic_lookup(c, &id, &name)) != 1)
		return rc == 0 ? site_error(c, 404, "There is no such topic.") : -1;
	if ((rc = site_fresh(c, 0)) != 0) {
		free(name);
		return rc == 1 ? 0 : -1;
	}
	st = db_stmt(&c->site->db, STMT_TOPIC_POSTS);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 3, FEED_ENTRIES);
	sqlite3_bind_int(st, 4, 0);
	snprintf(self, sizeof(self), "/topics/%s/feed.xml", c->cap);
	{
		struct buf	 b;

		buf_init(&b);
		buf_printf(&b, "%s: %s", c->site->settings.v[SET_SITE_TITLE], name);
		title = buf_detach(&b);
	}
	rc = site_feed_render(c, st, title, self);
	free(title);
	free(name);
	return rc;
}
