/* SPDX-License-Identifier: ISC */
/* wp_images.c: the images of a WordPress import: which of the old site's uploads a post
 * shows, the original behind a resized copy, the bytes from --uploads or --fetch, into the
 * media library once (remembered across runs), and their alt text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "html2md.h"
#include "media.h"
#include "meridian.h"
#include "util.h"
#include "wp_ctx.h"
#include "wp_fetch.h"
#include "wp_store.h"

/* The lower-cased host of an absolute http(s) URL into "host"; what follows it, or NULL. */
static const char *
url_host_of(const char *url, char *host, size_t hostlen)
{
	const char	*p;
	size_t		 i;

	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return NULL;
	p = strstr(url, "//") + 2;
	for (i = 0; p[i] != '\0' && p[i] != '/' && p[i] != ':' && p[i] != '?' &&
	    i + 1 < hostlen; i++)
		host[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
	host[i] = '\0';
	return p + strcspn(p, "/?#");
}

/*
 * The local path of "url" if it is on the old site (or already a path), percent-decoded,
 * with its query kept ("/?p=12"); NULL if it is elsewhere. Caller frees.
 */
char *
wp_old_path(const struct wp_ctx *c, const char *url)
{
	const char	*p = url, *q;
	char		 host[256], *dec = NULL;
	size_t		 declen;
	struct buf	 b;

	if ((q = url_host_of(url, host, sizeof(host))) != NULL) {
		if (strcmp(host, c->host) != 0)
			return NULL;
		p = q;
	}
	if (*p == '\0')
		p = "/";
	if (*p == '?') {
		buf_init(&b);
		buf_putc(&b, '/');
		buf_append(&b, p, strcspn(p, "#"));
		return buf_detach(&b);
	}
	if (*p != '/')
		return NULL;
	q = p + strcspn(p, "?#");
	if (query_pct_decode(p, (size_t)(q - p), 0, &dec, &declen) == -1 ||
	    memchr(dec, '\0', declen) != NULL || !util_utf8_valid(dec, declen) ||
	    declen > LIMIT_PATH) {
		free(dec);
		return NULL;
	}
	buf_init(&b);
	buf_append(&b, dec, declen);
	free(dec);
	if (*q == '?')
		buf_append(&b, q, strcspn(q, "#"));
	return buf_detach(&b);
}

/* "n" bytes at "r" as a path under --uploads if they are a plain one (no "..", no odd
 * characters), else NULL. Caller frees. */
static char *
plain_rel(const char *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= 'A' && r[i] <= 'Z') ||
		    (r[i] >= '0' && r[i] <= '9') || r[i] == '-' || r[i] == '_' || r[i] == '.' ||
		    r[i] == '/'))
			return NULL;
	for (i = 0; i + 1 < n; i++)
		if (r[i] == '.' && r[i + 1] == '.')
			return NULL;
	if (n == 0 || n >= 512 || *r == '/')
		return NULL;
	return xstrndup(r, n);
}

/*
 * The path under --uploads ("2023/05/x-300x200.jpg") of the image "src" if it is one of the
 * old site's own: under its wp-content/uploads/, on its WordPress.com media host, or either
 * of those through Photon ("i0.wp.com/HOST/PATH" serves HOST/PATH). The query (Photon's and
 * WordPress.com's "?w=1024" resizing) is left off: the file is the original. Else NULL.
 */
static char *
uploads_rel(const struct wp_ctx *c, const char *src, int photon_ok)
{
	char		*path, *rel = NULL, host[256];
	const char	*r, *rest = url_host_of(src, host, sizeof(host));
	struct buf	 b;

	if (rest != NULL && strlen(host) == 9 && host[0] == 'i' && host[1] >= '0' &&
	    host[1] <= '3' && strcmp(host + 2, ".wp.com") == 0) {
		if (!photon_ok || *rest != '/')
			return NULL;
		buf_init(&b);
		buf_printf(&b, "https://%.*s", (int)strcspn(rest + 1, "?#"), rest + 1);
		rel = uploads_rel(c, b.data, 0);
		buf_free(&b);
		return rel;
	}
	if (rest != NULL && c->media_host[0] != '\0' && strcmp(host, c->media_host) == 0)
		return *rest == '/' ? plain_rel(rest + 1, strcspn(rest + 1, "?#")) : NULL;
	if ((path = wp_old_path(c, src)) == NULL)
		return NULL;
	/* A site in a folder ("/blog") has its uploads in that folder too. */
	r = path + strlen(c->base_path);
	if (strncmp(path, c->base_path, strlen(c->base_path)) == 0 &&
	    strncmp(r, WP_UPLOADS, strlen(WP_UPLOADS)) == 0) {
		r += strlen(WP_UPLOADS);
		rel = plain_rel(r, strcspn(r, "?"));
	}
	free(path);
	return rel;
}

char *
wp_uploads_rel(const struct wp_ctx *c, const char *src)
{
	return uploads_rel(c, src, 1);
}

