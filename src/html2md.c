/* SPDX-License-Identifier: ISC */
/* html2md.c: WordPress HTML to CommonMark. libxml2's HTML parser builds a tree (it repairs
 * broken markup as browsers do); a walk writes each block and inline element as Markdown and
 * escapes all text, so no HTML of the old site reaches a page. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html2md.h"
#include "html2md_pre.h"
#include "util.h"

struct h2m {
	const struct html2md_opt	*opt;
	struct html2md_out		*out;
	int				 depth;
	int				 too_deep;
	int				 in_link;	/* links cannot nest in Markdown */
	size_t				 nimg;		/* images that came across */
	size_t				 img_bytes;	/* their Markdown's, spaces aside */
	size_t				 ntitled;	/* images given their caption as title */
	char				*last_img;	/* the last one's Markdown; owned */
};

/* Elements whose content (and the element) never reaches the page. */
static const char *const dropped[] = {
	"script", "style", "iframe", "form", "object", "embed", "noscript", "input", "button",
	"select", "textarea", "video", "audio", "canvas", "svg", "math", "link", "meta", "base",
	"frame", "frameset", "applet", "template", "title", "map", "source", "track",
};

/* Elements that make blocks; anything else is walked as inline content. */
static const char *const blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
	"blockquote", "pre", "table", "figure", "figcaption", "hr", "section", "article",
	"aside", "header", "footer", "nav", "main", "address", "center", "details", "summary",
	"body", "html", "head", "fieldset", "caption", "thead", "tbody", "tfoot", "tr",
};

