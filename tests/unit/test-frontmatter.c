/* SPDX-License-Identifier: ISC */
/* test-frontmatter.c: front matter parsing, validation with exact error lines, hostile inputs,
 * and the fm_parse(fm_emit(x)) == x round trip that makes import(export) lossless. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "frontmatter.h"
#include "harness.h"

/* 2024-03-01T09:30:00Z */
#define T0930	((time_t)1709285400)

static int	 good(const char *, const char *, size_t, struct fm *);
static void	 bad(const char *, const char *, size_t, int, const char *);
static void	 same(const char *, const struct fm *, const struct fm *);
static void	 roundtrip(const char *, const struct fm *);
static void	 test_full(void);
static void	 test_jekyll(void);
static void	 test_hugo(void);
static void	 test_draft(void);
static void	 test_quoting(void);
static void	 test_blocks(void);
static void	 test_dates(void);
static void	 test_nulls_and_guessing(void);
static void	 test_topics(void);
static void	 test_delimiters(void);
static void	 test_errors(void);
static void	 test_limits(void);
static void	 test_hostile(void);
static void	 test_syntax(void);
static void	 test_emit(void);
static void	 test_roundtrip(void);

#define GOOD(name, doc, fm)	good((name), (doc), sizeof(doc) - 1, (fm))
#define BAD(name, doc, line, msg) bad((name), (doc), sizeof(doc) - 1, (line), (msg))

/* Parses "doc", which must succeed; a failure prints fm_parse's own message. */
static int
good(const char *name, const char *doc, size_t len, struct fm *fm)
{
	char	 err[256];
	int	 line = 0, rc;

	rc = fm_parse(doc, len, fm, err, sizeof(err), &line);
	if (rc != 0)
		fprintf(stderr, "%s: unexpected error: %d: %s\n", name, line, err);
	INT_EQ(rc, 0, name);
	return rc;
}

/* Parses "doc", which must fail with exactly "msg" at line "wantline", leaving "out" zeroed. */
static void
bad(const char *name, const char *doc, size_t len, int wantline, const char *msg)
{
	struct fm	 fm;
	char		 err[256];
	int		 line = -7, rc;

	memset(&fm, 0xa5, sizeof(fm));
	rc = fm_parse(doc, len, &fm, err, sizeof(err), &line);
	INT_EQ(rc, -1, name);
	INT_EQ(line, wantline, name);
	STR_EQ(rc == -1 ? err : "(succeeded)", msg, name);
	OK(fm.title == NULL && fm.topics == NULL && fm.warnings == NULL &&
	    fm.body == NULL, name);
	if (rc == 0)
		fm_free(&fm);
}

/* Checks every field but body and warnings. */
static void
same(const char *name, const struct fm *a, const struct fm *b)
{
	size_t	 i;

	STR_EQ(a->title, b->title, name);
	STR_EQ(a->slug, b->slug, name);
	STR_EQ(a->summary, b->summary, name);
	STR_EQ(a->status, b->status, name);
	STR_EQ(a->kind, b->kind, name);
	STR_EQ(a->author, b->author, name);
	STR_EQ(a->reviewer, b->reviewer, name);
	STR_EQ(a->reviewed, b->reviewed, name);
	STR_EQ(a->review_due, b->review_due, name);
	STR_EQ(a->image, b->image, name);
	INT_EQ(a->has_date, b->has_date, name);
	if (a->has_date && b->has_date)
		INT_EQ(a->date, b->date, name);
	INT_EQ(a->has_updated, b->has_updated, name);
	if (a->has_updated && b->has_updated)
		INT_EQ(a->updated, b->updated, name);
	INT_EQ(a->ntopics, b->ntopics, name);
	for (i = 0; i < a->ntopics && i < b->ntopics; i++)
		STR_EQ(a->topics[i], b->topics[i], name);
}

/* Emits "x" with a body, parses it back, and checks nothing changed. */
static void
roundtrip(const char *name, const struct fm *x)
{
	struct buf	 b;
	struct fm	 y;

	buf_init(&b);
	fm_emit(&b, x);
	buf_puts(&b, "Body.\n");
	if (good(name, b.data, b.len, &y) == 0) {
		same(name, x, &y);
		OK(y.body_len == 6 && memcmp(y.body, "Body.\n", 6) == 0, name);
		INT_EQ(y.nwarnings, 0, name);
		fm_free(&y);
	} else
		fprintf(stderr, "%s: emitted:\n%s", name, b.data);
	buf_free(&b);
}

static void
test_full(void)
{
	static const char doc[] =
	    "---\n"
	    "title: Acupuncture and sleep\n"
	    "slug: acupuncture-and-sleep\n"
	    "date: 2024-03-01T09:30:00Z\n"
	    "updated: 2024-03-02\n"
	    "topics: [Sleep, Stress]\n"
	    "summary: How needles may help you rest.\n"
	    "status: published\n"
	    "kind: article\n"
	    "author: Dr. Mei Lin\n"
	    "reviewer: Dr. Jonas Berg\n"
	    "reviewed: 2024-02-28\n"
	    "review_due: 2025-02-28\n"
	    "---\n"
	    "# Sleep\n\nText.\n";
	struct fm	 fm;

	if (GOOD("full", doc, &fm) != 0)
		return;
	STR_EQ(fm.title, "Acupuncture and sleep", "full title");
	STR_EQ(fm.slug, "acupuncture-and-sleep", "full slug");
	INT_EQ(fm.has_date, 1, "full has_date");
	INT_EQ(fm.date, T0930, "full date");
	INT_EQ(fm.has_updated, 1, "full has_updated");
	INT_EQ(fm.updated, 1709337600, "full updated (UTC midnight under TZ=UTC)");
	INT_EQ(fm.ntopics, 2, "full ntopics");
	STR_EQ(fm.topics[0], "Sleep", "full topic 0");
	STR_EQ(fm.topics[1], "Stress", "full topic 1");
	STR_EQ(fm.summary, "How needles may help you rest.", "full summary");
	STR_EQ(fm.status, "published", "full status");
	STR_EQ(fm.kind, "article", "full kind");
	STR_EQ(fm.author, "Dr. Mei Lin", "full author");
	STR_EQ(fm.reviewer, "Dr. Jonas Berg", "full reviewer");
	STR_EQ(fm.reviewed, "2024-02-28", "full reviewed");
	STR_EQ(fm.review_due, "2025-02-28", "full review_due");
	INT_EQ(fm.nwarnings, 0, "full warnings");
	INT_EQ(fm.body_line, 15, "full body_line");
	INT_EQ(fm.body_len, 15, "full body_len");
	OK(fm.body == doc + sizeof(doc) - 1 - 15, "full body points into input");
	fm_free(&fm);
	fm_free(&fm);	/* a freed struct is zeroed, so freeing again is harmless */
	fm_free(NULL);

	/* Only what is required. */
	if (GOOD("minimal", "---\ntitle: T\n---\n", &fm) != 0)
		return;
	STR_EQ(fm.title, "T", "minimal title");
	OK(fm.slug == NULL && fm.summary == NULL && fm.status == NULL &&
	    fm.kind == NULL && fm.author == NULL && fm.reviewed == NULL &&
	    !fm.has_date && !fm.has_updated && fm.ntopics == 0 &&
	    fm.topics == NULL, "minimal: everything else absent");
	INT_EQ(fm.body_len, 0, "minimal body_len");
	INT_EQ(fm.body_line, 4, "minimal body_line");
	fm_free(&fm);

	/* No newline after the closing line. */
	if (GOOD("no final newline", "---\ntitle: T\n---", &fm) == 0) {
		INT_EQ(fm.body_len, 0, "no final newline body_len");
		INT_EQ(fm.body_line, 4, "no final newline body_line");
		fm_free(&fm);
	}

	/* NULL err and errline are allowed. */
	INT_EQ(fm_parse("x", 1, &fm, NULL, 0, NULL), -1, "NULL err");
	INT_EQ(fm_parse("---\ntitle: a\n---\n", 17, &fm, NULL, 0, NULL), 0,
	    "NULL err, success");
	fm_free(&fm);
}

