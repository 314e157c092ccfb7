/* md.c: the cmark wrapper. Bodies render on every request with safe options; before a body
 * is accepted (save, import, preview) it must render within a CPU-time budget, in a child
 * process so a pathological input can be killed without hurting the caller. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmark.h>

#include "meridian.h"
#include "util.h"

/* Never CMARK_OPT_UNSAFE: raw HTML and javascript: links are dropped by cmark. */
#define MD_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8)

/*
 * cmark allocates every node, string and buffer on its own, and frees them one by one after
 * rendering: with glibc's malloc that was about half of a render (issue 7's profile). So a
 * render's memory comes from an arena instead: bump allocation in chunks kept from one
 * render to the next, nothing freed one by one, and everything dropped at once when the
 * HTML has been copied out. The output is byte for byte what cmark_markdown_to_html() gives.
 * One render at a time per process (workers are single-threaded; nothing nests).
 */
#define MD_ARENA_ALIGN	16
#define MD_ARENA_CHUNK	(64 * 1024)
#define MD_ARENA_KEEP	(256 * 1024)	/* chunk bytes kept between renders: a 12 KB body
					 * needs about 230 KB, a 20 KB one 390 KB */

struct md_chunk {
	struct md_chunk	*next;
	size_t		 size;		/* bytes of data[] */
	size_t		 used;
	_Alignas(MD_ARENA_ALIGN) unsigned char data[];
};

/* Each block is preceded by its size, so that realloc knows what to copy. */
struct md_block {
	size_t		 size;
	_Alignas(MD_ARENA_ALIGN) unsigned char data[];
};

static struct md_chunk	*md_chunks;	/* the current chunk first */

static void *
md_arena_alloc(size_t size)
{
	struct md_chunk	*c = md_chunks;
	struct md_block	*b;
	size_t		 need, csize;

	if (size > ((size_t)-1) / 2)
		fatalx("%s: size overflow", __func__);
	need = (sizeof(*b) + size + MD_ARENA_ALIGN - 1) & ~(size_t)(MD_ARENA_ALIGN - 1);
	if (c == NULL || c->size - c->used < need) {
		/* A later chunk kept from an earlier render may have room. */
		if (c != NULL && c->next != NULL && c->next->used == 0 &&
		    c->next->size >= need) {
			struct md_chunk	*n = c->next;

			c->next = n->next;
			n->next = c;
			md_chunks = c = n;
		} else {
			csize = need > MD_ARENA_CHUNK ? need : MD_ARENA_CHUNK;
			c = xmalloc(sizeof(*c) + csize);
			c->size = csize;
			c->used = 0;
			c->next = md_chunks;
			md_chunks = c;
		}
	}
	b = (struct md_block *)(void *)(c->data + c->used);
	c->used += need;
	b->size = size;
	return b->data;
}

static void *
md_arena_calloc(size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > ((size_t)-1) / size)
		fatalx("%s: size overflow", __func__);
	p = md_arena_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
md_arena_realloc(void *p, size_t size)
{
	struct md_chunk	*c = md_chunks;
	struct md_block	*b;
	unsigned char	*end;
	size_t		 need;
	void		*q;

	if (p == NULL)
		return md_arena_alloc(size);
	b = (struct md_block *)(void *)((unsigned char *)p - offsetof(struct md_block, data));
	if (size <= b->size)
		return p;
	/* The newest block of the current chunk grows in place when there is room. */
	need = (sizeof(*b) + size + MD_ARENA_ALIGN - 1) & ~(size_t)(MD_ARENA_ALIGN - 1);
	end = c->data + c->used;
	if ((unsigned char *)b + ((sizeof(*b) + b->size + MD_ARENA_ALIGN - 1) &
	    ~(size_t)(MD_ARENA_ALIGN - 1)) == end &&
	    (size_t)((unsigned char *)b - c->data) + need <= c->size) {
		c->used = (size_t)((unsigned char *)b - c->data) + need;
		b->size = size;
		return p;
	}
	q = md_arena_alloc(size);
	memcpy(q, p, b->size);
	return q;
}

static void
md_arena_free(void *p)
{
	(void)p;	/* everything goes at once in md_arena_reset() */
}

/* Empties the arena; keeps up to MD_ARENA_KEEP bytes of chunks for the next render. */
static void
md_arena_reset(void)
{
	struct md_chunk	*c, *next, *kept = NULL;
	size_t		 total = 0;

	for (c = md_chunks; c != NULL; c = next) {
		next = c->next;
		if (total + c->size <= MD_ARENA_KEEP) {
			total += c->size;
			c->used = 0;
			c->next = kept;
			kept = c;
		} else
			free(c);
	}
	md_chunks = kept;
}

static cmark_mem md_arena_mem = {
	md_arena_calloc, md_arena_realloc, md_arena_free
};

/* Renders Markdown to HTML. The caller frees the result with free(). */
char *
md_render(const char *md, size_t len)
{
	cmark_parser	*parser;
	cmark_node	*doc;
	char		*html, *out;
	size_t		 n;

	parser = cmark_parser_new_with_mem(MD_OPTIONS, &md_arena_mem);
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = doc != NULL ? cmark_render_html(doc, MD_OPTIONS) : NULL;
	if (html == NULL)
		fatalx("%s: cmark returned NULL", __func__);
	/* No cmark_node_free() or cmark_parser_free(): the arena drops it all. */
	n = strlen(html);
	out = xmalloc(n + 1);
	memcpy(out, html, n + 1);
	md_arena_reset();
	return out;
}

