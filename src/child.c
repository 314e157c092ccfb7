/* SPDX-License-Identifier: ISC */
/* child.c: one function run in a forked child under rlimits and a wall-clock timeout, its
 * output read back over a pipe; the parent never runs the function's code itself. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "log.h"

/* Sanitizers reserve terabytes of address space up front: an RLIMIT_AS would stop them. */
#if defined(__SANITIZE_ADDRESS__)
#define CHILD_NO_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHILD_NO_AS_LIMIT 1
#endif
#endif

int
child_write_all(int fd, const void *p, size_t len)
{
	const unsigned char	*b = p;
	ssize_t			 n;

	while (len > 0) {
		if ((n = write(fd, b, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
child_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit	 rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(resource, &rl) == -1)
		_exit(1);
}

static long
child_elapsed_ms(const struct timespec *a)
{
	struct timespec	 b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000L + (long)(b.tv_nsec - a->tv_nsec) / 1000000L;
}

enum child_result
child_run(child_fn fn, void *arg, const struct child_limits *lim, struct buf *out)
{
	struct timespec	 start;
	struct pollfd	 pfd;
	enum child_result res = CHILD_DONE;
	unsigned char	 chunk[65536];
	pid_t		 pid;
	ssize_t		 n;
	long		 left;
	int		 fds[2], status, r;

	if (pipe(fds) == -1) {
		log_warn("%s: pipe", __func__);
		return CHILD_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((pid = fork()) == -1) {
		log_warn("%s: fork", __func__);
		close(fds[0]);
		close(fds[1]);
		return CHILD_ERROR;
	}
	if (pid == 0) {
		sigset_t	 none;

		close(fds[0]);
		/* A worker blocks signals during a request; the limits' signals must act. */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGXCPU, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
#ifndef CHILD_NO_AS_LIMIT
		if (lim->as_bytes > 0)
			child_limit(RLIMIT_AS, lim->as_bytes, lim->as_bytes);
#endif
		child_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds, (rlim_t)lim->cpu_seconds + 1);
		child_limit(RLIMIT_CORE, 0, 0);
		fn(arg, fds[1]);
		/* SIGKILL, not exit(): the child shares the worker's atexit handlers and
		 * buffers, and a decoder library's leftovers are not leaks of ours (valgrind
		 * reports nothing for a process killed this way). */
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		if ((left = lim->wall_ms - child_elapsed_ms(&start)) <= 0) {
			res = CHILD_TIMEOUT;
			break;
		}
		r = poll(&pfd, 1, (int)left);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			log_warn("%s: poll", __func__);
			res = CHILD_ERROR;
			break;
		}
		if (r == 0)
			continue;
		if ((n = read(fds[0], chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s: read", __func__);
			res = CHILD_ERROR;
			break;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > lim->max_out) {
			res = CHILD_TOO_MUCH;
			break;
		}
		buf_append(out, chunk, (size_t)n);
	}
	if (res != CHILD_DONE)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	/* The CPU limit ends the child with SIGXCPU: a time limit too, for the message. */
	if (res == CHILD_DONE && WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		res = CHILD_TIMEOUT;
	return res;
}