static void
test_jekyll(void)
{
	static const char doc[] =
	    "---\n"
	    "layout: post\n"
	    "title:  \"Cupping: what it is\"\n"
	    "date:   2024-03-01 10:30:00 +0100\n"
	    "categories: [Health, Sleep]\n"
	    "tags:\n"
	    "  - sleep\n"
	    "  - stress\n"
	    "  - HEALTH\n"
	    "permalink: /cupping/\n"
	    "published: false\n"
	    "---\n"
	    "Body\n";
	struct fm	 fm;

	if (GOOD("jekyll", doc, &fm) != 0)
		return;
	STR_EQ(fm.title, "Cupping: what it is", "jekyll title");
	INT_EQ(fm.date, T0930, "jekyll date with +0100");
	INT_EQ(fm.ntopics, 3, "jekyll ntopics (merged, deduplicated)");
	if (fm.ntopics == 3) {
		STR_EQ(fm.topics[0], "Health", "jekyll topic 0");
		STR_EQ(fm.topics[1], "Sleep", "jekyll topic 1 (first spelling kept)");
		STR_EQ(fm.topics[2], "stress", "jekyll topic 2");
	}
	STR_EQ(fm.status, "draft", "jekyll published: false");
	INT_EQ(fm.nwarnings, 2, "jekyll warnings");
	if (fm.nwarnings == 2) {
		STR_EQ(fm.warnings[0], "2: ignored key 'layout'", "jekyll warning 0");
		STR_EQ(fm.warnings[1], "10: ignored key 'permalink'", "jekyll warning 1");
	}
	INT_EQ(fm.body_line, 13, "jekyll body_line");
	fm_free(&fm);

	/* Topics in document order across keys, with a comma-separated string. */
	if (GOOD("merge order", "---\ntitle: t\ntags: 'b, A'\ntopics: [a, c]\n"
	    "categories: C, d\n---\n", &fm) == 0) {
		INT_EQ(fm.ntopics, 4, "merge order ntopics");
		if (fm.ntopics == 4) {
			STR_EQ(fm.topics[0], "b", "merge order 0");
			STR_EQ(fm.topics[1], "A", "merge order 1");
			STR_EQ(fm.topics[2], "c", "merge order 2");
			STR_EQ(fm.topics[3], "d", "merge order 3");
		}
		fm_free(&fm);
	}
}

