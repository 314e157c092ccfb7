/* SPDX-License-Identifier: ISC */
/* conf.c: configuration. Defaults (named below) are overridden by the INI file (parsed with
 * Debian's libinih), which flags override in turn. Unknown keys and bad values are errors
 * reported as FILE:LINE, so a typo never silently falls back to a default. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "image.h"
#include "meridian.h"
#include "util.h"

#ifndef MERIDIAN_TEMPLATES_DIR
#define MERIDIAN_TEMPLATES_DIR	"/usr/local/share/meridian/templates"
#endif
#define CONF_DEFAULT_DB		"/var/lib/meridian/meridian.db"
#define CONF_DEFAULT_LISTEN	"unix:/run/meridian/meridian.sock"
#define CONF_DEFAULT_MAX_REQ	100000
#define CONF_DEFAULT_TIMEOUT	30
#define CONF_DEFAULT_RENDER_CACHE	(4 * 1024 * 1024)
#define CONF_MAX_RENDER_CACHE	(1024LL * 1024 * 1024)

void
conf_defaults(struct conf *c)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(c, 0, sizeof(*c));
	c->db_path = xstrdup(CONF_DEFAULT_DB);
	c->listen = xstrdup(CONF_DEFAULT_LISTEN);
	c->templates_dir = xstrdup(MERIDIAN_TEMPLATES_DIR);
	c->workers = n > 0 && n <= 64 ? (int)n : 2;
	c->max_requests = CONF_DEFAULT_MAX_REQ;
	c->request_timeout = CONF_DEFAULT_TIMEOUT;
	c->render_budget_ms = LIMIT_RENDER_MS;
	c->render_cache = CONF_DEFAULT_RENDER_CACHE;
	c->image_time_limit = IMAGE_TIME_LIMIT;
	c->log_level = xstrdup("info");
	c->password_cost = xstrdup("interactive");
}

void
conf_free(struct conf *c)
{
	free(c->db_path);
	free(c->listen);
	free(c->templates_dir);
	free(c->config_file);
	free(c->log_level);
	free(c->socket_group);
	free(c->password_cost);
	free(c->primary_url);
	memset(c, 0, sizeof(*c));
}

struct conf_parse {
	struct conf	*c;
	const char	*file;
	int		 failed;
	int		 image_time_set;	/* image_time_limit is in the file */
	char		 msg[256];	/* the first error */
};

static void
conf_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int
conf_int(const char *v, long long min, long long max, int *out)
{
	long long	 n;

	if (util_parse_ll(v, min, max, &n) == -1)
		return -1;
	*out = (int)n;
	return 0;
}

/* A size in bytes, or with K or M for KiB or MiB, up to 1 GiB, into "out". 0 or -1. */
static int
conf_size(const char *v, size_t *out)
{
	char		 num[32];
	size_t		 n = strlen(v);
	long long	 unit = 1, x;

	if (n > 0 && (v[n - 1] == 'K' || v[n - 1] == 'M')) {
		unit = v[n - 1] == 'K' ? 1024 : 1024 * 1024;
		n--;
	}
	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, v, n);
	num[n] = '\0';
	if (util_parse_ll(num, 0, CONF_MAX_RENDER_CACHE / unit, &x) == -1)
		return -1;
	*out = (size_t)(x * unit);
	return 0;
}

