/* SPDX-License-Identifier: ISC */
/* fuzz-md.c: Markdown to HTML through md_render(), with cmark's safe options exactly as
 * visitors get them. Output oracle, on every tag of the HTML: no <script (nor <iframe,
 * <object, <embed, <style, <base, <meta, <form, <svg, <math), no attribute whose name starts
 * with "on", and no href/src whose URL, read the way a browser reads it (entities decoded,
 * leading spaces and controls dropped, tabs and newlines removed, case ignored), starts with
 * javascript:, vbscript: or data: other than an image. The same oracle on
 * md_render_images(), which swaps library images (and a figure's caption) for HTML of its
 * own. Also md_reading_minutes() against a plain reference count. */
#include "config.h"

#include <ctype.h>

#include "fuzz.h"
#include "html.h"
#include "meridian.h"

static int
ieq_prefix(const char *s, size_t n, const char *lit)
{
	size_t	 i, l = strlen(lit);

	if (n < l)
		return 0;
	for (i = 0; i < l; i++)
		if (tolower((unsigned char)s[i]) != lit[i])
			return 0;
	return 1;
}

/* Decodes the character references a browser would in "v", appending UTF-8-ish bytes. */
static size_t
decode_attr(const char *v, size_t n, char *out, size_t max)
{
	size_t		 i = 0, o = 0, j;
	unsigned long	 cp;

	while (i < n && o + 4 < max) {
		if (v[i] != '&') {
			out[o++] = v[i++];
			continue;
		}
		if (i + 1 < n && v[i + 1] == '#') {
			j = i + 2;
			cp = 0;
			if (j < n && (v[j] == 'x' || v[j] == 'X')) {
				for (j++; j < n && isxdigit((unsigned char)v[j]); j++)
					cp = cp * 16 + (unsigned long)(isdigit((unsigned char)v[j]) ?
					    v[j] - '0' : (tolower((unsigned char)v[j]) - 'a' + 10));
			} else
				for (; j < n && isdigit((unsigned char)v[j]); j++)
					cp = cp * 10 + (unsigned long)(v[j] - '0');
			if (j < n && v[j] == ';')
				j++;
			out[o++] = cp < 0x80 ? (char)cp : '?';
			i = j;
			continue;
		}
		if (ieq_prefix(v + i, n - i, "&amp;")) { out[o++] = '&'; i += 5; }
		else if (ieq_prefix(v + i, n - i, "&quot;")) { out[o++] = '"'; i += 6; }
		else if (ieq_prefix(v + i, n - i, "&lt;")) { out[o++] = '<'; i += 4; }
		else if (ieq_prefix(v + i, n - i, "&gt;")) { out[o++] = '>'; i += 4; }
		else if (ieq_prefix(v + i, n - i, "&colon;")) { out[o++] = ':'; i += 7; }
		else if (ieq_prefix(v + i, n - i, "&tab;")) { out[o++] = '\t'; i += 5; }
		else if (ieq_prefix(v + i, n - i, "&newline;")) { out[o++] = '\n'; i += 9; }
		else out[o++] = v[i++];
	}
	return o;
}

static void
check_url(const char *v, size_t n, const char *html)
{
	char	 dec[4096], clean[4096];
	size_t	 dn, cn = 0, i;

	dn = decode_attr(v, n, dec, sizeof(dec));
	for (i = 0; i < dn && (unsigned char)dec[i] <= 0x20; i++)
		;
	for (; i < dn; i++)
		if (dec[i] != '\t' && dec[i] != '\n' && dec[i] != '\r')
			clean[cn++] = (char)tolower((unsigned char)dec[i]);
	if (ieq_prefix(clean, cn, "javascript:") || ieq_prefix(clean, cn, "vbscript:") ||
	    (ieq_prefix(clean, cn, "data:") && !ieq_prefix(clean, cn, "data:image/png") &&
	    !ieq_prefix(clean, cn, "data:image/gif") &&
	    !ieq_prefix(clean, cn, "data:image/jpeg") &&
	    !ieq_prefix(clean, cn, "data:image/webp"))) {
		fprintf(stderr, "dangerous URL [%.*s] in:\n%s\n", (int)n, v, html);
		FUZZ_CHECK(0, "no javascript:, vbscript: or data:text URL");
	}
}

