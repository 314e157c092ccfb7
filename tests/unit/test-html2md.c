/* SPDX-License-Identifier: ISC */
/* test-html2md.c: WordPress HTML to CommonMark (html2md.c, html2md_pre.c): each case converts,
 * then renders the Markdown with cmark as a page would, and checks what a reader gets. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html2md.h"
#include "meridian.h"
#include "harness.h"

/* Images under /uploads/ come across; anything else is missing. */
static char *
test_image(void *arg, const char *src, char **alt)
{
	const char	*base = strrchr(src, '/');
	char		*url;

	(void)arg;
	/* The library knows a description the page did not give. */
	if (**alt == '\0' && strstr(src, "described") != NULL) {
		free(*alt);
		*alt = strdup("From the library");
	}
	if (strstr(src, "/uploads/") == NULL)
		return NULL;
	url = malloc(strlen(src) + 16);
	if (url == NULL)
		abort();
	snprintf(url, strlen(src) + 16, "/media/9/%s", base + 1);
	return url;
}

static void
test_gallery(void *arg, const char *ids, struct buf *html)
{
	(void)arg;
	buf_printf(html, "<img src=\"https://clinic.example/uploads/g.png\" alt=\"gallery %s\">",
	    ids ? ids : "all");
}

static const struct html2md_opt opt = { "clinic.example", test_image, test_gallery, NULL };

static struct html2md_out	 out;
static char			*html_out;
static int			 rc;

/* Converts "html" into "out" and renders it into "html_out". */
static void
conv(const char *html)
{
	html2md_free(&out);
	free(html_out);
	rc = html2md(html, strlen(html), &opt, &out);
	html_out = md_render(out.md.data, out.md.len);
}

static int
warned(const char *w)
{
	size_t	 i;

	for (i = 0; i < out.nwarnings; i++)
		if (strstr(out.warnings[i], w) != NULL)
			return 1;
	return 0;
}

/* "html" renders, through Markdown, to exactly "want". */
#define RENDERS(html, want, msg) do {					\
	conv(html);							\
	STR_EQ(html_out, want, msg);					\
} while (0)
#define MD(html, want, msg) do {					\
	conv(html);							\
	STR_EQ(out.md.data, want, msg);					\
} while (0)
#define HAS(s, msg)	OK(html_out != NULL && strstr(html_out, (s)) != NULL, msg)
#define LACKS(s, msg)	OK(html_out != NULL && strstr(html_out, (s)) == NULL, msg)

static void
test_text(void)
{
	RENDERS("<p>a *b* _c_ [d] &lt;e&gt; &amp; `f` \\g</p>",
	    "<p>a *b* _c_ [d] &lt;e&gt; &amp; `f` \\g</p>\n",
	    "Markdown characters in text stay text");
	RENDERS("<p># not a heading</p>", "<p># not a heading</p>\n", "a leading #");
	RENDERS("<p>1. not a list</p>", "<p>1. not a list</p>\n", "a leading number");
	RENDERS("<p>- not a list</p>", "<p>- not a list</p>\n", "a leading dash");
	RENDERS("<p>&gt; not a quote</p>", "<p>&gt; not a quote</p>\n", "a leading >");
	RENDERS("<p>Title<br>===</p>", "<p>Title<br />\n===</p>\n", "=== after a break is no heading");
	RENDERS("<p>    indented</p>", "<p>indented</p>\n", "leading spaces make no code block");
	RENDERS("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", "escaped markup stays text");
	RENDERS("<p>&nbsp;</p><p>x</p>", "<p>x</p>\n", "an empty paragraph goes");
	RENDERS("", "", "nothing in, nothing out");
	OK(rc == 0, "empty input is fine");
}

