/* SPDX-License-Identifier: ISC */
/* admin_posts.c: the editor: new and edit forms with every field of a post, validation that
 * re-shows the form with the writer's text intact, the optimistic version check (a stale form
 * gets 409 and both texts, nothing overwritten), server-side preview and the live panel,
 * the autosave slot's text offered back, trash and restore. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "admin.h"
#include "media.h"
#include "checks.h"
#include "slug.h"
#include "tmpl.h"
#include "util.h"

#define EDITOR_MAX_TOPICS	20
#define EDITOR_MAX_TOPIC	60

/* The editor's fields as text, each owned (NUL-terminated, never NULL). */
struct editor {
	char	*title, *slug, *summary, *body, *topics, *kind, *status;
	char	*publish_at, *author, *reviewer, *reviewed, *review_due, *version;
	char	*image;		/* the featured image's /media/ address, or "" */
	int	 substantive;
	time_t	 autosave_at;	/* the writer's autosave slot holds other text from then */
	time_t	 restored_at;	/* the title, summary and text come from that slot */
	int	 body_rendered;	/* 1: passed md_check, cmark may parse it; 0: not tried;
				 * -1: refused, too slow (never tried twice) */
};

static void
editor_free(struct editor *e)
{
	free(e->title); free(e->slug); free(e->summary); free(e->body);
	free(e->topics); free(e->kind); free(e->status); free(e->publish_at);
	free(e->author); free(e->reviewer); free(e->reviewed); free(e->review_due);
	free(e->version); free(e->image);
	memset(e, 0, sizeof(*e));
}

/* Trims ASCII space at both ends, in place, returning "s". */
static char *
trim(char *s)
{
	size_t	 n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		memmove(s, s + 1, n--);
	return s;
}

static void
editor_from_form(const struct ctx *c, struct editor *e)
{
	memset(e, 0, sizeof(*e));
	e->title = trim(xstrdup(admin_field(c, "title")));
	e->slug = trim(xstrdup(admin_field(c, "slug")));
	e->summary = trim(xstrdup(admin_field(c, "summary")));
	e->body = xstrdup(admin_field(c, "body"));
	e->topics = trim(xstrdup(admin_field(c, "topics")));
	e->kind = xstrdup(admin_field(c, "kind"));
	e->status = xstrdup(admin_field(c, "status"));
	e->publish_at = trim(xstrdup(admin_field(c, "publish_at")));
	e->author = trim(xstrdup(admin_field(c, "author")));
	e->reviewer = trim(xstrdup(admin_field(c, "reviewer")));
	e->reviewed = trim(xstrdup(admin_field(c, "reviewed_at")));
	e->review_due = trim(xstrdup(admin_field(c, "review_due")));
	e->version = xstrdup(admin_field(c, "version"));
	e->image = trim(xstrdup(admin_field(c, "image")));
	e->substantive = query_get(&c->form, "substantive") != NULL;
}

/* Fills "e" from the stored post "p" and its topics. Returns 0, or -1 ("e" still freeable). */
static int
editor_from_post(struct ctx *c, const struct post *p, struct editor *e)
{
	char		 d[32];

	memset(e, 0, sizeof(*e));
	e->title = xstrdup(p->title);
	e->slug = xstrdup(p->slug);
	e->summary = xstrdup(p->summary);
	e->body = xstrdup(p->body_md);
	e->kind = xstrdup(p->kind);
	e->status = xstrdup(p->status);
	admin_local_datetime(p->published_at, d, sizeof(d));
	e->publish_at = xstrdup(d);
	e->author = xstrdup(p->author);
	e->reviewer = xstrdup(p->reviewer);
	e->reviewed = xstrdup(p->reviewed_date ? p->reviewed_date : "");
	e->review_due = xstrdup(p->review_due_date ? p->review_due_date : "");
	snprintf(d, sizeof(d), "%lld", (long long)p->version);
	e->version = xstrdup(d);
	e->image = xstrdup("");
	{
		char	 url[MEDIA_URL_MAX];
		int64_t	 mid;

		if (media_post_image(&c->site->db, p->id, &mid) == 0 && mid > 0 &&
		    media_library_url(&c->site->db, mid, url, sizeof(url)) == 1) {
			free(e->image);
			e->image = xstrdup(url);
		}
	}
	/* Every stored body passed md_check when it was saved or imported. */
	e->body_rendered = 1;
	e->topics = post_topics_joined(&c->site->db, p->id);
	return e->topics == NULL ? -1 : 0;
}

