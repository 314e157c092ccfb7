/* SPDX-License-Identifier: ISC */
/* checks.c: health-content checks on an article's Markdown, walked as cmark's tree: claims
 * regulators single out (an editable phrase list), readability (Flesch reading ease and an
 * approximate reading age), and accessibility (headings, alt text, link text, capitals). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "buf.h"
#include "checks.h"
#include "util.h"

const char *const checks_family_names[CHECK__MAX] = {
	[CHECK_CLAIMS] = "Claims",
	[CHECK_READABILITY] = "Readability",
	[CHECK_ACCESSIBILITY] = "Accessibility",
	[CHECK_REVIEW] = "Medical review",
};

/* Phrases advertising regulators single out in health marketing, one "phrase | reason" a line. */
const char *const checks_default_claims =
    "cure | A promise to cure needs strong evidence; regulators treat it as misleading.\n"
    "cures | A promise to cure needs strong evidence; regulators treat it as misleading.\n"
    "guaranteed | No treatment's result can be guaranteed.\n"
    "miracle | \"Miracle\" promises an effect no evidence can show.\n"
    "100% safe | No treatment is free of risk; say what the risks are.\n"
    "completely safe | No treatment is free of risk; say what the risks are.\n"
    "no side effects | Every treatment that works can have side effects.\n"
    "detox | \"Detox\" has no clear meaning here and no evidence behind it.\n"
    "boosts your immune system | Immune-boosting claims are singled out as unproven.\n"
    "boost your immune system | Immune-boosting claims are singled out as unproven.\n"
    "clinically proven | Name the trials, or do not claim proof.\n"
    "stop taking your medication | Never advise stopping medicine; send readers to their "
    "doctor.\n"
    "instead of your medication | Never advise replacing medicine; send readers to their "
    "doctor.\n";

/* One parsed line of the claims list; both point into the caller's copy. */
struct claim {
	const char	*phrase;
	const char	*reason;
	size_t		 hits;
};

struct walk {
	const struct check_opts	*opts;
	struct check_report	*r;
	struct claim		*claims;
	size_t			 nclaims;
	struct buf		 block;		/* text of the paragraph or heading */
	struct buf		 inner;		/* text of the link or image being read */
	int			 in_image, in_link, last_level;
	size_t			 long_words[3];	/* the longest sentences so far */
	char			*long_text[3];
};

static void
note(struct walk *w, enum check_family f, int warn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
note(struct walk *w, enum check_family f, int warn, const char *fmt, ...)
{
	struct check_report	*r = w->r;
	struct buf		 b;
	va_list			 ap;

	if (warn && ++r->counts[f] > CHECKS_MAX_NOTES)
		return;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof(*r->notes));
	r->notes[r->nnotes].family = f;
	r->notes[r->nnotes].warn = warn;
	r->notes[r->nnotes++].text = buf_detach(&b);
}

/* Trims ASCII space at both ends of "s", in place; returns the first kept byte. */
static char *
trim(char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* The text of "b", "" when nothing was ever put in it. */
static char *
text_of(struct buf *b)
{
	static char	 empty[1];

	return b->data != NULL ? b->data : empty;
}

/*
 * Parses "list" (copied into "*copy", which the caller frees) into claims. Lines without a
 * '|' are phrases with a general reason; empty lines are skipped. Returns the count.
 */
static size_t
claims_parse(const char *list, char **copy, struct claim **out)
{
	char		*p, *line, *bar;
	struct claim	*v = NULL;
	size_t		 n = 0;

	*copy = p = xstrdup(list != NULL ? list : "");
	while (p != NULL && n < CHECKS_MAX_CLAIMS) {
		line = strsep(&p, "\n");
		/* Its text reaches the writer: never a broken character (the setting is checked
		 * when saved; this is for a list from anywhere else). */
		if (!util_utf8_valid(line, strlen(line)))
			continue;
		if ((bar = strchr(line, '|')) != NULL)
			*bar++ = '\0';
		line = trim(line);
		if (*line == '\0' || strlen(line) > CHECKS_MAX_PHRASE)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].phrase = line;
		v[n].reason = bar != NULL && *(bar = trim(bar)) != '\0' ? bar :
		    "Check that this claim is supported by evidence.";
		v[n++].hits = 0;
	}
	*out = v;
	return n;
}

/* The length of [s, e) without the spaces at either end. */
static size_t
span_trimmed(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return (size_t)(e - s);
}

