/* SPDX-License-Identifier: ISC */
/* image_decode.h: what meridian-image runs, writing the records image.c reads (see
 * image.h) to "fd". Each returns when its answer, ending in 'Z', is written. */
#ifndef IMAGE_DECODE_H
#define IMAGE_DECODE_H

#include <stddef.h>

#include "image.h"

void	 image_decode(const unsigned char *, size_t, int fd);	/* an upload */
void	 image_decode_check(const struct image_set *, int fd);	/* stored variants */
void	 image_refuse(int fd, const char *msg);			/* an 'E' record */

#endif