/* Lookup of post "id" in any state: -1, 0, or 1 ("p" set). */
static int
admin_load_post(struct ctx *c, int64_t id, struct post *p)
{
	return post_load_by_id(&c->site->db, id, p);
}

/* Splits "text" at commas into trimmed, de-duplicated topics. Returns -1 with "err" if bad. */
static int
editor_topics(const char *text, char ***out, size_t *n, struct buf *err)
{
	char	*copy = xstrdup(text), *p = copy, *t, **v = NULL;
	size_t	 i, k = 0;
	int	 dup;

	while (p != NULL) {
		t = strsep(&p, ",");
		t = trim(t);
		if (*t == '\0')
			continue;
		if (util_utf8_len(t, strlen(t)) > EDITOR_MAX_TOPIC) {
			buf_printf(err, "A topic may have at most %d characters. ",
			    EDITOR_MAX_TOPIC);
			goto fail;
		}
		for (dup = 0, i = 0; i < k; i++)
			if (strcasecmp(v[i], t) == 0)
				dup = 1;
		if (dup)
			continue;
		if (k == EDITOR_MAX_TOPICS) {
			buf_printf(err, "At most %d topics. ", EDITOR_MAX_TOPICS);
			goto fail;
		}
		v = xrealloc(v, (k + 1) * sizeof(*v));
		v[k++] = xstrdup(t);
	}
	free(copy);
	*out = v;
	*n = k;
	return 0;
fail:
	for (i = 0; i < k; i++)
		free(v[i]);
	free(v);
	free(copy);
	return -1;
}

static void
editor_topics_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Checks the form and fills "in" (borrowing from "e"). Returns 0, or an HTTP status with
 * every problem described in "err".
 */
static int
editor_validate(struct ctx *c, struct editor *e, struct post_input *in, struct buf *err)
{
	enum post_validity	 v;

	memset(in, 0, sizeof(*in));
	/* Left empty, the slug is made from the title. */
	if (*e->slug == '\0' && *e->title != '\0') {
		free(e->slug);
		e->slug = slug_from_title(e->title);
	}
	in->kind = e->kind;
	in->slug = e->slug;
	in->title = e->title;
	in->summary = e->summary;
	in->body_md = e->body;
	in->body_len = strlen(e->body);
	in->status = e->status;
	in->author = e->author;
	in->reviewer = e->reviewer;
	in->reviewed_date = e->reviewed;
	in->review_due_date = e->review_due;
	in->substantive = e->substantive;
	in->saved_by = c->session->user;
	/* The one field only the form has: the publish time, as a datetime-local input sends it. */
	if (*e->publish_at != '\0' &&
	    (strlen(e->publish_at) < 16 || util_parse_datetime(e->publish_at,
	    &in->published_at) == -1))
		buf_puts(err, "The publish time must look like 2026-03-14T09:30. ");
	in->image_id = POST_IMAGE_NONE;
	if (*e->image != '\0') {
		struct media_info	 mi;

		/* A library image only: anything else would be fetched from elsewhere. */
		if ((in->image_id = media_url_id(e->image)) == 0 ||
		    media_info_load(&c->site->db, in->image_id, &mi) != 1)
			buf_puts(err, "The featured image must be one from the media library "
			    "(a /media/ address). ");
		else
			media_info_free(&mi);
	}
	v = post_validate(in, c->site->conf->render_budget_ms, err, &e->body_rendered);
	if (v == POST_TOO_LARGE)
		return 413;
	if (err->len > 0)
		return 400;
	return 0;
}

