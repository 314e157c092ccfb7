/* SPDX-License-Identifier: ISC */
/* image_decode.c: the libvips side of the image pipeline, run only in meridian-image (the
 * helper a worker executes for each upload): decode the accepted formats, apply the EXIF
 * orientation, convert to sRGB, drop every metadata block and encode the variants. */
#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vips/vips.h>

#include "child.h"
#include "image.h"
#include "image_clean.h"
#include "image_decode.h"

/* The loaders we accept; libvips has many more (SVG, PDF, TIFF, ImageMagick...), each a
 * parser we have no use for. HEIF covers HEIC and AVIF. */
static const char *const image_loaders[] = {
	"VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer", "VipsForeignLoadWebpBuffer",
	"VipsForeignLoadNsgifBuffer", "VipsForeignLoadHeifBuffer",
};

/* The upload being decoded. */
struct image_job {
	const unsigned char	*bytes;
	size_t			 len;
};

void
image_refuse(int fd, const char *msg)
{
	unsigned char	 h[3];
	size_t		 n = strlen(msg);

	h[0] = 'E';
	h[1] = (unsigned char)n;
	h[2] = (unsigned char)(n >> 8);
	if (child_write_all(fd, h, 3) == 0 && child_write_all(fd, msg, n) == 0)
		(void)child_write_all(fd, "Z", 1);
}

/* Writes "b" as the record of an encoded variant of "im". 0 or -1. */
static int
child_put(int fd, VipsImage *im, enum image_format fmt, const void *b, size_t len)
{
	unsigned char	 h[IMAGE_RECORD_HEAD];

	if (image_record_head(h, fmt, vips_image_get_width(im), vips_image_get_height(im),
	    len) == -1)
		return -1;
	return child_write_all(fd, h, sizeof(h)) == 0 && child_write_all(fd, b, len) == 0 ? 0 : -1;
}

/* Encodes "im" in "fmt" and writes the record. 0, or -1 when encoding failed. */
static int
child_encode(int fd, VipsImage *im, enum image_format fmt)
{
	void		*out = NULL;
	size_t		 len = 0;
	int		 r;

	switch (fmt) {
	case IMAGE_WEBP:
		/* Effort 2 of 6: a quarter less CPU than the default for a few % more bytes. */
		r = vips_webpsave_buffer(im, &out, &len, "Q", 80, "effort", 2, "strip", TRUE,
		    NULL);
		if (r == 0 && (len = image_webp_strip(out, len)) == 0)
			r = -1;
		break;
	case IMAGE_JPEG:
		r = vips_jpegsave_buffer(im, &out, &len, "Q", 82, "strip", TRUE,
		    "optimize_coding", TRUE, "interlace", TRUE, NULL);
		break;
	default:
		r = vips_pngsave_buffer(im, &out, &len, "strip", TRUE, "compression", 9, NULL);
		break;
	}
	if (r == 0)
		r = child_put(fd, im, fmt, out, len);
	g_free(out);
	return r;
}

static int
image_loader_ok(const char *loader)
{
	size_t	 i;

	if (loader == NULL)
		return 0;
	for (i = 0; i < sizeof(image_loaders) / sizeof(image_loaders[0]); i++)
		if (strcmp(loader, image_loaders[i]) == 0)
			return 1;
	return 0;
}

/*
 * Whether the uploaded bytes can stand as the full size's fallback as they are: a JPEG or
 * PNG with no metadata, upright, 8-bit sRGB or grey, no larger than the full size (the
 * pipeline's fallback is then the same format). Keeping them spares a second lossy encoding, so an
 * export imported again, or a rebuild, gives back the very same bytes.
 */
static int
image_keep_as_is(const struct image_job *job, const char *loader, VipsImage *head,
    VipsImage *full)
{
	VipsInterpretation	 in = vips_image_get_interpretation(head);

	if (vips_image_get_width(head) != vips_image_get_width(full) ||
	    vips_image_get_height(head) != vips_image_get_height(full) ||
	    vips_image_get_format(head) != VIPS_FORMAT_UCHAR ||
	    (in != VIPS_INTERPRETATION_sRGB && in != VIPS_INTERPRETATION_B_W) ||
	    vips_image_get_orientation(head) != 1 ||
	    vips_image_get_typeof(head, VIPS_META_ICC_NAME) != 0 ||
	    vips_image_hasalpha(head) != vips_image_hasalpha(full))
		return 0;
	if (strcmp(loader, "VipsForeignLoadJpegBuffer") == 0)
		return image_jpeg_clean(job->bytes, job->len);
	if (strcmp(loader, "VipsForeignLoadPngBuffer") == 0)
		return image_png_clean(job->bytes, job->len);
	return 0;
}