static int
in_list(const char *name, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

#define IS_DROPPED(n)	in_list((n), dropped, sizeof(dropped) / sizeof(dropped[0]))
#define IS_BLOCK(n)	in_list((n), blocks, sizeof(blocks) / sizeof(blocks[0]))

static void
warn(void *arg, const char *w)
{
	struct html2md_out	*out = arg;
	size_t			 i;

	for (i = 0; i < out->nwarnings; i++)
		if (strcmp(out->warnings[i], w) == 0)
			return;
	if (out->nwarnings >= HTML2MD_MAX_WARNINGS)
		return;
	out->warnings = xrealloc(out->warnings, (out->nwarnings + 1) * sizeof(char *));
	out->warnings[out->nwarnings++] = xstrdup(w);
}

static const char *
nname(const xmlNode *n)
{
	return (const char *)n->name;
}

/* Attribute "name" of "n" as an owned string, or NULL. */
static char *
attr(xmlNode *n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* The host of an http(s) URL into "host", lower-cased; 0, or -1 if "url" has none. */
static int
url_host(const char *url, char *host, size_t hostlen)
{
	const char	*p;
	size_t		 i;

	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "//", 2) == 0)
		p = url + 2;
	else
		return -1;
	for (i = 0; p[i] != '\0' && p[i] != '/' && p[i] != ':' && p[i] != '?' &&
	    p[i] != '#' && i + 1 < hostlen; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[i] = '\0';
	return i > 0 ? 0 : -1;
}

/* Drops the element "n" with a warning naming it (and where a frame pointed). */
static void
drop(struct h2m *h, xmlNode *n)
{
	struct buf	 w;
	char		*src, host[256];

	buf_init(&w);
	buf_printf(&w, "dropped <%s>", nname(n));
	if ((src = attr(n, "src")) != NULL && url_host(src, host, sizeof(host)) == 0)
		buf_printf(&w, " (%s)", host);
	warn(h->out, w.data);
	free(src);
	buf_free(&w);
}

/* Appends text with Markdown's special characters escaped; whitespace collapsed. */
static void
put_text(struct buf *b, const char *s)
{
	int	 sp = b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n');

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '\f') {
			if (!sp)
				buf_putc(b, ' ');
			sp = 1;
			continue;
		}
		sp = 0;
		if (strchr("\\`*_[]<>&!{}#|~", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/* Appends a link destination in angle brackets, where only <, > and newlines need care. */
static void
put_dest(struct buf *b, const char *url)
{
	buf_putc(b, '<');
	for (; *url != '\0'; url++)
		if (*url == '<')
			buf_puts(b, "%3C");
		else if (*url == '>')
			buf_puts(b, "%3E");
		else if (*url == '\n' || *url == '\r')
			continue;
		else if (*url == ' ')
			buf_puts(b, "%20");
		else if (*url == '\\')
			buf_puts(b, "%5C");
		else
			buf_putc(b, *url);
	buf_putc(b, '>');
}

/* Whether "url" may be linked: web, mail and phone addresses and local paths only. */
static int
url_ok(const char *url)
{
	size_t	 i;

	if (*url == '\0' || strlen(url) > HTML2MD_MAX_URL)
		return 0;
	for (i = 0; url[i] != '\0' && url[i] != ':' && url[i] != '/' && url[i] != '?' &&
	    url[i] != '#'; i++)
		;
	if (url[i] != ':')
		return 1;
	return strncasecmp(url, "http:", 5) == 0 || strncasecmp(url, "https:", 6) == 0 ||
	    strncasecmp(url, "mailto:", 7) == 0 || strncasecmp(url, "tel:", 4) == 0;
}

/* A link to the old site itself becomes a local path, which the redirects then carry. */
static const char *
local(const struct h2m *h, const char *url)
{
	char		 host[256];
	const char	*p;

	if (h->opt->host == NULL || url_host(url, host, sizeof(host)) == -1 ||
	    strcasecmp(host, h->opt->host) != 0)
		return url;
	p = strstr(url, "//") + 2;
	p += strcspn(p, "/?#");
	return *p == '\0' ? "/" : p;
}

/* Removes trailing spaces and hard breaks. */
static void
rtrim(struct buf *b)
{
	for (;;) {
		while (b->len > 0 && (b->data[b->len - 1] == ' ' ||
		    b->data[b->len - 1] == '\n'))
			b->data[--b->len] = '\0';
		if (b->len >= 1 && b->data[b->len - 1] == '\\' &&
		    (b->len < 2 || b->data[b->len - 2] != '\\'))
			b->data[--b->len] = '\0';
		else
			break;
	}
}

static void	inlines(struct h2m *, xmlNode *first, struct buf *);
static void	blocks_of(struct h2m *, xmlNode *first, struct buf *, int tight);

/* Whether "s" holds anything but whitespace (no-break spaces count as whitespace). */
static int
blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')
			continue;
		if ((unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

/* How many of the "n" bytes at "s" are not spaces, tabs or newlines. */
static size_t
solid(const char *s, size_t n)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] != ' ' && s[i] != '\n' && s[i] != '\t';
	return k;
}

static void
image(struct h2m *h, xmlNode *n, struct buf *b)
{
	char	*src = attr(n, "src"), *alt = attr(n, "alt"), *url = NULL;
	char	*p;
	size_t	 start = b->len;

	if (alt == NULL)
		alt = xstrdup("");
	for (p = alt; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (src != NULL && strlen(src) <= HTML2MD_MAX_URL && url_ok(src) &&
	    h->opt->image != NULL)
		url = h->opt->image(h->opt->arg, src, &alt);
	if (url == NULL) {
		/* The image could not come along: its description stands in for it. */
		put_text(b, alt);
	} else {
		buf_puts(b, "![");
		put_text(b, alt);
		buf_puts(b, "](");
		put_dest(b, url);
		buf_putc(b, ')');
		h->nimg++;
		h->img_bytes += solid(b->data + start, b->len - start);
		free(h->last_img);
		h->last_img = xstrndup(b->data + start, b->len - start);
	}
	free(src);
	free(alt);
	free(url);
}

/* Appends a code span holding "s" with a fence longer than any backtick run in it. */
static void
code_span(struct buf *b, const char *s)
{
	size_t	 run = 0, max = 0, i;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	for (i = 0; i <= max; i++)
		buf_putc(b, '`');
	buf_putc(b, ' ');
	for (p = s; *p != '\0'; p++)
		buf_putc(b, *p == '\n' ? ' ' : *p);
	buf_putc(b, ' ');
	for (i = 0; i <= max; i++)
		buf_putc(b, '`');
}

/* Emphasis: the delimiters hug the text, spaces go outside, so CommonMark sees them. */
static void
emph(struct h2m *h, xmlNode *n, struct buf *b, const char *delim)
{
	struct buf	 in;
	size_t		 s = 0, e;

	buf_init(&in);
	inlines(h, n->children, &in);
	e = in.len;
	while (s < e && in.data[s] == ' ')
		s++;
	while (e > s && (in.data[e - 1] == ' ' || in.data[e - 1] == '\n'))
		e--;
	if (s > 0 && (b->len == 0 || b->data[b->len - 1] != ' '))
		buf_putc(b, ' ');
	if (e > s) {
		buf_puts(b, delim);
		buf_append(b, in.data + s, e - s);
		buf_puts(b, delim);
	}
	if (e < in.len)
		buf_putc(b, ' ');
	buf_free(&in);
}

static void
link(struct h2m *h, xmlNode *n, struct buf *b)
{
	struct buf	 in;
	char		*href = attr(n, "href"), *title = attr(n, "title");
	const char	*dest;
	xmlNode		*c;
	int		 only_img = 1, imgs = 0, trail;

	buf_init(&in);
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp(nname(c), "img") == 0)
			imgs++;
		else if (c->type != XML_TEXT_NODE || !blank((const char *)c->content,
		    strlen((const char *)c->content)))
			only_img = 0;
	h->in_link++;
	inlines(h, n->children, &in);
	h->in_link--;
	trail = in.len > 0 && in.data[in.len - 1] == ' ';
	rtrim(&in);
	/* An image linked to its own file (WordPress's default) is just the image. */
	if (h->in_link > 0 || href == NULL || !url_ok(href) || (only_img && imgs > 0 &&
	    strstr(href, "/wp-content/uploads/") != NULL) || in.len == 0) {
		if (h->in_link == 0 && href != NULL && !url_ok(href) && *href != '\0')
			warn(h->out, "dropped a link that was not a web address");
		buf_append(b, in.data ? in.data : "", in.len);
		goto out;
	}
	dest = local(h, href);
	/* Only images come over: a link to another uploaded file (a PDF form, say) keeps the
	 * old site's address, which works as long as that site does. */
	if (dest != href && strncmp(dest, "/wp-content/uploads/", 20) == 0) {
		struct buf	 w;

		dest = href;
		buf_init(&w);
		buf_printf(&w, "links to a file left on the old site: %.200s", href);
		warn(h->out, w.data);
		buf_free(&w);
	}
	buf_putc(b, '[');
	buf_append(b, in.data, in.len);
	buf_puts(b, "](");
	put_dest(b, dest);
	if (title != NULL && *title != '\0' && strlen(title) < 300) {
		char *p;

		buf_puts(b, " \"");
		for (p = title; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p == '\n' ? ' ' : *p);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, ')');
	/* A space at the end of the link text stays, outside the link. */
	if (trail)
		buf_putc(b, ' ');
out:
	free(href);
	free(title);
	buf_free(&in);
}

/* One node of inline content; a block element met here is flattened into the same line. */
static void
inline_node(struct h2m *h, xmlNode *n, struct buf *b)
{
	const char	*name;
	char		*s;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		put_text(b, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	name = nname(n);
	if (xmlHasProp(n, (const xmlChar *)"style"))
		warn(h->out, "dropped inline styles");
	if (IS_DROPPED(name)) {
		drop(h, n);
	} else if (strcmp(name, "br") == 0) {
		buf_puts(b, "\\\n");
	} else if (strcmp(name, "img") == 0) {
		image(h, n, b);
	} else if (strcmp(name, "a") == 0) {
		link(h, n, b);
	} else if (strcmp(name, "strong") == 0 || strcmp(name, "b") == 0) {
		emph(h, n, b, "**");
	} else if (strcmp(name, "em") == 0 || strcmp(name, "i") == 0 ||
	    strcmp(name, "cite") == 0) {
		emph(h, n, b, "*");
	} else if (strcmp(name, "code") == 0 || strcmp(name, "kbd") == 0 ||
	    strcmp(name, "tt") == 0 || strcmp(name, "samp") == 0) {
		s = (char *)xmlNodeGetContent(n);
		if (s != NULL && *s != '\0')
			code_span(b, s);
		xmlFree(s);
	} else if (strcmp(name, "q") == 0) {
		buf_puts(b, "\xe2\x80\x9c");
		inlines(h, n->children, b);
		buf_puts(b, "\xe2\x80\x9d");
	} else {
		if (IS_BLOCK(name) && b->len > 0)
			buf_putc(b, ' ');
		inlines(h, n->children, b);
	}
}

/* Walks "n" and its following siblings as inline content. */
static void
inlines(struct h2m *h, xmlNode *n, struct buf *b)
{
	if (++h->depth > HTML2MD_MAX_DEPTH) {
		h->too_deep = 1;
		h->depth--;
		return;
	}
	for (; n != NULL; n = n->next)
		inline_node(h, n, b);
	h->depth--;
}

/* Escapes what would make a paragraph's line start a block of another kind. */
static void
fix_line_starts(struct buf *b)
{
	struct buf	 o;
	size_t		 i, j;
	int		 bol = 1;

	buf_init(&o);
	buf_puts(&o, "");
	for (i = 0; i < b->len; i++) {
		if (bol) {
			while (i < b->len && b->data[i] == ' ')
				i++;
			if (i >= b->len)
				break;
			for (j = i; j < b->len && isdigit((unsigned char)b->data[j]); j++)
				;
			if (strchr("-+=>#~", b->data[i]) != NULL)
				buf_putc(&o, '\\');
			else if (j > i && j - i < 10 && j < b->len &&
			    (b->data[j] == '.' || b->data[j] == ')')) {
				buf_append(&o, b->data + i, j - i);
				buf_putc(&o, '\\');
				i = j;
			}
		}
		buf_putc(&o, b->data[i]);
		bol = b->data[i] == '\n';
	}
	buf_reset(b);
	buf_append(b, o.data, o.len);
	buf_free(&o);
}

/* Appends block "blk" to "out", separated from what is there by a blank line (or a newline). */
static void
add_block(struct buf *out, struct buf *blk, int tight)
{
	rtrim(blk);
	if (blk->len == 0 || blank(blk->data, blk->len))
		return;
	if (out->len > 0)
		buf_puts(out, tight ? "\n" : "\n\n");
	buf_append(out, blk->data, blk->len);
}

/* A paragraph from inline content; records the first one's text for summaries. */
static void
paragraph(struct h2m *h, struct buf *para, xmlNode *from, struct buf *out, int tight)
{
	size_t	 s = 0;

	rtrim(para);
	while (s < para->len && (para->data[s] == ' ' || para->data[s] == '\n'))
		s++;
	if (s > 0) {
		memmove(para->data, para->data + s, para->len - s + 1);
		para->len -= s;
	}
	if (para->len == 0 || blank(para->data, para->len)) {
		buf_reset(para);
		return;
	}
	fix_line_starts(para);
	/* A paragraph of its own, not a list item's or a table cell's text. */
	if (h->out->first_text == NULL && from != NULL && (from->type == XML_ELEMENT_NODE ||
	    (from->parent != NULL && strcmp(nname(from->parent), "body") == 0))) {
		char *t = (char *)xmlNodeGetContent(from);

		if (t != NULL && !blank(t, strlen(t)))
			h->out->first_text = xstrdup(t);
		xmlFree(t);
	}
	add_block(out, para, tight);
	buf_reset(para);
}

/* Prefixes every line of "in" ("first" on the first, "rest" on the others) into "out". */
static void
prefix_lines(struct buf *out, const struct buf *in, const char *first, const char *rest)
{
	size_t	 i;
	int	 bol = 1, line = 0;

	for (i = 0; i < in->len; i++) {
		if (bol) {
			if (in->data[i] != '\n' || line == 0)
				buf_puts(out, line == 0 ? first : rest);
			else if (rest[0] == '>')
				buf_putc(out, '>');
			line++;
		}
		buf_putc(out, in->data[i]);
		bol = in->data[i] == '\n';
	}
}

static void
list(struct h2m *h, xmlNode *n, struct buf *out)
{
	struct buf	 item, blk;
	xmlNode		*c;
	char		 marker[32], pad[32], *start;
	long long	 num = 1;
	int		 ordered = strcmp(nname(n), "ol") == 0, loose = 0;
	size_t		 i;

	if (ordered && (start = attr(n, "start")) != NULL) {
		if (util_parse_ll(start, 0, 999999999, &num) == -1)
			num = 1;
		free(start);
	}
	/* A list whose items hold paragraphs is loose: blank lines between items. */
	for (c = n->children; c != NULL && !loose; c = c->next) {
		xmlNode *d;

		if (c->type == XML_ELEMENT_NODE)
			for (d = c->children; d != NULL; d = d->next)
				if (d->type == XML_ELEMENT_NODE && strcmp(nname(d), "p") == 0)
					loose = 1;
	}
	buf_init(&item);
	buf_init(&blk);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		buf_reset(&item);
		if (strcmp(nname(c), "li") == 0)
			blocks_of(h, c->children, &item, !loose);
		else if (strcmp(nname(c), "ul") == 0 || strcmp(nname(c), "ol") == 0)
			list(h, c, &item);
		else
			continue;
		rtrim(&item);
		if (ordered)
			snprintf(marker, sizeof(marker), "%lld. ", num++);
		else
			snprintf(marker, sizeof(marker), "- ");
		for (i = 0; i < strlen(marker) && i + 1 < sizeof(pad); i++)
			pad[i] = ' ';
		pad[i] = '\0';
		buf_reset(&blk);
		if (item.len == 0)
			buf_puts(&blk, ordered ? marker : "-");
		else
			prefix_lines(&blk, &item, marker, pad);
		if (out->len > 0)
			buf_puts(out, loose ? "\n\n" : "\n");
		buf_append(out, blk.data ? blk.data : "", blk.len);
	}
	buf_free(&item);
	buf_free(&blk);
}

static void
code_block(xmlNode *n, struct buf *out)
{
	char		*text = (char *)xmlNodeGetContent(n), *cls = NULL, lang[40] = "";
	const char	*p, *l;
	xmlNode		*c;
	size_t		 run = 0, max = 2, i, len;

	for (c = n->children; c != NULL && cls == NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp(nname(c), "code") == 0)
			cls = attr(c, "class");
	if (cls == NULL)
		cls = attr(n, "class");
	if (cls != NULL && (l = strstr(cls, "language-")) != NULL) {
		l += 9;
		for (i = 0; i + 1 < sizeof(lang) && (isalnum((unsigned char)l[i]) ||
		    l[i] == '-' || l[i] == '+' || l[i] == '_'); i++)
			lang[i] = l[i];
		lang[i] = '\0';
	}
	for (p = text ? text : ""; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	for (i = 0; i <= max; i++)
		buf_putc(out, '`');
	buf_puts(out, lang);
	buf_putc(out, '\n');
	len = text ? strlen(text) : 0;
	while (len > 0 && text[len - 1] == '\n')
		len--;
	if (len > 0) {
		buf_append(out, text, len);
		buf_putc(out, '\n');
	}
	for (i = 0; i <= max; i++)
		buf_putc(out, '`');
	free(cls);
	xmlFree(text);
}

/* A table becomes one line per row, its cells separated by " | ". */
static void
table(struct h2m *h, xmlNode *n, struct buf *out)
{
	struct buf	 row;
	xmlNode		*c;
	int		 cells;

	if (++h->depth > HTML2MD_MAX_DEPTH) {
		h->too_deep = 1;
		h->depth--;
		return;
	}
	buf_init(&row);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nname(c), "tr") != 0) {
			table(h, c, out);
			continue;
		}
		cells = 0;
		buf_reset(&row);
		for (xmlNode *d = c->children; d != NULL; d = d->next) {
			if (d->type != XML_ELEMENT_NODE)
				continue;
			if (cells++ > 0)
				buf_puts(&row, " | ");
			inlines(h, d->children, &row);
			rtrim(&row);
		}
		if (row.len == 0)
			continue;
		if (out->len > 0)
			buf_puts(out, "\\\n");
		buf_append(out, row.data, row.len);
	}
	buf_free(&row);
	h->depth--;
}

/* Whether element "n" has "cls" among its classes. */
static int
has_class(xmlNode *n, const char *cls)
{
	char	*c = attr(n, "class");
	int	 r = c != NULL && strstr(c, cls) != NULL;

	free(c);
	return r;
}

/* The text of a paragraph that is only a web address: WordPress showed it as an embed. */
static int
lone_url(const struct buf *para, const char *text)
{
	size_t	 i, n;

	(void)para;
	while (*text == ' ' || *text == '\n' || *text == '\t')
		text++;
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n < 10 || n > HTML2MD_MAX_URL || (strncmp(text, "http://", 7) != 0 &&
	    strncmp(text, "https://", 8) != 0))
		return 0;
	for (i = 0; i < n; i++)
		if (isspace((unsigned char)text[i]) || text[i] == '<' || text[i] == '>')
			return 0;
	return (int)n;
}

