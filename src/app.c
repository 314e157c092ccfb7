/* SPDX-License-Identifier: ISC */
/* app.c: one worker's site: opens its database and templates, and turns a validated request
 * into a response through the route table. Shared by the FastCGI worker and CGI mode. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cookie.h"
#include "mfa.h"
#include "multipart.h"
#include "route.h"
#include "session.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

/* Loads per-worker state. Returns 0, or -1 with "err" saying why (FILE:LINE for templates). */
int
app_open(struct site *s, const struct conf *conf, char *err, size_t errlen)
{
	const char	*off;

	memset(s, 0, sizeof(*s));
	s->conf = conf;
	buf_init(&s->out);
	buf_init(&s->page_key);
	/*
	 * Test hook: MERIDIAN_CLOCK_OFFSET=SECONDS moves every request's "now" (sessions, login
	 * throttling, scheduling), so tests can make hours pass. Read once here, at worker (or
	 * CGI) start; ignored unless set to a whole number within ten years.
	 */
	if ((off = getenv("MERIDIAN_CLOCK_OFFSET")) != NULL &&
	    util_parse_ll(off, -315360000LL, 315360000LL, &s->clock_offset) == -1) {
		log_warnx("MERIDIAN_CLOCK_OFFSET=%s is not a number of seconds; ignored", off);
		s->clock_offset = 0;
	}
	s->tmpl = tmpl_load(conf->templates_dir, site_templates, TMPL__MAX,
	    site_names, V__MAX, err, errlen);
	if (s->tmpl == NULL) {
		/* tmpl_load names the file relative to the folder; say which folder. */
		char	*what = xstrdup(err);

		snprintf(err, errlen, "templates %s: %s", conf->templates_dir, what);
		free(what);
		return -1;
	}
	s->tmpl_gen = tmpl_generation(s->tmpl);
	password_set_cost(conf->password_cost);
	if (db_open(&s->db, conf->db_path, conf->read_only ? DB_READ_ONLY : 0) == -1 ||
	    db_worker_cache(&s->db) == -1) {
		db_close(&s->db);
		snprintf(err, errlen, "%s: cannot open the database (see above)",
		    conf->db_path);
		tmpl_free(s->tmpl);
		s->tmpl = NULL;
		return -1;
	}
	/* A writable database is in WAL mode (db_open checked): a kept page can then skip
	 * the read of the site generation while nothing was committed (db_change.c). */
	if (!conf->read_only)
		db_change_open(&s->db);
	s->settings_gen = -1;
	render_cache_init(&s->bodies, conf->render_cache);
	return 0;
}

void
app_close(struct site *s)
{
	settings_free(&s->settings);
	render_cache_free(&s->bodies);
	db_close(&s->db);
	tmpl_free(s->tmpl);
	s->tmpl = NULL;
	buf_free(&s->out);
	buf_free(&s->page_key);
}

/* Reloads settings when anything changed since they were read; applies the time zone. */
static int
app_refresh(struct ctx *c)
{
	struct site	*s = c->site;

	if (db_site_state(&s->db, &c->gen, &c->changed_at) == -1)
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
app_redirect(struct ctx *c, const char *from)
{
	char	*to;
	int	 rc;

	if ((rc = redirect_lookup(&c->site->db, from, &to)) == 1) {
		resp_reset(c->resp);
		resp_redirect(c->resp, 301, to);
		c->resp->cache_control = "public, max-age=3600";
		free(to);
	}
	return rc;
}

/*
 * WordPress's addresses by query string (/?p=12, /?page_id=3, /?feed=rss2, …) land on the
 * home page, or on the folder WordPress ran in (/blog/?p=12, a 404 here); an import stores
 * them with their query. Returns 1 redirected, 0 none, -1 error.
 */
static int
app_redirect_query(struct ctx *c)
{
	static const char *const keys[] = { "p", "page_id", "attachment_id", "cat", "tag",
	    "feed" };
	const char	*v;
	char		 from[LIMIT_PATH + 96];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((v = query_get(&c->req->query, keys[i])) == NULL || *v == '\0' ||
		    strlen(v) > 64)
			continue;
		snprintf(from, sizeof(from), "%s?%s=%s", c->req->path, keys[i], v);
		if ((rc = app_redirect(c, from)) != 0)
			return rc;
	}
	return 0;
}