static void
test_hugo(void)
{
	static const char doc[] =
	    "---\n"
	    "title: \"Moxibustion\"\n"
	    "date: 2024-03-01T10:30:00+01:00\n"
	    "lastmod: 2024-03-05T08:00:00Z\n"
	    "draft: true\n"
	    "description: \"Warming therapy.\"\n"
	    "tags: [\"heat\", \"tcm\"]\n"
	    "aliases:\n"
	    "  - /old/moxa/\n"
	    "weight: 10\n"
	    "toc: true\n"
	    "image: moxa.jpg\n"
	    "params:\n"
	    "  nested: {a: [1, 2]}\n"
	    "---\n"
	    "Body\n";
	struct fm	 fm;

	if (GOOD("hugo", doc, &fm) != 0)
		return;
	STR_EQ(fm.title, "Moxibustion", "hugo title");
	INT_EQ(fm.date, T0930, "hugo date +01:00");
	INT_EQ(fm.has_updated, 1, "hugo lastmod → updated");
	INT_EQ(fm.updated, 1709625600, "hugo lastmod value");
	STR_EQ(fm.status, "draft", "hugo draft: true");
	STR_EQ(fm.summary, "Warming therapy.", "hugo description → summary");
	INT_EQ(fm.ntopics, 2, "hugo tags");
	STR_EQ(fm.image, "moxa.jpg", "hugo image: the featured image");
	INT_EQ(fm.nwarnings, 4, "hugo ignored keys");
	if (fm.nwarnings == 4) {
		STR_EQ(fm.warnings[0], "8: ignored key 'aliases'", "hugo w0");
		STR_EQ(fm.warnings[1], "10: ignored key 'weight'", "hugo w1");
		STR_EQ(fm.warnings[2], "11: ignored key 'toc'", "hugo w2");
		STR_EQ(fm.warnings[3], "13: ignored key 'params'", "hugo w3");
	}
	fm_free(&fm);

	/* summary and updated win over description and lastmod, in either order. */
	if (GOOD("precedence", "---\ndescription: d\nlastmod: 2024-01-01T00:00:00Z\n"
	    "summary: s\nupdated: 2024-03-01T09:30:00Z\ntitle: t\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.summary, "s", "summary beats description");
		INT_EQ(fm.updated, T0930, "updated beats lastmod");
		fm_free(&fm);
	}
}

static void
test_draft(void)
{
	struct fm	 fm;

	if (GOOD("draft false", "---\ntitle: t\ndraft: false\n---\n", &fm) == 0) {
		STR_EQ(fm.status, "published", "draft: false");
		fm_free(&fm);
	}
	if (GOOD("draft yes", "---\ntitle: t\ndraft: Yes\n---\n", &fm) == 0) {
		STR_EQ(fm.status, "draft", "draft: Yes");
		fm_free(&fm);
	}
	if (GOOD("draft agrees", "---\nstatus: draft\ntitle: t\ndraft: TRUE\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.status, "draft", "draft agrees with status");
		fm_free(&fm);
	}
	if (GOOD("published true", "---\ntitle: t\npublished: true\ndraft: false\n"
	    "---\n", &fm) == 0) {
		STR_EQ(fm.status, "published", "published: true");
		fm_free(&fm);
	}
	if (GOOD("draft null", "---\ntitle: t\ndraft:\n---\n", &fm) == 0) {
		OK(fm.status == NULL, "draft: (null) leaves status absent");
		fm_free(&fm);
	}
	BAD("draft maybe", "---\ntitle: t\ndraft: maybe\n---\n", 3,
	    "draft must be true or false");
	BAD("draft list", "---\ntitle: t\ndraft: [true]\n---\n", 3,
	    "'draft' must be a string, not a list");
	BAD("draft vs status", "---\ntitle: t\nstatus: published\ndraft: true\n---\n",
	    4, "draft: true contradicts status: published");
	BAD("status vs draft", "---\ndraft: false\ntitle: t\nstatus: draft\n---\n",
	    2, "draft: false contradicts status: draft");
	BAD("published vs draft", "---\ntitle: t\ndraft: true\npublished: true\n---\n",
	    4, "draft: true contradicts published: true");
	BAD("published vs status", "---\ntitle: t\npublished: no\nstatus: published\n"
	    "---\n", 3, "published: false contradicts status: published");
}

static void
test_quoting(void)
{
	static const char doc[] =
	    "---\n"
	    "title: 'It''s \"fine\": really # not a comment'\n"
	    "summary: \"tab\\there \\\"q\\\" back\\\\slash \\u00e9 \\x41 \\U0001F600 \\/\"\n"
	    "author: C# and F# # this one is\n"
	    "reviewer: \"  spaced  \"\n"
	    "slug: it-s-fine\n"
	    "---\n";
	struct fm	 fm;

	if (GOOD("quoting", doc, &fm) != 0)
		return;
	STR_EQ(fm.title, "It's \"fine\": really # not a comment", "single quotes");
	STR_EQ(fm.summary, "tab\there \"q\" back\\slash \xc3\xa9 A "
	    "\xf0\x9f\x98\x80 /", "double-quote escapes");
	STR_EQ(fm.author, "C# and F#", "plain with # and a comment");
	STR_EQ(fm.reviewer, "  spaced  ", "quoted blanks kept");
	fm_free(&fm);
}

static void
test_blocks(void)
{
	static const char doc[] =
	    "---\n"
	    "title: >\n"
	    "  A folded\n"
	    "  title\n"
	    "summary: |\n"
	    "  Line one\n"
	    "    indented\n"
	    "\n"
	    "  Line three\n"
	    "author: |-\n"
	    "  no newline\n"
	    "reviewer: >+\n"
	    "  kept\n"
	    "\n"
	    "slug: multi-line\n"
	    "---\n";
	static const char doc2[] =
	    "---\n"
	    "title: A plain title\n"
	    "  that goes on\n"
	    "\n"
	    "  and on\n"
	    "summary: \"a quoted\n"
	    "  summary \\\n"
	    "  joined\"\n"
	    "---\n"
	    "body\n";
	struct fm	 fm;

	if (GOOD("blocks", doc, &fm) == 0) {
		STR_EQ(fm.title, "A folded title\n", "folded >");
		STR_EQ(fm.summary, "Line one\n  indented\n\nLine three\n", "literal |");
		STR_EQ(fm.author, "no newline", "strip |-");
		STR_EQ(fm.reviewer, "kept\n\n", "keep >+");
		INT_EQ(fm.body_line, 17, "blocks body_line");
		fm_free(&fm);
	}
	if (GOOD("multi-line", doc2, &fm) == 0) {
		STR_EQ(fm.title, "A plain title that goes on\nand on", "multi-line plain");
		STR_EQ(fm.summary, "a quoted summary joined", "multi-line quoted");
		INT_EQ(fm.body_line, 10, "multi-line body_line");
		fm_free(&fm);
	}
}

static void
test_dates(void)
{
	static const struct {
		const char	*v;
		time_t		 want;
	} ok[] = {
		{ "2024-03-01T09:30:00Z", T0930 },
		{ "2024-03-01t09:30:00z", T0930 },
		{ "2024-03-01T09:30Z", T0930 },
		{ "2024-03-01 09:30", T0930 },		/* local, and TZ is UTC */
		{ "2024-03-01T09:30:00", T0930 },
		{ "2024-03-01 09:30:00.123456Z", T0930 },
		{ "2024-03-01T10:30:00+01:00", T0930 },
		{ "2024-03-01T10:30:00+0100", T0930 },
		{ "2024-03-01T10:30:00+01", T0930 },
		{ "2024-03-01 10:30:00 +1", T0930 },
		{ "2024-03-01T04:00:00-05:30", T0930 },
		{ "2024-03-01T09:30:00+00:00", T0930 },
		{ "2024-03-01T09:30:00-00:00", T0930 },
		{ "'2024-03-01T09:30:00Z'", T0930 },
		{ "2024-03-01", T0930 - 9 * 3600 - 30 * 60 },
		{ "2024-03-02T00:30:00+15:00", T0930 },	/* crosses the day */
		{ "1900-01-01T00:00:00Z", (time_t)-2208988800LL },
		{ "9999-12-31T23:59:59Z", (time_t)253402300799LL },
	};
	static const char *const no[] = {
		"yesterday", "2024-3-1", "2024-02-30", "2024-03-01T24:00",
		"2024-03-01T09:60", "2024-03-01T09:30:61", "2024-03-01T9:30",
		"2024-03-01T09:30+25:00", "2024-03-01T09:30+01:60",
		"2024-03-01T09:30+01:", "2024-03-01T09:30 UTC", "2024-03-01X",
		"2024-03-01T09:30:00.", "1899-12-31", "9999-12-31T23:00:00-01:00",
		"20240301", "2024-03-01T",
	};
	struct fm	 fm;
	struct buf	 b;
	size_t		 i;
	char		 name[96];

	buf_init(&b);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, "---\ntitle: t\ndate: %s\n---\n", ok[i].v);
		snprintf(name, sizeof(name), "date %s", ok[i].v);
		if (good(name, b.data, b.len, &fm) == 0) {
			INT_EQ(fm.has_date, 1, name);
			INT_EQ(fm.date, ok[i].want, name);
			fm_free(&fm);
		}
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, "---\ntitle: t\n\nupdated: \"%s\"\n---\n", no[i]);
		snprintf(name, sizeof(name), "bad date %s", no[i]);
		bad(name, b.data, b.len, 4, "updated must be YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM[:SS], optionally with Z or +HH:MM");
	}
	buf_free(&b);

	/* Without a zone the time is local; CET-1 is a fixed UTC+1 zone. */
	setenv("TZ", "CET-1", 1);
	tzset();
	if (GOOD("local time", "---\ntitle: t\ndate: 2024-03-01 10:30\n"
	    "updated: 2024-03-01T09:30:00Z\n---\n", &fm) == 0) {
		INT_EQ(fm.date, T0930, "no zone is local time");
		INT_EQ(fm.updated, T0930, "Z ignores the local zone");
		fm_free(&fm);
	}
	setenv("TZ", "UTC", 1);
	tzset();

	BAD("reviewed not a day", "---\ntitle: t\nreviewed: 2024-02-30\n---\n", 3,
	    "reviewed must be a day as YYYY-MM-DD");
	BAD("reviewed with time", "---\ntitle: t\nreviewed: 2024-02-03T10:00:00Z\n"
	    "---\n", 3, "reviewed must be a day as YYYY-MM-DD");
	BAD("review_due month 13", "---\ntitle: t\nreview_due: 2024-13-01\n---\n", 3,
	    "review_due must be a day as YYYY-MM-DD");
	BAD("date list", "---\ntitle: t\ndate: [2024-01-01]\n---\n", 3,
	    "'date' must be a string, not a list");
}

