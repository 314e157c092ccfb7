/* site_media.c: /media/{id}/{name}: an uploaded image with the type sniffed from its bytes
 * at upload, cached for a year (a new upload gets a new id, so the URL never changes meaning). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "site.h"
#include "util.h"

int
site_media(struct ctx *c)
{
	sqlite3_stmt	*st;
	long long	 id;
	const char	*name, *mime, *sha;
	int		 rc;

	if (c->cap == NULL || c->cap2 == NULL ||
	    util_parse_ll(c->cap, 1, 1LL << 53, &id) == -1)
		return site_error(c, 404, NULL);
	st = db_stmt(&c->site->db, STMT_MEDIA_GET);
	sqlite3_bind_int64(st, 1, id);
	rc = db_step(st, __func__);
	if (rc != 1) {
		sqlite3_reset(st);
		return rc == 0 ? site_error(c, 404, NULL) : -1;
	}
	name = (const char *)sqlite3_column_text(st, 0);
	mime = (const char *)sqlite3_column_text(st, 1);
	sha = (const char *)sqlite3_column_text(st, 3);
	/* The name is part of the URL for people; a wrong one is a wrong address. */
	if (name == NULL || strcmp(name, c->cap2) != 0) {
		sqlite3_reset(st);
		return site_error(c, 404, NULL);
	}
	snprintf(c->resp->etag, sizeof(c->resp->etag), "\"%.40s\"", sha ? sha : "");
	c->resp->last_modified = (time_t)sqlite3_column_int64(st, 4);
	c->resp->cache_control = "public, max-age=31536000, immutable";
	if (resp_not_modified(c->req, c->resp)) {
		sqlite3_reset(st);
		return 0;
	}
	/* Only types the upload sniffer admits are ever stored; the static strings keep
	 * the header a known value. */
	if (strcmp(mime, "image/png") == 0)
		c->resp->content_type = "image/png";
	else if (strcmp(mime, "image/jpeg") == 0)
		c->resp->content_type = "image/jpeg";
	else if (strcmp(mime, "image/gif") == 0)
		c->resp->content_type = "image/gif";
	else if (strcmp(mime, "image/webp") == 0)
		c->resp->content_type = "image/webp";
	else
		c->resp->content_type = "application/octet-stream";
	buf_append(&c->resp->body, sqlite3_column_blob(st, 5),
	    (size_t)sqlite3_column_bytes(st, 5));
	sqlite3_reset(st);
	return 0;
}