static void
test_autop(void)
{
	RENDERS("one\ntwo\n\nthree", "<p>one<br />\ntwo</p>\n<p>three</p>\n",
	    "classic text: blank lines are paragraphs, newlines breaks");
	RENDERS("<h2>Head</h2>\nText under it", "<h2>Head</h2>\n<p>Text under it</p>\n",
	    "a block then text");
	RENDERS("<ul>\n<li>a</li>\n</ul>\nText after\nthe list", "<ul>\n<li>a</li>\n</ul>\n"
	    "<p>Text after<br />\nthe list</p>\n", "text on the line after a block is a paragraph");
	RENDERS("<ol><li>x\n<ul><li>y</li></ul>\n</li></ol>\nz", "<ol>\n<li>x\n<ul>\n<li>y</li>\n"
	    "</ul>\n</li>\n</ol>\n<p>z</p>\n", "... only after the outermost block ends");
	RENDERS("<pre>a\n\nb</pre>", "<pre><code>a\n\nb\n</code></pre>\n",
	    "a <pre> keeps its blank lines");
	RENDERS("<!-- wp:paragraph -->\n<p>one\ntwo</p>\n<!-- /wp:paragraph -->",
	    "<p>one two</p>\n", "block-editor HTML gets no autop");
}

static void
test_blocks(void)
{
	int	 i;
	char	 in[64], want[64];

	for (i = 1; i <= 6; i++) {
		snprintf(in, sizeof(in), "<h%d>Level <em>%d</em></h%d>", i, i, i);
		snprintf(want, sizeof(want), "<h%d>Level <em>%d</em></h%d>\n", i, i, i);
		RENDERS(in, want, "headings of every level");
	}
	RENDERS("<ul><li>a</li><li>b<ul><li>c</li><li>d<ol><li>e</li></ol></li></ul></li></ul>",
	    "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n<li>d\n<ol>\n<li>e</li>\n</ol>\n"
	    "</li>\n</ul>\n</li>\n</ul>\n", "nested lists");
	RENDERS("<ol start=\"7\"><li>seven</li><li>eight</li></ol>",
	    "<ol start=\"7\">\n<li>seven</li>\n<li>eight</li>\n</ol>\n", "an ordered list's start");
	RENDERS("<ul><li><p>one</p><p>more</p></li><li><p>two</p></li></ul>",
	    "<ul>\n<li>\n<p>one</p>\n<p>more</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ul>\n",
	    "a loose list keeps its paragraphs");
	RENDERS("<blockquote><p>Said</p><ul><li>x</li></ul></blockquote>",
	    "<blockquote>\n<p>Said</p>\n<ul>\n<li>x</li>\n</ul>\n</blockquote>\n",
	    "a quote with a list");
	RENDERS("<blockquote><blockquote>deep</blockquote></blockquote>",
	    "<blockquote>\n<blockquote>\n<p>deep</p>\n</blockquote>\n</blockquote>\n",
	    "a quote in a quote");
	RENDERS("<pre><code class=\"language-python\">x = '```'\nprint(x)</code></pre>",
	    "<pre><code class=\"language-python\">x = '```'\nprint(x)\n</code></pre>\n",
	    "a code block holding a fence, with its language");
	RENDERS("<p>a</p><hr><p>b</p>", "<p>a</p>\n<hr />\n<p>b</p>\n", "a rule");
	RENDERS("<p>x <code>a\r\r&lt;br&gt;b</code> y</p>",
	    "<p>x <code>a &lt;br&gt;b</code> y</p>\n",
	    "carriage returns do not end a code span (found by the fuzzer)");
	RENDERS("one\r\ntwo\r\n\r\nthree", "<p>one<br />\ntwo</p>\n<p>three</p>\n",
	    "CRLF text is classic text");
	RENDERS("<p>use <code>a `b` c</code> here</p>",
	    "<p>use <code>a `b` c</code> here</p>\n", "inline code with backticks");
}

