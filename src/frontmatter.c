/* SPDX-License-Identifier: ISC */
/* frontmatter.c: YAML front matter of Markdown documents, read into a struct fm with every
 * field validated, and written back so that import(export) is lossless.
 *
 * Entry points: fm_parse(), fm_free(), fm_emit().
 *
 * fm_parse() is a pure function of (buf, len) in two stages. First the delimiter lines are
 * found by hand, so a BOM, CRLF, "+++" (TOML), NUL bytes, bad UTF-8 and the 64 KiB limit are
 * dealt with, and given a line number, before libyaml sees a byte. Then the block between the
 * delimiters goes through libyaml as a stream of events, never as a node tree: anchors,
 * aliases and nesting deeper than FM_MAX_DEPTH are refused as soon as they arrive, so no
 * document can make us build or walk anything large. Values are never type-guessed: "yes",
 * "1.0" or "2024-03-01" are strings, and only the keys that want a date, a boolean or a list
 * interpret them.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

#include "buf.h"
#include "frontmatter.h"
#include "meridian.h"
#include "slug.h"
#include "util.h"

_Static_assert(FM_MAX_TITLE == LIMIT_TITLE, "title limits differ");
_Static_assert(FM_MAX_SUMMARY == LIMIT_SUMMARY, "summary limits differ");

/* Keys we understand. Hugo and Jekyll names map onto ours after parsing. */
enum fmkey {
	FMK_TITLE,
	FMK_SLUG,
	FMK_DATE,
	FMK_UPDATED,
	FMK_TOPICS,
	FMK_SUMMARY,
	FMK_STATUS,
	FMK_KIND,
	FMK_AUTHOR,
	FMK_REVIEWER,
	FMK_REVIEWED,
	FMK_REVIEW_DUE,
	FMK_TAGS,		/* Hugo, Jekyll: more topics */
	FMK_CATEGORIES,		/* Hugo, Jekyll: more topics */
	FMK_DRAFT,		/* Hugo: true is status draft */
	FMK_PUBLISHED,		/* Jekyll: false is status draft */
	FMK_DESCRIPTION,	/* Hugo: the summary unless there is one */
	FMK_LASTMOD,		/* Hugo: updated unless there is one */
	FMK_IMAGE,		/* ours and Jekyll's: the featured image */
	FMK_FEATURED_IMAGE,	/* Hugo themes: the image unless there is one */
	FMK_IMAGES,		/* Hugo: a list; its first is the image unless there is one */
	FMK__MAX
};

static const struct fmkeydef {
	const char	*name;
	int		 list;	/* a list or comma-separated string, not one string */
} fmkeys[FMK__MAX] = {
	[FMK_TITLE] = { "title", 0 },
	[FMK_SLUG] = { "slug", 0 },
	[FMK_DATE] = { "date", 0 },
	[FMK_UPDATED] = { "updated", 0 },
	[FMK_TOPICS] = { "topics", 1 },
	[FMK_SUMMARY] = { "summary", 0 },
	[FMK_STATUS] = { "status", 0 },
	[FMK_KIND] = { "kind", 0 },
	[FMK_AUTHOR] = { "author", 0 },
	[FMK_REVIEWER] = { "reviewer", 0 },
	[FMK_REVIEWED] = { "reviewed", 0 },
	[FMK_REVIEW_DUE] = { "review_due", 0 },
	[FMK_TAGS] = { "tags", 1 },
	[FMK_CATEGORIES] = { "categories", 1 },
	[FMK_DRAFT] = { "draft", 0 },
	[FMK_PUBLISHED] = { "published", 0 },
	[FMK_DESCRIPTION] = { "description", 0 },
	[FMK_LASTMOD] = { "lastmod", 0 },
	[FMK_IMAGE] = { "image", 0 },
	[FMK_FEATURED_IMAGE] = { "featured_image", 0 },
	[FMK_IMAGES] = { "images", 1 },
};

/* Bytes of a user-supplied name or value quoted in a message. */
#define FM_SHOW_MAX	40

/* Blanks trimmed from topics; a title of nothing else is empty. */
#define FM_ISBLANK(c)	((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')

/* The YAML block starts on line 2 of the file; libyaml counts lines from 0. */
#define FM_YAML_LINE0	2

/* State of one fm_parse() call while libyaml events are read. */
struct fmp {
	yaml_parser_t	 yp;
	yaml_event_t	 ev;		/* the current event, valid if have_ev */
	int		 have_ev;
	int		 depth;		/* open mappings and sequences */
	const char	*yaml;		/* the block between the delimiters */
	size_t		 yamllen;
	struct fm	*fm;
	int		 keyline[FMK__MAX];	/* line of each key seen, 0 if not seen */
	char		*unknown[FM_MAX_KEYS];	/* names of ignored keys, for duplicates */
	size_t		 nunknown;
	size_t		 nkeys;
	char		*description;
	char		*featured_image;
	char		*first_image;	/* the first of Hugo's "images" */
	time_t		 lastmod;
	int		 has_lastmod;
	int		 draft;		/* -1 absent, else 0 or 1 */
	int		 published;	/* -1 absent, else 0 or 1 */
	char		*err;
	size_t		 errlen;
	int		 errline;
};

