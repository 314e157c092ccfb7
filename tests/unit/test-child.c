/* SPDX-License-Identifier: ISC */
/* test-child.c: child_run(), the box the image helper runs in, driven into each of its
 * limits (address space, CPU time, wall clock, output) by a child built to exceed it: each
 * ends with the result that names it, and the next child runs as if nothing happened. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "harness.h"

/* Sanitizers reserve terabytes of address space, so child.c sets no RLIMIT_AS under them;
 * valgrind cannot run under one either. */
#if defined(__SANITIZE_ADDRESS__)
#define NO_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_AS_LIMIT 1
#endif
#endif

static void
say_hello(void *arg, int fd)
{
	(void)arg;
	child_write_all(fd, "hello", 5);
}

#ifndef NO_AS_LIMIT
/* Touches 512 MiB: says whether it got them. malloc through a volatile pointer, as a
 * compiler may drop an allocation nothing reads and call it a success. */
static void
eat_memory(void *arg, int fd)
{
	void	*(*volatile alloc)(size_t) = malloc;
	size_t	 n = (size_t)512 * 1024 * 1024;
	char	*p;

	(void)arg;
	if ((p = alloc(n)) == NULL) {
		child_write_all(fd, "no memory", 9);
		return;
	}
	memset(p, 1, n);
	child_write_all(fd, "got it", 6);
	free(p);
}
#endif

static void
spin(void *arg, int fd)
{
	volatile unsigned long	 n = 0;

	(void)arg;
	(void)fd;
	for (;;)
		n++;
}

static void
sleep_on(void *arg, int fd)
{
	(void)arg;
	(void)fd;
	for (;;)
		pause();
}

static void
flood(void *arg, int fd)
{
	char	 chunk[4096];

	(void)arg;
	memset(chunk, 'x', sizeof(chunk));
	while (child_write_all(fd, chunk, sizeof(chunk)) == 0)
		;
}

#ifndef NO_AS_LIMIT
/* The address space in use now, in bytes (VmSize), or 0. */
static size_t
vm_size(void)
{
	FILE		*f = fopen("/proc/self/status", "r");
	char		 line[256];
	unsigned long	 kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmSize: %lu kB", &kib) == 1)
			break;
	fclose(f);
	return (size_t)kib * 1024;
}
#endif

/* A child still runs and is heard after the last one was ended; none is left unreaped. */
static void
still_fine(const char *after)
{
	struct child_limits	 lim = { 0, 5, 5000, 1024 };
	struct buf		 out;
	char			 msg[128];

	buf_init(&out);
	snprintf(msg, sizeof(msg), "after %s: the next child runs", after);
	INT_EQ(child_run(say_hello, NULL, &lim, &out), CHILD_DONE, msg);
	snprintf(msg, sizeof(msg), "after %s: the next child's output", after);
	OK(out.len == 5 && memcmp(out.data, "hello", 5) == 0, msg);
	snprintf(msg, sizeof(msg), "after %s: no child left to reap", after);
	OK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, msg);
	buf_free(&out);
}

/* "fn" under "cpu" seconds of CPU and "wall_ms" of wall clock must end as a time-out. */
static void
timed_out(child_fn fn, int cpu, int wall_ms, const char *msg, const char *limit)
{
	struct child_limits	 lim = { 0, cpu, wall_ms, 1024 };
	struct buf		 out;

	buf_init(&out);
	INT_EQ(child_run(fn, NULL, &lim, &out), CHILD_TIMEOUT, msg);
	buf_free(&out);
	still_fine(limit);
}

int
main(void)
{
	struct child_limits	 lim;
	struct buf		 out;

	still_fine("nothing");

#ifndef NO_AS_LIMIT
	if (getenv("MERIDIAN_VALGRIND") == NULL) {
		lim = (struct child_limits){ vm_size() + (size_t)64 * 1024 * 1024, 10, 10000,
		    1024 };
		buf_init(&out);
		INT_EQ(child_run(eat_memory, NULL, &lim, &out), CHILD_DONE,
		    "memory: the child ends by itself");
		OK(out.len == 9 && memcmp(out.data, "no memory", 9) == 0,
		    "memory: 512 MiB are refused under a limit 64 MiB above what it had");
		buf_free(&out);
		still_fine("the memory limit");
	} else
		printf("# memory limit not tested under valgrind (it needs the address space)\n");
#else
	printf("# memory limit not tested: child.c sets none under a sanitizer\n");
#endif

	timed_out(spin, 1, 30000, "CPU: a child spinning past 1 s of CPU is a time-out",
	    "the CPU limit");
	timed_out(sleep_on, 10, 200, "wall clock: a child that never finishes is ended "
	    "after 200 ms", "the wall-clock limit");

	lim = (struct child_limits){ 0, 10, 10000, 64 * 1024 };
	buf_init(&out);
	INT_EQ(child_run(flood, NULL, &lim, &out), CHILD_TOO_MUCH,
	    "output: a child writing without end is cut off");
	OK(out.len <= 64 * 1024, "output: no more than the limit is kept");
	buf_free(&out);
	still_fine("the output limit");

	return harness_done("test-child");
}