static void
test_inline(void)
{
	RENDERS("<p>a<strong> b </strong>c</p>", "<p>a <strong>b</strong> c</p>\n",
	    "spaces move outside the emphasis");
	RENDERS("<p><b>bold</b> <i>it</i> <em>em</em></p>",
	    "<p><strong>bold</strong> <em>it</em> <em>em</em></p>\n", "b, i and em");
	RENDERS("<p>line<br>next</p>", "<p>line<br />\nnext</p>\n", "a line break");
	RENDERS("<p>end<br></p>", "<p>end</p>\n", "a break at the end goes");
	RENDERS("<p><a href=\"https://example.org/a b(c)\" title=\"T &quot;q&quot;\">x</a></p>",
	    "<p><a href=\"https://example.org/a%20b(c)\" title=\"T &quot;q&quot;\">x</a></p>\n",
	    "a link with a space, parentheses and a quoted title");
	RENDERS("<p><a href=\"https://clinic.example/2023/05/x/\">old</a></p>",
	    "<p><a href=\"/2023/05/x/\">old</a></p>\n", "a link to the old site becomes a path");
	RENDERS("<p><a href=\"https://clinic.example/wp-content/uploads/form.pdf\">form</a></p>",
	    "<p><a href=\"https://clinic.example/wp-content/uploads/form.pdf\">form</a></p>\n",
	    "a link to an uploaded file keeps the old site's address");
	OK(warned("links to a file left on the old site: https://clinic.example/wp-content/"
	    "uploads/form.pdf"), "... with a warning");
	RENDERS("<p><a href=\"javascript:alert(1)\">click</a></p>", "<p>click</p>\n",
	    "a javascript: link keeps only its text");
	OK(warned("not a web address"), "... with a warning");
	RENDERS("<p><a href=\"/a\">out <a href=\"/b\">in</a> more</a></p>",
	    "<p><a href=\"/a\">out</a> <a href=\"/b\">in</a> more</p>\n",
	    "a link in a link (the parser splits them) stays two links");
	conv("<p><a href=\"ul\">x <span><a href=\"b\">y</a></span></a></p>");
	LACKS("raw HTML", "a nested link never leaves raw HTML behind (found by the fuzzer)");
	RENDERS("<p><a href=\"mailto:a@b.example\">mail</a></p>",
	    "<p><a href=\"mailto:a@b.example\">mail</a></p>\n", "mailto links stay");
	RENDERS("<p><img src=\"https://clinic.example/uploads/a.jpg\" alt=\"A [red] door\"></p>",
	    "<p><img src=\"/media/9/a.jpg\" alt=\"A [red] door\" /></p>\n",
	    "an image with its alt text");
	RENDERS("<p><img src=\"https://clinic.example/uploads/described.jpg\"></p>",
	    "<p><img src=\"/media/9/described.jpg\" alt=\"From the library\" /></p>\n",
	    "an image without alt text gets the one its library entry has");
	RENDERS("<p><img src=\"https://elsewhere.example/b.jpg\" alt=\"Gone *now*\"></p>",
	    "<p>Gone *now*</p>\n", "a missing image becomes its alt text");
	RENDERS("<p><a href=\"https://clinic.example/wp-content/uploads/a.jpg\">"
	    "<img src=\"https://clinic.example/uploads/a.jpg\" alt=\"A\"></a></p>",
	    "<p><img src=\"/media/9/a.jpg\" alt=\"A\" /></p>\n",
	    "an image linked to its own file is just the image");
}

static void
test_wordpress(void)
{
	RENDERS("[gallery ids=\"1,2\"]", "<p><img src=\"/media/9/g.png\" alt=\"gallery 1,2\" /></p>\n",
	    "[gallery] asks for its images");
	RENDERS("[gallery]", "<p><img src=\"/media/9/g.png\" alt=\"gallery all\" /></p>\n",
	    "[gallery] without ids asks for the post's");
	RENDERS("[embed]https://www.youtube.com/watch?v=a1[/embed]",
	    "<p><a href=\"https://www.youtube.com/watch?v=a1\">https://www.youtube.com/watch?v=a1"
	    "</a></p>\n", "[embed] becomes a link");
	RENDERS("<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\n"
	    "https://vimeo.com/123\n</div></figure>",
	    "<p><a href=\"https://vimeo.com/123\">https://vimeo.com/123</a></p>\n",
	    "a block embed becomes a link");
	RENDERS("https://www.youtube.com/watch?v=b2",
	    "<p><a href=\"https://www.youtube.com/watch?v=b2\">https://www.youtube.com/watch?v=b2"
	    "</a></p>\n", "a classic auto-embed line becomes a link");
	RENDERS("<p>Call [sic] now, see [1].</p>", "<p>Call [sic] now, see [1].</p>\n",
	    "bracketed words are not shortcodes");
	RENDERS("[[gallery]]", "<p>[gallery]</p>\n", "[[x]] is a literal [x]");
	RENDERS("[button url=\"/x\"]Book now[/button]", "<p>Book now</p>\n",
	    "an unknown shortcode goes, its text stays");
	OK(warned("dropped shortcode [button]"), "... with a warning naming it");
	RENDERS("<table><tr><th>Day</th><th>Hours</th></tr><tr><td>Mon</td><td>9-5</td></tr></table>",
	    "<p>Day | Hours<br />\nMon | 9-5</p>\n", "a table becomes lines of text");
	OK(warned("a table became plain text"), "... with a warning");
}