struct editor_pick {
	struct tmpl_scope	*sc;
	const char		*current;
};

/* One option of the featured image picker: the alt text says what the image shows. */
static int
editor_pick_option(const struct media_row *m, void *arg)
{
	struct editor_pick	*ep = arg;
	struct tmpl_scope	*o = tmpl_list_add(ep->sc, V_IMAGE_OPTIONS);
	char			 url[MEDIA_URL_MAX];

	snprintf(url, sizeof(url), "/media/%lld/%s", (long long)m->id, m->name ? m->name : "");
	tmpl_set_str(o, V_URL, url);
	tmpl_set_printf(o, V_LABEL, "%s (%s)", m->alt ? m->alt : "", m->name ? m->name : "");
	tmpl_set_bool(o, V_SELECTED, strcmp(url, ep->current) == 0);
	return 0;
}

/* Collects the images of a body that are not on this site: visitors' browsers never load
 * them (the Content-Security-Policy allows only the site's own images). */
static int
editor_outside_image(void *arg, const char *url, const char *alt, int index, struct buf *out)
{
	(void)alt;
	(void)index;
	(void)out;
	if (url != NULL && (strstr(url, "//") != NULL || strncmp(url, "data:", 5) == 0))
		tmpl_set_str(tmpl_list_add(arg, V_OUTSIDE_IMAGES), V_URL, url);
	return 0;
}

/*
 * The health checks of the editor's text and review fields, into "sc". The checks parse the
 * body with cmark, so a body not known to render within the budget (refused by the form's
 * validation, or restored from the autosave slot) is tried in md_check first, and is given
 * no advice unless it passes.
 */
