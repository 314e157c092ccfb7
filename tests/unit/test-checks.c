/* SPDX-License-Identifier: ISC */
/* test-checks.c: the health-content checks in checks.c: the Flesch formulas against worked
 * examples, syllables, a passage of our own counted by hand, the claims list on a corpus of
 * sentences with the flags expected, the accessibility findings, families switched off, and
 * hostile input at the limits. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "checks.h"
#include "harness.h"
#include "util.h"

static int
near(double got, double want)
{
	return got - want < 0.001 && want - got < 0.001;
}

static struct check_opts
opts_all(void)
{
	struct check_opts	 o;

	memset(&o, 0, sizeof(o));
	o.enabled[CHECK_CLAIMS] = o.enabled[CHECK_READABILITY] =
	    o.enabled[CHECK_ACCESSIBILITY] = o.enabled[CHECK_REVIEW] = 1;
	o.claims = checks_default_claims;
	o.target_age = 11;
	return o;
}

/* Whether some warning of family "f" contains "needle". */
static int
has_note(const struct check_report *r, enum check_family f, const char *needle)
{
	size_t	 i;

	for (i = 0; i < r->nnotes; i++)
		if (r->notes[i].family == f && r->notes[i].warn &&
		    strstr(r->notes[i].text, needle) != NULL)
			return 1;
	return 0;
}

static void
test_formulas(void)
{
	/* Worked example: 100 words, 5 sentences, 150 syllables:
	 * 206.835 - 1.015 * 20 - 84.6 * 1.5 = 59.635; grade 0.39*20 + 11.8*1.5 - 15.59 = 9.91. */
	OK(near(checks_flesch(100, 5, 150), 59.635), "Flesch 100/5/150 is 59.635");
	OK(near(checks_reading_age(100, 5, 150), 14.91),
	    "reading age 100/5/150 is grade 9.91 + 5");
	/* "The cat sat on the mat.": 6 words, 1 sentence, 6 syllables: 116.145. */
	OK(near(checks_flesch(6, 1, 6), 116.145), "Flesch of the cat on the mat");
	OK(checks_flesch(0, 0, 0) == 0, "no words: 0, not a division by zero");
	INT_EQ(checks_syllables("cat", 3), 1, "cat");
	INT_EQ(checks_syllables("water", 5), 2, "water");
	INT_EQ(checks_syllables("acupuncture", 11), 4, "acupuncture (silent final e)");
	INT_EQ(checks_syllables("table", 5), 2, "table (-le is a syllable)");
	INT_EQ(checks_syllables("make", 4), 1, "make");
	INT_EQ(checks_syllables("rhythm", 6), 1, "rhythm (y as a vowel)");
	INT_EQ(checks_syllables("123", 3), 1, "a number is at least one syllable");
}

static void
test_readability(void)
{
	struct check_opts	 o = opts_all();
	struct check_report	 r;
	const char		*easy = "The cat sat on the mat. It was a warm day.\n";
	const char		*hard = "Acupuncture practitioners consistently "
	    "recommend comprehensive consultations preceding individualised therapeutic "
	    "interventions, particularly considering contraindications associated with "
	    "anticoagulant medications, immunosuppressive conditions, implanted "
	    "electrical devices, pregnancy-related considerations and generalised "
	    "anxiety regarding needles, which occasionally necessitates modification.\n";

	/* The formula's best-known worked example, through the real counting of words,
	 * sentences and syllables: 6, 1 and 6 give 116.145. */
	OK(checks_run("The cat sat on the mat.\n", 24, &o, &r) == 0, "the cat on the mat checked");
	OK(r.words == 6 && r.sentences == 1 && near(r.ease, 116.145),
	    "the cat on the mat, counted: 6 words, 1 sentence, reading ease 116.145");
	checks_free(&r);
	OK(checks_run(easy, strlen(easy), &o, &r) == 0, "easy text checked");
	INT_EQ(r.words, 11, "easy: 11 words");
	INT_EQ(r.sentences, 2, "easy: 2 sentences");
	OK(r.ease > 90, "easy text reads easily");
	INT_EQ(r.counts[CHECK_READABILITY], 0, "easy text: no readability warning");
	checks_free(&r);
	OK(checks_run(hard, strlen(hard), &o, &r) == 0, "hard text checked");
	INT_EQ(r.sentences, 1, "hard: 1 sentence");
	OK(r.ease < 30, "hard text is hard");
	OK(has_note(&r, CHECK_READABILITY, "above the target of 11"),
	    "hard text is above the target reading age");
	OK(has_note(&r, CHECK_READABILITY, "A long sentence (3"), "the long sentence is named");
	OK(has_note(&r, CHECK_READABILITY, "\"Acupuncture practitioners consistently"),
	    "the long sentence is quoted from its start");
	checks_free(&r);
	o.enabled[CHECK_READABILITY] = 0;
	OK(checks_run(hard, strlen(hard), &o, &r) == 0, "hard text, readability off");
	OK(!has_note(&r, CHECK_READABILITY, "above the target"), "readability off: silent");
	INT_EQ(r.words, 0, "readability off: nothing counted");
	checks_free(&r);
}

