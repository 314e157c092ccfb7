/* SPDX-License-Identifier: ISC */
/* html2md.h: WordPress post HTML (classic wpautop text or block-editor HTML, with shortcodes)
 * to CommonMark, by a walk over libxml2's HTML parse tree. */
#ifndef MERIDIAN_HTML2MD_H
#define MERIDIAN_HTML2MD_H

#include <stddef.h>

#include "buf.h"

#define HTML2MD_MAX_INPUT	(8 * 1024 * 1024)	/* bytes of HTML */
#define HTML2MD_MAX_DEPTH	64			/* elements inside elements */
#define HTML2MD_MAX_URL		2048			/* bytes; longer links are dropped */
#define HTML2MD_MAX_CAPTION	1000			/* bytes; a longer one stays text */
#define HTML2MD_MAX_WARNINGS	50

/* What the converter asks of its caller; every callback may be NULL. */
struct html2md_opt {
	/* The old site's host ("clinic.example"): links to it become local paths. */
	const char	*host;
	/*
	 * An image's new address for "src": an owned string, or NULL when the image could
	 * not be brought over (the image is then replaced by its alt text). "*alt" is the
	 * image's alt text, owned; the callback may replace it (free, then a new string).
	 */
	char		*(*image)(void *arg, const char *src, char **alt);
	/*
	 * Appends <img src="…" alt="…"> elements for a [gallery] shortcode to "html":
	 * "ids" is its ids attribute, or NULL for the images attached to the post.
	 */
	void		 (*gallery)(void *arg, const char *ids, struct buf *html);
	void		*arg;
};

struct html2md_out {
	struct buf	 md;		/* the CommonMark text */
	char		**warnings;	/* "dropped <iframe> (youtube.com)", each once */
	size_t		 nwarnings;
	char		*first_text;	/* plain text of the first paragraph, or NULL */
};

/*
 * Converts "len" bytes of "html" into "out" (overwritten; free it with html2md_free(), also
 * after an error). Returns 0, or -1 when the HTML is refused (too large or nested too deep:
 * the reason is the last warning).
 */
int	 html2md(const char *html, size_t len, const struct html2md_opt *,
	    struct html2md_out *out);
void	 html2md_free(struct html2md_out *);

/* The plain text of "html", whitespace collapsed (for excerpts). Caller frees. */
char	*html2md_text(const char *html, size_t len);

/* Appends "s" escaped for an HTML attribute value in double quotes. */
void	 html2md_attr(struct buf *, const char *s);

/* The classic editor's paragraphs: blank lines become <p>, single newlines <br />. */
char	*html2md_autop(const char *html, size_t len);	/* caller frees */

#endif
