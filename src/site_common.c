/* SPDX-License-Identifier: ISC */
/* site_common.c: what every public page shares: the layout's values from settings, dates in
 * the clinic's words, cache validators (ETag / Last-Modified / 304), and the error page. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "origin.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/*
 * Writes "12 March 2024" for day "d" of month "m" (1-12) of year "y" into "out" (at least
 * 32 bytes). By hand, as every row of a list has two to four dates and snprintf was a tenth
 * of a list page's work.
 */
static void
site_date_words(int y, int m, int d, char *out, size_t len)
{
	const char	*name = month_names[m - 1];
	size_t		 n = strlen(name);
	char		*p = out;

	if (len < 32 || y < 0 || y > 9999 || d < 1 || d > 31) {
		snprintf(out, len, "%d %s %d", d, name, y);
		return;
	}
	p = util_put_digits(p, d, d >= 10 ? 2 : 1);
	*p++ = ' ';
	memcpy(p, name, n);
	p += n;
	*p++ = ' ';
	p = util_put_digits(p, y, y >= 1000 ? 4 : y >= 100 ? 3 : y >= 10 ? 2 : 1);
	*p = '\0';
}

/*
 * Whether "origin" (scheme://host[:port]) is this site's: scheme, host and port those of
 * base_url once it is set (behind a proxy, the address visitors use), else those the
 * request came in on (the Host header, and nginx's port, as Debian's fastcgi_params passes
 * HTTP_HOST as $host, with no port).
 */
int
site_own_origin(const struct ctx *c, const char *origin)
{
	const struct settings	*s = &c->site->settings;

	if (!settings_is_default(s, SET_BASE_URL))
		return origin_matches_url(origin, s->v[SET_BASE_URL]);
	return origin_matches_host(origin, c->req->https, c->req->host,
	    c->req->server_port);
}

/* "12 March 2024", in the site's time zone. */
void
site_date_human(time_t t, char *out, size_t len)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	site_date_words(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out, len);
}

/* The same for a stored calendar day "YYYY-MM-DD" (already validated on save). */
void
site_day_human(const char *day, char *out, size_t len)
{
	const char	*s = day;
	int		 v[3] = { 0, 0, 0 }, i, k;

	for (i = 0; s != NULL && i < 3; i++) {
		for (k = 0; k < (i == 0 ? 4 : 2); k++, s++) {
			if (*s < '0' || *s > '9')
				goto verbatim;
			v[i] = v[i] * 10 + (*s - '0');
		}
		if (*s != (i < 2 ? '-' : '\0'))
			goto verbatim;
		s++;
	}
	if (s == NULL || v[1] < 1 || v[1] > 12)
		goto verbatim;
	site_date_words(v[0], v[1], v[2], out, len);
	return;
verbatim:
	snprintf(out, len, "%s", day ? day : "");
}

/* A local date "tm" as YYYY-MM-DD, for <time datetime> of a day. */
static void
site_date_ymd(const struct tm *tm, char *out, size_t len)
{
	char		*p = out;

	if (len < 11 || tm->tm_year + 1900 < 0 || tm->tm_year + 1900 > 9999) {
		snprintf(out, len, "%04d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1,
		    tm->tm_mday);
		return;
	}
	p = util_put_digits(p, tm->tm_year + 1900, 4);
	*p++ = '-';
	p = util_put_digits(p, tm->tm_mon + 1, 2);
	*p++ = '-';
	p = util_put_digits(p, tm->tm_mday, 2);
	*p = '\0';
}

