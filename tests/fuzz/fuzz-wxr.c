/* SPDX-License-Identifier: ISC */
/* fuzz-wxr.c: the WordPress export reader (wxr.c) on arbitrary XML, item by item to the end.
 * Oracles: every string of an item is there (never NULL), a failure says why, no more items
 * than the limit, and each field within its limit; the image sizes read from an item's metadata
 * are plain file names, within their limits. */
#include "config.h"

#include "buf.h"
#include "fuzz.h"
#include "wxr.h"

/* Every size name is a plain file name: no slash, no dot first, within the limits. */
static void
check_sizes(const char *meta)
{
	struct buf	 b;
	const char	*p, *nl;
	size_t		 n, lines = 0;

	buf_init(&b);
	n = wxr_image_sizes(meta, &b);
	FUZZ_CHECK(n <= WXR_MAX_SIZES, "sizes within their limit");
	for (p = b.data; p != NULL && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		FUZZ_CHECK(nl > p && (size_t)(nl - p) <= WXR_MAX_SIZE_NAME && *p != '.',
		    "a size's name is not empty, long or hidden");
		FUZZ_CHECK(strcspn(p, "/\\ \"") >= (size_t)(nl - p), "a size's name is plain");
		lines++;
	}
	FUZZ_CHECK(lines == n, "one line per size");
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct wxr	 w;
	struct wxr_item	 it;
	size_t		 i;
	int		 r;

	if (wxr_open_memory(&w, (const char *)d, n) == -1) {
		FUZZ_CHECK(w.err[0] != '\0', "a refusal says why");
		wxr_close(&w);
		return 0;
	}
	while ((r = wxr_next(&w, &it)) == 1) {
		FUZZ_CHECK(it.title && it.link && it.creator && it.content && it.excerpt &&
		    it.post_name && it.status && it.type && it.date && it.date_gmt &&
		    it.password && it.attachment_url, "every field is a string");
		FUZZ_CHECK(strlen(it.content) <= WXR_MAX_CONTENT, "content within its limit");
		FUZZ_CHECK(strlen(it.title) <= WXR_MAX_FIELD, "a field within its limit");
		FUZZ_CHECK(it.nterms <= WXR_MAX_TERMS && it.nmeta <= WXR_MAX_META, "counts");
		for (i = 0; i < it.nterms; i++)
			FUZZ_CHECK(it.terms[i].domain && it.terms[i].nicename && it.terms[i].name,
			    "a term's strings");
		for (i = 0; i < it.nmeta; i++) {
			FUZZ_CHECK(it.meta[i].key && it.meta[i].value, "a meta's strings");
			check_sizes(it.meta[i].value);
		}
		wxr_item_free(&it);
	}
	FUZZ_CHECK(r == 0 || w.err[0] != '\0', "a failure says why");
	FUZZ_CHECK(w.nitems <= WXR_MAX_ITEMS, "items within the limit");
	for (i = 0; i < w.nauthors; i++)
		FUZZ_CHECK(w.authors[i].key && w.authors[i].value, "an author's strings");
	wxr_close(&w);
	return 0;
}