/* "yes" or "no" into "out". Returns 0, or -1 for anything else. */
static int
conf_bool(const char *v, int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* What a key accepts, for the error message of a bad value. */
static const char *
conf_want(const char *key)
{
	static const struct {
		const char	*key;
		const char	*want;
	} wants[] = {
		{ "workers",		"1 to 64" },
		{ "max_requests",	"0 (never) to 1000000000" },
		{ "request_timeout",	"0 (off) to 3600 seconds" },
		{ "render_budget_ms",	"10 to 60000" },
		{ "render_cache",	"0 (off) to 1024M bytes, K or M for KiB or MiB" },
		{ "image_time_limit",	"1 to 600 seconds" },
		{ "log_level",		"error, warn, info or debug" },
		{ "password_cost",	"interactive, moderate or minimal" },
		{ "syslog",		"yes or no" },
		{ "read_only",		"yes or no" },
		{ "primary_url",	"an http:// or https:// URL" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		if (strcmp(key, wants[i].key) == 0)
			return wants[i].want;
	return "?";
}

/* inih callback: returns 1 to go on, 0 to record an error at this line. */
static int
conf_handler(void *arg, const char *section, const char *key, const char *val)
{
	struct conf_parse	*p = arg;
	struct conf		*c = p->c;
	enum log_level		 lvl;

	if (*section != '\0' && strcmp(section, "meridian") != 0) {
		if (!p->failed)
			snprintf(p->msg, sizeof(p->msg), "unknown section [%s] "
			    "(the only one is [meridian])", section);
		p->failed = 1;
		return 0;
	}
	if (strcmp(key, "db") == 0)
		conf_str(&c->db_path, val);
	else if (strcmp(key, "listen") == 0)
		conf_str(&c->listen, val);
	else if (strcmp(key, "templates") == 0)
		conf_str(&c->templates_dir, val);
	else if (strcmp(key, "socket_group") == 0)
		conf_str(&c->socket_group, val);
	else if (strcmp(key, "workers") == 0) {
		if (conf_int(val, 1, 64, &c->workers) == -1)
			goto bad;
	} else if (strcmp(key, "max_requests") == 0) {
		if (conf_int(val, 0, 1000000000, &c->max_requests) == -1)
			goto bad;
	} else if (strcmp(key, "request_timeout") == 0) {
		if (conf_int(val, 0, 3600, &c->request_timeout) == -1)
			goto bad;
	} else if (strcmp(key, "render_budget_ms") == 0) {
		if (conf_int(val, 10, 60000, &c->render_budget_ms) == -1)
			goto bad;
	} else if (strcmp(key, "render_cache") == 0) {
		if (conf_size(val, &c->render_cache) == -1)
			goto bad;
	} else if (strcmp(key, "image_time_limit") == 0) {
		if (conf_int(val, 1, 600, &c->image_time_limit) == -1)
			goto bad;
		p->image_time_set = 1;
	} else if (strcmp(key, "log_level") == 0) {
		if (log_level_parse(val, &lvl) == -1)
			goto bad;
		conf_str(&c->log_level, val);
	} else if (strcmp(key, "password_cost") == 0) {
		if (strcmp(val, "interactive") != 0 && strcmp(val, "moderate") != 0 &&
		    strcmp(val, "minimal") != 0)
			goto bad;
		conf_str(&c->password_cost, val);
	} else if (strcmp(key, "syslog") == 0) {
		if (conf_bool(val, &c->use_syslog) == -1)
			goto bad;
	} else if (strcmp(key, "read_only") == 0) {
		if (conf_bool(val, &c->read_only) == -1)
			goto bad;
	} else if (strcmp(key, "primary_url") == 0) {
		/* Shown to staff as where to go: a plain web address, nothing else. */
		if ((strncmp(val, "https://", 8) != 0 && strncmp(val, "http://", 7) != 0) ||
		    strcspn(val, " \t\"<>") != strlen(val))
			goto bad;
		conf_str(&c->primary_url, val);
	} else {
		if (!p->failed)
			snprintf(p->msg, sizeof(p->msg), "unknown key '%s'", key);
		p->failed = 1;
		return 0;
	}
	return 1;
bad:
	if (!p->failed)
		snprintf(p->msg, sizeof(p->msg), "bad value for %s: '%s' (want %s)",
		    key, val, conf_want(key));
	p->failed = 1;
	return 0;
}

/*
 * Reads "file" over the values in "c". A missing file is fine unless "must_exist".
 * Returns 0, or -1 after printing FILE:LINE: what is wrong.
 */
int
conf_load(struct conf *c, const char *file, int must_exist)
{
	struct conf_parse	 p;
	FILE			*f;
	int			 line;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.file = file;
	if ((f = fopen(file, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		return -1;
	}
	line = ini_parse_file(f, conf_handler, &p);
	fclose(f);
	if (line != 0) {
		fprintf(stderr, "%s:%d: %s\n", file, line, p.failed ?
		    p.msg : "syntax error (want key = value)");
		return -1;
	}
	/* A worker past its request timeout is killed, and the editor whose image was still
	 * being processed would get nginx's error instead of the reason. (Only when the file
	 * sets the limit: a short request_timeout alone worked before the key existed.) */
	if (p.image_time_set && c->request_timeout > 0 &&
	    c->image_time_limit >= c->request_timeout) {
		fprintf(stderr, "%s: image_time_limit (%d s) must be less than request_timeout "
		    "(%d s), or an upload that takes that long kills its worker\n", file,
		    c->image_time_limit, c->request_timeout);
		return -1;
	}
	conf_str(&c->config_file, file);
	return 0;
}
