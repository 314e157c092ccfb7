/* SPDX-License-Identifier: ISC */
/* fuzz-wxr.c: the WordPress export reader (wxr.c) on arbitrary XML, item by item to the end.
 * Oracles: every string of an item is there (never NULL), a failure says why, no more items
 * than the limit, and each field within its limit. */
#include "config.h"

#include "fuzz.h"
#include "wxr.h"

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
		for (i = 0; i < it.nmeta; i++)
			FUZZ_CHECK(it.meta[i].key && it.meta[i].value, "a meta's strings");
		wxr_item_free(&it);
	}
	FUZZ_CHECK(r == 0 || w.err[0] != '\0', "a failure says why");
	FUZZ_CHECK(w.nitems <= WXR_MAX_ITEMS, "items within the limit");
	for (i = 0; i < w.nauthors; i++)
		FUZZ_CHECK(w.authors[i].key && w.authors[i].value, "an author's strings");
	wxr_close(&w);
	return 0;
}