/* Parses a multipart upload body into c->upload. Returns 0 or an HTTP status (page made). */
static int
app_parse_upload(struct ctx *c)
{
	char			 boundary[80];
	enum multipart_err	 e;

	if (multipart_boundary(c->req->content_type, boundary, sizeof(boundary)) == -1) {
		site_error(c, 400, "The upload is not a well-formed web form.");
		return 400;
	}
	c->upload = xcalloc(1, sizeof(*c->upload));
	e = multipart_parse(c->req->body ? c->req->body : "", c->req->body_len, boundary,
	    c->upload);
	if (e != MULTIPART_OK) {
		free(c->upload);
		c->upload = NULL;
		site_error(c, e == MULTIPART_TOO_LARGE || e == MULTIPART_TOO_MANY_PARTS ?
		    413 : 400, multipart_strerror(e));
		return c->resp->status;
	}
	return 0;
}

/* A text field of the upload form as a NUL-terminated copy owned by the upload, or NULL. */
const char *
app_upload_field(struct ctx *c, const char *name)
{
	const struct multipart_part	*p;
	size_t				 i;

	if (c->upload == NULL || (p = multipart_get(c->upload, name)) == NULL ||
	    p->filename != NULL || p->len > 4096 || memchr(p->data, '\0', p->len) != NULL ||
	    !util_utf8_valid(p->data, p->len))
		return NULL;
	for (i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].key, name) == 0)
			return c->fields[i].val;
	c->fields = xrealloc(c->fields, (c->nfields + 1) * sizeof(*c->fields));
	c->fields[c->nfields].key = xstrdup(name);
	c->fields[c->nfields].val = xstrndup(p->data, p->len);
	c->fields[c->nfields].vallen = p->len;
	return c->fields[c->nfields++].val;
}

static void
app_free_upload(struct ctx *c)
{
	size_t	 i;

	for (i = 0; i < c->nfields; i++) {
		free(c->fields[i].key);
		free(c->fields[i].val);
	}
	free(c->fields);
	if (c->upload != NULL) {
		multipart_free(c->upload);
		free(c->upload);
	}
}

/*
 * Whether a POST comes from our own pages: Origin (scheme, host and port: site_own_origin),
 * else Sec-Fetch-Site, must say so.
 */
static int
app_same_origin(const struct ctx *c)
{
	const struct req	*r = c->req;

	if (r->origin != NULL)
		return site_own_origin(c, r->origin);
	if (r->sec_fetch_site != NULL)
		return strcmp(r->sec_fetch_site, "same-origin") == 0 ||
		    strcmp(r->sec_fetch_site, "none") == 0;
	/* Neither header (old browsers, scripts): the CSRF token alone decides. */
	return 1;
}

static int
app_content_type_is(const struct req *r, const char *type)
{
	size_t	 n = strlen(type);

	return r->content_type != NULL &&
	    strncasecmp(r->content_type, type, n) == 0 &&
	    (r->content_type[n] == '\0' || r->content_type[n] == ';');
}

/*
 * An editor's save that arrived after its session ended: answers with the login form that
 * carries the text (admin_login_carry). Only a form that says it comes from our own pages
 * (Origin or Sec-Fetch-Site, not merely neither) is carried, since the form's CSRF token
 * died with the session. Returns 0 with the page made, or -1 to answer as usual.
 */
static int
app_carry(struct ctx *c)
{
	const struct req	*r = c->req;

	if ((r->origin == NULL && r->sec_fetch_site == NULL) || !app_same_origin(c) ||
	    !app_content_type_is(r, "application/x-www-form-urlencoded") ||
	    r->body_len > LIMIT_FORM_BODY ||
	    query_parse(r->body ? r->body : "", r->body_len, &c->form) != QUERY_OK)
		return -1;
	return admin_login_carry(c);
}

/*
 * The security preconditions for one route, in one place: session and role for admin
 * routes, then for every POST the body size, same-origin, form parsing and the CSRF token.
 * Returns 0 to run the handler, or the HTTP status to answer with (the error page is made
 * here, so the status says all). 
 */
