/* SPDX-License-Identifier: ISC */
/* watchdog.h: the request watchdog, a page of memory shared by the master and its workers. */
#ifndef MERIDIAN_WATCHDOG_H
#define MERIDIAN_WATCHDOG_H

#include <sys/types.h>

struct watchdog;

/* Master side (watchdog.c). */
struct watchdog	*watchdog_new(void);
void		 watchdog_free(struct watchdog *);
int		 watchdog_claim(struct watchdog *);
void		 watchdog_bind(struct watchdog *, int entry, pid_t);
void		 watchdog_unclaim(struct watchdog *, int entry);
void		 watchdog_release(struct watchdog *, pid_t);
void		 watchdog_check(struct watchdog *, int timeout_s);

/* Worker side: no system call. */
void		 watchdog_begin(struct watchdog *, int entry, long now_ms);
void		 watchdog_end(struct watchdog *, int entry);

#endif