static void	 fm_seterr(char *, size_t, int *, int, const char *, ...)
		    __attribute__((format(printf, 5, 6)));
static int	 fmp_error(struct fmp *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 fmp_line(const yaml_mark_t *);
static int	 fmp_evline(const struct fmp *);
static int	 fmp_yamlerror(struct fmp *);
static int	 fmp_next(struct fmp *);
static int	 fmp_scalar(struct fmp *, char **);
static int	 fmp_skip(struct fmp *);
static int	 fmp_string(struct fmp *, enum fmkey, int);
static int	 fmp_list(struct fmp *, enum fmkey);
static int	 fmp_topic(struct fmp *, const char *, size_t, int);
static int	 fmp_key(struct fmp *);
static int	 fmp_document(struct fmp *);
static int	 fmp_finish(struct fmp *);
static int	 fm_yaml(const char *, size_t, struct fm *, char *, size_t, int *);
static int	 fm_when(const char *, time_t *);
static int	 fm_bool(const char *, int *);
static int	 fm_blank(const char *);
static int	 fm_casematch(const char *, const char *);
static void	 fm_show(char *, size_t, const char *, size_t);
static size_t	 fm_linelen(const char *, const char *, const char **);
static int	 fm_isdelim(const char *, size_t, const char *);
static int	 fm_text(const char *, size_t, int *, const char **);
static size_t	 fm_decode(const unsigned char *, size_t, unsigned int *);
static void	 fm_emit_str(struct buf *, const char *);
static void	 fm_emit_key(struct buf *, const char *, const char *);

/* Formats an error into "err" and "*line", either of which may be NULL. */
static void
fm_seterr(char *err, size_t errlen, int *errline, int line, const char *fmt, ...)
{
	va_list	 ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	if (errline != NULL)
		*errline = line;
}

/* Records an error at file line "line"; returns -1 so callers can "return fmp_error()". */
static int
fmp_error(struct fmp *p, int line, const char *fmt, ...)
{
	va_list	 ap;

	if (p->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	p->errline = line;
	return -1;
}

/* The file line of a libyaml mark, clamped so absurd inputs cannot overflow an int. */
static int
fmp_line(const yaml_mark_t *m)
{
	if (m->line > (size_t)(INT_MAX - FM_YAML_LINE0))
		return INT_MAX;
	return (int)m->line + FM_YAML_LINE0;
}

static int
fmp_evline(const struct fmp *p)
{
	return fmp_line(&p->ev.start_mark);
}

/*
 * Turns libyaml's failure into our error. Reader errors carry a byte offset, not a mark, so
 * their line is counted here.
 */
static int
fmp_yamlerror(struct fmp *p)
{
	const yaml_parser_t	*yp = &p->yp;
	const char		*problem;
	size_t			 i, line;

	problem = yp->problem != NULL ? yp->problem : "unknown error";
	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		fatalx("%s: libyaml: out of memory", __func__);
	case YAML_READER_ERROR:
		line = FM_YAML_LINE0;
		for (i = 0; i < yp->problem_offset && i < p->yamllen; i++)
			if (p->yaml[i] == '\n' && line < INT_MAX)
				line++;
		return fmp_error(p, (int)line, "YAML syntax error: %s", problem);
	default:
		if (yp->context != NULL)
			return fmp_error(p, fmp_line(&yp->problem_mark),
			    "YAML syntax error: %s (%s)", problem, yp->context);
		return fmp_error(p, fmp_line(&yp->problem_mark),
		    "YAML syntax error: %s", problem);
	}
}

/*
 * Reads the next event into p->ev, dropping the previous one. This is the one place every
 * event passes, so the alias, anchor and depth limits are enforced here.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_next(struct fmp *p)
{
	const yaml_char_t	*anchor = NULL;

	if (p->have_ev) {
		yaml_event_delete(&p->ev);
		p->have_ev = 0;
	}
	if (!yaml_parser_parse(&p->yp, &p->ev))
		return fmp_yamlerror(p);
	p->have_ev = 1;
	switch (p->ev.type) {
	case YAML_NO_EVENT:
		return fmp_error(p, fmp_evline(p), "unexpected end of YAML");
	case YAML_ALIAS_EVENT:
		return fmp_error(p, fmp_evline(p),
		    "YAML anchors and aliases are not allowed");
	case YAML_SCALAR_EVENT:
		anchor = p->ev.data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = p->ev.data.sequence_start.anchor;
		p->depth++;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = p->ev.data.mapping_start.anchor;
		p->depth++;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		p->depth--;
		break;
	default:
		break;
	}
	if (anchor != NULL)
		return fmp_error(p, fmp_evline(p),
		    "YAML anchors and aliases are not allowed");
	if (p->depth > FM_MAX_DEPTH)
		return fmp_error(p, fmp_evline(p),
		    "nesting deeper than %d levels", FM_MAX_DEPTH);
	return 0;
}

/*
 * Copies the current scalar event into "*out", or sets it to NULL for a YAML null (an untagged
 * plain "", "~" or "null"). Only nulls are recognised: everything else stays a string.
 * Returns 0, or -1 with the error set. The caller frees "*out".
 */
static int
fmp_scalar(struct fmp *p, char **out)
{
	const char	*v = (const char *)p->ev.data.scalar.value;
	size_t		 n = p->ev.data.scalar.length;

	*out = NULL;
	/* "\0" is a legal YAML escape, but a C string cannot hold it. */
	if (memchr(v, '\0', n) != NULL)
		return fmp_error(p, fmp_evline(p), "NUL character in a value");
	if (!util_utf8_valid(v, n))
		return fmp_error(p, fmp_evline(p), "invalid UTF-8 in a value");
	if (p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    p->ev.data.scalar.tag == NULL &&
	    (n == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0))
		return 0;
	*out = xstrndup(v, n);
	return 0;
}

/* Consumes the value of an ignored key, however it is shaped. Returns 0 or -1. */
static int
fmp_skip(struct fmp *p)
{
	int	 depth;

	if (fmp_next(p) == -1)
		return -1;
	if (p->ev.type == YAML_SCALAR_EVENT)
		return 0;
	depth = p->depth;
	while (p->depth >= depth)
		if (fmp_next(p) == -1)
			return -1;
	return 0;
}

/*
 * Reads and validates the single-string value of key "k" (whose line is "line") and stores it.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_string(struct fmp *p, enum fmkey k, int line)
{
	struct fm	*fm = p->fm;
	char		*v = NULL, show[FM_SHOW_MAX * 4 + 8];
	char		**dst = NULL;
	const char	*name = fmkeys[k].name;
	time_t		 t;
	int		 b, vline;

	if (fmp_next(p) == -1)
		return -1;
	vline = fmp_evline(p);
	if (p->ev.type == YAML_SEQUENCE_START_EVENT)
		return fmp_error(p, vline, "'%s' must be a string, not a list",
		    name);
	if (p->ev.type != YAML_SCALAR_EVENT)
		return fmp_error(p, vline, "'%s' must be a string, not a mapping",
		    name);
	if (fmp_scalar(p, &v) == -1)
		return -1;
	/* One way to say "absent", so callers need not check for "". */
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}

	switch (k) {
	case FMK_TITLE:
		if (v == NULL || fm_blank(v)) {
			free(v);
			return fmp_error(p, line, "title is empty");
		}
		if (util_utf8_len(v, strlen(v)) > FM_MAX_TITLE)
			goto toolong;
		dst = &fm->title;
		break;
	case FMK_SLUG:
		if (v != NULL && !slug_valid(v)) {
			fm_show(show, sizeof(show), v, strlen(v));
			free(v);
			return fmp_error(p, vline, "invalid slug '%s' (use a-z, 0-9 "
			    "and single hyphens)", show);
		}
		dst = &fm->slug;
		break;
	case FMK_SUMMARY:
	case FMK_DESCRIPTION:
		if (v != NULL && util_utf8_len(v, strlen(v)) > FM_MAX_SUMMARY)
			goto toolong;
		dst = k == FMK_SUMMARY ? &fm->summary : &p->description;
		break;
	case FMK_STATUS:
		if (v != NULL && strcmp(v, "draft") != 0 &&
		    strcmp(v, "published") != 0) {
			free(v);
			return fmp_error(p, vline,
			    "status must be draft or published");
		}
		dst = &fm->status;
		break;
	case FMK_KIND:
		if (v != NULL && strcmp(v, "article") != 0 &&
		    strcmp(v, "page") != 0) {
			free(v);
			return fmp_error(p, vline, "kind must be article or page");
		}
		dst = &fm->kind;
		break;
	case FMK_AUTHOR:
		dst = &fm->author;
		break;
	case FMK_IMAGE:
	case FMK_FEATURED_IMAGE:
		if (v != NULL && strlen(v) > FM_MAX_IMAGE) {
			free(v);
			return fmp_error(p, vline, "%s is longer than %d bytes", name,
			    FM_MAX_IMAGE);
		}
		dst = k == FMK_IMAGE ? &fm->image : &p->featured_image;
		break;
	case FMK_REVIEWER:
		dst = &fm->reviewer;
		break;
	case FMK_REVIEWED:
	case FMK_REVIEW_DUE:
		if (v != NULL && !util_valid_date(v)) {
			free(v);
			return fmp_error(p, vline,
			    "%s must be a day as YYYY-MM-DD", name);
		}
		dst = k == FMK_REVIEWED ? &fm->reviewed : &fm->review_due;
		break;
	case FMK_DATE:
	case FMK_UPDATED:
	case FMK_LASTMOD:
		if (v == NULL)
			break;
		if (fm_when(v, &t) == -1) {
			free(v);
			return fmp_error(p, vline, "%s must be YYYY-MM-DD or "
			    "YYYY-MM-DDTHH:MM[:SS], optionally with Z or "
			    "+HH:MM", name);
		}
		if (k == FMK_DATE) {
			fm->date = t;
			fm->has_date = 1;
		} else if (k == FMK_UPDATED) {
			fm->updated = t;
			fm->has_updated = 1;
		} else {
			p->lastmod = t;
			p->has_lastmod = 1;
		}
		break;
	case FMK_DRAFT:
	case FMK_PUBLISHED:
		if (v == NULL)
			break;
		if (fm_bool(v, &b) == -1) {
			free(v);
			return fmp_error(p, vline, "%s must be true or false",
			    name);
		}
		if (k == FMK_DRAFT)
			p->draft = b;
		else
			p->published = b;
		break;
	case FMK_TOPICS:
	case FMK_TAGS:
	case FMK_CATEGORIES:
	case FMK_IMAGES:
	case FMK__MAX:
		/* Lists go through fmp_list(). */
		abort();
	}
	if (dst != NULL) {
		free(*dst);
		*dst = v;
	} else
		free(v);
	return 0;

