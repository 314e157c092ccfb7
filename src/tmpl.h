/* SPDX-License-Identifier: ISC */
/* tmpl.h: the template engine. Templates are compiled once per worker against a fixed table of
 * names, then rendered from a tree of scopes that hold per-request values. */
#ifndef MERIDIAN_TMPL_H
#define MERIDIAN_TMPL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Limits enforced by tmpl_load(). Exceeding any of them fails the load; nothing is truncated.
 * TMPL_MAX_TAG counts the bytes between "{{" and "}}"; comments are exempt.
 */
#define TMPL_MAX_FILE		(1024 * 1024)	/* bytes in one template file */
#define TMPL_MAX_DEPTH		32		/* open blocks at once, across includes */
#define TMPL_MAX_INCLUDE	8		/* nested {{> file}} */
#define TMPL_MAX_TAG		256		/* bytes inside one tag */

struct tmpl_set;
struct tmpl_scope;

/* tmpl.c */
struct tmpl_set	*tmpl_load(const char *dir, const char *const *files, size_t nfiles,
		    const char *const *names, size_t nnames, char *err, size_t errlen);
void		 tmpl_free(struct tmpl_set *);
uint64_t	 tmpl_generation(const struct tmpl_set *);
int		 tmpl_render(const struct tmpl_set *, int file, const struct tmpl_scope *,
		    struct buf *out);

struct tmpl_scope *tmpl_scope_new(const struct tmpl_set *);
void		 tmpl_scope_free(struct tmpl_scope *);
void		 tmpl_set_str(struct tmpl_scope *, int name, const char *);
void		 tmpl_set_strn(struct tmpl_scope *, int name, const char *, size_t);
void		 tmpl_set_join(struct tmpl_scope *, int name, const char *prefix,
		    const char *);
void		 tmpl_set_int(struct tmpl_scope *, int name, long long);
void		 tmpl_set_printf(struct tmpl_scope *, int name, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 tmpl_set_raw_owned(struct tmpl_scope *, int name, char *, size_t);
void		 tmpl_set_bool(struct tmpl_scope *, int name, int);
struct tmpl_scope *tmpl_list_add(struct tmpl_scope *, int name);

#endif
