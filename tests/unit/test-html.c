/* SPDX-License-Identifier: ISC */
/* test-html.c: the escaping writers in html.c, each fed the text that would break its context. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "harness.h"

enum esc {
	ESC_HTML,
	ESC_XML,
	ESC_JSON,
	ESC_URL,
	ESC__MAX
};

static struct buf	b;

/* Escapes "len" bytes of "s" with writer "e" into a fresh buffer and returns its text. */
static const char *
esc(enum esc e, const char *s, size_t len)
{
	buf_reset(&b);
	switch (e) {
	case ESC_HTML:
		html_escape(&b, s, len);
		break;
	case ESC_XML:
		html_escape_xml(&b, s, len);
		break;
	case ESC_JSON:
		html_escape_json(&b, s, len);
		break;
	case ESC_URL:
		html_escape_url(&b, s, len);
		break;
	case ESC__MAX:
		break;
	}
	/* An empty result has never allocated. */
	return b.data != NULL ? b.data : "";
}

#define ESC(e, lit)	esc((e), (lit), sizeof(lit) - 1)

static void
test_html(void)
{
	STR_EQ(ESC(ESC_HTML, ""), "", "html: empty");
	STR_EQ(ESC(ESC_HTML, "plain text"), "plain text", "html: nothing to escape");
	STR_EQ(ESC(ESC_HTML, "<script>alert('x')</script>"),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "html: script tag");
	STR_EQ(ESC(ESC_HTML, "\" onmouseover=\"x"),
	    "&quot; onmouseover=&quot;x", "html: attribute break-out");
	STR_EQ(ESC(ESC_HTML, "&amp;"), "&amp;amp;", "html: entities are escaped again");
	STR_EQ(ESC(ESC_HTML, "&<>\"'"), "&amp;&lt;&gt;&quot;&#39;", "html: only specials");
	STR_EQ(ESC(ESC_HTML, "caf\xc3\xa9 \xe2\x80\x94"), "caf\xc3\xa9 \xe2\x80\x94",
	    "html: UTF-8 passes through");
	/* Length, not NUL, ends the input. */
	esc(ESC_HTML, "a\0<", 3);
	INT_EQ(b.len, 6, "html: embedded NUL kept, length respected");
	OK(memcmp(b.data, "a\0&lt;", 6) == 0, "html: embedded NUL bytes");
	STR_EQ(esc(ESC_HTML, "<<<<", 2), "&lt;&lt;", "html: stops at len");
}