toolong:
	free(v);
	return fmp_error(p, vline, "%s is longer than %d characters", name,
	    k == FMK_TITLE ? FM_MAX_TITLE : FM_MAX_SUMMARY);
}

/*
 * Adds topic "s" ("n" bytes, "line" for errors) after trimming blanks, unless a topic equal
 * but for ASCII case is already there. Returns 0, or -1 with the error set.
 */
static int
fmp_topic(struct fmp *p, const char *s, size_t n, int line)
{
	struct fm	*fm = p->fm;
	char		*t;
	size_t		 i;

	while (n > 0 && FM_ISBLANK(*s)) {
		s++;
		n--;
	}
	while (n > 0 && FM_ISBLANK(s[n - 1]))
		n--;
	if (n == 0)
		return fmp_error(p, line, "topic is empty");
	if (util_utf8_len(s, n) > FM_MAX_TOPIC)
		return fmp_error(p, line, "topic is longer than %d characters",
		    FM_MAX_TOPIC);
	t = xstrndup(s, n);
	for (i = 0; i < fm->ntopics; i++)
		if (fm_casematch(fm->topics[i], t)) {
			free(t);
			return 0;
		}
	if (fm->ntopics == FM_MAX_TOPICS) {
		free(t);
		return fmp_error(p, line, "more than %d topics", FM_MAX_TOPICS);
	}
	if (fm->topics == NULL)
		fm->topics = xcalloc(FM_MAX_TOPICS, sizeof(*fm->topics));
	fm->topics[fm->ntopics++] = t;
	return 0;
}

