/* SPDX-License-Identifier: ISC */
/* master.c: the supervisor. It owns the listening socket, forks the workers and keeps N of
 * them alive; it never opens the database. Signals only set flags; the loop waits in ppoll()
 * with them unblocked, so none is lost between a check and the wait.
 *
 *   SIGCHLD  reap; respawn after a back-off that grows while workers die young
 *   SIGTERM  forward to workers (they finish in-flight requests), wait, exit
 *   SIGINT   same as SIGTERM
 *   SIGHUP   re-read the config file, then replace workers one at a time: a new worker
 *            must report ready before an old one is told to stop, so one always accepts
 * On each tick it also ends a worker whose request ran past request_timeout (watchdog.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image.h"
#include "master.h"
#include "util.h"
#include "watchdog.h"

#define MASTER_MAX_WORKERS	64
#define MASTER_READY_MS		10000	/* a worker must start within this */
#define MASTER_STOP_MS		10000	/* grace for in-flight requests at shutdown */
#define MASTER_YOUNG_MS		1000	/* dying younger than this counts as a crash */
#define MASTER_BACKOFF_MAX_MS	5000

struct slot {
	pid_t	 pid;		/* 0 = empty, waiting for respawn_at */
	long	 started_ms;
	long	 respawn_at_ms;
	int	 fails;		/* consecutive young deaths */
};

static volatile sig_atomic_t	 got_chld, got_term, got_hup;
static struct watchdog		*master_wd;

static void
master_on_signal(int sig)
{
	if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
}

static long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Forks a worker. With "wait_ready", waits for its ready byte and returns -1 if it reports
 * an error (printed to stderr: template FILE:LINE and the like) or does not start in time.
 */
static pid_t
master_spawn(const struct conf *conf, int listen_fd, int wait_ready)
{
	struct pollfd	 pfd;
	char		 msg[1024];
	pid_t		 pid;
	ssize_t		 n;
	int		 fds[2], left, entry;
	long		 deadline;

	if ((entry = watchdog_claim(master_wd)) == -1) {
		log_warnx("too many workers still finishing a request; not starting "
		    "another yet");
		return -1;
	}
	fflush(NULL);	/* the child must not flush the parent's buffers again */
	if (pipe2(fds, O_CLOEXEC) == -1) {
		log_warn("pipe");
		watchdog_unclaim(master_wd, entry);
		return -1;
	}
	if ((pid = fork()) == -1) {
		log_warn("fork");
		watchdog_unclaim(master_wd, entry);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		/* Nobody reads a respawned worker's pipe: it logs a start-up error itself. */
		if (!wait_ready) {
			close(fds[1]);
			fds[1] = -1;
		}
		worker_main(conf, listen_fd, fds[1], master_wd, entry);
	}
	watchdog_bind(master_wd, entry, pid);
	close(fds[1]);
	if (!wait_ready) {
		close(fds[0]);
		return pid;
	}
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	deadline = now_ms() + MASTER_READY_MS;
	n = -1;
	while ((left = (int)(deadline - now_ms())) > 0) {
		if (poll(&pfd, 1, left) == -1 && errno == EINTR)
			continue;
		n = read(fds[0], msg, sizeof(msg) - 1);
		break;
	}
	close(fds[0]);
	if (n == 1 && msg[0] == 'R')
		return pid;
	if (n > 0) {
		msg[n] = '\0';
		fprintf(stderr, "meridian: %s\n", msg);
	} else
		log_warnx("worker %d did not start", (int)pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	watchdog_release(master_wd, pid);
	return -1;
}

static void
master_log_exit(pid_t pid, int status)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		log_warnx("worker %d killed by the request watchdog", (int)pid);
	else if (WIFSIGNALED(status))
		log_warnx("worker %d died of signal %d", (int)pid, WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		log_warnx("worker %d exited with status %d", (int)pid,
		    WEXITSTATUS(status));
	else
		log_debug("worker %d exited", (int)pid);
}

/* Reaps every dead child; a worker that held a slot is scheduled for respawn. */
static void
master_reap(struct slot *slots, int n, int stopping)
{
	pid_t	 pid;
	int	 status, i;
	long	 now = now_ms(), lived, backoff;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		watchdog_release(master_wd, pid);
		for (i = 0; i < n; i++)
			if (slots[i].pid == pid)
				break;
		if (i == n) {
			log_debug("retired worker %d exited", (int)pid);
			continue;
		}
		master_log_exit(pid, status);
		slots[i].pid = 0;
		if (stopping)
			continue;
		lived = now - slots[i].started_ms;
		/* A clean exit (quota reached) is not a crash. */
		if (lived < MASTER_YOUNG_MS &&
		    !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			slots[i].fails++;
			backoff = 50L << (slots[i].fails < 7 ? slots[i].fails : 7);
			if (backoff > MASTER_BACKOFF_MAX_MS)
				backoff = MASTER_BACKOFF_MAX_MS;
			if (slots[i].fails > 1)
				log_warnx("workers are crash-looping (%d in a row); "
				    "next start in %ld ms", slots[i].fails, backoff);
		} else {
			slots[i].fails = 0;
			backoff = 0;
		}
		slots[i].respawn_at_ms = now + backoff;
	}
}

