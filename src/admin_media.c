/* SPDX-License-Identifier: ISC */
/* admin_media.c: image uploads and the media library. An upload needs alt text and goes
 * through the image pipeline (media_store), which decides by its bytes whether it is an
 * image we accept; only the variants it makes are kept, in the database. The library shows
 * where each image is used, edits its alt text, and deletes an image no post shows. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "html.h"
#include "media.h"
#include "multipart.h"
#include "tmpl.h"
#include "util.h"

/* The library's thumbnail of image "id" (its smallest variant) and its size in pixels, or
 * a note that it was stored before the pipeline. */
static void
media_page_thumb(struct ctx *c, struct tmpl_scope *item, int64_t id, const char *alt)
{
	struct media_info		 mi;
	const struct media_variant	*v;
	struct buf			 b;
	char				 url[MEDIA_URL_MAX];

	if (media_info_load(&c->site->db, id, &mi) != 1)
		return;
	v = media_pick(&mi, IMAGE_JPEG, 160);
	if (v == NULL)
		v = media_pick(&mi, IMAGE_PNG, 160);
	if (v == NULL) {
		tmpl_set_str(item, V_LABEL, "not processed yet: run meridian media rebuild");
		media_info_free(&mi);
		return;
	}
	media_variant_url(url, sizeof(url), id, v);
	buf_init(&b);
	buf_printf(&b, "<img src=\"%s\" width=\"160\" height=\"%d\" alt=\"", url,
	    (int)((long long)v->height * 160 / (v->width > 0 ? v->width : 1)));
	html_escape(&b, alt != NULL ? alt : "", alt != NULL ? strlen(alt) : 0);
	buf_puts(&b, "\" loading=\"lazy\" decoding=\"async\">");
	tmpl_set_raw_owned(item, V_THUMB_HTML, b.data, b.len);
	tmpl_set_printf(item, V_LABEL, "%d × %d px", mi.width, mi.height);
	media_info_free(&mi);
}

/* An image listed on the page, found again by id when its uses are read. */
struct media_slot {
	int64_t			 id;
	struct tmpl_scope	*item;
	int			 uses;
};

/* The library as the page lists it: the request, the page's scope, and its images in the
 * order media_each() gives them (newest first: ids descending). */
struct media_fill {
	struct ctx		*c;
	struct tmpl_scope	*sc;
	struct media_slot	*slots;		/* owned */
	size_t			 n, cap;
};

#define MEDIA_USES_SHOWN	20	/* per image; the rest are counted */

/* media_each_fn: one image of the library, with the Markdown that shows it. */
static int
media_page_add(const struct media_row *m, void *arg)
{
	struct media_fill	*f = arg;
	struct tmpl_scope	*item = tmpl_list_add(f->sc, V_MEDIA);
	struct buf		 b;
	const char		*p;
	char			 d[64];

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->slots = xrealloc(f->slots, f->cap * sizeof(*f->slots));
	}
	f->slots[f->n].id = m->id;
	f->slots[f->n].item = item;
	f->slots[f->n++].uses = 0;
	tmpl_set_printf(item, V_ID, "%lld", (long long)m->id);
	tmpl_set_str(item, V_NAME, m->name);
	tmpl_set_printf(item, V_URL, "/media/%lld/%s", (long long)m->id, m->name);
	tmpl_set_str(item, V_ALT, m->alt);
	tmpl_set_str(item, V_MIME, m->mime);
	tmpl_set_printf(item, V_SIZE, "%lld KiB", (long long)(m->size + 1023) / 1024);
	/* Markdown alt text cannot hold "]" unescaped. */
	buf_init(&b);
	buf_puts(&b, "![");
	for (p = m->alt; p != NULL && *p != '\0'; p++) {
		if (*p == '[' || *p == ']' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p);
	}
	buf_printf(&b, "](/media/%lld/%s)", (long long)m->id, m->name);
	tmpl_set_str(item, V_SNIPPET, b.data);
	buf_free(&b);
	media_page_thumb(f->c, item, m->id, m->alt);
	site_date_human(m->created_at, d, sizeof(d));
	tmpl_set_str(item, V_CREATED_HUMAN, d);
	tmpl_set_str(item, V_WHO, m->uploaded_by);
	return 0;
}

