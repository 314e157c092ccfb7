/* SPDX-License-Identifier: ISC */
/* test-tmpl.c: unit tests for the template engine: output of each construct, every load error
 * with its FILE:LINE, the limits, hostile input and the generation hash. */
#include "config.h"

#include <sys/stat.h>

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "tmpl.h"
#include "util.h"

#include "harness.h"

/* The caller's name table, as a handler would declare it. */
enum name {
	N_TITLE,
	N_BODY,
	N_SITE,
	N_SHOW,
	N_POSTS,
	N_POST_TITLE,
	N_TAGS,
	N_TAG,
	N_EMPTY,
	N__MAX
};

static const char *const names[N__MAX] = {
	"title",	/* N_TITLE */
	"body",		/* N_BODY */
	"site",		/* N_SITE */
	"show",		/* N_SHOW */
	"posts",	/* N_POSTS */
	"post.title",	/* N_POST_TITLE */
	"tags",		/* N_TAGS */
	"tag",		/* N_TAG */
	"empty_1",	/* N_EMPTY */
};

static char	 dir[] = "/tmp/test-tmpl.XXXXXX";
static char	 err[512];

static void	 put_n(const char *, const char *, size_t);
static void	 put(const char *, const char *);
static void	 putf(const char *, const char *, ...) __attribute__((format(printf, 2, 3)));
static struct tmpl_set *load1(const char *);
static const char *load_err(const char *, const char *);
static char	*render(const struct tmpl_set *, int, const struct tmpl_scope *);
static char	*render_src(const char *, void (*)(struct tmpl_scope *));
static int	 rm_entry(const char *, const struct stat *, int, struct FTW *);
static void	 rmtree(void);
static void	 test_escaping(void);
static void	 test_conditionals(void);
static void	 test_each(void);
static void	 test_includes(void);
static void	 test_syntax_errors(void);
static void	 test_limits(void);
static void	 test_hostile(void);
static void	 test_generation(void);
static void	 test_scope_api(void);

/* Writes "len" bytes to "rel" under the test directory, making "partials/" if needed. */
static void
put_n(const char *rel, const char *data, size_t len)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/partials", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((f = fopen(path, "wb")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void
put(const char *rel, const char *data)
{
	put_n(rel, data, strlen(data));
}

static void
putf(const char *rel, const char *fmt, ...)
{
	struct buf	 b;
	va_list		 ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	put_n(rel, b.data, b.len);
	buf_free(&b);
}

static struct tmpl_set *
load1(const char *file)
{
	return tmpl_load(dir, &file, 1, names, N__MAX, err, sizeof(err));
}

/* Writes "src" as t.html, expects the load to fail, and returns the message. */
static const char *
load_err(const char *file, const char *src)
{
	struct tmpl_set	*set;

	if (src != NULL)
		put(file, src);
	if ((set = load1(file)) != NULL) {
		tmpl_free(set);
		return "(loaded)";
	}
	return err;
}

/* Returns the rendering as a malloc'd string, or "(error)" copied likewise. */
static char *
render(const struct tmpl_set *set, int file, const struct tmpl_scope *scope)
{
	struct buf	 b;

	buf_init(&b);
	if (tmpl_render(set, file, scope, &b) == -1) {
		buf_free(&b);
		return xstrdup("(error)");
	}
	return buf_detach(&b);
}

/* Loads "src" as t.html, fills a root scope with "fill", and renders; caller frees. */
static char *
render_src(const char *src, void (*fill)(struct tmpl_scope *))
{
	struct tmpl_set		*set;
	struct tmpl_scope	*scope;
	char			*out;

	put("t.html", src);
	if ((set = load1("t.html")) == NULL) {
		fprintf(stderr, "load: %s\n", err);
		return xstrdup("(load failed)");
	}
	scope = tmpl_scope_new(set);
	if (fill != NULL)
		fill(scope);
	out = render(set, 0, scope);
	tmpl_scope_free(scope);
	tmpl_free(set);
	return out;
}