/* Appends "cap", whitespace collapsed, as a link title in double quotes: \\ and " escaped,
 * & written &amp; (cmark reads a title's entities before its backslashes, so \& would not
 * keep "&copy;" literal). */
static void
put_title(struct buf *b, const char *cap)
{
	int	 sp = 0;

	buf_puts(b, " \"");
	for (; *cap != '\0'; cap++) {
		if (isspace((unsigned char)*cap)) {
			sp = 1;
			continue;
		}
		if (sp)
			buf_putc(b, ' ');
		sp = 0;
		if (*cap == '&') {
			buf_puts(b, "&amp;");
			continue;
		}
		if (*cap == '\\' || *cap == '"')
			buf_putc(b, '\\');
		buf_putc(b, *cap);
	}
	buf_putc(b, '"');
}

/* Whether "n" holds a link within "depth" levels (the walk's own bound on nesting). */
static int
has_link(xmlNode *n, int depth)
{
	if (depth <= 0)
		return 0;
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (strcmp(nname(n), "a") == 0 ||
		    has_link(n, depth - 1)))
			return 1;
	return 0;
}

/*
 * A figure into "out", which holds nothing else. An image alone with a caption of plain text
 * becomes the image with that text as its title, which the site shows as a <figure> with
 * the caption under it. Images alone with any other caption (a gallery's, one holding a
 * link) are followed, in their paragraph, by a last line of the caption emphasised, which
 * the site shows as a <figure> of those images with that caption, links kept. Anything else
 * (an embed, an image linked elsewhere or missing) comes first, then its caption as an
 * emphasised line of its own.
 */
