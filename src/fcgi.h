/* SPDX-License-Identifier: ISC */
/* fcgi.h: the libfcgi glue; fcgi.c is the only file that includes fcgiapp.h. */
#ifndef MERIDIAN_FCGI_H
#define MERIDIAN_FCGI_H

#include "meridian.h"

struct fcgi_conn;

/* fcgi.c */
struct fcgi_conn *fcgi_new(int listen_fd);
void	 fcgi_free(struct fcgi_conn *);
int	 fcgi_accept(struct fcgi_conn *);
int	 fcgi_read_req(struct fcgi_conn *, struct req *);
int	 fcgi_write(struct fcgi_conn *, const char *, size_t);
void	 fcgi_finish(struct fcgi_conn *);

#endif
