/* md.c: the cmark wrapper. Bodies render on every request with safe options; before a body
 * is accepted (save, import, preview) it must render within a time budget, measured in a
 * child process so a pathological input can be killed without hurting the caller. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmark.h>

#include "meridian.h"
#include "util.h"

/* Never CMARK_OPT_UNSAFE: raw HTML and javascript: links are dropped by cmark. */
#define MD_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8)

/* Renders Markdown to HTML. The caller frees the result with free(). */
char *
md_render(const char *md, size_t len)
{
	char	*html;

	html = cmark_markdown_to_html(md, len, MD_OPTIONS);
	if (html == NULL)
		fatalx("%s: cmark returned NULL", __func__);
	return html;
}

static long
elapsed_us(const struct timespec *a)
{
	struct timespec	 b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000000L +
	    (long)(b.tv_nsec - a->tv_nsec) / 1000L;
}

/*
 * Checks that "md" is acceptable: size, UTF-8, and a render within "budget_ms".
 * The render happens in a forked child that is killed at the deadline; "elapsed_us"
 * (if not NULL) receives the time taken. Returns an md_result.
 */
enum md_result
md_check(const char *md, size_t len, int budget_ms, long *elapsed)
{
	struct timespec	 start;
	struct pollfd	 pfd;
	pid_t		 pid;
	int		 fds[2], status, left, r;
	char		 c;
	long		 us;

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
		char	*html;

		close(fds[0]);
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
	for (;;) {
		left = budget_ms - (int)(elapsed_us(&start) / 1000);
		if (left <= 0) {
			r = 0;
			break;
		}
		r = poll(&pfd, 1, left);
		if (r == -1 && errno == EINTR)
			continue;
		break;
	}
	if (r > 0 && read(fds[0], &c, 1) != 1)
		c = 'n';
	us = elapsed_us(&start);
	if (r <= 0)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (elapsed != NULL)
		*elapsed = us;
	if (r == 0)
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

/* Reading time at 200 words a minute, at least one minute. */
int
md_reading_minutes(const char *md, size_t len)
{
	size_t	 i, words = 0;
	int	 inword = 0;

	for (i = 0; i < len; i++) {
		int	 space = md[i] == ' ' || md[i] == '\n' || md[i] == '\t' ||
		    md[i] == '\r';

		if (!space && !inword)
			words++;
		inword = !space;
	}
	return words < 200 ? 1 : (int)((words + 199) / 200);
}