static void
test_xml(void)
{
	STR_EQ(ESC(ESC_XML, ""), "", "xml: empty");
	STR_EQ(ESC(ESC_XML, "a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f",
	    "xml: specials");
	STR_EQ(ESC(ESC_XML, "a\x01" "b\x08\x0b\x0c\x1f" "c\x7f"), "abc\x7f",
	    "xml: C0 controls dropped, DEL kept");
	STR_EQ(ESC(ESC_XML, "t\tn\nr\r"), "t\tn\nr\r", "xml: tab LF CR kept");
	OK(strcmp(esc(ESC_XML, "a\0b", 3), "ab") == 0 && b.len == 2, "xml: NUL dropped");
	STR_EQ(ESC(ESC_XML, "x\xef\xbf\xbey\xef\xbf\xbfz"), "xyz", "xml: U+FFFE/FFFF dropped");
	STR_EQ(ESC(ESC_XML, "\xef\xbf\xbd"), "\xef\xbf\xbd", "xml: U+FFFD kept");
	STR_EQ(ESC(ESC_XML, "\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80", "xml: emoji kept");
	STR_EQ(ESC(ESC_XML, "a\xff" "b\x80" "c"), "abc", "xml: invalid bytes dropped");
	STR_EQ(ESC(ESC_XML, "a\xc3"), "a", "xml: truncated sequence at end dropped");
	STR_EQ(ESC(ESC_XML, "a\xe2\x82<"), "a&lt;", "xml: truncated sequence before <");
	STR_EQ(esc(ESC_XML, "a\xc3\xa9", 2), "a", "xml: sequence cut by len");
	STR_EQ(esc(ESC_XML, "\xf0\x9f\x98\x80", 3), "", "xml: 4-byte cut by len");
	STR_EQ(ESC(ESC_XML, "\xc0\xbc"), "", "xml: overlong < dropped");
	STR_EQ(ESC(ESC_XML, "\xed\xa0\x80"), "", "xml: surrogate dropped");
	STR_EQ(ESC(ESC_XML, "\xf4\x90\x80\x80"), "", "xml: beyond U+10FFFF dropped");
}

static void
test_json(void)
{
	STR_EQ(ESC(ESC_JSON, ""), "", "json: empty");
	STR_EQ(ESC(ESC_JSON, "say \"hi\" \\ bye"), "say \\\"hi\\\" \\\\ bye",
	    "json: quote and backslash");
	STR_EQ(ESC(ESC_JSON, "</script><!--"), "\\u003c/script\\u003e\\u003c!--",
	    "json: cannot close the script element");
	STR_EQ(ESC(ESC_JSON, "a&b"), "a\\u0026b", "json: ampersand");
	STR_EQ(ESC(ESC_JSON, "\b\f\n\r\t"), "\\b\\f\\n\\r\\t", "json: short escapes");
	STR_EQ(ESC(ESC_JSON, "\x01\x1f"), "\\u0001\\u001f", "json: other controls");
	OK(strcmp(esc(ESC_JSON, "\0", 1), "\\u0000") == 0, "json: NUL");
	STR_EQ(ESC(ESC_JSON, "'/\x7f"), "'/\x7f", "json: apostrophe slash DEL left");
	STR_EQ(ESC(ESC_JSON, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"), "a\\u2028b\\u2029c",
	    "json: line and paragraph separators");
	STR_EQ(ESC(ESC_JSON, "\xe2\x80\xaa"), "\xe2\x80\xaa", "json: U+202A untouched");
	STR_EQ(ESC(ESC_JSON, "caf\xc3\xa9 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xf0\x9f\x98\x80",
	    "json: UTF-8 passes through");
	STR_EQ(ESC(ESC_JSON, "a\xc3\"b"), "a\\\"b", "json: truncated sequence cannot eat a quote");
	STR_EQ(ESC(ESC_JSON, "\xc0\xa2\xe0\x80\xbc"), "", "json: overlong \" and < dropped");
	STR_EQ(ESC(ESC_JSON, "x\xe2\x80"), "x", "json: truncated separator at end");
	STR_EQ(esc(ESC_JSON, "x\xe2\x80\xa8", 3), "x", "json: separator cut by len");
}

static void
test_url(void)
{
	STR_EQ(ESC(ESC_URL, ""), "", "url: empty");
	STR_EQ(ESC(ESC_URL, "AZaz09-._~"), "AZaz09-._~", "url: unreserved kept");
	STR_EQ(ESC(ESC_URL, "a b+c&d=e/f?g#h%i"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25i",
	    "url: delimiters encoded");
	OK(strcmp(esc(ESC_URL, "\0\n", 2), "%00%0A") == 0, "url: NUL and LF");
	STR_EQ(ESC(ESC_URL, "caf\xc3\xa9"), "caf%C3%A9", "url: UTF-8 bytes, upper hex");
	STR_EQ(ESC(ESC_URL, "\xff\x7f"), "%FF%7F", "url: high byte and DEL");
	STR_EQ(ESC(ESC_URL, "\"<>'`"), "%22%3C%3E%27%60", "url: HTML specials encoded");
}

/* The byte-at-a-time meaning of html_escape(), to check the word-at-a-time one against. */
static void
html_escape_bytewise(struct buf *out, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_putc(out, s[i]); break;
		}
}

/* The byte-at-a-time meaning of html_escape_json() for ASCII input. */
static void
json_escape_ascii_bytewise(struct buf *out, const char *s, size_t len)
{
	size_t	 i;
	char	 u[8];

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (s[i] < 0x20 || s[i] == '<' || s[i] == '>' || s[i] == '&') {
				snprintf(u, sizeof(u), "\\u%04x", (unsigned)s[i]);
				buf_puts(out, u);
			} else
				buf_putc(out, s[i]);
		}
}

/*
 * Random strings of every length up to 40, at every alignment, mostly of bytes next to the
 * five specials (the word test's near misses: % ; = ? ( ) and their neighbours with the high
 * bit set): html_escape() must agree with the plain byte loop on all of them.
 */
static void
test_html_words(void)
{
	static const char	 near[] = "&<>\"'%;=?()!#ABab\xa6\xbc\xbe\xa2\xa7 \x00\x80\xff";
	struct buf		 want;
	char			 s[64];
	unsigned int		 seed = 12345;
	size_t			 len, off, i, bad = 0, n = 0;

	buf_init(&want);
	for (n = 0; n < 200000; n++) {
		len = n % 41;
		off = (n / 41) % 8;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[off + i] = near[(seed >> 16) % (sizeof(near) - 1)];
			/* Most strings have long plain runs, as real text does. */
			if ((seed >> 8) % 4 != 0)
				s[off + i] = (char)('a' + (seed >> 20) % 26);
		}
		buf_reset(&want);
		html_escape_bytewise(&want, s + off, len);
		esc(ESC_HTML, s + off, len);
		if (b.len != want.len || (want.len > 0 && memcmp(b.data, want.data, want.len) != 0))
			bad++;
	}
	INT_EQ(bad, 0, "html: word-at-a-time agrees with the byte loop on 200 000 strings");

	/* JSON copies plain runs whole: the same check on ASCII, controls included. */
	for (n = 0, bad = 0; n < 100000; n++) {
		len = n % 41;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)((seed >> 16) % 128);
			if ((seed >> 8) % 4 != 0)
				s[i] = (char)('a' + (seed >> 20) % 26);
		}
		buf_reset(&want);
		json_escape_ascii_bytewise(&want, s, len);
		esc(ESC_JSON, s, len);
		if (b.len != want.len || (want.len > 0 && memcmp(b.data, want.data, want.len) != 0))
			bad++;
	}
	INT_EQ(bad, 0, "json: run copying agrees with the byte loop on 100 000 ASCII strings");
	buf_free(&want);
}

