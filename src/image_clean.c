/* SPDX-License-Identifier: ISC */
/* image_clean.c: byte-level checks of image containers, without a decoder: whether a JPEG or
 * PNG carries nothing but its picture, and cutting the metadata chunks out of a WebP. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "image_clean.h"

static uint32_t
get32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32le(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/*
 * libvips 8.14's WebP encoder writes an EXIF chunk (orientation, resolution) whatever "strip"
 * says, so the chunks that carry metadata (EXIF, XMP, ICC profile) are cut out of its RIFF
 * container here and the VP8X header's flags for them cleared. The input is the encoder's
 * output, in place; returns the new length, or 0 if it is not the RIFF expected.
 */
size_t
image_webp_strip(unsigned char *b, size_t len)
{
	size_t	 in = 12, out = 12, n, vp8x = 0;

	if (len < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WEBP", 4) != 0)
		return 0;
	while (in + 8 <= len) {
		n = get32le(b + in + 4);
		if (n > len - in - 8)
			return 0;
		n = 8 + n + (n & 1);
		if (n > len - in)
			n = len - in;
		if (memcmp(b + in, "EXIF", 4) == 0 || memcmp(b + in, "XMP ", 4) == 0 ||
		    memcmp(b + in, "ICCP", 4) == 0) {
			in += n;
			continue;
		}
		if (memcmp(b + in, "VP8X", 4) == 0)
			vp8x = out;
		memmove(b + out, b + in, n);
		in += n;
		out += n;
	}
	/* The flags are the first byte of VP8X's data, if it has any. */
	if (vp8x != 0 && vp8x + 8 < out)
		b[vp8x + 8] &= (unsigned char)~(0x20 | 0x08 | 0x04);
	put32le(b + 4, (uint32_t)(out - 8));
	return out;
}

/*
 * Whether "b" is a JPEG that carries nothing but its picture: no APPn segment other than
 * JFIF's APP0, no comment, nothing after its end. Markers are walked through every scan,
 * since a progressive JPEG may carry segments between scans.
 */
int
image_jpeg_clean(const unsigned char *b, size_t len)
{
	size_t	 i = 2, n;
	int	 m, inscan = 0;

	if (len < 4 || b[0] != 0xff || b[1] != 0xd8)
		return 0;
	while (i < len) {
		if (inscan) {
			/* Entropy-coded data: 0xFF 0x00 is a data byte, RSTn restarts. */
			if (b[i] != 0xff || i + 1 >= len || b[i + 1] == 0x00 ||
			    (b[i + 1] >= 0xd0 && b[i + 1] <= 0xd7)) {
				i++;
				continue;
			}
			inscan = 0;
		}
		if (b[i] != 0xff)
			return 0;
		while (i < len && b[i] == 0xff)
			i++;
		if (i >= len)
			return 0;
		m = b[i++];
		if (m == 0xd9)
			return i == len;
		if (i + 2 > len)
			return 0;
		n = (size_t)b[i] << 8 | b[i + 1];
		if (n < 2 || n > len - i)
			return 0;
		switch (m) {
		case 0xe0:
			if (n < 7 || memcmp(b + i + 2, "JFIF\0", 5) != 0)
				return 0;
			break;
		case 0xc0: case 0xc1: case 0xc2: case 0xc4: case 0xdb: case 0xdd:
			break;
		case 0xda:
			inscan = 1;
			break;
		default:
			return 0;
		}
		i += n;
	}
	return 0;
}

/* Whether "b" is a PNG of image chunks only: no text, EXIF, ICC or other chunk. */
int
image_png_clean(const unsigned char *b, size_t len)
{
	static const char *const ok[] = { "IHDR", "PLTE", "tRNS", "IDAT", "pHYs" };
	size_t	 i = 8, n, k;

	if (len < 8 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0)
		return 0;
	while (i + 12 <= len) {
		n = (size_t)b[i] << 24 | (size_t)b[i + 1] << 16 | (size_t)b[i + 2] << 8 | b[i + 3];
		if (n > len - i - 12)
			return 0;
		if (memcmp(b + i + 4, "IEND", 4) == 0)
			return i + 12 + n == len;
		for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
			if (memcmp(b + i + 4, ok[k], 4) == 0)
				break;
		if (k == sizeof(ok) / sizeof(ok[0]))
			return 0;
		i += 12 + n;
	}
	return 0;
}