static int
media_slot_cmp(const void *key, const void *elem)
{
	int64_t	 id = *(const int64_t *)key, e = ((const struct media_slot *)elem)->id;

	/* Descending, as the slots are. */
	return id > e ? -1 : id < e;
}

/* How a post uses an image, for people. */
static const char *
media_use_how(const struct media_use *u)
{
	if (u->featured)
		return u->trashed ? "featured image, in the trash" : "featured image";
	return u->trashed ? "in the text, in the trash" : "in the text";
}

/* media_use_fn: one use, under its image if the page lists it. */
static int
media_page_use(const struct media_use *u, void *arg)
{
	struct media_fill	*f = arg;
	struct media_slot	*s;
	struct tmpl_scope	*item;

	s = bsearch(&u->media_id, f->slots, f->n, sizeof(*f->slots), media_slot_cmp);
	if (s == NULL || ++s->uses > MEDIA_USES_SHOWN)
		return 0;
	item = tmpl_list_add(s->item, V_USES);
	tmpl_set_str(item, V_TITLE, *u->title != '\0' ? u->title : "(no title)");
	tmpl_set_printf(item, V_EDIT_URL, "/admin/articles/%lld", (long long)u->post_id);
	tmpl_set_str(item, V_LABEL, media_use_how(u));
	tmpl_set_bool(item, V_KIND_PAGE, u->page);
	return 0;
}

/* The library (the images whose name or alt text holds ?q=, when given), each with where
 * it is used; "error" and "alt" refill the upload form after a refused POST. */
static int
media_page(struct ctx *c, int status, const char *error, const char *alt)
{
	struct media_fill	 f = { c, NULL, NULL, 0, 0 };
	const char		*q = query_get(&c->req->query, "q");
	size_t			 i;
	int			 rc = -1;

	f.sc = admin_scope(c, "Media");
	tmpl_set_str(f.sc, V_FORM_ERROR, error);
	tmpl_set_str(f.sc, V_ALT, alt);
	tmpl_set_str(f.sc, V_QUERY, q);
	if (media_each(&c->site->db, q, media_page_add, &f) == -1 ||
	    (f.n > 0 && media_uses(&c->site->db, 0, media_page_use, &f) == -1))
		goto out;
	for (i = 0; i < f.n; i++)
		if (f.slots[i].uses > MEDIA_USES_SHOWN)
			tmpl_set_printf(f.slots[i].item, V_USES_MORE, "and %d more",
			    f.slots[i].uses - MEDIA_USES_SHOWN);
	rc = admin_render(c, TMPL_ADMIN_MEDIA, f.sc, status);
out:
	tmpl_scope_free(f.sc);
	free(f.slots);
	return rc;
}

