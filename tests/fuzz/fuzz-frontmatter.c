/* SPDX-License-Identifier: ISC */
/* fuzz-frontmatter.c: frontmatter.c (libyaml underneath). Oracles: whatever fm_parse()
 * accepts keeps the rules of frontmatter.h (title present, every string valid UTF-8 without
 * NUL, slug valid, limits kept, body inside the input), an error names a line inside the
 * file, and fm_emit() followed by fm_parse() gives back an identical struct (the promise in
 * frontmatter.h). */
#include "config.h"

#include "buf.h"
#include "frontmatter.h"
#include "fuzz.h"
#include "slug.h"
#include "util.h"

static void
str_ok(const char *s)
{
	if (s == NULL)
		return;
	FUZZ_CHECK(*s != '\0', "no empty optional field");
	FUZZ_CHECK(util_utf8_valid(s, strlen(s)), "every field is UTF-8");
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data;
	struct fm	 fm, back;
	struct buf	 b;
	char		 err[256];
	size_t		 i, nl = 1;
	int		 line = 0;

	if (fm_parse(in, size, &fm, err, sizeof(err), &line) == -1) {
		/* YAML counts a lone CR as a line break too. */
		for (i = 0; i < size; i++)
			if (data[i] == '\n' || (data[i] == '\r' &&
			    (i + 1 == size || data[i + 1] != '\n')))
				nl++;
		FUZZ_CHECK(line >= 0 && (size_t)line <= nl + 1, "error line inside the file");
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL, "message terminated");
		return 0;
	}
	FUZZ_CHECK(fm.title != NULL, "a title is required");
	FUZZ_CHECK(util_utf8_len(fm.title, strlen(fm.title)) <= FM_MAX_TITLE, "title limit");
	str_ok(fm.title);
	str_ok(fm.slug);
	if (fm.slug != NULL)
		FUZZ_CHECK(slug_valid(fm.slug), "slug is valid");
	str_ok(fm.summary);
	if (fm.summary != NULL)
		FUZZ_CHECK(util_utf8_len(fm.summary, strlen(fm.summary)) <= FM_MAX_SUMMARY,
		    "summary limit");
	str_ok(fm.status);
	str_ok(fm.kind);
	str_ok(fm.author);
	str_ok(fm.reviewer);
	str_ok(fm.reviewed);
	str_ok(fm.review_due);
	str_ok(fm.image);
	if (fm.reviewed != NULL)
		FUZZ_CHECK(util_valid_date(fm.reviewed), "reviewed is a real day");
	if (fm.review_due != NULL)
		FUZZ_CHECK(util_valid_date(fm.review_due), "review_due is a real day");
	FUZZ_CHECK(fm.ntopics <= FM_MAX_TOPICS, "topic count limit");
	for (i = 0; i < fm.ntopics; i++) {
		str_ok(fm.topics[i]);
		FUZZ_CHECK(util_utf8_len(fm.topics[i], strlen(fm.topics[i])) <= FM_MAX_TOPIC,
		    "topic length limit");
	}
	FUZZ_CHECK(fm.body >= in && fm.body + fm.body_len <= in + size, "body inside input");

	/* Round trip. */
	buf_init(&b);
	fm_emit(&b, &fm);
	buf_append(&b, fm.body, fm.body_len);
	if (fm_parse(b.data, b.len, &back, err, sizeof(err), &line) == -1) {
		fprintf(stderr, "re-parse failed at line %d: %s\n%.*s\n", line, err,
		    (int)b.len, b.data);
		FUZZ_CHECK(0, "fm_emit output parses");
	}
	FUZZ_CHECK(same(fm.title, back.title), "title round trip");
	FUZZ_CHECK(same(fm.slug, back.slug), "slug round trip");
	FUZZ_CHECK(same(fm.summary, back.summary), "summary round trip");
	FUZZ_CHECK(same(fm.status, back.status), "status round trip");
	FUZZ_CHECK(same(fm.kind, back.kind), "kind round trip");
	FUZZ_CHECK(same(fm.author, back.author), "author round trip");
	FUZZ_CHECK(same(fm.reviewer, back.reviewer), "reviewer round trip");
	FUZZ_CHECK(same(fm.reviewed, back.reviewed), "reviewed round trip");
	FUZZ_CHECK(same(fm.review_due, back.review_due), "review_due round trip");
	FUZZ_CHECK(same(fm.image, back.image), "image round trip");
	FUZZ_CHECK(fm.has_date == back.has_date && (!fm.has_date || fm.date == back.date),
	    "date round trip");
	FUZZ_CHECK(fm.has_updated == back.has_updated &&
	    (!fm.has_updated || fm.updated == back.updated), "updated round trip");
	FUZZ_CHECK(fm.ntopics == back.ntopics, "topic count round trip");
	for (i = 0; i < fm.ntopics; i++)
		FUZZ_CHECK(same(fm.topics[i], back.topics[i]), "topic round trip");
	FUZZ_CHECK(back.body_len == fm.body_len &&
	    memcmp(back.body, fm.body, fm.body_len) == 0, "body round trip");
	fm_free(&back);
	buf_free(&b);
	fm_free(&fm);
	return 0;
}
