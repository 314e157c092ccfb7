/* SPDX-License-Identifier: ISC */
/* cmd_render.c: `meridian render FILE.md`: prints the HTML a body renders to, exactly as
 * visitors would get it (front matter, if any, is skipped). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "frontmatter.h"
#include "util.h"

static const char render_usage[] =
    "usage: meridian render [--db PATH] [--config FILE] FILE.md|-\n"
    "Prints the HTML the Markdown body renders to (front matter is skipped).\n";

/* Reads all of "path" ("-" = stdin) up to "max" bytes. Caller frees. NULL on error. */
char *
cmd_read_file(const char *path, size_t max, size_t *len)
{
	FILE	*f;
	char	*p;
	size_t	 n;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "meridian: %s: cannot open\n", path);
		return NULL;
	}
	p = xmalloc(max + 2);
	n = fread(p, 1, max + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "meridian: %s: read error\n", path);
		goto fail;
	}
	if (n > max) {
		fprintf(stderr, "meridian: %s: larger than %zu bytes\n", path, max);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
fail:
	if (f != stdin)
		fclose(f);
	free(p);
	return NULL;
}

int
cmd_render(int argc, char *argv[])
{
	struct fm	 fm;
	char		*text, *html, err[256];
	const char	*body;
	size_t		 len, blen;
	int		 line = 0, ch;
	enum md_result	 r;
	const char	*path;
	/* Accepted like every command's; render needs neither. */
	struct cmd_common co = { NULL, NULL };

	if ((ch = cmd_flags(argc, argv, render_usage, NULL, &co)) >= 0)
		return ch;
	if (argc - optind != 1) {
		cmd_usage(render_usage);
		return EXIT_USAGE;
	}
	path = argv[optind];
	if ((text = cmd_read_file(path, 2 * LIMIT_MARKDOWN, &len)) == NULL)
		return EXIT_USER;
	memset(&fm, 0, sizeof(fm));
	body = text;
	blen = len;
	/* Front matter, possibly after a UTF-8 byte order mark. */
	if (strncmp(text, "---", 3) == 0 || strncmp(text, "\xef\xbb\xbf---", 6) == 0) {
		if (fm_parse(text, len, &fm, err, sizeof(err), &line) == -1) {
			fprintf(stderr, "%s:%d: %s\n", path, line, err);
			free(text);
			return EXIT_USER;
		}
		body = fm.body;
		blen = fm.body_len;
	}
	if ((r = md_check(body, blen, LIMIT_RENDER_MS, NULL)) != MD_OK) {
		fprintf(stderr, "%s: %s\n", path, md_strerror(r));
		fm_free(&fm);
		free(text);
		return EXIT_USER;
	}
	html = md_render(body, blen);
	fputs(html, stdout);
	free(html);
	fm_free(&fm);
	free(text);
	return EXIT_OK;
}