/*
 * Reads the value of list key "k": a sequence of strings, or one string of comma-separated
 * topics. Returns 0, or -1 with the error set.
 */
static int
fmp_list(struct fmp *p, enum fmkey k)
{
	char		*v;
	const char	*s, *comma;
	int		 line, rc;

	if (fmp_next(p) == -1)
		return -1;
	line = fmp_evline(p);
	if (p->ev.type == YAML_SCALAR_EVENT) {
		if (fmp_scalar(p, &v) == -1)
			return -1;
		if (v == NULL || *v == '\0') {
			free(v);
			return 0;
		}
		rc = 0;
		for (s = v; rc == 0; s = comma + 1) {
			if ((comma = strchr(s, ',')) == NULL) {
				rc = fmp_topic(p, s, strlen(s), line);
				break;
			}
			rc = fmp_topic(p, s, (size_t)(comma - s), line);
		}
		free(v);
		return rc;
	}
	if (p->ev.type != YAML_SEQUENCE_START_EVENT)
		return fmp_error(p, line, "'%s' must be a list or a "
		    "comma-separated string", fmkeys[k].name);
	for (;;) {
		if (fmp_next(p) == -1)
			return -1;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		line = fmp_evline(p);
		if (p->ev.type != YAML_SCALAR_EVENT)
			return fmp_error(p, line, "'%s' items must be strings",
			    fmkeys[k].name);
		if (fmp_scalar(p, &v) == -1)
			return -1;
		if (v == NULL)
			return fmp_error(p, line, "topic is empty");
		rc = fmp_topic(p, v, strlen(v), line);
		free(v);
		if (rc == -1)
			return -1;
	}
}

