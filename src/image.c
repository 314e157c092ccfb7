/* SPDX-License-Identifier: ISC */
/* image.c: the image pipeline on libvips. A child decodes (only the formats we accept, the
 * size checked from the header first), applies the EXIF orientation, converts to sRGB, drops
 * every metadata block and encodes the variants; the parent only reads the results. */
#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "child.h"
#include "image.h"
#include "image_clean.h"
#include "log.h"
#include "util.h"

const int image_widths[3] = { 1600, 960, 480 };
const char *const image_format_names[IMAGE__MAX] = { "webp", "jpeg", "png" };
const char *const image_format_mimes[IMAGE__MAX] = { "image/webp", "image/jpeg", "image/png" };
const char *const image_format_exts[IMAGE__MAX] = { "webp", "jpg", "png" };

/* The child's limits: a 50 MP image in memory as 8-bit RGBA is 200 MB, and the encoders
 * work on strips of it. Time: a 12 MP photo takes about two seconds of CPU; the wall-clock
 * limit stays under the worker's default request timeout (30 s), so a refused upload still
 * gets its page rather than a killed worker. */
#define IMAGE_CHILD_AS		((size_t)1024 * 1024 * 1024)
#define IMAGE_CHILD_CPU		20
#define IMAGE_CHILD_WALL_MS	20000
#define IMAGE_CHILD_OUT		((size_t)64 * 1024 * 1024)

/* The loaders we accept; libvips has many more (SVG, PDF, TIFF, ImageMagick...), each a
 * parser we have no use for. HEIF covers HEIC and AVIF. */
static const char *const image_loaders[] = {
	"VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer", "VipsForeignLoadWebpBuffer",
	"VipsForeignLoadNsgifBuffer", "VipsForeignLoadHeifBuffer",
};

/*
 * The child writes records: 'V', format (1 byte), width, height, length (4 bytes each,
 * little-endian), then the bytes; or 'E', a 2-byte length and a message for people; and 'Z'
 * when everything was written. A child that dies on a limit leaves no 'Z'.
 */
struct image_job {
	const unsigned char	*bytes;
	size_t			 len;
};

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
child_refuse(int fd, const char *msg)
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
	unsigned char	 h[14];

	if (len > UINT32_MAX)
		return -1;
	h[0] = 'V';
	h[1] = (unsigned char)fmt;
	put32(h + 2, (uint32_t)vips_image_get_width(im));
	put32(h + 6, (uint32_t)vips_image_get_height(im));
	put32(h + 10, (uint32_t)len);
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

/* libvips in a child: two threads (a small server's cores) and two malloc arenas, since
 * the address-space limit counts each thread's stack and arena (a 12 MP photo peaks near
 * 100 MiB); no cache; none of the loaders libvips marks untrusted. 0, or -1. */
static int
image_child_init(void)
{
	mallopt(M_ARENA_MAX, 2);
	if (VIPS_INIT("meridian"))
		return -1;
	vips_concurrency_set(2);
	vips_cache_set_max(0);
	vips_block_untrusted_set(TRUE);
	return 0;
}