/* Checks an admin's claims list; returns NULL, or why it is refused. */
const char *
checks_claims_validate(const char *list)
{
	const char	*p = list, *e, *bar;
	size_t		 lines = 0;

	for (; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (++lines > CHECKS_MAX_CLAIMS)
			return "The claims list may have at most 200 lines.";
		bar = memchr(p, '|', (size_t)(e - p));
		if (span_trimmed(p, bar ? bar : e) > CHECKS_MAX_PHRASE)
			return "A phrase in the claims list may have at most 100 characters.";
		if (bar != NULL && span_trimmed(bar + 1, e) > CHECKS_MAX_REASON)
			return "A reason in the claims list may have at most 300 characters.";
	}
	return NULL;
}

static int
is_word_byte(unsigned char c)
{
	return isalnum(c) || c == '\'' || c >= 0x80;
}

/* Counts each claim's whole-phrase, case-insensitive occurrences in "text". */
static void
claims_scan(struct walk *w, const char *text, size_t len)
{
	size_t	 i, j, pl;

	for (i = 0; i < w->nclaims; i++) {
		pl = strlen(w->claims[i].phrase);
		for (j = 0; j + pl <= len; j++) {
			if (strncasecmp(text + j, w->claims[i].phrase, pl) != 0)
				continue;
			if (j > 0 && isalnum((unsigned char)text[j - 1]))
				continue;
			if (j + pl < len && isalnum((unsigned char)text[j + pl]))
				continue;
			w->claims[i].hits++;
		}
	}
}

/* Syllables in one English word, by vowel groups less a silent final "e"; at least 1. */
size_t
checks_syllables(const char *word, size_t len)
{
	size_t	 i, n = 0;
	int	 prev = 0, v;

	for (i = 0; i < len; i++) {
		int c = tolower((unsigned char)word[i]);

		v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
		if (v && !prev)
			n++;
		prev = v;
	}
	if (len > 2 && n > 1 && tolower((unsigned char)word[len - 1]) == 'e' &&
	    !(tolower((unsigned char)word[len - 2]) == 'l' &&
	    !strchr("aeiouy", tolower((unsigned char)word[len - 3]))))
		n--;
	return n ? n : 1;
}

/* Flesch reading ease: 206.835 - 1.015 words/sentence - 84.6 syllables/word. */
double
checks_flesch(size_t words, size_t sentences, size_t syllables)
{
	if (words == 0)
		return 0;
	if (sentences == 0)
		sentences = 1;
	return 206.835 - 1.015 * ((double)words / sentences) -
	    84.6 * ((double)syllables / words);
}

/* Flesch-Kincaid grade level plus 5: the age at which a reader is in that school grade. */
double
checks_reading_age(size_t words, size_t sentences, size_t syllables)
{
	if (words == 0)
		return 0;
	if (sentences == 0)
		sentences = 1;
	return 0.39 * ((double)words / sentences) + 11.8 * ((double)syllables / words) -
	    15.59 + 5;
}

/* Keeps the sentence "s" if it is among the three longest past the threshold. */
static void
long_sentence(struct walk *w, const char *s, size_t len, size_t words)
{
	size_t	 i, k;

	if (words <= CHECKS_LONG_SENTENCE)
		return;
	for (i = 0; i < 3 && w->long_words[i] >= words; i++)
		;
	if (i == 3)
		return;
	free(w->long_text[2]);
	for (k = 2; k > i; k--) {
		w->long_words[k] = w->long_words[k - 1];
		w->long_text[k] = w->long_text[k - 1];
	}
	w->long_words[i] = words;
	w->long_text[i] = xstrndup(s, len);
}

/* Splits a paragraph's text into sentences and words for the readability figures. */
static void
readability_scan(struct walk *w, const char *t, size_t len)
{
	size_t	 i = 0, start = 0, words = 0, wl;

	while (i < len) {
		while (i < len && !is_word_byte((unsigned char)t[i])) {
			if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && words > 0 &&
			    (i + 1 == len || isspace((unsigned char)t[i + 1]))) {
				w->r->sentences++;
				long_sentence(w, t + start, i + 1 - start, words);
				words = 0;
				start = i + 1;
			}
			i++;
		}
		for (wl = 0; i + wl < len && is_word_byte((unsigned char)t[i + wl]); wl++)
			;
		if (wl == 0)
			break;
		if (words == 0)
			start = i;
		w->r->words++;
		w->r->syllables += checks_syllables(t + i, wl);
		words++;
		i += wl;
	}
	if (words > 0) {
		w->r->sentences++;
		long_sentence(w, t + start, len - start, words);
	}
}

