/* SPDX-License-Identifier: ISC */
/* image.c: the image pipeline as the worker and the command line see it. The decoding is
 * done by meridian-image (image_main.c, image_decode.c: libvips), executed for each image
 * under memory, CPU and time limits; this side only hands it the bytes and reads the
 * records it writes back. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "child.h"
#include "image.h"
#include "libexec.h"
#include "log.h"
#include "util.h"

const int image_widths[3] = { 1600, 960, 480 };
const char *const image_format_names[IMAGE__MAX] = { "webp", "jpeg", "png" };
const char *const image_format_mimes[IMAGE__MAX] = { "image/webp", "image/jpeg", "image/png" };
const char *const image_format_exts[IMAGE__MAX] = { "webp", "jpg", "png" };

/* The child's limits: a 50 MP image in memory as 8-bit RGBA is 200 MB, and the encoders
 * work on strips of it. Time (CPU and wall clock alike, image_time_limit in the
 * configuration): a 12 MP photo takes about two seconds of CPU; the limit stays under the
 * worker's request timeout (30 s by default; conf.c sees to it), so a refused upload still
 * gets its page rather than a killed worker. */
#define IMAGE_CHILD_AS		((size_t)1024 * 1024 * 1024)
#define IMAGE_CHILD_OUT		((size_t)64 * 1024 * 1024)
static int	 image_seconds = IMAGE_TIME_LIMIT;

void
image_time_limit_set(int seconds)
{
	if (seconds > 0)
		image_seconds = seconds;
}

/*
 * The helper writes records (and image_verify() hands it the variants as records too): 'V', format (1 byte), width, height, length (4 bytes each,
 * little-endian), then the bytes; or 'E', a 2-byte length and a message for people; and 'Z'
 * when everything was written. A child that dies on a limit leaves no 'Z'.
 */
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

int
image_record_head(unsigned char h[IMAGE_RECORD_HEAD], enum image_format fmt, int width,
    int height, size_t len)
{
	if (len > UINT32_MAX || width < 0 || height < 0)
		return -1;
	h[0] = 'V';
	h[1] = (unsigned char)fmt;
	put32(h + 2, (uint32_t)width);
	put32(h + 6, (uint32_t)height);
	put32(h + 10, (uint32_t)len);
	return 0;
}

/* Where meridian-image is (see libexec_find). */
static char	 image_helper_path[PATH_MAX] = MERIDIAN_IMAGE_HELPER;

void
image_helper_set(const char *argv0)
{
	libexec_find(argv0, "meridian-image", MERIDIAN_IMAGE_HELPER, image_helper_path,
	    sizeof(image_helper_path));
}

const char *
image_helper(void)
{
	return image_helper_path;
}

/* What image_exec() runs: the helper's mode and its input. */
struct image_exec {
	const char	*mode;
	const void	*in;
	size_t		 len;
};

/*
 * child_fn: becomes meridian-image, with the input on stdin (an anonymous file, so the
 * helper can read it at its pace) and "fd" as stdout. Every other descriptor (the database,
 * the FastCGI socket) is closed first. Returns only if that failed.
 */
static void
image_exec(void *arg, int fd)
{
	const struct image_exec	*x = arg;
	int			 in;

	if ((in = memfd_create("meridian-image-input", 0)) == -1 ||
	    child_write_all(in, x->in, x->len) == -1 || lseek(in, 0, SEEK_SET) == -1 ||
	    dup2(in, 0) == -1 || dup2(fd, 1) == -1) {
		log_warn("image: preparing the helper's input");
		return;
	}
	/* close_range() may be missing under a tool such as valgrind: then one by one. */
	if (close_range(3, ~0U, 0) == -1)
		for (in = 3; in < 1024; in++)
			(void)close(in);
	execl(image_helper_path, image_helper_path, x->mode, (char *)NULL);
	log_warn("image: cannot run %s", image_helper_path);
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

int
image_records_parse(const unsigned char *p, size_t len, size_t min_n, struct image_set *set,
    char *err, size_t errlen)
{
	struct image_variant	*v;
	size_t			 off = 0, n;

	memset(set, 0, sizeof(*set));
	while (off < len) {
		switch (p[off]) {
		case 'Z':
			if (off + 1 != len || set->n < min_n || set->n < 1)
				return -1;
			set->width = set->v[0].width;
			set->height = set->v[0].height;
			set->alpha = set->n > 1 && set->v[1].format == IMAGE_PNG;
			return 1;
		case 'E':
			image_set_free(set);
			return image_refusal(p + off, len - off, err, errlen);
		case 'V':
			if (len - off < IMAGE_RECORD_HEAD || set->n == IMAGE_MAX_VARIANTS ||
			    p[off + 1] >= IMAGE__MAX)
				return -1;
			n = get32(p + off + 10);
			if (len - off - IMAGE_RECORD_HEAD < n)
				return -1;
			v = &set->v[set->n++];
			v->format = (enum image_format)p[off + 1];
			v->width = (int)get32(p + off + 2);
			v->height = (int)get32(p + off + 6);
			v->len = n;
			v->bytes = xmalloc(n > 0 ? n : 1);
			memcpy(v->bytes, p + off + IMAGE_RECORD_HEAD, n);
			off += IMAGE_RECORD_HEAD + n;
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
	struct child_limits	 lim = { IMAGE_CHILD_AS, image_seconds, image_seconds * 1000,
	    IMAGE_CHILD_OUT };
	struct image_exec	 job = { "process", bytes, len };
	struct buf		 out;
	enum child_result	 cr;
	int			 r;

	memset(set, 0, sizeof(*set));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	buf_init(&out);
	cr = child_run(image_exec, &job, &lim, &out);
	if (cr == CHILD_ERROR) {
		buf_free(&out);
		return -1;
	}
	r = cr == CHILD_DONE ? image_records_parse((const unsigned char *)out.data, out.len, 2,
	    set, err, errlen) : -1;
	buf_free(&out);
	if (r == -1 && cr == CHILD_TIMEOUT) {
		image_set_free(set);
		snprintf(err, errlen, "The image took more than %d seconds to process, the limit "
		    "for one image; it may be damaged or built to exhaust it.", image_seconds);
		return 0;
	}
	if (r == -1) {
		/* No complete answer: the child hit the memory limit or crashed. */
		image_set_free(set);
		snprintf(err, errlen, "The image could not be processed within the memory and "
		    "time limits; it may be damaged or built to exhaust them.");
		return 0;
	}
	return r;
}

int
image_verify(const struct image_variant *v, size_t n, char *err, size_t errlen)
{
	struct child_limits	 lim = { IMAGE_CHILD_AS, image_seconds, image_seconds * 1000,
	    IMAGE_CHILD_OUT };
	struct image_exec	 job = { "verify", NULL, 0 };
	struct buf		 in, out;
	unsigned char		 h[IMAGE_RECORD_HEAD];
	enum child_result	 cr;
	size_t			 i;
	int			 r = 0;

	buf_init(&in);
	for (i = 0; i < n; i++) {
		if (image_record_head(h, v[i].format, v[i].width, v[i].height, v[i].len) == -1) {
			buf_free(&in);
			snprintf(err, errlen, "the %d px variant is too large", v[i].width);
			return 0;
		}
		buf_append(&in, h, sizeof(h));
		buf_append(&in, v[i].bytes, v[i].len);
	}
	buf_putc(&in, 'Z');
	job.in = in.data;
	job.len = in.len;
	buf_init(&out);
	cr = child_run(image_exec, &job, &lim, &out);
	buf_free(&in);
	if (cr == CHILD_ERROR) {
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
