/* admin_posts.c: the editor: new and edit forms with every field of a post, validation that
 * re-shows the form with the writer's text intact, the optimistic version check (a stale form
 * gets 409 and both texts, nothing overwritten), server-side preview, trash and restore. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "admin.h"
#include "media.h"
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

/* Fills "e" from the stored post "p" and its topics. */
static void
editor_from_post(struct ctx *c, const struct post *p, struct editor *e)
{
	sqlite3_stmt	*st;
	struct buf	 t;
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
	buf_init(&t);
	st = db_stmt(&c->site->db, STMT_POST_TOPICS);
	sqlite3_bind_int64(st, 1, p->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t.len > 0)
			buf_puts(&t, ", ");
		buf_puts(&t, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	e->topics = buf_detach(&t);
}

/* Lookup of post "id" in any state: -1, 0, or 1 ("p" set). */
static int
admin_load_post(struct ctx *c, int64_t id, struct post *p)
{
	sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_POST_BY_ID);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		post_from_row(st, p);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
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
	size_t		 tl = util_utf8_len(e->title, strlen(e->title));
	enum md_result	 mr;
	int		 status = 0;

	memset(in, 0, sizeof(*in));
	if (tl == 0)
		buf_puts(err, "The title is empty. ");
	else if (tl > LIMIT_TITLE)
		buf_printf(err, "The title is longer than %d characters. ", LIMIT_TITLE);
	if (*e->slug == '\0' && tl > 0) {
		free(e->slug);
		e->slug = slug_from_title(e->title);
	}
	if (*e->slug != '\0' && !slug_valid(e->slug))
		buf_puts(err, "The slug may only hold a-z, 0-9 and single hyphens "
		    "(at most 100), and must not be a reserved word. ");
	if (util_utf8_len(e->summary, strlen(e->summary)) > LIMIT_SUMMARY)
		buf_printf(err, "The summary is longer than %d characters. ",
		    LIMIT_SUMMARY);
	if (strcmp(e->kind, "article") != 0 && strcmp(e->kind, "page") != 0)
		buf_puts(err, "Choose whether this is an article or a page. ");
	if (strcmp(e->status, "draft") != 0 && strcmp(e->status, "published") != 0)
		buf_puts(err, "Choose draft or published. ");
	if (*e->publish_at != '\0' &&
	    (strlen(e->publish_at) < 16 || util_parse_datetime(e->publish_at,
	    &in->published_at) == -1))
		buf_puts(err, "The publish time must look like 2026-03-14T09:30. ");
	if (*e->reviewed != '\0' && !util_valid_date(e->reviewed))
		buf_puts(err, "The reviewed date must be a real day, YYYY-MM-DD. ");
	if (*e->review_due != '\0' && !util_valid_date(e->review_due))
		buf_puts(err, "The next review date must be a real day, YYYY-MM-DD. ");
	if (strlen(e->author) > 200 || strlen(e->reviewer) > 200)
		buf_puts(err, "Author and reviewer names are limited to 200 "
		    "characters. ");
	if (strlen(e->body) > LIMIT_MARKDOWN) {
		buf_puts(err, "The text is larger than 256 KiB. ");
		status = 413;
	} else if ((mr = md_check(e->body, strlen(e->body),
	    c->site->conf->render_budget_ms, NULL)) != MD_OK)
		buf_printf(err, "%s. ", md_strerror(mr));
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
	if (err->len > 0)
		return status ? status : 400;
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
	return 0;
}

struct editor_pick {
	struct tmpl_scope	*sc;
	const char		*current;
};

