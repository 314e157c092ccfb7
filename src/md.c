/* SPDX-License-Identifier: ISC */
/* md.c: the cmark wrapper. Bodies render with safe options (kept per version by
 * render_cache.c, so cmark's own allocator is fine for a rare render); before a body
 * is accepted (save, import, preview) it must render within a CPU-time budget, in a child
 * process so a pathological input can be killed without hurting the caller. */
#include "config.h"

#include <errno.h>
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

#include "html.h"
#include "meridian.h"
#include "util.h"

/* Never CMARK_OPT_UNSAFE: raw HTML and javascript: links are dropped by cmark. */
#define MD_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8)

/* Renders Markdown to HTML. The caller frees the result with free(). */
char *
md_render(const char *md, size_t len)
{
	char	*html;

	if ((html = cmark_markdown_to_html(md, len, MD_OPTIONS)) == NULL)
		fatalx("%s: cmark returned NULL", __func__);
	return html;
}

/* The renderer's options, part of what a cached render is valid for. */
int
md_options(void)
{
	return MD_OPTIONS;
}

/* The alt text of an image node: the text of its children, as cmark's renderer gives it. */
static void
md_alt(cmark_node *img, struct buf *out)
{
	cmark_iter		*it = cmark_iter_new(img);
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* Whether "n" is a line break, or text of spaces only. */
static int
md_blank(cmark_node *n)
{
	const char	*lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		return 1;
	case CMARK_NODE_TEXT:
		lit = cmark_node_get_literal(n);
		return lit == NULL || lit[strspn(lit, " \t")] == '\0';
	default:
		return 0;
	}
}

/*
 * A paragraph of images only (spaces and line breaks between them) whose last line is one
 * emphasised span becomes a <figure> of those images with that span's content as its
 * <figcaption>: a caption for several images (a gallery's), or one that holds a link, which
 * an image's title cannot. "para" is freed when it is one.
 */
static void
md_caption_group(cmark_node *para)
{
	cmark_node	*cap, *c, *next, *fig, *fc;

	if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
	    (cap = cmark_node_last_child(para)) == NULL ||
	    cmark_node_get_type(cap) != CMARK_NODE_EMPH ||
	    (c = cmark_node_previous(cap)) == NULL ||
	    (cmark_node_get_type(c) != CMARK_NODE_SOFTBREAK &&
	    cmark_node_get_type(c) != CMARK_NODE_LINEBREAK) ||
	    cmark_node_get_type(cmark_node_first_child(para)) != CMARK_NODE_IMAGE)
		return;
	for (c = cmark_node_first_child(para); c != cap; c = cmark_node_next(c))
		if (cmark_node_get_type(c) != CMARK_NODE_IMAGE && !md_blank(c))
			return;
	fig = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(fig, "<figure>");
	cmark_node_set_on_exit(fig, "</figure>");
	fc = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	cmark_node_set_on_enter(fc, "<figcaption>");
	cmark_node_set_on_exit(fc, "</figcaption>");
	for (c = cmark_node_first_child(para); c != cap; c = next) {
		next = cmark_node_next(c);
		/* The line break before the caption has no place in a figure. */
		if (next != cap)
			cmark_node_append_child(fig, c);
	}
	while ((c = cmark_node_first_child(cap)) != NULL)
		cmark_node_append_child(fc, c);
	cmark_node_append_child(fig, fc);
	cmark_node_replace(para, fig);
	cmark_node_free(para);
}

/*
 * Renders Markdown to HTML like md_render(), with each image the callback knows (library
 * images) as the HTML it writes; an image alone in its paragraph with a title becomes a
 * <figure> with the title as its caption, and a paragraph of images whose last line is
 * emphasised, a <figure> with that line as its caption. Custom nodes carry that HTML:
 * cmark's safe mode drops raw HTML from the Markdown, never what we put in custom nodes.
 * Caller frees.
 */
char *
md_render_images(const char *md, size_t len, md_image_fn fn, void *arg)
{
	cmark_parser		*parser;
	cmark_node		*doc, *n, *img, *para, *custom, **imgs = NULL, **replaced;
	cmark_iter		*it;
	cmark_event_type	 ev;
	struct buf		 alt, html;
	const char		*title;
	size_t			 nimg = 0, cap = 0, nreplaced = 0, i;
	char			*out;
	int			 index = 0, inside = 0, figure;

	parser = cmark_parser_new(MD_OPTIONS);
	cmark_parser_feed(parser, md, len);
	if ((doc = cmark_parser_finish(parser)) == NULL)
		fatalx("%s: cmark returned NULL", __func__);
	/*
	 * Collected first: the tree is not changed while it is walked. An image inside another
	 * one's alt text is only text there, and leaving it out keeps the work linear on
	 * bodies of nested brackets.
	 */
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) != CMARK_NODE_IMAGE)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			inside--;
			continue;
		}
		if (inside++ > 0)
			continue;
		if (nimg == cap) {
			cap = cap ? cap * 2 : 8;
			imgs = xrealloc(imgs, cap * sizeof(*imgs));
		}
		imgs[nimg++] = n;
	}
	cmark_iter_free(it);
	for (i = 0; i < nimg; i++)
		if ((para = cmark_node_parent(imgs[i])) != NULL &&
		    cmark_node_first_child(para) == imgs[i])
			md_caption_group(para);
	replaced = xcalloc(nimg ? nimg : 1, sizeof(*replaced));
	buf_init(&alt);
	buf_init(&html);
	for (i = 0; i < nimg; i++) {
		img = imgs[i];
		buf_reset(&alt);
		buf_reset(&html);
		md_alt(img, &alt);
		title = cmark_node_get_title(img);
		para = cmark_node_parent(img);
		figure = title != NULL && *title != '\0' && para != NULL &&
		    cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH &&
		    cmark_node_first_child(para) == img && cmark_node_last_child(para) == img;
		if (figure)
			buf_puts(&html, "<figure>");
		if (fn(arg, cmark_node_get_url(img), alt.data ? alt.data : "", index, &html) != 1)
			continue;
		index++;
		if (figure) {
			buf_puts(&html, "<figcaption>");
			html_escape(&html, title, strlen(title));
			buf_puts(&html, "</figcaption></figure>\n");
			custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
			cmark_node_set_on_enter(custom, html.data);
			cmark_node_replace(para, custom);
			imgs[i] = para;
		} else {
			custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
			cmark_node_set_on_enter(custom, html.data);
			cmark_node_replace(img, custom);
		}
		/* Unlinked now, freed once the tree is rendered. */
		replaced[nreplaced++] = imgs[i];
	}
	buf_free(&alt);
	buf_free(&html);
	free(imgs);
	if ((out = cmark_render_html(doc, MD_OPTIONS)) == NULL)
		fatalx("%s: cmark returned NULL", __func__);
	for (i = 0; i < nreplaced; i++)
		cmark_node_free(replaced[i]);
	free(replaced);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return out;
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