/* A new root scope with the layout's values; the caller frees it (tmpl_scope_free). */
struct tmpl_scope *
site_scope(struct ctx *c)
{
	struct tmpl_scope	*sc = tmpl_scope_new(c->site->tmpl);
	char *const		*v = c->site->settings.v;
	char			 tel[64];
	const char		*p;
	size_t			 n = 0;
	struct tm		 tm;

	tmpl_set_str(sc, V_SITE_TITLE, v[SET_SITE_TITLE]);
	tmpl_set_str(sc, V_TAGLINE, v[SET_TAGLINE]);
	tmpl_set_str(sc, V_BASE_URL, v[SET_BASE_URL]);
	tmpl_set_str(sc, V_LANG, v[SET_LANGUAGE]);
	tmpl_set_str(sc, V_CLINIC_NAME, v[SET_CLINIC_NAME]);
	tmpl_set_str(sc, V_CLINIC_ADDRESS, v[SET_CLINIC_ADDRESS]);
	tmpl_set_str(sc, V_CLINIC_PHONE, v[SET_CLINIC_PHONE]);
	tmpl_set_str(sc, V_CLINIC_HOURS, v[SET_CLINIC_HOURS]);
	tmpl_set_str(sc, V_BOOKING_URL, v[SET_BOOKING_URL]);
	tmpl_set_str(sc, V_DISCLAIMER, v[SET_DISCLAIMER]);
	for (p = v[SET_CLINIC_PHONE]; *p != '\0' && n + 1 < sizeof(tel); p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 0))
			tel[n++] = *p;
	tel[n] = '\0';
	if (n > 0)
		tmpl_set_join(sc, V_CLINIC_PHONE_HREF, "tel:", tel);
	localtime_r(&c->now, &tm);
	tmpl_set_int(sc, V_YEAR, tm.tm_year + 1900);
	tmpl_set_join(sc, V_CANONICAL_URL, v[SET_BASE_URL], c->req->path);
	tmpl_set_str(sc, V_OG_TYPE, "website");
	tmpl_set_printf(sc, V_STATIC_VERSION, "%08llx",
	    (unsigned long long)(c->site->tmpl_gen & 0xffffffffu));
	return sc;
}

/* Renders "file" with "sc" as the response body. Returns 0 or -1 (logged). */
int
site_render(struct ctx *c, enum tmpl_file file, struct tmpl_scope *sc)
{
	buf_reset(&c->resp->body);
	if (tmpl_render(c->site->tmpl, file, sc, &c->resp->body) == -1) {
		log_warnx("%s: rendering %s failed", __func__, site_templates[file]);
		return -1;
	}
	return 0;
}

static const char *
site_error_title(int status, const char **message)
{
	switch (status) {
	case 400:
		*message = "The request was malformed, so we could not answer it.";
		return "Bad request";
	case 403:
		*message = "You may not do this.";
		return "Forbidden";
	case 409:
		*message = "Someone else changed this meanwhile.";
		return "Conflict";
	case 429:
		*message = "Too many attempts. Please wait a little.";
		return "Too many requests";
	case 404:
		*message = "There is no page at this address. It may have moved; "
		    "try the home page or the search.";
		return "Page not found";
	case 405:
		*message = "This address does not accept that kind of request.";
		return "Method not allowed";
	case 410:
		*message = "This article has been withdrawn by the clinic.";
		return "Article removed";
	case 413:
		*message = "What was sent is larger than this site accepts.";
		return "Too large";
	case 414:
		*message = "The address is longer than this site accepts.";
		return "Address too long";
	case 431:
		*message = "The request headers are larger than this site accepts.";
		return "Headers too large";
	case 503:
		*message = "The site is busy; please try again in a moment.";
		return "Busy";
	case 507:
		*message = "The server's disk is full, so nothing was saved. Ask "
		    "whoever looks after the server to free some space, then try again.";
		return "Disk full";
	default:
		*message = "Something went wrong on our side. Please try again later.";
		return "Server error";
	}
}

/*
 * Turns the response into the error page for "status", with "message" or a default. Falls
 * back to plain text if the template cannot render. Returns 0.
 */
int
site_error(struct ctx *c, int status, const char *message)
{
	struct tmpl_scope	*sc;
	const char		*title, *dflt;

	title = site_error_title(status, &dflt);
	c->resp->status = status;
	c->resp->cache_control = "no-store";
	c->resp->etag[0] = '\0';
	c->resp->last_modified = 0;
	c->resp->content_type = "text/html; charset=utf-8";
	sc = site_scope(c);
	tmpl_set_printf(sc, V_ERROR_STATUS, "%d", status);
	tmpl_set_str(sc, V_ERROR_TITLE, title);
	tmpl_set_str(sc, V_ERROR_MESSAGE, message ? message : dflt);
	tmpl_set_str(sc, V_PAGE_TITLE, title);
	if (site_render(c, TMPL_ERROR, sc) == -1) {
		buf_reset(&c->resp->body);
		c->resp->content_type = "text/plain; charset=utf-8";
		buf_printf(&c->resp->body, "%d %s\n", status, title);
	}
	tmpl_scope_free(sc);
	return 0;
}

