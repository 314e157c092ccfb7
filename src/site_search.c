/* SPDX-License-Identifier: ISC */
/* site_search.c: /search?q=: full-text search over visible articles and pages, ranked, with
 * highlighted snippets. What the visitor typed is never FTS5 syntax (search.c). */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "html.h"
#include "search.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Adds the result with rowid "id" to "sc"; 0 (also when it went meanwhile) or -1. */
static int
site_search_row(struct ctx *c, struct tmpl_scope *sc, const char *fts, int64_t id,
    struct buf *b)
{
	struct tmpl_scope	*item = NULL;
	sqlite3_stmt		*st = db_stmt(&c->site->db, STMT_SEARCH_ROW);
	char			 d[64];
	int			 rc;

	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	if ((rc = db_step(st, __func__)) == 1) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *snip = (const char *)sqlite3_column_text(st, 4);

		item = tmpl_list_add(sc, V_RESULTS);
		tmpl_set_str(item, V_TITLE, (const char *)sqlite3_column_text(st, 2));
		tmpl_set_join(item, V_URL, post_path_prefix(kind), slug);
		tmpl_set_str(item, V_SUMMARY,
		    (const char *)sqlite3_column_text(st, 5));
		site_date_human((time_t)sqlite3_column_int64(st, 3), d, sizeof(d));
		tmpl_set_str(item, V_PUBLISHED_HUMAN, d);
		util_rfc3339((time_t)sqlite3_column_int64(st, 3), d, sizeof(d));
		tmpl_set_str(item, V_PUBLISHED_ISO, d);
		buf_reset(b);
		search_snippet_html(b, snip ? snip : "");
		tmpl_set_strn(item, V_SNIPPET_HTML, b->data ? b->data : "", b->len);
	}
	sqlite3_reset(st);
	if (item != NULL && site_set_featured(c, item, id, 0) == -1)
		return -1;
	return rc == -1 ? -1 : 0;
}

static int
site_search_results(struct ctx *c, struct tmpl_scope *sc, const char *fts,
    long long page, const char *q)
{
	struct db		*db = &c->site->db;
	struct buf		 b, extra;
	sqlite3_stmt		*st;
	int64_t			 ids[PAGE_SIZE_POSTS];
	long long		 total = 0;
	int			 rc, i, n = 0;

	/* The page's rows and the number of all matches, in one ranking pass. */
	st = db_stmt(db, STMT_SEARCH_PAGE);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 3, PAGE_SIZE_POSTS);
	sqlite3_bind_int64(st, 4, (page - 1) * PAGE_SIZE_POSTS);
	sqlite3_bind_int(st, 5, SEARCH_MAX_RANKED + 1);
	rc = 0;
	while (n < PAGE_SIZE_POSTS && (rc = db_step(st, __func__)) == 1) {
		ids[n++] = sqlite3_column_int64(st, 0);
		total = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == -1)
		return -1;
	if (n == 0) {
		st = db_stmt(db, STMT_SEARCH_COUNT);
		sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
		sqlite3_bind_int(st, 3, SEARCH_MAX_RANKED + 1);
		if ((total = site_count(c, st)) < 0)
			return -1;
	}
	/* Past the cap, the pages stop there: the best of what was ranked. */
	if (total > SEARCH_MAX_RANKED) {
		total = SEARCH_MAX_RANKED;
		tmpl_set_printf(sc, V_RESULT_COUNT, "More than %d results",
		    SEARCH_MAX_RANKED);
	} else
		tmpl_set_printf(sc, V_RESULT_COUNT, "%lld %s", total,
		    total == 1 ? "result" : "results");
	if (page > site_page_count(total))
		return 0;
	buf_init(&extra);
	buf_puts(&extra, "q=");
	html_escape_url(&extra, q, strlen(q));
	buf_puts(&extra, "&");
	site_set_pager(sc, "/search", extra.data, page, site_page_count(total));
	buf_free(&extra);

	buf_init(&b);
	for (i = 0; i < n; i++)
		if (site_search_row(c, sc, fts, ids[i], &b) == -1)
			break;
	buf_free(&b);
	return i == n ? 0 : -1;
}

int
site_search(struct ctx *c)
{
	struct tmpl_scope	*sc;
	struct buf		 fts;
	const char		*q = query_get(&c->req->query, "q");
	long long		 page;
	int			 rc, status = 200;
	enum search_query_result r = SEARCH_EMPTY;

	if ((page = site_page_param(c->req)) == 0)
		return site_error(c, 400, "The page number must be a whole "
		    "number from 1 upwards.");
	if ((rc = site_fresh(c, 0)) != 0)
		return rc == 1 ? 0 : -1;
	sc = site_scope(c);
	tmpl_set_str(sc, V_PAGE_TITLE, "Search");
	buf_init(&fts);
	rc = 0;
	if (q != NULL) {
		tmpl_set_str(sc, V_QUERY, q);
		r = search_fts_query(q, strlen(q), &fts);
		if (r == SEARCH_TOO_LONG) {
			status = 400;
			tmpl_set_printf(sc, V_SEARCH_MESSAGE, "That search is too "
			    "long. Please use at most %d characters.",
			    SEARCH_MAX_QUERY);
		} else if (r == SEARCH_EMPTY)
			tmpl_set_str(sc, V_SEARCH_MESSAGE, "Type one or more words "
			    "to search for.");
		else {
			tmpl_set_printf(sc, V_PAGE_TITLE, "Search: %s", q);
			rc = site_search_results(c, sc, fts.data, page, q);
		}
	}
	if (rc == 0) {
		c->resp->status = status;
		rc = site_render(c, TMPL_SEARCH, sc);
	}
	if (status != 200)
		c->resp->etag[0] = '\0';
	buf_free(&fts);
	tmpl_scope_free(sc);
	return rc;
}