/* Why an alt text cannot be kept, or NULL when it can. */
static const char *
media_alt_problem(const char *alt)
{
	const char	*p;

	if (alt == NULL || *alt == '\0')
		return "Describe the image in the alt text: people who cannot see it rely "
		    "on it.";
	if (util_utf8_len(alt, strlen(alt)) > MEDIA_MAX_ALT)
		return "The alt text is longer than 300 characters.";
	for (p = alt; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "The alt text cannot hold line breaks or control characters.";
	return NULL;
}

static int
media_upload(struct ctx *c)
{
	const struct multipart_part	*file;
	const char			*alt, *problem;
	char				 err[256];
	int64_t				 id;

	if (c->upload == NULL)
		return media_page(c, 400, "Send the upload form with a file.", NULL);
	alt = app_upload_field(c, "alt");
	file = multipart_get(c->upload, "file");
	if ((problem = media_alt_problem(alt)) != NULL)
		return media_page(c, 400, problem, alt);
	if (file == NULL || file->filename == NULL || file->len == 0)
		return media_page(c, 400, "Choose an image file to upload.", alt);
	if (file->len > LIMIT_UPLOAD)
		return media_page(c, 413, "The image is larger than 10 MiB.", alt);
	id = media_store(&c->site->db, file->filename, (const unsigned char *)file->data,
	    file->len, alt, c->session->user, c->now, err, sizeof(err));
	if (id == 0)
		return media_page(c, 400, err, alt);
	if (id < 0)
		return -1;
	return admin_see_other(c, "/admin/media?done=uploaded");
}

int
admin_media(struct ctx *c)
{
	if (c->req->method == METHOD_POST)
		return media_upload(c);
	return media_page(c, 200, NULL, NULL);
}

/* The refusal of a delete: the posts that still use the image, for people. */
struct media_refusal {
	struct buf	 msg;
	int		 n;
};

#define MEDIA_USES_NAMED	10

/* media_use_fn: names one more use in the refusal. */
static int
media_refusal_add(const struct media_use *u, void *arg)
{
	struct media_refusal	*rf = arg;

	if (++rf->n > MEDIA_USES_NAMED)
		return 0;
	buf_printf(&rf->msg, "%s“%s” (%s %lld, %s)", rf->n > 1 ? "; " : "",
	    *u->title != '\0' ? u->title : "no title", u->page ? "page" : "article",
	    (long long)u->post_id, media_use_how(u));
	return 0;
}

/* POST /admin/media/{id}: action "alt" sets the image's alt text; action "delete" deletes it,
 * refused while any post (trashed ones too) shows it. */
int
admin_media_item(struct ctx *c)
{
	const char			*action = admin_field(c, "action");
	const char			*alt = admin_field(c, "alt"), *problem;
	struct media_refusal		 rf;
	enum media_delete_result	 res;
	struct buf			 msg;
	int64_t				 id;
	int				 r;

	if (admin_cap_id(c, &id) == -1 || id == 0)
		return media_page(c, 404, "There is no such image.", NULL);
	if (strcmp(action, "alt") == 0) {
		if ((problem = media_alt_problem(alt)) != NULL)
			return media_page(c, 400, problem, NULL);
		if ((r = media_alt_set(&c->site->db, id, alt, c->session->user, c->now)) == -1)
			return -1;
		if (r == 0)
			return media_page(c, 404, "There is no such image (deleted since?).",
			    NULL);
		return admin_see_other(c, "/admin/media?done=alt#media-%lld", (long long)id);
	}
	if (strcmp(action, "delete") != 0)
		return media_page(c, 400, "Choose to save the alt text or to delete the image.",
		    NULL);
	buf_init(&rf.msg);
	rf.n = 0;
	res = media_delete(&c->site->db, id, c->session->user, c->now, media_refusal_add, &rf);
	switch (res) {
	case MEDIA_DELETED:
		r = admin_see_other(c, "/admin/media?done=deleted");
		break;
	case MEDIA_DELETE_NONE:
		r = media_page(c, 404, "There is no such image (deleted already?).", NULL);
		break;
	case MEDIA_DELETE_IN_USE:
		buf_init(&msg);
		buf_printf(&msg, "The image was not deleted: it is shown in %s", rf.msg.data);
		if (rf.n > MEDIA_USES_NAMED)
			buf_printf(&msg, "; and %d more", rf.n - MEDIA_USES_NAMED);
		buf_puts(&msg, ". Take it out of each first (a post in the trash counts: "
		    "restored, it would show a missing image).");
		r = media_page(c, 409, msg.data, NULL);
		buf_free(&msg);
		break;
	default:
		r = -1;
		break;
	}
	buf_free(&rf.msg);
	return r;
}