/* Up to 60 characters of "s" (whole UTF-8 sequences), with an ellipsis if cut. */
static char *
excerpt(const char *s)
{
	size_t	 n = 0, chars = 0, len = strlen(s);
	char	*out;

	while (s[n] == ' ')
		s++, len--;
	while (n < len && chars < 60) {
		n++;
		while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		chars++;
	}
	out = xmalloc(n + 4);
	memcpy(out, s, n);
	strcpy(out + n, n < len ? "…" : "");
	return out;
}

static int
all_caps(const char *t)
{
	size_t	 upper = 0;

	for (; *t != '\0'; t++) {
		if (islower((unsigned char)*t))
			return 0;
		if (isupper((unsigned char)*t))
			upper++;
	}
	return upper >= 12;
}

/* Whether alt text says nothing: empty, a generic word, or a file name. */
static int
alt_meaningless(const char *alt)
{
	static const char *const generic[] = { "image", "picture", "photo", "img",
	    "graphic", "photograph", "screenshot", "alt" };
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".gif", ".webp",
	    ".svg" };
	size_t	 i, n = strlen(alt);

	if (n == 0)
		return 1;
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (strcasecmp(alt, generic[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (n > strlen(exts[i]) &&
		    strcasecmp(alt + n - strlen(exts[i]), exts[i]) == 0)
			return 1;
	return 0;
}

static int
link_text_vague(const char *t)
{
	static const char *const vague[] = { "click here", "here", "read more", "more",
	    "this link", "link", "this", "click", "this page" };
	size_t	 i;

	for (i = 0; i < sizeof(vague) / sizeof(vague[0]); i++)
		if (strcasecmp(t, vague[i]) == 0)
			return 1;
	return 0;
}

static void
on_heading(struct walk *w, cmark_node *n, const char *text)
{
	int	 level = cmark_node_get_heading_level(n);
	char	*ex = excerpt(text);

	if (!w->opts->enabled[CHECK_ACCESSIBILITY])
		goto out;
	if (level == 1)
		note(w, CHECK_ACCESSIBILITY, 1, "The heading \"%s\" is at level 1: the title "
		    "is the page's level-1 heading, so start sections at ## (level 2).", ex);
	else if (level > w->last_level + 1)
		note(w, CHECK_ACCESSIBILITY, 1, "The heading \"%s\" jumps from level %d to "
		    "%d: screen-reader users navigate by levels, so do not skip one.", ex,
		    w->last_level, level);
	w->last_level = level;
out:
	free(ex);
}

static void
on_paragraph(struct walk *w, const char *text, size_t len)
{
	char	*ex;

	if (w->opts->enabled[CHECK_READABILITY])
		readability_scan(w, text, len);
	if (w->opts->enabled[CHECK_ACCESSIBILITY] && all_caps(text)) {
		ex = excerpt(text);
		note(w, CHECK_ACCESSIBILITY, 1, "The paragraph \"%s\" is in capitals: harder "
		    "to read, and some screen readers spell it out letter by letter.", ex);
		free(ex);
	}
}

static void
on_link_or_image(struct walk *w, cmark_node *n, int image)
{
	const char	*url = cmark_node_get_url(n);
	char		*t = trim(text_of(&w->inner));
	char		*ex;

	if (!w->opts->enabled[CHECK_ACCESSIBILITY])
		return;
	ex = excerpt(t);
	if (image && alt_meaningless(t))
		note(w, CHECK_ACCESSIBILITY, 1, "The image %s has no meaningful alt text "
		    "(\"%s\"): say what it shows for people who cannot see it.",
		    url ? url : "", ex);
	else if (!image && link_text_vague(t))
		note(w, CHECK_ACCESSIBILITY, 1, "The link text \"%s\" says nothing out of "
		    "context: name where the link leads.", ex);
	else if (!image && (strncasecmp(t, "http://", 7) == 0 ||
	    strncasecmp(t, "https://", 8) == 0 || strncasecmp(t, "www.", 4) == 0))
		note(w, CHECK_ACCESSIBILITY, 1, "The link \"%s\" shows a bare web address: "
		    "screen readers read it out character by character; describe where it "
		    "leads.", ex);
	free(ex);
}

static void
walk_tree(struct walk *w, cmark_node *doc)
{
	cmark_iter		*it = cmark_iter_new(doc);
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER) {
				buf_reset(&w->block);
				break;
			}
			claims_scan(w, text_of(&w->block), w->block.len);
			if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
				on_heading(w, n, text_of(&w->block));
			else
				on_paragraph(w, text_of(&w->block), w->block.len);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_ENTER) {
				if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
					w->in_image++;
				else
					w->in_link++;
				buf_reset(&w->inner);
				break;
			}
			if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
				w->in_image--;
			else
				w->in_link--;
			on_link_or_image(w, n, cmark_node_get_type(n) == CMARK_NODE_IMAGE);
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			if (lit == NULL)
				break;
			if (w->in_image || w->in_link)
				buf_puts(&w->inner, lit);
			/* Alt text is not prose: it is read, but not as the article's sentences. */
			if (!w->in_image)
				buf_puts(&w->block, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (!w->in_image)
				buf_puts(&w->block, " ");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void
readability_notes(struct walk *w)
{
	struct check_report	*r = w->r;
	size_t			 i;
	char			*ex;

	if (r->words == 0)
		return;
	r->ease = checks_flesch(r->words, r->sentences, r->syllables);
	r->age = checks_reading_age(r->words, r->sentences, r->syllables);
	note(w, CHECK_READABILITY, 0, "Reading ease %.0f of 100 (higher is easier; 60 to 70 "
	    "is plain English); reading age about %.0f, target %d. %zu words in %zu "
	    "sentences.", r->ease, r->age, w->opts->target_age, r->words, r->sentences);
	if (r->age > w->opts->target_age + 0.5)
		note(w, CHECK_READABILITY, 1, "The reading age is above the target of %d: "
		    "shorter sentences and everyday words make it easier.",
		    w->opts->target_age);
	for (i = 0; i < 3 && w->long_text[i] != NULL; i++) {
		ex = excerpt(w->long_text[i]);
		note(w, CHECK_READABILITY, 1, "A long sentence (%zu words): \"%s\"",
		    w->long_words[i], ex);
		free(ex);
	}
}

/* The medical review of an article: whoever reads it should see advice that was reviewed. */
static void
review_notes(struct walk *w, const struct check_review *rv)
{
	if (rv->substantive && *rv->reviewer == '\0')
		note(w, CHECK_REVIEW, 1, "This edit changes the advice, but no medical reviewer "
		    "is named: have a clinician review it.");
	if (rv->substantive && *rv->reviewed_date != '\0' &&
	    strcmp(rv->reviewed_date, rv->edit_date) < 0)
		note(w, CHECK_REVIEW, 1, "The review date (%s) is older than this edit (%s): "
		    "the changed advice has not been reviewed yet.", rv->reviewed_date,
		    rv->edit_date);
	if (*rv->review_due == '\0')
		note(w, CHECK_REVIEW, 1, "No \"next review due\" date: set one, so that the "
		    "dashboard reminds you when the advice may be out of date.");
}

/*
 * Runs the enabled checks on the Markdown "md" into "r" (zeroed here; free it with
 * checks_free either way). The caller has already bounded the text's render time (md_check).
 * Returns 0, or -1 if the text is too large or not UTF-8.
 */
int
checks_run(const char *md, size_t len, const struct check_opts *o, struct check_report *r)
{
	struct walk	 w;
	cmark_node	*doc;
	char		*copy = NULL;
	size_t		 i, extra;
	int		 f;

	memset(r, 0, sizeof(*r));
	if (len > CHECKS_MAX_TEXT || !util_utf8_valid(md, len) ||
	    memchr(md, '\0', len) != NULL)
		return -1;
	memset(&w, 0, sizeof(w));
	w.opts = o;
	w.r = r;
	w.last_level = 1;
	buf_init(&w.block);
	buf_init(&w.inner);
	if (o->enabled[CHECK_CLAIMS])
		w.nclaims = claims_parse(o->claims, &copy, &w.claims);
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (doc != NULL) {
		walk_tree(&w, doc);
		cmark_node_free(doc);
	}
	for (i = 0; i < w.nclaims; i++)
		if (w.claims[i].hits > 0)
			note(&w, CHECK_CLAIMS, 1, "\"%s\"%s: %s", w.claims[i].phrase,
			    w.claims[i].hits > 1 ? " (more than once)" : "",
			    w.claims[i].reason);
	if (o->enabled[CHECK_READABILITY])
		readability_notes(&w);
	if (o->enabled[CHECK_REVIEW] && o->review != NULL)
		review_notes(&w, o->review);
	for (f = 0; f < CHECK__MAX; f++)
		if ((extra = r->counts[f]) > CHECKS_MAX_NOTES)
			note(&w, (enum check_family)f, 0, "... and %zu more.",
			    extra - CHECKS_MAX_NOTES);
	for (i = 0; i < 3; i++)
		free(w.long_text[i]);
	free(w.claims);
	free(copy);
	buf_free(&w.block);
	buf_free(&w.inner);
	return 0;
}

void
checks_free(struct check_report *r)
{
	size_t	 i;

	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i].text);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}