/*
 * Sets the ETag of a public page. It covers everything a page can show: the site generation
 * (bumped by any change), the newest visible publish time (a scheduled post going live), the
 * templates and the URL. Returns 0, or -1 (logged).
 */
static int
site_etag(struct ctx *c)
{
	static const char	 hex[] = "0123456789abcdef";
	int64_t			 last_visible = 0;
	uint64_t		 h;
	int			 i;

	if (site_last_visible(c, &last_visible) == -1)
		return -1;
	h = util_fnv1a(&c->gen, sizeof(c->gen), 0);
	h = util_fnv1a(&last_visible, sizeof(last_visible), h);
	h = util_fnv1a(&c->site->tmpl_gen, sizeof(c->site->tmpl_gen), h);
	h = util_fnv1a(c->req->path, strlen(c->req->path), h);
	h = util_fnv1a("?", 1, h);
	h = util_fnv1a(c->req->query_str, strlen(c->req->query_str), h);
	/* "\"%016llx\"" by hand: snprintf was a thirtieth of a kept page (callgrind). */
	c->resp->etag[0] = '"';
	for (i = 16; i >= 1; i--, h >>= 4)
		c->resp->etag[i] = hex[h & 0xf];
	c->resp->etag[17] = '"';
	c->resp->etag[18] = '\0';
	return 0;
}

/*
 * Sets the validators of a public page (see site_etag()) and answers 304 when the client's
 * copy is current. Returns 1 if the response is now a 304 (nothing to render), 0 to render,
 * -1 on error.
 */
int
site_fresh(struct ctx *c, time_t last_modified)
{
	if (site_etag(c) == -1)
		return -1;
	/* Any change bumps the generation, so the page may have changed when it last moved. */
	if ((time_t)c->last_visible > last_modified)
		last_modified = (time_t)c->last_visible;
	if (c->changed_at > last_modified)
		last_modified = c->changed_at;
	if (last_modified > c->now)
		last_modified = c->now;
	c->resp->last_modified = last_modified;
	/* Revalidate every time: an edit must show at once, and 304s are cheap. */
	c->resp->cache_control = "public, no-cache";
	return resp_not_modified(c->req, c->resp);
}

/* What a kept page may be; the first byte of what is kept says which. */
static const char *const site_kept_types[] = {
	"text/html; charset=utf-8",
	"application/atom+xml; charset=utf-8",
	"application/xml; charset=utf-8",
};

/* What is kept of a page: its type's index in site_kept_types, its Last-Modified, its bytes. */
#define SITE_KEPT_HEAD	(1 + sizeof(int64_t))

/* The key of this request's page: its path and query, in the site's reused buffer. */
static const char *
site_page_url(struct ctx *c)
{
	struct buf	*b = &c->site->page_key;

	buf_reset(b);
	buf_puts(b, c->req->path);
	buf_putc(b, '?');
	buf_puts(b, c->req->query_str);
	return b->data;
}

/* Whether "q" is empty or a page number a pager link makes ("page=N"). */
static int
site_query_page(const char *q)
{
	size_t	 n;

	if (*q == '\0')
		return 1;
	if (strncmp(q, "page=", 5) != 0)
		return 0;
	q += 5;
	n = strspn(q, "0123456789");
	return n >= 1 && n <= 6 && q[n] == '\0';
}

/*
 * Whether the query is one a list's own links make: none, or a page number; on the search
 * page, the form's "q=WORDS" and its pager's "&page=N". Any other (a cache-buster) is
 * answered but not kept, so a loop of them cannot push out of the cache what every visitor
 * reads.
 */
static int
site_query_plain(const char *path, const char *q)
{
	if (strcmp(path, "/search") == 0 && strncmp(q, "q=", 2) == 0) {
		q += 2 + strcspn(q + 2, "&");
		return *q == '\0' || site_query_page(q + 1);
	}
	return site_query_page(q);
}

