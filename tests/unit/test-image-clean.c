/* SPDX-License-Identifier: ISC */
/* test-image-clean.c: the byte-level container checks of image_clean.c on hand-made JPEG,
 * PNG and WebP bytes: clean files pass, any metadata, trailing data or broken length fails,
 * and a WebP loses exactly its EXIF, XMP and ICC chunks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "image_clean.h"

/* A JPEG's skeleton: SOI, segments as given, SOS with a few scan bytes, EOI. */
static size_t
jpeg(unsigned char *out, const unsigned char *segs, size_t slen, int eoi)
{
	static const unsigned char sos[] = { 0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0,
	    0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56 };
	size_t	 n = 0;

	out[n++] = 0xff;
	out[n++] = 0xd8;
	memcpy(out + n, segs, slen);
	n += slen;
	memcpy(out + n, sos, sizeof(sos));
	n += sizeof(sos);
	if (eoi) {
		out[n++] = 0xff;
		out[n++] = 0xd9;
	}
	return n;
}

static void
test_jpeg(void)
{
	static const unsigned char jfif[] = { 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0,
	    1, 1, 0, 0, 1, 0, 1, 0, 0 };
	static const unsigned char dqt[] = { 0xff, 0xdb, 0x00, 0x04, 0x00, 0x01 };
	static const unsigned char exif[] = { 0xff, 0xe1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0,
	    0 };
	static const unsigned char com[] = { 0xff, 0xfe, 0x00, 0x05, '<', 'b', '>' };
	static const unsigned char icc[] = { 0xff, 0xe2, 0x00, 0x04, 0, 0 };
	static const unsigned char notjfif[] = { 0xff, 0xe0, 0x00, 0x07, 'J', 'F', 'X', 'X',
	    0 };
	static const unsigned char overlong[] = { 0xff, 0xdb, 0x7f, 0xff, 0x00 };
	static const unsigned char zero[] = { 0xff, 0xdb, 0x00, 0x00 };
	unsigned char	 b[256], segs[128];
	size_t		 n;

	memcpy(segs, jfif, sizeof(jfif));
	memcpy(segs + sizeof(jfif), dqt, sizeof(dqt));
	n = jpeg(b, segs, sizeof(jfif) + sizeof(dqt), 1);
	INT_EQ(image_jpeg_clean(b, n), 1, "JFIF, tables and a scan: clean");
	INT_EQ(image_jpeg_clean(b, n - 2), 0, "no end of image: not clean");
	b[n] = 'x';
	INT_EQ(image_jpeg_clean(b, n + 1), 0, "bytes after the end: not clean");
	n = jpeg(b, exif, sizeof(exif), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "an EXIF segment: not clean");
	n = jpeg(b, com, sizeof(com), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "a comment: not clean");
	n = jpeg(b, icc, sizeof(icc), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "an ICC profile: not clean");
	n = jpeg(b, notjfif, sizeof(notjfif), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "an APP0 that is not JFIF: not clean");
	n = jpeg(b, overlong, sizeof(overlong), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "a length past the end: not clean");
	n = jpeg(b, zero, sizeof(zero), 1);
	INT_EQ(image_jpeg_clean(b, n), 0, "a length below 2: not clean");
	/* A progressive JPEG carries segments between scans: a comment there counts. */
	n = jpeg(b, dqt, sizeof(dqt), 0);
	memcpy(b + n, com, sizeof(com));
	n += sizeof(com);
	b[n++] = 0xff;
	b[n++] = 0xd9;
	INT_EQ(image_jpeg_clean(b, n), 0, "a comment after the first scan: not clean");
	INT_EQ(image_jpeg_clean((const unsigned char *)"\xff\xd8", 2), 0, "SOI alone");
	INT_EQ(image_jpeg_clean((const unsigned char *)"GIF89a", 6), 0, "not a JPEG");
	INT_EQ(image_jpeg_clean(b, 0), 0, "nothing");
	memset(b, 0xff, sizeof(b));
	b[1] = 0xd8;
	INT_EQ(image_jpeg_clean(b, sizeof(b)), 0, "fill bytes to the end");
}

/* Appends a PNG chunk (the CRC is not checked here: the decoder does that). */
static size_t
chunk(unsigned char *b, size_t n, const char *type, size_t len)
{
	b[n] = (unsigned char)(len >> 24);
	b[n + 1] = (unsigned char)(len >> 16);
	b[n + 2] = (unsigned char)(len >> 8);
	b[n + 3] = (unsigned char)len;
	memcpy(b + n + 4, type, 4);
	memset(b + n + 8, 0, len + 4);
	return n + 12 + len;
}

