/* SPDX-License-Identifier: ISC */
/* admin_common.c: what the staff screens share: the layout's values (who is logged in, the
 * CSRF token every form carries, the "done" notice after a post/redirect/get), form fields,
 * and the 303 answer of a successful POST. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

/* Notices after a successful POST, by the ?done= word; no visitor text is ever echoed. */
static const struct {
	const char	*word;
	const char	*text;
} admin_notices[] = {
	{ "saved",	"Saved." },
	{ "created",	"Created." },
	{ "trashed",	"Moved to the trash. You can restore it from there." },
	{ "restored",	"Restored from the trash." },
	{ "reverted",	"The earlier revision was restored as a new revision." },
	{ "emptied",	"The trash was emptied." },
	{ "uploaded",	"Uploaded. Copy the Markdown snippet into an article." },
	{ "alt",	"Alt text saved." },
	{ "settings",	"Settings saved." },
	{ "user",	"User saved." },
	{ "deleted",	"Deleted." },
	{ "password",	"Password changed. Please log in with the new one." },
	{ "logout",	"You are logged out." },
	{ "redirect",	"Redirect saved." },
	{ "discarded",	"The unsaved text was discarded." },
};

/* A root scope for a staff screen; the caller frees it. */
struct tmpl_scope *
admin_scope(struct ctx *c, const char *title)
{
	struct tmpl_scope	*sc = site_scope(c);
	const char		*done = query_get(&c->req->query, "done");
	size_t			 i;

	tmpl_set_str(sc, V_PAGE_TITLE, title);
	if (c->session != NULL) {
		tmpl_set_str(sc, V_USER_NAME, c->session->user);
		tmpl_set_bool(sc, V_IS_ADMIN, c->session->role == ROLE_ADMIN);
		tmpl_set_str(sc, V_CSRF, c->session->csrf);
	}
	if (done != NULL)
		for (i = 0; i < sizeof(admin_notices) / sizeof(admin_notices[0]); i++)
			if (strcmp(done, admin_notices[i].word) == 0)
				tmpl_set_str(sc, V_FLASH, admin_notices[i].text);
	return sc;
}

/* Renders a staff screen with "status"; staff pages are never cached. Returns 0 or -1. */
int
admin_render(struct ctx *c, enum tmpl_file file, struct tmpl_scope *sc, int status)
{
	c->resp->status = status;
	c->resp->cache_control = "no-store";
	return site_render(c, file, sc);
}

/* Answers a successful POST with 303 See Other to a local URL (post/redirect/get). */
int
admin_see_other(struct ctx *c, const char *fmt, ...)
{
	char	 loc[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(loc, sizeof(loc), fmt, ap);
	va_end(ap);
	resp_redirect(c->resp, 303, loc);
	c->resp->cache_control = "no-store";
	return 0;
}

/* Marks a throttled answer (429) with the seconds to wait. */
void
admin_retry_after(struct ctx *c, long wait)
{
	char	 ra[32];

	snprintf(ra, sizeof(ra), "%ld", wait);
	resp_header(c->resp, "Retry-After", ra);
}

/* A field of the POSTed form, or "" when absent. Borrowed from the request. */
const char *
admin_field(const struct ctx *c, const char *name)
{
	const char	*v = query_get(&c->form, name);

	return v != NULL ? v : "";
}

/* Parses the route's {id}. Returns 0 with "id" set (0 allowed), or -1. */
int
admin_cap_id(const struct ctx *c, int64_t *id)
{
	long long	 n;

	if (c->cap == NULL || util_parse_ll(c->cap, 0, 1LL << 53, &n) == -1)
		return -1;
	*id = n;
	return 0;
}

/* "YYYY-MM-DDTHH:MM" in the site's time zone, as <input type="datetime-local"> wants. */
void
admin_local_datetime(time_t t, char *out, size_t len)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}