static void
figure(struct h2m *h, xmlNode *n, struct buf *out)
{
	struct buf	 in, em;
	xmlNode		*c, *cap = NULL;
	char		*t;
	const char	*s;
	size_t		 before = h->nimg, bytes = h->img_bytes, titled = h->ntitled, i, k;
	int		 images_only;

	for (c = n->children; c != NULL && cap == NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp(nname(c), "figcaption") == 0)
			cap = c;
	if (cap != NULL)
		xmlUnlinkNode(cap);
	blocks_of(h, n->children, out, 0);
	if (cap == NULL)
		return;
	t = (char *)xmlNodeGetContent(cap);
	s = t != NULL ? t + strspn(t, " \t\n") : "";
	buf_init(&in);
	buf_init(&em);
	/* Images and nothing else (none with a caption of its own): they can make one paragraph,
	 * the block editor's gallery being a figure of figures, and the caption its last line. */
	images_only = h->nimg > before && h->ntitled == titled && out->len > 0 &&
	    solid(out->data, out->len) == h->img_bytes - bytes;
	if (blank(s, strlen(s))) {
		/* Nothing to show under the image. */
	} else if (h->nimg == before + 1 && h->last_img != NULL && out->len > 0 &&
	    strcmp(out->data, h->last_img) == 0 && strlen(s) <= HTML2MD_MAX_CAPTION &&
	    util_utf8_valid(s, strlen(s)) && !has_link(cap, HTML2MD_MAX_DEPTH)) {
		/* Only valid UTF-8: cmark replaces a broken sequence together with the bytes
		 * after it, which could be the title's closing quote. */
		out->data[--out->len] = '\0';
		put_title(out, s);
		buf_putc(out, ')');
		h->ntitled++;
	} else {
		inlines(h, cap->children, &in);
		rtrim(&in);
		if (in.len > 0 && !blank(in.data, in.len)) {
			buf_putc(&em, '*');
			buf_append(&em, in.data + strspn(in.data, " \n"),
			    in.len - strspn(in.data, " \n"));
			buf_putc(&em, '*');
			fix_line_starts(&em);
			if (images_only) {
				for (i = k = 0; i < out->len; i++)
					if (out->data[i] != '\n' || k == 0 ||
					    out->data[k - 1] != '\n')
						out->data[k++] = out->data[i];
				out->data[out->len = k] = '\0';
				rtrim(out);
				buf_putc(out, '\n');
				buf_append(out, em.data, em.len);
			} else
				add_block(out, &em, 0);
		}
	}
	buf_free(&in);
	buf_free(&em);
	xmlFree(t);
	xmlFreeNode(cap);
}