#define WPCOM_MEDIA	".files.wordpress.com"

void
wp_media_host_learn(struct wp_ctx *c, const char *attachment_url)
{
	char		 host[sizeof(c->media_host)];
	size_t		 n, site;

	if (c->media_host[0] != '\0' || url_host_of(attachment_url, host, sizeof(host)) == NULL)
		return;
	n = strlen(host);
	if (n <= strlen(WPCOM_MEDIA) || strcmp(host + n - strlen(WPCOM_MEDIA), WPCOM_MEDIA) != 0)
		return;
	site = n - strlen(WPCOM_MEDIA);
	/* One label: SITE.files.wordpress.com, not a host under another's. */
	if (memchr(host, '.', site) != NULL)
		return;
	memcpy(c->media_host, host, n + 1);
	/* --fetch asks that host, over the scheme the export gave it, and no other. */
	snprintf(c->fetch_dir, sizeof(c->fetch_dir), "%.*s%s/",
	    (int)(strstr(attachment_url, "//") + 2 - attachment_url), attachment_url, host);
}

/* "2023/05/x-1024x768.jpg" -> "2023/05/x.jpg": WordPress's resized copies name the original. */
static char *
original_of(const char *rel)
{
	const char	*dot = strrchr(rel, '.'), *dash, *x, *p;
	struct buf	 b;

	if (dot == NULL)
		return NULL;
	for (dash = dot; dash > rel && dash[-1] != '-' && dash[-1] != '/'; dash--)
		;
	if (dash == rel || dash[-1] != '-' || (x = memchr(dash, 'x', (size_t)(dot - dash))) ==
	    NULL || x == dash || x + 1 == dot)
		return NULL;
	for (p = dash; p < dot; p++)
		if (p != x && (*p < '0' || *p > '9'))
			return NULL;
	buf_init(&b);
	buf_append(&b, rel, (size_t)(dash - 1 - rel));
	buf_puts(&b, dot);
	return buf_detach(&b);
}

