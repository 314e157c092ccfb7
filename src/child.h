/* SPDX-License-Identifier: ISC */
/* child.h: runs a function in a forked child under memory, CPU and wall-clock limits and
 * collects what it writes to a pipe (image decoding: untrusted bytes never meet the worker). */
#ifndef CHILD_H
#define CHILD_H

#include <stddef.h>

#include "buf.h"

struct child_limits {
	size_t	 as_bytes;	/* RLIMIT_AS of the child; 0 = none */
	int	 cpu_seconds;	/* RLIMIT_CPU of the child */
	int	 wall_ms;	/* the parent kills the child past this */
	size_t	 max_out;	/* bytes the parent reads at most; past it the child is killed */
};

enum child_result {
	CHILD_DONE,		/* the child closed its pipe; "out" holds all it wrote */
	CHILD_TIMEOUT,		/* past the wall-clock or the CPU-time limit */
	CHILD_TOO_MUCH,		/* wrote more than max_out */
	CHILD_ERROR		/* pipe or fork failed (logged) */
};

/* What runs in the child: writes its results to "fd". The child ends when it returns. */
typedef void (*child_fn)(void *arg, int fd);

enum child_result child_run(child_fn, void *arg, const struct child_limits *, struct buf *out);
int	 child_write_all(int fd, const void *, size_t);

#endif
