/* SPDX-License-Identifier: ISC */
/* tmpl.c: compiles template files into flat op arrays once per worker, and renders them from
 * scopes of per-request values.
 *
 * Syntax; everything else, including a lone "}}", is literal text:
 *	{{name}}			the value, HTML-escaped (the default)
 *	{{name|raw}}			the value as is: cmark output only, grep for "|raw"
 *	{{name|json}}, |url, |xml	the value through that escaper (see html.c)
 *	{{#if name}} {{#unless name}} {{#each name}} ... [{{#else}} ...] {{/if}} {{/unless}} {{/each}}
 *	{{> path}}			another file of the template directory, inlined at load time
 *	{{! comment }}			dropped
 *
 * Names are resolved at load time to indexes into the caller's table, so a typo fails the load
 * instead of rendering nothing. A block must close in the file that opens it. Includes are
 * inlined, so each top-level template becomes one op array that tmpl_render() walks with a
 * program counter and a fixed stack of loop frames: rendering allocates only output.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "html.h"
#include "log.h"
#include "tmpl.h"
#include "util.h"

/* Bounds one top-level template after inlining, since includes can fan out. */
#define TMPL_MAX_OPS	(1024 * 1024)

enum tmpl_opcode {
	OP_TEXT,	/* append text */
	OP_VAR,		/* append a string value through a filter */
	OP_IF,		/* fall through if the value is truthy, else go to jump */
	OP_UNLESS,	/* fall through if the value is falsy, else go to jump */
	OP_JUMP,	/* go to jump */
	OP_EACH,	/* push a loop frame and fall through, or go to jump if the list is empty */
	OP_NEXT		/* advance the loop: go to back, or pop the frame and go to jump */
};

enum tmpl_filter {
	FILTER_HTML,
	FILTER_RAW,
	FILTER_JSON,
	FILTER_URL,
	FILTER_XML,
	FILTER__MAX
};

static const char *const tmpl_filters[FILTER__MAX] = {
	"",	/* FILTER_HTML: the default, never written */
	[FILTER_RAW] = "raw",
	[FILTER_JSON] = "json",
	[FILTER_URL] = "url",
	[FILTER_XML] = "xml",
};

enum tmpl_block_kind {
	BLOCK_IF,
	BLOCK_UNLESS,
	BLOCK_EACH,
	BLOCK__MAX
};

static const char *const tmpl_blocks[BLOCK__MAX] = {
	[BLOCK_IF] = "if",
	[BLOCK_UNLESS] = "unless",
	[BLOCK_EACH] = "each",
};

struct tmpl_op {
	enum tmpl_opcode	 code;
	enum tmpl_filter	 filter;	/* OP_VAR */
	int			 name;		/* OP_VAR, OP_IF, OP_UNLESS, OP_EACH */
	size_t			 jump;		/* OP_IF, OP_UNLESS, OP_JUMP, OP_EACH, OP_NEXT */
	size_t			 back;		/* OP_NEXT: first op of the loop body */
	const char		*text;		/* OP_TEXT: borrowed from a struct tmpl_file */
	size_t			 len;		/* OP_TEXT */
};

/* One file as read from disk; text ops borrow its bytes for the life of the set. */
struct tmpl_file {
	char	*path;		/* relative to the template directory */
	char	*data;
	size_t	 len;
};

/* One top-level template with its includes inlined. */
struct tmpl_prog {
	struct tmpl_op	*ops;
	size_t		 nops;
	size_t		 maxops;
};

struct tmpl_set {
	struct tmpl_file	*files;		/* every file read, each once, in load order */
	size_t			 nfiles;
	size_t			 maxfiles;
	struct tmpl_prog	*progs;		/* parallel to tmpl_load()'s "files" */
	size_t			 nprogs;
	size_t			 nnames;
	uint64_t		 generation;
};

enum tmpl_vtype {
	VAL_UNSET = 0,	/* so that xcalloc() makes an empty scope */
	VAL_STR,
	VAL_BOOL,
	VAL_LIST
};

struct tmpl_val {
	enum tmpl_vtype		  type;
	int			  truth;	/* VAL_BOOL */
	char			 *str;		/* VAL_STR: malloc'd if "owned", else in the arena */
	int			  owned;
	size_t			  len;		/* VAL_STR: bytes; VAL_LIST: items */
	struct tmpl_scope	**items;	/* VAL_LIST, owned */
	size_t			  maxitems;	/* VAL_LIST */
};

struct tmpl_scope {
	const struct tmpl_set	*set;
	struct tmpl_scope	*parent;	/* NULL for a root scope; the next one in the pool */
	struct tmpl_val		*vals;		/* set->nnames of them, indexed by name */
	size_t			 nvals;
	int			*names;		/* the slots set since allocation (see scope_slot) */
	size_t			 nnames, maxnames;
};

/*
 * Freed scopes wait here for reuse. A list page makes dozens of scopes, each with a slot for
 * every name (about 130): allocating, zeroing and freeing them was a fifth of the home page's
 * time. A scope remembers the slots it set, so that freeing clears only those and
 * leaves every slot zeroed, as a new scope's, for the next use.
 */
#define SCOPE_POOL_MAX	64	/* a feed of 20 articles uses about 60 */
static struct tmpl_scope	*scope_pool;
static size_t			 scope_pooled;