/* The child: no cleanup on any path, since child_run() ends it with SIGKILL. */
static void
image_child(void *arg, int fd)
{
	const struct image_job	*job = arg;
	VipsImage		*head, *thumb, *srgb, *full, *small;
	const char		*loader;
	char			 msg[200];
	enum image_format	 fallback;
	int64_t			 pixels;
	int			 w, h, keep;
	size_t			 i;

	if (image_child_init() == -1)
		return;
	loader = vips_foreign_find_load_buffer(job->bytes, job->len);
	if (!image_loader_ok(loader)) {
		child_refuse(fd, "That file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF image "
		    "(whatever its name says).");
		return;
	}
	/* Opening reads the header only: the size is known before anything is decoded. */
	if ((head = vips_image_new_from_buffer(job->bytes, job->len, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_WARNING, NULL)) == NULL) {
		child_refuse(fd, "The image cannot be read: it is damaged or not complete.");
		return;
	}
	w = vips_image_get_width(head);
	h = vips_image_get_height(head);
	pixels = (int64_t)w * h;
	if (w <= 0 || h <= 0 || pixels > IMAGE_MAX_PIXELS) {
		snprintf(msg, sizeof(msg), "The image is %d × %d pixels (%.0f megapixels); at most "
		    "%d megapixels are accepted.", w, h, (double)pixels / 1e6,
		    IMAGE_MAX_PIXELS / 1000000);
		child_refuse(fd, msg);
		return;
	}
	/* One decode, of the image opened above: orientation applied, colour managed, the long
	 * edge capped; an animated GIF or WebP gives its first frame (the default page). A
	 * decoder's warning (truncated or corrupt data) is an error, not a grey band. The
	 * decode runs on one thread: with two, a decode error in one worker thread was
	 * sometimes lost and a cut-short PNG stored (libvips 8.14); encoding uses both. */
	vips_concurrency_set(1);
	if (vips_thumbnail_image(head, &thumb, IMAGE_FULL_EDGE, "height", IMAGE_FULL_EDGE,
	    "size", VIPS_SIZE_DOWN, NULL) != 0 ||
	    vips_colourspace(thumb, &srgb, VIPS_INTERPRETATION_sRGB, NULL) != 0 ||
	    (full = vips_image_copy_memory(srgb)) == NULL) {
		child_refuse(fd, "The image cannot be read: it is damaged or not complete.");
		return;
	}
	vips_concurrency_set(2);
	if (vips_image_get_format(full) != VIPS_FORMAT_UCHAR) {
		VipsImage	*u;

		if (vips_cast_uchar(full, &u, NULL) != 0) {
			child_refuse(fd, "The image cannot be converted.");
			return;
		}
		full = u;
	}
	keep = image_keep_as_is(job, loader, head, full);
	if (image_opaque(full, &full) == -1) {
		child_refuse(fd, "The image cannot be converted.");
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
		child_refuse(fd, "The image cannot be converted.");
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
			child_refuse(fd, "The image cannot be converted.");
			return;
		}
	}
	(void)child_write_all(fd, "Z", 1);
}

void
image_set_free(struct image_set *set)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		free(set->v[i].bytes);
	memset(set, 0, sizeof(*set));
}

/* Reads an 'E' record, the last before 'Z', into "err": 0, or -1 when it is malformed. */
static int
image_refusal(const unsigned char *p, size_t len, char *err, size_t errlen)
{
	size_t	 n;

	if (len < 3)
		return -1;
	n = (size_t)p[1] | (size_t)p[2] << 8;
	if (len - 3 < n)
		return -1;
	snprintf(err, errlen, "%.*s", (int)n, (const char *)p + 3);
	return 0;
}

/* Reads the child's records into "set". 1, 0 refused (err), -1 malformed. */
static int
image_parse(const unsigned char *p, size_t len, struct image_set *set, char *err,
    size_t errlen)
{
	struct image_variant	*v;
	size_t			 off = 0, n;

	while (off < len) {
		switch (p[off]) {
		case 'Z':
			if (off + 1 != len || set->n < 2)
				return -1;
			set->width = set->v[0].width;
			set->height = set->v[0].height;
			set->alpha = set->v[1].format == IMAGE_PNG;
			return 1;
		case 'E':
			image_set_free(set);
			return image_refusal(p + off, len - off, err, errlen);
		case 'V':
			if (len - off < 14 || set->n == IMAGE_MAX_VARIANTS ||
			    p[off + 1] >= IMAGE__MAX)
				return -1;
			n = get32(p + off + 10);
			if (len - off - 14 < n)
				return -1;
			v = &set->v[set->n++];
			v->format = (enum image_format)p[off + 1];
			v->width = (int)get32(p + off + 2);
			v->height = (int)get32(p + off + 6);
			v->len = n;
			v->bytes = xmalloc(n > 0 ? n : 1);
			memcpy(v->bytes, p + off + 14, n);
			off += 14 + n;
			break;
		default:
			return -1;
		}
	}
	return -1;
}

