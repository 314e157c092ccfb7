/* SPDX-License-Identifier: ISC */
/* watchdog.c: the request watchdog. A worker writes when its current request began into its
 * entry of a page shared with the master, and 0 when it ends; the master's 100 ms tick sends
 * SIGALRM to a worker whose request has run past request_timeout (the master logs that death
 * as the watchdog's). An alarm() armed and cleared by the worker did the same for two system
 * calls per request; a store to memory costs none.
 *
 * Entries are handed out per worker process, not per worker slot: after a reload an old worker
 * may still finish a request while its replacement serves, and both are watched. */
#include "config.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "util.h"
#include "watchdog.h"

/* Four times the most workers a master runs: room for three reloads' worth of old workers
 * still finishing a request. */
#define WATCHDOG_ENTRIES	256

struct watchdog {
	/* Shared: CLOCK_MONOTONIC ms when the entry's request began, 0 when idle. */
	_Atomic long	*began;
	/* The master's own: who holds each entry (0 free, -1 claimed before the fork). A
	 * worker writes only to the shared page, so it cannot make the master kill another. */
	pid_t		 pid[WATCHDOG_ENTRIES];
	unsigned char	 fired[WATCHDOG_ENTRIES];
};

/* The master's, before the first fork; NULL (logged) when the page cannot be mapped. */
struct watchdog *
watchdog_new(void)
{
	struct watchdog	*w;
	void		*p;

	p = mmap(NULL, WATCHDOG_ENTRIES * sizeof(_Atomic long), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_warn("watchdog: mmap");
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->began = p;
	return w;
}

void
watchdog_free(struct watchdog *w)
{
	if (w == NULL)
		return;
	munmap((void *)w->began, WATCHDOG_ENTRIES * sizeof(_Atomic long));
	free(w);
}

/* A free entry for the worker about to be forked, or -1 when every entry is held. */
int
watchdog_claim(struct watchdog *w)
{
	int	 i;

	for (i = 0; i < WATCHDOG_ENTRIES; i++)
		if (w->pid[i] == 0) {
			w->pid[i] = -1;
			w->fired[i] = 0;
			atomic_store_explicit(&w->began[i], 0, memory_order_relaxed);
			return i;
		}
	return -1;
}

/* The fork succeeded: "entry" is "pid"'s. */
void
watchdog_bind(struct watchdog *w, int entry, pid_t pid)
{
	w->pid[entry] = pid;
}

/* The fork failed: "entry" is free again. */
void
watchdog_unclaim(struct watchdog *w, int entry)
{
	w->pid[entry] = 0;
}

/* "pid" was reaped: its entry, if it had one, is free again. */
void
watchdog_release(struct watchdog *w, pid_t pid)
{
	int	 i;

	for (i = 0; i < WATCHDOG_ENTRIES; i++)
		if (w->pid[i] == pid) {
			w->pid[i] = 0;
			return;
		}
}

/* Ends, once each, the workers whose request began more than "timeout_s" ago (0: never). */
void
watchdog_check(struct watchdog *w, int timeout_s)
{
	struct timespec	 ts;
	long		 now, began;
	int		 i;

	if (timeout_s <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
	for (i = 0; i < WATCHDOG_ENTRIES; i++) {
		if (w->pid[i] <= 0 || w->fired[i])
			continue;
		began = atomic_load_explicit(&w->began[i], memory_order_relaxed);
		if (began != 0 && now - began >= timeout_s * 1000L) {
			kill(w->pid[i], SIGALRM);
			w->fired[i] = 1;
		}
	}
}

/* The worker's request began at "now_ms" (CLOCK_MONOTONIC). */
void
watchdog_begin(struct watchdog *w, int entry, long now_ms)
{
	/* 0 means idle; a clock that just started is counted from 1 ms. */
	atomic_store_explicit(&w->began[entry], now_ms > 0 ? now_ms : 1,
	    memory_order_relaxed);
}

void
watchdog_end(struct watchdog *w, int entry)
{
	atomic_store_explicit(&w->began[entry], 0, memory_order_relaxed);
}
