/* SPDX-License-Identifier: ISC */
/* imgtool.c: makes the test images of tests/e2e/images.sh (a phone photo with GPS and an
 * orientation, hostile files), the 12 MP photo of the browser test and the benchmark, and
 * reports what a served image holds (its metadata, a pixel's values), with libvips; a photo in
 * Display P3 with its profile shows whether colours are converted to sRGB. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vips/vips.h>

static void
le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
le32(unsigned char *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

static void
be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One IFD entry: tag, type, count, value or offset. */
static void
entry(unsigned char *p, unsigned tag, unsigned type, uint32_t count, uint32_t value)
{
	le16(p, tag);
	le16(p + 2, type);
	le32(p + 4, count);
	le32(p + 8, value);
}

/* An EXIF block as a camera writes one: Orientation 6 (turn 90° clockwise to view) and a GPS
 * latitude of 48° 51' 24" N. */
static size_t
exif_block(unsigned char *b)
{
	unsigned char	*t = b + 6;
	static const uint32_t lat[6] = { 48, 1, 51, 1, 24, 1 };
	int		 i;

	memcpy(b, "Exif\0\0", 6);
	memcpy(t, "II*\0", 4);
	le32(t + 4, 8);
	le16(t + 8, 2);
	entry(t + 10, 0x0112, 3, 1, 6);
	entry(t + 22, 0x8825, 4, 1, 38);
	le32(t + 34, 0);
	le16(t + 38, 2);
	entry(t + 40, 0x0001, 2, 2, 'N');
	entry(t + 52, 0x0002, 5, 3, 68);
	le32(t + 64, 0);
	for (i = 0; i < 6; i++)
		le32(t + 68 + 4 * i, lat[i]);
	return 6 + 92;
}

/* A photo 1200 wide, 800 high as stored: left half red, right half blue; shown upright
 * (turned), it is 800 × 1200 with red on top. */
static int
make_phone(const char *out)
{
	VipsImage	*red, *blue, *both, *im;
	unsigned char	*exif = g_malloc(128);
	double		 r[3] = { 220, 20, 20 }, bl[3] = { 20, 20, 220 };
	size_t		 n = exif_block(exif);

	if (vips_black(&red, 600, 800, "bands", 3, NULL) ||
	    vips_linear(red, &im, (double[]){ 1, 1, 1 }, r, 3, NULL))
		return -1;
	red = im;
	if (vips_black(&blue, 600, 800, "bands", 3, NULL) ||
	    vips_linear(blue, &im, (double[]){ 1, 1, 1 }, bl, 3, NULL))
		return -1;
	blue = im;
	if (vips_join(red, blue, &both, VIPS_DIRECTION_HORIZONTAL, NULL) ||
	    vips_cast_uchar(both, &im, NULL))
		return -1;
	/* Noise, so the JPEG is photo-sized and smaller variants are clearly smaller. */
	{
		VipsImage	*g, *sum, *u;

		if (vips_gaussnoise(&g, 1200, 800, "sigma", 30.0, NULL) ||
		    vips_add(im, g, &sum, NULL) || vips_cast_uchar(sum, &u, NULL))
			return -1;
		im = u;
	}
	vips_image_set_blob_copy(im, "exif-data", exif, n);
	vips_image_set_int(im, "orientation", 6);
	g_free(exif);
	return vips_jpegsave(im, out, "Q", 95, NULL);
}

/* Layers of Perlin noise from coarse to fine, summed: soft shapes with detail inside them. */
static int
octaves(VipsImage **out, int w, int h, int seed)
{
	static const int	 cells[4] = { 700, 160, 40, 9 };
	static const double	 amp[4] = { 110, 45, 22, 10 };
	VipsImage		*acc = NULL, *p, *l, *s;
	int			 i;

	for (i = 0; i < 4; i++) {
		if (vips_perlin(&p, w, h, "cell_size", cells[i], "seed", seed * 7 + i, NULL) ||
		    vips_linear1(p, &l, amp[i], 0, NULL))
			return -1;
		if (acc != NULL && vips_add(acc, l, &s, NULL))
			return -1;
		acc = acc != NULL ? s : l;
	}
	*out = acc;
	return 0;
}

