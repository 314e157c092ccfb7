/* site_feed.c: Atom 1.0 feeds with full content: /feed.xml (newest 20 articles) and
 * /topics/{slug}/feed.xml. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "html.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

#define FEED_ENTRIES	20

/*
 * The review line and disclaimer appended to each entry's HTML content. Built here as
 * escaped HTML, so the template's XML escaping on top gives the double escaping that
 * content type="html" needs: a feed reader must see text, never markup, from these values.
 */
static void
site_feed_extra(struct ctx *c, struct tmpl_scope *item, const struct post *p)
{
	const char	*disc = c->site->settings.v[SET_DISCLAIMER];
	struct buf	 b;
	char		 d[64];

	buf_init(&b);
	if (*p->reviewer != '\0') {
		buf_puts(&b, "<p><em>Medically reviewed by ");
		html_escape(&b, p->reviewer, strlen(p->reviewer));
		if (p->reviewed_date != NULL) {
			site_day_human(p->reviewed_date, d, sizeof(d));
			buf_puts(&b, " on ");
			html_escape(&b, d, strlen(d));
		}
		buf_puts(&b, ".</em></p>");
	}
	buf_puts(&b, "<p>");
	html_escape(&b, disc, strlen(disc));
	buf_puts(&b, "</p>");
	tmpl_set_strn(item, V_FEED_EXTRA, b.data, b.len);
	buf_free(&b);
}

/* Renders the feed from "st" (bound by the caller), "title" and its own path "self". */
static int
site_feed_render(struct ctx *c, sqlite3_stmt *st, const char *title, const char *self)
{
	struct tmpl_scope	*sc, *item;
	struct post		 rows[FEED_ENTRIES];
	char			 d[64];
	time_t			 newest = 0;
	int			 n = 0, i, rc = 0, err = 0;

	while (n < FEED_ENTRIES && (rc = db_step(st, __func__)) == 1)
		post_from_row(st, &rows[n++]);
	sqlite3_reset(st);
	if (rc == -1) {
		for (i = 0; i < n; i++)
			post_free(&rows[i]);
		return -1;
	}
	sc = site_scope(c);
	tmpl_set_str(sc, V_FEED_TITLE, title);
	tmpl_set_printf(sc, V_SELF_URL, "%s%s", c->site->settings.v[SET_BASE_URL], self);
	for (i = 0; i < n; i++) {
		time_t	 m = rows[i].updated_at > rows[i].published_at ?
		    rows[i].updated_at : rows[i].published_at;

		if (m > newest)
			newest = m;
		item = tmpl_list_add(sc, V_POSTS);
		if (!err && site_set_post(c, item, &rows[i], 1) == 0) {
			site_feed_extra(c, item, &rows[i]);
			util_rfc3339(m, d, sizeof(d));
			tmpl_set_str(item, V_MODIFIED_ISO, d);
		} else
			err = 1;
		post_free(&rows[i]);
	}
	if (err) {
		tmpl_scope_free(sc);
		return -1;
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

	if ((rc = site_fresh_list(c)) != 0)
		return rc == 1 ? 0 : -1;
	st = db_stmt(&c->site->db, STMT_FEED_VISIBLE);
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
	/* As on the topic page: a topic with nothing visible does not exist yet. */
	if (site_count_visible(c, id) <= 0) {
		free(name);
		return site_error(c, 404, "There is no such topic.");
	}
	if ((rc = site_fresh_list(c)) != 0) {
		free(name);
		return rc == 1 ? 0 : -1;
	}
	st = db_stmt(&c->site->db, STMT_TOPIC_FEED);
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
