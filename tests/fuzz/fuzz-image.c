/* SPDX-License-Identifier: ISC */
/* fuzz-image.c: image_clean.c's container checks, which run on uploaded bytes. Oracles:
 * nothing is read out of bounds (ASan); image_webp_strip() never grows its input, and what
 * it leaves is a RIFF/WEBP whose chunks, walked again, hold no EXIF, XMP or ICCP chunk and
 * fit their stated sizes; a second strip changes nothing. */
#include "config.h"

#include "fuzz.h"
#include "image_clean.h"

/* Walks the chunks of a stripped WebP: 1 if they tile it and none carries metadata. */
static int
webp_walk(const unsigned char *b, size_t len)
{
	size_t	 at = 12, n;

	while (at + 8 <= len) {
		n = (size_t)b[at + 4] | (size_t)b[at + 5] << 8 | (size_t)b[at + 6] << 16 |
		    (size_t)b[at + 7] << 24;
		if (memcmp(b + at, "EXIF", 4) == 0 || memcmp(b + at, "XMP ", 4) == 0 ||
		    memcmp(b + at, "ICCP", 4) == 0)
			return 0;
		n = 8 + n + (n & 1);
		at += n < len - at ? n : len - at;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*b;
	size_t		 n, m;

	(void)image_jpeg_clean(data, size);
	(void)image_png_clean(data, size);
	if ((b = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(b, data, size);
	if ((n = image_webp_strip(b, size)) != 0) {
		FUZZ_CHECK(n <= size, "a strip never grows the file");
		FUZZ_CHECK(n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0,
		    "a stripped WebP is still RIFF/WEBP");
		FUZZ_CHECK(webp_walk(b, n), "no metadata chunk is left");
		m = image_webp_strip(b, n);
		FUZZ_CHECK(m == n, "stripping twice changes nothing");
	}
	free(b);
	return 0;
}