/* One option of the featured image picker: the alt text says what the image shows. */
static void
editor_pick_option(void *arg, int64_t id, const char *name, const char *alt)
{
	struct editor_pick	*ep = arg;
	struct tmpl_scope	*o = tmpl_list_add(ep->sc, V_IMAGE_OPTIONS);
	char			 url[MEDIA_URL_MAX];

	snprintf(url, sizeof(url), "/media/%lld/%s", (long long)id, name ? name : "");
	tmpl_set_str(o, V_URL, url);
	tmpl_set_printf(o, V_LABEL, "%s (%s)", alt ? alt : "", name ? name : "");
	tmpl_set_bool(o, V_SELECTED, strcmp(url, ep->current) == 0);
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
 * Shows the editor for post "id" (0 = new) with the values of "e", the message "error" and
 * "status". With "theirs", also shows the version someone else saved meanwhile.
 */
static int
editor_show(struct ctx *c, int64_t id, const struct editor *e, const char *error,
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

		if (media_each(&c->site->db, editor_pick_option, &ep) == -1) {
			tmpl_scope_free(sc);
			return -1;
		}
		/* The body passed the render check when it was saved or is being re-shown
		 * after it; an unchecked one (too slow) is not rendered here. */
		if (md_check(e->body, strlen(e->body), c->site->conf->render_budget_ms,
		    NULL) == MD_OK)
			free(md_render_images(e->body, strlen(e->body), editor_outside_image, sc));
	}
	if (theirs != NULL) {
		sqlite3_stmt	*st = db_stmt(&c->site->db, STMT_REVISION_LAST_BY);

		tmpl_set_bool(sc, V_CONFLICT, 1);
		tmpl_set_str(sc, V_THEIR_TITLE, theirs->title);
		tmpl_set_str(sc, V_THEIR_BODY, theirs->body_md);
		sqlite3_bind_int64(st, 1, theirs->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			tmpl_set_str(sc, V_THEIR_SAVED_BY,
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		/* Saving again overwrites theirs, knowingly: the form now carries it. */
		tmpl_set_printf(sc, V_VERSION, "%lld", (long long)theirs->version);
	}
	if (id) {
		struct post	 p;

		if (admin_load_post(c, id, &p) == 1) {
			tmpl_set_bool(sc, V_TRASHED, p.deleted_at != 0);
			tmpl_set_printf(sc, V_URL, "%s/%s", strcmp(p.kind, "page") == 0 ?
			    "" : "/articles", p.slug);
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

int
admin_article_new(struct ctx *c)
{
	struct editor	 e;
	char		 d[32];
	int		 rc;

	if (c->req->method == METHOD_POST)
		return editor_save(c, 0);
	memset(&e, 0, sizeof(e));
	admin_local_datetime(c->now, d, sizeof(d));
	e.title = xstrdup(""); e.slug = xstrdup(""); e.summary = xstrdup("");
	e.body = xstrdup(""); e.topics = xstrdup(""); e.kind = xstrdup("article");
	e.status = xstrdup("draft"); e.publish_at = xstrdup("");
	e.author = xstrdup(c->session->user); e.reviewer = xstrdup("");
	e.reviewed = xstrdup(""); e.review_due = xstrdup(""); e.version = xstrdup("0");
	e.image = xstrdup("");
	e.substantive = 1;
	rc = editor_show(c, 0, &e, NULL, 200, NULL);
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
	editor_from_post(c, &p, &e);
	post_free(&p);
	rc = editor_show(c, id, &e, NULL, 200, NULL);
	editor_free(&e);
	return rc;
}

/*
 * The article as visitors would see it, with a banner: GET shows the saved version, POST the
 * form's unsaved text (the editor's Preview button posts here).
 */
int
admin_article_preview(struct ctx *c)
{
	struct tmpl_scope	*sc, *t;
	struct editor		 e;
	struct post		 p;
	struct post_input	 in;
	struct buf		 err;
	char			**topics = NULL;
	size_t			 ntopics = 0, i;
	int64_t			 id;
	int			 rc = 0;

	if (admin_cap_id(c, &id) == -1)
		return site_error(c, 404, NULL);
	memset(&p, 0, sizeof(p));
	buf_init(&err);
	if (c->req->method == METHOD_POST) {
		editor_from_form(c, &e);
		if ((rc = editor_validate(c, &e, &in, &err)) != 0 ||
		    editor_topics(e.topics, &topics, &ntopics, &err) == -1) {
			rc = site_error(c, rc ? rc : 400, err.data);
			editor_free(&e);
			buf_free(&err);
			return rc;
		}
		p.id = 0;
		p.kind = xstrdup(e.kind);
		p.slug = xstrdup(e.slug);
		p.title = xstrdup(e.title);
		p.summary = xstrdup(e.summary);
		p.body_md = xstrdup(e.body);
		p.reading_minutes = md_reading_minutes(p.body_md, strlen(p.body_md));
		p.status = xstrdup(e.status);
		p.published_at = in.published_at ? in.published_at : c->now;
		p.updated_at = c->now;
		p.author = xstrdup(e.author);
		p.reviewer = xstrdup(e.reviewer);
		p.reviewed_date = *e.reviewed ? xstrdup(e.reviewed) : NULL;
		p.review_due_date = *e.review_due ? xstrdup(e.review_due) : NULL;
		editor_free(&e);
	} else if (id == 0 || (rc = admin_load_post(c, id, &p)) != 1) {
		buf_free(&err);
		return id != 0 && rc == -1 ? -1 : site_error(c, 404, NULL);
	}
	buf_free(&err);
	sc = site_scope(c);
	tmpl_set_printf(sc, V_PAGE_TITLE, "Preview: %s", p.title);
	tmpl_set_bool(sc, V_PREVIEW, 1);
	rc = site_set_post(c, sc, &p, 1);
	for (i = 0; rc == 0 && i < ntopics; i++) {
		char	 slug[128];

		t = tmpl_list_add(sc, V_TOPICS);
		tmpl_set_str(t, V_TOPIC_NAME, topics[i]);
		if (topic_slug(topics[i], slug, sizeof(slug)) == 0)
			tmpl_set_join(t, V_TOPIC_URL, "/topics/", slug);
	}
	if (rc == 0) {
		rc = admin_render(c, strcmp(p.kind, "page") == 0 ? TMPL_PAGE : TMPL_POST, sc,
		    200);
		resp_header(c->resp, "X-Robots-Tag", "noindex");
	}
	tmpl_scope_free(sc);
	editor_topics_free(topics, ntopics);
	post_free(&p);
	return rc;
}

static int
admin_trash_set(struct ctx *c, int trash)
{
	int64_t	 id;
	int	 rc;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return site_error(c, 404, NULL);
	rc = post_set_trashed(&c->site->db, id, trash, c->session->user, c->now);
	if (rc == 1)
		return site_error(c, 404, "No such article.");
	if (rc == -1)
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
	struct db	*db = &c->site->db;
	sqlite3_stmt	*st;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 rc;

	if (strcmp(admin_field(c, "confirm"), "yes") != 0)
		return site_error(c, 400, "Tick the box to confirm that the trash "
		    "should be emptied for good.");
	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, STMT_TRASH_IDS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	for (i = 0; i < n; i++) {
		if (post_fts(db, STMT_FTS_DELETE, ids[i]) == -1)
			goto fail;
		st = db_stmt(db, STMT_POST_DELETE);
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	{
		char	 detail[64];

		snprintf(detail, sizeof(detail), "%zu post(s)", n);
		if (post_audit(db, c->now, c->session->user, "empty trash", "",
		    detail) == -1 || db_commit(db) == -1)
			goto fail;
	}
	free(ids);
	return admin_see_other(c, "/admin/articles?state=trash&done=emptied");
fail:
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	db_rollback(db);
	free(ids);
	return -1;
}