/* A block that is open while compiling. */
struct tmpl_block {
	enum tmpl_block_kind	 kind;
	size_t			 open;		/* its OP_IF, OP_UNLESS or OP_EACH */
	size_t			 mid;		/* the op emitted at {{#else}}, if has_else */
	int			 has_else;
	size_t			 line;		/* of the opening tag */
};

/* State while compiling one top-level template. */
struct tmpl_comp {
	struct tmpl_set		*set;
	const char		*dir;
	const char *const	*names;
	size_t			 nnames;
	struct tmpl_prog	*prog;
	struct tmpl_block	 blocks[TMPL_MAX_DEPTH];
	size_t			 depth;
	size_t			 base;		/* blocks opened by the including files */
	const char		*incs[TMPL_MAX_INCLUDE + 1];	/* files being parsed */
	size_t			 nincs;
	char			*err;
	size_t			 errlen;
};

/* A loop in progress while rendering. */
struct tmpl_frame {
	const struct tmpl_val	*list;
	size_t			 idx;
};

static int	 comp_err(struct tmpl_comp *, const char *, size_t, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static int	 comp_ioerr(struct tmpl_comp *, const char *, const char *, size_t,
		    const char *);
static const char *comp_safe(const char *, size_t, char *, size_t);
static size_t	 comp_emit(struct tmpl_comp *, enum tmpl_opcode);
static int	 comp_name(struct tmpl_comp *, const char *, size_t, const char *, size_t,
		    int *);
static int	 comp_open(struct tmpl_comp *, const char *, size_t, const char *, size_t);
static int	 comp_else(struct tmpl_comp *, const char *, size_t);
static int	 comp_close(struct tmpl_comp *, const char *, size_t, const char *, size_t);
static int	 comp_var(struct tmpl_comp *, const char *, size_t, const char *, size_t);
static int	 comp_include(struct tmpl_comp *, const char *, size_t, const char *, size_t);
static int	 comp_tag(struct tmpl_comp *, const char *, size_t, const char *, size_t);
static int	 comp_parse(struct tmpl_comp *, const char *, const char *, size_t);
static int	 comp_read(struct tmpl_comp *, const char *, const char *, size_t, size_t *);
static int	 comp_file(struct tmpl_comp *, const char *, const char *, size_t);
static int	 path_ok(const char *);
static int	 is_space(char);
static void	 trim(const char **, size_t *);
static size_t	 count_nl(const char *, size_t);
static const char *find_pair(const char *, size_t, char);
static struct tmpl_scope *scope_alloc(const struct tmpl_set *, struct tmpl_scope *);
static void	 scope_destroy(struct tmpl_scope *);
static struct tmpl_val *scope_slot(struct tmpl_scope *, int, const char *);
static void	 val_clear(struct tmpl_val *);
static void	 val_set_str(struct tmpl_val *, char *, size_t, int);
static int	 val_truthy(const struct tmpl_val *);
static const struct tmpl_val *render_lookup(const struct tmpl_scope *,
		    const struct tmpl_frame *, size_t, int);
static void	 render_value(struct buf *, enum tmpl_filter, const char *, size_t);

/*
 * Formats "FILE:LINE: message" (or "FILE: message" when "line" is 0) into the caller's error
 * buffer. Always returns -1 so that callers can "return comp_err(...)".
 */
static int
comp_err(struct tmpl_comp *c, const char *file, size_t line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (c->errlen == 0)
		return -1;
	if (line > 0)
		n = snprintf(c->err, c->errlen, "%s:%zu: ", file, line);
	else
		n = snprintf(c->err, c->errlen, "%s: ", file);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Reports a failure to read "path": at the include tag "from":"line" if there is one, else
 * against the top-level file itself.
 */
static int
comp_ioerr(struct tmpl_comp *c, const char *path, const char *from, size_t line,
    const char *why)
{
	if (from == NULL)
		return comp_err(c, path, 0, "%s", why);
	return comp_err(c, from, line, "%s: %s", path, why);
}

/* Makes template bytes printable for an error message; returns "out". */
static const char *
comp_safe(const char *s, size_t len, char *out, size_t outlen)
{
	log_safe(s, len, out, outlen);
	return out;
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space((*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

static size_t
count_nl(const char *s, size_t len)
{
	const char	*end = s + len, *p;
	size_t		 n = 0;

	while ((p = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		n++;
		s = p + 1;
	}
	return n;
}

/* Returns the first of two consecutive "ch" in "s", or NULL. */
static const char *
find_pair(const char *s, size_t len, char ch)
{
	const char	*end = s + len, *p;

	while ((p = memchr(s, ch, (size_t)(end - s))) != NULL) {
		if (p + 1 < end && p[1] == ch)
			return p;
		s = p + 1;
	}
	return NULL;
}

/*
 * Template paths stay inside the template directory: relative, without "..", and made of
 * characters that need no quoting in an error message. Returns 1 if "p" is acceptable.
 */
static int
path_ok(const char *p)
{
	size_t	 i, len = strlen(p);
	char	 ch;

	if (len == 0 || len > TMPL_MAX_TAG || p[0] == '/' || strstr(p, "..") != NULL)
		return 0;
	for (i = 0; i < len; i++) {
		ch = p[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
		    ch == '/')
			continue;
		return 0;
	}
	return 1;
}

/* Appends a zeroed op and returns its index; the op count is bounded in comp_parse(). */
static size_t
comp_emit(struct tmpl_comp *c, enum tmpl_opcode code)
{
	struct tmpl_prog	*p = c->prog;
	struct tmpl_op		*op;

	if (p->nops == p->maxops) {
		p->maxops = p->maxops ? p->maxops * 2 : 64;
		p->ops = xrealloc(p->ops, p->maxops * sizeof(*p->ops));
	}
	op = &p->ops[p->nops];
	memset(op, 0, sizeof(*op));
	op->code = code;
	return p->nops++;
}

/*
 * Checks the name "s" ("len" bytes) and resolves it to its index in the caller's table.
 * Returns 0 and sets "out", or -1 with the error filled in.
 */
static int
comp_name(struct tmpl_comp *c, const char *file, size_t line, const char *s, size_t len,
    int *out)
{
	char	 safe[8];
	size_t	 i;

	if (len == 0)
		return comp_err(c, file, line, "empty name");
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '.'))
			return comp_err(c, file, line, "invalid character '%s' in name",
			    comp_safe(s + i, 1, safe, sizeof(safe)));
	/* Load time only, and tables are short: a linear scan is fine. */
	for (i = 0; i < c->nnames; i++)
		if (strlen(c->names[i]) == len && memcmp(c->names[i], s, len) == 0) {
			*out = (int)i;
			return 0;
		}
	return comp_err(c, file, line, "unknown name \"%.*s\"", (int)len, s);
}

/* Compiles "{{#...}}"; "t" is what follows the '#'. Returns 0 or -1. */
static int
comp_open(struct tmpl_comp *c, const char *file, size_t line, const char *t, size_t len)
{
	static const enum tmpl_opcode	 codes[BLOCK__MAX] = {
		OP_IF,		/* BLOCK_IF */
		OP_UNLESS,	/* BLOCK_UNLESS */
		OP_EACH,	/* BLOCK_EACH */
	};
	struct tmpl_block		*b;
	const char			*name;
	size_t				 k, nlen, i, kind, op;
	int				 idx;

	for (k = 0; k < len && t[k] >= 'a' && t[k] <= 'z'; k++)
		continue;
	name = t + k;
	nlen = len - k;
	trim(&name, &nlen);
	if (k == 4 && memcmp(t, "else", 4) == 0) {
		if (nlen > 0)
			return comp_err(c, file, line, "{{#else}} takes no name");
		return comp_else(c, file, line);
	}
	kind = BLOCK__MAX;
	for (i = 0; i < BLOCK__MAX; i++)
		if (strlen(tmpl_blocks[i]) == k && memcmp(tmpl_blocks[i], t, k) == 0)
			kind = i;
	if (kind == BLOCK__MAX)
		return comp_err(c, file, line, "unknown block \"{{#%.*s\"", (int)k, t);
	if (k < len && !is_space(t[k]))
		return comp_err(c, file, line, "expected a space after {{#%s", tmpl_blocks[kind]);
	if (nlen == 0)
		return comp_err(c, file, line, "empty name in {{#%s}}", tmpl_blocks[kind]);
	if (comp_name(c, file, line, name, nlen, &idx) == -1)
		return -1;
	if (c->depth == TMPL_MAX_DEPTH)
		return comp_err(c, file, line, "blocks nested deeper than %d", TMPL_MAX_DEPTH);

	op = comp_emit(c, codes[kind]);
	c->prog->ops[op].name = idx;
	b = &c->blocks[c->depth++];
	b->kind = (enum tmpl_block_kind)kind;
	b->open = op;
	b->mid = 0;
	b->has_else = 0;
	b->line = line;
	return 0;
}

/*
 * Compiles "{{#else}}". In if/unless the true branch ends with a jump over the else branch;
 * in each the loop's OP_NEXT goes here, and an empty list jumps past it.
 */
static int
comp_else(struct tmpl_comp *c, const char *file, size_t line)
{
	struct tmpl_block	*b;
	size_t			 mid;

	if (c->depth == c->base)
		return comp_err(c, file, line, "{{#else}} outside a block");
	b = &c->blocks[c->depth - 1];
	if (b->has_else)
		return comp_err(c, file, line, "second {{#else}} in {{#%s}} of line %zu",
		    tmpl_blocks[b->kind], b->line);
	if (b->kind == BLOCK_EACH) {
		mid = comp_emit(c, OP_NEXT);
		c->prog->ops[mid].back = b->open + 1;
	} else
		mid = comp_emit(c, OP_JUMP);
	c->prog->ops[b->open].jump = c->prog->nops;
	b->mid = mid;
	b->has_else = 1;
	return 0;
}

/* Compiles "{{/...}}"; "t" is what follows the '/'. Returns 0 or -1. */
static int
comp_close(struct tmpl_comp *c, const char *file, size_t line, const char *t, size_t len)
{
	struct tmpl_block	*b;
	struct tmpl_op		*ops;
	char			 safe[TMPL_MAX_TAG * 4 + 1];
	size_t			 i, kind, next;

	trim(&t, &len);
	kind = BLOCK__MAX;
	for (i = 0; i < BLOCK__MAX; i++)
		if (strlen(tmpl_blocks[i]) == len && memcmp(tmpl_blocks[i], t, len) == 0)
			kind = i;
	if (kind == BLOCK__MAX)
		return comp_err(c, file, line, "unknown closing tag \"{{/%s}}\"",
		    comp_safe(t, len, safe, sizeof(safe)));
	if (c->depth == c->base)
		return comp_err(c, file, line, "stray {{/%s}}", tmpl_blocks[kind]);
	b = &c->blocks[c->depth - 1];
	if (b->kind != kind)
		return comp_err(c, file, line, "{{/%s}} closes {{#%s}} of line %zu",
		    tmpl_blocks[kind], tmpl_blocks[b->kind], b->line);

	if (b->kind == BLOCK_EACH && !b->has_else) {
		next = comp_emit(c, OP_NEXT);
		ops = c->prog->ops;
		ops[next].back = b->open + 1;
		ops[next].jump = c->prog->nops;
		ops[b->open].jump = c->prog->nops;
	} else if (b->has_else)
		c->prog->ops[b->mid].jump = c->prog->nops;
	else
		c->prog->ops[b->open].jump = c->prog->nops;
	c->depth--;
	return 0;
}

/* Compiles "{{name}}" or "{{name|filter}}". Returns 0 or -1. */
static int
comp_var(struct tmpl_comp *c, const char *file, size_t line, const char *t, size_t len)
{
	char		 safe[TMPL_MAX_TAG * 4 + 1];
	const char	*bar, *f;
	size_t		 nlen, flen, i, op;
	int		 idx;
	enum tmpl_filter filter = FILTER_HTML;

	bar = memchr(t, '|', len);
	nlen = bar != NULL ? (size_t)(bar - t) : len;
	if (comp_name(c, file, line, t, nlen, &idx) == -1)
		return -1;
	if (bar != NULL) {
		f = bar + 1;
		flen = len - nlen - 1;
		filter = FILTER__MAX;
		for (i = FILTER_HTML + 1; i < FILTER__MAX; i++)
			if (strlen(tmpl_filters[i]) == flen &&
			    memcmp(tmpl_filters[i], f, flen) == 0)
				filter = (enum tmpl_filter)i;
		if (filter == FILTER__MAX)
			return comp_err(c, file, line, "unknown filter \"%s\"",
			    comp_safe(f, flen, safe, sizeof(safe)));
	}
	op = comp_emit(c, OP_VAR);
	c->prog->ops[op].name = idx;
	c->prog->ops[op].filter = filter;
	return 0;
}

/* Compiles "{{> path}}" by inlining the file; "t" is what follows the '>'. */
static int
comp_include(struct tmpl_comp *c, const char *file, size_t line, const char *t, size_t len)
{
	char	 path[TMPL_MAX_TAG + 1];
	char	 safe[TMPL_MAX_TAG * 4 + 1];

	trim(&t, &len);
	if (len == 0)
		return comp_err(c, file, line, "empty include path");
	/* comp_parse() bounds tags, so this only guards against a change there. */
	if (len >= sizeof(path))
		return comp_err(c, file, line, "include path too long");
	memcpy(path, t, len);
	path[len] = '\0';
	if (memchr(t, '\0', len) != NULL || !path_ok(path))
		return comp_err(c, file, line, "bad include path \"%s\": must be relative, "
		    "without \"..\", of [A-Za-z0-9._/-]", comp_safe(t, len, safe, sizeof(safe)));
	return comp_file(c, path, file, line);
}

/* Compiles the inside of one tag, "t" ("len" bytes, between the braces). */
static int
comp_tag(struct tmpl_comp *c, const char *file, size_t line, const char *t, size_t len)
{
	trim(&t, &len);
	if (len == 0)
		return comp_err(c, file, line, "empty tag");
	switch (t[0]) {
	case '!':
		return 0;
	case '#':
		return comp_open(c, file, line, t + 1, len - 1);
	case '/':
		return comp_close(c, file, line, t + 1, len - 1);
	case '>':
		return comp_include(c, file, line, t + 1, len - 1);
	default:
		return comp_var(c, file, line, t, len);
	}
}

/*
 * Compiles the bytes "s" ("len") of "file" into c->prog. Lines are counted from 1 in this file,
 * and an error names the line where the offending tag starts. Returns 0 or -1.
 */
static int
comp_parse(struct tmpl_comp *c, const char *file, const char *s, size_t len)
{
	const char		*end = s + len, *p = s, *open, *body, *close, *nul;
	const struct tmpl_block	*b;
	size_t			 line = 1, op;

	if ((nul = memchr(s, '\0', len)) != NULL)
		return comp_err(c, file, 1 + count_nl(s, (size_t)(nul - s)),
		    "NUL byte in template");
	while (p < end) {
		/*
		 * Checked before every tag here and in every included file, so a prog
		 * ends within a few ops of the limit however includes fan out.
		 */
		if (c->prog->nops > TMPL_MAX_OPS)
			return comp_err(c, file, line, "more than %d ops after includes",
			    TMPL_MAX_OPS);
		if ((open = find_pair(p, (size_t)(end - p), '{')) == NULL)
			open = end;
		if (open > p) {
			op = comp_emit(c, OP_TEXT);
			c->prog->ops[op].text = p;
			c->prog->ops[op].len = (size_t)(open - p);
			line += count_nl(p, (size_t)(open - p));
		}
		if (open == end)
			break;
		body = open + 2;
		if ((close = find_pair(body, (size_t)(end - body), '}')) == NULL)
			return comp_err(c, file, line, "unterminated tag");
		/* Comments are exempt: they produce nothing, so their size costs nothing. */
		if ((size_t)(close - body) > TMPL_MAX_TAG && body[0] != '!')
			return comp_err(c, file, line, "tag longer than %d bytes", TMPL_MAX_TAG);
		if (comp_tag(c, file, line, body, (size_t)(close - body)) == -1)
			return -1;
		line += count_nl(body, (size_t)(close - body));
		p = close + 2;
	}
	if (c->depth > c->base) {
		b = &c->blocks[c->depth - 1];
		return comp_err(c, file, b->line, "{{#%s}} is not closed in this file",
		    tmpl_blocks[b->kind]);
	}
	return 0;
}

/*
 * Finds "path" among the files already read, or reads it from the template directory. Errors
 * are reported at "from":"line" (the include tag), or against "path" if "from" is NULL.
 * Returns 0 and sets "idx" (an index into c->set->files), or -1.
 */
static int
comp_read(struct tmpl_comp *c, const char *path, const char *from, size_t line, size_t *idx)
{
	char			 full[PATH_MAX], chunk[16384], why[64];
	struct tmpl_set		*set = c->set;
	struct tmpl_file	*f;
	struct stat		 st;
	struct buf		 b;
	ssize_t			 n;
	size_t			 i;
	int			 fd = -1, rc = -1, ret;

	for (i = 0; i < set->nfiles; i++)
		if (strcmp(set->files[i].path, path) == 0) {
			*idx = i;
			return 0;
		}

	buf_init(&b);
	ret = snprintf(full, sizeof(full), "%s/%s", c->dir, path);
	if (ret < 0 || (size_t)ret >= sizeof(full)) {
		comp_ioerr(c, path, from, line, "path too long");
		goto out;
	}
	/* O_NONBLOCK so that a FIFO in the directory cannot hang the worker. */
	if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) == -1) {
		comp_ioerr(c, path, from, line, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		comp_ioerr(c, path, from, line, "not a regular file");
		goto out;
	}
	snprintf(why, sizeof(why), "larger than %d bytes", TMPL_MAX_FILE);
	if (st.st_size > TMPL_MAX_FILE) {
		comp_ioerr(c, path, from, line, why);
		goto out;
	}
	/* The size may change under us; the limit is checked on what is actually read. */
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			comp_ioerr(c, path, from, line, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		buf_append(&b, chunk, (size_t)n);
		if (b.len > TMPL_MAX_FILE) {
			comp_ioerr(c, path, from, line, why);
			goto out;
		}
	}

	if (set->nfiles == set->maxfiles) {
		set->maxfiles = set->maxfiles ? set->maxfiles * 2 : 16;
		set->files = xrealloc(set->files, set->maxfiles * sizeof(*set->files));
	}
	f = &set->files[set->nfiles];
	f->path = xstrdup(path);
	f->len = b.len;
	f->data = buf_detach(&b);
	*idx = set->nfiles++;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	buf_free(&b);
	return rc;
}

/*
 * Compiles the file "path" into c->prog, as a top-level template ("from" NULL) or included by
 * the tag at "from":"line". Returns 0 or -1.
 */
static int
comp_file(struct tmpl_comp *c, const char *path, const char *from, size_t line)
{
	const struct tmpl_file	*f;
	const char		*fpath, *data;
	struct buf		 chain;
	size_t			 i, idx, len, base;
	int			 rc;

	for (i = 0; i < c->nincs; i++) {
		if (strcmp(c->incs[i], path) != 0)
			continue;
		buf_init(&chain);
		for (; i < c->nincs; i++)
			buf_printf(&chain, "%s -> ", c->incs[i]);
		buf_puts(&chain, path);
		comp_err(c, from, line, "include cycle: %s", chain.data);
		buf_free(&chain);
		return -1;
	}
	if (c->nincs > TMPL_MAX_INCLUDE)
		return comp_err(c, from, line, "includes nested deeper than %d",
		    TMPL_MAX_INCLUDE);
	if (comp_read(c, path, from, line, &idx) == -1)
		return -1;

	/* Copy out: reading a nested include may move c->set->files. */
	f = &c->set->files[idx];
	fpath = f->path;
	data = f->data;
	len = f->len;

	c->incs[c->nincs++] = fpath;
	base = c->base;
	c->base = c->depth;
	rc = comp_parse(c, fpath, data, len);
	c->base = base;
	c->nincs--;
	return rc;
}

/*
 * Loads the top-level templates "files" (paths relative to "dir") with their includes, and
 * resolves every name in them against "names". A template is later rendered by its index in
 * "files", and a value is set by its index in "names".
 * Returns the set, which the caller frees with tmpl_free(), or NULL with "FILE:LINE: what is
 * wrong" (FILE relative to "dir") in "err".
 */
struct tmpl_set *
tmpl_load(const char *dir, const char *const *files, size_t nfiles, const char *const *names,
    size_t nnames, char *err, size_t errlen)
{
	struct tmpl_comp	 c;
	struct tmpl_set		*set;
	const struct tmpl_file	*f;
	unsigned char		 lenbytes[8];
	char			 safe[TMPL_MAX_TAG * 4 + 1];
	uint64_t		 h = 0;
	size_t			 i, j;

	if (errlen > 0)
		err[0] = '\0';
	memset(&c, 0, sizeof(c));
	c.dir = dir;
	c.names = names;
	c.nnames = nnames;
	c.err = err;
	c.errlen = errlen;
	if (nnames > INT_MAX || nfiles > INT_MAX) {
		comp_err(&c, dir, 0, "too many names or templates");
		return NULL;
	}

	set = xcalloc(1, sizeof(*set));
	set->nnames = nnames;
	set->progs = xcalloc(nfiles, sizeof(*set->progs));
	set->nprogs = nfiles;
	c.set = set;
	for (i = 0; i < nfiles; i++) {
		if (!path_ok(files[i])) {
			comp_err(&c, comp_safe(files[i], strlen(files[i]), safe, sizeof(safe)),
			    0, "bad template path");
			goto fail;
		}
		c.prog = &set->progs[i];
		c.depth = c.base = c.nincs = 0;
		if (comp_file(&c, files[i], NULL, 0) == -1)
			goto fail;
	}

	/* Paths and lengths go in too, so moving bytes between files changes the hash. */
	for (i = 0; i < set->nfiles; i++) {
		f = &set->files[i];
		for (j = 0; j < sizeof(lenbytes); j++)
			lenbytes[j] = (unsigned char)((uint64_t)f->len >> (8 * j));
		h = util_fnv1a(f->path, strlen(f->path) + 1, h);
		h = util_fnv1a(lenbytes, sizeof(lenbytes), h);
		h = util_fnv1a(f->data, f->len, h);
	}
	set->generation = h;
	return set;
fail:
	tmpl_free(set);
	return NULL;
}

void
tmpl_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nprogs; i++)
		free(set->progs[i].ops);
	for (i = 0; i < set->nfiles; i++) {
		free(set->files[i].path);
		free(set->files[i].data);
	}
	free(set->progs);
	free(set->files);
	free(set);
}

/* A hash of every file the set was loaded from, for ETags. */
uint64_t
tmpl_generation(const struct tmpl_set *set)
{
	return set->generation;
}

static int
val_truthy(const struct tmpl_val *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case VAL_STR:
	case VAL_LIST:
		return v->len > 0;
	case VAL_BOOL:
		return v->truth;
	case VAL_UNSET:
		break;
	}
	return 0;
}

