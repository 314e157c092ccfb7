/* SPDX-License-Identifier: ISC */
/* checks_report.c: the health-content checks as the site's settings ask for them, and their
 * advice as text lines: for every article (`meridian check --content`) and at import. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks.h"
#include "meridian.h"

/* The checks the settings (values "v") switch on, their claims list and reading age. */
void
checks_opts_settings(char *const *v, struct check_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->enabled[CHECK_CLAIMS] = strcmp(v[SET_CHECK_CLAIMS], "off") != 0;
	o->enabled[CHECK_READABILITY] = strcmp(v[SET_CHECK_READABILITY], "off") != 0;
	o->enabled[CHECK_ACCESSIBILITY] = strcmp(v[SET_CHECK_ACCESSIBILITY], "off") != 0;
	o->enabled[CHECK_REVIEW] = strcmp(v[SET_CHECK_REVIEW], "off") != 0;
	o->claims = v[SET_CLAIMS_LIST];
	o->target_age = atoi(v[SET_READING_AGE]);
	if (o->target_age < 6 || o->target_age > 21)
		o->target_age = 11;
}

/*
 * Prints each warning the checks give on "md" as "WHERE: advice: FAMILY: TEXT" to "out".
 * Returns the number of warnings, or -1 if the text cannot be read (too large, not UTF-8).
 */
int
checks_print(FILE *out, const char *where, const char *md, size_t len,
    const struct check_opts *o)
{
	struct check_report	 r;
	size_t			 i;
	int			 n = 0;

	if (checks_run(md, len, o, &r) == -1) {
		checks_free(&r);
		return -1;
	}
	for (i = 0; i < r.nnotes; i++) {
		if (!r.notes[i].warn)
			continue;
		fprintf(out, "%s: advice: %s: %s\n", where,
		    checks_family_names[r.notes[i].family], r.notes[i].text);
		n++;
	}
	checks_free(&r);
	return n;
}

/* "YYYY-MM-DD" of "t" in the site's time zone. */
static void
checks_day(time_t t, char *out, size_t len)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d", &tm);
}

/* What checks_report_all() carries from one article to the next. */
struct checks_all {
	const struct check_opts	*base;
	FILE			*out;
	size_t			 checked, advised;
	int			 unreadable;
};

/* post_each_fn: checks one article or page and prints its advice. */
static int
checks_report_one(const struct post *p, void *arg)
{
	struct checks_all	*a = arg;
	struct check_opts	 o = *a->base;
	struct check_review	 rv;
	char			 day[16], where[160];
	int			 n;

	checks_day(p->substantive_at ? p->substantive_at : p->created_at, day, sizeof(day));
	rv.substantive = 1;
	rv.edit_date = day;
	rv.reviewer = p->reviewer;
	rv.reviewed_date = p->reviewed_date ? p->reviewed_date : "";
	rv.review_due = p->review_due_date ? p->review_due_date : "";
	o.review = strcmp(p->kind, "page") == 0 ? NULL : &rv;
	snprintf(where, sizeof(where), "%s/%s", strcmp(p->kind, "page") == 0 ? "" :
	    "/articles", p->slug);
	n = checks_print(a->out, where, p->body_md, strlen(p->body_md), &o);
	if (n == -1) {
		fprintf(a->out, "%s: the text cannot be checked (too large, or not UTF-8)\n",
		    where);
		a->unreadable++;
	} else if (n > 0)
		a->advised++;
	a->checked++;
	return 0;
}

/*
 * Checks every article and page not in the trash, printing the advice to "out". The review
 * check compares the review with the last change of the advice. Returns the number of texts
 * that could not be read, or -1 on a database error; "*checked" and "*advised" count the
 * articles checked and those with advice.
 */
int
checks_report_all(struct db *db, const struct check_opts *base, FILE *out,
    size_t *checked, size_t *advised)
{
	struct checks_all	 a = { base, out, 0, 0, 0 };
	int			 rc;

	rc = post_list_all(db, 0, checks_report_one, &a);
	*checked = a.checked;
	*advised = a.advised;
	return rc == -1 ? -1 : a.unreadable;
}
