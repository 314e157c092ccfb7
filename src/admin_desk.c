/* SPDX-License-Identifier: ISC */
/* admin_desk.c: the editor's writing desk on the server side: the health-content checks
 * shown beside the text (advice, never a reason to refuse a save) and the autosave slot. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "checks.h"
#include "tmpl.h"
#include "util.h"

/*
 * Runs the enabled checks on the Markdown "md" (and on the review fields "rv", or NULL for a
 * page) and puts their advice into "sc" for admin/checks.html. A text the checks cannot read
 * (too large, not UTF-8) gets no advice: the form's own validation says what is wrong.
 */
void
desk_set_checks(struct ctx *c, struct tmpl_scope *sc, const char *md,
    const struct check_review *rv)
{
	struct check_opts	 o;
	struct check_report	 r;
	struct tmpl_scope	*fam, *n;
	size_t			 i;
	int			 f, any = 0;

	checks_opts_settings(c->site->settings.v, &o);
	o.review = rv;
	for (f = 0; f < CHECK__MAX; f++)
		any |= o.enabled[f];
	tmpl_set_bool(sc, V_CHECKS_ON, any);
	if (!any || checks_run(md, strlen(md), &o, &r) == -1)
		return;
	for (f = 0; f < CHECK__MAX; f++) {
		if (!o.enabled[f] || (f == CHECK_REVIEW && rv == NULL))
			continue;
		fam = tmpl_list_add(sc, V_CHECK_FAMILIES);
		tmpl_set_str(fam, V_FAMILY_NAME, checks_family_names[f]);
		tmpl_set_int(fam, V_FAMILY_COUNT, (long long)r.counts[f]);
		for (i = 0; i < r.nnotes; i++) {
			if (r.notes[i].family != (enum check_family)f)
				continue;
			n = tmpl_list_add(fam, V_CHECK_NOTES);
			tmpl_set_str(n, V_NOTE_TEXT, r.notes[i].text);
			tmpl_set_bool(n, V_NOTE_WARN, r.notes[i].warn);
		}
	}
	checks_free(&r);
}

/* "HH:MM" for today, else "YYYY-MM-DD HH:MM", in the site's time zone. */
static void
desk_when(const struct ctx *c, time_t t, char *out, size_t len)
{
	struct tm	 tm, now;

	localtime_r(&t, &tm);
	localtime_r(&c->now, &now);
	if (tm.tm_year == now.tm_year && tm.tm_yday == now.tm_yday)
		strftime(out, len, "%H:%M", &tm);
	else
		strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

/*
 * The editor's word on the writer's autosave slot: "offer" (or 0) is when other unsaved text
 * was kept, "restored" (or 0) when the text now in the form was.
 */
void
desk_set_autosave(struct ctx *c, struct tmpl_scope *sc, time_t offer, time_t restored)
{
	char	 when[32];

	if (offer != 0) {
		desk_when(c, offer, when, sizeof(when));
		tmpl_set_str(sc, V_AUTOSAVE_AT, when);
	}
	if (restored != 0) {
		desk_when(c, restored, when, sizeof(when));
		tmpl_set_printf(sc, V_FLASH, "Your unsaved text from %s is back in the form. "
		    "Save to keep it.", when);
	}
}

/*
 * POST /admin/articles/{id}/autosave: the editor's script sends the unsaved title, summary
 * and text every 30 s into the writer's own slot (204); with "discard", the writer empties
 * it (303 back to the editor).
 */
int
admin_article_autosave(struct ctx *c)
{
	const char	*title = admin_field(c, "title");
	const char	*summary = admin_field(c, "summary");
	const char	*body = admin_field(c, "body");
	int64_t		 id;
	int		 rc;

	if (admin_cap_id(c, &id) == -1)
		return site_error(c, 404, NULL);
	if (*admin_field(c, "discard") != '\0') {
		if (autosave_drop(&c->site->db, c->session->user_id, id) == -1)
			return -1;
		return id == 0 ? admin_see_other(c, "/admin/articles/new?done=discarded") :
		    admin_see_other(c, "/admin/articles/%lld?done=discarded", (long long)id);
	}
	/* Bytes: at most 4 per character of the editor's limits. */
	if (strlen(body) > LIMIT_MARKDOWN || strlen(title) > 4 * LIMIT_TITLE ||
	    strlen(summary) > 4 * LIMIT_SUMMARY)
		return site_error(c, 413, "The text is too large to keep.");
	if ((rc = autosave_put(&c->site->db, c->session->user_id, id, title, summary, body,
	    c->now)) == -1)
		return -1;
	if (rc == 1)
		return site_error(c, 404, "No such article.");
	c->resp->status = 204;
	c->resp->cache_control = "no-store";
	return 0;
}