/*
 * Reads Hugo's "images": a list of strings (or one string), of which the first is kept.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_images(struct fmp *p)
{
	char	*v;
	int	 line, seq;

	if (fmp_next(p) == -1)
		return -1;
	line = fmp_evline(p);
	if ((seq = p->ev.type == YAML_SEQUENCE_START_EVENT) && fmp_next(p) == -1)
		return -1;
	for (;;) {
		if (seq && p->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		line = fmp_evline(p);
		if (p->ev.type != YAML_SCALAR_EVENT)
			return fmp_error(p, line, "'images' must be a list of strings");
		if (fmp_scalar(p, &v) == -1)
			return -1;
		if (v != NULL && strlen(v) > FM_MAX_IMAGE) {
			free(v);
			return fmp_error(p, line, "an image is longer than %d bytes",
			    FM_MAX_IMAGE);
		}
		if (p->first_image == NULL && v != NULL && *v != '\0')
			p->first_image = v;
		else
			free(v);
		if (!seq || fmp_next(p) == -1)
			return seq ? -1 : 0;
	}
}

/*
 * Reads one key of the top-level mapping (the current event) and its value.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_key(struct fmp *p)
{
	struct buf	 w;
	char		*key = NULL, show[FM_SHOW_MAX * 4 + 8];
	enum fmkey	 k;
	int		 line, rc;
	size_t		 i;

	line = fmp_evline(p);
	if (p->ev.type != YAML_SCALAR_EVENT)
		return fmp_error(p, line, "keys must be strings");
	if (fmp_scalar(p, &key) == -1)
		return -1;
	if (key == NULL || *key == '\0') {
		free(key);
		return fmp_error(p, line, "empty key");
	}
	if (++p->nkeys > FM_MAX_KEYS) {
		free(key);
		return fmp_error(p, line, "more than %d keys", FM_MAX_KEYS);
	}
	fm_show(show, sizeof(show), key, strlen(key));
	for (k = 0; k < FMK__MAX; k++)
		if (strcmp(key, fmkeys[k].name) == 0)
			break;

	if (k < FMK__MAX) {
		free(key);
		if (p->keyline[k] != 0)
			return fmp_error(p, line, "duplicate key '%s'", show);
		p->keyline[k] = line;
		if (k == FMK_IMAGES)
			return fmp_images(p);
		return fmkeys[k].list ? fmp_list(p, k) :
		    fmp_string(p, k, line);
	}

	for (i = 0; i < p->nunknown; i++)
		if (strcmp(p->unknown[i], key) == 0) {
			free(key);
			return fmp_error(p, line, "duplicate key '%s'", show);
		}
	p->unknown[p->nunknown++] = key;
	rc = fmp_skip(p);
	if (rc == 0) {
		buf_init(&w);
		buf_printf(&w, "%d: ignored key '%s'", line, show);
		p->fm->warnings = xrealloc(p->fm->warnings,
		    (p->fm->nwarnings + 1) * sizeof(*p->fm->warnings));
		p->fm->warnings[p->fm->nwarnings++] = buf_detach(&w);
	}
	return rc;
}

/*
 * Reads the whole YAML stream: nothing at all, or one document that is a mapping.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_document(struct fmp *p)
{
	if (fmp_next(p) == -1)
		return -1;
	if (p->ev.type != YAML_STREAM_START_EVENT)
		return fmp_error(p, fmp_evline(p), "unexpected YAML event");
	if (fmp_next(p) == -1)
		return -1;
	/* Only comments or blank lines: an empty mapping. */
	if (p->ev.type == YAML_STREAM_END_EVENT)
		return 0;
	if (p->ev.type != YAML_DOCUMENT_START_EVENT)
		return fmp_error(p, fmp_evline(p), "unexpected YAML event");
	if (fmp_next(p) == -1)
		return -1;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return fmp_error(p, fmp_evline(p),
		    "front matter is not a mapping of keys to values");
	for (;;) {
		if (fmp_next(p) == -1)
			return -1;
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (fmp_key(p) == -1)
			return -1;
	}
	if (fmp_next(p) == -1)
		return -1;
	if (p->ev.type != YAML_DOCUMENT_END_EVENT)
		return fmp_error(p, fmp_evline(p), "unexpected YAML event");
	if (fmp_next(p) == -1)
		return -1;
	if (p->ev.type != YAML_STREAM_END_EVENT)
		return fmp_error(p, fmp_evline(p),
		    "front matter holds more than one YAML document");
	return 0;
}

/*
 * Folds the Hugo and Jekyll keys into ours once every key is known, so their order in the
 * file does not matter, and checks what needs the whole picture.
 * Returns 0, or -1 with the error set.
 */
