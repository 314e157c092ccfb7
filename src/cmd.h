/* SPDX-License-Identifier: ISC */
/* cmd.h: the subcommands of the meridian binary and what they share. */
#ifndef MERIDIAN_CMD_H
#define MERIDIAN_CMD_H

#include "meridian.h"

/* Exit codes of every subcommand. */
#define EXIT_OK		0
#define EXIT_USER	1	/* a user error: one line on stderr says what */
#define EXIT_USAGE	2

#ifndef MERIDIAN_SYSCONF
#define MERIDIAN_SYSCONF	"/etc/meridian/meridian.conf"
#endif

/* Flags every subcommand takes; filled by cmd_flags(). */
struct cmd_common {
	const char	*db;
	const char	*config;
};

/* A subcommand's own flag (see cmd_flags). */
struct cmd_flag {
	const char	 *name;		/* long option name */
	const char	**value;	/* receives the argument, borrowed from argv */
	int		  no_value;	/* a switch: takes no argument, "value" becomes "yes" */
};

/* cmd_common.c */
int	 cmd_libs_init(void);
int	 cmd_flags(int, char **, const char *usage, const struct cmd_flag *extra,
	    struct cmd_common *);
int	 cmd_setup(struct conf *, const struct cmd_common *);
void	 cmd_usage(const char *usage);

int	 cmd_init(int, char **);
int	 cmd_serve(int, char **);
int	 cmd_import(int, char **);		/* cmd_import.c, in meridian-import only */
/* import_exec.c: `meridian import` executes meridian-import, the only program linked with
 * libxml2 and libcurl, with the same arguments. */
int	 cmd_import_exec(int, char **);
void	 import_program_set(const char *argv0);
const char *import_program(void);		/* its path */
int	 cmd_render(int, char **);
int	 cmd_settings(int, char **);
int	 cmd_user(int, char **);
int	 cmd_routes(int, char **);
int	 cmd_export(int, char **);
int	 cmd_backup(int, char **);
int	 cmd_check(int, char **);
int	 cmd_media(int, char **);
/* cmd_media.c: an image media_check_all() finds wanting, and why. */
typedef void (*media_bad_fn)(int64_t id, const char *name, const char *why, void *arg);
int	 media_check_all(struct db *, media_bad_fn, void *arg, int *n, int *bad);
int	 media_rebuild_all(struct db *, int missing);			/* cmd_media.c */

/* cmd_render.c */
char	*cmd_read_file(const char *path, size_t max, size_t *len);

/* cgi.c */
int	 cgi_main(void);

#endif
