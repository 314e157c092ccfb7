/* SPDX-License-Identifier: ISC */
/* test-wxr.c: what the WordPress export reader takes from an attachment's metadata (the
 * resized copies WordPress made, whose old addresses must still show the image). */
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

int
main(void)
{
	char	*s, *big;
	size_t	 i;

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
