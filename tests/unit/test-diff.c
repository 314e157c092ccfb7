/* SPDX-License-Identifier: ISC */
/* test-diff.c: the line diff in diff.c: exact ops for small texts, CRLF and final-newline
 * handling, and the limits on text size and on the compared middle. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "harness.h"

/*
 * Diffs "a" against "b" and checks the ops, written as "=A.B" (equal), "-A" (only in a) and
 * "+B" (only in b), space-separated, with 0-based line numbers.
 */
static void
ops_are(const char *a, const char *b, const char *want, const char *msg)
{
	struct diff	*d = NULL;
	struct buf	 got;
	size_t		 i;
	char		*s;

	buf_init(&got);
	INT_EQ(diff_lines(a, strlen(a), b, strlen(b), &d), DIFF_OK, msg);
	for (i = 0; d != NULL && i < d->nops; i++) {
		if (i > 0)
			buf_putc(&got, ' ');
		switch (d->ops[i].kind) {
		case DIFF_EQUAL:
			buf_printf(&got, "=%zu.%zu", d->ops[i].a_line, d->ops[i].b_line);
			break;
		case DIFF_DEL:
			buf_printf(&got, "-%zu", d->ops[i].a_line);
			break;
		default:
			buf_printf(&got, "+%zu", d->ops[i].b_line);
			break;
		}
	}
	buf_putc(&got, '\0');
	s = buf_detach(&got);
	STR_EQ(s, want, msg);
	free(s);
	diff_free(d);
}

static void
test_basic(void)
{
	ops_are("", "", "", "empty vs empty");
	ops_are("a\nb\nc\n", "a\nb\nc\n", "=0.0 =1.1 =2.2", "identical");
	ops_are("a\nb\nc\n", "a\nB\nc\n", "=0.0 -1 +1 =2.2", "one line changed in the middle");
	ops_are("b\nc\n", "a\nb\nc\n", "+0 =0.1 =1.2", "a line added at the start");
	ops_are("a\nb\n", "a\nb\nc\n", "=0.0 =1.1 +2", "a line added at the end");
	ops_are("a\nb\nc\n", "a\nc\n", "=0.0 -1 =2.1", "a line removed");
	ops_are("a\nb\n", "x\ny\nz\n", "-0 -1 +0 +1 +2", "completely different");
	ops_are("", "a\n", "+0", "empty vs one line");
	ops_are("a\n", "", "-0", "one line vs empty");
	ops_are("a\n\nb\n", "a\nb\n", "=0.0 -1 =2.1", "an empty line removed");
	ops_are("a\nx\nb\nc\n", "a\nb\ny\nc\n", "=0.0 -1 =2.1 +2 =3.3",
	    "a change on each side of an equal line");
}

static void
test_endings(void)
{
	ops_are("a\r\nb\r\nc\r\n", "a\nb\nc\n", "=0.0 =1.1 =2.2", "CRLF equals LF");
	ops_are("a\r\nb\r\n", "a\nB\n", "=0.0 -1 +1", "CRLF vs LF with a change");
	ops_are("a\nb", "a\nb\n", "=0.0 =1.1", "a last line without newline equals one with");
	ops_are("a\nb", "a\nc", "=0.0 -1 +1", "a changed last line without newline");
	ops_are("\n", "", "-0", "one empty line vs nothing");
	ops_are("a\r\r\n", "a\r\n", "-0 +0", "only one CR is an ending");
}

/* Returns "n" distinct lines "<tag><i>\n"; the caller frees. */
static char *
lines(const char *tag, size_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%zu\n", tag, i);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static void
test_limits(void)
{
	struct diff	*d = (struct diff *)1;
	char		*a, *b, *big;
	size_t		 i;

	/* 2000 x 2000 = DIFF_MAX_CELLS exactly: compared. */
	a = lines("a", 2000);
	b = lines("b", 2000);
	INT_EQ(diff_lines(a, strlen(a), b, strlen(b), &d), DIFF_OK, "cap: at the cap");
	INT_EQ(d ? d->nops : 0, 4000, "cap: every line deleted and added");
	OK(d && d->ops[0].kind == DIFF_DEL && d->ops[1999].kind == DIFF_DEL &&
	    d->ops[2000].kind == DIFF_ADD && d->ops[3999].kind == DIFF_ADD,
	    "cap: deletions first, then additions");
	diff_free(d);
	free(a);
	free(b);

	/* 2001 x 2001 is over the cap. */
	a = lines("a", 2001);
	b = lines("b", 2001);
	d = (struct diff *)1;
	INT_EQ(diff_lines(a, strlen(a), b, strlen(b), &d), DIFF_TOO_DIFFERENT, "cap: over");
	OK(d == NULL, "cap: over: no diff returned");

	/* The same texts framed by common lines: only the middle counts against the cap. */
	free(b);
	b = lines("a", 2001);
	INT_EQ(diff_lines(a, strlen(a), b, strlen(b), &d), DIFF_OK, "cap: identical long texts");
	INT_EQ(d ? d->nops : 0, 2001, "cap: identical long texts are all equal");
	diff_free(d);
	free(a);
	free(b);

	/* Text size: DIFF_MAX_TEXT is allowed, one byte more is not. */
	big = malloc(DIFF_MAX_TEXT + 2);
	if (big == NULL)
		abort();
	for (i = 0; i < DIFF_MAX_TEXT + 1; i++)
		big[i] = i % 64 == 63 ? '\n' : 'x';
	big[DIFF_MAX_TEXT + 1] = '\0';
	INT_EQ(diff_lines(big, DIFF_MAX_TEXT, big, DIFF_MAX_TEXT, &d), DIFF_OK, "size: at the limit");
	diff_free(d);
	INT_EQ(diff_lines(big, DIFF_MAX_TEXT + 1, "", 0, &d), DIFF_TOO_DIFFERENT, "size: over (a)");
	OK(d == NULL, "size: over: no diff returned");
	INT_EQ(diff_lines("", 0, big, DIFF_MAX_TEXT + 1, &d), DIFF_TOO_DIFFERENT, "size: over (b)");
	free(big);
	diff_free(NULL);
}

int
main(void)
{
	test_basic();
	test_endings();
	test_limits();
	return harness_done("diff");
}