#define CHECK_RENDER(src, fill, want) do {				\
	char *check_out = render_src((src), (fill));			\
	STR_EQ(check_out, (want), (src));				\
	free(check_out);						\
} while (0)

#define CHECK_ERR(src, want) STR_EQ(load_err("t.html", (src)), (want), (src))

static const char	*hostile = "<script>alert(\"x\" + 'y')</script>&amp;";

static void
fill_hostile(struct tmpl_scope *s)
{
	tmpl_set_str(s, N_TITLE, hostile);
}

static void
test_escaping(void)
{
	struct buf	 want;
	char		*out;

	out = render_src("<p>{{title}}</p>", fill_hostile);
	OK(strstr(out, "<script") == NULL, "no raw <script> by default");
	OK(strchr(out + 3, '"') == NULL && strchr(out, '\'') == NULL, "quotes escaped");
	OK(strstr(out, "&lt;script&gt;") != NULL, "< and > escaped");
	OK(strstr(out, "&amp;amp;") != NULL, "& escaped");
	OK(strstr(out, "&quot;x&quot;") != NULL, "\" escaped");
	buf_init(&want);
	buf_puts(&want, "<p>");
	html_escape(&want, hostile, strlen(hostile));
	buf_puts(&want, "</p>");
	STR_EQ(out, want.data, "default filter is html_escape");
	free(out);

	CHECK_RENDER("{{ title }}|{{title|raw}}", fill_hostile,
	    "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt;&amp;amp;|"
	    "<script>alert(\"x\" + 'y')</script>&amp;");

	buf_reset(&want);
	buf_puts(&want, "\"");
	html_escape_json(&want, hostile, strlen(hostile));
	buf_puts(&want, "\"");
	CHECK_RENDER("\"{{title|json}}\"", fill_hostile, want.data);
	OK(strstr(want.data, "</script") == NULL, "json output cannot close <script>");

	buf_reset(&want);
	html_escape_url(&want, hostile, strlen(hostile));
	CHECK_RENDER("{{title|url}}", fill_hostile, want.data);
	OK(strpbrk(want.data, "<>\"' &") == NULL, "url output has no specials");

	buf_reset(&want);
	html_escape_xml(&want, hostile, strlen(hostile));
	CHECK_RENDER("{{title|xml}}", fill_hostile, want.data);
	buf_free(&want);

	CHECK_RENDER("[{{title}}]", NULL, "[]");
	CHECK_RENDER("plain text only", NULL, "plain text only");
	CHECK_RENDER("", NULL, "");
}

static void
fill_cond(struct tmpl_scope *s)
{
	struct tmpl_scope	*item;

	tmpl_set_bool(s, N_SHOW, 1);
	tmpl_set_str(s, N_TITLE, "T");
	tmpl_set_str(s, N_EMPTY, "");
	tmpl_set_bool(s, N_BODY, 0);
	item = tmpl_list_add(s, N_POSTS);
	tmpl_set_str(item, N_POST_TITLE, "p");
}

static void
test_conditionals(void)
{
	CHECK_RENDER("{{#if show}}yes{{#else}}no{{/if}}", fill_cond, "yes");
	CHECK_RENDER("{{#if body}}yes{{#else}}no{{/if}}", fill_cond, "no");
	CHECK_RENDER("{{#if site}}yes{{#else}}no{{/if}}", fill_cond, "no");
	CHECK_RENDER("{{#if title}}yes{{/if}}", fill_cond, "yes");
	CHECK_RENDER("{{#if empty_1}}yes{{/if}}.", fill_cond, ".");
	CHECK_RENDER("{{#if posts}}list{{/if}}", fill_cond, "list");
	CHECK_RENDER("{{#if tags}}list{{#else}}none{{/if}}", fill_cond, "none");
	CHECK_RENDER("{{#unless show}}a{{/unless}}b", fill_cond, "b");
	CHECK_RENDER("{{#unless body}}a{{/unless}}b", fill_cond, "ab");
	CHECK_RENDER("{{#unless site}}a{{#else}}c{{/unless}}b", fill_cond, "ab");
	CHECK_RENDER("{{#unless show}}a{{#else}}c{{/unless}}b", fill_cond, "cb");
	CHECK_RENDER("<{{#if show}}{{#if body}}1{{#else}}2{{/if}}{{#else}}3{{/if}}>", fill_cond,
	    "<2>");
	CHECK_RENDER("{{#if show}}{{/if}}{{#if body}}{{#else}}{{/if}}x", fill_cond, "x");
	CHECK_RENDER("{{#if  show\n}}a{{#else   }}b{{/if }}", fill_cond, "a");
}