static void
block(struct h2m *h, xmlNode *n, struct buf *out, int tight)
{
	struct buf	 blk, in;
	const char	*name = nname(n);
	char		*t, *from;
	int		 u;

	buf_init(&blk);
	buf_init(&in);
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0') {
		inlines(h, n->children, &in);
		rtrim(&in);
		for (t = in.data; t != NULL && *t != '\0'; t++)
			if (*t == '\n')
				*t = ' ';
		/* A hard break's backslash would show at the end of a heading line. */
		for (from = in.data; from != NULL && (t = strstr(from, "\\ ")) != NULL; from = t)
			memmove(t, t + 1, strlen(t));
		if (in.data != NULL && !blank(in.data, strlen(in.data))) {
			for (u = 0; u < name[1] - '0'; u++)
				buf_putc(&blk, '#');
			buf_putc(&blk, ' ');
			buf_puts(&blk, in.data);
		}
	} else if (strcmp(name, "p") == 0 || strcmp(name, "dt") == 0 ||
	    strcmp(name, "dd") == 0 || strcmp(name, "summary") == 0 ||
	    strcmp(name, "caption") == 0) {
		t = (char *)xmlNodeGetContent(n);
		if (t != NULL && (u = lone_url(&in, t)) > 0 && h->opt != NULL) {
			char	*url = xstrndup(t + strspn(t, " \n\t"), (size_t)u);

			put_dest(&blk, url);
			free(url);
			xmlFree(t);
		} else {
			xmlFree(t);
			inlines(h, n->children, &in);
			paragraph(h, &in, n, &blk, 0);
		}
	} else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
		list(h, n, &blk);
	} else if (strcmp(name, "blockquote") == 0) {
		blocks_of(h, n->children, &in, 0);
		rtrim(&in);
		prefix_lines(&blk, &in, "> ", "> ");
	} else if (strcmp(name, "pre") == 0) {
		code_block(n, &blk);
	} else if (strcmp(name, "hr") == 0) {
		buf_puts(&blk, "***");
	} else if (strcmp(name, "table") == 0) {
		table(h, n, &blk);
		fix_line_starts(&blk);
		warn(h->out, "a table became plain text");
	} else if (strcmp(name, "figure") == 0) {
		figure(h, n, &blk);
	} else if (strcmp(name, "div") == 0 && has_class(n, "wp-block-embed__wrapper")) {
		t = (char *)xmlNodeGetContent(n);
		if (t != NULL && (u = lone_url(&in, t)) > 0) {
			char	*url = xstrndup(t + strspn(t, " \n\t"), (size_t)u);

			put_dest(&blk, url);
			free(url);
		} else
			blocks_of(h, n->children, &blk, tight);
		xmlFree(t);
	} else {
		/* div, section, li, and the like: only their content counts. */
		blocks_of(h, n->children, &blk, tight);
	}
	add_block(out, &blk, tight);
	buf_free(&blk);
	buf_free(&in);
}