/* A library image as the site shows it: md_render_images() makes the figure around it. */
static int
site_image(void *arg, const char *url, const char *alt, int index, struct buf *html)
{
	(void)arg;
	(void)index;
	buf_printf(html, "<img src=\"%s\" alt=\"%s\">", url, alt);
	return 1;
}

/* "html" converts to Markdown "text" that the site shows exactly as "want". */
#define SHOWS(html, text, want, msg) do {				\
	char *shown_;							\
									\
	MD(html, text, msg ": the Markdown");				\
	shown_ = md_render_images(out.md.data, out.md.len, site_image, NULL); \
	STR_EQ(shown_, want, msg ": the page");				\
	free(shown_);							\
} while (0)

static void
test_captions(void)
{
	SHOWS("[caption id=\"a_1\" width=\"300\"]<img src=\"https://clinic.example/uploads/c.jpg\" "
	    "alt=\"Couch\" /> The couch[/caption]",
	    "![Couch](</media/9/c.jpg> \"The couch\")",
	    "<figure><img src=\"/media/9/c.jpg\" alt=\"Couch\"><figcaption>The couch</figcaption>"
	    "</figure>\n", "[caption] is a figure with its caption");
	SHOWS("[caption id=\"a_2\"]<a href=\"https://clinic.example/wp-content/uploads/c.jpg\">"
	    "<img src=\"https://clinic.example/uploads/c-300x200.jpg\" alt=\"Couch\" /></a>\n"
	    "The couch,\n by  the window[/caption]",
	    "![Couch](</media/9/c-300x200.jpg> \"The couch, by the window\")",
	    "<figure><img src=\"/media/9/c-300x200.jpg\" alt=\"Couch\"><figcaption>The couch, "
	    "by the window</figcaption></figure>\n",
	    "... linked to its own file, the caption on two lines");
	SHOWS("[caption caption=\"From the attribute\"]"
	    "<img src=\"https://clinic.example/uploads/c.jpg\" alt=\"Couch\" />[/caption]",
	    "![Couch](</media/9/c.jpg> \"From the attribute\")",
	    "<figure><img src=\"/media/9/c.jpg\" alt=\"Couch\"><figcaption>From the attribute"
	    "</figcaption></figure>\n", "... the caption in its attribute");
	SHOWS("<figure class=\"wp-block-image\"><img src=\"https://clinic.example/uploads/f.png\" "
	    "alt=\"F\"/><figcaption class=\"wp-element-caption\">Cap <strong>bold</strong> "
	    "<a href=\"/x\">link</a></figcaption></figure>",
	    "![F](</media/9/f.png>)\n*Cap **bold** [link](</x>)*",
	    "<figure>\n<img src=\"/media/9/f.png\" alt=\"F\"><figcaption>Cap <strong>bold</strong> "
	    "<a href=\"/x\">link</a></figcaption>\n</figure>\n",
	    "a block-editor image figure whose caption holds a link: the caption keeps its markup");
	SHOWS("<figure class=\"wp-block-image\"><img src=\"https://clinic.example/uploads/f.png\" "
	    "alt=\"F\"/><figcaption>Cap <strong>bold</strong></figcaption></figure>",
	    "![F](</media/9/f.png> \"Cap bold\")",
	    "<figure><img src=\"/media/9/f.png\" alt=\"F\"><figcaption>Cap bold</figcaption>"
	    "</figure>\n", "... without a link, the caption is the image's title, its text only");
	SHOWS("[caption id=\"a_3\"]<img src=\"https://clinic.example/uploads/c.jpg\" alt=\"Couch\" /> "
	    "From <a href=\"https://example.org/couches\">their shop</a>[/caption]",
	    "![Couch](</media/9/c.jpg>)\n*From [their shop](<https://example.org/couches>)*",
	    "<figure>\n<img src=\"/media/9/c.jpg\" alt=\"Couch\"><figcaption>From <a "
	    "href=\"https://example.org/couches\">their shop</a></figcaption>\n</figure>\n",
	    "a [caption] holding a link keeps it");
	SHOWS("<figure><img src=\"https://clinic.example/uploads/q.png\" alt=\"Q\"><figcaption>"
	    "Say &quot;ah&quot; \\ then *rest* &amp;copy; 1 &lt; 2</figcaption></figure>",
	    "![Q](</media/9/q.png> \"Say \\\"ah\\\" \\\\ then *rest* &amp;copy; 1 < 2\")",
	    "<figure><img src=\"/media/9/q.png\" alt=\"Q\"><figcaption>Say &quot;ah&quot; \\ then "
	    "*rest* &amp;copy; 1 &lt; 2</figcaption></figure>\n",
	    "quotes, backslashes, an entity's ampersand and Markdown in a caption stay its text");
	/* A caption that is not valid UTF-8 (an export that lied about its encoding) would break
	 * the title: cmark replaces a broken sequence with the bytes after it, the closing quote
	 * among them, and the rest of the body would show as raw HTML. */
	conv("<figure><img src=\"https://clinic.example/uploads/b.png\" alt=\"B\"><figcaption>"
	    "Bad \xf7</figcaption></figure><p>After <b>this</b></p>");
	OK(strstr(out.md.data, "(</media/9/b.png>)") != NULL,
	    "a caption that is not UTF-8 is no title: the image stands alone");
	OK(html_out != NULL && strstr(html_out, "<img src=\"/media/9/b.png\"") != NULL &&
	    strstr(html_out, "raw HTML omitted") == NULL, "... and the page has no raw HTML");
	RENDERS("<figure><img src=\"https://elsewhere.example/g.png\" alt=\"Gone\"><figcaption>"
	    "The old sign</figcaption></figure>", "<p>Gone</p>\n<p><em>The old sign</em></p>\n",
	    "a missing image: its alt text, then the caption as a line of its own");
	RENDERS("<figure><a href=\"https://example.org/\">"
	    "<img src=\"https://clinic.example/uploads/l.png\" alt=\"L\"></a>"
	    "<figcaption>Their sign</figcaption></figure>",
	    "<p><a href=\"https://example.org/\"><img src=\"/media/9/l.png\" alt=\"L\" /></a></p>\n"
	    "<p><em>Their sign</em></p>\n",
	    "an image linked elsewhere keeps its link; the caption is a line under it");
	SHOWS("<figure class=\"wp-block-gallery\">"
	    "<img src=\"https://clinic.example/uploads/a.png\" alt=\"A\">"
	    "<img src=\"https://clinic.example/uploads/b.png\" alt=\"B\">"
	    "<figcaption>Both rooms</figcaption></figure>",
	    "![A](</media/9/a.png>)![B](</media/9/b.png>)\n*Both rooms*",
	    "<figure>\n<img src=\"/media/9/a.png\" alt=\"A\"><img src=\"/media/9/b.png\" alt=\"B\">"
	    "<figcaption>Both rooms</figcaption>\n</figure>\n",
	    "a gallery's caption is the caption of a figure of its images");
	SHOWS("<figure class=\"wp-block-gallery has-nested-images columns-default\">\n"
	    "<figure class=\"wp-block-image size-large\"><img src=\"https://clinic.example/uploads/a.png\" "
	    "alt=\"A\"/></figure>\n"
	    "<figure class=\"wp-block-image size-large\"><img src=\"https://clinic.example/uploads/b.png\" "
	    "alt=\"B\"/></figure>\n"
	    "<figcaption class=\"blocks-gallery-caption wp-element-caption\">Both rooms, "
	    "<a href=\"https://clinic.example/rooms/\">see them</a></figcaption></figure>",
	    "![A](</media/9/a.png>)\n![B](</media/9/b.png>)\n*Both rooms, [see them](</rooms/>)*",
	    "<figure>\n<img src=\"/media/9/a.png\" alt=\"A\">\n<img src=\"/media/9/b.png\" alt=\"B\">"
	    "<figcaption>Both rooms, <a href=\"/rooms/\">see them</a></figcaption>\n</figure>\n",
	    "... the block editor's, a figure of figures, its link kept");
	SHOWS("<figure class=\"wp-block-gallery has-nested-images\">"
	    "<figure class=\"wp-block-image\"><img src=\"https://clinic.example/uploads/a.png\" "
	    "alt=\"A\"/><figcaption>Room A</figcaption></figure>"
	    "<figure class=\"wp-block-image\"><img src=\"https://clinic.example/uploads/b.png\" "
	    "alt=\"B\"/></figure><figcaption>Both rooms</figcaption></figure>",
	    "![A](</media/9/a.png> \"Room A\")\n\n![B](</media/9/b.png>)\n\n*Both rooms*",
	    "<figure><img src=\"/media/9/a.png\" alt=\"A\"><figcaption>Room A</figcaption>"
	    "</figure>\n<p><img src=\"/media/9/b.png\" alt=\"B\"></p>\n<p><em>Both rooms</em></p>\n",
	    "... an image captioned on its own keeps its figure; the gallery's caption a line under");
	RENDERS("<figure><img src=\"https://clinic.example/uploads/e.png\" alt=\"E\">"
	    "<figcaption> </figcaption></figure>",
	    "<p><img src=\"/media/9/e.png\" alt=\"E\" /></p>\n",
	    "an empty caption: the image alone");
}

