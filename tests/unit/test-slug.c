/* SPDX-License-Identifier: ISC */
/* test-slug.c: slug validation and generation from titles in slug.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "slug.h"
#include "harness.h"

/* Checks that slug_from_title("title") is "want" and that the result is a valid slug. */
static void
from(const char *title, const char *want, const char *msg)
{
	char	*s = slug_from_title(title);

	STR_EQ(s, want, msg);
	OK(slug_valid(s), msg);
	free(s);
}

/* Returns a string of "n" copies of "c"; the caller frees. */
static char *
rep(char c, size_t n)
{
	char	*s = malloc(n + 1);

	if (s == NULL)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void
test_valid(void)
{
	static const char *const good[] = {
		"a", "0", "hello-world", "2024-01-01", "a-b-c", "x1", "admin1",
		"my-admin", "page-2", "indexes", "feed-xml",
	};
	static const char *const bad[] = {
		"", "-", "-a", "a-", "a--b", "Hello", "a b", "a_b", "a.b", "a/b", "a%20b",
		"caf\xc3\xa9", "a\n", "admin", "articles", "topics", "search", "media",
		"static", "index", "page", "feed.xml", "sitemap.xml", "robots.txt",
		"_health", "..", ".",
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		INT_EQ(slug_valid(good[i]), 1, good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		INT_EQ(slug_valid(bad[i]), 0, bad[i]);

	s = rep('a', SLUG_MAX);
	INT_EQ(slug_valid(s), 1, "valid: exactly SLUG_MAX");
	free(s);
	s = rep('a', SLUG_MAX + 1);
	INT_EQ(slug_valid(s), 0, "valid: one over SLUG_MAX");
	free(s);
	s = rep('a', 1024 * 1024);
	INT_EQ(slug_valid(s), 0, "valid: 1 MiB");
	free(s);
	s = rep('a', SLUG_MAX);
	s[SLUG_MAX - 1] = '-';
	INT_EQ(slug_valid(s), 0, "valid: trailing hyphen at SLUG_MAX");
	s[SLUG_MAX - 1] = 'a';
	s[SLUG_MAX - 2] = '-';
	INT_EQ(slug_valid(s), 1, "valid: hyphen just before the end");
	free(s);
}

static void
test_from_title(void)
{
	from("Hello, World!", "hello-world", "from: punctuation");
	from("  --Leading and trailing--  ", "leading-and-trailing", "from: trimmed");
	from("a   b\t\tc\n\nd", "a-b-c-d", "from: runs become one hyphen");
	from("Top 10 Tips for 2024", "top-10-tips-for-2024", "from: digits kept");
	from("Don't panic", "don-t-panic", "from: apostrophe is a separator");
	from("already-a-slug", "already-a-slug", "from: a slug stays");
	from("Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", "cafe-creme-brulee",
	    "from: French accents");
	from("Stra\xc3\x9f" "e \xc3\x9c" "ber \xc3\x96l \xc3\x84rger", "strasse-uber-ol-arger",
	    "from: German");
	from("Espa\xc3\xb1" "a ni\xc3\xb1o", "espana-nino", "from: Spanish");
	from("Gar\xc3\xa7on", "garcon", "from: cedilla");
	from("\xc3\x85ngstr\xc3\xb8m \xc3\x86sir", "angstrom-aesir", "from: Nordic");
	from("\xc5\x92uvre c\xc5\x93ur", "oeuvre-coeur", "from: oe ligature");
	from("\xc5\x81\xc3\xb3" "d\xc5\xba \xc5\xbb\xc3\xb3\xc5\x82w", "lodz-zolw", "from: Polish");
	from("\xc4\x8c" "esk\xc3\xbd \xc5\x98" "eck\xc3\xbd", "cesky-recky", "from: Czech");
	from("\xc5\xbf\xc4\xb3\xc3\xbe", "sijth", "from: long s, ij, thorn");
	from("5 \xc3\x97 3 \xc3\xb7 1", "5-3-1", "from: times and divide are separators");
	from("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 world", "world",
	    "from: Cyrillic becomes a separator");
	from("emoji \xf0\x9f\x98\x80 here", "emoji-here", "from: emoji");
	from("a\xe2\x80\x94" "b", "a-b", "from: em dash");
	from("\xc2\xbf" "Qu\xc3\xa9?", "que", "from: U+00BF, just before the table");
	from("a\xc6\x80" "b", "a-b", "from: U+0180, just after the table");

	from("", "untitled", "from: empty");
	from("!!!", "untitled", "from: only punctuation");
	from("\xe6\x97\xa5\xe6\x9c\xac", "untitled", "from: only CJK");
	from("---", "untitled", "from: only hyphens");

	from("Admin", "admin-1", "from: reserved");
	from("  page ", "page-1", "from: reserved after trimming");
	from("Feed.xml", "feed-xml", "from: feed.xml cannot be produced");
	from("Index!", "index-1", "from: reserved index");
	from("Admin Page", "admin-page", "from: reserved words inside are fine");

	/* Invalid UTF-8: each bad byte is a separator, and the next good byte still counts. */
	from("a\xff" "b", "a-b", "from: invalid byte");
	from("a\xc3" "b", "a-b", "from: truncated sequence before ASCII");
	from("a\xc3", "a", "from: truncated sequence at end");
	from("\xc3\xa9\xc3", "e", "from: good then truncated");
	from("a\xc3\x29" "b", "a-b", "from: lead byte then ) ");
	from("\xc1\xa1" "b", "b", "from: overlong a is not a");
	from("a\xed\xa0\x80" "b", "a-b", "from: surrogate");
	from("\x80\x80\x80x", "x", "from: stray continuation bytes");
}

static void
test_length(void)
{
	char	*t, *s;
	size_t	 i;

	t = rep('a', SLUG_MAX);
	from(t, t, "length: exactly SLUG_MAX");
	free(t);

	/* One long word: hard cut. */
	t = rep('a', 1024 * 1024);
	s = slug_from_title(t);
	INT_EQ(strlen(s), SLUG_MAX, "length: 1 MiB word cut at SLUG_MAX");
	OK(slug_valid(s), "length: 1 MiB word valid");
	free(s);
	free(t);

	/* Words of 9 plus hyphen: the cut falls at the last hyphen that fits. */
	t = malloc(10 * 50 + 1);
	if (t == NULL)
		abort();
	for (i = 0; i < 50; i++)
		memcpy(t + 10 * i, "abcdefghi ", 10);
	t[10 * 50] = '\0';
	s = slug_from_title(t);
	INT_EQ(strlen(s), 99, "length: cut at a word boundary");
	OK(slug_valid(s), "length: boundary cut is valid");
	OK(s[98] == 'i', "length: boundary cut ends a word");
	free(s);

	/* A hyphen exactly at SLUG_MAX: keep all SLUG_MAX. */
	memset(t, 'b', SLUG_MAX);
	memcpy(t + SLUG_MAX, " tail", 6);
	s = slug_from_title(t);
	INT_EQ(strlen(s), SLUG_MAX, "length: hyphen right after the limit");
	free(s);

	/* A hyphen at SLUG_MAX - 1 must not be left at the end. */
	memset(t, 'c', SLUG_MAX + 10);
	t[SLUG_MAX - 1] = ' ';
	t[SLUG_MAX + 10] = '\0';
	s = slug_from_title(t);
	INT_EQ(strlen(s), SLUG_MAX - 1, "length: hyphen just inside the limit");
	OK(slug_valid(s), "length: no trailing hyphen");
	free(s);

	/* Transliteration that grows (ß is 2 bytes, "ss" 2 chars) across the limit. */
	free(t);
	t = malloc(2 * SLUG_MAX + 1);
	if (t == NULL)
		abort();
	for (i = 0; i < SLUG_MAX; i++)
		memcpy(t + 2 * i, "\xc3\x9f", 2);
	t[2 * SLUG_MAX] = '\0';
	s = slug_from_title(t);
	INT_EQ(strlen(s), SLUG_MAX, "length: 100 sharp s cut to SLUG_MAX");
	OK(slug_valid(s), "length: sharp s valid");
	free(s);

	/* A long run of separators is one hyphen. */
	free(t);
	t = rep(' ', 1024 * 1024);
	t[0] = 'x';
	t[1024 * 1024 - 1] = 'y';
	from(t, "x-y", "length: 1 MiB of spaces");
	free(t);
}

int
main(void)
{
	test_valid();
	test_from_title();
	test_length();
	return harness_done("slug");
}
