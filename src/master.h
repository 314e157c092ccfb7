/* SPDX-License-Identifier: ISC */
/* master.h: the supervising process and the listening socket. */
#ifndef MERIDIAN_MASTER_H
#define MERIDIAN_MASTER_H

#include "meridian.h"

/* master.c */
int	 master_run(struct conf *);

/* socket.c */
int	 socket_listen(const char *spec, const char *group);
int	 socket_inherited(void);
int	 socket_dead(void);
void	 socket_cleanup(const char *spec);

/* worker.c */
struct watchdog;
void	 worker_main(const struct conf *, int listen_fd, int ready_fd, struct watchdog *,
	    int entry) __attribute__((noreturn));

#endif
