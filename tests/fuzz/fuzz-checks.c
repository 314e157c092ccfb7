/* SPDX-License-Identifier: ISC */
/* fuzz-checks.c: the editor's health-content checks (checks.c) on any text and any claims
 * list. The first byte switches the families on and off; what follows is a claims list, a
 * form feed, then the Markdown (no form feed: all Markdown, the default list). Oracles: a
 * text is refused exactly when it holds a NUL or bad UTF-8; a sentence has words; every note
 * is valid UTF-8 with no NUL; the notes per family stay within their cap; the list validator
 * never crashes, and accepts the default list. */
#include "config.h"

#include "checks.h"
#include "fuzz.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check_opts	 o;
	struct check_review	 rv = { 1, "2026-03-14", "", "2026-01-01", "" };
	struct check_report	 r;
	const char		*md;
	char			*list = NULL;
	const uint8_t		*ff;
	size_t			 len, i, per[CHECK__MAX] = { 0 };
	int			 rc, f, valid;

	if (size == 0)
		return 0;
	memset(&o, 0, sizeof(o));
	for (f = 0; f < CHECK__MAX; f++)
		o.enabled[f] = (data[0] >> f) & 1;
	o.target_age = 6 + data[0] % 16;
	o.review = data[0] & 0x80 ? &rv : NULL;
	o.claims = checks_default_claims;
	data++, size--;
	if ((ff = memchr(data, '\f', size)) != NULL) {
		list = fuzz_cstr(data, (size_t)(ff - data));
		(void)checks_claims_validate(list);
		o.claims = list;
		size -= (size_t)(ff - data) + 1;
		data = ff + 1;
	}
	md = (const char *)data;
	len = size;
	valid = util_utf8_valid(md, len) && memchr(md, '\0', len) == NULL;
	rc = checks_run(md, len, &o, &r);
	FUZZ_CHECK(rc == (valid ? 0 : -1), "refused exactly when not UTF-8 or holding a NUL");
	FUZZ_CHECK(r.sentences <= r.words, "every sentence has a word");
	for (i = 0; i < r.nnotes; i++) {
		FUZZ_CHECK(r.notes[i].text != NULL, "a note has text");
		FUZZ_CHECK(util_utf8_valid(r.notes[i].text, strlen(r.notes[i].text)),
		    "a note is valid UTF-8 (excerpts cut between characters)");
		FUZZ_CHECK(o.enabled[r.notes[i].family], "only enabled families speak");
		per[r.notes[i].family]++;
	}
	for (f = 0; f < CHECK__MAX; f++)
		FUZZ_CHECK(per[f] <= CHECKS_MAX_NOTES + 6, "notes per family are capped");
	checks_free(&r);
	free(list);
	FUZZ_CHECK(checks_claims_validate(checks_default_claims) == NULL, "default list valid");
	return 0;
}
