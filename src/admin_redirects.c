/* SPDX-License-Identifier: ISC */
/* admin_redirects.c: stored 301 redirects (old addresses from a previous site, for instance;
 * to another site only by an admin), and the audit log (admins only): who did what, when. */
#include "config.h"

#include <string.h>

#include "admin.h"
#include "origin.h"
#include "tmpl.h"
#include "util.h"

/* redirect_each_fn: one row of the Redirects screen. */
static int
redirects_add(const char *from, const char *to, void *arg)
{
	struct tmpl_scope	*item = tmpl_list_add(arg, V_REDIRECTS);

	tmpl_set_str(item, V_FROM, from);
	tmpl_set_str(item, V_TO, to);
	return 0;
}

static int
redirects_page(struct ctx *c, int status, const char *error)
{
	struct tmpl_scope	*sc;
	int			 rc;

	sc = admin_scope(c, "Redirects");
	tmpl_set_str(sc, V_FORM_ERROR, error);
	if (c->req->method == METHOD_POST) {
		tmpl_set_str(sc, V_FROM, admin_field(c, "from"));
		tmpl_set_str(sc, V_TO, admin_field(c, "to"));
	}
	rc = redirect_list(&c->site->db, redirects_add, sc) == -1 ? -1 :
	    admin_render(c, TMPL_ADMIN_REDIRECTS, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/* A local path: starts with one '/', no spaces, quotes, angle brackets or control bytes. */
static int
redirect_path_ok(const char *p)
{
	size_t	 i, n = strlen(p);

	if (n < 1 || n > 1000 || p[0] != '/' || (n > 1 && p[1] == '/'))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= 0x20 || p[i] == '"' || p[i] == '<' ||
		    p[i] == '>' || p[i] == '\\' || p[i] == 0x7f)
			return 0;
	return 1;
}

/* A target: a local path, or an http(s) address with a host and no unsafe bytes. */
static int
redirect_target_ok(const char *to)
{
	const char	*rest;

	if (redirect_path_ok(to))
		return 1;
	if (strncmp(to, "https://", 8) == 0)
		rest = to + 8;
	else if (strncmp(to, "http://", 7) == 0)
		rest = to + 7;
	else
		return 0;
	if (*rest == '\0' || *rest == '/')
		return 0;
	/* The same byte rules as a path, applied to host and path together. */
	return strlen(rest) < 1000 && redirect_path_ok(to + (rest - to) - 1);
}

/*
 * Whether "to" (a target redirect_target_ok() accepted) stays on this site: a local path, or
 * an absolute address of this site's origin. A redirect elsewhere would put a link to any
 * site under the clinic's own name, so only admins may add one.
 */
static int
redirect_same_site(const struct ctx *c, const char *to)
{
	char	 origin[ORIGIN_MAX + 1];
	size_t	 skip, n;

	if (redirect_path_ok(to))
		return 1;
	/* The origin is the address up to the first '/' after "scheme://". */
	skip = strncmp(to, "https://", 8) == 0 ? 8 : 7;
	n = skip + strcspn(to + skip, "/?#");
	if (n > ORIGIN_MAX)
		return 0;
	memcpy(origin, to, n);
	origin[n] = '\0';
	return site_own_origin(c, origin);
}

int
admin_redirects(struct ctx *c)
{
	const char	*action = admin_field(c, "action");
	const char	*from = admin_field(c, "from"), *to = admin_field(c, "to");
	int		 del;

	if (c->req->method != METHOD_POST)
		return redirects_page(c, 200, NULL);
	del = strcmp(action, "delete") == 0;
	if (!redirect_path_ok(from))
		return redirects_page(c, 400, "The old address must be a path on "
		    "this site, such as /old-page.html.");
	if (!del && !redirect_target_ok(to))
		return redirects_page(c, 400, "The new address must be a path on "
		    "this site or an https:// address.");
	if (!del && strcmp(from, to) == 0)
		return redirects_page(c, 400, "A redirect to itself would loop.");
	if (!del && c->session->role != ROLE_ADMIN && !redirect_same_site(c, to))
		return redirects_page(c, 403, "Only an administrator may add a redirect "
		    "to another site.");
	if (redirect_set(&c->site->db, from, del ? NULL : to, c->session->user, c->now) == -1)
		return -1;
	return admin_see_other(c, "/admin/redirects?done=%s", del ? "deleted" :
	    "redirect");
}

/* audit_each_fn: one line of the audit log. */
static int
audit_add(const struct audit_entry *e, void *arg)
{
	struct tmpl_scope	*item = tmpl_list_add(arg, V_AUDIT);
	char			 d[64], t[32];

	site_date_human(e->at, d, sizeof(d));
	admin_local_datetime(e->at, t, sizeof(t));
	tmpl_set_printf(item, V_AT_HUMAN, "%s %s", d, t + 11);
	tmpl_set_str(item, V_WHO, e->who);
	tmpl_set_str(item, V_ACTION, e->action);
	tmpl_set_str(item, V_TARGET, e->target);
	tmpl_set_str(item, V_DETAIL, e->detail);
	return 0;
}

int
admin_audit(struct ctx *c)
{
	struct tmpl_scope	*sc = admin_scope(c, "Audit log");
	int			 rc;

	rc = audit_list(&c->site->db, audit_add, sc) == -1 ? -1 :
	    admin_render(c, TMPL_ADMIN_AUDIT, sc, 200);
	tmpl_scope_free(sc);
	return rc;
}