int
image_process(const unsigned char *bytes, size_t len, struct image_set *set, char *err,
    size_t errlen)
{
	struct child_limits	 lim = { IMAGE_CHILD_AS, IMAGE_CHILD_CPU, IMAGE_CHILD_WALL_MS,
	    IMAGE_CHILD_OUT };
	struct image_job	 job = { bytes, len };
	struct buf		 out;
	enum child_result	 cr;
	int			 r;

	memset(set, 0, sizeof(*set));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	buf_init(&out);
	cr = child_run(image_child, &job, &lim, &out);
	if (cr == CHILD_ERROR) {
		buf_free(&out);
		return -1;
	}
	r = cr == CHILD_DONE ? image_parse((const unsigned char *)out.data, out.len, set, err,
	    errlen) : -1;
	buf_free(&out);
	if (r == -1) {
		/* No complete answer: the child hit a limit (memory, CPU, time) or crashed. */
		image_set_free(set);
		snprintf(err, errlen, "The image could not be processed within the memory and "
		    "time limits; it may be damaged or built to exhaust them.");
		return 0;
	}
	return r;
}

/* What image_verify() hands its child. */
struct image_check {
	const struct image_variant	*v;
	size_t				 n;
};

/* Refuses, naming variant "v" and what is wrong with it. */
static void
verify_refuse(int fd, const struct image_variant *v, const char *what)
{
	char	 msg[200];

	snprintf(msg, sizeof(msg), "the %d px %s variant %s", v->width,
	    image_format_names[v->format], what);
	child_refuse(fd, msg);
}

/* The child of image_verify(): each variant must be what it is filed as, and decode to the
 * last pixel with no warning. No cleanup: child_run() ends it with SIGKILL. */
static void
image_verify_child(void *arg, int fd)
{
	static const char *const loaders[IMAGE__MAX] = { "VipsForeignLoadWebpBuffer",
	    "VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer" };
	const struct image_check	*chk = arg;
	const struct image_variant	*v;
	VipsImage			*im;
	const char			*loader;
	char				 what[100];
	double				 avg;
	size_t				 i;

	if (image_child_init() == -1)
		return;
	/* One thread, as for the decode of an upload (see image_child()). */
	vips_concurrency_set(1);
	for (i = 0; i < chk->n; i++) {
		v = &chk->v[i];
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

int
image_verify(const struct image_variant *v, size_t n, char *err, size_t errlen)
{
	struct child_limits	 lim = { IMAGE_CHILD_AS, IMAGE_CHILD_CPU, IMAGE_CHILD_WALL_MS,
	    IMAGE_CHILD_OUT };
	struct image_check	 chk = { v, n };
	struct buf		 out;
	enum child_result	 cr;
	int			 r = 0;

	buf_init(&out);
	if ((cr = child_run(image_verify_child, &chk, &lim, &out)) == CHILD_ERROR) {
		buf_free(&out);
		return -1;
	}
	if (cr == CHILD_DONE && out.len == 1 && out.data[0] == 'Z')
		r = 1;
	else if (cr != CHILD_DONE || out.len < 2 || out.data[0] != 'E' ||
	    out.data[out.len - 1] != 'Z' || image_refusal((const unsigned char *)out.data,
	    out.len - 1, err, errlen) == -1)
		snprintf(err, errlen, "its variants could not be decoded within the memory and "
		    "time limits");
	buf_free(&out);
	return r;
}

int
image_format_parse(const char *ext)
{
	int	 i;

	for (i = 0; i < IMAGE__MAX; i++)
		if (strcmp(ext, image_format_exts[i]) == 0)
			return i;
	return -1;
}