static void
fill_each(struct tmpl_scope *s)
{
	struct tmpl_scope	*post, *tag;
	int			 i, j;

	tmpl_set_str(s, N_SITE, "S");
	tmpl_set_str(s, N_TITLE, "root");
	tmpl_set_bool(s, N_SHOW, 1);
	for (i = 0; i < 3; i++) {
		post = tmpl_list_add(s, N_POSTS);
		tmpl_set_printf(post, N_POST_TITLE, "p%d", i);
		if (i == 1) {
			tmpl_set_str(post, N_TITLE, "own");
			tmpl_set_bool(post, N_SHOW, 0);
		}
		for (j = 0; j < i; j++) {
			tag = tmpl_list_add(post, N_TAGS);
			tmpl_set_printf(tag, N_TAG, "t%d%d", i, j);
		}
	}
}

/* The inner list lives in the root, not in the outer item. */
static void
fill_cross(struct tmpl_scope *s)
{
	struct tmpl_scope	*item;

	item = tmpl_list_add(s, N_POSTS);
	tmpl_set_str(item, N_POST_TITLE, "A");
	item = tmpl_list_add(s, N_POSTS);
	tmpl_set_str(item, N_POST_TITLE, "B");
	tmpl_set_str(tmpl_list_add(s, N_TAGS), N_TAG, "x");
	tmpl_set_str(tmpl_list_add(s, N_TAGS), N_TAG, "y");
}

static void
test_each(void)
{
	CHECK_RENDER("{{#each posts}}[{{post.title}}]{{/each}}", fill_each, "[p0][p1][p2]");
	CHECK_RENDER("{{#each posts}}{{site}}{{title}}{{#if show}}+{{/if}},{{/each}}{{title}}",
	    fill_each, "Sroot+,Sown,Sroot+,root");
	CHECK_RENDER("{{#each posts}}{{post.title}}:{{#each tags}}{{tag}}/{{post.title}}/{{site}} "
	    "{{#else}}none{{/each}};{{/each}}", fill_each,
	    "p0:none;p1:t10/p1/S ;p2:t20/p2/S t21/p2/S ;");
	CHECK_RENDER("{{#each posts}}{{#each tags}}{{post.title}}{{tag}} {{/each}}{{/each}}",
	    fill_cross, "Ax Ay Bx By ");
	CHECK_RENDER("{{#each tags}}x{{#else}}empty{{/each}}.", fill_each, "empty.");
	CHECK_RENDER("{{#each site}}x{{#else}}not a list{{/each}}", fill_each, "not a list");
	CHECK_RENDER("{{#each tags}}x{{/each}}.", NULL, ".");
	CHECK_RENDER("{{#each posts}}{{#else}}e{{/each}}", fill_each, "");
	CHECK_RENDER("{{posts}}{{show}}.", fill_each, ".");
}

