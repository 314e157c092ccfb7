/* SPDX-License-Identifier: ISC */
/* image.h: the image pipeline: untrusted bytes in, metadata-free sRGB variants out, every
 * decode done by libvips in meridian-image, a helper program executed under limits. */
#ifndef IMAGE_H
#define IMAGE_H

#include <stddef.h>

#define IMAGE_MAX_PIXELS	(50 * 1000 * 1000)	/* read from the header, before decoding */
#define IMAGE_TIME_LIMIT	20	/* seconds of CPU and of wall clock, by default */
#define IMAGE_FULL_EDGE		2560	/* the full size's long edge at most */
#define IMAGE_MAX_VARIANTS	8	/* four widths, two formats each */
#define IMAGE_INPUT_MAX		((size_t)128 * 1024 * 1024)	/* bytes the helper reads */
#define IMAGE_RECORD_HEAD	14	/* 'V', format, width, height, length */

enum image_format {
	IMAGE_WEBP,
	IMAGE_JPEG,
	IMAGE_PNG,
	IMAGE__MAX
};

struct image_variant {
	enum image_format	 format;
	int			 width;
	int			 height;
	unsigned char		*bytes;		/* owned */
	size_t			 len;
};

/* The variants of one image: the full size first, then the smaller widths. */
struct image_set {
	struct image_variant	 v[IMAGE_MAX_VARIANTS];
	size_t			 n;
	int			 width;		/* of the full size */
	int			 height;
	int			 alpha;		/* PNG, not JPEG, as the fallback */
};

extern const int image_widths[3];
extern const char *const image_format_names[IMAGE__MAX];	/* "webp", "jpeg", "png" */
extern const char *const image_format_mimes[IMAGE__MAX];
extern const char *const image_format_exts[IMAGE__MAX];		/* "webp", "jpg", "png" */

/* 1 done, 0 refused (the reason, for people, in err), -1 error (logged). */
int	 image_process(const unsigned char *, size_t, struct image_set *, char *err,
	    size_t errlen);
/* Decodes "n" stored variants in a child under the same limits, each checked to be the
 * format and size it is filed as: 1 all sound, 0 one is not (which and why in err), -1 error
 * (logged). */
int	 image_verify(const struct image_variant *, size_t n, char *err, size_t errlen);
void	 image_set_free(struct image_set *);
/* Where to find meridian-image, from the program's argv[0]: call once at start. */
void	 image_helper_set(const char *argv0);
/* The helper's CPU and wall-clock limit in seconds (image_time_limit in the configuration). */
void	 image_time_limit_set(int seconds);
const char *image_helper(void);		/* its path */
/* The helper's records: the head of a variant's (0, or -1 if it cannot be one); and a whole
 * answer read into "set" (emptied first; image_set_free() it on every result), which must
 * hold "min_n" variants at least: 1, 0 a refusal (in err), -1 malformed. */
int	 image_record_head(unsigned char h[IMAGE_RECORD_HEAD], enum image_format, int width,
	    int height, size_t len);
int	 image_records_parse(const unsigned char *, size_t, size_t min_n, struct image_set *,
	    char *err, size_t errlen);
int	 image_format_parse(const char *ext);	/* an enum image_format, or -1 */

#endif
