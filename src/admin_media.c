/* admin_media.c: image uploads and the media library. An upload must be a JPEG, PNG, WebP or
 * GIF by its bytes (libmagic), whatever its name says, and needs alt text; it is stored in
 * the database with its SHA-256, so the one file is still the whole site. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>
#include <sodium.h>
#include <sqlite3.h>

#include "admin.h"
#include "multipart.h"
#include "tmpl.h"
#include "util.h"

#define MEDIA_MAX_ALT	300

static const struct {
	const char	*mime;
	const char	*ext;
} media_types[] = {
	{ "image/jpeg",	"jpg" },
	{ "image/png",	"png" },
	{ "image/webp",	"webp" },
	{ "image/gif",	"gif" },
};

/* libmagic's database loads once per worker, on the first upload. */
static magic_t	 media_magic;

/* The sniffed type of "data" if it is an image we accept, else NULL. */
static const char *
media_sniff(const void *data, size_t len, const char **ext)
{
	const char	*m;
	size_t		 i;

	if (media_magic == NULL) {
		if ((media_magic = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)) ==
		    NULL || magic_load(media_magic, NULL) != 0) {
			log_warnx("%s: cannot load the libmagic database", __func__);
			if (media_magic != NULL)
				magic_close(media_magic);
			media_magic = NULL;
			return NULL;
		}
	}
	if ((m = magic_buffer(media_magic, data, len)) == NULL)
		return NULL;
	for (i = 0; i < sizeof(media_types) / sizeof(media_types[0]); i++)
		if (strcmp(m, media_types[i].mime) == 0) {
			*ext = media_types[i].ext;
			return media_types[i].mime;
		}
	return NULL;
}

/* A safe file name: the upload's base name in [a-z0-9-], with the sniffed extension. */
static void
media_name(const char *filename, const char *ext, char *out, size_t len)
{
	const char	*dot = strrchr(filename, '.');
	size_t		 n = dot ? (size_t)(dot - filename) : strlen(filename), i, o = 0;
	int		 hyphen = 0;

	for (i = 0; i < n && o + 1 < len - 8 && o < 60; i++) {
		unsigned char ch = (unsigned char)filename[i];

		if (isalnum(ch) && ch < 0x80) {
			out[o++] = (char)tolower(ch);
			hyphen = 0;
		} else if (!hyphen && o > 0) {
			out[o++] = '-';
			hyphen = 1;
		}
	}
	while (o > 0 && out[o - 1] == '-')
		o--;
	if (o == 0)
		o = (size_t)snprintf(out, len - 8, "image");
	snprintf(out + o, len - o, ".%s", ext);
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
	struct db			*db = &c->site->db;
	const struct multipart_part	*file;
	const char			*alt, *mime, *ext = NULL;
	unsigned char			 h[crypto_hash_sha256_BYTES];
	char				 hex[crypto_hash_sha256_BYTES * 2 + 1], name[80];
	sqlite3_stmt			*st;
	int				 rc;

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
	if ((mime = media_sniff(file->data, file->len, &ext)) == NULL)
		return media_page(c, 400, "That file is not a JPEG, PNG, WebP or GIF "
		    "image (whatever its name says).", alt);
	media_name(file->filename, ext, name, sizeof(name));
	crypto_hash_sha256(h, (const unsigned char *)file->data, file->len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, STMT_MEDIA_INSERT);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)file->len);
	sqlite3_bind_text(st, 4, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, alt, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 6, file->data, file->len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 8, c->session->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || post_audit(db, c->now, c->session->user, "upload",
	    name, mime) == -1 || db_commit(db) == -1) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		db_rollback(db);
		return -1;
	}
	return admin_see_other(c, "/admin/media?done=uploaded");
}

int
admin_media(struct ctx *c)
{
	if (c->req->method == METHOD_POST)
		return media_upload(c);
	return media_page(c, 200, NULL, NULL);
}
