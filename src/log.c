/* SPDX-License-Identifier: ISC */
/* log.c: the daemon's log, modelled on OpenBSD httpd's log.c. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char	*log_prog = "meridian";
static int		 log_syslog;
static enum log_level	 log_max = LOG_LEVEL_INFO;

static const char *const log_names[LOG_LEVEL__MAX] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

void
log_init(const char *prog, int use_syslog, enum log_level lvl)
{
	log_prog = prog;
	log_syslog = use_syslog;
	log_max = lvl;
	if (use_syslog)
		openlog(prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_level_parse(const char *s, enum log_level *out)
{
	int	 i;

	for (i = 0; i < LOG_LEVEL__MAX; i++)
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

/* Whether a message of level "lvl" is written: lets a caller skip preparing one. */
int
log_enabled(enum log_level lvl)
{
	return lvl <= log_max;
}

static void log_vwrite(enum log_level, const char *, va_list, const char *)
    __attribute__((format(printf, 2, 0)));

static void
log_vwrite(enum log_level lvl, const char *fmt, va_list ap, const char *errstr)
{
	static const int	 prio[LOG_LEVEL__MAX] = {
		LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
	};
	char			 msg[2048];

	if (lvl > log_max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_syslog) {
		if (errstr != NULL)
			syslog(prio[lvl], "%s: %s", msg, errstr);
		else
			syslog(prio[lvl], "%s", msg);
		return;
	}
	if (errstr != NULL)
		fprintf(stderr, "%s[%d]: %s: %s: %s\n", log_prog, (int)getpid(),
		    log_names[lvl], msg, errstr);
	else
		fprintf(stderr, "%s[%d]: %s: %s\n", log_prog, (int)getpid(),
		    log_names[lvl], msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

void
log_safe(const char *in, size_t inlen, char *out, size_t outlen)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, o = 0;
	unsigned char		 c;

	if (outlen == 0)
		return;
	for (i = 0; i < inlen && o + 5 < outlen; i++) {
		c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 0xf];
	}
	out[o] = '\0';
}
