/* SPDX-License-Identifier: ISC */
/* admin_revisions.c: an article's revisions (append-only: one per save) and restoring one,
 * which saves its text as a new revision, so restoring never loses the newer text either. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

int
admin_revisions(struct ctx *c)
{
	struct tmpl_scope	*sc, *item;
	struct revision		*v;
	char			 d[64];
	int64_t			 id;
	size_t			 n, i;
	int			 rc;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return site_error(c, 404, NULL);
	if (revision_list(&c->site->db, id, &v, &n) == -1)
		return -1;
	if (n == 0) {
		revision_list_free(v, n);
		return site_error(c, 404, "No such article.");
	}
	sc = admin_scope(c, "Revisions");
	tmpl_set_printf(sc, V_ID, "%lld", (long long)id);
	tmpl_set_printf(sc, V_EDIT_URL, "/admin/articles/%lld", (long long)id);
	for (i = 0; i < n; i++) {
		item = tmpl_list_add(sc, V_REVISIONS);
		tmpl_set_printf(item, V_VERSION, "%lld", (long long)v[i].version);
		site_date_human(v[i].saved_at, d, sizeof(d));
		tmpl_set_str(item, V_SAVED_HUMAN, d);
		admin_local_datetime(v[i].saved_at, d, sizeof(d));
		tmpl_set_str(item, V_AT_HUMAN, d + 11);
		tmpl_set_str(item, V_SAVED_BY, v[i].saved_by);
		tmpl_set_str(item, V_TITLE, v[i].title);
		tmpl_set_str(item, V_STATUS, v[i].status != NULL &&
		    strcmp(v[i].status, "draft") == 0 ? "Draft" : "Published");
		tmpl_set_printf(item, V_VIEW_URL, "/admin/articles/%lld/revisions/%lld",
		    (long long)id, (long long)v[i].id);
		tmpl_set_printf(item, V_RESTORE_URL,
		    "/admin/articles/%lld/revisions/%lld/restore", (long long)id,
		    (long long)v[i].id);
		tmpl_set_bool(item, V_IS_CURRENT, i == 0);
	}
	rc = admin_render(c, TMPL_ADMIN_REVISIONS, sc, 200);
	tmpl_scope_free(sc);
	revision_list_free(v, n);
	return rc;
}

int
admin_revision_restore(struct ctx *c)
{
	long long		 rev;
	int64_t			 id, out;
	enum post_save_result	 r;

	if (admin_cap_id(c, &id) == -1 || id == 0 || c->cap2 == NULL ||
	    util_parse_ll(c->cap2, 1, 1LL << 53, &rev) == -1)
		return site_error(c, 404, NULL);
	r = revision_restore(&c->site->db, id, rev, c->session->user, c->now, &out);
	if (r == POST_SAVE_GONE)
		return site_error(c, 404, "No such revision.");
	if (r != POST_SAVED_UPDATE)
		return -1;
	return admin_see_other(c, "/admin/articles/%lld?done=reverted", (long long)id);
}
