/* SPDX-License-Identifier: ISC */
/* diff.c: a line diff (longest common subsequence) of two texts, for the revision page.
 * Lines end at "\n"; a "\r" before it is dropped, so CRLF and LF texts compare alike, and a
 * last line without a newline equals the same line with one. Memory is bounded (diff.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

/*
 * Splits "s" ("len" bytes) into lines that point into "s"; "*n" gets the count. An empty
 * text has no lines; a final "\n" does not start another. The caller frees the array.
 */
static struct diff_line *
diff_split(const char *s, size_t len, size_t *n)
{
	struct diff_line	*v;
	const char		*p = s, *end = s + len, *nl;
	size_t			 cap = 1, i = 0;

	for (nl = s; nl < end && (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++)
		cap++;
	v = xcalloc(cap, sizeof(*v));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		v[i].s = p;
		v[i].len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (v[i].len > 0 && p[v[i].len - 1] == '\r')
			v[i].len--;
		i++;
		p = nl ? nl + 1 : end;
	}
	*n = i;
	return v;
}

static int
diff_same(const struct diff_line *x, const struct diff_line *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

static void
diff_push(struct diff *d, enum diff_kind kind, size_t ai, size_t bi)
{
	d->ops[d->nops].kind = kind;
	d->ops[d->nops].a_line = ai;
	d->ops[d->nops].b_line = bi;
	d->nops++;
}

/*
 * LCS over a[lo_a, hi_a) and b[lo_b, hi_b), appending ops to "d". The table is filled from the
 * ends backwards with two rows of lengths; a cell keeps one bit, set when dropping the line
 * of "a" loses nothing (L[i+1][j] >= L[i][j+1]). Walking forwards then takes a match when
 * the lines are equal (always optimal), otherwise follows the bit, so deletions come first.
 */
static void
diff_middle(struct diff *d, size_t lo_a, size_t hi_a, size_t lo_b, size_t hi_b)
{
	size_t		 n = hi_a - lo_a, m = hi_b - lo_b, i, j, cell;
	uint32_t	*next, *cur, *tmp;
	unsigned char	*bits;

	next = xcalloc(m + 1, sizeof(*next));
	cur = xcalloc(m + 1, sizeof(*cur));
	bits = xcalloc(n * m / 8 + 1, 1);
	for (i = n; i-- > 0;) {
		cur[m] = 0;
		for (j = m; j-- > 0;) {
			if (diff_same(&d->a[lo_a + i], &d->b[lo_b + j]))
				cur[j] = next[j + 1] + 1;
			else if (next[j] >= cur[j + 1]) {
				cur[j] = next[j];
				cell = i * m + j;
				bits[cell / 8] |= (unsigned char)(1u << (cell % 8));
			} else
				cur[j] = cur[j + 1];
		}
		tmp = next;
		next = cur;
		cur = tmp;
	}
	i = j = 0;
	while (i < n || j < m) {
		cell = i * m + j;
		if (i == n)
			diff_push(d, DIFF_ADD, lo_a + i, lo_b + j++);
		else if (j == m)
			diff_push(d, DIFF_DEL, lo_a + i++, lo_b + j);
		else if (diff_same(&d->a[lo_a + i], &d->b[lo_b + j])) {
			diff_push(d, DIFF_EQUAL, lo_a + i, lo_b + j);
			i++;
			j++;
		} else if (bits[cell / 8] & (1u << (cell % 8)))
			diff_push(d, DIFF_DEL, lo_a + i++, lo_b + j);
		else
			diff_push(d, DIFF_ADD, lo_a + i, lo_b + j++);
	}
	free(bits);
	free(next);
	free(cur);
}

/*
 * Compares text "a" ("alen" bytes, the older) with "b" ("blen", the newer), line by line.
 * Returns DIFF_OK with "*out" set, or DIFF_TOO_DIFFERENT (a text over DIFF_MAX_TEXT, or a
 * changed middle over DIFF_MAX_CELLS) with "*out" NULL. The lines in "*out" point into "a"
 * and "b", which must outlive it; the caller frees it with diff_free().
 */
enum diff_result
diff_lines(const char *a, size_t alen, const char *b, size_t blen, struct diff **out)
{
	struct diff	*d;
	size_t		 pre = 0, suf = 0, k, ma, mb;

	*out = NULL;
	if (alen > DIFF_MAX_TEXT || blen > DIFF_MAX_TEXT)
		return DIFF_TOO_DIFFERENT;
	d = xcalloc(1, sizeof(*d));
	d->a = diff_split(a, alen, &d->na);
	d->b = diff_split(b, blen, &d->nb);
	while (pre < d->na && pre < d->nb && diff_same(&d->a[pre], &d->b[pre]))
		pre++;
	while (suf < d->na - pre && suf < d->nb - pre &&
	    diff_same(&d->a[d->na - 1 - suf], &d->b[d->nb - 1 - suf]))
		suf++;
	ma = d->na - pre - suf;
	mb = d->nb - pre - suf;
	/* Divide rather than multiply: the product must not wrap where size_t is 32 bits. */
	if (ma > 0 && mb > 0 && ma > DIFF_MAX_CELLS / mb) {
		diff_free(d);
		return DIFF_TOO_DIFFERENT;
	}
	d->ops = xcalloc(d->na + d->nb + 1, sizeof(*d->ops));
	for (k = 0; k < pre; k++)
		diff_push(d, DIFF_EQUAL, k, k);
	diff_middle(d, pre, d->na - suf, pre, d->nb - suf);
	for (k = suf; k > 0; k--)
		diff_push(d, DIFF_EQUAL, d->na - k, d->nb - k);
	*out = d;
	return DIFF_OK;
}

/* Frees a diff from diff_lines(); NULL is fine. */
void
diff_free(struct diff *d)
{
	if (d == NULL)
		return;
	free(d->a);
	free(d->b);
	free(d->ops);
	free(d);
}