static void
test_includes(void)
{
	struct tmpl_set		*set;
	struct tmpl_scope	*scope;
	const char		*files[] = { "a.html", "b.html" };
	char			*out;

	put("partials/footer.html", "<footer>{{site}}</footer>");
	put("partials/item.html", "<li>{{post.title}}{{> partials/footer.html}}</li>");
	CHECK_RENDER("x{{> partials/footer.html}}y", fill_each, "x<footer>S</footer>y");
	CHECK_RENDER("{{#each posts}}{{>partials/item.html}}{{/each}}", fill_each,
	    "<li>p0<footer>S</footer></li><li>p1<footer>S</footer></li>"
	    "<li>p2<footer>S</footer></li>");
	CHECK_RENDER("{{#if show}}{{>  partials/footer.html }}{{/if}}", fill_each,
	    "<footer>S</footer>");

	/* Two top-level templates share a partial; each renders by its index. */
	put("a.html", "A{{> partials/footer.html}}");
	put("b.html", "B{{> partials/footer.html}}{{> partials/footer.html}}");
	set = tmpl_load(dir, files, 2, names, N__MAX, err, sizeof(err));
	OK(set != NULL, err);
	if (set == NULL)
		return;
	scope = tmpl_scope_new(set);
	tmpl_set_str(scope, N_SITE, "s");
	out = render(set, 1, scope);
	STR_EQ(out, "B<footer>s</footer><footer>s</footer>", "second template");
	free(out);
	out = render(set, 0, scope);
	STR_EQ(out, "A<footer>s</footer>", "first template");
	free(out);
	out = render(set, 2, scope);
	STR_EQ(out, "(error)", "template index out of range");
	free(out);
	out = render(set, -1, NULL);
	STR_EQ(out, "(error)", "negative template index");
	free(out);
	out = render(set, 0, NULL);
	STR_EQ(out, "A<footer></footer>", "NULL scope renders with nothing set");
	free(out);
	tmpl_scope_free(scope);
	tmpl_free(set);
}

