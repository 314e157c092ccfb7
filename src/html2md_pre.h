/* SPDX-License-Identifier: ISC */
/* html2md_pre.h: the text passes html2md() runs before parsing (shared with its tests). */
#ifndef MERIDIAN_HTML2MD_PRE_H
#define MERIDIAN_HTML2MD_PRE_H

#include <stddef.h>

#include "buf.h"

struct html2md_opt;

typedef void (*html2md_warn_fn)(void *arg, const char *warning);

/* Replaces shortcodes in "html" by HTML; each one dropped is reported to "warn". */
char	*html2md_shortcodes(const char *html, size_t len, const struct html2md_opt *,
	    html2md_warn_fn warn, void *warn_arg);	/* caller frees */

#endif
