/* SPDX-License-Identifier: ISC */
/* admin_dash.c: the dashboard (drafts, the "goes live" timeline, reviews overdue or due within
 * 30 days, recently published) and the article list by state. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

/* Where a list of posts goes: the request, its scope, and the scope's list. */
struct dash_list {
	struct ctx		*c;
	struct tmpl_scope	*sc;
	int			 list;
	char			 today[16];
};

/* post_each_fn: one post of a staff list. */
static int
dash_add_post(const struct post *p, void *arg)
{
	struct dash_list	*dl = arg;
	struct ctx		*c = dl->c;
	struct tmpl_scope	*item;
	char			 d[64];

	item = tmpl_list_add(dl->sc, dl->list);
	tmpl_set_printf(item, V_ID, "%lld", (long long)p->id);
	tmpl_set_printf(item, V_EDIT_URL, "/admin/articles/%lld", (long long)p->id);
	tmpl_set_str(item, V_TITLE, p->title);
	tmpl_set_str(item, V_SLUG, p->slug);
	tmpl_set_str(item, V_KIND, p->kind);
	tmpl_set_join(item, V_URL, post_path_prefix(p->kind), p->slug);
	if (p->deleted_at != 0)
		tmpl_set_str(item, V_STATE_LABEL, "In the trash");
	else if (strcmp(p->status, "draft") == 0)
		tmpl_set_str(item, V_STATE_LABEL, "Draft");
	else if (p->published_at > c->now)
		tmpl_set_str(item, V_STATE_LABEL, "Scheduled");
	else
		tmpl_set_str(item, V_STATE_LABEL, "Published");
	tmpl_set_bool(item, V_TRASHED, p->deleted_at != 0);
	site_date_human(p->updated_at, d, sizeof(d));
	tmpl_set_str(item, V_UPDATED_HUMAN, d);
	site_date_human(p->published_at, d, sizeof(d));
	tmpl_set_str(item, V_PUBLISHED_HUMAN, d);
	admin_local_datetime(p->published_at, d, sizeof(d));
	tmpl_set_str(item, V_PUBLISH_AT, d);
	tmpl_set_str(item, V_AT_HUMAN, d + 11);
	tmpl_set_bool(item, V_IS_PUBLISHED, p->deleted_at == 0 &&
	    strcmp(p->status, "published") == 0 && p->published_at <= c->now);
	if (p->review_due_date != NULL) {
		tmpl_set_str(item, V_REVIEW_DUE_DATE, p->review_due_date);
		site_day_human(p->review_due_date, d, sizeof(d));
		tmpl_set_str(item, V_REVIEW_DUE_HUMAN, d);
	}
	return 0;
}

/* Adds up to "max" posts of "state" (see post_list_staff) to list "list" of "sc". */
static int
admin_list_state(struct ctx *c, struct tmpl_scope *sc, int list, const char *state, int max)
{
	struct dash_list	 dl = { c, sc, list, "" };

	return post_list_staff(&c->site->db, state, c->now, max, dash_add_post, &dl);
}

/* post_each_fn: one review due. */
static int
dash_add_review(const struct post *p, void *arg)
{
	struct dash_list	*dl = arg;
	struct tmpl_scope	*item = tmpl_list_add(dl->sc, V_REVIEWS);
	char			 d[64];

	tmpl_set_printf(item, V_EDIT_URL, "/admin/articles/%lld", (long long)p->id);
	tmpl_set_str(item, V_TITLE, p->title);
	tmpl_set_str(item, V_REVIEW_DUE_DATE, p->review_due_date);
	site_day_human(p->review_due_date, d, sizeof(d));
	tmpl_set_str(item, V_REVIEW_DUE_HUMAN, d);
	tmpl_set_bool(item, V_OVERDUE, strcmp(p->review_due_date, dl->today) < 0);
	tmpl_set_str(item, V_REVIEWER, p->reviewer);
	return 0;
}

static int
admin_reviews(struct ctx *c, struct tmpl_scope *sc)
{
	struct dash_list	 dl = { c, sc, V_REVIEWS, "" };
	struct tm		 tm;
	time_t			 soon = c->now + 30 * 86400;
	char			 limit[16];

	localtime_r(&soon, &tm);
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	localtime_r(&c->now, &tm);
	strftime(dl.today, sizeof(dl.today), "%Y-%m-%d", &tm);
	return post_list_reviews_due(&c->site->db, limit, dash_add_review, &dl) == -1 ? -1 : 0;
}

int
admin_dashboard(struct ctx *c)
{
	struct tmpl_scope	*sc = admin_scope(c, "Dashboard");
	int			 rc = -1;

	if (admin_list_state(c, sc, V_DRAFTS, "draft", 20) >= 0 &&
	    admin_list_state(c, sc, V_SCHEDULED, "scheduled", 20) >= 0 &&
	    admin_reviews(c, sc) == 0 &&
	    admin_list_state(c, sc, V_RECENT, "published", 10) >= 0)
		rc = admin_render(c, TMPL_ADMIN_DASHBOARD, sc, 200);
	tmpl_scope_free(sc);
	return rc;
}

int
admin_articles(struct ctx *c)
{
	static const char *const states[][2] = {
		{ "all", "All" }, { "draft", "Drafts" }, { "scheduled", "Scheduled" },
		{ "published", "Published" }, { "trash", "Trash" },
	};
	struct tmpl_scope	*sc, *tab;
	const char		*state = query_get(&c->req->query, "state");
	size_t			 i, found = 0;
	int			 rc = -1;

	if (state == NULL)
		state = "all";
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(state, states[i][0]) == 0)
			found = 1;
	if (!found)
		return site_error(c, 400, "Unknown state: use draft, scheduled, "
		    "published or trash.");
	sc = admin_scope(c, "Articles");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		tab = tmpl_list_add(sc, V_TABS);
		tmpl_set_str(tab, V_TAB_LABEL, states[i][1]);
		tmpl_set_printf(tab, V_TAB_URL, "/admin/articles?state=%s", states[i][0]);
		tmpl_set_bool(tab, V_TAB_CURRENT, strcmp(state, states[i][0]) == 0);
	}
	tmpl_set_bool(sc, V_IS_TRASH_TAB, strcmp(state, "trash") == 0);
	if (admin_list_state(c, sc, V_POSTS, state, 500) >= 0)
		rc = admin_render(c, TMPL_ADMIN_ARTICLES, sc, 200);
	tmpl_scope_free(sc);
	return rc;
}