/*
 * A passage written for this test, through the real counting of words, sentences and
 * syllables. Counted by hand, syllables as a dictionary splits them:
 *   After(2) your(1) acupuncture(4) rest(1) for(1) the(1) day(1):
 *       7 words, 11 syllables
 *   Drink(1) plenty(2) of(1) water(2) and(1) eat(1) a(1) light(1) meal(1):
 *       9 words, 11 syllables
 *   Some(1) people(2) feel(1) sleepy(2) and(1) a(1) few(1) feel(1) a(1) little(2) sore(1)
 *   where(1) the(1) needles(2) went(1) in(1):
 *       16 words, 20 syllables
 *   This(1) soon(1) passes(2) within(2) a(1) day(1) or(1) two(1):
 *       8 words, 10 syllables
 * 40 words in 4 sentences, 52 syllables: 10 words a sentence, 1.3 syllables a word.
 *   Flesch reading ease = 206.835 - 1.015 * 10 - 84.6 * 1.3 = 206.835 - 10.15 - 109.98 = 86.705
 *   reading age = 0.39 * 10 + 11.8 * 1.3 - 15.59 + 5 = 3.9 + 15.34 - 15.59 + 5 = 8.65
 */
static void
test_own_passage(void)
{
	struct check_opts	 o = opts_all();
	struct check_report	 r;
	const char		*md = "After your acupuncture, rest for the day. Drink plenty "
	    "of water and eat a light meal. Some people feel sleepy, and a few feel a little "
	    "sore where the needles went in. This soon passes within a day or two.\n";

	OK(checks_run(md, strlen(md), &o, &r) == 0, "own passage checked");
	INT_EQ(r.words, 40, "own passage: 40 words");
	INT_EQ(r.sentences, 4, "own passage: 4 sentences");
	INT_EQ(r.syllables, 52, "own passage: 52 syllables");
	OK(r.ease > 86.705 - 1 && r.ease < 86.705 + 1, "own passage: reading ease 86.7, within 1");
	OK(r.age > 8.65 - 1 && r.age < 8.65 + 1, "own passage: reading age 8.65, within 1");
	checks_free(&r);
}

/* The claims corpus: each sentence, and the phrase it must be flagged for ("" = none). */
static const struct {
	const char	*text;
	const char	*flag;
} corpus[] = {
	{ "Acupuncture can cure your back pain.", "\"cure\"" },
	{ "Results are GUARANTEED within a week.", "\"guaranteed\"" },
	{ "A miracle for tired eyes.", "\"miracle\"" },
	{ "Our herbs are 100% safe for everyone.", "\"100% safe\"" },
	{ "There are no side effects at all.", "\"no side effects\"" },
	{ "Try our three-day detox plan.", "\"detox\"" },
	{ "Cupping boosts your immune system.", "\"boosts your immune system\"" },
	{ "This method is clinically proven.", "\"clinically proven\"" },
	{ "You can stop taking your medication once you feel better.",
	    "\"stop taking your medication\"" },
	{ "Needles are sterile and used once.", "" },
	{ "We discuss how to secure a good night's sleep.", "" },	/* "cure" inside a word */
	{ "Curious about your first visit? Ask us.", "" },
	{ "Talk to your doctor before changing any medicine.", "" },
};