/* A photo of W × H as a phone stores one: soft light and shade, colour drifting across it,
 * sensor noise, JPEG quality 92 (a 12 MP one is 3-4 MB), with the EXIF of make_phone
 * (orientation 6, so it is shown H wide and W high, and a GPS position). */
static int
make_photo(const char *out, int w, int h)
{
	VipsImage	*lum, *b[3], *p, *t, *rgb, *lit, *g, *sum, *im;
	unsigned char	*exif = g_malloc(128);
	size_t		 n = exif_block(exif);
	int		 i;

	if (octaves(&lum, w, h, 1))
		return -1;
	for (i = 0; i < 3; i++)
		if (vips_perlin(&p, w, h, "cell_size", 900, "seed", 100 + i, NULL) ||
		    vips_linear1(p, &t, 25, 0, NULL) || vips_add(lum, t, &b[i], NULL))
			return -1;
	if (vips_bandjoin(b, &rgb, 3, NULL) ||
	    vips_linear(rgb, &lit, (double[]){ 1, 1, 1 }, (double[]){ 95, 105, 80 }, 3, NULL) ||
	    vips_gaussnoise(&g, w, h, "sigma", 6.0, NULL) || vips_add(lit, g, &sum, NULL) ||
	    vips_cast_uchar(sum, &im, NULL))
		return -1;
	vips_image_set_blob_copy(im, "exif-data", exif, n);
	vips_image_set_int(im, "orientation", 6);
	g_free(exif);
	return vips_jpegsave(im, out, "Q", 92, NULL);
}