static void
test_nulls_and_guessing(void)
{
	static const char doc[] =
	    "---\n"
	    "title: yes\n"
	    "summary: ~\n"
	    "slug: \"\"\n"
	    "author: 1.0\n"
	    "reviewer: null\n"
	    "kind:\n"
	    "status: NULL\n"
	    "date: ~\n"
	    "topics:\n"
	    "reviewed: ''\n"
	    "---\n";
	struct fm	 fm;

	if (GOOD("nulls", doc, &fm) == 0) {
		STR_EQ(fm.title, "yes", "yes stays a string");
		STR_EQ(fm.author, "1.0", "1.0 stays a string");
		OK(fm.summary == NULL && fm.slug == NULL && fm.reviewer == NULL &&
		    fm.kind == NULL && fm.status == NULL && !fm.has_date &&
		    fm.ntopics == 0 && fm.reviewed == NULL, "nulls are absent");
		fm_free(&fm);
	}
	if (GOOD("quoted null", "---\ntitle: \"null\"\nauthor: '~'\n"
	    "reviewer: !!str null\nsummary: off\n---\n", &fm) == 0) {
		STR_EQ(fm.title, "null", "quoted null is a string");
		STR_EQ(fm.author, "~", "quoted ~ is a string");
		STR_EQ(fm.reviewer, "null", "!!str null is a string");
		STR_EQ(fm.summary, "off", "off stays a string");
		fm_free(&fm);
	}
	if (GOOD("numbers", "---\ntitle: 0x1F\ntopics: [1, 2.50, -0, .inf]\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.title, "0x1F", "hex stays as written");
		INT_EQ(fm.ntopics, 4, "numeric topics");
		if (fm.ntopics == 4)
			STR_EQ(fm.topics[1], "2.50", "2.50 as written");
		fm_free(&fm);
	}
}

static void
test_topics(void)
{
	struct fm	 fm;
	struct buf	 b;
	char		 t61[62];
	int		 i;

	if (GOOD("comma string", "---\ntitle: t\ntopics: \" a ,b,  A , Ä \"\n---\n",
	    &fm) == 0) {
		INT_EQ(fm.ntopics, 3, "comma string ntopics");
		if (fm.ntopics == 3) {
			STR_EQ(fm.topics[0], "a", "comma 0 trimmed");
			STR_EQ(fm.topics[1], "b", "comma 1");
			STR_EQ(fm.topics[2], "\xc3\x84", "comma 2: no Unicode folding");
		}
		fm_free(&fm);
	}
	if (GOOD("single topic", "---\ntitle: t\ntopics: Sleep\n---\n", &fm) == 0) {
		INT_EQ(fm.ntopics, 1, "single topic");
		fm_free(&fm);
	}
	if (GOOD("empty list", "---\ntitle: t\ntopics: []\ntags: ''\n---\n", &fm) == 0) {
		OK(fm.ntopics == 0 && fm.topics == NULL, "empty list");
		fm_free(&fm);
	}

	/* 20 distinct topics, plus duplicates that do not count. */
	buf_init(&b);
	buf_puts(&b, "---\ntitle: t\ntopics:\n");
	for (i = 0; i < 20; i++)
		buf_printf(&b, "  - Topic %d\n  - topic %d\n", i, i);
	buf_puts(&b, "---\n");
	if (good("20 topics", b.data, b.len, &fm) == 0) {
		INT_EQ(fm.ntopics, 20, "20 topics");
		fm_free(&fm);
	}
	/* The 21st distinct one is on line 4 + 40. */
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\ntopics:\n");
	for (i = 0; i < 20; i++)
		buf_printf(&b, "  - Topic %d\n  - topic %d\n", i, i);
	buf_puts(&b, "  - one too many\n---\n");
	bad("21 topics", b.data, b.len, 44, "more than 20 topics");
	buf_free(&b);

	memset(t61, 'x', 61);
	t61[61] = '\0';
	buf_init(&b);
	buf_printf(&b, "---\ntitle: t\ntags: [ok, %.60s]\n---\n", t61);
	if (good("60-character topic", b.data, b.len, &fm) == 0)
		fm_free(&fm);
	buf_reset(&b);
	buf_printf(&b, "---\ntitle: t\ntags:\n - ok\n - %s\n---\n", t61);
	bad("61-character topic", b.data, b.len, 5,
	    "topic is longer than 60 characters");
	buf_free(&b);

	BAD("empty topic item", "---\ntitle: t\ntopics:\n  - a\n  - \"\"\n---\n", 5,
	    "topic is empty");
	BAD("null topic item", "---\ntitle: t\ntopics:\n  - a\n  -\n  - b\n---\n", 5,
	    "topic is empty");
	BAD("empty comma piece", "---\ntitle: t\ntopics: a,,b\n---\n", 3,
	    "topic is empty");
	BAD("topics mapping", "---\ntitle: t\ntopics: {a: b}\n---\n", 3,
	    "'topics' must be a list or a comma-separated string");
	BAD("tags nested list", "---\ntitle: t\ntags:\n  - a\n  - [b]\n---\n", 5,
	    "'tags' items must be strings");
	BAD("categories mapping item", "---\ntitle: t\ncategories:\n  - a: b\n---\n",
	    4, "'categories' items must be strings");
}

static void
test_delimiters(void)
{
	static const char crlf[] =
	    "---\r\n"
	    "title: Windows\r\n"
	    "summary: |\r\n"
	    "  one\r\n"
	    "  two\r\n"
	    "topics:\r\n"
	    "  - a\r\n"
	    "---\r\n"
	    "Body\r\n";
	static const char bom[] = "\xef\xbb\xbf---\ntitle: BOM\n---\nBody\n";
	static const char dots[] = "---\ntitle: Dots\n...\nBody\n";
	static const char blanks[] = "---  \ntitle: Blanks\n---\t\nBody\n";
	static const char hr[] = "---\ntitle: t\n---\n---\nAfter a rule\n";
	struct fm	 fm;

	if (GOOD("crlf", crlf, &fm) == 0) {
		STR_EQ(fm.title, "Windows", "crlf title");
		STR_EQ(fm.summary, "one\ntwo\n", "crlf block scalar");
		STR_EQ(fm.topics[0], "a", "crlf topic");
		INT_EQ(fm.body_line, 9, "crlf body_line");
		OK(fm.body_len == 6 && memcmp(fm.body, "Body\r\n", 6) == 0,
		    "crlf body");
		fm_free(&fm);
	}
	if (GOOD("bom", bom, &fm) == 0) {
		STR_EQ(fm.title, "BOM", "bom title");
		INT_EQ(fm.body_line, 4, "bom body_line");
		OK(fm.body_len == 5 && memcmp(fm.body, "Body\n", 5) == 0, "bom body");
		fm_free(&fm);
	}
	if (GOOD("dots", dots, &fm) == 0) {
		STR_EQ(fm.title, "Dots", "... closes");
		fm_free(&fm);
	}
	if (GOOD("blanks", blanks, &fm) == 0) {
		STR_EQ(fm.title, "Blanks", "trailing blanks on delimiters");
		fm_free(&fm);
	}
	if (GOOD("hr after", hr, &fm) == 0) {
		INT_EQ(fm.body_line, 4, "a rule after front matter is body");
		OK(fm.body_len == 17 && memcmp(fm.body, "---\n", 4) == 0, "hr body");
		fm_free(&fm);
	}

	BAD("empty file", "", 1, "missing title");
	BAD("no front matter", "# Title\n\nText\n", 1, "missing title");
	BAD("blank first line", "\n---\ntitle: t\n---\n", 1, "missing title");
	BAD("bom only", "\xef\xbb\xbf", 1, "missing title");
	BAD("only ---", "---", 1, "unterminated front matter: no closing '---' line");
	BAD("only ---\\n", "---\n", 1,
	    "unterminated front matter: no closing '---' line");
	BAD("unterminated", "---\ntitle: t\n\nBody\n", 1,
	    "unterminated front matter: no closing '---' line");
	BAD("crlf unterminated", "---\r\ntitle: t\r\n", 1,
	    "unterminated front matter: no closing '---' line");
	BAD("toml", "+++\ntitle = \"x\"\n+++\nBody\n", 1,
	    "TOML front matter (+++) is not supported; convert it to YAML");
	BAD("toml crlf bom", "\xef\xbb\xbf+++\r\ntitle = \"x\"\r\n+++\r\n", 1,
	    "TOML front matter (+++) is not supported; convert it to YAML");
	BAD("empty front matter", "---\n---\nBody\n", 1, "missing title");
	BAD("comments only", "---\n# just a comment\n\n---\n", 1, "missing title");
	BAD("--- with text", "--- title: x\n---\n", 1, "missing title");
}

static void
test_errors(void)
{
	struct buf	 b;
	int		 i;

	BAD("not a mapping: list", "---\n- a\n- b\n---\n", 2,
	    "front matter is not a mapping of keys to values");
	BAD("not a mapping: scalar", "---\n\njust text\n---\n", 3,
	    "front matter is not a mapping of keys to values");
	BAD("missing title", "---\nslug: x\n---\nBody\n", 1, "missing title");
	BAD("duplicate", "---\ntitle: a\nslug: b\ntitle: c\n---\n", 4,
	    "duplicate key 'title'");
	BAD("duplicate ignored key", "---\ntitle: a\nlayout: b\nlayout: c\n---\n",
	    4, "duplicate key 'layout'");
	BAD("duplicate tags", "---\ntitle: a\ntags: [x]\ntopics: y\ntags: z\n---\n",
	    5, "duplicate key 'tags'");
	BAD("title list", "---\ntitle: [a, b]\n---\n", 2,
	    "'title' must be a string, not a list");
	BAD("title mapping", "---\nslug: s\ntitle:\n  en: English\n  de: Deutsch\n"
	    "---\n", 4, "'title' must be a string, not a mapping");
	BAD("summary flow mapping", "---\ntitle: t\nsummary: {a: b}\n---\n", 3,
	    "'summary' must be a string, not a mapping");
	BAD("title empty", "---\ntitle:\n---\n", 2, "title is empty");
	BAD("title quoted empty", "---\nslug: s\ntitle: \"\"\n---\n", 3,
	    "title is empty");
	BAD("title blank", "---\ntitle: \" \\t \"\n---\n", 2, "title is empty");
	BAD("title null", "---\ntitle: null\n---\n", 2, "title is empty");
	BAD("slug invalid", "---\ntitle: t\nslug: Hello World\n---\n", 3,
	    "invalid slug 'Hello World' (use a-z, 0-9 and single hyphens)");
	BAD("slug invalid long", "---\ntitle: t\nslug: \"\\x01-xxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n---\n", 3, "invalid slug "
	    "'?-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (use a-z, 0-9 and "
	    "single hyphens)");
	BAD("status", "---\ntitle: t\nstatus: live\n---\n", 3,
	    "status must be draft or published");
	BAD("status case", "---\ntitle: t\nstatus: Draft\n---\n", 3,
	    "status must be draft or published");
	BAD("kind", "---\ntitle: t\nkind: post\n---\n", 3,
	    "kind must be article or page");
	BAD("keys must be strings", "---\ntitle: t\n[a]: b\n---\n", 3,
	    "keys must be strings");
	BAD("complex key", "---\ntitle: t\n? {a: b}\n: c\n---\n", 3,
	    "keys must be strings");
	BAD("empty key", "---\ntitle: t\n\"\": x\n---\n", 3, "empty key");
	BAD("null key", "---\ntitle: t\n? ~\n: x\n---\n", 3, "empty key");
	BAD("two documents", "---\ntitle: t\n--- more\n---\n", 3,
	    "front matter holds more than one YAML document");
	BAD("NUL escape", "---\ntitle: \"a\\0b\"\n---\n", 2,
	    "NUL character in a value");
	BAD("NUL escape in key", "---\ntitle: t\n\"k\\0\": v\n---\n", 3,
	    "NUL character in a value");

	/* More than FM_MAX_KEYS keys, all ignored: the error names the 101st. */
	buf_init(&b);
	buf_puts(&b, "---\ntitle: t\n");
	for (i = 0; i < 100; i++)
		buf_printf(&b, "k%d: v\n", i);
	buf_puts(&b, "---\n");
	bad("101 keys", b.data, b.len, 102, "more than 100 keys");
	buf_free(&b);
}

static void
test_limits(void)
{
	struct buf	 b;
	struct fm	 fm;
	char		 t1000[1001];
	int		 i;

	/* 300 two-byte characters are 600 bytes but a legal title. */
	memset(t1000, 'x', sizeof(t1000) - 1);
	t1000[sizeof(t1000) - 1] = '\0';
	buf_init(&b);
	buf_puts(&b, "---\ntitle: ");
	for (i = 0; i < 300; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "\n---\n");
	if (good("300-character title", b.data, b.len, &fm) == 0) {
		INT_EQ(strlen(fm.title), 600, "300 characters, 600 bytes");
		fm_free(&fm);
	}
	buf_reset(&b);
	buf_puts(&b, "---\nslug: s\ntitle: ");
	for (i = 0; i < 301; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "\n---\n");
	bad("301-character title", b.data, b.len, 3,
	    "title is longer than 300 characters");

	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\nsummary: |\n");
	for (i = 0; i < 10; i++)
		buf_printf(&b, "  %.99s\n", t1000);
	buf_puts(&b, "---\n");
	if (good("1000-character summary", b.data, b.len, &fm) == 0) {
		INT_EQ(strlen(fm.summary), 1000, "1000 characters");
		fm_free(&fm);
	}
	buf_reset(&b);
	buf_printf(&b, "---\ntitle: t\ndescription: %sy\n---\n", t1000);
	bad("1001-character description", b.data, b.len, 3,
	    "description is longer than 1000 characters");

	/* The block may be exactly 64 KiB... */
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n");
	while (b.len < 4 + FM_MAX_BYTES - 100)
		buf_puts(&b, "# padding padding padding padding padding\n");
	while (b.len < 4 + FM_MAX_BYTES - 1)
		buf_putc(&b, '#');
	buf_puts(&b, "\n---\nBody\n");
	if (good("64 KiB block", b.data, b.len, &fm) == 0) {
		INT_EQ(fm.body_len, 5, "64 KiB block body");
		fm_free(&fm);
	}
	/* ...but not a byte more, */
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n");
	while (b.len < 4 + FM_MAX_BYTES - 100)
		buf_puts(&b, "# padding padding padding padding padding\n");
	while (b.len < 4 + FM_MAX_BYTES)
		buf_putc(&b, '#');
	buf_puts(&b, "\n---\nBody\n");
	bad("64 KiB + 1 block", b.data, b.len, 1, "front matter is larger than 64 KiB");
	/* and a huge file without a closing line is "too large", found without reading it all. */
	buf_reset(&b);
	buf_puts(&b, "---\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "key: value\n");
	bad("huge unterminated", b.data, b.len, 1, "front matter is larger than 64 KiB");
	buf_free(&b);
}

static void
test_hostile(void)
{
	static const char laughs[] =
	    "---\n"
	    "title: t\n"
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "---\n";
	static const char nul_fm[] = "---\ntitle: a\0b\n---\n";
	static const char nul_body[] = "---\ntitle: ab\n---\nx\n\0\n";
	struct buf	 b;
	struct fm	 fm;
	int		 i;

	BAD("billion laughs", laughs, 3, "YAML anchors and aliases are not allowed");
	BAD("alias alone", "---\ntitle: t\nsummary: *x\n---\n", 3,
	    "YAML anchors and aliases are not allowed");
	BAD("anchor on scalar", "---\ntitle: &t t\n---\n", 2,
	    "YAML anchors and aliases are not allowed");
	BAD("anchor on key", "---\n&k title: t\n---\n", 2,
	    "YAML anchors and aliases are not allowed");
	BAD("anchor on ignored", "---\ntitle: t\nx:\n  y: &m {a: 1}\n---\n", 4,
	    "YAML anchors and aliases are not allowed");
	BAD("merge key", "---\ntitle: t\n<<: *base\n---\n", 3,
	    "YAML anchors and aliases are not allowed");

	if (GOOD("depth 4", "---\ntitle: t\nx: [[[1]]]\ny:\n  a:\n    b:\n"
	    "      c: 1\n---\n",
	    &fm) == 0)
		fm_free(&fm);
	BAD("depth 5 flow", "---\ntitle: t\nx: [[[[1]]]]\n---\n", 3,
	    "nesting deeper than 4 levels");
	BAD("depth 5 block", "---\ntitle: t\na:\n  b:\n    c:\n      d:\n"
	    "        e: 1\n---\n", 7, "nesting deeper than 4 levels");

	buf_init(&b);
	buf_puts(&b, "---\ntitle: t\nx: ");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		buf_putc(&b, ']');
	buf_puts(&b, "\n---\n");
	bad("10k deep", b.data, b.len, 3, "nesting deeper than 4 levels");
	buf_reset(&b);
	buf_puts(&b, "---\n");
	for (i = 0; i < 10000; i++)
		buf_putc(&b, '[');
	buf_puts(&b, "\n---\n");
	bad("10k deep unclosed, top level", b.data, b.len, 2,
	    "front matter is not a mapping of keys to values");
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n");
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "- ");
	buf_puts(&b, "\n---\n");
	bad("5k deep block list", b.data, b.len, 3,
	    "YAML syntax error: did not find expected key "
	    "(while parsing a block mapping)");

	/* A 60000-byte key is ignored, and named only in part. */
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n? ");
	for (i = 0; i < 60000; i++)
		buf_putc(&b, 'k');
	buf_puts(&b, "\n: v\n---\n");
	if (good("huge explicit key", b.data, b.len, &fm) == 0) {
		INT_EQ(fm.nwarnings, 1, "huge key warning");
		if (fm.nwarnings == 1)
			STR_EQ(fm.warnings[0], "3: ignored key 'kkkkkkkkkkkkkkkkkkkkk"
			    "kkkkkkkkkkkkkkkkkkk...'", "huge key named in part");
		fm_free(&fm);
	}
	/* An implicit key is limited to 1024 characters by YAML itself. */
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n");
	for (i = 0; i < 2000; i++)
		buf_putc(&b, 'k');
	buf_puts(&b, ": v\n---\n");
	bad("huge implicit key", b.data, b.len, 3, "YAML syntax error: could not "
	    "find expected ':' (while scanning a simple key)");
	/* A key with odd characters is shown safely, cut between characters. */
	if (GOOD("odd key", "---\ntitle: t\n\"a\\tb\\x1b[31m\xc3\xa9\": 1\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.warnings[0], "3: ignored key 'a?b?[31m\xc3\xa9'", "odd key");
		fm_free(&fm);
	}
	buf_reset(&b);
	buf_puts(&b, "---\ntitle: t\n\"");
	for (i = 0; i < 39; i++)
		buf_putc(&b, 'k');
	buf_puts(&b, "\xc3\xa9\": 1\n---\n");
	if (good("cut key", b.data, b.len, &fm) == 0) {
		STR_EQ(fm.warnings[0], "3: ignored key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
		    "kkkkkkkkkk...'", "key cut before a 2-byte character");
		fm_free(&fm);
	}
	buf_free(&b);

	BAD("NUL in front matter", nul_fm, 2, "NUL byte in the file");
	BAD("NUL in body", nul_body, 5, "NUL byte in the file");
	BAD("invalid UTF-8 in front matter", "---\ntitle: t\nsummary: \xff\n---\n", 3,
	    "invalid UTF-8");
	BAD("invalid UTF-8 in body", "---\ntitle: t\n---\nok\n\xc3\x28\n", 5,
	    "invalid UTF-8");
	BAD("overlong UTF-8", "---\ntitle: \xc0\xaf\n---\n", 2, "invalid UTF-8");
	BAD("surrogate UTF-8", "---\ntitle: \xed\xa0\x80\n---\n", 2, "invalid UTF-8");
	BAD("truncated UTF-8 at end", "---\ntitle: t\n---\n\xe2\x82", 4,
	    "invalid UTF-8");
	BAD("UTF-16 BOM", "\xff\xfe-\0-\0-\0", 1, "invalid UTF-8");
	BAD("raw control character", "---\ntitle: t\nsummary: a\x01\n---\n", 3,
	    "YAML syntax error: control characters are not allowed");
	BAD("surrogate escape", "---\ntitle: \"\\ud800\"\n---\n", 2,
	    "YAML syntax error: found invalid Unicode character escape code "
	    "(while parsing a quoted scalar)");
}

static void
test_syntax(void)
{
	BAD("mapping in plain", "---\ntitle: t\nsummary: a: b\n---\n", 3,
	    "YAML syntax error: mapping values are not allowed in this context");
	BAD("unclosed quote", "---\ntitle: \"abc\nslug: x\n---\n", 4,
	    "YAML syntax error: found unexpected end of stream "
	    "(while scanning a quoted scalar)");
	BAD("tab indent", "---\ntitle: t\ntopics:\n\t- a\n---\n", 4,
	    "YAML syntax error: found character that cannot start any token "
	    "(while scanning for the next token)");
	BAD("bad indent", "---\ntitle: t\n  slug: x\n---\n", 3,
	    "YAML syntax error: mapping values are not allowed in this context");
	BAD("unclosed flow", "---\ntitle: t\ntopics: [a, b\nslug: c\n---\n", 4,
	    "YAML syntax error: did not find expected ',' or ']' "
	    "(while parsing a flow sequence)");
}

static void
test_emit(void)
{
	struct fm	 fm;
	struct buf	 b;
	char		*topics[] = { "Sleep", "a \"b\"" };

	memset(&fm, 0, sizeof(fm));
	fm.title = "A \"quoted\" \\ title";
	fm.slug = "a-slug";
	fm.summary = "";		/* empty is absent */
	fm.status = "published";
	fm.date = T0930;
	fm.has_date = 1;
	fm.updated = 0;		/* the epoch is a date like any other */
	fm.has_updated = 1;
	fm.reviewed = "2024-02-28";
	fm.topics = topics;
	fm.ntopics = 2;
	buf_init(&b);
	fm_emit(&b, &fm);
	STR_EQ(b.data,
	    "---\n"
	    "title: \"A \\\"quoted\\\" \\\\ title\"\n"
	    "slug: \"a-slug\"\n"
	    "date: 2024-03-01T09:30:00Z\n"
	    "updated: 1970-01-01T00:00:00Z\n"
	    "status: \"published\"\n"
	    "reviewed: \"2024-02-28\"\n"
	    "topics:\n"
	    "  - \"Sleep\"\n"
	    "  - \"a \\\"b\\\"\"\n"
	    "---\n", "emit format");

	/* Everything YAML would fold, refuse or read as a break is escaped. */
	memset(&fm, 0, sizeof(fm));
	fm.title = "a\nb\tc\rd\x01\x1f\x7f\xc2\x85\xc2\x9f\xc2\xa0"
	    "\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\xef\xbf\xbe\xef\xbf\xbf\xff!";
	buf_reset(&b);
	fm_emit(&b, &fm);
	STR_EQ(b.data, "---\ntitle: \"a\\nb\\tc\\x0Dd\\x01\\x1F\\x7F\\x85\\x9F"
	    "\xc2\xa0\\u2028\\u2029\\uFEFF\\uFFFE\\uFFFF\\uFFFD!\"\n---\n",
	    "emit escapes");
	buf_free(&b);

	/* Invalid UTF-8 comes back as U+FFFD, and nothing else changes. */
	fm.title = "a\xff" "b";
	memset(&b, 0, sizeof(b));
	fm_emit(&b, &fm);
	{
		struct fm	 y;

		if (good("emit invalid UTF-8", b.data, b.len, &y) == 0) {
			STR_EQ(y.title, "a\xef\xbf\xbd" "b", "U+FFFD");
			fm_free(&y);
		}
	}
	buf_free(&b);
}

static void
test_roundtrip(void)
{
	static const char *const tricky[] = {
		"yes", "no", "y", "N", "null", "~", "true", "off", "1.0", "0x10",
		"1e3", ".inf", "-.nan", "0o17", "2024-03-01", "12:30:00",
		"-", "---", "...", "- a", "-a", "? x", ": y", "#", "a #b", "#a",
		"a: b", "a:b", "\"", "'", "''", "\\", "\\n", "  lead", "trail  ",
		" ", "!", "!!str x", "&a", "*a", "|", ">", "%YAML", "@", "`",
		"{", "}", "[", "]", ",", "a, b", "\xc2\xa0nbsp",
		"\xf0\x9f\x98\x80 emoji", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"ünïcödé", "line\nbreak", "two\n\nbreaks\n", "\ntrailing\n",
		"cr\r\nlf", "\r", "\t", "tab\tin", "\x01\x02\x1b[0m\x7f",
		"\xc2\x85nel", "\xe2\x80\xa8ls\xe2\x80\xa9ps", "\xef\xbb\xbf\x62om",
		"\xef\xbf\xbe\xef\xbf\xbf", "a  \n  b", "<script>", "%",
		"\\x41", "\\u0041", "\"\\\"",
	};
	static const char doc[] =
	    "---\n"
	    "layout: ignored\n"
	    "title: >-\n"
	    "  Folded, with \"quotes\"\n"
	    "  and a colon: here\n"
	    "date: 2024-03-01 10:30 +01:00\n"
	    "lastmod: 2024-03-01\n"
	    "tags: [\"c#\", 'it''s']\n"
	    "categories: x, y\n"
	    "draft: true\n"
	    "description: |\n"
	    "  Two\n"
	    "  lines\n"
	    "kind: page\n"
	    "author: \"\\u00e9\"\n"
	    "review_due: 2024-02-29\n"
	    "---\n";
	struct fm	 x, y;
	char		*topics[FM_MAX_TOPICS];
	char		 name[64];
	size_t		 i, n;
	struct buf	 b;

	/* Each tricky string in every kind of field it can go in. */
	for (i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		snprintf(name, sizeof(name), "round trip #%zu", i);
		memset(&x, 0, sizeof(x));
		x.title = strspn(tricky[i], " \t\r\n") == strlen(tricky[i]) ?
		    "blank" : (char *)tricky[i];
		x.summary = (char *)tricky[i];
		x.author = (char *)tricky[i];
		x.reviewer = (char *)tricky[i];
		roundtrip(name, &x);
	}

	/* Topics that survive trimming, 20 at a time. */
	for (i = 0, n = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		const char	*t = tricky[i];
		size_t		 len = strlen(t);

		if (len == 0 || strchr(" \t\r\n", t[0]) != NULL ||
		    strchr(" \t\r\n", t[len - 1]) != NULL || strchr(t, ',') != NULL)
			continue;
		topics[n++] = (char *)t;
		if (n == FM_MAX_TOPICS || i + 1 == sizeof(tricky) / sizeof(tricky[0])) {
			snprintf(name, sizeof(name), "topic round trip to #%zu", i);
			memset(&x, 0, sizeof(x));
			x.title = "t";
			x.topics = topics;
			x.ntopics = n;
			roundtrip(name, &x);
			n = 0;
		}
	}
	INT_EQ(n, 0, "every topic batch was checked");
	/* A comma inside a list item is kept: only a string value is split. */
	memset(&x, 0, sizeof(x));
	x.title = "t";
	topics[0] = "a, b";
	x.topics = topics;
	x.ntopics = 1;
	roundtrip("topic with a comma", &x);

	/* Every field, and dates at both ends of the range. */
	memset(&x, 0, sizeof(x));
	x.title = "Full";
	x.slug = "full-1";
	x.summary = "S";
	x.status = "draft";
	x.kind = "page";
	x.author = "A";
	x.reviewer = "R";
	x.reviewed = "2024-02-29";
	x.review_due = "2025-02-28";
	x.date = (time_t)-2208988800LL;
	x.has_date = 1;
	x.updated = (time_t)253402300799LL;
	x.has_updated = 1;
	roundtrip("every field", &x);

	/* parse → emit → parse of a messy real-world file. */
	if (GOOD("messy", doc, &x) != 0)
		return;
	STR_EQ(x.title, "Folded, with \"quotes\" and a colon: here", "messy title");
	STR_EQ(x.status, "draft", "messy status");
	STR_EQ(x.summary, "Two\nlines\n", "messy summary");
	INT_EQ(x.ntopics, 4, "messy topics");
	INT_EQ(x.updated, 1709251200, "messy lastmod");
	buf_init(&b);
	fm_emit(&b, &x);
	if (good("messy again", b.data, b.len, &y) == 0) {
		same("messy round trip", &x, &y);
		fm_free(&y);
	}
	buf_free(&b);
	fm_free(&x);
}

/* The featured image: ours and Jekyll's "image", Hugo's "featured_image" and "images". */
static void
test_images(void)
{
	struct fm	 fm;
	struct buf	 b;
	char		 long_image[FM_MAX_IMAGE + 40];

	if (GOOD("image", "---\ntitle: T\nimage: /media/3/room.jpg\n---\n", &fm) == 0) {
		STR_EQ(fm.image, "/media/3/room.jpg", "image: as written");
		buf_init(&b);
		fm_emit(&b, &fm);
		OK(strstr(b.data, "\nimage: ") != NULL, "image is emitted");
		fm_free(&fm);
		if (good("image emitted", b.data, b.len, &fm) == 0) {
			STR_EQ(fm.image, "/media/3/room.jpg", "image reads back identically");
			fm_free(&fm);
		}
		buf_free(&b);
	}
	if (GOOD("featured_image", "---\ntitle: T\nfeatured_image: a.jpg\n---\n", &fm) == 0) {
		STR_EQ(fm.image, "a.jpg", "featured_image is the image");
		fm_free(&fm);
	}
	if (GOOD("images", "---\ntitle: T\nimages:\n  - first.jpg\n  - second.jpg\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.image, "first.jpg", "the first of images is the image");
		fm_free(&fm);
	}
	if (GOOD("images string", "---\ntitle: T\nimages: one.jpg\n---\n", &fm) == 0) {
		STR_EQ(fm.image, "one.jpg", "images as one string");
		fm_free(&fm);
	}
	if (GOOD("image wins", "---\nimages: [c.jpg]\nfeatured_image: b.jpg\ntitle: T\n"
	    "image: a.jpg\n---\n", &fm) == 0) {
		STR_EQ(fm.image, "a.jpg", "image wins over featured_image and images");
		fm_free(&fm);
	}
	if (GOOD("featured wins", "---\nimages: [c.jpg]\nfeatured_image: b.jpg\ntitle: T\n---\n",
	    &fm) == 0) {
		STR_EQ(fm.image, "b.jpg", "featured_image wins over images");
		fm_free(&fm);
	}
	if (GOOD("images empty", "---\ntitle: T\nimages: []\n---\n", &fm) == 0) {
		OK(fm.image == NULL, "an empty images list is no image");
		fm_free(&fm);
	}
	BAD("images of mappings", "---\ntitle: T\nimages:\n  - {src: a.jpg}\n---\n", 4,
	    "'images' must be a list of strings");
	BAD("image mapping", "---\ntitle: T\nimage:\n  path: a.jpg\n---\n", 4,
	    "'image' must be a string, not a mapping");
	memset(long_image, 'a', sizeof(long_image));
	memcpy(long_image, "---\ntitle: T\nimage: ", 20);
	memcpy(long_image + sizeof(long_image) - 6, "\n---\n", 6);
	bad("image too long", long_image, sizeof(long_image) - 1, 3,
	    "image is longer than 1000 bytes");
}

int
main(void)
{
	/* Times without a zone are local; make that deterministic. */
	setenv("TZ", "UTC", 1);
	tzset();

	test_full();
	test_jekyll();
	test_hugo();
	test_draft();
	test_quoting();
	test_blocks();
	test_dates();
	test_nulls_and_guessing();
	test_topics();
	test_delimiters();
	test_errors();
	test_limits();
	test_hostile();
	test_syntax();
	test_emit();
	test_roundtrip();
	test_images();
	return harness_done("test-frontmatter");
}