/* An alpha channel that is opaque everywhere (GIF decoders always make one) is dropped: it
 * would only make every variant bigger. 0, or -1 on an error. */
static int
image_opaque(VipsImage *in, VipsImage **out)
{
	VipsImage	*alpha;
	double		 min;

	*out = in;
	if (!vips_image_hasalpha(in))
		return 0;
	if (vips_extract_band(in, &alpha, vips_image_get_bands(in) - 1, NULL) != 0 ||
	    vips_min(alpha, &min, NULL) != 0)
		return -1;
	if (min < 255)
		return 0;
	return vips_extract_band(in, out, 0, "n", vips_image_get_bands(in) - 1, NULL);
}

/* Removes every metadata item (EXIF with GPS, XMP, IPTC, ICC, comments, orientation): the
 * encoders' "strip" does not reach all of them in every format. */
static void
image_strip(VipsImage *im)
{
	gchar	**fields = vips_image_get_fields(im);
	int	 i;

	for (i = 0; fields[i] != NULL; i++)
		(void)vips_image_remove(im, fields[i]);
	g_strfreev(fields);
}

/* libvips in the helper: two threads (a small server's cores) and two malloc arenas, since
 * the address-space limit counts each thread's stack and arena (a 12 MP photo peaks near
 * 100 MiB); no cache; none of the loaders libvips marks untrusted. 0, or -1. */
static int
image_decode_init(void)
{
	mallopt(M_ARENA_MAX, 2);
	if (VIPS_INIT("meridian"))
		return -1;
	vips_concurrency_set(2);
	vips_cache_set_max(0);
	vips_block_untrusted_set(TRUE);
	return 0;
}

/* An upload: no cleanup on any path, since the helper ends when this returns. */
void
image_decode(const unsigned char *bytes, size_t len, int fd)
{
	const struct image_job	 job_at = { bytes, len }, *job = &job_at;
	VipsImage		*head, *thumb, *srgb, *full, *small;
	const char		*loader;
	char			 msg[200];
	enum image_format	 fallback;
	int64_t			 pixels;
	int			 w, h, keep;
	size_t			 i;

	if (image_decode_init() == -1)
		return;
	loader = vips_foreign_find_load_buffer(job->bytes, job->len);
	if (!image_loader_ok(loader)) {
		image_refuse(fd, "That file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image "
		    "(whatever its name says).");
		return;
	}
	/* Opening reads the header only: the size is known before anything is decoded. */
	if ((head = vips_image_new_from_buffer(job->bytes, job->len, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_WARNING, NULL)) == NULL) {
		image_refuse(fd, "The image cannot be read: it is damaged or not complete.");
		return;
	}
	w = vips_image_get_width(head);
	h = vips_image_get_height(head);
	pixels = (int64_t)w * h;
	if (w <= 0 || h <= 0 || pixels > IMAGE_MAX_PIXELS) {
		snprintf(msg, sizeof(msg), "The image is %d × %d pixels (%.0f megapixels); at most "
		    "%d megapixels are accepted.", w, h, (double)pixels / 1e6,
		    IMAGE_MAX_PIXELS / 1000000);
		image_refuse(fd, msg);
		return;
	}
	/* One decode, of the image opened above: orientation applied, colour managed, the long
	 * edge capped; an animated GIF or WebP gives its first frame (the default page). A
	 * decoder's warning (truncated or corrupt data) is an error, not a grey band. The
	 * decode runs on one thread: with two, a decode error in one worker thread was
	 * sometimes lost and a cut-short PNG stored (libvips 8.14); encoding uses both. An
	 * embedded profile (a phone's Display P3) is applied to reach sRGB: without an export
	 * profile libvips keeps the values as they are, and once the profile is stripped below
	 * they would be shown as sRGB, off by tens. */
	vips_concurrency_set(1);
	if (vips_thumbnail_image(head, &thumb, IMAGE_FULL_EDGE, "height", IMAGE_FULL_EDGE,
	    "size", VIPS_SIZE_DOWN, "export_profile", "srgb", NULL) != 0 ||
	    vips_colourspace(thumb, &srgb, VIPS_INTERPRETATION_sRGB, NULL) != 0 ||
	    (full = vips_image_copy_memory(srgb)) == NULL) {
		image_refuse(fd, "The image cannot be read: it is damaged or not complete.");
		return;
	}
	vips_concurrency_set(2);
	if (vips_image_get_format(full) != VIPS_FORMAT_UCHAR) {
		VipsImage	*u;

		if (vips_cast_uchar(full, &u, NULL) != 0) {
			image_refuse(fd, "The image cannot be converted.");
			return;
		}
		full = u;
	}
	keep = image_keep_as_is(job, loader, head, full);
	if (image_opaque(full, &full) == -1) {
		image_refuse(fd, "The image cannot be converted.");
		return;
	}
	image_strip(full);
	/* Graphics stay lossless: PNG for a PNG or GIF, or wherever there is transparency. */
	fallback = vips_image_hasalpha(full) || strcmp(loader, "VipsForeignLoadPngBuffer") == 0 ||
	    strcmp(loader, "VipsForeignLoadNsgifBuffer") == 0 ? IMAGE_PNG : IMAGE_JPEG;
	if (child_encode(fd, full, IMAGE_WEBP) == -1 ||
	    (keep ?
	    child_put(fd, full, fallback, job->bytes, job->len) :
	    child_encode(fd, full, fallback)) == -1) {
		image_refuse(fd, "The image cannot be converted.");
		return;
	}
	/* Smaller widths only: never upscaled. */
	for (i = 0; i < sizeof(image_widths) / sizeof(image_widths[0]); i++) {
		if (image_widths[i] >= vips_image_get_width(full))
			continue;
		if (vips_resize(full, &small, (double)image_widths[i] /
		    vips_image_get_width(full), NULL) != 0 ||
		    child_encode(fd, small, IMAGE_WEBP) == -1 ||
		    child_encode(fd, small, fallback) == -1) {
			image_refuse(fd, "The image cannot be converted.");
			return;
		}
	}
	(void)child_write_all(fd, "Z", 1);
}