/*
 * Answers from the page this worker kept for this address under the current validator,
 * before the handler runs (app.c, for ROUTE_KEPT routes): a page is kept only when it shows
 * nothing but what its validator encodes, so every check that built it (the post exists, is visible, is of this
 * kind; the topic has articles) would pass again. Returns 1 when answered (304, or the kept
 * page), 0 when nothing is kept (the response is left as it was), -1 on error.
 */
int
site_kept(struct ctx *c)
{
	const char	*page;
	size_t		 len, n = sizeof(site_kept_types) / sizeof(site_kept_types[0]);
	int64_t		 last_modified;

	/* A handler that looked first does not look again in site_fresh_kept(). */
	if (c->kept_looked || c->site->bodies.max_bytes == 0 || c->req->method != METHOD_GET ||
	    !site_query_plain(c->req->path, c->req->query_str))
		return 0;
	if (site_etag(c) == -1)
		return -1;
	page = render_cache_page(&c->site->bodies, site_page_url(c), c->resp->etag, &len);
	if (page == NULL || len < SITE_KEPT_HEAD || (unsigned char)page[0] >= n) {
		c->resp->etag[0] = '\0';
		c->kept_looked = 1;
		return 0;
	}
	memcpy(&last_modified, page + 1, sizeof(last_modified));
	c->resp->content_type = site_kept_types[(unsigned char)page[0]];
	c->resp->last_modified = (time_t)last_modified;
	c->resp->cache_control = "public, no-cache";
	if (!resp_not_modified(c->req, c->resp))
		resp_body_kept(c->resp, page + SITE_KEPT_HEAD, len - SITE_KEPT_HEAD);
	return 1;
}

/*
 * As site_fresh() for a page that shows only what its validator encodes (the site's
 * content, its newest visible post, the templates, the address): lists (home, topics,
 * feeds, sitemap, search results) and articles. A worker keeps such a page under that
 * validator, so any save or a scheduled post going live changes it at once. Returns 1 when
 * answered (304, or the kept page), 0 to build the page (kept once built, see
 * site_keep_page()), -1 on error.
 */
int
site_fresh_kept(struct ctx *c, time_t last_modified)
{
	int	 rc;

	if ((rc = site_kept(c)) != 0 || (rc = site_fresh(c, last_modified)) != 0)
		return rc;
	c->keep_page = c->req->method == METHOD_GET &&
	    site_query_plain(c->req->path, c->req->query_str);
	return 0;
}

/* Keeps the page just built, if site_fresh_kept() asked for it and it is a 200. */
void
site_keep_page(struct ctx *c)
{
	struct buf	 val;
	size_t		 i, n = sizeof(site_kept_types) / sizeof(site_kept_types[0]);
	int64_t		 last_modified = (int64_t)c->resp->last_modified;

	if (!c->keep_page || c->resp->status != 200 || c->resp->etag[0] == '\0')
		return;
	for (i = 0; i < n; i++)
		if (strcmp(c->resp->content_type, site_kept_types[i]) == 0)
			break;
	if (i == n)
		return;
	buf_init(&val);
	buf_putc(&val, (char)i);
	buf_append(&val, &last_modified, sizeof(last_modified));
	buf_append(&val, c->resp->body.data, c->resp->body.len);
	render_cache_page_keep(&c->site->bodies, site_page_url(c), c->resp->etag, val.data,
	    val.len);
	buf_free(&val);
}

/*
 * The newest publish time of a visible post (the ETag and the kept counts both use it).
 * The worker's copy serves while the generation stands and no post has come due; otherwise
 * it is read again, once a request. Returns 0 and sets "out", or -1 (logged).
 */
int
site_last_visible(struct ctx *c, int64_t *out)
{
	struct site_visibility	*v = &c->site->visibility;

	if (!c->have_last_visible) {
		if (!v->valid || v->gen != c->gen || c->now < v->read_at ||
		    (v->next_due != 0 && c->now >= v->next_due)) {
			v->valid = 0;
			if (post_last_visible(&c->site->db, c->now, &v->last_visible,
			    &v->next_due) == -1)
				return -1;
			v->gen = c->gen;
			v->read_at = c->now;
			v->valid = 1;
		}
		c->last_visible = v->last_visible;
		c->have_last_visible = 1;
	}
	*out = c->last_visible;
	return 0;
}

