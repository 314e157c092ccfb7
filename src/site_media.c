/* SPDX-License-Identifier: ISC */
/* site_media.c: /media/{id}/{name}: an image of the library. NAME is either the library
 * name (the full size, as articles have always linked it) or WIDTH-HASH.EXT, one variant,
 * whose address changes with its bytes and so is cached as immutable. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "media.h"
#include "site.h"
#include "util.h"

/* Parses WIDTH-HASH.EXT: 1 and the parts, or 0. */
static int
media_variant_name(const char *name, int *width, char hash[17], enum image_format *fmt)
{
	long long	 w;
	const char	*dash = strchr(name, '-'), *dot;
	char		 num[8];
	int		 f;
	size_t		 i;

	if (dash == NULL || dash == name || (size_t)(dash - name) >= sizeof(num))
		return 0;
	memcpy(num, name, (size_t)(dash - name));
	num[dash - name] = '\0';
	if (util_parse_ll(num, 1, 100000, &w) == -1)
		return 0;
	dot = dash + 1;
	for (i = 0; i < 16; i++)
		if (!((dot[i] >= '0' && dot[i] <= '9') || (dot[i] >= 'a' && dot[i] <= 'f')))
			return 0;
	memcpy(hash, dot, 16);
	hash[16] = '\0';
	if (dot[16] != '.' || (f = image_format_parse(dot + 17)) == -1)
		return 0;
	*width = (int)w;
	*fmt = (enum image_format)f;
	return 1;
}

/* Sends a variant's bytes (or 304): its address changes with its bytes, so it never expires. */
static void
variant_send(struct ctx *c, const struct media_blob *b, enum image_format fmt)
{
	snprintf(c->resp->etag, sizeof(c->resp->etag), "\"%.40s\"", b->sha);
	c->resp->cache_control = "public, max-age=31536000, immutable";
	c->resp->content_type = image_format_mimes[fmt];
	if (!resp_not_modified(c->req, c->resp))
		buf_append(&c->resp->body, b->bytes.data, b->bytes.len);
}

/* A variant: immutable at its address; an address whose hash is no longer current (the
 * image was rebuilt since) is sent on to the current one. */
static int
site_media_variant(struct ctx *c, int64_t id, const char *name)
{
	struct media_blob	 b;
	struct media_variant	 v;
	enum image_format	 fmt;
	char			 hash[17], url[MEDIA_URL_MAX];
	int			 width, r;

	if (!media_variant_name(name, &width, hash, &fmt))
		return site_error(c, 404, NULL);
	memset(&b, 0, sizeof(b));
	buf_init(&b.bytes);
	if ((r = media_variant_load(&c->site->db, id, width, fmt, &b)) != 1) {
		buf_free(&b.bytes);
		return r == 0 ? site_error(c, 404, NULL) : -1;
	}
	if (strncmp(b.sha, hash, 16) != 0) {
		v.width = width;
		v.height = b.height;
		v.format = fmt;
		memcpy(v.sha, b.sha, sizeof(v.sha));
		media_variant_url(url, sizeof(url), id, &v);
		buf_free(&b.bytes);
		resp_redirect(c->resp, 301, url);
		return 0;
	}
	variant_send(c, &b, fmt);
	buf_free(&b.bytes);
	return 0;
}

/* A variant whose address is current, as the fast path of site_media(): most requests
 * for images are for variants, and only this one row is read. Returns 1 when it answered,
 * 0 when the address is for site_media()'s full path to decide (an image's own name, an
 * old hash, no such variant), -1 on error. */
static int
site_media_variant_current(struct ctx *c, int64_t id, const char *name)
{
	struct media_blob	 b;
	enum image_format	 fmt;
	char			 hash[17];
	int			 width, r;

	if (!media_variant_name(name, &width, hash, &fmt))
		return 0;
	memset(&b, 0, sizeof(b));
	buf_init(&b.bytes);
	r = media_variant_load(&c->site->db, id, width, fmt, &b);
	if (r == 1 && strncmp(b.sha, hash, 16) == 0)
		variant_send(c, &b, fmt);
	else if (r == 1)
		r = 0;
	buf_free(&b.bytes);
	return r;
}

