/* SPDX-License-Identifier: ISC */
/* log.h: logging to stderr (foreground, journald) or syslog, with untrusted bytes made safe. */
#ifndef MERIDIAN_LOG_H
#define MERIDIAN_LOG_H

#include <stddef.h>

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL__MAX
};

void	 log_init(const char *progname, int use_syslog, enum log_level);
int	 log_level_parse(const char *, enum log_level *);
int	 log_enabled(enum log_level);
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Copies "in" into "out" with control and non-ASCII bytes as \xNN; always terminates. */
void	 log_safe(const char *in, size_t inlen, char *out, size_t outlen);

#endif