static void
test_png(void)
{
	unsigned char	 b[512];
	size_t		 n, m;

	memcpy(b, "\x89PNG\r\n\x1a\n", 8);
	n = chunk(b, 8, "IHDR", 13);
	n = chunk(b, n, "IDAT", 20);
	m = chunk(b, n, "IEND", 0);
	INT_EQ(image_png_clean(b, m), 1, "IHDR, IDAT, IEND: clean");
	INT_EQ(image_png_clean(b, m - 1), 0, "IEND cut short: not clean");
	b[m] = 0;
	INT_EQ(image_png_clean(b, m + 1), 0, "a byte after IEND: not clean");
	m = chunk(b, chunk(b, n, "tEXt", 10), "IEND", 0);
	INT_EQ(image_png_clean(b, m), 0, "a text chunk: not clean");
	m = chunk(b, chunk(b, n, "eXIf", 10), "IEND", 0);
	INT_EQ(image_png_clean(b, m), 0, "an EXIF chunk: not clean");
	m = chunk(b, chunk(b, n, "iCCP", 10), "IEND", 0);
	INT_EQ(image_png_clean(b, m), 0, "an ICC profile: not clean");
	m = chunk(b, chunk(b, n, "pHYs", 9), "IEND", 0);
	INT_EQ(image_png_clean(b, m), 1, "pHYs (pixel size only): clean");
	m = chunk(b, n, "IEND", 0);
	b[8] = 0x7f;	/* IHDR's length now points far past the end */
	INT_EQ(image_png_clean(b, m), 0, "a chunk length past the end: not clean");
	INT_EQ(image_png_clean((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), 0,
	    "the signature alone");
	INT_EQ(image_png_clean((const unsigned char *)"\xff\xd8\xff", 3), 0, "not a PNG");
}

/* Appends a RIFF chunk of "len" bytes of "fill" (padded to even). */
static size_t
riff(unsigned char *b, size_t n, const char *type, size_t len, int fill)
{
	memcpy(b + n, type, 4);
	b[n + 4] = (unsigned char)len;
	b[n + 5] = (unsigned char)(len >> 8);
	b[n + 6] = b[n + 7] = 0;
	memset(b + n + 8, fill, len + (len & 1));
	return n + 8 + len + (len & 1);
}

static void
test_webp(void)
{
	unsigned char	 b[512];
	size_t		 n, out;

	memcpy(b, "RIFF\0\0\0\0WEBP", 12);
	n = riff(b, 12, "VP8X", 10, 0);
	b[20] = 0x20 | 0x10 | 0x08 | 0x04;	/* ICC, alpha, EXIF, XMP */
	n = riff(b, n, "ICCP", 7, 'I');
	n = riff(b, n, "VP8L", 12, 'P');
	n = riff(b, n, "EXIF", 9, 'E');
	n = riff(b, n, "XMP ", 4, 'X');
	b[4] = (unsigned char)(n - 8);
	out = image_webp_strip(b, n);
	INT_EQ(out, 12 + 18 + 20, "WebP: VP8X and the picture are left");
	OK(memmem(b, out, "EXIF", 4) == NULL && memmem(b, out, "XMP ", 4) == NULL &&
	    memmem(b, out, "ICCP", 4) == NULL, "WebP: no EXIF, XMP or ICCP chunk left");
	INT_EQ(b[20], 0x10, "WebP: VP8X keeps only the alpha flag");
	INT_EQ(b[4] | b[5] << 8, (int)out - 8, "WebP: the RIFF size follows");
	OK(memcmp(b + 30, "VP8L", 4) == 0 && b[38] == 'P', "WebP: the picture is intact");
	memcpy(b, "RIFF\0\0\0\0WEBP", 12);
	n = riff(b, 12, "VP8 ", 6, 'P');
	b[16] = 0xff;	/* a length past the end */
	INT_EQ(image_webp_strip(b, n), 0, "WebP: a chunk length past the end");
	/* A VP8X chunk with no data, last in the file: its flags byte is not there to clear
	 * (found by fuzz-image: the byte after the buffer was written). */
	{
		unsigned char	*e = malloc(20);

		memcpy(e, "RIFF\x0c\0\0\0WEBPVP8X\0\0\0\0", 20);
		INT_EQ(image_webp_strip(e, 20), 20, "WebP: an empty VP8X at the end");
		free(e);
	}
	INT_EQ(image_webp_strip((unsigned char *)(char[]){ "RIFF....AVI " }, 12), 0,
	    "not a WebP");
}

int
main(void)
{
	test_jpeg();
	test_png();
	test_webp();
	return harness_done("test-image-clean");
}