static void
master_respawn(const struct conf *conf, int fd, struct slot *slots, int n)
{
	long	 now = now_ms();
	int	 i;
	pid_t	 pid;

	for (i = 0; i < n; i++) {
		if (slots[i].pid != 0 || now < slots[i].respawn_at_ms)
			continue;
		if ((pid = master_spawn(conf, fd, 0)) == -1) {
			slots[i].respawn_at_ms = now + 1000;
			continue;
		}
		slots[i].pid = pid;
		slots[i].started_ms = now;
	}
}

/* SIGHUP: new config, then one worker at a time. Keeps the old workers if a new one fails. */
static void
master_reload(struct conf *conf, int fd, struct slot *slots, int n)
{
	struct conf	 fresh;
	pid_t		 pid, old;
	int		 i;

	log_info("reloading configuration and templates");
	if (conf->config_file != NULL) {
		conf_defaults(&fresh);
		if (conf_load(&fresh, conf->config_file, 0) == -1) {
			log_warnx("reload: %s has errors; keeping the running "
			    "configuration", conf->config_file);
			conf_free(&fresh);
			return;
		}
		/* Only what can change without a new socket or worker count. */
		free(conf->templates_dir);
		conf->templates_dir = fresh.templates_dir;
		fresh.templates_dir = NULL;
		conf->max_requests = fresh.max_requests;
		conf->request_timeout = fresh.request_timeout;
		conf->image_time_limit = fresh.image_time_limit;
		image_time_limit_set(conf->image_time_limit);
		free(conf->primary_url);
		conf->primary_url = fresh.primary_url;
		fresh.primary_url = NULL;
		conf_free(&fresh);
	}
	for (i = 0; i < n; i++) {
		if ((pid = master_spawn(conf, fd, 1)) == -1) {
			log_warnx("reload: a new worker failed to start; keeping "
			    "the old ones");
			return;
		}
		old = slots[i].pid;
		slots[i].pid = pid;
		slots[i].started_ms = now_ms();
		slots[i].fails = 0;
		if (old > 0)
			kill(old, SIGTERM);
	}
	log_info("reload done");
}

static void
master_stop(struct slot *slots, int n)
{
	long	 deadline = now_ms() + MASTER_STOP_MS;
	int	 i;
	pid_t	 pid;

	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	for (;;) {
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			for (i = 0; i < n; i++)
				if (slots[i].pid == pid)
					slots[i].pid = 0;
		if (pid == -1 && errno == ECHILD)
			break;
		if (now_ms() > deadline) {
			log_warnx("workers still busy after %d ms; killing them",
			    MASTER_STOP_MS);
			for (i = 0; i < n; i++)
				if (slots[i].pid > 0)
					kill(slots[i].pid, SIGKILL);
			while (waitpid(-1, NULL, 0) > 0)
				;
			break;
		}
		usleep(10000);
	}
}

/*
 * Runs the master until SIGTERM/SIGINT. Returns 0 after a clean stop, 1 if the socket or the
 * first workers could not be set up (the reason is on stderr).
 */
int
master_run(struct conf *conf)
{
	struct slot		 slots[MASTER_MAX_WORKERS];
	struct sigaction	 sa;
	struct timespec		 tick = { 0, 100 * 1000000L };
	sigset_t		 block, orig;
	int			 fd, i, n, inherited = 0;

	n = conf->workers;
	if (n < 1 || n > MASTER_MAX_WORKERS) {
		fprintf(stderr, "meridian: --workers must be 1 to %d\n",
		    MASTER_MAX_WORKERS);
		return 1;
	}
	if (conf->listen == NULL) {
		if (!socket_inherited()) {
			fprintf(stderr, "meridian: no --listen given and no "
			    "listening socket on standard input\n");
			return 1;
		}
		fd = 0;
		inherited = 1;
	} else if ((fd = socket_listen(conf->listen, conf->socket_group)) == -1)
		return 1;
	if ((master_wd = watchdog_new()) == NULL) {
		fprintf(stderr, "meridian: cannot set up the request watchdog\n");
		if (!inherited)
			socket_cleanup(conf->listen);
		return 1;
	}

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = master_on_signal;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig);

	memset(slots, 0, sizeof(slots));
	for (i = 0; i < n; i++) {
		if ((slots[i].pid = master_spawn(conf, fd, 1)) == -1) {
			slots[i].pid = 0;
			master_stop(slots, n);
			if (!inherited)
				socket_cleanup(conf->listen);
			watchdog_free(master_wd);
			return 1;
		}
		slots[i].started_ms = now_ms();
	}
	log_info("serving with %d workers on %s", n,
	    inherited ? "the inherited socket" : conf->listen);

	while (!got_term) {
		ppoll(NULL, 0, &tick, &orig);
		if (got_chld) {
			got_chld = 0;
			master_reap(slots, n, 0);
		}
		if (got_term)
			break;
		if (got_hup) {
			got_hup = 0;
			master_reload(conf, fd, slots, n);
		}
		master_respawn(conf, fd, slots, n);
		watchdog_check(master_wd, conf->request_timeout);
	}
	log_info("stopping: letting in-flight requests finish");
	master_stop(slots, n);
	if (!inherited)
		socket_cleanup(conf->listen);
	close(fd);
	watchdog_free(master_wd);
	log_info("stopped");
	return 0;
}
