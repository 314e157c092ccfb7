/* SPDX-License-Identifier: ISC */
/* worker.c: one worker process. It opens its own database connection and templates after the
 * fork, then answers FastCGI requests until told to stop or until its request quota is used.
 *
 * Lifecycle: start -> (ready byte to the master) -> accept loop -> exit 0.
 * SIGTERM/SIGINT while idle stop it at once; during a request they only set a flag, so the
 * request finishes first. A request running past request_timeout is ended by the master
 * (watchdog.c) with SIGALRM; the master logs that and starts a replacement. */
#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi.h"
#include "master.h"
#include "site.h"
#include "util.h"
#include "watchdog.h"

/* Response buffer kept from one request to the next, at most (a page is 10-60 KiB). */
#define WORKER_KEEP_BODY	(256 * 1024)
/* Free heap pages are handed back to the kernel every this many requests. */
#define WORKER_TRIM_EVERY	1000

static volatile sig_atomic_t	 worker_stop;
static pid_t			 worker_pid;	/* read once: each getpid() is a system call */
static int			 worker_listen_fd = -1;
static int			 worker_dead_fd = -1;

/*
 * Async-signal-safe. Besides the flag, the listening descriptor is replaced by a socket that
 * does not listen, so an accept() waiting, or entered just after the flag was checked, fails
 * at once (restarted by SA_RESTART, it finds the new socket) instead of waiting for the next
 * visitor. A request in progress is not disturbed: its reads and writes are restarted too,
 * and the loop sees the flag once it has answered. (Blocking the signals around each
 * request did the same for two system calls a request.)
 */
static void
worker_on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
	if (worker_listen_fd >= 0 && worker_dead_fd >= 0)
		dup2(worker_dead_fd, worker_listen_fd);
}

static long
worker_elapsed_us(const struct timespec *a)
{
	struct timespec	 b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000000L +
	    (long)(b.tv_nsec - a->tv_nsec) / 1000L;
}

static void
worker_log(const struct req *r, const struct resp *resp, size_t bytes, long us)
{
	char	 path[256];

	if (!log_enabled(LOG_LEVEL_INFO))
		return;
	log_safe(r->path ? r->path : "-", r->path ? strlen(r->path) : 1, path,
	    sizeof(path));
	log_info("req %d-%lu %s %s %d %zu %ldus", (int)worker_pid, r->id,
	    r->method_str ? r->method_str : "-", path, resp->status, bytes, us);
}

/*
 * Tells the master why the worker cannot start: through "ready_fd" when the master waits
 * for it (it prints the text), else in the log, with the worker's pid. Then exits 3.
 */
static void
worker_fail_start(int ready_fd, const char *err)
{
	if (ready_fd < 0 || write(ready_fd, err, strlen(err)) < 0)
		log_warnx("worker %d cannot start: %s", (int)getpid(), err);
	_exit(3);
}

/*
 * Runs the worker on "listen_fd". "ready_fd" receives one byte once the worker is ready
 * ('R'), or the start-up error text; -1 when the master does not wait (a respawn). Each
 * request is marked in the watchdog's "entry". Never returns: exits 0 on a clean stop, 3
 * when it could not start (the master backs off).
 */
void
worker_main(const struct conf *conf, int listen_fd, int ready_fd, struct watchdog *wd,
    int entry)
{
	struct sigaction	 sa;
	sigset_t		 none;
	struct fcgi_conn	*fc;
	struct site		 site;
	struct req		 req;
	struct resp		 resp;
	struct timespec		 start;
	char			 err[1024];
	unsigned long		 served = 0;
	int			 st, trim, big_body;

	worker_pid = getpid();
#ifdef __GLIBC__
	/*
	 * Blocks of 64 KiB and more (a feed, the sitemap, a long page being built) come from
	 * their own mappings, given back when freed. glibc would otherwise raise this threshold
	 * after the first such block is freed and carve the next ones from the heap, where they
	 * leave holes a worker's RSS keeps.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = worker_on_term;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_flags = 0;
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* The master prints the reason; the worker only reports it. */
	if (app_open(&site, conf, err, sizeof(err)) == -1)
		worker_fail_start(ready_fd, err);
	if ((fc = fcgi_new(listen_fd)) == NULL)
		worker_fail_start(ready_fd, "cannot set up FastCGI");
	worker_dead_fd = socket_dead();
	worker_listen_fd = listen_fd;
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) != 1)
			log_warn("worker: ready pipe");
		close(ready_fd);
	}
	resp_init(&resp);

	while (!worker_stop && (conf->max_requests == 0 ||
	    served < (unsigned long)conf->max_requests)) {
		if (fcgi_accept(fc) == -1) {
			if (worker_stop)
				break;
			if (errno == EINTR)
				continue;
			log_warn("worker: accept");
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &start);
		watchdog_begin(wd, entry, (long)start.tv_sec * 1000L +
		    start.tv_nsec / 1000000L);
		st = fcgi_read_req(fc, &req);
		req.id = ++served;
		resp_reset(&resp);
		app_handle(&site, &req, &resp, st);
		/* The head is built apart and the body sent from where it was rendered. */
		buf_reset(&site.out);
		resp_serialize_head(&resp, &site.out);
		if (fcgi_write(fc, site.out.data, site.out.len) == -1 ||
		    fcgi_write(fc, resp_body_data(&resp), resp_body_len(&resp)) == -1)
			log_warnx("req %d-%lu: client went away", (int)worker_pid,
			    req.id);
		fcgi_finish(fc);
		watchdog_end(wd, entry);
		worker_log(&req, &resp, site.out.len + resp_body_len(&resp),
		    worker_elapsed_us(&start));
		big_body = req.body_len > WORKER_KEEP_BODY;
		req_free(&req);
		/*
		 * A rare large response (a feed) need not keep its memory for the rest, nor a
		 * large request (an upload: its bytes, the child's answer and the variants were
		 * all freed, but glibc keeps the pages, 7 MiB after two photos). And now
		 * and then the pages freed in the middle of the heap (after a feed or a search)
		 * go back to the kernel: glibc keeps them otherwise, and they were a quarter of
		 * a worker's RSS. A trim costs well under a millisecond.
		 */
		trim = served % WORKER_TRIM_EVERY == 0 || big_body;
		if (resp.body.cap > WORKER_KEEP_BODY) {
			buf_free(&resp.body);
			trim = 1;
		}
#ifdef __GLIBC__
		if (trim)
			malloc_trim(0);
#else
		(void)trim;
#endif
	}
	resp_free(&resp);
	fcgi_free(fc);
	/* For sizing render_cache: how often what was kept was used. */
	log_info("render cache: %lu hits, %lu misses, %zu entries, %zu bytes",
	    site.bodies.hits, site.bodies.misses, site.bodies.count, site.bodies.bytes);
	app_close(&site);
	/* exit(), not _exit(): LeakSanitizer and valgrind check the worker at its end. */
	exit(0);
}