/* Reads DIR/rel if it is a regular file of at most LIMIT_UPLOAD bytes. Caller frees. */
static unsigned char *
read_upload(const struct wp_ctx *c, const char *rel, size_t *len)
{
	char		 path[4096];
	struct stat	 sb;
	FILE		*f;
	unsigned char	*b;

	if (c->opt->uploads == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", c->opt->uploads, rel);
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    sb.st_size > LIMIT_UPLOAD || (f = fopen(path, "rb")) == NULL)
		return NULL;
	b = xmalloc((size_t)sb.st_size);
	*len = fread(b, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (*len != (size_t)sb.st_size) {
		free(b);
		return NULL;
	}
	return b;
}

/* What this run made of the file "rel": "*found" 1 and its URL (NULL: missing), or 0. */
const char *
wp_img_known(const struct wp_ctx *c, const char *rel, int *found)
{
	size_t	 i;

	for (i = 0; i < c->nimg; i++)
		if (strcmp(c->img[i].path, rel) == 0) {
			*found = 1;
			return c->img[i].url;
		}
	*found = 0;
	return NULL;
}

/* Notes what this run made of the file "rel" ("url" NULL: missing). */
static void
img_remember(struct wp_ctx *c, const char *rel, const char *url)
{
	c->img = xrealloc(c->img, (c->nimg + 1) * sizeof(*c->img));
	c->img[c->nimg].path = xstrdup(rel);
	c->img[c->nimg++].url = url ? xstrdup(url) : NULL;
}

/* Brings the file "rel" (or its original) into the media library; its new URL, or NULL. */
static char *
img_bring(struct wp_ctx *c, const char *rel, const char *alt)
{
	const char	*try[2], *name;
	unsigned char	*bytes = NULL;
	char		*orig = original_of(rel), *mname = NULL, err[256], *url = NULL;
	size_t		 len = 0, i;
	int64_t		 id = 0;
	struct buf	 b;

	try[0] = orig != NULL ? orig : rel;
	try[1] = rel;
	for (i = 0; i < 2 && id == 0; i++)
		if (wp_media_lookup(c->db, try[i], &id, &mname) == 1)
			c->img_reused++;
	for (i = 0; i < 2 && id == 0 && bytes == NULL; i++)
		if ((bytes = read_upload(c, try[i], &len)) != NULL)
			break;
	/* The original first; a resized copy only when the original is gone. */
	for (i = 0; i < 2 && id == 0 && bytes == NULL && c->opt->fetch &&
	    c->fetch_dir[0] != '\0'; i++) {
		if (i == 1 && strcmp(try[0], try[1]) == 0)
			break;
		if ((bytes = wp_fetch(c->fetch_dir, try[i], &len, err, sizeof(err))) != NULL)
			break;
		buf_init(&b);
		buf_printf(&b, "image not fetched: %s", err);
		wp_warn(c, b.data);
		buf_free(&b);
	}
	if (id == 0 && bytes == NULL)
		goto out;
	if (id == 0) {
		name = strrchr(try[i], '/') ? strrchr(try[i], '/') + 1 : try[i];
		if (c->opt->dry_run) {
			id = ++c->fake_media;
			mname = xstrdup(name);
		} else {
			id = media_store(c->db, name, bytes, len, alt, "import", c->now, err,
			    sizeof(err));
			if (id <= 0) {
				buf_init(&b);
				buf_printf(&b, "image %s refused: %s", try[i], id == 0 ? err :
				    "see the log");
				wp_warn(c, b.data);
				buf_free(&b);
				id = 0;
				goto out;
			}
			if (db_begin(c->db) == -1 || wp_media_link(c->db, try[0], id) == -1 ||
			    wp_media_link(c->db, rel, id) == -1 || db_commit(c->db) == -1) {
				db_rollback(c->db);
				goto out;
			}
			if (wp_media_lookup(c->db, rel, &id, &mname) != 1)
				goto out;
		}
		c->img_new++;
	}
	buf_init(&b);
	buf_printf(&b, "/media/%lld/%s", (long long)id, mname);
	url = buf_detach(&b);
	if (orig != NULL)
		img_remember(c, orig, url);
out:
	free(bytes);
	free(orig);
	free(mname);
	return url;
}

/* The alt text the media library of the old site had for the file "rel", or NULL. */
static const char *
att_alt(const struct wp_ctx *c, const char *rel)
{
	char	*orig = original_of(rel);
	size_t	 i;

	for (i = 0; i < c->natt; i++)
		if (c->att[i].rel != NULL && *c->att[i].alt != '\0' &&
		    (strcmp(c->att[i].rel, rel) == 0 ||
		    (orig != NULL && strcmp(c->att[i].rel, orig) == 0))) {
			free(orig);
			return c->att[i].alt;
		}
	free(orig);
	return NULL;
}

/* html2md's image callback: the image's new address, or NULL when it stays behind. */
char *
wp_image(void *arg, const char *src, char **alt)
{
	struct wp_ctx	*c = arg;
	char		*rel, *url;
	const char	*known, *lib;
	int		 found;
	struct buf	 b;

	if ((rel = wp_uploads_rel(c, src)) == NULL) {
		buf_init(&b);
		buf_printf(&b, "image %s is not one of the site's uploads; its alt text "
		    "stands in", src);
		wp_warn(c, b.data);
		buf_printf(&c->missing, "post %lld \"%s\": %s\n", c->it->id, c->it->title, src);
		buf_free(&b);
		c->img_missing++;
		return NULL;
	}
	/* People who cannot see the image rely on its description: the library's will do. */
	if (**alt == '\0' && (lib = att_alt(c, rel)) != NULL) {
		free(*alt);
		*alt = xstrdup(lib);
	}
	if (**alt == '\0') {
		buf_init(&b);
		buf_printf(&b, "image %s has no alt text: add one in the editor", rel);
		wp_warn(c, b.data);
		buf_free(&b);
	}
	known = wp_img_known(c, rel, &found);
	if (found) {
		free(rel);
		return known != NULL ? xstrdup(known) : NULL;
	}
	url = img_bring(c, rel, *alt);
	img_remember(c, rel, url);
	if (url == NULL) {
		buf_printf(&c->missing, "post %lld \"%s\": %s\n", c->it->id, c->it->title, rel);
		c->img_missing++;
	}
	free(rel);
	return url;
}

/* The attachment with WordPress id "id", or NULL. */
const struct wp_att *
wp_att_find(const struct wp_ctx *c, long long id)
{
	size_t	 i;

	for (i = 0; i < c->natt; i++)
		if (c->att[i].id == id)
			return &c->att[i];
	return NULL;
}

/* Appends an <img> of attachment "a" for a gallery. */
static void
gallery_img(struct buf *html, const struct wp_att *a)
{
	buf_puts(html, "<img src=\"");
	html2md_attr(html, a->url);
	buf_puts(html, "\" alt=\"");
	html2md_attr(html, a->alt);
	buf_puts(html, "\"> ");
}

/* html2md's [gallery] callback: the listed attachments, else those of the post. */
void
wp_gallery(void *arg, const char *ids, struct buf *html)
{
	struct wp_ctx		*c = arg;
	const struct wp_att	*a;
	const char		*p = ids;
	long long		 id;
	size_t			 i;

	if (ids == NULL) {
		for (i = 0; i < c->natt; i++)
			if (c->att[i].parent == c->it->id)
				gallery_img(html, &c->att[i]);
		return;
	}
	while (*p != '\0') {
		id = strtoll(p, (char **)&p, 10);
		if ((a = wp_att_find(c, id)) != NULL)
			gallery_img(html, a);
		while (*p != '\0' && (*p < '0' || *p > '9'))
			p++;
	}
}
