/* SPDX-License-Identifier: ISC */
/* checks.h: health-content checks of an article's Markdown (claims, readability,
 * accessibility): advice for the writer, never a reason to refuse a save. */
#ifndef MERIDIAN_CHECKS_H
#define MERIDIAN_CHECKS_H

#include <stddef.h>
#include <stdio.h>

/* Limits on what the checks read: the claims list is an admin's setting, the text a body. */
#define CHECKS_MAX_TEXT		(256 * 1024)
#define CHECKS_MAX_CLAIMS	200	/* lines of the claims list */
#define CHECKS_MAX_PHRASE	100	/* bytes of one phrase */
#define CHECKS_MAX_REASON	300	/* bytes of one reason */
#define CHECKS_MAX_NOTES	60	/* notes per family; more are summarised */
#define CHECKS_LONG_SENTENCE	25	/* words; longer sentences are named */

enum check_family {
	CHECK_CLAIMS,
	CHECK_READABILITY,
	CHECK_ACCESSIBILITY,
	CHECK_REVIEW,
	CHECK__MAX
};

/* What the review check reads: the article's medical review fields and this edit. */
struct check_review {
	int		 substantive;	/* this edit changes the advice */
	const char	*edit_date;	/* YYYY-MM-DD of this edit */
	const char	*reviewer;	/* "" = none */
	const char	*reviewed_date;	/* YYYY-MM-DD, or "" */
	const char	*review_due;	/* YYYY-MM-DD, or "" */
};

struct check_opts {
	int		 enabled[CHECK__MAX];
	const char	*claims;	/* lines "phrase | reason"; NULL = none */
	int		 target_age;	/* reading age aimed at, e.g. 11 */
	const struct check_review *review;	/* NULL: no review check (a page) */
};

/* One piece of advice; "text" is owned and plain (the template escapes it). */
struct check_note {
	enum check_family	 family;
	int			 warn;		/* 0: a figure for information */
	char			*text;
};

struct check_report {
	struct check_note	*notes;
	size_t			 nnotes;
	size_t			 counts[CHECK__MAX];
	size_t			 words, sentences, syllables;
	double			 ease;		/* Flesch reading ease; valid if words > 0 */
	double			 age;		/* approximate reading age in years */
};

extern const char *const checks_family_names[CHECK__MAX];
extern const char *const checks_default_claims;

/* checks_report.c */
struct db;
void	 checks_opts_settings(char *const *settings_v, struct check_opts *);
int	 checks_print(FILE *, const char *where, const char *md, size_t len,
	    const struct check_opts *);
int	 checks_report_all(struct db *, const struct check_opts *, FILE *,
	    size_t *checked, size_t *advised);

int	 checks_run(const char *md, size_t len, const struct check_opts *,
	    struct check_report *);
void	 checks_free(struct check_report *);
const char *checks_claims_validate(const char *list);
size_t	 checks_syllables(const char *word, size_t len);
double	 checks_flesch(size_t words, size_t sentences, size_t syllables);
double	 checks_reading_age(size_t words, size_t sentences, size_t syllables);

#endif