/* Refuses, naming variant "v" and what is wrong with it. */
static void
verify_refuse(int fd, const struct image_variant *v, const char *what)
{
	char	 msg[200];

	snprintf(msg, sizeof(msg), "the %d px %s variant %s", v->width,
	    image_format_names[v->format], what);
	image_refuse(fd, msg);
}

/* Stored variants: each must be what it is filed as, and decode to the last pixel with no
 * warning. No cleanup: the helper ends when this returns. */
void
image_decode_check(const struct image_set *set, int fd)
{
	static const char *const loaders[IMAGE__MAX] = { "VipsForeignLoadWebpBuffer",
	    "VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer" };
	const struct image_variant	*v;
	VipsImage			*im;
	const char			*loader;
	char				 what[100];
	double				 avg;
	size_t				 i;

	if (image_decode_init() == -1)
		return;
	/* One thread, as for the decode of an upload (see image_decode()). */
	vips_concurrency_set(1);
	for (i = 0; i < set->n; i++) {
		v = &set->v[i];
		loader = vips_foreign_find_load_buffer(v->bytes, v->len);
		if (loader == NULL || strcmp(loader, loaders[v->format]) != 0) {
			verify_refuse(fd, v, "is not a file of that format");
			return;
		}
		if ((im = vips_image_new_from_buffer(v->bytes, v->len, "", "access",
		    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_WARNING, NULL)) == NULL) {
			verify_refuse(fd, v, "cannot be read");
			return;
		}
		if (vips_image_get_width(im) != v->width ||
		    vips_image_get_height(im) != v->height) {
			snprintf(what, sizeof(what), "is %d × %d px, not %d × %d",
			    vips_image_get_width(im), vips_image_get_height(im), v->width,
			    v->height);
			verify_refuse(fd, v, what);
			return;
		}
		/* The average reads every pixel: the whole file is decoded. */
		if (vips_avg(im, &avg, NULL) != 0) {
			verify_refuse(fd, v, "does not decode: it is damaged or cut short");
			return;
		}
		g_object_unref(im);
	}
	(void)child_write_all(fd, "Z", 1);
}

