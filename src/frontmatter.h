/* SPDX-License-Identifier: ISC */
/* frontmatter.h: the YAML front matter of imported and exported Markdown documents
 * (Hugo and Jekyll style): parsing and validation into a struct fm, and writing one back. */
#ifndef MERIDIAN_FRONTMATTER_H
#define MERIDIAN_FRONTMATTER_H

#include <stddef.h>
#include <time.h>

struct buf;

/* Limits, enforced by fm_parse(); lengths in code points unless said otherwise. */
#define FM_MAX_BYTES	(64 * 1024)	/* bytes between the two delimiter lines */
#define FM_MAX_KEYS	100		/* top-level keys, known or not */
#define FM_MAX_DEPTH	4		/* the top-level mapping is depth 1 */
#define FM_MAX_TITLE	300		/* same as LIMIT_TITLE */
#define FM_MAX_SUMMARY	1000		/* same as LIMIT_SUMMARY */
#define FM_MAX_TOPIC	60
#define FM_MAX_TOPICS	20
#define FM_MAX_IMAGE	1000		/* bytes of the image's address or path */

/*
 * One document's metadata. Every string is owned, valid UTF-8 without NUL, and NULL when
 * absent; fm_parse() never leaves an empty string in an optional field.
 */
struct fm {
	char		*title;		/* required, 1 to FM_MAX_TITLE code points */
	char		*slug;		/* passes slug_valid(); NULL: derive from the title */
	char		*summary;
	char		*status;	/* "draft" or "published" */
	char		*kind;		/* "article" or "page" */
	char		*author;
	char		*reviewer;
	char		*reviewed;	/* "YYYY-MM-DD", a real day */
	char		*review_due;	/* "YYYY-MM-DD", a real day */
	time_t		 date;		/* publication time; meaningful if has_date */
	int		 has_date;
	time_t		 updated;	/* meaningful if has_updated */
	int		 has_updated;
	char		**topics;	/* in document order, unique ignoring ASCII case */
	size_t		 ntopics;
	char		**warnings;	/* "LINE: ignored key 'x'", one per ignored key */
	size_t		 nwarnings;
	char		*image;		/* featured image: a /media/ address or a path; also
					 * Hugo's featured_image or first of images */
	const char	*body;		/* into the parsed buffer, NOT owned, not NUL-terminated */
	size_t		 body_len;
	int		 body_line;	/* 1-based line of the file where the body starts */
};

/*
 * Splits "buf" ("len" bytes, a BOM allowed) into front matter and body and validates the front
 * matter. "out" is overwritten, so it must not hold anything that needs freeing.
 * Returns 0 on success: the caller frees "out" with fm_free(), and "out->body" borrows from
 * "buf". Returns -1 on error: "out" is left zeroed (nothing to free), "err" (if not NULL)
 * holds a one-line message without the line number, and "*errline" (if not NULL) the 1-based
 * line of the file it refers to.
 */
int	 fm_parse(const char *buf, size_t len, struct fm *out,
	    char *err, size_t errlen, int *errline);

/* Frees everything "fm" owns and zeroes it; fm_free(NULL) does nothing. */
void	 fm_free(struct fm *);

/*
 * Appends "fm" to "out" as front matter, both "---" lines included. If "fm" keeps the rules
 * fm_parse() enforces (as everything fm_parse() returns does), fm_parse() reads the output
 * back into an identical struct, body and warnings aside. Absent and empty fields are left
 * out; invalid UTF-8 is written as U+FFFD. The caller appends the body.
 */
void	 fm_emit(struct buf *out, const struct fm *);

#endif
