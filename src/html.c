/* SPDX-License-Identifier: ISC */
/* html.c: escaping writers for every context a template can write into. Each one appends to a
 * struct buf and never fails (allocation failure is fatal, see util.c).
 *
 *	html_escape		HTML text and double- or single-quoted attribute values
 *	html_escape_xml		XML 1.0 text and attributes (Atom, sitemap)
 *	html_escape_json	the inside of a JSON string in <script type="application/ld+json">
 *	html_escape_url		one URL path segment or query component
 *	html_url_is_safe	whether a URL may go into href/src at all
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "util.h"

static size_t	html_utf8_seqlen(const char *, size_t);

/*
 * Returns the length (1 to 4) of the well-formed UTF-8 sequence at the start of "s", which has
 * "len" bytes left, or 0 if the bytes there are not well-formed (stray continuation byte,
 * truncation, overlong form, surrogate, beyond U+10FFFF).
 */
static size_t
html_utf8_seqlen(const char *s, size_t len)
{
	unsigned char	 c = (unsigned char)s[0];
	size_t		 n;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		n = 2;
	else if ((c & 0xf0) == 0xe0)
		n = 3;
	else if ((c & 0xf8) == 0xf0)
		n = 4;
	else
		return 0;
	if (n > len || !util_utf8_valid(s, n))
		return 0;
	return n;
}

/*
 * What each byte needs in HTML or XML text: 0 nothing, 1 an entity (html_entity), 2 a look
 * in html_escape_xml() only (a control, or the start or inside of a UTF-8 sequence). A table,
 * so that the long runs of plain text in a feed or a list page are skipped a byte at a time
 * with one load and compare.
 */
static const unsigned char html_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,		/* 0x00: C0 controls */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,		/* 0x20: " & ' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,		/* 0x30: < > */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,		/* 0x80: beyond ASCII */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* The entity for one of the five characters html_class marks 1. */
static const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	default:
		return "&#39;";
	}
}

/*
 * Whether any of the 8 bytes of "v" is one of the five that html_escape() replaces. Each
 * test is the classic "has a zero byte" on v XOR the character repeated: it can be true for
 * a byte next to a real match, never false for one, so it only decides whether the bytes
 * need a closer look.
 */
static int
html_word_needs_escape(uint64_t v)
{
	const uint64_t	 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t	 x, m = 0;

	x = v ^ (ones * '&');
	m |= (x - ones) & ~x;
	x = v ^ (ones * '<');
	m |= (x - ones) & ~x;
	x = v ^ (ones * '>');
	m |= (x - ones) & ~x;
	x = v ^ (ones * '"');
	m |= (x - ones) & ~x;
	x = v ^ (ones * '\'');
	m |= (x - ones) & ~x;
	return (m & highs) != 0;
}

/*
 * Escapes the five characters that matter in HTML text and in quoted attribute values. The
 * apostrophe is escaped too so the output is safe whichever quote the template uses. Plain
 * text is skipped eight bytes at a time: a list page escapes a few KB of titles and
 * summaries, and the byte loop was a tenth of its instructions.
 */
void
html_escape(struct buf *b, const char *s, size_t len)
{
	size_t		 i = 0, start = 0;
	unsigned char	 c;
	uint64_t	 v;

	for (;;) {
		while (len - i >= 8) {
			memcpy(&v, s + i, 8);
			if (html_word_needs_escape(v))
				break;
			i += 8;
		}
		while (i < len && html_class[(unsigned char)s[i]] != 1)
			i++;
		if (i == len)
			break;
		c = (unsigned char)s[i];
		buf_append(b, s + start, i - start);
		buf_puts(b, html_entity(c));
		start = ++i;
	}
	buf_append(b, s + start, len - start);
}

/*
 * Like html_escape, but the result must also be well-formed XML 1.0, where a single stray byte
 * makes a feed reader reject the whole document. So we drop what XML cannot carry even as a
 * character reference: C0 controls other than tab, LF and CR, the non-characters U+FFFE and
 * U+FFFF, and bytes that are not well-formed UTF-8.
 */