/*
 * Finds the value of "name": in the current item of each open loop, innermost first, then in
 * "scope" and its parents. Returns NULL if it is set nowhere.
 */
static const struct tmpl_val *
render_lookup(const struct tmpl_scope *scope, const struct tmpl_frame *frames, size_t depth,
    int name)
{
	const struct tmpl_scope	*s;
	const struct tmpl_val	*v;

	while (depth-- > 0) {
		s = frames[depth].list->items[frames[depth].idx];
		v = &s->vals[name];
		if (v->type != VAL_UNSET)
			return v;
	}
	for (s = scope; s != NULL; s = s->parent) {
		v = &s->vals[name];
		if (v->type != VAL_UNSET)
			return v;
	}
	return NULL;
}

static void
render_value(struct buf *out, enum tmpl_filter filter, const char *s, size_t len)
{
	switch (filter) {
	case FILTER_HTML:
		html_escape(out, s, len);
		break;
	case FILTER_RAW:
		buf_append(out, s, len);
		break;
	case FILTER_JSON:
		html_escape_json(out, s, len);
		break;
	case FILTER_URL:
		html_escape_url(out, s, len);
		break;
	case FILTER_XML:
		html_escape_xml(out, s, len);
		break;
	case FILTER__MAX:
		break;
	}
}

