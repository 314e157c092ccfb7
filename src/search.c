/* SPDX-License-Identifier: ISC */
/* search.c: visitor input never reaches FTS5 as syntax. The input is cut into words (runs of
 * letters and digits, any non-ASCII UTF-8 counted as a letter), each word is quoted as an
 * FTS5 string, and the words are ANDed; the last one also matches as a prefix, so a query
 * typed halfway still finds something, once it has SEARCH_MIN_PREFIX characters: a prefix of
 * one or two letters stands for thousands of words, each one's list of posts read and merged
 * (a second for "s*" on 10 000 articles), so shorter words match only whole. Operators,
 * quotes, brackets and column filters in the input are just separators. */
#include "config.h"

#include <string.h>

#include "html.h"
#include "search.h"
#include "util.h"

static int
search_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Writes the FTS5 query for visitor input "in" into "out" (reset first). Returns SEARCH_OK,
 * SEARCH_EMPTY when there is no word, or SEARCH_TOO_LONG past SEARCH_MAX_QUERY bytes.
 * Input must be valid UTF-8 (checked with the request).
 */
enum search_query_result
search_fts_query(const char *in, size_t len, struct buf *out)
{
	size_t	 i = 0, start, nterms = 0, last = 0, last_len = 0;

	buf_reset(out);
	if (len > SEARCH_MAX_QUERY)
		return SEARCH_TOO_LONG;
	while (i < len && nterms < SEARCH_MAX_TERMS) {
		while (i < len && !search_word_byte((unsigned char)in[i]))
			i++;
		start = i;
		while (i < len && search_word_byte((unsigned char)in[i]))
			i++;
		if (i == start)
			break;
		/* Words hold no '"', so quoting needs no escaping. */
		if (nterms > 0)
			buf_putc(out, ' ');
		buf_putc(out, '"');
		buf_append(out, in + start, i - start);
		buf_putc(out, '"');
		last = start;
		last_len = i - start;
		nterms++;
	}
	if (nterms == 0)
		return SEARCH_EMPTY;
	if (util_utf8_len(in + last, last_len) >= SEARCH_MIN_PREFIX)
		buf_putc(out, '*');
	return SEARCH_OK;
}

/*
 * Appends "snippet" (FTS5 snippet() of Markdown text, with \1 and \2 around matches) as
 * HTML: text escaped, matches in <mark>, and Markdown syntax dropped so a reader sees words:
 * punctuation such as # * _ ` [ ] | goes, and so does the target of a link, "](...)".
 */
void
search_snippet_html(struct buf *out, const char *s)
{
	const char	*p = s, *run = s;
	int		 open = 0;

	for (; *p != '\0'; p++) {
		if (*p != '\1' && *p != '\2' && strchr("#*_`[]|", *p) == NULL)
			continue;
		html_escape(out, run, (size_t)(p - run));
		if (*p == '\1' && !open) {
			buf_puts(out, "<mark>");
			open = 1;
		} else if (*p == '\2' && open) {
			buf_puts(out, "</mark>");
			open = 0;
		} else if (*p == ']' && p[1] == '(') {
			/* A marker inside the skipped target is dropped with it. */
			while (p[1] != '\0' && p[1] != ')')
				p++;
			if (p[1] == ')')
				p++;
		}
		run = p + 1;
	}
	html_escape(out, run, (size_t)(p - run));
	if (open)
		buf_puts(out, "</mark>");
}
