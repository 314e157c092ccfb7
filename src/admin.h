/* SPDX-License-Identifier: ISC */
/* admin.h: what the staff screens share (admin_common.c). */
#ifndef MERIDIAN_ADMIN_H
#define MERIDIAN_ADMIN_H

#include "session.h"
#include "site.h"

/* admin_common.c */
struct tmpl_scope *admin_scope(struct ctx *, const char *title);
int	 admin_render(struct ctx *, enum tmpl_file, struct tmpl_scope *, int status);
int	 admin_see_other(struct ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 admin_retry_after(struct ctx *, long wait);
const char *admin_field(const struct ctx *, const char *name);
int	 admin_cap_id(const struct ctx *, int64_t *);
void	 admin_local_datetime(time_t, char *, size_t);

/* admin_posts.c */
int	 admin_article_save(struct ctx *, int64_t id);

/* admin_desk.c */
struct check_review;
void	 desk_set_checks(struct ctx *, struct tmpl_scope *, const char *md,
	    const struct check_review *);
void	 desk_set_autosave(struct ctx *, struct tmpl_scope *, time_t offer, time_t restored);

/* admin_login.c */
int	 admin_login_carry_done(struct ctx *);

/* admin_mfa.c */
int	 admin_mfa_login_begin(struct ctx *, const struct user *);

#endif