/*
 * Appends template "file" (an index into tmpl_load()'s "files") rendered with the values in
 * "scope" (may be NULL: nothing set) to "out". Inside {{#each}}, a name is looked up in the
 * current item, then in the items of the enclosing loops, then in "scope" and its parents.
 * Unset names render as empty, and so do booleans and lists used as {{name}}.
 * Returns 0, or -1 (logged) on a bad argument, with "out" as it was.
 */
int
tmpl_render(const struct tmpl_set *set, int file, const struct tmpl_scope *scope,
    struct buf *out)
{
	struct tmpl_frame	 frames[TMPL_MAX_DEPTH];
	const struct tmpl_prog	*prog;
	const struct tmpl_op	*op;
	const struct tmpl_val	*v;
	size_t			 pc = 0, depth = 0, start = out->len;

	if (file < 0 || (size_t)file >= set->nprogs) {
		log_warnx("%s: no template %d", __func__, file);
		return -1;
	}
	if (scope != NULL && scope->set != set) {
		log_warnx("%s: scope belongs to another template set", __func__);
		return -1;
	}
	prog = &set->progs[file];
	while (pc < prog->nops) {
		op = &prog->ops[pc];
		switch (op->code) {
		case OP_TEXT:
			buf_append(out, op->text, op->len);
			pc++;
			break;
		case OP_VAR:
			v = render_lookup(scope, frames, depth, op->name);
			if (v != NULL && v->type == VAL_STR)
				render_value(out, op->filter, v->str, v->len);
			pc++;
			break;
		case OP_IF:
			v = render_lookup(scope, frames, depth, op->name);
			pc = val_truthy(v) ? pc + 1 : op->jump;
			break;
		case OP_UNLESS:
			v = render_lookup(scope, frames, depth, op->name);
			pc = val_truthy(v) ? op->jump : pc + 1;
			break;
		case OP_JUMP:
			pc = op->jump;
			break;
		case OP_EACH:
			v = render_lookup(scope, frames, depth, op->name);
			if (v == NULL || v->type != VAL_LIST || v->len == 0) {
				pc = op->jump;
				break;
			}
			/* The compiler bounds nesting; this guards the array regardless. */
			if (depth == TMPL_MAX_DEPTH)
				goto bad;
			frames[depth].list = v;
			frames[depth].idx = 0;
			depth++;
			pc++;
			break;
		case OP_NEXT:
			if (depth == 0)
				goto bad;
			if (++frames[depth - 1].idx < frames[depth - 1].list->len)
				pc = op->back;
			else {
				depth--;
				pc = op->jump;
			}
			break;
		}
	}
	return 0;
bad:
	log_warnx("%s: corrupt program for template %d at op %zu", __func__, file, pc);
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
	return -1;
}

