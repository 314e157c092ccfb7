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

/* The article column is 42rem wide (www/style.css --measure) and full width below it. */
#define PICTURE_SIZES	"(max-width: 42rem) 100vw, 42rem"
#define PICTURE_MID	960	/* the fallback's src, and the feed's image */

struct site_pictures {
	struct ctx	*c;
	int		 feed;
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

static int
site_picture(void *arg, const char *url, const char *alt, int index, struct buf *out)
{
	struct site_pictures		*sp = arg;
	struct media_info		 mi;
	const struct media_variant	*fb, *webp;
	enum image_format		 ffmt;
	char				 src[MEDIA_URL_MAX];
	int64_t				 id;
	int				 r;

	if (url == NULL || (id = media_url_id(url)) == 0)
		return 0;
	if ((r = media_info_load(&sp->c->site->db, id, &mi)) != 1)
		return 0;
	ffmt = media_pick(&mi, IMAGE_PNG, PICTURE_MID) != NULL ? IMAGE_PNG : IMAGE_JPEG;
	fb = media_pick(&mi, ffmt, PICTURE_MID);
	webp = media_pick(&mi, IMAGE_WEBP, PICTURE_MID);
	if (fb == NULL || webp == NULL) {
		/* Stored before the pipeline and not rebuilt yet: cmark's plain <img>. */
		media_info_free(&mi);
		return 0;
	}
	if (*alt == '\0')
		alt = mi.alt;
	media_variant_url(src, sizeof(src), id, fb);
	if (sp->feed) {
		/* Feed readers show one image: the fallback format, whatever they support. */
		buf_printf(out, "<img src=\"%s%s\" width=\"%d\" height=\"%d\" alt=\"",
		    sp->c->site->settings.v[SET_BASE_URL], src, fb->width, fb->height);
		html_escape(out, alt, strlen(alt));
		buf_puts(out, "\">");
		media_info_free(&mi);
		return 1;
	}
	buf_puts(out, "<picture><source type=\"image/webp\" srcset=\"");
	picture_srcset(out, &mi, IMAGE_WEBP);
	buf_puts(out, "\" sizes=\"" PICTURE_SIZES "\"><img src=\"");
	buf_puts(out, src);
	buf_puts(out, "\" srcset=\"");
	picture_srcset(out, &mi, ffmt);
	buf_printf(out, "\" sizes=\"" PICTURE_SIZES "\" width=\"%d\" height=\"%d\" alt=\"",
	    fb->width, fb->height);
	html_escape(out, alt, strlen(alt));
	/* The first image is likely in view at load: only the later ones wait. */
	buf_printf(out, "\" decoding=\"async\"%s></picture>",
	    index > 0 ? " loading=\"lazy\"" : "");
	media_info_free(&mi);
	return 1;
}

char *
site_body_html(struct ctx *c, const char *md, int feed)
{
	struct site_pictures	 sp = { c, feed };

	return md_render_images(md, strlen(md), site_picture, &sp);
}