/* Walks a run of siblings: inline content gathers into paragraphs between the blocks. */
static void
blocks_of(struct h2m *h, xmlNode *n, struct buf *out, int tight)
{
	struct buf	 para;
	xmlNode		*first = NULL;

	if (++h->depth > HTML2MD_MAX_DEPTH) {
		h->too_deep = 1;
		h->depth--;
		return;
	}
	buf_init(&para);
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && IS_DROPPED(nname(n))) {
			drop(h, n);
			if (strcmp(nname(n), "iframe") == 0) {
				/* An embedded player becomes a plain link to what it showed. */
				char	*src = attr(n, "src");

				if (src != NULL && url_ok(src) && url_host(src, (char[8]){0}, 8) != -1) {
					paragraph(h, &para, first, out, tight);
					first = NULL;
					buf_reset(&para);
					put_dest(&para, src);
					add_block(out, &para, tight);
					buf_reset(&para);
				}
				free(src);
			}
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && IS_BLOCK(nname(n))) {
			paragraph(h, &para, first, out, tight);
			first = NULL;
			if (xmlHasProp(n, (const xmlChar *)"style"))
				warn(h->out, "dropped inline styles");
			block(h, n, out, tight);
			continue;
		}
		if (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (first == NULL && n->type == XML_TEXT_NODE)
				first = n;
			inline_node(h, n, &para);
		}
	}
	paragraph(h, &para, first, out, tight);
	buf_free(&para);
	h->depth--;
}

