/* admin_revisions.c: an article's revisions (append-only: one per save) and restoring one,
 * which saves its text as a new revision, so restoring never loses the newer text either. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

int
admin_revisions(struct ctx *c)
{
	struct tmpl_scope	*sc, *item;
	sqlite3_stmt		*st;
	char			 d[64];
	int64_t			 id;
	int			 rc, first = 1;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return site_error(c, 404, NULL);
	sc = admin_scope(c, "Revisions");
	tmpl_set_printf(sc, V_ID, "%lld", (long long)id);
	tmpl_set_printf(sc, V_EDIT_URL, "/admin/articles/%lld", (long long)id);
	st = db_stmt(&c->site->db, STMT_REVISIONS_OF);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long rid = sqlite3_column_int64(st, 0);

		item = tmpl_list_add(sc, V_REVISIONS);
		tmpl_set_printf(item, V_VERSION, "%lld",
		    (long long)sqlite3_column_int64(st, 1));
		site_date_human((time_t)sqlite3_column_int64(st, 2), d, sizeof(d));
		tmpl_set_str(item, V_SAVED_HUMAN, d);
		admin_local_datetime((time_t)sqlite3_column_int64(st, 2), d, sizeof(d));
		tmpl_set_str(item, V_AT_HUMAN, d + 11);
		tmpl_set_str(item, V_SAVED_BY, (const char *)sqlite3_column_text(st, 3));
		tmpl_set_str(item, V_TITLE, (const char *)sqlite3_column_text(st, 4));
		tmpl_set_str(item, V_STATUS, strcmp((const char *)sqlite3_column_text(st, 5),
		    "draft") == 0 ? "Draft" : "Published");
		tmpl_set_printf(item, V_VIEW_URL, "/admin/articles/%lld/revisions/%lld",
		    (long long)id, rid);
		tmpl_set_printf(item, V_RESTORE_URL,
		    "/admin/articles/%lld/revisions/%lld/restore", (long long)id, rid);
		tmpl_set_bool(item, V_IS_CURRENT, first);
		first = 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || first)
		rc = first && rc == SQLITE_DONE ? site_error(c, 404, "No such article.") : -1;
	else
		rc = admin_render(c, TMPL_ADMIN_REVISIONS, sc, 200);
	tmpl_scope_free(sc);
	return rc;
}

int
admin_revision_restore(struct ctx *c)
{
	struct post_input	 in;
	sqlite3_stmt		*st;
	char			*f[12], **topics = NULL, *p, *t;
	size_t			 ntopics = 0, i;
	long long		 rev;
	int64_t			 id, out;
	int			 rc;
	enum post_save_result	 r;

	if (admin_cap_id(c, &id) == -1 || id == 0 || c->cap2 == NULL ||
	    util_parse_ll(c->cap2, 1, 1LL << 53, &rev) == -1)
		return site_error(c, 404, NULL);
	st = db_stmt(&c->site->db, STMT_REVISION_GET);
	sqlite3_bind_int64(st, 1, rev);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? site_error(c, 404, "No such revision.") : -1;
	}
	for (i = 0; i < 12; i++)
		f[i] = i == 6 ? NULL : db_col_text_null(st, (int)i);
	memset(&in, 0, sizeof(in));
	in.published_at = (time_t)sqlite3_column_int64(st, 6);
	sqlite3_reset(st);
	in.kind = f[0];
	in.slug = f[1];
	in.title = f[2];
	in.summary = f[3] ? f[3] : "";
	in.body_md = f[4] ? f[4] : "";
	in.body_len = strlen(in.body_md);
	in.status = f[5];
	in.author = f[7] ? f[7] : "";
	in.reviewer = f[8] ? f[8] : "";
	in.reviewed_date = f[9];
	in.review_due_date = f[10];
	for (p = f[11]; p != NULL && (t = strsep(&p, ",")) != NULL;) {
		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		topics = xrealloc(topics, (ntopics + 1) * sizeof(*topics));
		topics[ntopics++] = t;
	}
	in.topics = topics;
	in.ntopics = ntopics;
	in.substantive = 1;
	in.saved_by = c->session->user;
	/* The old slug may have been taken since; then keep the current one. */
	r = post_save(&c->site->db, id, -1, &in, c->now, &out);
	if (r == POST_SAVE_SLUG_TAKEN) {
		struct post	 cur;

		sqlite3_stmt *s2 = db_stmt(&c->site->db, STMT_POST_BY_ID);
		sqlite3_bind_int64(s2, 1, id);
		if (sqlite3_step(s2) == SQLITE_ROW) {
			post_from_row(s2, &cur);
			sqlite3_reset(s2);
			in.slug = cur.slug;
			r = post_save(&c->site->db, id, -1, &in, c->now, &out);
			post_free(&cur);
		} else
			sqlite3_reset(s2);
	}
	free(topics);
	for (i = 0; i < 12; i++)
		free(f[i]);
	if (r == POST_SAVE_GONE)
		return site_error(c, 404, "No such article.");
	if (r != POST_SAVED_UPDATE)
		return -1;
	return admin_see_other(c, "/admin/articles/%lld?done=reverted", (long long)id);
}
