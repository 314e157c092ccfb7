/* SPDX-License-Identifier: ISC */
/* admin_media.c: image uploads and the media library. An upload needs alt text and goes
 * through the image pipeline (media_store), which decides by its bytes whether it is an
 * image we accept; only the variants it makes are kept, in the database. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

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

static int
media_page(struct ctx *c, int status, const char *error, const char *alt)
{
	struct tmpl_scope	*sc, *item;
	sqlite3_stmt		*st;
	char			 d[64];
	int			 rc;

	sc = admin_scope(c, "Media");
	tmpl_set_str(sc, V_FORM_ERROR, error);
	tmpl_set_str(sc, V_ALT, alt);
	st = db_stmt(&c->site->db, STMT_MEDIA_LIST);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long	 id = sqlite3_column_int64(st, 0);
		const char	*name = (const char *)sqlite3_column_text(st, 1);
		const char	*malt = (const char *)sqlite3_column_text(st, 4);

		item = tmpl_list_add(sc, V_MEDIA);
		tmpl_set_printf(item, V_ID, "%lld", id);
		tmpl_set_str(item, V_NAME, name);
		tmpl_set_printf(item, V_URL, "/media/%lld/%s", id, name);
		tmpl_set_str(item, V_ALT, malt);
		tmpl_set_str(item, V_MIME, (const char *)sqlite3_column_text(st, 2));
		tmpl_set_printf(item, V_SIZE, "%lld KiB",
		    (long long)(sqlite3_column_int64(st, 3) + 1023) / 1024);
		/* Markdown alt text cannot hold "]" unescaped. */
		{
			struct buf	 b;
			const char	*p;

			buf_init(&b);
			buf_puts(&b, "![");
			for (p = malt; p != NULL && *p != '\0'; p++) {
				if (*p == '[' || *p == ']' || *p == '\\')
					buf_putc(&b, '\\');
				buf_putc(&b, *p);
			}
			buf_printf(&b, "](/media/%lld/%s)", id, name);
			tmpl_set_str(item, V_SNIPPET, b.data);
			buf_free(&b);
		}
		media_page_thumb(c, item, id, malt);
		site_date_human((time_t)sqlite3_column_int64(st, 5), d, sizeof(d));
		tmpl_set_str(item, V_CREATED_HUMAN, d);
		tmpl_set_str(item, V_WHO, (const char *)sqlite3_column_text(st, 6));
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? admin_render(c, TMPL_ADMIN_MEDIA, sc, status) : -1;
	tmpl_scope_free(sc);
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