static void
editor_checks(struct ctx *c, struct tmpl_scope *sc, struct editor *e)
{
	struct check_review	 rv;
	struct tm		 tm;
	char			 today[16];

	if (e->body_rendered == 0)
		e->body_rendered = md_check(e->body, strlen(e->body),
		    c->site->conf->render_budget_ms, NULL) == MD_OK ? 1 : -1;
	if (e->body_rendered != 1)
		return;
	localtime_r(&c->now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	rv.substantive = e->substantive;
	rv.edit_date = today;
	rv.reviewer = e->reviewer;
	rv.reviewed_date = e->reviewed;
	rv.review_due = e->review_due;
	/* Pages (contact, opening hours) carry no medical advice to review. */
	desk_set_checks(c, sc, e->body, strcmp(e->kind, "page") == 0 ? NULL : &rv);
}

/*
 * Shows the editor for post "id" (0 = new) with the values of "e", the message "error" and
 * "status". With "theirs", also shows the version someone else saved meanwhile.
 */
static int
editor_show(struct ctx *c, int64_t id, struct editor *e, const char *error,
    int status, const struct post *theirs)
{
	struct tmpl_scope	*sc;
	int			 rc;

	sc = admin_scope(c, id ? "Edit" : "New article");
	tmpl_set_bool(sc, V_IS_NEW, id == 0);
	tmpl_set_printf(sc, V_ID, "%lld", (long long)id);
	if (id)
		tmpl_set_printf(sc, V_FORM_ACTION, "/admin/articles/%lld", (long long)id);
	else
		tmpl_set_str(sc, V_FORM_ACTION, "/admin/articles/new");
	tmpl_set_str(sc, V_TITLE, e->title);
	tmpl_set_str(sc, V_SLUG, e->slug);
	tmpl_set_str(sc, V_SUMMARY, e->summary);
	tmpl_set_str(sc, V_BODY_MD, e->body);
	tmpl_set_str(sc, V_TOPICS_TEXT, e->topics);
	tmpl_set_bool(sc, V_KIND_PAGE, strcmp(e->kind, "page") == 0);
	tmpl_set_bool(sc, V_IS_PUBLISHED, strcmp(e->status, "published") == 0);
	tmpl_set_str(sc, V_PUBLISH_AT, e->publish_at);
	tmpl_set_str(sc, V_AUTHOR, e->author);
	tmpl_set_str(sc, V_REVIEWER, e->reviewer);
	tmpl_set_str(sc, V_REVIEWED_DATE, e->reviewed);
	tmpl_set_str(sc, V_REVIEW_DUE_DATE, e->review_due);
	tmpl_set_bool(sc, V_SUBSTANTIVE, e->substantive);
	tmpl_set_str(sc, V_VERSION, e->version);
	tmpl_set_str(sc, V_FORM_ERROR, error);
	tmpl_set_str(sc, V_IMAGE, e->image);
	{
		struct editor_pick	 ep = { sc, e->image };

		if (media_each(&c->site->db, NULL, editor_pick_option, &ep) == -1) {
			tmpl_scope_free(sc);
			return -1;
		}
		/* Only a body that passed the render check is parsed here; one not yet tried
		 * (restored from the autosave slot) is tried once, within the budget. */
		if (e->body_rendered == 0)
			e->body_rendered = md_check(e->body, strlen(e->body),
			    c->site->conf->render_budget_ms, NULL) == MD_OK ? 1 : -1;
		if (e->body_rendered == 1)
			free(md_render_images(e->body, strlen(e->body), editor_outside_image, sc));
	}
	editor_checks(c, sc, e);
	desk_set_autosave(c, sc, e->autosave_at, e->restored_at);
	if (theirs != NULL) {
		char	*who;

		tmpl_set_bool(sc, V_CONFLICT, 1);
		tmpl_set_str(sc, V_THEIR_TITLE, theirs->title);
		tmpl_set_str(sc, V_THEIR_BODY, theirs->body_md);
		/* Who saved theirs only adds to the warning: without it, the warning stands. */
		if (revision_last_saver(&c->site->db, theirs->id, &who) == 1) {
			tmpl_set_str(sc, V_THEIR_SAVED_BY, who);
			free(who);
		}
		/* Saving again overwrites theirs, knowingly: the form now carries it. */
		tmpl_set_printf(sc, V_VERSION, "%lld", (long long)theirs->version);
	}
	if (id) {
		struct post	 p;

		if (admin_load_post(c, id, &p) == 1) {
			tmpl_set_bool(sc, V_TRASHED, p.deleted_at != 0);
			tmpl_set_join(sc, V_URL, post_path_prefix(p.kind), p.slug);
			post_free(&p);
		}
	}
	rc = admin_render(c, TMPL_ADMIN_EDIT, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/* Handles a POST of the editor for post "id" (0 = new). */
static int
editor_save(struct ctx *c, int64_t id)
{
	struct editor		 e;
	struct post_input	 in;
	struct post		 theirs;
	struct buf		 err;
	char			**topics = NULL;
	size_t			 ntopics = 0;
	long long		 ver = -1;
	int64_t			 out;
	int			 rc, st;
	enum post_save_result	 r;

	buf_init(&err);
	editor_from_form(c, &e);
	if (id && util_parse_ll(e.version, 1, 1LL << 53, &ver) == -1)
		buf_puts(&err, "The form has no valid version; reload the page. ");
	st = editor_validate(c, &e, &in, &err);
	if (editor_topics(e.topics, &topics, &ntopics, &err) == -1 && st == 0)
		st = 400;
	if (st != 0 || err.len > 0) {
		rc = editor_show(c, id, &e, err.data, st ? st : 400, NULL);
		goto out;
	}
	in.topics = topics;
	in.ntopics = ntopics;
	if (id == 0)
		in.substantive = 1;
	r = post_save(&c->site->db, id, ver, &in, c->now, &out);
	/*
	 * Saved: the writer's autosave slot has nothing left to offer. Emptying it can fail
	 * (logged) without failing the save, which is done: the slot would only offer its
	 * text back once more.
	 */
	if (r == POST_SAVED_NEW || r == POST_SAVED_UPDATE)
		(void)autosave_drop(&c->site->db, c->session->user_id, id);
	switch (r) {
	case POST_SAVED_NEW:
		rc = admin_see_other(c, "/admin/articles/%lld?done=created",
		    (long long)out);
		break;
	case POST_SAVED_UPDATE:
		rc = admin_see_other(c, "/admin/articles/%lld?done=saved",
		    (long long)out);
		break;
	case POST_SAVE_CONFLICT:
		if ((rc = admin_load_post(c, id, &theirs)) != 1) {
			rc = -1;
			break;
		}
		rc = editor_show(c, id, &e, "Someone else saved this article while "
		    "you were editing it. Your text is below and was not saved; "
		    "their version is shown for comparison. Merge what you need, "
		    "then save again.", 409, &theirs);
		post_free(&theirs);
		break;
	case POST_SAVE_SLUG_TAKEN:
		rc = editor_show(c, id, &e, "Another article or page already uses "
		    "this slug. Choose another.", 409, NULL);
		break;
	case POST_SAVE_GONE:
		rc = site_error(c, 404, "This article no longer exists.");
		break;
	default:
		/* The writer's words must survive a full disk: show them again. */
		if (db_take_disk_full())
			rc = editor_show(c, id, &e, "The server's disk is full, so this "
			    "was not saved. Your text is below: copy it somewhere safe, ask "
			    "whoever looks after the server to free some space, then save "
			    "again.", 507, NULL);
		else
			rc = -1;
		break;
	}
out:
	editor_topics_free(topics, ntopics);
	editor_free(&e);
	buf_free(&err);
	return rc;
}

/* Saves the editor's fields of the posted form to post "id" (0 = new): the editor's POST, or
 * a login that carried them. Returns 0 with the answer made, or -1. */
int
admin_article_save(struct ctx *c, int64_t id)
{
	return editor_save(c, id);
}

/*
 * Looks at the writer's autosave slot for post "id": with ?restore=autosave its title,
 * summary and text replace those of "e"; otherwise, when they differ, the editor offers them
 * back. Returns 0 or -1.
 */
static int
editor_autosave(struct ctx *c, int64_t id, struct editor *e)
{
	const char	*want = query_get(&c->req->query, "restore");
	struct autosave	 a;
	int		 rc;

	if ((rc = autosave_get(&c->site->db, c->session->user_id, id, &a)) != 1)
		return rc;
	if (want != NULL && strcmp(want, "autosave") == 0) {
		free(e->title);
		free(e->summary);
		free(e->body);
		e->title = a.title;
		e->summary = a.summary;
		e->body = a.body;
		e->body_rendered = 0;	/* the slot takes any text: not checked yet */
		e->restored_at = a.saved_at;
		a.title = a.summary = a.body = NULL;
	} else if (strcmp(a.title, e->title) != 0 || strcmp(a.summary, e->summary) != 0 ||
	    strcmp(a.body, e->body) != 0)
		e->autosave_at = a.saved_at;
	autosave_free(&a);
	return 0;
}

int
admin_article_new(struct ctx *c)
{
	struct editor	 e;
	struct user	 u;
	char		 d[32];
	int		 rc;

	if (c->req->method == METHOD_POST)
		return editor_save(c, 0);
	/* The author readers see is the display name, never the login (a half credential). */
	if ((rc = user_load_by_id(&c->site->db, c->session->user_id, &u)) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	e.author = xstrdup(rc == 1 ? u.display_name : "");
	if (rc == 1)
		user_free(&u);
	admin_local_datetime(c->now, d, sizeof(d));
	e.title = xstrdup(""); e.slug = xstrdup(""); e.summary = xstrdup("");
	e.body = xstrdup(""); e.topics = xstrdup(""); e.kind = xstrdup("article");
	e.status = xstrdup("draft"); e.publish_at = xstrdup("");
	e.reviewer = xstrdup("");
	e.reviewed = xstrdup(""); e.review_due = xstrdup(""); e.version = xstrdup("0");
	e.image = xstrdup("");
	e.substantive = 1;
	e.body_rendered = 1;	/* empty */
	rc = editor_autosave(c, 0, &e) == -1 ? -1 : editor_show(c, 0, &e, NULL, 200, NULL);
	editor_free(&e);
	return rc;
}

int
admin_article_edit(struct ctx *c)
{
	struct editor	 e;
	struct post	 p;
	int64_t		 id;
	int		 rc;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return site_error(c, 404, NULL);
	if (c->req->method == METHOD_POST)
		return editor_save(c, id);
	if ((rc = admin_load_post(c, id, &p)) != 1)
		return rc == 0 ? site_error(c, 404, "No such article.") : -1;
	rc = editor_from_post(c, &p, &e);
	post_free(&p);
	if (rc == 0)
		rc = editor_autosave(c, id, &e) == -1 ? -1 :
		    editor_show(c, id, &e, NULL, 200, NULL);
	editor_free(&e);
	return rc;
}

/*
 * Fills "sc" with the form's unsaved article "e" as visitors would see it (nothing is
 * saved). Returns 0, -1 on error, or an HTTP status with the reasons in "err".
 */
static int
preview_fill(struct ctx *c, struct tmpl_scope *sc, struct editor *e, struct buf *err)
{
	struct tmpl_scope	*t;
	struct post		 p;
	struct post_input	 in;
	char			**topics = NULL, slug[128];
	size_t			 ntopics = 0, i;
	int			 rc;

	if ((rc = editor_validate(c, e, &in, err)) != 0)
		return rc;
	if (editor_topics(e->topics, &topics, &ntopics, err) == -1)
		return 400;
	memset(&p, 0, sizeof(p));
	p.kind = xstrdup(e->kind);
	p.slug = xstrdup(e->slug);
	p.title = xstrdup(e->title);
	p.summary = xstrdup(e->summary);
	p.body_md = xstrdup(e->body);
	p.reading_minutes = md_reading_minutes(p.body_md, strlen(p.body_md));
	p.status = xstrdup(e->status);
	p.published_at = in.published_at ? in.published_at : c->now;
	p.updated_at = c->now;
	p.author = xstrdup(e->author);
	p.reviewer = xstrdup(e->reviewer);
	p.reviewed_date = *e->reviewed ? xstrdup(e->reviewed) : NULL;
	p.review_due_date = *e->review_due ? xstrdup(e->review_due) : NULL;
	tmpl_set_printf(sc, V_PAGE_TITLE, "Preview: %s", p.title);
	tmpl_set_bool(sc, V_PREVIEW, 1);
	tmpl_set_bool(sc, V_KIND_PAGE, strcmp(p.kind, "page") == 0);
	rc = site_set_post(c, sc, &p, 1);
	for (i = 0; rc == 0 && i < ntopics; i++) {
		t = tmpl_list_add(sc, V_TOPICS);
		tmpl_set_str(t, V_TOPIC_NAME, topics[i]);
		if (topic_slug(topics[i], slug, sizeof(slug)) == 0)
			tmpl_set_join(t, V_TOPIC_URL, "/topics/", slug);
	}
	editor_topics_free(topics, ntopics);
	post_free(&p);
	return rc;
}

/*
 * The article as visitors would see it, with a banner: GET shows the saved version, POST the
 * form's unsaved text (the editor's Preview button posts here).
 */
int
admin_article_preview(struct ctx *c)
{
	struct tmpl_scope	*sc;
	struct editor		 e;
	struct post		 p;
	struct buf		 err;
	enum tmpl_file		 file;
	int64_t			 id;
	int			 rc;

	if (admin_cap_id(c, &id) == -1)
		return site_error(c, 404, NULL);
	sc = site_scope(c);
	buf_init(&err);
	if (c->req->method == METHOD_POST) {
		editor_from_form(c, &e);
		file = strcmp(e.kind, "page") == 0 ? TMPL_PAGE : TMPL_POST;
		rc = preview_fill(c, sc, &e, &err);
		editor_free(&e);
		if (rc != 0) {
			rc = rc > 0 ? site_error(c, rc, err.data) : -1;
			goto out;
		}
	} else {
		if (id == 0 || (rc = admin_load_post(c, id, &p)) != 1) {
			rc = id != 0 && rc == -1 ? -1 : site_error(c, 404, NULL);
			goto out;
		}
		file = strcmp(p.kind, "page") == 0 ? TMPL_PAGE : TMPL_POST;
		tmpl_set_printf(sc, V_PAGE_TITLE, "Preview: %s", p.title);
		tmpl_set_bool(sc, V_PREVIEW, 1);
		rc = site_set_post(c, sc, &p, 1);
		post_free(&p);
		if (rc != 0)
			goto out;
	}
	rc = admin_render(c, file, sc, 200);
	resp_header(c->resp, "X-Robots-Tag", "noindex");
out:
	tmpl_scope_free(sc);
	buf_free(&err);
	return rc;
}

/*
 * The editor's live panel (admin/live.html): the checks and the article as visitors would
 * see it, for the form's unsaved text, fetched while the writer types. Never saves; a form
 * that does not validate yet answers 200 with the reason in place of the article, since a
 * half-typed date is no error of the request.
 */
int
admin_article_live(struct ctx *c)
{
	struct tmpl_scope	*sc;
	struct editor		 e;
	struct buf		 err;
	int64_t			 id;
	int			 rc;

	if (admin_cap_id(c, &id) == -1)
		return site_error(c, 404, NULL);
	sc = site_scope(c);
	buf_init(&err);
	editor_from_form(c, &e);
	if ((rc = preview_fill(c, sc, &e, &err)) > 0) {
		tmpl_set_str(sc, V_FORM_ERROR, err.data);
		rc = 0;
	}
	if (rc == 0) {
		editor_checks(c, sc, &e);
		rc = admin_render(c, TMPL_ADMIN_LIVE, sc, 200);
		resp_header(c->resp, "X-Robots-Tag", "noindex");
	}
	editor_free(&e);
	buf_free(&err);
	tmpl_scope_free(sc);
	return rc;
}

static int
admin_trash_set(struct ctx *c, int trash)
{
	enum post_trash_result	 r;
	int64_t			 id;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return site_error(c, 404, NULL);
	r = post_set_trashed(&c->site->db, id, trash, c->session->user, c->now);
	if (r == POST_TRASH_GONE)
		return site_error(c, 404, "No such article.");
	if (r != POST_TRASH_DONE)
		return -1;
	return admin_see_other(c, trash ? "/admin/articles?state=trash&done=trashed" :
	    "/admin/articles/%lld?done=restored", (long long)id);
}

int
admin_article_trash(struct ctx *c)
{
	return admin_trash_set(c, 1);
}

int
admin_article_restore(struct ctx *c)
{
	return admin_trash_set(c, 0);
}

/* Deletes everything in the trash for good; the form must tick "confirm". */
int
admin_trash_empty(struct ctx *c)
{
	size_t	 n;

	if (strcmp(admin_field(c, "confirm"), "yes") != 0)
		return site_error(c, 400, "Tick the box to confirm that the trash "
		    "should be emptied for good.");
	if (post_empty_trash(&c->site->db, c->session->user, c->now, &n) == -1)
		return -1;
	return admin_see_other(c, "/admin/articles?state=trash&done=emptied");
}
