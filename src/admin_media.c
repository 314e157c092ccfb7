/* SPDX-License-Identifier: ISC */
/* admin_media.c: image uploads and the media library. An upload needs alt text and goes
 * through the image pipeline (media_store), which decides by its bytes whether it is an
 * image we accept; only the variants it makes are kept, in the database. */
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

/* Where media_page_add() puts an image: the request and the page's scope. */
struct media_fill {
	struct ctx		*c;
	struct tmpl_scope	*sc;
};

/* media_each_fn: one image of the library, with the Markdown that shows it. */
static int
media_page_add(const struct media_row *m, void *arg)
{
	struct media_fill	*f = arg;
	struct tmpl_scope	*item = tmpl_list_add(f->sc, V_MEDIA);
	struct buf		 b;
	const char		*p;
	char			 d[64];

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
media_page(struct ctx *c, int status, const char *error, const char *alt)
{
	struct media_fill	 f = { c, NULL };
	int			 rc;

	f.sc = admin_scope(c, "Media");
	tmpl_set_str(f.sc, V_FORM_ERROR, error);
	tmpl_set_str(f.sc, V_ALT, alt);
	rc = media_each(&c->site->db, media_page_add, &f) == -1 ? -1 :
	    admin_render(c, TMPL_ADMIN_MEDIA, f.sc, status);
	tmpl_scope_free(f.sc);
	return rc;
}

static int
media_upload(struct ctx *c)
{
	const struct multipart_part	*file;
	const char			*alt;
	char				 err[256];
	int64_t				 id;

	if (c->upload == NULL)
		return media_page(c, 400, "Send the upload form with a file.", NULL);
	alt = app_upload_field(c, "alt");
	file = multipart_get(c->upload, "file");
	if (alt == NULL || *alt == '\0')
		return media_page(c, 400, "Describe the image in the alt text: "
		    "people who cannot see it rely on it.", NULL);
	if (util_utf8_len(alt, strlen(alt)) > MEDIA_MAX_ALT)
		return media_page(c, 400, "The alt text is longer than 300 "
		    "characters.", alt);
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