static void
test_syntax_errors(void)
{
	CHECK_ERR("a\nb {{title", "t.html:2: unterminated tag");
	CHECK_ERR("a\n\n{{! comment", "t.html:3: unterminated tag");
	CHECK_ERR("{{title}\n}", "t.html:1: unterminated tag");
	CHECK_ERR("{{#if show}}\n{{/each}}", "t.html:2: {{/each}} closes {{#if}} of line 1");
	CHECK_ERR("x\n{{#if show}}\n{{#each posts}}{{/each}}\n",
	    "t.html:2: {{#if}} is not closed in this file");
	CHECK_ERR("{{#each posts}}\n{{#unless show}}\n", "t.html:2: {{#unless}} is not closed "
	    "in this file");
	CHECK_ERR("\n\n{{/if}}", "t.html:3: stray {{/if}}");
	CHECK_ERR("{{#if show}}{{/if}}\n{{/each}}", "t.html:2: stray {{/each}}");
	CHECK_ERR("{{/with}}", "t.html:1: unknown closing tag \"{{/with}}\"");
	CHECK_ERR("a\n{{#else}}", "t.html:2: {{#else}} outside a block");
	CHECK_ERR("{{#if show}}{{#else}}\n{{#else}}{{/if}}",
	    "t.html:2: second {{#else}} in {{#if}} of line 1");
	CHECK_ERR("{{#if show}}{{#else show}}{{/if}}", "t.html:1: {{#else}} takes no name");
	CHECK_ERR("{{#with show}}{{/with}}", "t.html:1: unknown block \"{{#with\"");
	CHECK_ERR("{{#}}", "t.html:1: unknown block \"{{#\"");
	CHECK_ERR("{{#if_x}}", "t.html:1: expected a space after {{#if");
	CHECK_ERR("{{}}", "t.html:1: empty tag");
	CHECK_ERR("\n{{  }}", "t.html:2: empty tag");
	CHECK_ERR("{{|raw}}", "t.html:1: empty name");
	CHECK_ERR("{{#if }}{{/if}}", "t.html:1: empty name in {{#if}}");
	CHECK_ERR("{{#each}}{{/each}}", "t.html:1: empty name in {{#each}}");
	CHECK_ERR("{{Title}}", "t.html:1: invalid character 'T' in name");
	CHECK_ERR("{{ti-tle}}", "t.html:1: invalid character '-' in name");
	CHECK_ERR("{{title |raw}}", "t.html:1: invalid character ' ' in name");
	CHECK_ERR("{{#if a b}}{{/if}}", "t.html:1: invalid character ' ' in name");
	CHECK_ERR("{{\xff}}", "t.html:1: invalid character '\\xff' in name");
	CHECK_ERR("ok\n{{nope}}", "t.html:2: unknown name \"nope\"");
	CHECK_ERR("{{#each nope}}{{/each}}", "t.html:1: unknown name \"nope\"");
	CHECK_ERR("{{title|upper}}", "t.html:1: unknown filter \"upper\"");
	CHECK_ERR("{{title|}}", "t.html:1: unknown filter \"\"");
	CHECK_ERR("{{title|raw|json}}", "t.html:1: unknown filter \"raw|json\"");
	CHECK_ERR("{{title| raw}}", "t.html:1: unknown filter \" raw\"");
	/* Lines keep counting through multi-line tags and comments. */
	CHECK_ERR("{{! one\ntwo\nthree }}\n{{#if\nshow}}\n{{bad-}}{{/if}}",
	    "t.html:6: invalid character '-' in name");

	/* Errors inside a partial name the partial and its own line. */
	put("partials/bad.html", "fine\n{{title}}\n{{#if show}}{{/each}}");
	CHECK_ERR("line1\n{{> partials/bad.html}}",
	    "partials/bad.html:3: {{/each}} closes {{#if}} of line 3");
	put("partials/open.html", "\n{{#if show}}");
	CHECK_ERR("{{> partials/open.html}}{{/if}}",
	    "partials/open.html:2: {{#if}} is not closed in this file");
	put("partials/close.html", "{{#else}}\n{{/if}}");
	CHECK_ERR("{{#if show}}{{> partials/close.html}}{{/if}}",
	    "partials/close.html:1: {{#else}} outside a block");
	put("partials/close.html", "\n{{/if}}");
	CHECK_ERR("{{#if show}}{{> partials/close.html}}",
	    "partials/close.html:2: stray {{/if}}");
	CHECK_ERR("\n\n{{> partials/missing.html}}",
	    "t.html:3: partials/missing.html: No such file or directory");
	CHECK_ERR("{{> partials}}", "t.html:1: partials: not a regular file");
	STR_EQ(load_err("missing.html", NULL), "missing.html: No such file or directory",
	    "missing top-level template");
}