static void
test_claims(void)
{
	struct check_opts	 o = opts_all();
	struct check_report	 r;
	char			 msg[160];
	size_t			 i;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		OK(checks_run(corpus[i].text, strlen(corpus[i].text), &o, &r) == 0,
		    corpus[i].text);
		snprintf(msg, sizeof(msg), "claims flagged in: %s", corpus[i].text);
		if (*corpus[i].flag != '\0') {
			OK(has_note(&r, CHECK_CLAIMS, corpus[i].flag), msg);
			INT_EQ(r.counts[CHECK_CLAIMS], 1, msg);
		} else
			INT_EQ(r.counts[CHECK_CLAIMS], 0, msg);
		checks_free(&r);
	}
	/* An admin's own list: reasons shown, a bare phrase gets a general reason. */
	o.claims = "  painless | Some people feel a brief sting.  \n\nnatural\n";
	OK(checks_run("Painless and natural.", 21, &o, &r) == 0, "own list");
	OK(has_note(&r, CHECK_CLAIMS, "\"painless\": Some people feel a brief sting."),
	    "own phrase with its reason");
	OK(has_note(&r, CHECK_CLAIMS, "\"natural\": Check that"), "bare phrase, general reason");
	OK(!has_note(&r, CHECK_CLAIMS, "cure"), "the default list is replaced");
	checks_free(&r);
	OK(checks_claims_validate(checks_default_claims) == NULL, "the default list is valid");
	OK(checks_claims_validate("") == NULL, "an empty list is valid");
}

static void
test_accessibility(void)
{
	struct check_opts	 o = opts_all();
	struct check_report	 r;
	const char		*md =
	    "# Big title\n\n## Section\n\n#### Too deep\n\n"
	    "![image](/media/1/a.png) ![IMG_2041.JPG](/media/2/b.jpg) "
	    "![Needles on a steel tray](/media/3/c.png)\n\n"
	    "[Click here](/book) or see <https://example.org/leaflet> or "
	    "[our opening hours](/contact).\n\n"
	    "PLEASE ARRIVE TEN MINUTES EARLY.\n\nNormal text, With Some Capitals.\n";

	OK(checks_run(md, strlen(md), &o, &r) == 0, "accessibility text checked");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "\"Big title\" is at level 1"), "h1 in the body");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "\"Too deep\" jumps from level 2 to 4"),
	    "a skipped heading level");
	OK(!has_note(&r, CHECK_ACCESSIBILITY, "\"Section\""), "## after the title is fine");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "/media/1/a.png has no meaningful"),
	    "alt text \"image\"");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "/media/2/b.jpg has no meaningful"),
	    "alt text that is a file name");
	OK(!has_note(&r, CHECK_ACCESSIBILITY, "/media/3/c.png"), "real alt text is fine");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "\"Click here\" says nothing"), "click here");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "\"https://example.org/leaflet\" shows a bare"),
	    "a bare URL as link text");
	OK(!has_note(&r, CHECK_ACCESSIBILITY, "opening hours"), "a described link is fine");
	OK(has_note(&r, CHECK_ACCESSIBILITY, "\"PLEASE ARRIVE TEN MINUTES EARLY.\" is in "
	    "capitals"), "an all-caps paragraph");
	OK(!has_note(&r, CHECK_ACCESSIBILITY, "Normal text"), "mixed case is fine");
	INT_EQ(r.counts[CHECK_ACCESSIBILITY], 7, "seven accessibility findings");
	checks_free(&r);
	/* Families switched off say nothing. */
	memset(o.enabled, 0, sizeof(o.enabled));
	OK(checks_run(md, strlen(md), &o, &r) == 0, "all off");
	INT_EQ(r.nnotes, 0, "nothing said with every family off");
	checks_free(&r);
}

static void
test_review(void)
{
	struct check_opts	 o = opts_all();
	struct check_review	 rv = { 1, "2026-03-14", "", "", "" };
	struct check_report	 r;

	o.review = &rv;
	OK(checks_run("Text.", 5, &o, &r) == 0, "review: nothing filled in");
	OK(has_note(&r, CHECK_REVIEW, "no medical reviewer"), "a changed article, no reviewer");
	OK(has_note(&r, CHECK_REVIEW, "No \"next review due\""), "no next review date");
	INT_EQ(r.counts[CHECK_REVIEW], 2, "two review findings");
	checks_free(&r);
	rv.reviewer = "Dr Amira Lowe";
	rv.reviewed_date = "2026-03-01";
	rv.review_due = "2027-03-01";
	OK(checks_run("Text.", 5, &o, &r) == 0, "review: reviewed before the edit");
	OK(has_note(&r, CHECK_REVIEW, "(2026-03-01) is older than this edit (2026-03-14)"),
	    "a review older than the edit");
	INT_EQ(r.counts[CHECK_REVIEW], 1, "only that");
	checks_free(&r);
	rv.reviewed_date = "2026-03-14";
	OK(checks_run("Text.", 5, &o, &r) == 0, "review: reviewed the same day");
	INT_EQ(r.counts[CHECK_REVIEW], 0, "reviewed the day of the edit: nothing to say");
	checks_free(&r);
	rv.substantive = 0;
	rv.reviewer = "";
	rv.reviewed_date = "2020-01-01";
	OK(checks_run("Text.", 5, &o, &r) == 0, "review: a typo fix");
	INT_EQ(r.counts[CHECK_REVIEW], 0, "a typo fix needs no new review");
	checks_free(&r);
	o.review = NULL;
	rv.review_due = "";
	OK(checks_run("Text.", 5, &o, &r) == 0, "review: a page");
	INT_EQ(r.counts[CHECK_REVIEW], 0, "no review input (a page): no review check");
	checks_free(&r);
}

