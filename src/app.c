/* app.c: one worker's site: opens its database and templates, and turns a validated request
 * into a response through the route table. Shared by the FastCGI worker and CGI mode. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "route.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Loads per-worker state. Returns 0, or -1 with "err" saying why (FILE:LINE for templates). */
int
app_open(struct site *s, const struct conf *conf, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->conf = conf;
	buf_init(&s->out);
	s->tmpl = tmpl_load(conf->templates_dir, site_templates, TMPL__MAX,
	    site_names, V__MAX, err, errlen);
	if (s->tmpl == NULL)
		return -1;
	s->tmpl_gen = tmpl_generation(s->tmpl);
	if (db_open(&s->db, conf->db_path, 0) == -1) {
		snprintf(err, errlen, "%s: cannot open the database (see above)",
		    conf->db_path);
		tmpl_free(s->tmpl);
		s->tmpl = NULL;
		return -1;
	}
	s->settings_gen = -1;
	return 0;
}

void
app_close(struct site *s)
{
	settings_free(&s->settings);
	db_close(&s->db);
	tmpl_free(s->tmpl);
	s->tmpl = NULL;
	buf_free(&s->out);
}

/* Reloads settings when anything changed since they were read; applies the time zone. */
static int
app_refresh(struct ctx *c)
{
	struct site	*s = c->site;

	if (db_site_generation(&s->db, &c->gen) == -1)
		return -1;
	if (c->gen == s->settings_gen)
		return 0;
	settings_free(&s->settings);
	if (settings_load(&s->db, &s->settings) == -1)
		return -1;
	/* Dates on pages are shown in the clinic's time zone. */
	setenv("TZ", s->settings.v[SET_TIMEZONE], 1);
	tzset();
	s->settings_gen = c->gen;
	return 0;
}

/*
 * Looks "path" up in the stored redirects. Turns the response into a 301 when one exists.
 * Returns 1 redirected, 0 none, -1 on error.
 */
static int
app_redirect(struct ctx *c)
{
	sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_REDIRECT_GET);
	int		 rc;

	sqlite3_bind_text(st, 1, c->req->path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char	*to = db_col_text(st, 0);

		sqlite3_reset(st);
		resp_reset(c->resp);
		resp_redirect(c->resp, 301, to);
		c->resp->cache_control = "public, max-age=3600";
		free(to);
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Answers one request into "resp". "build_status" is req_build()'s verdict: non-zero means
 * the request was malformed and gets that status. Never fails: errors become error pages.
 */
void
app_handle(struct site *s, struct req *req, struct resp *resp, int build_status)
{
	const struct route	*rt = NULL;
	struct ctx		 c;
	char			 caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN];
	enum route_result	 rr;

	memset(&c, 0, sizeof(c));
	c.site = s;
	c.req = req;
	c.resp = resp;
	c.now = time(NULL);
	resp->head_only = req->method == METHOD_HEAD;
	if (app_refresh(&c) == -1) {
		resp->status = 503;
		resp->content_type = "text/plain; charset=utf-8";
		resp_header(resp, "Retry-After", "5");
		buf_puts(&resp->body, "The site is busy; please try again shortly.\n");
		return;
	}
	if (build_status != 0) {
		site_error(&c, build_status, NULL);
		return;
	}
	rr = route_match(req->path, req->method, &rt, caps);
	if (rr == ROUTE_BAD_METHOD) {
		resp_header(resp, "Allow", "GET, HEAD");
		site_error(&c, 405, NULL);
		return;
	}
	c.cap = caps[0][0] != '\0' ? caps[0] : NULL;
	c.cap2 = caps[1][0] != '\0' ? caps[1] : NULL;
	if (rr == ROUTE_NOT_FOUND)
		site_error(&c, 404, NULL);
	else if (rt->handler(&c) == -1) {
		resp_reset(resp);
		site_error(&c, 500, NULL);
	}
	/* A stored redirect wins over a 404, wherever the 404 came from. */
	if (resp->status == 404 && app_redirect(&c) == -1) {
		resp_reset(resp);
		site_error(&c, 500, NULL);
	}
}
