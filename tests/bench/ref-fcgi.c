/* SPDX-License-Identifier: ISC */
/* tests/bench/ref-fcgi.c: the benchmark's do-nothing FastCGI reference. It listens on a unix
 * socket, forks NPROC processes (as many as Meridian's workers in the benchmark) that run
 * libfcgi's accept loop, and answers each request with the CGI-style response (headers,
 * blank line, body) read at start from the FILE given for its REQUEST_URI, else from the
 * first FILE. The benchmark captures those files from Meridian for each page it measures,
 * so each page is compared with an app sending the very same bytes. No parsing beyond one
 * parameter, no database, no rendering: what is left is the cost of libfcgi, the socket and
 * nginx, the ceiling a FastCGI application behind the same nginx can reach.
 *
 * usage: ref-fcgi SOCKET NPROC URI=FILE...	(the last '=' ends the URI)
 * SIGTERM stops it and its processes.
 * Built by tests/bench/run.sh: cc -O2 ref-fcgi.c -lfcgi. Not part of Meridian. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#define REF_MAX_PROCS	16
#define REF_MAX_PAGES	16

/* A page: the request URI it answers and the response it sends. */
struct page {
	const char	*uri;
	char		*resp;
	size_t		 len;
};

static volatile sig_atomic_t	 stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*p;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		exit(1);
	}
	if ((p = malloc((size_t)n)) == NULL || fread(p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void
serve(int fd, const struct page *pages, int npages)
{
	FCGX_Request	 r;
	const char	*uri;
	int		 i;

	signal(SIGTERM, SIG_DFL);
	if (FCGX_InitRequest(&r, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&r) >= 0) {
		uri = FCGX_GetParam("REQUEST_URI", r.envp);
		for (i = npages - 1; i > 0; i--)
			if (uri != NULL && strcmp(uri, pages[i].uri) == 0)
				break;
		FCGX_PutStr(pages[i].resp, (int)pages[i].len, r.out);
		FCGX_Finish_r(&r);
	}
	_exit(0);
}

int
main(int argc, char *argv[])
{
	pid_t		 kids[REF_MAX_PROCS];
	struct sigaction sa;
	struct page	 pages[REF_MAX_PAGES];
	char		*eq;
	int		 fd, i, n, npages;

	if (argc < 4 || argc - 3 > REF_MAX_PAGES) {
		fprintf(stderr, "usage: ref-fcgi SOCKET NPROC URI=FILE... (at most %d)\n",
		    REF_MAX_PAGES);
		return 2;
	}
	if ((n = atoi(argv[2])) < 1 || n > REF_MAX_PROCS) {
		fprintf(stderr, "ref-fcgi: NPROC must be 1..%d\n", REF_MAX_PROCS);
		return 2;
	}
	npages = argc - 3;
	for (i = 0; i < npages; i++) {
		if ((eq = strrchr(argv[3 + i], '=')) == NULL) {
			fprintf(stderr, "ref-fcgi: %s is not URI=FILE\n", argv[3 + i]);
			return 2;
		}
		*eq = '\0';
		pages[i].uri = argv[3 + i];
		pages[i].resp = slurp(eq + 1, &pages[i].len);
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "ref-fcgi: FCGX_Init failed\n");
		return 1;
	}
	unlink(argv[1]);
	/* Meridian listens with a backlog of 1024; so does the reference. */
	if ((fd = FCGX_OpenSocket(argv[1], 1024)) < 0) {
		fprintf(stderr, "ref-fcgi: cannot listen on %s\n", argv[1]);
		return 1;
	}
	chmod(argv[1], 0660);
	for (i = 0; i < n; i++) {
		if ((kids[i] = fork()) == -1) {
			perror("fork");
			return 1;
		}
		if (kids[i] == 0)
			serve(fd, pages, npages);
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop)
		pause();
	for (i = 0; i < n; i++)
		kill(kids[i], SIGTERM);
	for (i = 0; i < n; i++)
		while (waitpid(kids[i], NULL, 0) == -1 && errno == EINTR)
			continue;
	unlink(argv[1]);
	for (i = 0; i < npages; i++)
		free(pages[i].resp);
	return 0;
}
