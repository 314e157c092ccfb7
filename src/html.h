/* SPDX-License-Identifier: ISC */
/* html.h: escaping writers that append untrusted text to a buffer, one per output context
 * (HTML text and quoted attributes, XML, JSON inside <script>, URL components). */
#ifndef MERIDIAN_HTML_H
#define MERIDIAN_HTML_H

#include <stddef.h>

#include "buf.h"

void	 html_escape(struct buf *, const char *, size_t);
void	 html_escape_xml(struct buf *, const char *, size_t);
void	 html_escape_json(struct buf *, const char *, size_t);
void	 html_escape_url(struct buf *, const char *, size_t);
int	 html_url_is_safe(const char *, size_t);

#endif
