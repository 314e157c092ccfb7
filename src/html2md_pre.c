/* SPDX-License-Identifier: ISC */
/* html2md_pre.c: the text passes before WordPress HTML is parsed: wpautop's paragraphs for
 * classic posts, and shortcodes ([caption], [gallery], [embed]; others dropped). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html2md.h"
#include "html2md_pre.h"
#include "util.h"

#define SC_MAX_TAG	4096	/* bytes of one shortcode's opening tag */

/* Tags that start a block of their own: wpautop leaves a chunk starting with one alone. */
static const char *const autop_blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
	"blockquote", "pre", "table", "thead", "tbody", "tr", "td", "th", "figure", "hr",
	"section", "article", "aside", "header", "footer", "nav", "form", "script", "style",
	"iframe", "address", "fieldset", "figcaption", "noscript", "object", "video",
	"audio", "!--", "caption",
};

/* Whether "s" starts with an opening or closing tag of a block element. */
static int
starts_block(const char *s, size_t n)
{
	size_t	 i, k, w;

	if (n < 2 || s[0] != '<')
		return n > 0 && s[0] == '[' && n > 8 && strncmp(s, "[caption", 8) == 0;
	i = s[1] == '/' ? 2 : 1;
	for (k = 0; k < sizeof(autop_blocks) / sizeof(autop_blocks[0]); k++) {
		w = strlen(autop_blocks[k]);
		if (i + w <= n && strncasecmp(s + i, autop_blocks[k], w) == 0 &&
		    (i + w == n || !isalnum((unsigned char)s[i + w])))
			return 1;
	}
	return 0;
}

/* Whether the text ending at "s + n" ends with a block element's closing tag. */
static int
ends_block(const char *s, size_t n)
{
	size_t	 i;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || s[n - 1] != '>')
		return 0;
	for (i = n - 1; i > 0 && s[i] != '<'; i--)
		;
	return s[i] == '<' && starts_block(s + i, n - i);
}

/*
 * Where, in a chunk that starts with a block element, that element (and any blocks right
 * after it) ends at a line end followed by plain text: the offset of that newline, or 0.
 * Tags are counted, not parsed: enough to find "</ul>\nText" at the top level.
 */
static size_t
block_run_end(const char *s, size_t n)
{
	size_t	 i, k, w;
	int	 depth = 0, closing;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && depth <= 0 && i + 1 < n && s[i + 1] != '<' &&
		    !starts_block(s + i + 1, n - i - 1))
			return i;
		if (s[i] != '<' || i + 1 >= n)
			continue;
		if (n - i >= 4 && strncmp(s + i, "<!--", 4) == 0) {
			for (i += 4; i + 3 <= n && strncmp(s + i, "-->", 3) != 0; i++)
				;
			continue;
		}
		closing = s[i + 1] == '/';
		for (k = 0; k < sizeof(autop_blocks) / sizeof(autop_blocks[0]); k++) {
			w = strlen(autop_blocks[k]);
			if (strcmp(autop_blocks[k], "hr") == 0 || strcmp(autop_blocks[k], "!--") == 0 ||
			    i + 1 + closing + w > n || strncasecmp(s + i + 1 + closing,
			    autop_blocks[k], w) != 0 || isalnum((unsigned char)s[i + 1 + closing + w]))
				continue;
			depth += closing ? -1 : 1;
			break;
		}
	}
	return 0;
}

/* Appends one chunk (no blank line inside, or a <pre> element) as wpautop would. */
static void
autop_chunk(struct buf *out, const char *s, size_t n)
{
	size_t	 i, start;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return;
	if (starts_block(s, n)) {
		/* Text right after the blocks, on the next line, is a paragraph of its own. */
		i = block_run_end(s, n);
		buf_append(out, s, i > 0 ? i : n);
		buf_putc(out, '\n');
		if (i > 0)
			autop_chunk(out, s + i + 1, n - i - 1);
		return;
	}
	buf_puts(out, "<p>");
	for (start = i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		buf_append(out, s + start, i - start);
		if (i < n && !ends_block(s, i) && !starts_block(s + i + 1, n - i - 1))
			buf_puts(out, "<br />");
		if (i < n)
			buf_putc(out, '\n');
		start = i + 1;
	}
	buf_puts(out, "</p>\n");
}