/* "md" as the site shows it, exactly "want". */
#define PAGE(md, want, msg) do {					\
	char *page_ = md_render_images(md, strlen(md), site_image, NULL); \
									\
	STR_EQ(page_, want, msg);					\
	free(page_);							\
} while (0)

/* The site's reading of a caption line, as an author may write it too: only a paragraph of
 * images whose last line is all emphasis makes a figure. */
static void
test_caption_line(void)
{
	PAGE("![A](/a.png) ![B](/b.png)  \n_Two rooms_",
	    "<figure>\n<img src=\"/a.png\" alt=\"A\"> <img src=\"/b.png\" alt=\"B\">"
	    "<figcaption>Two rooms</figcaption>\n</figure>\n",
	    "images, then an emphasised line after a hard break: a figure");
	PAGE("- ![A](/a.png)\n  *In a list*",
	    "<ul>\n<li>\n<figure>\n<img src=\"/a.png\" alt=\"A\"><figcaption>In a list</figcaption>\n"
	    "</figure>\n</li>\n</ul>\n", "... in a list item too");
	PAGE("See ![A](/a.png)\n*not a caption*",
	    "<p>See <img src=\"/a.png\" alt=\"A\">\n<em>not a caption</em></p>\n",
	    "text beside the images: no figure");
	PAGE("![A](/a.png) *same line*",
	    "<p><img src=\"/a.png\" alt=\"A\"> <em>same line</em></p>\n",
	    "emphasis on the images' line: no figure");
	PAGE("![A](/a.png)\n*half* emphasised",
	    "<p><img src=\"/a.png\" alt=\"A\">\n<em>half</em> emphasised</p>\n",
	    "a last line not all emphasis: no figure");
	PAGE("*alone*", "<p><em>alone</em></p>\n", "emphasis without images: no figure");
	PAGE("[![A](/a.png)](/x)\n*linked*",
	    "<p><a href=\"/x\"><img src=\"/a.png\" alt=\"A\"></a>\n<em>linked</em></p>\n",
	    "an image inside a link: no figure");
}