/* topic_each_fn: one topic of a post, into the post's scope. */
static int
site_add_post_topic(const struct topic *t, void *arg)
{
	struct tmpl_scope	*item = tmpl_list_add(arg, V_TOPICS);

	tmpl_set_str(item, V_TOPIC_SLUG, t->slug);
	tmpl_set_str(item, V_TOPIC_NAME, t->name);
	tmpl_set_join(item, V_TOPIC_URL, "/topics/", t->slug);
	return 0;
}

/*
 * Fills "sc" with one post's values; "full" adds the rendered body and topics' details.
 * Returns 0, or -1 when its topics could not be read (a page without them must not pass
 * for a healthy one).
 */
int
site_set_post(struct ctx *c, struct tmpl_scope *sc, const struct post *p, int full)
{
	char			 d[64];
	struct tm		 tm;
	time_t			 modified;

	tmpl_set_str(sc, V_TITLE, p->title);
	tmpl_set_str(sc, V_SLUG, p->slug);
	tmpl_set_join(sc, V_URL, post_path_prefix(p->kind), p->slug);
	tmpl_set_str(sc, V_SUMMARY, p->summary);
	tmpl_set_str(sc, V_AUTHOR, p->author);
	tmpl_set_str(sc, V_REVIEWER, p->reviewer);
	if (p->reviewed_date != NULL) {
		tmpl_set_str(sc, V_REVIEWED_DATE, p->reviewed_date);
		site_day_human(p->reviewed_date, d, sizeof(d));
		tmpl_set_str(sc, V_REVIEWED_HUMAN, d);
	}
	if (p->review_due_date != NULL) {
		tmpl_set_str(sc, V_REVIEW_DUE_DATE, p->review_due_date);
		site_day_human(p->review_due_date, d, sizeof(d));
		tmpl_set_str(sc, V_REVIEW_DUE_HUMAN, d);
	}
	util_rfc3339(p->published_at, d, sizeof(d));
	tmpl_set_str(sc, V_PUBLISHED_ISO, d);
	/* One conversion to local time for both forms: lists do this for every item. */
	localtime_r(&p->published_at, &tm);
	site_date_words(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, d, sizeof(d));
	tmpl_set_str(sc, V_PUBLISHED_HUMAN, d);
	site_date_ymd(&tm, d, sizeof(d));
	tmpl_set_str(sc, V_PUBLISHED_DATE, d);
	modified = p->substantive_at ? p->substantive_at : p->updated_at;
	if (modified < p->published_at)
		modified = p->published_at;
	util_rfc3339(modified, d, sizeof(d));
	tmpl_set_str(sc, V_MODIFIED_ISO, d);
	if (modified > p->published_at + 86400) {
		site_date_human(modified, d, sizeof(d));
		tmpl_set_str(sc, V_MODIFIED_HUMAN, d);
	}
	tmpl_set_int(sc, V_READING_MINUTES, p->reading_minutes);
	if (topic_list_of_post(&c->site->db, p->id, site_add_post_topic, sc) == -1)
		return -1;
	if (full != SITE_POST_FEED && site_set_featured(c, sc, p->id, full) == -1)
		return -1;
	if (full) {
		struct site_body_args	 ba = { c, full == SITE_POST_FEED };
		size_t			 n;
		char			*html;
		uint64_t		 context;

		/*
		 * Besides the text, the HTML depends on the feed form (absolute image URLs), on
		 * a featured image above it (which images wait to load) and on the images'
		 * variants and the settings: any of those changes the site's generation.
		 */
		context = util_fnv1a(&c->gen, sizeof(c->gen), 0);
		context = util_fnv1a(&ba.feed, sizeof(ba.feed), context);
		context = util_fnv1a(&c->featured_shown, sizeof(c->featured_shown), context);
		html = render_cache_body(&c->site->bodies, p->id, p->version, context, p->body_md,
		    strlen(p->body_md), site_body_render, &ba, &n);

		tmpl_set_raw_owned(sc, V_BODY_HTML, html, n);
	}
	return 0;
}
