/* SPDX-License-Identifier: ISC */
/* admin_revision_view.c: one revision of an article beside the current version: who saved it
 * and when, the fields that differ, and a line diff of the Markdown body. Read-only. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "diff.h"
#include "tmpl.h"
#include "util.h"

/* Unchanged lines shown on each side of a change; longer unchanged runs are folded. */
#define VIEW_CONTEXT	3

/* The status as the revisions list words it. */
static const char *
view_status(const char *s)
{
	return s != NULL && strcmp(s, "draft") == 0 ? "Draft" : "Published";
}

/* Adds a "was → now" row for field "label" when the values differ; NULL counts as "". */
static void
view_change(struct tmpl_scope *sc, const char *label, const char *was, const char *now)
{
	struct tmpl_scope	*item;

	was = was ? was : "";
	now = now ? now : "";
	if (strcmp(was, now) == 0)
		return;
	item = tmpl_list_add(sc, V_CHANGES);
	tmpl_set_str(item, V_FIELD_LABEL, label);
	tmpl_set_str(item, V_WAS, *was ? was : "(empty)");
	tmpl_set_str(item, V_NOW, *now ? now : "(empty)");
}

/* Adds op "op" of "d" as one V_DIFF item: its text, its kind and its line numbers (1-based). */
static void
view_line(struct tmpl_scope *sc, const struct diff *d, const struct diff_op *op)
{
	struct tmpl_scope	*item = tmpl_list_add(sc, V_DIFF);
	const struct diff_line	*l = op->kind == DIFF_ADD ? &d->b[op->b_line] : &d->a[op->a_line];

	tmpl_set_strn(item, V_LINE, l->s, l->len);
	tmpl_set_bool(item, V_IS_ADD, op->kind == DIFF_ADD);
	tmpl_set_bool(item, V_IS_DEL, op->kind == DIFF_DEL);
	if (op->kind != DIFF_ADD)
		tmpl_set_printf(item, V_OLD_NO, "%zu", op->a_line + 1);
	if (op->kind != DIFF_DEL)
		tmpl_set_printf(item, V_NEW_NO, "%zu", op->b_line + 1);
}

/*
 * Lists the ops of "d" as V_DIFF items, keeping VIEW_CONTEXT unchanged lines around each
 * change and folding longer unchanged runs into one item (V_IS_SKIP, V_COUNT). A fold of a
 * single line would hide nothing worth hiding, so that line is shown instead.
 */
static void
view_diff(struct tmpl_scope *sc, const struct diff *d)
{
	struct tmpl_scope	*item;
	unsigned char		*keep;
	size_t			 i, j, k, lo, hi;

	keep = xcalloc(d->nops + 1, 1);
	for (i = 0; i < d->nops; i++) {
		if (d->ops[i].kind == DIFF_EQUAL)
			continue;
		lo = i > VIEW_CONTEXT ? i - VIEW_CONTEXT : 0;
		hi = i + VIEW_CONTEXT < d->nops ? i + VIEW_CONTEXT : d->nops - 1;
		for (k = lo; k <= hi; k++)
			keep[k] = 1;
	}
	for (i = 0; i < d->nops;) {
		for (j = i; j < d->nops && !keep[j]; j++)
			;
		if (j - i >= 2) {
			item = tmpl_list_add(sc, V_DIFF);
			tmpl_set_bool(item, V_IS_SKIP, 1);
			tmpl_set_printf(item, V_COUNT, "%zu", j - i);
			i = j;
			continue;
		}
		view_line(sc, d, &d->ops[i++]);
	}
	free(keep);
}

/* GET /admin/articles/{id}/revisions/{rev}: 404 unless {rev} is a revision of {id}. */
int
admin_revision_view(struct ctx *c)
{
	struct tmpl_scope	*sc = NULL;
	struct revision		 r;
	struct post		 p;
	struct diff		*d = NULL;
	char			 day[64], *topics = NULL;
	long long		 rev;
	int64_t			 id;
	int			 rc;
	size_t			 i;

	/* Zeroed so that "out" may free both whatever was loaded. */
	memset(&r, 0, sizeof(r));
	memset(&p, 0, sizeof(p));
	if (admin_cap_id(c, &id) == -1 || id == 0 || c->cap2 == NULL ||
	    util_parse_ll(c->cap2, 1, 1LL << 53, &rev) == -1)
		return site_error(c, 404, NULL);
	if ((rc = post_load_by_id(&c->site->db, id, &p)) != 1) {
		rc = rc == 0 ? site_error(c, 404, "No such article.") : -1;
		goto out;
	}
	if ((rc = revision_get(&c->site->db, id, rev, &r)) != 1) {
		rc = rc == 0 ? site_error(c, 404, "No such revision.") : -1;
		goto out;
	}

	sc = admin_scope(c, "Revision");
	tmpl_set_str(sc, V_TITLE, p.title);
	tmpl_set_printf(sc, V_VERSION, "%lld", (long long)r.version);
	tmpl_set_printf(sc, V_CURRENT_VERSION, "%lld", (long long)p.version);
	tmpl_set_bool(sc, V_IS_CURRENT, r.version == p.version);
	site_date_human(r.saved_at, day, sizeof(day));
	tmpl_set_str(sc, V_SAVED_HUMAN, day);
	admin_local_datetime(r.saved_at, day, sizeof(day));
	tmpl_set_str(sc, V_AT_HUMAN, day + 11);
	tmpl_set_str(sc, V_SAVED_BY, r.saved_by ? r.saved_by : "");
	tmpl_set_printf(sc, V_EDIT_URL, "/admin/articles/%lld", (long long)id);
	tmpl_set_printf(sc, V_REVISIONS_URL, "/admin/articles/%lld/revisions", (long long)id);
	tmpl_set_printf(sc, V_RESTORE_URL, "/admin/articles/%lld/revisions/%lld/restore",
	    (long long)id, rev);

	if ((topics = post_topics_joined(&c->site->db, id)) == NULL) {
		rc = -1;
		goto out;
	}
	view_change(sc, "Title", r.title, p.title);
	view_change(sc, "Summary", r.summary, p.summary);
	view_change(sc, "Status", view_status(r.status), view_status(p.status));
	view_change(sc, "Topics", r.topics, topics);

	/* The revision is the older text: its own lines were removed since, the others added. */
	if (diff_lines(r.body_md ? r.body_md : "", r.body_md ? strlen(r.body_md) : 0,
	    p.body_md ? p.body_md : "", p.body_md ? strlen(p.body_md) : 0, &d) != DIFF_OK)
		tmpl_set_bool(sc, V_TOO_DIFFERENT, 1);
	else {
		for (i = 0; i < d->nops && d->ops[i].kind == DIFF_EQUAL; i++)
			;
		if (i == d->nops)
			tmpl_set_bool(sc, V_SAME_BODY, 1);
		else
			view_diff(sc, d);
	}
	rc = admin_render(c, TMPL_ADMIN_REVISION, sc, 200);
out:
	diff_free(d);
	tmpl_scope_free(sc);
	free(topics);
	revision_free(&r);
	post_free(&p);
	return rc;
}
