/* admin_dash.c: the dashboard (drafts, the "goes live" timeline, reviews overdue or due within
 * 30 days, recently published) and the article list by state. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

/* Adds up to "max" posts of "state" (see STMT_ADMIN_LIST) to list "list" of "sc". */
static int
admin_list_state(struct ctx *c, struct tmpl_scope *sc, int list, const char *state, int max)
{
	struct tmpl_scope	*item;
	struct post		 p;
	sqlite3_stmt		*st;
	char			 d[64];
	int			 rc, n = 0;

	st = db_stmt(&c->site->db, STMT_ADMIN_LIST);
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 3, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		post_from_row(st, &p);
		item = tmpl_list_add(sc, list);
		tmpl_set_printf(item, V_ID, "%lld", (long long)p.id);
		tmpl_set_printf(item, V_EDIT_URL, "/admin/articles/%lld", (long long)p.id);
		tmpl_set_str(item, V_TITLE, p.title);
		tmpl_set_str(item, V_SLUG, p.slug);
		tmpl_set_str(item, V_KIND, p.kind);
		tmpl_set_join(item, V_URL, post_path_prefix(p.kind), p.slug);
		if (p.deleted_at != 0)
			tmpl_set_str(item, V_STATE_LABEL, "In the trash");
		else if (strcmp(p.status, "draft") == 0)
			tmpl_set_str(item, V_STATE_LABEL, "Draft");
		else if (p.published_at > c->now)
			tmpl_set_str(item, V_STATE_LABEL, "Scheduled");
		else
			tmpl_set_str(item, V_STATE_LABEL, "Published");
		tmpl_set_bool(item, V_TRASHED, p.deleted_at != 0);
		site_date_human(p.updated_at, d, sizeof(d));
		tmpl_set_str(item, V_UPDATED_HUMAN, d);
		site_date_human(p.published_at, d, sizeof(d));
		tmpl_set_str(item, V_PUBLISHED_HUMAN, d);
		admin_local_datetime(p.published_at, d, sizeof(d));
		tmpl_set_str(item, V_PUBLISH_AT, d);
		tmpl_set_str(item, V_AT_HUMAN, d + 11);
		tmpl_set_bool(item, V_IS_PUBLISHED, p.deleted_at == 0 &&
		    strcmp(p.status, "published") == 0 && p.published_at <= c->now);
		if (p.review_due_date != NULL) {
			tmpl_set_str(item, V_REVIEW_DUE_DATE, p.review_due_date);
			site_day_human(p.review_due_date, d, sizeof(d));
			tmpl_set_str(item, V_REVIEW_DUE_HUMAN, d);
		}
		post_free(&p);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(c->site->db.conn));
		return -1;
	}
	return n;
}

static int
admin_reviews(struct ctx *c, struct tmpl_scope *sc)
{
	struct tmpl_scope	*item;
	struct post		 p;
	sqlite3_stmt		*st;
	struct tm		 tm;
	time_t			 soon = c->now + 30 * 86400;
	char			 limit[16], today[16], d[64];
	int			 rc;

	localtime_r(&soon, &tm);
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	localtime_r(&c->now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	st = db_stmt(&c->site->db, STMT_ADMIN_REVIEWS);
	sqlite3_bind_text(st, 1, limit, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		post_from_row(st, &p);
		item = tmpl_list_add(sc, V_REVIEWS);
		tmpl_set_printf(item, V_EDIT_URL, "/admin/articles/%lld", (long long)p.id);
		tmpl_set_str(item, V_TITLE, p.title);
		tmpl_set_str(item, V_REVIEW_DUE_DATE, p.review_due_date);
		site_day_human(p.review_due_date, d, sizeof(d));
		tmpl_set_str(item, V_REVIEW_DUE_HUMAN, d);
		tmpl_set_bool(item, V_OVERDUE, strcmp(p.review_due_date, today) < 0);
		tmpl_set_str(item, V_REVIEWER, p.reviewer);
		post_free(&p);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
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