/* The renderer's options, part of what a cached render is valid for. */
int
md_options(void)
{
	return MD_OPTIONS;
}

static long
elapsed_us(const struct timespec *a)
{
	struct timespec	 b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000000L +
	    (long)(b.tv_nsec - a->tv_nsec) / 1000L;
}

/* SIGPROF in a render check's child: its CPU budget is spent. */
static void
md_budget_spent(int sig)
{
	(void)sig;
	kill(getpid(), SIGKILL);
}

/*
 * Checks that "md" is acceptable: size, UTF-8, and a render within "budget_ms" of CPU time.
 * The render happens in a forked child whose CPU timer (ITIMER_PROF) kills it at the budget:
 * CPU time, not the wall clock, so a busy machine does not refuse a body that renders fine
 * (seen: the demo's articles refused at a load average of 20). A wall-clock limit of twenty
 * budgets, at least 5 s, still ends a child that a starved machine never gets to run.
 * "elapsed" (if not NULL) receives the child's CPU time in microseconds. Returns an md_result.
 */
enum md_result
md_check(const char *md, size_t len, int budget_ms, long *elapsed)
{
	struct timespec	 start;
	struct pollfd	 pfd;
	struct rusage	 ru;
	pid_t		 pid;
	int		 fds[2], status, left, r, wall_ms;
	char		 c;

	if (elapsed != NULL)
		*elapsed = 0;
	if (len > LIMIT_MARKDOWN)
		return MD_TOO_LARGE;
	if (!util_utf8_valid(md, len) || memchr(md, '\0', len) != NULL)
		return MD_BAD_UTF8;
	if (pipe(fds) == -1) {
		log_warn("%s: pipe", __func__);
		return MD_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((pid = fork()) == -1) {
		log_warn("%s: fork", __func__);
		close(fds[0]);
		close(fds[1]);
		return MD_ERROR;
	}
	if (pid == 0) {
		struct itimerval	 it;
		sigset_t		 prof;
		char			*html;

		close(fds[0]);
		/* A worker blocks signals during a request; the child needs SIGPROF, and ends
		 * itself with SIGKILL so that nothing (valgrind included) runs exit handlers on a
		 * render cut off halfway. */
		signal(SIGPROF, md_budget_spent);
		sigemptyset(&prof);
		sigaddset(&prof, SIGPROF);
		sigprocmask(SIG_UNBLOCK, &prof, NULL);
		memset(&it, 0, sizeof(it));
		it.it_value.tv_sec = budget_ms / 1000;
		it.it_value.tv_usec = (budget_ms % 1000) * 1000L;
		if (setitimer(ITIMER_PROF, &it, NULL) == -1)
			_exit(1);
		html = cmark_markdown_to_html(md, len, MD_OPTIONS);
		c = html != NULL ? 'y' : 'n';
		free(html);
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	c = 'n';
	wall_ms = budget_ms * 20;
	if (wall_ms < 5000)
		wall_ms = 5000;
	for (;;) {
		left = wall_ms - (int)(elapsed_us(&start) / 1000);
		if (left <= 0) {
			r = 0;
			break;
		}
		r = poll(&pfd, 1, left);
		if (r == -1 && errno == EINTR)
			continue;
		break;
	}
	/* A child killed by its CPU timer closes the pipe: readable, but no byte. */
	if (r > 0 && read(fds[0], &c, 1) != 1)
		c = 'n';
	if (r == 0)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (wait4(pid, &status, 0, &ru) == -1 && errno == EINTR)
		;
	if (elapsed != NULL)
		*elapsed = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L +
		    (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	if (r == 0 || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGKILL ||
	    WTERMSIG(status) == SIGPROF)))
		return MD_TOO_SLOW;
	if (r < 0 || c != 'y')
		return MD_ERROR;
	return MD_OK;
}

const char *
md_strerror(enum md_result r)
{
	switch (r) {
	case MD_OK:
		return "ok";
	case MD_TOO_SLOW:
		return "The Markdown body takes too long to render (it has "
		    "structures nested too deeply, such as very deep lists or "
		    "quotes); simplify it";
	case MD_TOO_LARGE:
		return "The Markdown body is larger than 256 KiB";
	case MD_BAD_UTF8:
		return "The Markdown body is not valid UTF-8 text";
	default:
		return "The Markdown body could not be rendered";
	}
}

/*
 * Reading time at 200 words a minute, at least one minute. A word starts where a non-space
 * follows a space or the start. Counted once when a post is saved and stored with it.
 */
int
md_reading_minutes(const char *md, size_t len)
{
	size_t		 i, words = 0;
	int		 inword = 0, in;

	for (i = 0; i < len; i++) {
		in = !(md[i] == ' ' || md[i] == '\n' || md[i] == '\t' || md[i] == '\r');
		if (in && !inword)
			words++;
		inword = in;
	}
	return words < 200 ? 1 : (int)((words + 199) / 200);
}
