/* SPDX-License-Identifier: ISC */
/* site_search.c: /search?q=: full-text search over visible articles and pages, ranked, with
 * highlighted snippets. What the visitor typed is never FTS5 syntax (search.c). */
#include "config.h"

#include <string.h>

#include "html.h"
#include "search.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Where site_add_hit() puts a result. */
struct search_fill {
	struct tmpl_scope	*sc;
	struct buf		*b;
	struct tmpl_scope	*item;	/* the result added last */
};

/* search_hit_fn: one result, with its snippet highlighted. */
static int
site_add_hit(const struct search_hit *h, void *arg)
{
	struct search_fill	*f = arg;
	struct tmpl_scope	*item = tmpl_list_add(f->sc, V_RESULTS);
	char			 d[64];

	f->item = item;
	tmpl_set_str(item, V_TITLE, h->title);
	tmpl_set_join(item, V_URL, post_path_prefix(h->kind), h->slug);
	tmpl_set_str(item, V_SUMMARY, h->summary);
	site_date_human(h->published_at, d, sizeof(d));
	tmpl_set_str(item, V_PUBLISHED_HUMAN, d);
	util_rfc3339(h->published_at, d, sizeof(d));
	tmpl_set_str(item, V_PUBLISHED_ISO, d);
	buf_reset(f->b);
	search_snippet_html(f->b, h->snippet ? h->snippet : "");
	tmpl_set_strn(item, V_SNIPPET_HTML, f->b->data ? f->b->data : "", f->b->len);
	return 0;
}

static int
site_search_results(struct ctx *c, struct tmpl_scope *sc, const char *fts,
    long long page, const char *q)
{
	struct search_fill	 f;
	struct buf		 b, extra;
	int64_t			 ids[PAGE_SIZE_POSTS];
	long long		 total;
	int			 rc, i, n;

	if ((n = search_page(&c->site->db, fts, c->now, page, SEARCH_MAX_RANKED, ids,
	    &total)) == -1)
		return -1;
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
	f.sc = sc;
	f.b = &b;
	for (i = 0; i < n; i++) {
		/* A match gone since the ranking (0) is left out. */
		if ((rc = search_hit(&c->site->db, fts, ids[i], c->now, site_add_hit, &f)) == -1 ||
		    (rc == 1 && site_set_featured(c, f.item, ids[i], 0) == -1))
			break;
	}
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
	/* Ranking and snippets cost milliseconds: a result page is kept as a list page is. */
	if ((rc = site_fresh_kept(c, 0)) != 0)
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