/*
 * Strings set with tmpl_set_str(), _strn() and _printf() are copied into an arena, not
 * malloc'd one by one: a list page sets about 170 of them, and their malloc and free were a
 * fifth of its work. The arena empties when the last root scope is freed (a handler may
 * still hold its scope while site_error() renders another), keeping its oldest chunk.
 */
#define STR_CHUNK	(32 * 1024)

struct str_chunk {
	struct str_chunk	*next;
	size_t			 size;
	size_t			 used;
	char			 data[];
};

static struct str_chunk	*str_chunks;	/* the newest first */
static size_t		 roots_alive;

/* "n" bytes in the arena, valid until the last root scope is freed. */
static char *
str_alloc(size_t n)
{
	struct str_chunk	*c = str_chunks;
	size_t			 size;
	char			*p;

	if (c == NULL || c->size - c->used < n) {
		size = n > STR_CHUNK ? n : STR_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = str_chunks;
		str_chunks = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

static void
str_reset(void)
{
	struct str_chunk	*c = str_chunks, *next;

	while (c != NULL && (c->next != NULL || c->size != STR_CHUNK)) {
		next = c->next;
		free(c);
		c = next;
	}
	if (c != NULL)
		c->used = 0;
	str_chunks = c;
}

/* A copy of "len" bytes at "s", NUL-terminated, in the arena. */
static char *
str_copy(const char *s, size_t len)
{
	char	*p = str_alloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static struct tmpl_scope *
scope_alloc(const struct tmpl_set *set, struct tmpl_scope *parent)
{
	struct tmpl_scope	*s;

	if ((s = scope_pool) != NULL && s->nvals == set->nnames) {
		scope_pool = s->parent;
		scope_pooled--;
	} else {
		s = xcalloc(1, sizeof(*s));
		s->nvals = set->nnames;
		s->vals = xcalloc(set->nnames, sizeof(*s->vals));
	}
	s->set = set;
	s->parent = parent;
	return s;
}

/* Frees "s", its values and, through its lists, every scope below it (into the pool). */
static void
scope_destroy(struct tmpl_scope *s)
{
	size_t	 i;

	for (i = 0; i < s->nnames; i++)
		val_clear(&s->vals[s->names[i]]);
	s->nnames = 0;
	if (scope_pooled < SCOPE_POOL_MAX) {
		s->set = NULL;
		s->parent = scope_pool;
		scope_pool = s;
		scope_pooled++;
		return;
	}
	free(s->names);
	free(s->vals);
	free(s);
}

static void
val_clear(struct tmpl_val *v)
{
	size_t	 i;

	switch (v->type) {
	case VAL_STR:
		if (v->owned)
			free(v->str);
		break;
	case VAL_LIST:
		for (i = 0; i < v->len; i++)
			scope_destroy(v->items[i]);
		free(v->items);
		break;
	case VAL_UNSET:
	case VAL_BOOL:
		break;
	}
	v->type = VAL_UNSET;
	v->truth = 0;
	v->str = NULL;
	v->owned = 0;
	v->len = 0;
	v->items = NULL;
	v->maxitems = 0;
}

/*
 * Returns the slot of "name" in "s". A NULL scope or a name outside the table is a bug in the
 * caller: it is logged and NULL returned, so that the value is dropped rather than the worker.
 */
static struct tmpl_val *
scope_slot(struct tmpl_scope *s, int name, const char *fn)
{
	struct tmpl_val	*v;

	if (s == NULL || name < 0 || (size_t)name >= s->set->nnames) {
		log_warnx("%s: %s scope, name %d", fn, s == NULL ? "no" : "bad", name);
		return NULL;
	}
	/* Every caller fills the slot: remember it, once per unset-to-set, for freeing. */
	v = &s->vals[name];
	if (v->type == VAL_UNSET) {
		if (s->nnames == s->maxnames) {
			s->maxnames = s->maxnames ? s->maxnames * 2 : 32;
			s->names = xrealloc(s->names, s->maxnames * sizeof(*s->names));
		}
		s->names[s->nnames++] = name;
	}
	return v;
}

/* Returns a new, empty root scope for rendering templates of "set"; free with tmpl_scope_free. */
struct tmpl_scope *
tmpl_scope_new(const struct tmpl_set *set)
{
	roots_alive++;
	return scope_alloc(set, NULL);
}

/*
 * Frees a root scope and every item scope below it. Item scopes belong to their parent and are
 * not freed on their own.
 */
void
tmpl_scope_free(struct tmpl_scope *s)
{
	if (s == NULL)
		return;
	if (s->parent != NULL) {
		log_warnx("%s: item scopes are freed with their root", __func__);
		return;
	}
	scope_destroy(s);
	if (--roots_alive == 0)
		str_reset();
}

/*
 * Replaces "v" with the string "s" ("len" bytes): malloc'd and taken over if "owned", else
 * in the arena. NULL unsets.
 */
static void
val_set_str(struct tmpl_val *v, char *s, size_t len, int owned)
{
	val_clear(v);
	if (s == NULL)
		return;
	v->type = VAL_STR;
	v->str = s;
	v->len = len;
	v->owned = owned;
}

/* Sets "name" to "s" ("len" bytes, malloc'd), taking ownership; NULL unsets it. */
void
tmpl_set_raw_owned(struct tmpl_scope *scope, int name, char *s, size_t len)
{
	struct tmpl_val	*v;

	if ((v = scope_slot(scope, name, __func__)) == NULL) {
		free(s);
		return;
	}
	val_set_str(v, s, len, 1);
}

/* Sets "name" to a copy of "len" bytes at "s"; NULL unsets it. */
void
tmpl_set_strn(struct tmpl_scope *scope, int name, const char *s, size_t len)
{
	struct tmpl_val	*v;
	char		*p = NULL;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	/* "len" is authoritative even if the bytes hold a NUL. */
	if (s != NULL)
		p = str_copy(s, len);
	val_set_str(v, p, len, 0);
}

/* Sets "name" to a copy of the string "s"; NULL unsets it. */
void
tmpl_set_str(struct tmpl_scope *scope, int name, const char *s)
{
	struct tmpl_val	*v;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	if (s == NULL)
		val_set_str(v, NULL, 0, 0);
	else {
		size_t len = strlen(s);

		val_set_str(v, str_copy(s, len), len, 0);
	}
}

/*
 * Sets "name" to "prefix" followed by "s" (a URL such as "/articles/" + slug); NULL "s"
 * unsets it. List pages set a few of these per item, where vsnprintf cost more than the rest.
 */
void
tmpl_set_join(struct tmpl_scope *scope, int name, const char *prefix, const char *s)
{
	struct tmpl_val	*v;
	size_t		 plen, slen;
	char		*p;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	if (s == NULL) {
		val_set_str(v, NULL, 0, 0);
		return;
	}
	plen = strlen(prefix);
	slen = strlen(s);
	p = str_alloc(plen + slen + 1);
	memcpy(p, prefix, plen);
	memcpy(p + plen, s, slen + 1);
	val_set_str(v, p, plen + slen, 0);
}

/* Sets "name" to the decimal digits of "n". */
void
tmpl_set_int(struct tmpl_scope *scope, int name, long long n)
{
	struct tmpl_val	*v;
	char		 tmp[24], *end = tmp + sizeof(tmp), *p = end;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (n < 0)
		*--p = '-';
	val_set_str(v, str_copy(p, (size_t)(end - p)), (size_t)(end - p), 0);
}

void
tmpl_set_printf(struct tmpl_scope *scope, int name, const char *fmt, ...)
{
	struct tmpl_val	*v;
	struct buf	 b;
	va_list		 ap;
	char		 tmp[256];
	size_t		 len;
	int		 n;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	/* Values are short: format once on the stack, and keep only the bytes needed. */
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(tmp)) {
		val_set_str(v, str_copy(tmp, (size_t)n), (size_t)n, 0);
		return;
	}
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	len = b.len;
	val_set_str(v, buf_detach(&b), len, 1);
}

/* Sets "name" to a boolean: false is a value, so it hides a true one in an outer scope. */
void
tmpl_set_bool(struct tmpl_scope *scope, int name, int b)
{
	struct tmpl_val	*v;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return;
	val_clear(v);
	v->type = VAL_BOOL;
	v->truth = b != 0;
}

/*
 * Appends an empty item to the list "name" of "scope" (replacing any other value there) and
 * returns it. The item belongs to "scope"; names not set in it are looked up in "scope".
 * Returns NULL only after a logged caller bug (see scope_slot()); every tmpl_set_* and
 * tmpl_list_add accept that NULL and do nothing.
 */
struct tmpl_scope *
tmpl_list_add(struct tmpl_scope *scope, int name)
{
	struct tmpl_val	*v;

	if ((v = scope_slot(scope, name, __func__)) == NULL)
		return NULL;
	if (v->type != VAL_LIST) {
		val_clear(v);
		v->type = VAL_LIST;
	}
	if (v->len == v->maxitems) {
		v->maxitems = v->maxitems ? v->maxitems * 2 : 8;
		v->items = xrealloc(v->items, v->maxitems * sizeof(*v->items));
	}
	v->items[v->len] = scope_alloc(scope->set, scope);
	return v->items[v->len++];
}
