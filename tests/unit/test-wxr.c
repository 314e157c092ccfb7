/* SPDX-License-Identifier: ISC */
/* test-wxr.c: what the WordPress export reader takes from an attachment's metadata (the
 * resized copies WordPress made, whose old addresses must still show the image), and the
 * terms of a post in the older export formats. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wxr.h"
#include "harness.h"

/* The sizes wxr_image_sizes() finds in "meta", one a line. */
static char *
sizes(const char *meta, size_t want)
{
	struct buf	 b;

	buf_init(&b);
	INT_EQ(wxr_image_sizes(meta, &b), want, "the count it returns");
	return buf_detach(&b);
}

/* A post of a WXR 1.0 export, as WordPress 3.0 listed its terms: each twice, once without
 * a slug, the tags in domain "tag". */
static const char v10[] =
    "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.0/\"><channel>"
    "<wp:wxr_version>1.0</wp:wxr_version><item><title>T</title>"
    "<category><![CDATA[Sleep]]></category>"
    "<category domain=\"category\" nicename=\"sleep\"><![CDATA[Sleep]]></category>"
    "<category domain=\"tag\"><![CDATA[Insomnia]]></category>"
    "<category domain=\"tag\" nicename=\"insomnia\"><![CDATA[Insomnia]]></category>"
    "<wp:post_id>12</wp:post_id><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
    "</item></channel></rss>";

static void
terms_v10(void)
{
	struct wxr	 w;
	struct wxr_item	 it;

	INT_EQ(wxr_open_memory(&w, v10, sizeof(v10) - 1), 0, "1.0: opens");
	INT_EQ(wxr_next(&w, &it), 1, "1.0: its item");
	INT_EQ(it.id, 12, "1.0: the post's id");
	STR_EQ(it.date_gmt, "0000-00-00 00:00:00", "1.0: the zero GMT date, as written");
	INT_EQ(it.nterms, 4, "1.0: four terms");
	if (it.nterms == 4) {
		STR_EQ(it.terms[0].domain, "", "1.0: the copy without a domain keeps none");
		STR_EQ(it.terms[1].domain, "category", "1.0: a category");
		STR_EQ(it.terms[3].domain, "post_tag", "1.0: domain \"tag\" read as post_tag");
		STR_EQ(it.terms[3].nicename, "insomnia", "1.0: the tag's slug");
		STR_EQ(it.terms[3].name, "Insomnia", "1.0: the tag's name");
	}
	wxr_item_free(&it);
	INT_EQ(wxr_next(&w, &it), 0, "1.0: the end");
	wxr_close(&w);
}

int
main(void)
{
	char	*s, *big;
	size_t	 i;

	terms_v10();

	/* As WordPress 6.1 wrote it for a 480x320 JPEG (our fixture, trimmed). */
	s = sizes("a:6:{s:5:\"width\";i:480;s:6:\"height\";i:320;s:4:\"file\";s:24:\"2023/03/needles-tray.jpg\";"
	    "s:8:\"filesize\";i:5525;s:5:\"sizes\";a:2:{s:6:\"medium\";a:5:{s:4:\"file\";s:24:\"needles-tray-300x200.jpg\";"
	    "s:5:\"width\";i:300;}s:9:\"thumbnail\";a:5:{s:4:\"file\";s:24:\"needles-tray-150x150.jpg\";}}"
	    "s:10:\"image_meta\";a:0:{}}", 2);
	STR_EQ(s, "needles-tray-300x200.jpg\nneedles-tray-150x150.jpg\n",
	    "each size's file, not the image's own path");
	free(s);
	s = sizes("", 0);
	STR_EQ(s, "", "no metadata, no size");
	free(s);
	/* A length that runs past the end, or disagrees with the quotes, is refused. */
	s = sizes("s:4:\"file\";s:90:\"a.jpg\";", 0);
	STR_EQ(s, "", "a length past the end");
	free(s);
	s = sizes("s:4:\"file\";s:3:\"a.jpg\";s:4:\"file\";s:5:\"b.jpg\";", 1);
	STR_EQ(s, "b.jpg\n", "a wrong length skips that entry only");
	free(s);
	/* Names that would not be a plain file beside the image are left out. */
	s = sizes("s:4:\"file\";s:6:\"../etc\";s:4:\"file\";s:5:\".hide\";s:4:\"file\";s:5:\"a b.x\";"
	    "s:4:\"file\";s:5:\"a\nb.x\";s:4:\"file\";s:5:\"a\"b.x\";s:4:\"file\";s:0:\"\";", 0);
	STR_EQ(s, "", "slashes, dots first, spaces, newlines, quotes, empty");
	free(s);
	s = sizes("s:4:\"file\";s:-5:\"a.jpg\";s:4:\"file\";s:0005:\"a.jpg\";", 0);
	STR_EQ(s, "", "odd lengths");
	free(s);
	/* At most WXR_MAX_SIZES. */
	big = malloc(64 * 40 + 1);
	if (big == NULL)
		abort();
	big[0] = '\0';
	for (i = 0; i < 64; i++)
		strcat(big, "s:4:\"file\";s:9:\"x-1x1.jpg\";");
	s = sizes(big, WXR_MAX_SIZES);
	INT_EQ(strlen(s), WXR_MAX_SIZES * strlen("x-1x1.jpg\n"), "the limit");
	free(s);
	free(big);
	return harness_done("test-wxr");
}
