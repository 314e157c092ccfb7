/* admin_revision_view.c: one revision of an article beside the current version: who saved it
 * and when, the fields that differ, and a line diff of the Markdown body. Read-only. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "admin.h"
#include "diff.h"
#include "tmpl.h"
#include "util.h"

/* Unchanged lines shown on each side of a change; longer unchanged runs are folded. */
#define VIEW_CONTEXT	3

/* The columns of STMT_REVISION_GET the page shows; strings owned (view_rev_free). */
struct view_rev {
	char		*title;
	char		*summary;
	char		*body;
	char		*status;
	char		*topics;
	char		*saved_by;
	long long	 version;
	time_t		 saved_at;
};

static void
view_rev_free(struct view_rev *r)
{
	free(r->title);
	free(r->summary);
	free(r->body);
	free(r->status);
	free(r->topics);
	free(r->saved_by);
}

/*
 * Lookup of revision "rev" of post "id" (another post's revision is not found): -1, 0, or 1
 * ("r" set; the caller frees it with view_rev_free()).
 */
static int
view_rev_load(struct ctx *c, int64_t id, long long rev, struct view_rev *r)
{
	sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_REVISION_GET);
	int		 rc;

	sqlite3_bind_int64(st, 1, rev);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->title = db_col_text_null(st, 2);
		r->summary = db_col_text_null(st, 3);
		r->body = db_col_text_null(st, 4);
		r->status = db_col_text_null(st, 5);
		r->topics = db_col_text_null(st, 11);
		r->version = sqlite3_column_int64(st, 12);
		r->saved_at = (time_t)sqlite3_column_int64(st, 13);
		r->saved_by = db_col_text_null(st, 14);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The current topics of post "id", joined as a revision stores them; the caller frees. */
static char *
view_topics_now(struct ctx *c, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_POST_TOPICS);
	struct buf	 t;

	buf_init(&t);
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t.len > 0)
			buf_puts(&t, ", ");
		buf_puts(&t, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return buf_detach(&t);
}

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
	struct view_rev		 r;
	struct post		 p;
	struct diff		*d = NULL;
	sqlite3_stmt		*st;
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
	st = db_stmt(&c->site->db, STMT_POST_BY_ID);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		post_from_row(st, &p);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? site_error(c, 404, "No such article.") : -1;
		goto out;
	}
	if ((rc = view_rev_load(c, id, rev, &r)) != 1) {
		rc = rc == 0 ? site_error(c, 404, "No such revision.") : -1;
		goto out;
	}

	sc = admin_scope(c, "Revision");
	tmpl_set_str(sc, V_TITLE, p.title);
	tmpl_set_printf(sc, V_VERSION, "%lld", r.version);
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

	topics = view_topics_now(c, id);
	view_change(sc, "Title", r.title, p.title);
	view_change(sc, "Summary", r.summary, p.summary);
	view_change(sc, "Status", view_status(r.status), view_status(p.status));
	view_change(sc, "Topics", r.topics, topics);

	/* The revision is the older text: its own lines were removed since, the others added. */
	if (diff_lines(r.body ? r.body : "", r.body ? strlen(r.body) : 0,
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
	view_rev_free(&r);
	post_free(&p);
	return rc;
}
