/* SPDX-License-Identifier: ISC */
/* multipart.h: multipart/form-data request bodies (RFC 7578), as browsers send them for the
 * admin's upload form, split into bounded parts that point into the body. */
#ifndef MERIDIAN_MULTIPART_H
#define MERIDIAN_MULTIPART_H

#include <stddef.h>

/*
 * Limits on one body. The request layer must not read more than MULTIPART_MAX_BODY bytes;
 * multipart_parse() checks it again so that it is safe on its own.
 */
#define MULTIPART_MAX_BODY	(10 * 1024 * 1024 + 64 * 1024)	/* bytes in the body */
#define MULTIPART_MAX_PARTS	16	/* parts in one body */
#define MULTIPART_MAX_HEADERS	16	/* header lines in one part */
#define MULTIPART_MAX_LINE	1024	/* bytes in one header line, CRLF excluded */
#define MULTIPART_MAX_NAME	100	/* bytes in a field name */
#define MULTIPART_MAX_FILENAME	255	/* bytes in a file name, path dropped */
#define MULTIPART_MAX_BOUNDARY	70	/* bytes in a boundary (RFC 2046) */

struct multipart_part {
	char		*name;		/* owned; non-empty UTF-8, no controls but tab */
	char		*filename;	/* owned, or NULL if none; UTF-8, may be "" */
	char		*content_type;	/* owned, or NULL if none */
	const char	*data;		/* into the body, not owned; any bytes */
	size_t		 len;
};

struct multipart {
	struct multipart_part	*parts;	/* owned */
	size_t			 n;
};

enum multipart_err {
	MULTIPART_OK,
	MULTIPART_MALFORMED,
	MULTIPART_TOO_MANY_PARTS,
	MULTIPART_TOO_LARGE,
	MULTIPART_TRUNCATED,
	MULTIPART__MAX
};

int			 multipart_boundary(const char *, char *, size_t);
const char		*multipart_strerror(enum multipart_err);
enum multipart_err	 multipart_parse(const char *, size_t, const char *,
			    struct multipart *);
void			 multipart_free(struct multipart *);
const struct multipart_part *
			 multipart_get(const struct multipart *, const char *);

#endif