static void
test_big(void)
{
	size_t	 n = 1024 * 1024, i;
	char	*s = malloc(n);

	OK(s != NULL, "big: malloc");
	if (s == NULL)
		return;
	memset(s, '<', n);
	esc(ESC_HTML, s, n);
	INT_EQ(b.len, 4 * n, "big: 1 MiB of < in HTML");
	OK(memcmp(b.data + b.len - 4, "&lt;", 4) == 0, "big: last < escaped");
	esc(ESC_JSON, s, n);
	INT_EQ(b.len, 6 * n, "big: 1 MiB of < in JSON");
	esc(ESC_URL, s, n);
	INT_EQ(b.len, 3 * n, "big: 1 MiB of < in a URL");
	for (i = 0; i < n; i++)
		s[i] = (char)(i % 256);
	esc(ESC_XML, s, n);
	/* Per 256 bytes: 29 dropped controls, 128 dropped high bytes, and 5 specials grow. */
	INT_EQ(b.len, (n / 256) * (256 - 29 - 128 + 4 + 3 + 3 + 5 + 4),
	    "big: every byte value in XML");
	free(s);
}

static void
test_url_is_safe(void)
{
	static const struct {
		const char	*url;
		int		 safe;
	} t[] = {
		{ "", 1 },
		{ "https://example.org/", 1 },
		{ "http://example.org/a:b", 1 },
		{ "HTTPS://EXAMPLE.ORG", 1 },
		{ "HtTp:x", 1 },
		{ "mailto:a@example.org", 1 },
		{ "tel:+15555555555", 1 },
		{ "/articles/x", 1 },
		{ "//example.org/x", 1 },
		{ "articles/x", 1 },
		{ "./a:b", 1 },
		{ "?q=a:b", 1 },
		{ "#top", 1 },
		{ "#a:b", 1 },
		{ "javascript:alert(1)", 0 },
		{ "JavaScript:alert(1)", 0 },
		{ "JAVASCRIPT:alert(1)", 0 },
		{ " javascript:alert(1)", 0 },
		{ "\x01\x02\x1f javascript:alert(1)", 0 },
		{ "java\tscript:alert(1)", 0 },
		{ "java\nscript:alert(1)", 0 },
		{ "java\rscript:alert(1)", 0 },
		{ "\thttp\n:x", 1 },
		{ "\x01\x1f https://x", 1 },
		{ "\x7fhttps://x", 0 },
		{ "vbscript:msgbox", 0 },
		{ "data:text/html,<script>", 0 },
		{ "file:///etc/passwd", 0 },
		{ "blob:https://x", 0 },
		{ ":x", 0 },
		{ "httpx:y", 0 },
		{ "htt:y", 0 },
		{ "https:", 1 },
		{ "javascript", 1 },
		{ "averyveryverylongscheme:x", 0 },
		{ "http%3a//x", 1 },
		{ "javascript%3aalert(1)", 1 },
		{ "java script:x", 0 },
	};
	size_t	 i;
	char	 msg[128];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(msg, sizeof(msg), "url_is_safe #%zu", i);
		INT_EQ(html_url_is_safe(t[i].url, strlen(t[i].url)), t[i].safe, msg);
	}
	INT_EQ(html_url_is_safe("http\0:x", 7), 0, "url_is_safe: NUL inside the scheme");
	INT_EQ(html_url_is_safe("\0javascript:x", 13), 0, "url_is_safe: leading NUL");
	INT_EQ(html_url_is_safe("https://x", 4), 1, "url_is_safe: len cuts before :");
	INT_EQ(html_url_is_safe("javascript:x", 10), 1, "url_is_safe: len cuts before : (js)");
	INT_EQ(html_url_is_safe(" \t\n", 3), 1, "url_is_safe: only whitespace");
}

int
main(void)
{
	buf_init(&b);
	test_html();
	test_html_words();
	test_xml();
	test_json();
	test_url();
	test_big();
	test_url_is_safe();
	buf_free(&b);
	return harness_done("html");
}
