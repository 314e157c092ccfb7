/* SPDX-License-Identifier: ISC */
/* image_clean.h: byte-level checks of image containers (image_clean.c), pure functions of
 * their input so that they can be tested and fuzzed alone. */
#ifndef IMAGE_CLEAN_H
#define IMAGE_CLEAN_H

#include <stddef.h>

int	 image_jpeg_clean(const unsigned char *, size_t);	/* 1 clean, 0 not */
int	 image_png_clean(const unsigned char *, size_t);	/* 1 clean, 0 not */
size_t	 image_webp_strip(unsigned char *, size_t);	/* new length, 0 if not a WebP */

#endif