int
html2md(const char *html, size_t len, const struct html2md_opt *opt,
    struct html2md_out *out)
{
	struct h2m		 h;
	struct html2md_opt	 none;
	htmlDocPtr		 doc = NULL;
	xmlNode			*body;
	char			*sc = NULL, *pre = NULL, *crlf = NULL;
	size_t			 i, o;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	buf_init(&out->md);
	buf_puts(&out->md, "");
	if (opt == NULL) {
		memset(&none, 0, sizeof(none));
		opt = &none;
	}
	memset(&h, 0, sizeof(h));
	h.opt = opt;
	h.out = out;
	if (len > HTML2MD_MAX_INPUT) {
		warn(out, "the content is larger than 8 MiB");
		return -1;
	}
	/* Markdown ends lines at \r too: one kind of line end, so every rule below sees it. */
	crlf = xmalloc(len + 1);
	for (i = o = 0; i < len; i++) {
		if (html[i] == '\r' && i + 1 < len && html[i + 1] == '\n')
			continue;
		crlf[o++] = html[i] == '\r' ? '\n' : html[i];
	}
	crlf[o] = '\0';
	sc = html2md_shortcodes(crlf, o, opt, warn, out);
	/* Block-editor posts carry their own <p>; classic ones have only blank lines. */
	if (strstr(sc, "<!-- wp:") == NULL)
		pre = html2md_autop(sc, strlen(sc));
	else
		pre = xstrdup(sc);
	if (*pre == '\0') {
		rc = 0;
		goto out;
	}
	doc = htmlReadMemory(pre, (int)strlen(pre), NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
	if (doc == NULL) {
		warn(out, "the content could not be read as HTML");
		goto out;
	}
	body = xmlDocGetRootElement(doc);
	if (body != NULL)
		blocks_of(&h, body, &out->md, 0);
	if (h.too_deep) {
		warn(out, "the content is nested too deeply");
		goto out;
	}
	rc = 0;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(h.last_img);
	free(crlf);
	free(sc);
	free(pre);
	return rc;
}

char *
html2md_text(const char *html, size_t len)
{
	struct buf	 b;
	htmlDocPtr	 doc;
	xmlNode		*root;
	char		*t = NULL, *p;
	int		 sp = 1;

	buf_init(&b);
	buf_puts(&b, "");
	if (len > 0 && len <= HTML2MD_MAX_INPUT &&
	    (doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)) != NULL) {
		if ((root = xmlDocGetRootElement(doc)) != NULL)
			t = (char *)xmlNodeGetContent(root);
		for (p = t; p != NULL && *p != '\0'; p++) {
			if (isspace((unsigned char)*p)) {
				if (!sp)
					buf_putc(&b, ' ');
				sp = 1;
				continue;
			}
			sp = 0;
			buf_putc(&b, *p);
		}
		xmlFree(t);
		xmlFreeDoc(doc);
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_detach(&b);
}

void
html2md_free(struct html2md_out *out)
{
	size_t	 i;

	if (out == NULL)
		return;
	buf_free(&out->md);
	for (i = 0; i < out->nwarnings; i++)
		free(out->warnings[i]);
	free(out->warnings);
	free(out->first_text);
	memset(out, 0, sizeof(*out));
}