/* CRC-32 of PNG chunks (bitwise: a few bytes only). */
static uint32_t
crc32_png(const unsigned char *p, size_t n)
{
	uint32_t	 c = 0xffffffffu;
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

/* A PNG whose header declares w × h and whose data is a few bytes: the header alone must
 * get it refused. */
static int
make_header_only_png(const char *out, uint32_t w, uint32_t h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char	 ihdr[25], idat[20];
	FILE		*f;

	be32(ihdr, 13);
	memcpy(ihdr + 4, "IHDR", 4);
	be32(ihdr + 8, w);
	be32(ihdr + 12, h);
	ihdr[16] = 8;	/* bit depth */
	ihdr[17] = 2;	/* RGB */
	ihdr[18] = ihdr[19] = ihdr[20] = 0;
	be32(ihdr + 21, crc32_png(ihdr + 4, 17));
	be32(idat, 8);
	memcpy(idat + 4, "IDAT", 4);
	memcpy(idat + 8, "\x78\x9c\x63\x60\x00\x00", 6);
	idat[14] = idat[15] = 0;
	be32(idat + 16, crc32_png(idat + 4, 12));
	if ((f = fopen(out, "wb")) == NULL)
		return -1;
	fwrite(sig, 1, 8, f);
	fwrite(ihdr, 1, 25, f);
	fwrite(idat, 1, 20, f);
	fwrite("\0\0\0\0IEND\xae\x42\x60\x82", 1, 12, f);
	return fclose(f) == 0 ? 0 : -1;
}

static int
make_gif(const char *out, int frames)
{
	VipsImage	*im, *c;

	if (vips_black(&im, 16, 16 * frames, NULL) ||
	    vips_cast_uchar(im, &c, NULL))
		return -1;
	vips_image_set_int(c, "page-height", 16);
	return vips_gifsave(c, out, NULL);
}

static int
make_cmyk(const char *out)
{
	VipsImage	*im, *c;

	if (vips_black(&im, 300, 200, "bands", 4, NULL) ||
	    vips_copy(im, &c, "interpretation", VIPS_INTERPRETATION_CMYK, NULL))
		return -1;
	return vips_jpegsave(c, out, NULL);
}

static int
make_png16(const char *out)
{
	VipsImage	*im, *c;

	if (vips_black(&im, 300, 200, "bands", 4, NULL) ||
	    vips_cast(im, &c, VIPS_FORMAT_USHORT, NULL))
		return -1;
	vips_image_set_int(c, "interpretation", VIPS_INTERPRETATION_RGB16);
	{
		VipsImage *d;

		if (vips_copy(c, &d, "interpretation", VIPS_INTERPRETATION_RGB16, NULL))
			return -1;
		return vips_pngsave(d, out, "bitdepth", 16, NULL);
	}
}

/* A small opaque image as HEIC (0), AVIF (1) or WebP (2). */
static int
make_heif(const char *out, int kind)
{
	VipsImage	*im, *c;

	if (vips_black(&im, 64, 48, "bands", 3, NULL) || vips_cast_uchar(im, &c, NULL))
		return -1;
	if (kind == 2)
		return vips_webpsave(c, out, NULL);
	return vips_heifsave(c, out, "compression", kind == 1 ?
	    VIPS_FOREIGN_HEIF_COMPRESSION_AV1 : VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, NULL);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	gchar	*b;
	gsize	 n;

	if (!g_file_get_contents(path, &b, &n, NULL))
		return NULL;
	*len = n;
	return (unsigned char *)b;
}

static int
spill(const char *path, const unsigned char *b, size_t len)
{
	return g_file_set_contents(path, (const gchar *)b, (gssize)len, NULL) ? 0 : -1;
}

/* A HEIC whose image properties ("ispe") declare 40000 x 40000: the bytes of a small one,
 * the size changed where the container states it. */
static int
make_heic_huge(const char *out)
{
	unsigned char	*b;
	size_t		 len, i;
	int		 found = 0;

	if (make_heif(out, 0) != 0 || (b = slurp(out, &len)) == NULL)
		return -1;
	for (i = 0; i + 16 <= len; i++)
		if (memcmp(b + i, "ispe", 4) == 0) {
			be32(b + i + 8, 40000);
			be32(b + i + 12, 40000);
			found = 1;
		}
	i = found ? (size_t)spill(out, b, len) : (size_t)-1;
	g_free(b);
	return (int)i;
}

static void
be16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* An ICC s15Fixed16Number. */
static void
fixed(unsigned char *p, double v)
{
	be32(p, (uint32_t)(int32_t)(v * 65536 + (v < 0 ? -0.5 : 0.5)));
}

/* An XYZType tag: 20 bytes. */
static size_t
icc_xyz(unsigned char *p, double x, double y, double z)
{
	memcpy(p, "XYZ \0\0\0\0", 8);
	fixed(p + 8, x);
	fixed(p + 12, y);
	fixed(p + 16, z);
	return 20;
}

/* A multiLocalizedUnicodeType tag with one English text, padded to 4 bytes. */
static size_t
icc_text(unsigned char *p, const char *s)
{
	size_t	 n = strlen(s), i;

	memcpy(p, "mluc\0\0\0\0", 8);
	be32(p + 8, 1);
	be32(p + 12, 12);
	memcpy(p + 16, "enUS", 4);
	be32(p + 20, (uint32_t)(2 * n));
	be32(p + 24, 28);
	for (i = 0; i < n; i++)
		be16(p + 28 + 2 * i, (unsigned char)s[i]);
	return (28 + 2 * n + 3) & ~(size_t)3;
}

/* A Display P3 monitor profile (ICC v4, matrix and curves), written from the colour space's
 * definition: its primaries adapted to the D50 of the profile connection space, and the sRGB
 * tone curve. A photo from a recent phone carries one like it; libvips 8.14 has none built in.
 * Returns its length; B holds 512 bytes. */
static size_t
display_p3_profile(unsigned char *b)
{
	static const char	 sigs[9][5] = { "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ",
				     "rTRC", "gTRC", "bTRC" };
	static const double	 prim[3][3] = { { 0.5151, 0.2412, -0.0011 },
				     { 0.2920, 0.6922, 0.0419 }, { 0.1571, 0.0666, 0.7841 } };
	size_t			 at[9], len[9], n;
	int			 i;

	memset(b, 0, 512);
	n = 128 + 4 + 9 * 12;
	at[0] = n;
	n += len[0] = icc_text(b + n, "Display P3 (Meridian test)");
	at[1] = n;
	n += len[1] = icc_text(b + n, "No copyright, test data");
	at[2] = n;
	n += len[2] = icc_xyz(b + n, 0.9642, 1.0, 0.8249);
	for (i = 0; i < 3; i++) {
		at[3 + i] = n;
		n += len[3 + i] = icc_xyz(b + n, prim[i][0], prim[i][1], prim[i][2]);
	}
	/* One parametric curve (type 3, sRGB's) shared by the three channels. */
	memcpy(b + n, "para\0\0\0\0", 8);
	be16(b + n + 8, 3);
	fixed(b + n + 12, 2.4);
	fixed(b + n + 16, 1 / 1.055);
	fixed(b + n + 20, 0.055 / 1.055);
	fixed(b + n + 24, 1 / 12.92);
	fixed(b + n + 28, 0.04045);
	for (i = 6; i < 9; i++) {
		at[i] = n;
		len[i] = 32;
	}
	n += 32;
	be32(b, (uint32_t)n);
	be32(b + 8, 0x04300000);
	memcpy(b + 12, "mntrRGB XYZ ", 12);
	be16(b + 24, 2026);
	be16(b + 26, 1);
	be16(b + 28, 1);
	memcpy(b + 36, "acsp", 4);
	fixed(b + 68, 0.9642);
	fixed(b + 72, 1.0);
	fixed(b + 76, 0.8249);
	be32(b + 128, 9);
	for (i = 0; i < 9; i++) {
		memcpy(b + 132 + 12 * i, sigs[i], 4);
		be32(b + 136 + 12 * i, (uint32_t)at[i]);
		be32(b + 140 + 12 * i, (uint32_t)len[i]);
	}
	return n;
}

/* A photo 1200 × 800 in Display P3 with its profile: left half the sRGB colour 220 40 40,
 * right half 40 170 60, both turned into P3 values (which differ from those by tens). */
static int
make_p3(const char *out)
{
	VipsImage	*l, *r, *both, *u, *s, *p3;
	unsigned char	 icc[512];
	size_t		 n = display_p3_profile(icc);
	gchar		*path;
	int		 fd, rc;

	if ((fd = g_file_open_tmp("imgtool-XXXXXX.icc", &path, NULL)) == -1)
		return -1;
	close(fd);
	if (spill(path, icc, n) != 0 ||
	    vips_black(&l, 600, 800, "bands", 3, NULL) ||
	    vips_linear(l, &u, (double[]){ 1, 1, 1 }, (double[]){ 220, 40, 40 }, 3, NULL))
		return -1;
	l = u;
	if (vips_black(&r, 600, 800, "bands", 3, NULL) ||
	    vips_linear(r, &u, (double[]){ 1, 1, 1 }, (double[]){ 40, 170, 60 }, 3, NULL))
		return -1;
	r = u;
	if (vips_join(l, r, &both, VIPS_DIRECTION_HORIZONTAL, NULL) ||
	    vips_cast_uchar(both, &u, NULL) ||
	    vips_copy(u, &s, "interpretation", VIPS_INTERPRETATION_sRGB, NULL) ||
	    vips_icc_transform(s, &p3, path, "input_profile", "srgb", "embedded", FALSE,
	    "depth", 8, NULL))
		return -1;
	rc = vips_jpegsave(p3, out, "Q", 95, NULL);
	(void)remove(path);
	g_free(path);
	return rc;
}

/* Prints the first three bands, as stored (no colour management), of the pixel at PX and PY
 * percent of the width and height. */
static int
pixel(const char *in, int px, int py)
{
	VipsImage	*im;
	double		*v;
	int		 n;

	if ((im = vips_image_new_from_file(in, NULL)) == NULL ||
	    vips_getpoint(im, &v, &n, vips_image_get_width(im) * px / 100,
	    vips_image_get_height(im) * py / 100, NULL) || n < 3)
		return -1;
	printf("%.0f %.0f %.0f\n", v[0], v[1], v[2]);
	return 0;
}

static uint32_t
next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* A copy of IN damaged the way a fuzzer would: some bytes changed, maybe cut short, maybe
 * a run repeated; deterministic for a seed. The first 16 bytes are kept, so the type is
 * still recognised and the damage reaches the decoder. */
static int
mutate(const char *in, const char *out, unsigned long seed)
{
	unsigned char	*b, *o;
	uint32_t	 x = (uint32_t)seed * 2654435761u + 1;
	size_t		 len, n, i, k, at, run;
	int		 r;

	if ((b = slurp(in, &len)) == NULL || len < 32)
		return -1;
	o = g_malloc(len * 2);
	memcpy(o, b, len);
	n = len;
	k = 1 + next(&x) % 16;
	for (i = 0; i < k; i++) {
		at = 16 + next(&x) % (n - 16);
		o[at] = (unsigned char)next(&x);
	}
	switch (next(&x) % 3) {
	case 0:
		n = 16 + next(&x) % (n - 16);
		break;
	case 1:
		at = 16 + next(&x) % (n - 16);
		run = next(&x) % (n - at) % 4096;
		if (run > 0 && n + run <= len * 2) {
			memmove(o + at + run, o + at, n - at);
			n += run;
		}
		break;
	default:
		break;
	}
	r = spill(out, o, n);
	g_free(o);
	g_free(b);
	return r;
}

/* Prints: width height loader, "metadata:" and every metadata field, then the colour of the
 * top and the bottom rows' middle pixel. */
static int
info(const char *in)
{
	VipsImage	*im;
	gchar		**fields;
	double		*top, *bottom;
	int		 n, i;

	if ((im = vips_image_new_from_file(in, NULL)) == NULL)
		return -1;
	printf("%d %d %s\n", vips_image_get_width(im), vips_image_get_height(im),
	    vips_foreign_find_load(in));
	fields = vips_image_get_fields(im);
	printf("metadata:");
	for (i = 0; fields[i] != NULL; i++)
		if (strncmp(fields[i], "exif", 4) == 0 || strcmp(fields[i], "xmp-data") == 0 ||
		    strcmp(fields[i], "iptc-data") == 0 || strncmp(fields[i], "png-comment", 11) == 0 ||
		    strcmp(fields[i], "orientation") == 0)
			printf(" %s", fields[i]);
	printf("\n");
	g_strfreev(fields);
	if (vips_getpoint(im, &top, &n, vips_image_get_width(im) / 2, 2, NULL) ||
	    vips_getpoint(im, &bottom, &n, vips_image_get_width(im) / 2,
	    vips_image_get_height(im) - 3, NULL))
		return -1;
	printf("top %s\nbottom %s\n", top[0] > top[2] ? "red" : "blue",
	    bottom[0] > bottom[2] ? "red" : "blue");
	return 0;
}

int
main(int argc, char *argv[])
{
	int	 r = -1;

	if (VIPS_INIT(argv[0]))
		vips_error_exit(NULL);
	if (argc == 3 && strcmp(argv[1], "phone") == 0)
		r = make_phone(argv[2]);
	else if (argc == 5 && strcmp(argv[1], "photo") == 0)
		r = make_photo(argv[2], atoi(argv[3]), atoi(argv[4]));
	else if (argc == 5 && strcmp(argv[1], "header-png") == 0)
		r = make_header_only_png(argv[2], (uint32_t)atol(argv[3]), (uint32_t)atol(argv[4]));
	else if (argc == 4 && strcmp(argv[1], "gif") == 0)
		r = make_gif(argv[2], atoi(argv[3]));
	else if (argc == 3 && strcmp(argv[1], "cmyk") == 0)
		r = make_cmyk(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "png16") == 0)
		r = make_png16(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "heic") == 0)
		r = make_heif(argv[2], 0);
	else if (argc == 3 && strcmp(argv[1], "avif") == 0)
		r = make_heif(argv[2], 1);
	else if (argc == 3 && strcmp(argv[1], "webp") == 0)
		r = make_heif(argv[2], 2);
	else if (argc == 3 && strcmp(argv[1], "heic-huge") == 0)
		r = make_heic_huge(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "p3") == 0)
		r = make_p3(argv[2]);
	else if (argc == 5 && strcmp(argv[1], "pixel") == 0)
		r = pixel(argv[2], atoi(argv[3]), atoi(argv[4]));
	else if (argc == 5 && strcmp(argv[1], "mutate") == 0)
		r = mutate(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	else if (argc == 3 && strcmp(argv[1], "info") == 0)
		r = info(argv[2]);
	else {
		fprintf(stderr, "usage: imgtool phone|p3|cmyk|png16|heic|heic-huge|avif|webp OUT | "
		    "gif OUT FRAMES | photo OUT W H | header-png OUT W H | mutate IN OUT SEED | "
		    "info FILE | pixel FILE PX PY\n");
		return 2;
	}
	if (r != 0) {
		fprintf(stderr, "imgtool: %s\n", vips_error_buffer());
		return 1;
	}
	return 0;
}
