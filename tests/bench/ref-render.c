/* SPDX-License-Identifier: ISC */
/* tests/bench/ref-render.c: the benchmark's render-floor reference. Meridian renders an
 * article's Markdown with cmark; this is the least any app doing
 * that must do: it listens on a unix socket, forks NPROC processes (2 by default, as many as
 * Meridian's workers in the benchmark) that run libfcgi's accept loop, and for each request
 * looks the slug of /articles/SLUG up in the SQLite database (read-only, one statement
 * prepared once), renders body_md with cmark_markdown_to_html() and the options of
 * Meridian's src/md.c, and sends it in a tiny template (title, h1, body) with one write.
 * No routing, settings, caching headers, topics or layout: the gap between this and
 * Meridian's article page is what Meridian adds on top of lookup + render.
 *
 * usage: ref-render SOCKET DB [NPROC]		SIGTERM stops it and its processes.
 * Built by tests/bench/run.sh: cc -O2 ref-render.c -lfcgi -lsqlite3 -lcmark. Not part of
 * Meridian. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmark.h>
#include <fcgiapp.h>
#include <sqlite3.h>

#define REF_MAX_PROCS	16
#define REF_PREFIX	"/articles/"
#define REF_OPTIONS	(CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8)
#define REF_HEAD	"Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
#define REF_404		"Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnot found\n"
#define REF_500		"Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n" \
			"error\n"

static volatile sig_atomic_t	 stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void
put(FCGX_Stream *out, const char *s)
{
	FCGX_PutStr(s, (int)strlen(s), out);
}

/* Appends s, HTML-escaped, at p; returns the new end. p has room for 6 bytes per byte of s. */
static char *
escape(char *p, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': memcpy(p, "&amp;", 5); p += 5; break;
		case '<': memcpy(p, "&lt;", 4); p += 4; break;
		case '>': memcpy(p, "&gt;", 4); p += 4; break;
		case '"': memcpy(p, "&quot;", 6); p += 6; break;
		case '\'': memcpy(p, "&#39;", 5); p += 5; break;
		default: *p++ = *s; break;
		}
	}
	return p;
}

static char *
append(char *p, const char *s, size_t len)
{
	memcpy(p, s, len);
	return p + len;
}

#define APPEND(p, lit)	append((p), (lit), sizeof(lit) - 1)

/* One request: look up, render, write the page with one FCGX_PutStr. */
static void
answer(FCGX_Request *r, sqlite3_stmt *st)
{
	const char	*uri, *slug, *title, *body;
	char		*html, *page, *p;
	size_t		 slen, tlen, blen, hlen;
	int		 rc;

	if ((uri = FCGX_GetParam("DOCUMENT_URI", r->envp)) == NULL &&
	    (uri = FCGX_GetParam("REQUEST_URI", r->envp)) == NULL)
		uri = "";
	if (strncmp(uri, REF_PREFIX, sizeof(REF_PREFIX) - 1) != 0) {
		put(r->out, REF_404);
		return;
	}
	slug = uri + sizeof(REF_PREFIX) - 1;
	slen = strcspn(slug, "?");	/* REQUEST_URI may hold a query */
	if (sqlite3_bind_text(st, 1, slug, (int)slen, SQLITE_STATIC) != SQLITE_OK) {
		fprintf(stderr, "ref-render: bind: %s\n", sqlite3_errmsg(sqlite3_db_handle(st)));
		put(r->out, REF_500);
		return;
	}
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			fprintf(stderr, "ref-render: step: %s\n",
			    sqlite3_errmsg(sqlite3_db_handle(st)));
		put(r->out, rc == SQLITE_DONE ? REF_404 : REF_500);
		sqlite3_reset(st);
		return;
	}
	title = (const char *)sqlite3_column_text(st, 0);
	body = (const char *)sqlite3_column_text(st, 1);
	blen = (size_t)sqlite3_column_bytes(st, 1);
	if (title == NULL || body == NULL ||
	    (html = cmark_markdown_to_html(body, blen, REF_OPTIONS)) == NULL) {
		fprintf(stderr, "ref-render: no title, body or rendering\n");
		put(r->out, REF_500);
		sqlite3_reset(st);
		return;
	}
	tlen = strlen(title);
	hlen = strlen(html);
	page = malloc(sizeof(REF_HEAD) + 64 + 2 * 6 * tlen + hlen);
	if (page == NULL) {
		perror("ref-render: malloc");
		put(r->out, REF_500);
	} else {
		p = APPEND(page, REF_HEAD);
		p = APPEND(p, "<!doctype html><title>");
		p = escape(p, title);
		p = APPEND(p, "</title><main><h1>");
		p = escape(p, title);
		p = APPEND(p, "</h1>");
		p = append(p, html, hlen);
		p = APPEND(p, "</main>\n");
		FCGX_PutStr(page, (int)(p - page), r->out);
		free(page);
	}
	free(html);
	sqlite3_reset(st);
}

static void
serve(int fd, const char *path)
{
	FCGX_Request	 r;
	sqlite3		*db;
	sqlite3_stmt	*st;

	signal(SIGTERM, SIG_DFL);
	/* Each process its own connection, opened after the fork. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "ref-render: %s: %s\n", path, sqlite3_errmsg(db));
		_exit(1);
	}
	sqlite3_busy_timeout(db, 1000);
	if (sqlite3_prepare_v2(db, "SELECT title, body_md FROM posts WHERE slug = ?1", -1,
	    &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "ref-render: prepare: %s\n", sqlite3_errmsg(db));
		_exit(1);
	}
	if (FCGX_InitRequest(&r, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&r) >= 0) {
		answer(&r, st);
		FCGX_Finish_r(&r);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	_exit(0);
}

int
main(int argc, char *argv[])
{
	pid_t		 kids[REF_MAX_PROCS];
	struct sigaction sa;
	int		 fd, i, n = 2;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: ref-render SOCKET DB [NPROC]\n");
		return 2;
	}
	if (argc == 4 && ((n = atoi(argv[3])) < 1 || n > REF_MAX_PROCS)) {
		fprintf(stderr, "ref-render: NPROC must be 1..%d\n", REF_MAX_PROCS);
		return 2;
	}
	if (access(argv[2], R_OK) != 0) {
		perror(argv[2]);
		return 1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "ref-render: FCGX_Init failed\n");
		return 1;
	}
	unlink(argv[1]);
	/* Meridian listens with a backlog of 1024; so does the reference. */
	if ((fd = FCGX_OpenSocket(argv[1], 1024)) < 0) {
		fprintf(stderr, "ref-render: cannot listen on %s\n", argv[1]);
		return 1;
	}
	if (chmod(argv[1], 0660) != 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if ((kids[i] = fork()) == -1) {
			perror("fork");
			return 1;
		}
		if (kids[i] == 0)
			serve(fd, argv[2]);
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
	return 0;
}