static void
test_limits(void)
{
	struct buf	 b;
	char		 name[TMPL_MAX_DEPTH + 8], *big;
	int		 i;

	/* Block nesting: 32 is fine, 33 is not, counted across includes. */
	buf_init(&b);
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&b, "{{#if show}}\n");
	buf_puts(&b, "deep");
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&b, "{{/if}}");
	memset(name, '\n', TMPL_MAX_DEPTH);
	strcpy(name + TMPL_MAX_DEPTH, "deep");
	CHECK_RENDER(b.data, fill_cond, name);
	buf_reset(&b);
	for (i = 0; i < TMPL_MAX_DEPTH + 1; i++)
		buf_puts(&b, "{{#if show}}\n");
	for (i = 0; i < TMPL_MAX_DEPTH + 1; i++)
		buf_puts(&b, "{{/if}}");
	CHECK_ERR(b.data, "t.html:33: blocks nested deeper than 32");
	buf_reset(&b);
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&b, "{{#each posts}}");
	buf_puts(&b, "{{> partials/if.html}}");
	for (i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&b, "{{/each}}");
	put("partials/if.html", "\n{{#if show}}{{/if}}");
	CHECK_ERR(b.data, "partials/if.html:2: blocks nested deeper than 32");
	buf_free(&b);

	/* Include depth: t.html -> i1 -> ... -> i8 is fine, one more is not. */
	for (i = 1; i <= TMPL_MAX_INCLUDE; i++) {
		snprintf(name, sizeof(name), "partials/i%d.html", i);
		if (i < TMPL_MAX_INCLUDE)
			putf(name, "%d{{> partials/i%d.html}}", i, i + 1);
		else
			putf(name, "%d", i);
	}
	CHECK_RENDER("0{{> partials/i1.html}}", NULL, "012345678");
	putf("partials/i8.html", "8\n{{> partials/i9.html}}");
	put("partials/i9.html", "9");
	CHECK_ERR("0{{> partials/i1.html}}", "partials/i8.html:2: includes nested deeper than 8");

	/* Fan-out: seven levels of ten includes would make 10^7 ops. */
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "partials/f%d.html", i);
		if (i < 7)
			putf(name, "{{> partials/f%d.html}}{{> partials/f%d.html}}"
			    "{{> partials/f%d.html}}{{> partials/f%d.html}}"
			    "{{> partials/f%d.html}}{{> partials/f%d.html}}"
			    "{{> partials/f%d.html}}{{> partials/f%d.html}}"
			    "{{> partials/f%d.html}}{{> partials/f%d.html}}",
			    i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1);
		else
			put(name, "x");
	}
	OK(strstr(load_err("partials/f0.html", NULL), "more than 1048576 ops") != NULL,
	    "op limit stops include fan-out");

	/* Cycles, including a file that includes itself. */
	put("a.html", "{{> partials/b.html}}");
	put("partials/b.html", "\n{{> a.html}}");
	STR_EQ(load_err("a.html", NULL),
	    "partials/b.html:2: include cycle: a.html -> partials/b.html -> a.html", "cycle");
	CHECK_ERR("{{#if show}}{{/if}}{{> t.html}}", "t.html:1: include cycle: t.html -> t.html");
	put("partials/c.html", "{{> partials/c.html}}");
	CHECK_ERR("{{> partials/c.html}}",
	    "partials/c.html:1: include cycle: partials/c.html -> partials/c.html");

	/* Paths that leave the directory are refused before anything is opened. */
	CHECK_ERR("{{> ../etc/passwd}}", "t.html:1: bad include path \"../etc/passwd\": must be "
	    "relative, without \"..\", of [A-Za-z0-9._/-]");
	CHECK_ERR("{{> /etc/passwd}}", "t.html:1: bad include path \"/etc/passwd\": must be "
	    "relative, without \"..\", of [A-Za-z0-9._/-]");
	CHECK_ERR("{{> partials/../t.html}}", "t.html:1: bad include path \"partials/../t.html\": "
	    "must be relative, without \"..\", of [A-Za-z0-9._/-]");
	CHECK_ERR("{{> a b}}", "t.html:1: bad include path \"a b\": must be "
	    "relative, without \"..\", of [A-Za-z0-9._/-]");
	CHECK_ERR("{{>}}", "t.html:1: empty include path");
	STR_EQ(load_err("../t.html", NULL), "../t.html: bad template path", "top-level ..");
	STR_EQ(load_err("/etc/passwd", NULL), "/etc/passwd: bad template path", "top-level /");

	/* File size: exactly the limit loads, one byte more does not. */
	big = xmalloc(TMPL_MAX_FILE + 1);
	memset(big, 'a', TMPL_MAX_FILE + 1);
	put_n("big.html", big, TMPL_MAX_FILE);
	STR_EQ(load_err("big.html", NULL), "(loaded)", "file of exactly the limit");
	put_n("big.html", big, TMPL_MAX_FILE + 1);
	STR_EQ(load_err("big.html", NULL), "big.html: larger than 1048576 bytes", "big file");
	CHECK_ERR("{{> big.html}}", "t.html:1: big.html: larger than 1048576 bytes");
	free(big);

	/* Tag length: 256 bytes inside the braces is fine, 257 is not; comments are exempt. */
	buf_init(&b);
	buf_puts(&b, "{{");
	for (i = 0; i < TMPL_MAX_TAG; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "}}");
	CHECK_ERR(b.data, "t.html:1: unknown name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"");
	buf_reset(&b);
	buf_puts(&b, "\n{{ ");
	for (i = 0; i < TMPL_MAX_TAG; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "}}");
	CHECK_ERR(b.data, "t.html:2: tag longer than 256 bytes");
	buf_reset(&b);
	buf_puts(&b, "{{!");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, 'c');
	buf_puts(&b, "}}ok");
	CHECK_RENDER(b.data, NULL, "ok");
	buf_free(&b);
}

