/* SPDX-License-Identifier: ISC */
/* buf.h: a growable byte buffer, always NUL-terminated, used for responses and rendering. */
#ifndef MERIDIAN_BUF_H
#define MERIDIAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* owned; NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
char	*buf_extend(struct buf *, size_t);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*buf_detach(struct buf *);	/* caller frees; buffer is reset */

#endif
