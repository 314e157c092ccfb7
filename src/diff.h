/* SPDX-License-Identifier: ISC */
/* diff.h: a line diff of two texts (a Markdown body before and after), bounded in time and
 * memory so that a staff page can never be made to allocate without limit. */
#ifndef MERIDIAN_DIFF_H
#define MERIDIAN_DIFF_H

#include <stddef.h>

/*
 * Limits. Each text is at most DIFF_MAX_TEXT bytes (the Markdown limit). After the common
 * leading and trailing lines are set aside, the lines left in the middle are compared by LCS
 * only if lines(a) * lines(b) <= DIFF_MAX_CELLS; the table costs one bit per cell (500 KB at
 * the cap) plus two rows of counters. Past either limit the texts are "too different".
 */
#define DIFF_MAX_TEXT	(256 * 1024)
#define DIFF_MAX_CELLS	4000000

enum diff_kind {
	DIFF_EQUAL,	/* the line is in both: a[a_line] and b[b_line] */
	DIFF_DEL,	/* only in "a": a[a_line] */
	DIFF_ADD,	/* only in "b": b[b_line] */
	DIFF__MAX
};

/* One op; the index not named by its kind is the position in the other text (unused). */
struct diff_op {
	enum diff_kind	 kind;
	size_t		 a_line;
	size_t		 b_line;
};

/* One line: it points into the caller's text and excludes the "\n" or "\r\n" ending. */
struct diff_line {
	const char	*s;
	size_t		 len;
};

/* A finished diff; ops are in text order, deletions before additions within a change. */
struct diff {
	struct diff_line *a, *b;
	size_t		 na, nb;
	struct diff_op	*ops;
	size_t		 nops;
};

enum diff_result {
	DIFF_OK,
	DIFF_TOO_DIFFERENT	/* over DIFF_MAX_TEXT or DIFF_MAX_CELLS: nothing compared */
};

/* diff.c */
enum diff_result diff_lines(const char *a, size_t alen, const char *b, size_t blen,
		    struct diff **out);
void		 diff_free(struct diff *);

#endif
