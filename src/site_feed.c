/* SPDX-License-Identifier: ISC */
/* site_feed.c: Atom 1.0 feeds with full content: /feed.xml (newest 20 articles) and
 * /topics/{slug}/feed.xml. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Where feed_add_entry() puts an entry, and the newest change so far. */
struct feed_fill {
	struct ctx		*c;
	struct tmpl_scope	*sc;
	time_t			 newest;
};

/* post_each_fn: one entry of a feed, with its full content. */
static int
feed_add_entry(const struct post *p, void *arg)
{
	struct feed_fill	*f = arg;
	struct tmpl_scope	*item = tmpl_list_add(f->sc, V_POSTS);
	char			 d[64];
	time_t			 m = p->updated_at > p->published_at ? p->updated_at :
				     p->published_at;

	if (m > f->newest)
		f->newest = m;
	if (site_set_post(f->c, item, p, SITE_POST_FEED) == -1)
		return -1;
	site_feed_extra(f->c, item, p);
	util_rfc3339(m, d, sizeof(d));
	tmpl_set_str(item, V_MODIFIED_ISO, d);
	return 0;
}

/* Renders the feed of topic "topic" (0: every article), "title" and its own path "self". */
static int
site_feed_render(struct ctx *c, int64_t topic, const char *title, const char *self)
{
	struct feed_fill	 f = { c, NULL, 0 };
	char			 d[64];
	int			 rc = -1;

	f.sc = site_scope(c);
	tmpl_set_str(f.sc, V_FEED_TITLE, title);
	tmpl_set_printf(f.sc, V_SELF_URL, "%s%s", c->site->settings.v[SET_BASE_URL], self);
	if (post_list_visible(&c->site->db, topic, c->now, 1, FEED_ENTRIES, 0, feed_add_entry,
	    &f) >= 0) {
		util_rfc3339(f.newest ? f.newest : c->now, d, sizeof(d));
		tmpl_set_str(f.sc, V_FEED_UPDATED, d);
		rc = site_render(c, TMPL_FEED, f.sc);
		c->resp->content_type = "application/atom+xml; charset=utf-8";
	}
	tmpl_scope_free(f.sc);
	return rc;
}

int
site_feed(struct ctx *c)
{
	int	 rc;

	if ((rc = site_fresh_kept(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	return site_feed_render(c, 0, c->site->settings.v[SET_SITE_TITLE], "/feed.xml");
}

int
site_topic_feed(struct ctx *c)
{
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
	if ((rc = site_fresh_kept(c, 0)) != 0) {
		free(name);
		return rc == 1 ? 0 : -1;
	}
	snprintf(self, sizeof(self), "/topics/%s/feed.xml", c->cap);
	{
		struct buf	 b;

		buf_init(&b);
		buf_printf(&b, "%s: %s", c->site->settings.v[SET_SITE_TITLE], name);
		title = buf_detach(&b);
	}
	rc = site_feed_render(c, id, title, self);
	free(title);
	free(name);
	return rc;
}