static int
fmp_finish(struct fmp *p)
{
	struct fm	*fm = p->fm;
	const char	*want = NULL, *key = NULL;
	int		 line = 0, val = 0;

	if (fm->summary == NULL) {
		fm->summary = p->description;
		p->description = NULL;
	}
	if (fm->image == NULL) {
		fm->image = p->featured_image != NULL ? p->featured_image : p->first_image;
		if (fm->image == p->featured_image)
			p->featured_image = NULL;
		else
			p->first_image = NULL;
	}
	if (!fm->has_updated && p->has_lastmod) {
		fm->updated = p->lastmod;
		fm->has_updated = 1;
	}

	/* Contradictions are errors: guessing wrong could publish a draft. */
	if (p->draft != -1) {
		want = p->draft ? "draft" : "published";
		key = "draft";
		val = p->draft;
		line = p->keyline[FMK_DRAFT];
	}
	if (p->published != -1) {
		if (want != NULL && p->draft == p->published)
			return fmp_error(p, p->keyline[FMK_PUBLISHED],
			    "draft: %s contradicts published: %s",
			    p->draft ? "true" : "false",
			    p->published ? "true" : "false");
		want = p->published ? "published" : "draft";
		key = "published";
		val = p->published;
		line = p->keyline[FMK_PUBLISHED];
	}
	if (want != NULL) {
		if (fm->status == NULL)
			fm->status = xstrdup(want);
		else if (strcmp(fm->status, want) != 0)
			return fmp_error(p, line, "%s: %s contradicts status: %s",
			    key, val ? "true" : "false", fm->status);
	}
	return 0;
}

/*
 * Parses the YAML block "yaml" ("len" bytes, starting on line 2 of the file) into "fm".
 * Returns 0, or -1 with "err" and "*errline" set; "fm" may then hold partial results.
 */
static int
fm_yaml(const char *yaml, size_t len, struct fm *fm, char *err, size_t errlen,
    int *errline)
{
	struct fmp	 p;
	size_t		 i;
	int		 rc;

	memset(&p, 0, sizeof(p));
	p.yaml = yaml;
	p.yamllen = len;
	p.fm = fm;
	p.draft = p.published = -1;
	p.err = err;
	p.errlen = errlen;
	if (!yaml_parser_initialize(&p.yp))
		fatalx("%s: yaml_parser_initialize", __func__);
	yaml_parser_set_encoding(&p.yp, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&p.yp, (const unsigned char *)yaml, len);

	rc = fmp_document(&p);
	if (rc == 0)
		rc = fmp_finish(&p);
	if (rc == -1 && errline != NULL)
		*errline = p.errline;

	if (p.have_ev)
		yaml_event_delete(&p.ev);
	yaml_parser_delete(&p.yp);
	for (i = 0; i < p.nunknown; i++)
		free(p.unknown[i]);
	free(p.description);
	free(p.featured_image);
	free(p.first_image);
	return rc;
}

/*
 * Parses a YAML-style timestamp "s": "YYYY-MM-DD", optionally followed by "T" or blanks and
 * "HH:MM[:SS[.fraction]]", then optionally blanks and a zone "Z", "+HH:MM", "+HHMM" or "+H"
 * (or "-"). The fraction is dropped. Without a zone the time is local time, as for
 * util_parse_datetime(); a date alone is local midnight.
 * Returns 0 and sets "*out" (UTC seconds, years 1900 to 9999), or -1.
 */
static int
fm_when(const char *s, time_t *out)
{
	struct tm	 tm;
	char		 day[11];
	int		 v[6] = { 0 }, zone = 0, sign, oh = 0, om = 0;
	time_t		 t;

	if (strlen(s) < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!util_valid_date(day))
		return -1;
	v[0] = atoi(day);
	v[1] = atoi(day + 5);
	v[2] = atoi(day + 8);
	s += 10;

#define DIGIT(c)	((c) >= '0' && (c) <= '9')
#define TWO(s)		(DIGIT((s)[0]) && DIGIT((s)[1]))
#define VAL2(s)		(((s)[0] - '0') * 10 + ((s)[1] - '0'))
	if (*s != '\0') {
		if (*s == 'T' || *s == 't')
			s++;
		else if (*s == ' ' || *s == '\t')
			while (*s == ' ' || *s == '\t')
				s++;
		else
			return -1;
		if (!TWO(s) || s[2] != ':' || !TWO(s + 3))
			return -1;
		v[3] = VAL2(s);
		v[4] = VAL2(s + 3);
		s += 5;
		if (*s == ':') {
			if (!TWO(s + 1))
				return -1;
			v[5] = VAL2(s + 1);
			s += 3;
			if (*s == '.') {
				if (!DIGIT(s[1]))
					return -1;
				for (s++; DIGIT(*s); s++)
					continue;
			}
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == 'Z' || *s == 'z') {
			zone = 1;
			s++;
		} else if (*s == '+' || *s == '-') {
			zone = 1;
			sign = *s++ == '-' ? -1 : 1;
			if (TWO(s)) {
				oh = VAL2(s);
				s += 2;
			} else if (DIGIT(*s))
				oh = *s++ - '0';
			else
				return -1;
			if (*s == ':')
				s++;
			if (TWO(s)) {
				om = VAL2(s);
				s += 2;
			} else if (s[-1] == ':')
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			oh *= sign;
			om *= sign;
		}
		if (*s != '\0' || v[3] > 23 || v[4] > 59 || v[5] > 59)
			return -1;
	}
#undef DIGIT
#undef TWO
#undef VAL2

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	if (zone)
		t = timegm(&tm) - (time_t)oh * 3600 - (time_t)om * 60;
	else {
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			return -1;
	}
	/* An offset can push 9999-12-31 into year 10000, which fm_emit() cannot write. */
	if (t < (time_t)-2208988800LL || t > (time_t)253402300799LL)
		return -1;
	*out = t;
	return 0;
}