static void
test_hostile(void)
{
	struct check_opts	 o = opts_all();
	struct check_report	 r;
	struct buf		 b, list;
	size_t			 i;
	char			*big;

	OK(checks_run("a\0b", 3, &o, &r) == -1, "a NUL byte is refused");
	checks_free(&r);
	OK(checks_run("\xff\xfe", 2, &o, &r) == -1, "bad UTF-8 is refused");
	checks_free(&r);
	big = xmalloc(CHECKS_MAX_TEXT + 2);
	memset(big, 'a', CHECKS_MAX_TEXT + 1);
	big[CHECKS_MAX_TEXT + 1] = '\0';
	OK(checks_run(big, CHECKS_MAX_TEXT + 1, &o, &r) == -1, "past the limit is refused");
	checks_free(&r);
	/* At the limit: one word repeated; one huge sentence, counted, quoted in 60 chars. */
	for (i = 0; i < CHECKS_MAX_TEXT; i += 2)
		memcpy(big + i, "a ", 2);
	OK(checks_run(big, CHECKS_MAX_TEXT, &o, &r) == 0, "text at the limit is checked");
	INT_EQ(r.words, CHECKS_MAX_TEXT / 2, "every word counted");
	checks_free(&r);
	free(big);
	/* Hundreds of findings are capped, with a count of the rest. */
	buf_init(&b);
	for (i = 0; i < 300; i++)
		buf_puts(&b, "[here](/x) ");
	OK(checks_run(b.data, b.len, &o, &r) == 0, "300 vague links");
	INT_EQ(r.counts[CHECK_ACCESSIBILITY], 300, "all counted");
	OK(r.nnotes <= CHECKS_MAX_NOTES + 5, "but only the first ones listed");
	OK(strstr(r.notes[r.nnotes - 1].text, "and 240 more") != NULL, "the rest summarised");
	checks_free(&r);
	buf_free(&b);
	/* A claims list past its limits is refused; a hostile one never overruns. */
	buf_init(&list);
	for (i = 0; i < 201; i++)
		buf_puts(&list, "x | y\n");
	OK(checks_claims_validate(list.data) != NULL, "201 lines refused");
	buf_reset(&list);
	for (i = 0; i < 100; i++)
		buf_putc(&list, 'p');
	OK(checks_claims_validate(list.data) == NULL, "a 100-byte phrase is allowed");
	buf_putc(&list, 'p');
	OK(checks_claims_validate(list.data) != NULL, "a 101-byte phrase refused");
	buf_puts(&list, "\n||||\n|\n");
	o.claims = list.data;
	OK(checks_run("p || x", 6, &o, &r) == 0, "odd list lines are harmless");
	checks_free(&r);
	/* Found by fuzz-checks: a list line with a broken character is skipped, not quoted. */
	o.claims = "painless | Some feel a sti\xe3g.\nnatural\n";
	OK(checks_run("A painless, natural cure.", 25, &o, &r) == 0, "a list with bad UTF-8");
	OK(!has_note(&r, CHECK_CLAIMS, "painless"), "its broken line is skipped");
	OK(has_note(&r, CHECK_CLAIMS, "\"natural\""), "the other lines still count");
	checks_free(&r);
	buf_free(&list);
}

int
main(void)
{
	test_formulas();
	test_readability();
	test_own_passage();
	test_claims();
	test_accessibility();
	test_review();
	test_hostile();
	return harness_done("test-checks");
}