void
html_escape_xml(struct buf *b, const char *s, size_t len)
{
	size_t		 i = 0, start = 0, n;
	unsigned char	 c;

	/* Runs of bytes that stay as they are go out in one piece (a feed escapes whole
	 * articles); a byte that is replaced or dropped ends the run. */
	while (i < len) {
		while (i < len && html_class[(unsigned char)s[i]] == 0)
			i++;
		if (i == len)
			break;
		c = (unsigned char)s[i];
		if (html_class[c] == 1) {
			buf_append(b, s + start, i - start);
			buf_puts(b, html_entity(c));
			start = ++i;
			continue;
		}
		if (c < 0x20) {
			if (c == '\t' || c == '\n' || c == '\r') {
				i++;
				continue;
			}
			n = 1;		/* a C0 control: dropped */
		} else if ((n = html_utf8_seqlen(s + i, len - i)) == 0)
			n = 1;		/* not well-formed UTF-8: the byte is dropped */
		else if (!(n == 3 && c == 0xef && (unsigned char)s[i + 1] == 0xbf &&
		    (unsigned char)s[i + 2] >= 0xbe)) {
			i += n;		/* a character XML can carry */
			continue;
		}			/* else U+FFFE or U+FFFF (EF BF BE, EF BF BF): dropped */
		buf_append(b, s + start, i - start);
		i += n;
		start = i;
	}
	buf_append(b, s + start, len - start);
}

/*
 * Writes the contents of a JSON string, without the quotes. Besides what JSON requires (quote,
 * backslash, controls), "<", ">" and "&" become \u escapes so the text can never close the
 * <script> element or open a comment, and U+2028/U+2029 are escaped because older JavaScript
 * treats them as line ends. Bytes that are not well-formed UTF-8 are dropped: JSON text must be
 * UTF-8 and a strict parser would reject the whole block.
 */
void
html_escape_json(struct buf *b, const char *s, size_t len)
{
	size_t		 i = 0, n, run;
	unsigned char	 c;

	while (i < len) {
		/* Printable ASCII that needs nothing goes out as one run (JSON-LD is mostly that). */
		for (run = i; run < len; run++) {
			c = (unsigned char)s[run];
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' ||
			    c == '>' || c == '&')
				break;
		}
		if (run > i) {
			buf_append(b, s + i, run - i);
			if ((i = run) == len)
				break;
		}
		c = (unsigned char)s[i];
		if ((n = html_utf8_seqlen(s + i, len - i)) == 0) {
			i++;
			continue;
		}
		if (n == 3 && c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 ||
		    (unsigned char)s[i + 2] == 0xa9)) {
			buf_printf(b, "\\u%04x",
			    (unsigned char)s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
			i += n;
			continue;
		}
		if (n > 1) {
			buf_append(b, s + i, n);
			i += n;
			continue;
		}
		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\b':
			buf_puts(b, "\\b");
			break;
		case '\f':
			buf_puts(b, "\\f");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '<':
			buf_puts(b, "\\u003c");
			break;
		case '>':
			buf_puts(b, "\\u003e");
			break;
		case '&':
			buf_puts(b, "\\u0026");
			break;
		default:
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_putc(b, (char)c);
			break;
		}
		i++;
	}
}

/*
 * Percent-encodes everything outside RFC 3986 "unreserved", so the result is safe as one path
 * segment or one query key or value: "/", "?", "&", "=", "+" and "#" are all encoded.
 */
void
html_escape_url(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i;
	unsigned char		 c;
	char			 enc[3];

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(b, (char)c);
			continue;
		}
		enc[0] = '%';
		enc[1] = hex[c >> 4];
		enc[2] = hex[c & 0x0f];
		buf_append(b, enc, sizeof(enc));
	}
}

/*
 * Returns 1 if "url" may be put in an href or src: relative references (including "//host"
 * and "#frag") and the schemes http, https, mailto and tel. Returns 0 for every other scheme
 * (javascript:, vbscript:, data:, file:, ...).
 *
 * We read the URL the way a browser does (WHATWG URL parser): leading C0 controls and spaces
 * are stripped, and tab, LF and CR are removed wherever they occur, so "\x01 java\tscript:" is
 * still javascript:. Anything before the first ":" that is not followed by "/", "?" or "#" is
 * taken to be a scheme, and any scheme not on the list is refused, even ones a browser would
 * read as a relative path ("a b:c"); refusing too much is the safe mistake here.
 */
int
html_url_is_safe(const char *url, size_t len)
{
	static const char *const allowed[] = { "http", "https", "mailto", "tel" };
	char		 scheme[8];
	size_t		 i = 0, n = 0, k;
	unsigned char	 c;

	while (i < len && (unsigned char)url[i] <= 0x20)
		i++;
	for (; i < len; i++) {
		c = (unsigned char)url[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (c == ':')
			break;
		/* Past the longest allowed scheme only the count matters. */
		if (n < sizeof(scheme))
			scheme[n] = (c >= 'A' && c <= 'Z') ?
			    (char)(c - 'A' + 'a') : (char)c;
		n++;
	}
	if (i == len)
		return 1;
	/* Compare lengths first: an embedded NUL must not end the scheme early. */
	for (k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
		if (strlen(allowed[k]) == n &&
		    memcmp(scheme, allowed[k], n) == 0)
			return 1;
	return 0;
}