static void
test_dropped(void)
{
	conv("<p style=\"color:red\">Red</p><script>alert(1)</script><style>p{}</style>"
	    "<form><input name=q><button>Go</button></form>"
	    "<iframe src=\"https://www.youtube.com/embed/x\"></iframe><object data=x></object>"
	    "<p><img src=x onerror=alert(1) alt=\"\"></p>");
	LACKS("alert", "no script reaches the page");
	LACKS("<iframe", "no frame");
	LACKS("<form", "no form");
	LACKS("style", "no style");
	LACKS("onerror", "no event handler");
	HAS("<p>Red</p>", "the styled text stays");
	HAS("<a href=\"https://www.youtube.com/embed/x\">", "the frame's address stays as a link");
	OK(warned("dropped <script>"), "warns: script");
	OK(warned("dropped <style>"), "warns: style");
	OK(warned("dropped <form>"), "warns: form");
	OK(warned("dropped <iframe> (www.youtube.com)"), "warns: iframe, with its host");
	OK(warned("dropped <object>"), "warns: object");
	OK(warned("dropped inline styles"), "warns: inline styles");
}

static char *
rep(const char *unit, size_t n)
{
	size_t	 u = strlen(unit), i;
	char	*s = malloc(u * n + 1);

	if (s == NULL)
		abort();
	for (i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

static void
test_hostile(void)
{
	struct buf	 b;
	char		*open_, *close_, *big;

	open_ = rep("<div>", 5000);
	close_ = rep("</div>", 5000);
	buf_init(&b);
	buf_printf(&b, "%sdeep%s", open_, close_);
	conv(b.data);
	INT_EQ(rc, -1, "5000 nested divs are refused");
	OK(warned("nested too deeply"), "... saying why");
	free(open_);
	free(close_);
	buf_free(&b);

	open_ = rep("<blockquote><ul><li>", 30);
	buf_init(&b);
	buf_printf(&b, "%sx", open_);
	conv(b.data);
	OK(rc == 0 || warned("nested too deeply"), "unclosed nested quotes and lists: no crash");
	free(open_);
	buf_free(&b);

	big = rep("a", 1024 * 1024);
	buf_init(&b);
	buf_printf(&b, "<p><a href=\"https://x.example/%s\">long</a> <img src=\"https://clinic."
	    "example/uploads/x.jpg\" alt=\"%s\"></p>", big, big);
	conv(b.data);
	OK(rc == 0, "a 1 MiB attribute converts");
	HAS("<p>long ", "... a link too long is dropped, its text kept");
	buf_free(&b);
	free(big);

	conv("<p><b>unclosed <i>tags</p><ul><li>x<li>y</ul></table></td><p>after");
	OK(rc == 0, "broken HTML converts");
	HAS("<strong>unclosed <em>tags</em></strong>", "... as a browser would read it");
	HAS("<li>y</li>", "... its list items");
	HAS("after", "... and what follows");

	conv("<p>\xff\xfe bad bytes \xc3</p>");
	OK(rc == 0 && html_out != NULL, "invalid UTF-8 converts");

	conv("[caption]never closed <img src=x> [gallery ids=\"1\" [embed]");
	OK(rc == 0, "broken shortcodes convert");

	big = rep("[", 100000);
	conv(big);
	OK(rc == 0, "100000 brackets convert");
	free(big);

	big = malloc(HTML2MD_MAX_INPUT + 2);
	if (big == NULL)
		abort();
	memset(big, 'a', HTML2MD_MAX_INPUT + 1);
	big[HTML2MD_MAX_INPUT + 1] = '\0';
	conv(big);
	INT_EQ(rc, -1, "more than 8 MiB is refused");
	free(big);
}

static void
test_first_text(void)
{
	conv("<h2>Head</h2><p>First <b>para</b>. Second.</p><p>Next</p>");
	STR_EQ(out.first_text, "First para. Second.", "the first paragraph's text, for a summary");
	conv("<ul><li>Item</li></ul><p>Para.</p>");
	STR_EQ(out.first_text, "Para.", "a list item is not the first paragraph");
}

int
main(void)
{
	test_text();
	test_autop();
	test_blocks();
	test_inline();
	test_wordpress();
	test_captions();
	test_caption_line();
	test_dropped();
	test_hostile();
	test_first_text();
	html2md_free(&out);
	free(html_out);
	return harness_done("test-html2md");
}
