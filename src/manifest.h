/* SPDX-License-Identifier: ISC */
/* manifest.h: media.tsv, the list of media files in an export folder (DIR/media/), which
 * `meridian import` reads back so that uploads keep their ids, names and alt texts. */
#ifndef MERIDIAN_MANIFEST_H
#define MERIDIAN_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define MANIFEST_FILE		"media.tsv"
#define MANIFEST_MAX_BYTES	(4 * 1024 * 1024)
#define MANIFEST_MAX_NAME	120	/* bytes of a media name */

/* One media file; strings owned (manifest_entry_free). */
struct manifest_entry {
	int64_t	 id;
	char	*name;		/* passes manifest_name_ok() */
	char	*mime;		/* passes manifest_mime_ok() */
	char	*sha256;	/* 64 lower-case hex digits */
	int64_t	 created_at;
	char	*uploaded_by;
	char	*alt;
};

/* manifest.c */
void	 manifest_header(struct buf *);
void	 manifest_row(struct buf *, int64_t id, const char *name, const char *mime,
	    const char *sha256, int64_t created_at, const char *uploaded_by,
	    const char *alt);
int	 manifest_parse_line(const char *line, size_t len, struct manifest_entry *out,
	    char *err, size_t errlen);
void	 manifest_entry_free(struct manifest_entry *);
int	 manifest_name_ok(const char *);
int	 manifest_mime_ok(const char *);

#endif