static void
check_html(const char *html)
{
	static const char *const bad_tags[] = { "script", "iframe", "object", "embed",
	    "style", "base", "meta", "form", "svg", "math", "link" };
	const char	*p = html, *name, *val;
	size_t		 nlen, vlen, i, len = strlen(html);
	char		 q;

	for (i = 0; i + 7 <= len; i++)
		FUZZ_CHECK(!ieq_prefix(html + i, len - i, "<script"), "no <script");
	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '!') {		/* <!-- raw HTML omitted --> */
			FUZZ_CHECK(strncmp(p, "!-- raw HTML omitted -->", 24) == 0,
			    "the only comment is cmark's placeholder");
			continue;
		}
		if (*p == '/')
			p++;
		name = p;
		while (isalnum((unsigned char)*p))
			p++;
		nlen = (size_t)(p - name);
		FUZZ_CHECK(nlen > 0, "a '<' in the output starts a tag");
		for (i = 0; i < sizeof(bad_tags) / sizeof(bad_tags[0]); i++)
			FUZZ_CHECK(!(nlen == strlen(bad_tags[i]) &&
			    ieq_prefix(name, nlen, bad_tags[i])), "no active-content tag");
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '/')
				p++;
			if (*p == '>' || *p == '\0')
				break;
			name = p;
			while (*p != '\0' && *p != '=' && *p != '>' && *p != ' ' && *p != '/' &&
			    *p != '\t' && *p != '\n')
				p++;
			nlen = (size_t)(p - name);
			if (ieq_prefix(name, nlen, "on")) {
				fprintf(stderr, "handler attribute in:\n%s\n", html);
				FUZZ_CHECK(0, "no on...= attribute");
			}
			if (*p != '=')
				continue;
			p++;
			if (*p == '"' || *p == '\'') {
				q = *p++;
				val = p;
				while (*p != '\0' && *p != q)
					p++;
				vlen = (size_t)(p - val);
				if (*p == q)
					p++;
			} else {
				val = p;
				while (*p != '\0' && *p != ' ' && *p != '>')
					p++;
				vlen = (size_t)(p - val);
			}
			if ((nlen == 4 && ieq_prefix(name, nlen, "href")) ||
			    (nlen == 3 && ieq_prefix(name, nlen, "src")))
				check_url(val, vlen, html);
		}
	}
}

/* Words as md_reading_minutes() defines them, the slow obvious way. */
static size_t
ref_words(const char *s, size_t n)
{
	size_t	 i, w = 0;
	int	 prev_space = 1, sp;

	for (i = 0; i < n; i++) {
		sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
		if (!sp && prev_space)
			w++;
		prev_space = sp;
	}
	return w;
}

/*
 * md_reading_minutes() (vectorised where SSE2 is there) against ref_words(). Minutes hide
 * small errors, so the input also goes after a prefix of "a " words that brings the true
 * count to exactly 200 (one minute) and to 201 (two): one word too many or too few shows.
 */
static void
check_minutes(const uint8_t *data, size_t size)
{
	size_t	 w = ref_words((const char *)data, size), p, k;
	char	*buf;
	int	 want;

	want = w < 200 ? 1 : (int)((w + 199) / 200);
	FUZZ_CHECK(md_reading_minutes((const char *)data, size) == want, "reading minutes");
	if (w > 200)
		return;
	buf = malloc(2 * 201 + size);
	if (buf == NULL)
		abort();
	for (p = 200 - w; p <= 201 - w; p++) {
		for (k = 0; k < p; k++)
			memcpy(buf + 2 * k, "a ", 2);
		memcpy(buf + 2 * p, data, size);
		want = p + w == 200 ? 1 : 2;
		FUZZ_CHECK(md_reading_minutes(buf, 2 * p + size) == want,
		    "reading minutes at the 200-word edge");
	}
	free(buf);
}

/* Stands in for site_picture.c: every other /media/ image becomes an <img> with the alt text
 * escaped as the site does; the rest stay cmark's. */
static int
fake_picture(void *arg, const char *url, const char *alt, int index, struct buf *out)
{
	(void)arg;
	if (url == NULL || strncmp(url, "/media/", 7) != 0 || index % 2 == 1)
		return 0;
	buf_printf(out, "<img src=\"/media/1/960-0123456789abcdef.jpg\" alt=\"");
	html_escape(out, alt, strlen(alt));
	buf_printf(out, "\"%s>", index > 0 ? " loading=\"lazy\"" : "");
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*html;

	check_minutes(data, size);
	/* md_check() refuses bodies over LIMIT_MARKDOWN before they are ever rendered. */
	if (size > LIMIT_MARKDOWN)
		return 0;
	html = md_render((const char *)data, size);
	check_html(html);
	free(html);
	html = md_render_images((const char *)data, size, fake_picture, NULL);
	check_html(html);
	free(html);
	return 0;
}