/* Whether "q" starts a <pre> element. */
static int
at_pre(const char *q, const char *end)
{
	return end - q > 4 && strncasecmp(q, "<pre", 4) == 0 &&
	    (q[4] == '>' || isspace((unsigned char)q[4]));
}

/* Whether the newline at "q" is followed by a blank line. */
static int
at_blank(const char *q, const char *end)
{
	if (*q != '\n')
		return 0;
	for (q++; q < end && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
		;
	return q < end && *q == '\n';
}

char *
html2md_autop(const char *html, size_t len)
{
	struct buf	 out;
	const char	*p = html, *end = html + len, *q, *close;

	buf_init(&out);
	buf_puts(&out, "");
	while (p < end) {
		for (q = p; q < end && !at_pre(q, end) && !at_blank(q, end); q++)
			;
		autop_chunk(&out, p, (size_t)(q - p));
		if (q >= end)
			break;
		if (!at_pre(q, end)) {
			p = q + 1;
			continue;
		}
		/* A <pre> element is one chunk, blank lines and all. */
		for (close = q; close + 6 <= end && strncasecmp(close, "</pre>", 6) != 0;
		    close++)
			;
		close = close + 6 <= end ? close + 6 : end;
		buf_append(&out, q, (size_t)(close - q));
		buf_putc(&out, '\n');
		p = close;
	}
	return buf_detach(&out);
}

/* Appends "s" with the characters that matter inside an HTML attribute value escaped. */
void
html2md_attr(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '"':
			buf_puts(out, "&quot;");
			break;
		case '&':
			buf_puts(out, "&amp;");
			break;
		case '<':
			buf_puts(out, "&lt;");
			break;
		default:
			buf_putc(out, *s);
		}
}

/*
 * The value of attribute "name" in the shortcode tag "tag" ("n" bytes, brackets excluded), as
 * an owned string, or NULL. Values are quoted with " or ', or bare.
 */
static char *
sc_attr(const char *tag, size_t n, const char *name)
{
	size_t	 w = strlen(name), i, j;
	char	 q;

	for (i = 0; i + w < n; i++) {
		if ((i > 0 && !isspace((unsigned char)tag[i - 1])) ||
		    strncmp(tag + i, name, w) != 0 || tag[i + w] != '=')
			continue;
		i += w + 1;
		if (i < n && (tag[i] == '"' || tag[i] == '\'')) {
			q = tag[i++];
			for (j = i; j < n && tag[j] != q; j++)
				;
		} else
			for (j = i; j < n && !isspace((unsigned char)tag[j]); j++)
				;
		return xstrndup(tag + i, j - i);
	}
	return NULL;
}

/* Finds "[/name]" at or after "p"; returns its start or NULL. */
static const char *
sc_close(const char *p, const char *end, const char *name, size_t nl)
{
	for (; p + nl + 3 <= end; p++)
		if (p[0] == '[' && p[1] == '/' && strncmp(p + 2, name, nl) == 0 &&
		    p[2 + nl] == ']')
			return p;
	return NULL;
}

/* A [caption] shortcode's inner HTML as a <figure>: the image (and its link), then the text. */
static void
sc_caption(struct buf *out, const char *in, size_t n, const char *attr_caption)
{
	const char	*img, *gt, *split;

	buf_puts(out, "<figure>");
	img = NULL;
	for (split = in; split + 4 <= in + n; split++)
		if (strncasecmp(split, "<img", 4) == 0) {
			img = split;
			break;
		}
	split = in;
	if (img != NULL && (gt = memchr(img, '>', (size_t)(in + n - img))) != NULL) {
		split = gt + 1;
		while (split < in + n && isspace((unsigned char)*split))
			split++;
		if (in + n - split >= 4 && strncasecmp(split, "</a>", 4) == 0)
			split += 4;
	}
	buf_append(out, in, (size_t)(split - in));
	buf_puts(out, "<figcaption>");
	if (attr_caption != NULL)
		html2md_attr(out, attr_caption);
	else
		buf_append(out, split, (size_t)(in + n - split));
	buf_puts(out, "</figcaption></figure>");
}

