/* SPDX-License-Identifier: ISC */
/* fuzz-html2md.c: WordPress HTML to Markdown through html2md(), as the import runs it (images
 * come across, galleries expand), then md_render() as visitors get it. Oracles: html2md()
 * never emits raw HTML (everything is escaped or Markdown, so cmark omits nothing), a refusal
 * always says why, and converting the same input twice gives the same text. */
#include "config.h"

#include "fuzz.h"
#include "html2md.h"
#include "meridian.h"

static char *
fuzz_image(void *arg, const char *src, char **alt)
{
	(void)arg;
	if (strlen(src) % 2 == 0) {
		free(*alt);
		*alt = strdup("[replaced] *alt*");
	}
	return strlen(src) % 3 == 0 ? NULL : strdup("/media/1/x.png");
}

static void
fuzz_gallery(void *arg, const char *ids, struct buf *html)
{
	(void)arg;
	buf_puts(html, "<img src=\"/u/a.png\" alt=\"");
	html2md_attr(html, ids ? ids : "");
	buf_puts(html, "\">");
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct html2md_opt	 opt = { "clinic.example", fuzz_image, fuzz_gallery, NULL };
	struct html2md_out	 a, b;
	char			*in = fuzz_cstr(d, n), *html;
	int			 ra, rb;

	ra = html2md(in, n, &opt, &a);
	rb = html2md(in, n, &opt, &b);
	FUZZ_CHECK(ra == rb && strcmp(a.md.data, b.md.data) == 0, "the same input converts the same");
	FUZZ_CHECK(ra == 0 || a.nwarnings > 0, "a refusal says why");
	if (ra == 0) {
		html = md_render(a.md.data, a.md.len);
		FUZZ_CHECK(html != NULL, "the Markdown renders");
		FUZZ_CHECK(strstr(html, "<!-- raw HTML omitted -->") == NULL, "no raw HTML in the Markdown");
		free(html);
	}
	html2md_free(&a);
	html2md_free(&b);
	free(in);
	return 0;
}