static int
app_preconditions(struct ctx *c, const struct route *rt, struct session *sess)
{
	const struct req	*r = c->req;
	struct mfa_pending	 pend;
	const char		*token;
	char			 pre[SESSION_TOKEN_LEN + 2];
	enum query_err		 qe;
	int			 rc;

	if (rt->flags & ROUTE_ADMIN) {
		c->resp->cache_control = "no-store";
		if ((rc = session_lookup(&c->site->db, r, c->now, sess)) == -1)
			return 500;
		if (rc == 0) {
			if (r->method != METHOD_POST) {
				resp_redirect(c->resp, 303, "/admin/login");
				return 303;
			}
			if ((rt->flags & ROUTE_CARRY) && app_carry(c) == 0)
				return 403;
			site_error(c, 403, "Your session has ended. Log in again in "
			    "another tab, then send the form again.");
			return 403;
		}
		c->session = sess;
		/* Two-factor sign-in required and not set up: enrolment (and logout) only. */
		if (!(rt->flags & ROUTE_MFA_OPEN)) {
			rc = mfa_must_enrol(&c->site->db, c->site->settings.v[SET_MFA_REQUIRED],
			    sess->user_id, sess->role);
			if (rc == -1)
				return 500;
			if (rc == 1 && r->method != METHOD_POST) {
				resp_redirect(c->resp, 303, "/admin/mfa");
				return 303;
			}
			if (rc == 1) {
				site_error(c, 403, "Set up two-factor sign-in first, at "
				    "/admin/mfa.");
				return 403;
			}
		}
		if ((rt->flags & ROUTE_ROLE_ADMIN) && sess->role != ROLE_ADMIN) {
			site_error(c, 403, "Only an administrator may do this.");
			return 403;
		}
	}
	if (rt->flags & (ROUTE_LOGIN | ROUTE_MFA_STEP))
		c->resp->cache_control = "no-store";
	if (r->method != METHOD_POST)
		return 0;
	if (!app_same_origin(c)) {
		site_error(c, 403, "This form was sent from another site.");
		return 403;
	}
	if (!(rt->flags & ROUTE_UPLOAD) && r->body_len > LIMIT_FORM_BODY) {
		site_error(c, 413, "The form is larger than 1 MiB.");
		return 413;
	}
	if ((rt->flags & ROUTE_UPLOAD) &&
	    app_content_type_is(r, "multipart/form-data")) {
		if ((rc = app_parse_upload(c)) != 0)
			return rc;
		token = app_upload_field(c, "csrf_token");
	} else {
		if (!app_content_type_is(r, "application/x-www-form-urlencoded")) {
			site_error(c, 400, "The form was not sent as a web form.");
			return 400;
		}
		if (r->body_len > LIMIT_FORM_BODY) {
			site_error(c, 413, "The form is larger than 1 MiB.");
			return 413;
		}
		qe = query_parse(r->body ? r->body : "", r->body_len, &c->form);
		if (qe != QUERY_OK) {
			site_error(c, qe == QUERY_TOO_LONG || qe == QUERY_TOO_MANY ?
			    413 : 400, query_strerror(qe));
			return qe == QUERY_TOO_LONG || qe == QUERY_TOO_MANY ? 413 : 400;
		}
		token = query_get(&c->form, "csrf_token");
	}
	if (token == NULL) {
		site_error(c, 403, "The form's security token is missing. Reload "
		    "the page and try again.");
		return 403;
	}
	if (c->session != NULL) {
		if (!session_token_equal(token, c->session->csrf)) {
			site_error(c, 403, "The form's security token is wrong or "
			    "stale. Reload the page and try again.");
			return 403;
		}
	} else if (rt->flags & ROUTE_LOGIN) {
		/* The cookie and the field agree, and the server issued the token. */
		rc = 0;
		if (r->cookie == NULL || cookie_get(r->cookie, strlen(r->cookie),
		    login_cookie_name(r), pre, sizeof(pre)) != 1 ||
		    !session_token_equal(token, pre) ||
		    (rc = login_token_valid(&c->site->db, token, c->now)) != 1) {
			if (rc == -1)
				return 500;
			site_error(c, 403, "The login form's security token is wrong "
			    "or stale. Reload the page and try again.");
			return 403;
		}
	} else if (rt->flags & ROUTE_MFA_STEP) {
		if ((rc = mfa_pending_lookup(&c->site->db, r, c->now, &pend)) == -1)
			return 500;
		if (rc == 0 || !session_token_equal(token, pend.csrf)) {
			site_error(c, 403, "This login has expired, or its form's security "
			    "token is wrong. Log in again.");
			return 403;
		}
	} else {
		site_error(c, 403, NULL);
		return 403;
	}
	return 0;
}

/*
 * A read-only replica (serve --read-only) cannot log anyone in or save anything: every
 * staff address answers 503, pointing to the primary, before a session is looked up.
 */
static void
app_read_only_admin(struct ctx *c)
{
	const char	*url = c->site->conf->primary_url;
	struct buf	 msg;

	buf_init(&msg);
	buf_printf(&msg, "This server is a read-only copy of the site. Staff pages "
	    "are on the main server%s%s.", url != NULL ? ": " : "",
	    url != NULL ? url : "");
	site_error(c, 503, msg.data);
	buf_free(&msg);
}

