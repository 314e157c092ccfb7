/* SPDX-License-Identifier: ISC */
/* site_picture.c: the HTML of a library image in an article: <picture> with a WebP source and
 * a JPEG/PNG fallback, srcset and sizes, width and height, lazy from the second image on;
 * in a feed, one absolute <img> of a mid-size variant. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "html.h"
#include "media.h"
#include "site.h"
#include "tmpl.h"

/* The article column is 42rem wide (www/style.css --measure) and full width below it. */
#define PICTURE_SIZES	"(max-width: 42rem) 100vw, 42rem"
#define PICTURE_MID	960	/* the fallback's src, and the feed's image */

struct site_pictures {
	struct ctx	*c;
	int		 feed;
	int		 featured;	/* a featured image is above: every body image is lazy */
};

static void
picture_srcset(struct buf *out, const struct media_info *mi, enum image_format fmt)
{
	char	 url[MEDIA_URL_MAX];
	size_t	 i;
	int	 first = 1;

	/* The variants are widest first; srcset reads best narrowest first. */
	for (i = mi->nv; i-- > 0;) {
		if (mi->v[i].format != fmt)
			continue;
		media_variant_url(url, sizeof(url), mi->id, &mi->v[i]);
		buf_printf(out, "%s%s %dw", first ? "" : ", ", url, mi->v[i].width);
		first = 0;
	}
}

/* The fallback format of an image: PNG if it has PNG variants, else JPEG. */
static enum image_format
picture_fallback(const struct media_info *mi)
{
	return media_pick(mi, IMAGE_PNG, PICTURE_MID) != NULL ? IMAGE_PNG : IMAGE_JPEG;
}

/* <picture> for "mi", all widths offered. 1, or 0 when it has no variants. */
static int
picture_html(struct buf *out, const struct media_info *mi, const char *alt, int lazy)
{
	const struct media_variant	*fb;
	enum image_format		 ffmt = picture_fallback(mi);
	char				 src[MEDIA_URL_MAX];

	if ((fb = media_pick(mi, ffmt, PICTURE_MID)) == NULL ||
	    media_pick(mi, IMAGE_WEBP, PICTURE_MID) == NULL)
		return 0;
	media_variant_url(src, sizeof(src), mi->id, fb);
	buf_puts(out, "<picture><source type=\"image/webp\" srcset=\"");
	picture_srcset(out, mi, IMAGE_WEBP);
	buf_puts(out, "\" sizes=\"" PICTURE_SIZES "\"><img src=\"");
	buf_puts(out, src);
	buf_puts(out, "\" srcset=\"");
	picture_srcset(out, mi, ffmt);
	buf_printf(out, "\" sizes=\"" PICTURE_SIZES "\" width=\"%d\" height=\"%d\" alt=\"",
	    fb->width, fb->height);
	html_escape(out, alt, strlen(alt));
	buf_printf(out, "\" decoding=\"async\"%s></picture>", lazy ? " loading=\"lazy\"" : "");
	return 1;
}

static int
site_picture(void *arg, const char *url, const char *alt, int index, struct buf *out)
{
	struct site_pictures		*sp = arg;
	struct media_info		 mi;
	const struct media_variant	*fb;
	char				 src[MEDIA_URL_MAX];
	int64_t				 id;
	int				 r = 0;

	if (url == NULL || (id = media_url_id(url)) == 0 ||
	    media_info_load(&sp->c->site->db, id, &mi) != 1)
		return 0;
	if (*alt == '\0')
		alt = mi.alt;
	if (!sp->feed) {
		/* The first image is likely in view at load: only the later ones wait. */
		r = picture_html(out, &mi, alt, index > 0 || sp->featured);
	} else if ((fb = media_pick(&mi, picture_fallback(&mi), PICTURE_MID)) != NULL) {
		/* Feed readers show one image: the fallback format, whatever they support. */
		media_variant_url(src, sizeof(src), id, fb);
		buf_printf(out, "<img src=\"%s%s\" width=\"%d\" height=\"%d\" alt=\"",
		    sp->c->site->settings.v[SET_BASE_URL], src, fb->width, fb->height);
		html_escape(out, alt, strlen(alt));
		buf_puts(out, "\">");
		r = 1;
	}
	/* r == 0: stored before the pipeline and not rebuilt yet, cmark's plain <img>. */
	media_info_free(&mi);
	return r;
}

/* render_fn: a body as the site shows it, library images as <picture> ("arg": site_body_args). */
char *
site_body_render(void *arg, const char *md, size_t len)
{
	struct site_body_args	*ba = arg;
	struct site_pictures	 sp = { ba->c, ba->feed, ba->c->featured_shown };

	return md_render_images(md, len, site_picture, &sp);
}

/*
 * The featured image of post "post_id" into "sc": on a list card ("full" 0) a small
 * thumbnail; on the article, the picture at its top and the og:image values (an absolute URL
 * of a variant near 1200 px, the size link previews show). Returns 0, or -1 on an error.
 */
int
site_set_featured(struct ctx *c, struct tmpl_scope *sc, int64_t post_id, int full)
{
	struct media_info		 mi;
	const struct media_variant	*v, *w;
	struct buf			 b;
	char				 url[MEDIA_URL_MAX];
	int64_t				 mid;
	int				 r;

	if (media_post_image(&c->site->db, post_id, &mid) == -1)
		return -1;
	if (mid == 0)
		return 0;
	if ((r = media_info_load(&c->site->db, mid, &mi)) != 1)
		return r;
	buf_init(&b);
	if (!full) {
		/* Beside a linked title the thumbnail adds nothing to read: empty alt. */
		v = media_pick(&mi, picture_fallback(&mi), 480);
		w = media_pick(&mi, IMAGE_WEBP, 480);
		if (v != NULL && w != NULL) {
			media_variant_url(url, sizeof(url), mid, w);
			buf_printf(&b, "<picture><source type=\"image/webp\" srcset=\"%s\">", url);
			media_variant_url(url, sizeof(url), mid, v);
			buf_printf(&b, "<img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"\" "
			    "loading=\"lazy\" decoding=\"async\"></picture>", url, v->width,
			    v->height);
			tmpl_set_raw_owned(sc, V_THUMB_HTML, b.data, b.len);
			buf_init(&b);
		}
	} else if (picture_html(&b, &mi, mi.alt, 0)) {
		tmpl_set_raw_owned(sc, V_IMAGE_HTML, b.data, b.len);
		buf_init(&b);
		c->featured_shown = 1;
		if ((v = media_pick(&mi, picture_fallback(&mi), 1200)) != NULL) {
			media_variant_url(url, sizeof(url), mid, v);
			tmpl_set_printf(sc, V_OG_IMAGE, "%s%s",
			    c->site->settings.v[SET_BASE_URL], url);
			tmpl_set_printf(sc, V_OG_IMAGE_WIDTH, "%d", v->width);
			tmpl_set_printf(sc, V_OG_IMAGE_HEIGHT, "%d", v->height);
			tmpl_set_str(sc, V_OG_IMAGE_ALT, mi.alt);
		}
	}
	buf_free(&b);
	media_info_free(&mi);
	return 0;
}
