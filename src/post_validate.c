/* SPDX-License-Identifier: ISC */
/* post_validate.c: the rules every saved post obeys, whichever way it comes in (the editor,
 * an import of Markdown files), in one place, each broken rule told in one sentence. */
#include "config.h"

#include <string.h>

#include "meridian.h"
#include "slug.h"
#include "util.h"

/* Names of people (author, reviewer): bytes, so a page header cannot be flooded. */
#define POST_MAX_NAME	200

enum post_validity
post_validate(const struct post_input *in, int budget_ms, struct buf *err, int *body_ok)
{
	size_t			 tl = util_utf8_len(in->title, strlen(in->title));
	enum post_validity	 v = POST_VALID;
	enum md_result		 mr;

	if (tl == 0)
		buf_puts(err, "The title is empty. ");
	else if (tl > LIMIT_TITLE)
		buf_printf(err, "The title is longer than %d characters. ", LIMIT_TITLE);
	if (in->slug != NULL && *in->slug != '\0' && !slug_valid(in->slug))
		buf_puts(err, "The slug may only hold a-z, 0-9 and single hyphens "
		    "(at most 100), and must not be a reserved word. ");
	if (util_utf8_len(in->summary, strlen(in->summary)) > LIMIT_SUMMARY)
		buf_printf(err, "The summary is longer than %d characters. ",
		    LIMIT_SUMMARY);
	if (strcmp(in->kind, "article") != 0 && strcmp(in->kind, "page") != 0)
		buf_puts(err, "Choose whether this is an article or a page. ");
	if (strcmp(in->status, "draft") != 0 && strcmp(in->status, "published") != 0)
		buf_puts(err, "Choose draft or published. ");
	if (in->reviewed_date != NULL && *in->reviewed_date != '\0' &&
	    !util_valid_date(in->reviewed_date))
		buf_puts(err, "The reviewed date must be a real day, YYYY-MM-DD. ");
	if (in->review_due_date != NULL && *in->review_due_date != '\0' &&
	    !util_valid_date(in->review_due_date))
		buf_puts(err, "The next review date must be a real day, YYYY-MM-DD. ");
	if (strlen(in->author) > POST_MAX_NAME || strlen(in->reviewer) > POST_MAX_NAME)
		buf_printf(err, "Author and reviewer names are limited to %d characters. ",
		    POST_MAX_NAME);
	if (body_ok != NULL)
		*body_ok = -1;
	if (in->body_len > LIMIT_MARKDOWN) {
		buf_printf(err, "The text is larger than %d KiB. ", LIMIT_MARKDOWN / 1024);
		v = POST_TOO_LARGE;
	} else if ((mr = md_check(in->body_md, in->body_len, budget_ms, NULL)) != MD_OK)
		buf_printf(err, "%s. ", md_strerror(mr));
	else if (body_ok != NULL)
		*body_ok = 1;
	if (v == POST_VALID && err->len > 0)
		v = POST_INVALID;
	return v;
}
