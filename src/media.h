/* SPDX-License-Identifier: ISC */
/* media.h: the image library's storage: images stored as pipeline variants, looked up for
 * serving and for the HTML of articles. */
#ifndef MEDIA_H
#define MEDIA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "image.h"

struct db;

#define MEDIA_MAX_ALT		300	/* code points */
#define MEDIA_URL_MAX		160

/* media_store(): runs untrusted image bytes through the image pipeline (in a child) and stores
 * the original's variants in one transaction. Returns the new media id (> 0), 0 when the
 * bytes are refused (the reason in err), -1 on an error (logged). */
int64_t media_store(struct db *db, const char *name, const unsigned char *bytes, size_t len,
    const char *alt, const char *who, time_t now, char *err, size_t errlen);
/* (It begins and commits its own transaction: call it outside one. The name is cleaned to
 * [a-z0-9-] plus the stored format's extension; it takes up to 20 s of a child's time.) */
/* The same with a chosen id ("id" > 0, free), for an import that keeps its ids. */
int64_t media_store_id(struct db *db, int64_t id, const char *name,
    const unsigned char *bytes, size_t len, const char *alt, const char *who, time_t now,
    char *err, size_t errlen);
/* Runs one stored row through the pipeline again. 1 done, 0 refused (err), -1 error. */
int	 media_rebuild(struct db *, int64_t id, char *err, size_t errlen);
int	 media_next(struct db *, int64_t after, int64_t *id);	/* 1, 0 none, -1 error */
/* Whether image "id" has every variant the pipeline makes, each matching its hash and
 * decoding (in a child, as uploads are): 1 sound, 0 not (why in err), -1 error. */
int	 media_verify(struct db *, int64_t id, char *err, size_t errlen);

struct media_variant {
	int			 width;
	int			 height;
	enum image_format	 format;
	char			 sha[65];
};

/* What an article needs to show one image. */
struct media_info {
	int64_t			 id;
	char			*name;		/* owned */
	char			*alt;		/* owned */
	int			 width;		/* full size; 0 = never processed */
	int			 height;
	struct media_variant	 v[IMAGE_MAX_VARIANTS];	/* widest first */
	size_t			 nv;
};
int	 media_info_load(struct db *, int64_t id, struct media_info *);	/* 1, 0 none, -1 */
void	 media_info_free(struct media_info *);
/* The URL path of a variant: /media/ID/WIDTH-HASH.EXT; the hash part changes with the bytes. */
void	 media_variant_url(char *out, size_t outlen, int64_t id, const struct media_variant *);
/* The variant of "fmt" closest to "width" from above (or the widest), or NULL. */
const struct media_variant *media_pick(const struct media_info *, enum image_format fmt,
	    int width);
/* Parses /media/{id}/{name} links: the id, or 0. */
int64_t	 media_url_id(const char *url);

/* One variant's bytes for serving. */
struct media_blob {
	int		 height;
	char		 sha[65];
	struct buf	 bytes;		/* appended to; the caller frees */
};
int	 media_variant_load(struct db *, int64_t id, int width, enum image_format,
	    struct media_blob *);	/* 1, 0 none, -1 error */

/* An image of the library as lists show it, borrowed from the row while the callback runs. */
struct media_row {
	int64_t		 id;
	const char	*name;
	const char	*mime;
	int64_t		 size;
	const char	*alt;
	time_t		 created_at;
	const char	*uploaded_by;
};
/* Calls "fn" for each image of the library, newest first (at most 500), or with "q" not NULL
 * nor empty for each whose name or alt text contains it: 0, or -1 on an error (or when "fn"
 * returns -1). */
typedef int (*media_each_fn)(const struct media_row *, void *arg);
int	 media_each(struct db *, const char *q, media_each_fn, void *arg);

/* A post that shows an image, borrowed from the row while the callback runs. */
struct media_use {
	int64_t		 media_id;
	int64_t		 post_id;
	const char	*title;
	int		 page;		/* a page, not an article */
	int		 trashed;
	int		 featured;	/* its featured image, not an image in its text */
};
typedef int (*media_use_fn)(const struct media_use *, void *arg);	/* 0, or -1 */
/* Calls "fn" for each use of image "id" (0: of every image), in post order, the featured
 * images first. Posts in the trash count (restored, they would show a missing image);
 * revisions do not. 0, or -1 on an error (or when "fn" returns -1). */
int	 media_uses(struct db *, int64_t id, media_use_fn, void *arg);
/* Sets an image's alt text, audited: 1, 0 no such image, -1 error. */
int	 media_alt_set(struct db *, int64_t id, const char *alt, const char *who, time_t now);
enum media_delete_result {
	MEDIA_DELETED,
	MEDIA_DELETE_IN_USE,	/* nothing deleted; "fn" was called for each use */
	MEDIA_DELETE_NONE,	/* no such image */
	MEDIA_DELETE_ERROR	/* logged */
};
/* Deletes an image and its variants, audited, unless a post uses it. */
enum media_delete_result media_delete(struct db *, int64_t id, const char *who, time_t now,
	    media_use_fn, void *arg);

/* An image's full size as /media/ID/NAME serves it, borrowed while the callback runs. The
 * last three are filled by media_each_file() only (NULL from media_file_get()). */
struct media_file {
	const char	*name;
	const char	*mime;
	const char	*sha256;
	time_t		 created_at;
	const void	*bytes;
	size_t		 len;
	int64_t		 id;
	const char	*alt;
	const char	*uploaded_by;
};
typedef int (*media_file_fn)(const struct media_file *, void *arg);	/* 0, or -1 */
int	 media_file_get(struct db *, int64_t id, media_file_fn, void *arg);	/* 1, 0 none, -1 */
/* Calls "fn" with every image of the library and its bytes, oldest first (the export): how
 * many, or -1 on an error (logged) or when "fn" returns -1. */
int	 media_each_file(struct db *, media_file_fn, void *arg);
/* The SHA-256 (hex) of image "id"'s original into "sha": 1, 0 no such image, -1 error. */
int	 media_sha256(struct db *, int64_t id, char sha[65]);
/* "/media/ID/NAME" of image "id" into "out": 1, 0 no such image, -1 error. */
int	 media_library_url(struct db *, int64_t id, char *out, size_t outlen);

/* The featured image of a post: its media id or 0. */
int	 media_post_image(struct db *, int64_t post_id, int64_t *media_id);
int	 media_post_image_set(struct db *, int64_t post_id, int64_t media_id);	/* 0 clears */

#endif