static void
test_hostile(void)
{
	CHECK_ERR("{{", "t.html:1: unterminated tag");
	CHECK_ERR("text {{", "t.html:1: unterminated tag");
	CHECK_ERR("a\n{{{{{{{{", "t.html:2: unterminated tag");
	CHECK_ERR("{{{title}}}", "t.html:1: invalid character '{' in name");
	CHECK_ERR("{{ {{title}}", "t.html:1: invalid character '{' in name");
	CHECK_RENDER("}}", NULL, "}}");
	CHECK_RENDER("a }} b {", NULL, "a }} b {");
	CHECK_RENDER("{ {title} }{", fill_cond, "{ {title} }{");
	CHECK_RENDER("{{title}}}}}", fill_cond, "T}}}");
	CHECK_RENDER("{{!}}x{{!-- }}y", NULL, "xy");
	CHECK_RENDER("{{ ! spaced comment }}z", NULL, "z");
	CHECK_RENDER("\r\n{{title}}\r\n", fill_cond, "\r\nT\r\n");

	put_n("t.html", "ok\nbad\0byte", 11);
	STR_EQ(load_err("t.html", NULL), "t.html:2: NUL byte in template", "NUL byte");
	put_n("partials/nul.html", "\n\n\0", 3);
	CHECK_ERR("{{> partials/nul.html}}", "partials/nul.html:3: NUL byte in template");
	put_n("t.html", "{{ti\0tle}}", 10);
	STR_EQ(load_err("t.html", NULL), "t.html:1: NUL byte in template", "NUL in tag");
}

static void
test_generation(void)
{
	struct tmpl_set	*set;
	uint64_t	 g1, g2, g3;

	put("partials/g.html", "one");
	put("t.html", "{{> partials/g.html}}");
	set = load1("t.html");
	OK(set != NULL, err);
	g1 = set ? tmpl_generation(set) : 0;
	tmpl_free(set);

	set = load1("t.html");
	g2 = set ? tmpl_generation(set) : 1;
	tmpl_free(set);
	OK(g1 == g2, "same files, same generation");

	put("partials/g.html", "two");
	set = load1("t.html");
	g3 = set ? tmpl_generation(set) : g1;
	tmpl_free(set);
	OK(g3 != g1, "a changed partial changes the generation");

	put("partials/g.html", "one");
	put("t.html", "{{> partials/g.html}} ");
	set = load1("t.html");
	g3 = set ? tmpl_generation(set) : g1;
	tmpl_free(set);
	OK(g3 != g1, "a changed top-level file changes the generation");
}

