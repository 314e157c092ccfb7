/* SPDX-License-Identifier: ISC */
/* test-validate.c: post_validate(), the rules the editor and the importers share: each broken
 * rule is named, every one at once, and an oversized body is told apart (413). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meridian.h"

#include "harness.h"

static void
good(struct post_input *in)
{
	memset(in, 0, sizeof(*in));
	in->kind = "article";
	in->slug = "cupping-and-bruises";
	in->title = "Cupping and bruises";
	in->summary = "Why the marks appear and when they fade.";
	in->body_md = "The marks fade in a week.\n";
	in->body_len = strlen(in->body_md);
	in->status = "published";
	in->author = "Dr. Rowan Ito";
	in->reviewer = "";
}

/* Validates "in"; "err" receives the sentences. */
static enum post_validity
check(const struct post_input *in, struct buf *err)
{
	buf_reset(err);
	return post_validate(in, 1000, err, NULL);
}

int
main(void)
{
	struct post_input	 in;
	struct buf		 err;
	char			*big, longtitle[LIMIT_TITLE + 2];

	buf_init(&err);
	good(&in);
	INT_EQ(check(&in, &err), POST_VALID, "a good post is valid");
	INT_EQ(err.len, 0, "with nothing said");

	good(&in);
	in.title = "";
	INT_EQ(check(&in, &err), POST_INVALID, "an empty title is refused");
	OK(strstr(err.data, "title is empty") != NULL, "and named");

	good(&in);
	memset(longtitle, 'a', sizeof(longtitle) - 1);
	longtitle[sizeof(longtitle) - 1] = '\0';
	in.title = longtitle;
	INT_EQ(check(&in, &err), POST_INVALID, "a title one over the limit is refused");

	good(&in);
	in.slug = "Bad Slug";
	in.kind = "note";
	in.status = "maybe";
	in.reviewed_date = "2026-02-30";
	INT_EQ(check(&in, &err), POST_INVALID, "four broken rules");
	OK(strstr(err.data, "slug may only hold") != NULL, "the slug is named");
	OK(strstr(err.data, "article or a page") != NULL, "the kind is named");
	OK(strstr(err.data, "draft or published") != NULL, "the status is named");
	OK(strstr(err.data, "reviewed date must be a real day") != NULL,
	    "the impossible date is named");

	good(&in);
	in.body_md = "caf\xc3";
	in.body_len = 4;
	INT_EQ(check(&in, &err), POST_INVALID, "a body that is not UTF-8 is refused");

	good(&in);
	big = malloc(LIMIT_MARKDOWN + 2);
	memset(big, 'x', LIMIT_MARKDOWN + 1);
	big[LIMIT_MARKDOWN + 1] = '\0';
	in.body_md = big;
	in.body_len = LIMIT_MARKDOWN + 1;
	INT_EQ(check(&in, &err), POST_TOO_LARGE, "a body one byte over the limit is too large");
	in.body_len = LIMIT_MARKDOWN;
	big[LIMIT_MARKDOWN] = '\0';
	INT_EQ(check(&in, &err), POST_VALID, "a body at the limit is valid");
	free(big);

	buf_free(&err);
	return harness_done("test-validate");
}