/* Runs the route's handler, or answers 404, and keeps the page when it may be. */
static void
app_build(struct ctx *c, const struct route *rt, enum route_result rr,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN])
{
	struct resp	*resp = c->resp;
	struct session	 sess;
	int		 pst;

	c->cap = caps[0][0] != '\0' ? caps[0] : NULL;
	c->cap2 = caps[1][0] != '\0' ? caps[1] : NULL;
	if (rr == ROUTE_FOUND && strcmp(c->req->path, "/") == 0 &&
	    c->req->query_str[0] != '\0' && (pst = app_redirect_query(c)) != 0) {
		if (pst == -1) {
			resp_reset(resp);
			site_error(c, 500, NULL);
		}
		return;
	}
	if (rr == ROUTE_NOT_FOUND)
		site_error(c, 404, NULL);
	else if ((pst = app_preconditions(c, rt, &sess)) != 0) {
		if (pst == 500) {
			resp_reset(resp);
			site_error(c, 500, NULL);
		}
	} else if (rt->handler(c) == -1) {
		resp_reset(resp);
		site_error(c, db_take_disk_full() ? 507 : 500, NULL);
	} else
		site_keep_page(c);
	/* A stored redirect wins over a 404, wherever the 404 came from. */
	if (resp->status == 404 && ((pst = app_redirect(c, c->req->path)) == -1 ||
	    (pst == 0 && c->req->query_str[0] != '\0' && app_redirect_query(c) == -1))) {
		resp_reset(resp);
		site_error(c, 500, NULL);
	}
}

/*
 * app_handle()'s work. "reading": a visitor's GET or HEAD, whose page is read in one
 * transaction: every statement sees the same snapshot (a count and its list agree), and the
 * WAL read lock is taken once, not once per statement. A kept page needs only the site
 * generation, read on its own first, so it is answered without that transaction.
 */
static void
app_answer(struct ctx *c, const struct route *rt, enum route_result rr,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN], int allowed, int build_status, int reading)
{
	struct resp	*resp = c->resp;
	int		 rc;

	if (app_refresh(c) == -1) {
		resp->status = 503;
		resp->content_type = "text/plain; charset=utf-8";
		resp_header(resp, "Retry-After", "5");
		buf_puts(&resp->body, "The site is busy; please try again shortly.\n");
		return;
	}
	if (build_status != 0) {
		site_error(c, build_status, NULL);
		return;
	}
	if (c->site->conf->read_only && (strcmp(c->req->path, "/admin") == 0 ||
	    strncmp(c->req->path, "/admin/", 7) == 0)) {
		app_read_only_admin(c);
		return;
	}
	if (rr == ROUTE_BAD_METHOD) {
		resp_header(resp, "Allow", (allowed & ROUTE_GET) && (allowed & ROUTE_POST) ?
		    "GET, HEAD, POST" : (allowed & ROUTE_POST) ? "POST" : "GET, HEAD");
		site_error(c, 405, NULL);
		return;
	}
	if (rr == ROUTE_FOUND && (rt->flags & ROUTE_KEPT) && (rc = site_kept(c)) != 0) {
		if (rc == -1) {
			resp_reset(resp);
			site_error(c, 500, NULL);
		}
		return;
	}
	if (reading && db_read_begin(&c->site->db) == 0) {
		app_build(c, rt, rr, caps);
		db_read_end(&c->site->db);
	} else
		app_build(c, rt, rr, caps);
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
	int			 allowed = 0, reading;

	memset(&c, 0, sizeof(c));
	(void)db_take_disk_full();	/* only this request's writes count */
	c.site = s;
	c.req = req;
	c.resp = resp;
	c.now = time(NULL) + (time_t)s->clock_offset;
	resp->head_only = req->method == METHOD_HEAD;
	/* A malformed request (build_status) may have no path to route. */
	rr = build_status != 0 ? ROUTE_NOT_FOUND :
	    route_match(req->path, req->method, &rt, caps, &allowed);
	reading = (req->method == METHOD_GET || req->method == METHOD_HEAD) &&
	    (rr != ROUTE_FOUND || !(rt->flags & (ROUTE_ADMIN | ROUTE_LOGIN | ROUTE_MFA_STEP)));
	app_answer(&c, rt, rr, caps, allowed, build_status, reading);
	query_free(&c.form);
	app_free_upload(&c);
}