static void
test_scope_api(void)
{
	struct tmpl_set		*set, *other;
	struct tmpl_scope	*root, *item;
	struct buf		 b;
	char			*out, *owned;

	put("t.html", "[{{title}}|{{body|raw}}|{{#each posts}}<{{title}}>{{/each}}|"
	    "{{#if show}}on{{#else}}off{{/if}}]");
	set = load1("t.html");
	other = load1("t.html");
	OK(set != NULL && other != NULL, err);
	if (set == NULL || other == NULL) {
		tmpl_free(set);
		tmpl_free(other);
		return;
	}
	root = tmpl_scope_new(set);
	tmpl_set_str(root, N_TITLE, "first");
	tmpl_set_str(root, N_TITLE, "second");
	tmpl_set_strn(root, N_BODY, "a<b>cdef", 4);
	tmpl_list_add(root, N_POSTS);
	item = tmpl_list_add(root, N_POSTS);
	tmpl_set_printf(item, N_TITLE, "%s-%d", "x", 7);
	out = render(set, 0, root);
	STR_EQ(out, "[second|a<b>|<second><x-7>|off]", "replace, strn, printf, fallback");
	free(out);

	/* Unsetting in an item falls back to the parent again; lists and bools replace too. */
	tmpl_set_str(item, N_TITLE, NULL);
	tmpl_set_bool(root, N_SHOW, 1);
	owned = xstrdup("<i>cmark</i>");
	tmpl_set_raw_owned(root, N_BODY, owned, strlen(owned));
	out = render(set, 0, root);
	STR_EQ(out, "[second|<i>cmark</i>|<second><second>|on]", "unset, bool, raw_owned");
	free(out);
	/* join and int: the printf-free setters the list pages use. */
	tmpl_set_join(item, N_TITLE, "/articles/", "a&b");
	tmpl_set_int(root, N_BODY, -9223372036854775807LL - 1);
	out = render(set, 0, root);
	STR_EQ(out, "[second|-9223372036854775808|<second></articles/a&amp;b>|on]",
	    "join is escaped like any string; int prints the smallest value");
	free(out);
	tmpl_set_join(item, N_TITLE, "/topics/", NULL);
	tmpl_set_int(root, N_BODY, 0);
	out = render(set, 0, root);
	STR_EQ(out, "[second|0|<second><second>|on]", "join with NULL unsets; int 0");
	free(out);
	tmpl_set_int(root, N_BODY, 4096);
	tmpl_set_join(item, N_TITLE, "", "");
	out = render(set, 0, root);
	STR_EQ(out, "[second|4096|<second><>|on]", "int 4096; join of two empty strings");
	free(out);
	tmpl_set_str(item, N_TITLE, NULL);
	tmpl_set_raw_owned(root, N_BODY, xstrdup("<i>cmark</i>"), 12);

	tmpl_set_str(root, N_POSTS, "now a string");
	tmpl_set_bool(root, N_TITLE, 1);
	tmpl_set_raw_owned(root, N_BODY, NULL, 0);
	tmpl_list_add(root, N_SHOW);
	out = render(set, 0, root);
	STR_EQ(out, "[|||on]", "lists replaced by strings and bools by lists");
	free(out);

	/* Caller bugs are logged and ignored rather than crashing the worker. */
	tmpl_set_str(root, N__MAX, "x");
	tmpl_set_str(root, -1, "x");
	tmpl_set_raw_owned(root, 99, xstrdup("leak?"), 5);
	OK(tmpl_list_add(root, N__MAX) == NULL, "bad name gives NULL item");
	tmpl_set_str(tmpl_list_add(NULL, N_POSTS), N_TITLE, "x");
	tmpl_scope_free(tmpl_list_add(root, N_POSTS));
	tmpl_scope_free(NULL);
	tmpl_free(NULL);

	/* A failed render leaves the output untouched. */
	buf_init(&b);
	buf_puts(&b, "kept");
	INT_EQ(tmpl_render(other, 0, root, &b), -1, "scope of another set");
	STR_EQ(b.data, "kept", "output untouched on error");
	INT_EQ(tmpl_render(set, 0, root, &b), 0, "render appends");
	STR_EQ(b.data, "kept[||<>|on]", "render appends to existing output");
	buf_free(&b);

	tmpl_scope_free(root);
	tmpl_free(set);
	tmpl_free(other);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
rmtree(void)
{
	if (nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_escaping();
	test_conditionals();
	test_each();
	test_includes();
	test_syntax_errors();
	test_limits();
	test_hostile();
	test_generation();
	test_scope_api();
	rmtree();
	return harness_done("test-tmpl");
}