char *
html2md_shortcodes(const char *html, size_t len, const struct html2md_opt *opt,
    html2md_warn_fn warn, void *warn_arg)
{
	struct buf	 out, w;
	const char	*p = html, *end = html + len, *tag, *tend, *close, *in;
	char		 name[40], *a;
	size_t		 nl, tl;
	int		 closing;

	buf_init(&out);
	buf_init(&w);
	buf_puts(&out, "");
	while (p < end) {
		if (*p != '[') {
			tag = memchr(p, '[', (size_t)(end - p));
			tag = tag ? tag : end;
			buf_append(&out, p, (size_t)(tag - p));
			p = tag;
			continue;
		}
		/* [[x]] is how WordPress writes a literal [x]. */
		if (p + 1 < end && p[1] == '[') {
			tend = memchr(p, ']', (size_t)(end - p));
			if (tend != NULL && tend + 1 < end && tend[1] == ']') {
				buf_append(&out, p + 1, (size_t)(tend - p));
				p = tend + 2;
			} else {
				buf_putc(&out, '[');
				p++;
			}
			continue;
		}
		tag = p + 1;
		closing = tag < end && *tag == '/';
		if (closing)
			tag++;
		for (nl = 0; tag + nl < end && nl < sizeof(name) - 1 &&
		    (islower((unsigned char)tag[nl]) || isdigit((unsigned char)tag[nl]) ||
		    tag[nl] == '_' || tag[nl] == '-'); nl++)
			name[nl] = tag[nl];
		name[nl] = '\0';
		tend = NULL;
		if (nl > 0 && islower((unsigned char)name[0]) && tag + nl < end &&
		    (tag[nl] == ']' || tag[nl] == ' ' || tag[nl] == '/'))
			tend = memchr(tag + nl, ']', (size_t)(end - tag - nl) < SC_MAX_TAG ?
			    (size_t)(end - tag - nl) : SC_MAX_TAG);
		if (tend == NULL) {
			buf_putc(&out, '[');
			p++;
			continue;
		}
		tl = (size_t)(tend - tag);
		in = tend + 1;
		close = closing ? NULL : sc_close(in, end, name, nl);
		if (!closing && strcmp(name, "caption") == 0 && close != NULL) {
			a = sc_attr(tag, tl, "caption");
			sc_caption(&out, in, (size_t)(close - in), a);
			free(a);
			p = close + nl + 3;
		} else if (!closing && strcmp(name, "gallery") == 0) {
			a = sc_attr(tag, tl, "ids");
			buf_puts(&out, "<p>");
			if (opt->gallery != NULL)
				opt->gallery(opt->arg, a, &out);
			buf_puts(&out, "</p>");
			free(a);
			p = in;
		} else if (!closing && strcmp(name, "embed") == 0 && close != NULL) {
			a = xstrndup(in, (size_t)(close - in));
			buf_puts(&out, "<p><a href=\"");
			html2md_attr(&out, a);
			buf_puts(&out, "\">");
			html2md_attr(&out, a);
			buf_puts(&out, "</a></p>");
			free(a);
			p = close + nl + 3;
		} else if (closing || close != NULL || tl > nl ||
		    strchr(name, '_') != NULL || strchr(name, '-') != NULL) {
			/* Someone else's shortcode: its tags go, the text it wraps stays. */
			if (!closing) {
				buf_reset(&w);
				buf_printf(&w, "dropped shortcode [%s]", name);
				warn(warn_arg, w.data);
			}
			p = in;
		} else {
			/* "[sic]", "[1]": plain text in brackets, not a shortcode. */
			buf_putc(&out, '[');
			p++;
		}
	}
	buf_free(&w);
	return buf_detach(&out);
}
