/* SPDX-License-Identifier: ISC */
/* migrate.h: the embedded sql/ migrations and the function that applies them. */
#ifndef MERIDIAN_MIGRATE_H
#define MERIDIAN_MIGRATE_H

#include <stddef.h>

struct sqlite3;

struct migration {
	const char	*name;	/* "0001-init.sql" */
	const char	*sql;
};

/* sql_files.c (generated) */
extern const struct migration migrations[];
extern const size_t migrations_count;

/* migrate.c */
int	 migrate_version(struct sqlite3 *, int *);
int	 migrate_apply(struct sqlite3 *, const char *db_path, int *from, int *to);
const char *migrate_last_backup(void);

#endif