/* The request; whether the URL named the image itself (else a variant); and, for a name
 * the image had before the pipeline renamed it, its current address. */
struct media_req {
	struct ctx	*c;
	int		 other_name;
	char		 moved[MEDIA_URL_MAX];
};

/* Whether "old" is "name" with the extension it had before the image pipeline: images
 * stored before it kept the upload's type (JPEG, PNG, WebP or GIF), and their first run
 * through the pipeline (`meridian init` after the upgrade) gave them the stored format's
 * extension, so links from that time name the same image with another extension. */
static int
media_old_name(const char *old, const char *name)
{
	static const char *const old_exts[] = { "jpg", "png", "webp", "gif" };
	const char	*odot = strrchr(old, '.'), *ndot = strrchr(name, '.');
	size_t		 i;

	if (odot == NULL || ndot == NULL || odot - old != ndot - name ||
	    strncmp(old, name, (size_t)(ndot - name)) != 0 || strcmp(odot, ndot) == 0)
		return 0;
	for (i = 0; i < sizeof(old_exts) / sizeof(old_exts[0]); i++)
		if (strcmp(odot + 1, old_exts[i]) == 0)
			return 1;
	return 0;
}

/* media_file_fn: an image's full size, or 304 when the client's copy is current. */
static int
site_media_file(const struct media_file *f, void *arg)
{
	struct media_req	*mr = arg;
	struct ctx		*c = mr->c;

	/* The name is part of the URL for people; a name from before the pipeline moves to
	 * the current one; anything else names a variant. */
	if (f->name != NULL && media_old_name(c->cap2, f->name)) {
		snprintf(mr->moved, sizeof(mr->moved), "/media/%lld/%s", (long long)f->id, f->name);
		return 0;
	}
	if (f->name == NULL || strcmp(f->name, c->cap2) != 0) {
		mr->other_name = 1;
		return 0;
	}
	snprintf(c->resp->etag, sizeof(c->resp->etag), "\"%.40s\"", f->sha256 ? f->sha256 : "");
	c->resp->last_modified = f->created_at;
	/* The library name keeps its address when `meridian media rebuild` changes the bytes:
	 * a day, then revalidated by ETag. */
	c->resp->cache_control = "public, max-age=86400";
	if (resp_not_modified(c->req, c->resp))
		return 0;
	/* Only types the image pipeline writes are ever stored; the static strings keep the
	 * header a known value. */
	if (strcmp(f->mime, "image/png") == 0)
		c->resp->content_type = "image/png";
	else if (strcmp(f->mime, "image/jpeg") == 0)
		c->resp->content_type = "image/jpeg";
	else if (strcmp(f->mime, "image/gif") == 0)
		c->resp->content_type = "image/gif";
	else if (strcmp(f->mime, "image/webp") == 0)
		c->resp->content_type = "image/webp";
	else
		c->resp->content_type = "application/octet-stream";
	buf_append(&c->resp->body, f->bytes, f->len);
	return 0;
}

int
site_media(struct ctx *c)
{
	struct media_req	 mr = { c, 0, "" };
	long long		 id;
	int			 rc;

	if (c->cap == NULL || c->cap2 == NULL ||
	    util_parse_ll(c->cap, 1, 1LL << 53, &id) == -1)
		return site_error(c, 404, NULL);
	if ((rc = site_media_variant_current(c, (int64_t)id, c->cap2)) != 0)
		return rc == 1 ? 0 : -1;
	if ((rc = media_file_get(&c->site->db, id, site_media_file, &mr)) != 1)
		return rc == 0 ? site_error(c, 404, NULL) : -1;
	if (mr.moved[0] != '\0') {
		resp_redirect(c->resp, 301, mr.moved);
		return 0;
	}
	if (mr.other_name)
		return site_media_variant(c, (int64_t)id, c->cap2);
	return 0;
}