/* YAML 1.1 booleans, which Hugo and Jekyll files use for "draft" and "published". */
static int
fm_bool(const char *s, int *out)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (fm_casematch(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (fm_casematch(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Returns 1 if "s" has nothing but ASCII blanks. */
static int
fm_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!FM_ISBLANK(*s))
			return 0;
	return 1;
}

/* Returns 1 if "a" equals "b" ignoring ASCII case; the locale never matters. */
static int
fm_casematch(const char *a, const char *b)
{
	unsigned char	 x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

/*
 * Copies user text "s" ("n" bytes of valid UTF-8) into "out" for a message: at most
 * FM_SHOW_MAX bytes, cut between characters, controls as "?", and "..." if cut.
 */
static void
fm_show(char *out, size_t outlen, const char *s, size_t n)
{
	size_t		 i = 0, o = 0, k;
	unsigned int	 cp;

	while (i < n && i < FM_SHOW_MAX) {
		k = fm_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0 || i + k > FM_SHOW_MAX || o + k + 4 > outlen)
			break;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			out[o++] = '?';
		else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	if (i < n && o + 4 <= outlen) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* Returns the length of the line at "s" without "\n"; "*next" is the line after it. */
static size_t
fm_linelen(const char *s, const char *end, const char **next)
{
	const char	*nl;

	if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL) {
		*next = end;
		return (size_t)(end - s);
	}
	*next = nl + 1;
	return (size_t)(nl - s);
}

/* Returns 1 if the line "s" ("n" bytes) is "d", allowing a CR and blanks after it. */
static int
fm_isdelim(const char *s, size_t n, const char *d)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == strlen(d) && memcmp(s, d, n) == 0;
}

/*
 * Checks that "s" ("n" bytes) is text: valid UTF-8 without NUL. Sequences never span a "\n",
 * so line by line is exact and gives the line. Returns 0, or -1 with "*line" and "*what" set.
 */
static int
fm_text(const char *s, size_t n, int *line, const char **what)
{
	const char	*end = s + n, *next;
	size_t		 len;
	int		 l;

	for (l = 1; s < end; s = next, l += l < INT_MAX) {
		len = fm_linelen(s, end, &next);
		/* UTF-8 first: a UTF-16 file is better called that than NUL-ridden. */
		if (!util_utf8_valid(s, len)) {
			*what = "invalid UTF-8";
			*line = l;
			return -1;
		}
		if (memchr(s, '\0', len) != NULL) {
			*what = "NUL byte in the file";
			*line = l;
			return -1;
		}
	}
	return 0;
}

/* See frontmatter.h; the file comment above describes the two stages. */
int
fm_parse(const char *buf, size_t len, struct fm *out, char *err, size_t errlen,
    int *errline)
{
	const char	*s = buf, *end = buf + len, *next, *yaml, *what;
	size_t		 n;
	int		 line;

	memset(out, 0, sizeof(*out));
	if (err != NULL && errlen > 0)
		*err = '\0';
	if (errline != NULL)
		*errline = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	if (fm_text(s, (size_t)(end - s), &line, &what) == -1) {
		fm_seterr(err, errlen, errline, line, "%s", what);
		return -1;
	}

	n = fm_linelen(s, end, &next);
	if (fm_isdelim(s, n, "+++")) {
		fm_seterr(err, errlen, errline, 1, "TOML front matter (+++) is "
		    "not supported; convert it to YAML");
		return -1;
	}
	if (!fm_isdelim(s, n, "---")) {
		fm_seterr(err, errlen, errline, 1, "missing title");
		return -1;
	}

	/* Find the closing line, looking no further than the size limit. */
	yaml = s = next;
	for (line = 2; ; s = next, line++) {
		if ((size_t)(s - yaml) > FM_MAX_BYTES) {
			fm_seterr(err, errlen, errline, 1, "front matter is "
			    "larger than %d KiB", FM_MAX_BYTES / 1024);
			return -1;
		}
		if (s == end) {
			fm_seterr(err, errlen, errline, 1, "unterminated front "
			    "matter: no closing '---' line");
			return -1;
		}
		n = fm_linelen(s, end, &next);
		if (fm_isdelim(s, n, "---") || fm_isdelim(s, n, "..."))
			break;
	}

	if (fm_yaml(yaml, (size_t)(s - yaml), out, err, errlen, errline) == -1)
		goto fail;
	if (out->title == NULL) {
		fm_seterr(err, errlen, errline, 1, "missing title");
		goto fail;
	}
	out->body = next;
	out->body_len = (size_t)(end - next);
	out->body_line = line + 1;
	return 0;

fail:
	fm_free(out);
	return -1;
}

void
fm_free(struct fm *fm)
{
	size_t	 i;

	if (fm == NULL)
		return;
	free(fm->title);
	free(fm->slug);
	free(fm->summary);
	free(fm->status);
	free(fm->kind);
	free(fm->author);
	free(fm->reviewer);
	free(fm->reviewed);
	free(fm->review_due);
	free(fm->image);
	for (i = 0; i < fm->ntopics; i++)
		free(fm->topics[i]);
	free(fm->topics);
	for (i = 0; i < fm->nwarnings; i++)
		free(fm->warnings[i]);
	free(fm->warnings);
	memset(fm, 0, sizeof(*fm));
}

/*
 * Decodes one UTF-8 sequence at "s" ("n" bytes left) into "*cp".
 * Returns its length, or 0 if it is not valid UTF-8.
 */
static size_t
fm_decode(const unsigned char *s, size_t n, unsigned int *cp)
{
	size_t		 len, i;
	unsigned int	 c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2; c = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3; c = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * Writes "s" as a YAML double-quoted scalar on one line. Escaped: the quote and backslash,
 * every line break (so no folding can change the value), and every character libyaml's
 * reader refuses raw or treats as a break: C0, DEL, C1 (NEL among them), U+2028, U+2029,
 * U+FEFF, U+FFFE, U+FFFF. Invalid UTF-8 becomes U+FFFD so the output is always readable.
 */
static void
fm_emit_str(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), k;
	unsigned int		 cp;

	buf_putc(b, '"');
	while (n > 0) {
		if ((k = fm_decode(p, n, &cp)) == 0) {
			buf_puts(b, "\\uFFFD");
			p++;
			n--;
			continue;
		}
		if (cp == '"')
			buf_puts(b, "\\\"");
		else if (cp == '\\')
			buf_puts(b, "\\\\");
		else if (cp == '\n')
			buf_puts(b, "\\n");
		else if (cp == '\t')
			buf_puts(b, "\\t");
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			buf_printf(b, "\\x%02X", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff)
			buf_printf(b, "\\u%04X", cp);
		else
			buf_append(b, p, k);
		p += k;
		n -= k;
	}
	buf_putc(b, '"');
}

/* Writes "key: "value"" unless the value is absent or empty. */
static void
fm_emit_key(struct buf *b, const char *key, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_printf(b, "%s: ", key);
	fm_emit_str(b, v);
	buf_putc(b, '\n');
}

void
fm_emit(struct buf *b, const struct fm *fm)
{
	char	 when[32];
	size_t	 i;

	buf_puts(b, "---\n");
	fm_emit_key(b, "title", fm->title);
	fm_emit_key(b, "slug", fm->slug);
	/* Plain, not quoted: Hugo and Jekyll read these as timestamps too. */
	if (fm->has_date) {
		util_rfc3339(fm->date, when, sizeof(when));
		buf_printf(b, "date: %s\n", when);
	}
	if (fm->has_updated) {
		util_rfc3339(fm->updated, when, sizeof(when));
		buf_printf(b, "updated: %s\n", when);
	}
	fm_emit_key(b, "status", fm->status);
	fm_emit_key(b, "kind", fm->kind);
	fm_emit_key(b, "author", fm->author);
	fm_emit_key(b, "reviewer", fm->reviewer);
	fm_emit_key(b, "reviewed", fm->reviewed);
	fm_emit_key(b, "review_due", fm->review_due);
	fm_emit_key(b, "summary", fm->summary);
	fm_emit_key(b, "image", fm->image);
	if (fm->ntopics > 0) {
		buf_puts(b, "topics:\n");
		for (i = 0; i < fm->ntopics; i++) {
			buf_puts(b, "  - ");
			fm_emit_str(b, fm->topics[i]);
			buf_putc(b, '\n');
		}
	}
	buf_puts(b, "---\n");
}
