/* SPDX-License-Identifier: ISC */
/* litestream.h: reads, without touching the database, how far Litestream's copy of a
 * database's WAL has got (for `meridian check`). */
#ifndef MERIDIAN_LITESTREAM_H
#define MERIDIAN_LITESTREAM_H

#include <stdint.h>
#include <time.h>

enum litestream_state {
	LITESTREAM_NONE,	/* no Litestream folder beside the database */
	LITESTREAM_STARTING,	/* the folder, but no generation in it yet */
	LITESTREAM_UNREADABLE,	/* the folder, but its contents could not be read */
	LITESTREAM_ACTIVE	/* a generation and its WAL copy: the fields below are set */
};

struct litestream_status {
	enum litestream_state	 state;
	char			 meta[4096];	/* the .NAME-litestream folder */
	char			 generation[32];
	char			 why[256];	/* LITESTREAM_UNREADABLE: what failed */
	unsigned		 index;		/* Litestream's newest WAL segment */
	int64_t			 copied;	/* ... and how many bytes of it it has */
	int64_t			 behind;	/* committed WAL bytes it has not copied;
						   -1: an unknown amount */
	time_t			 copied_at;	/* when it last copied any */
};

/* The table Litestream adds to a database it replicates (a restored copy keeps it). */
#define LITESTREAM_TABLE	"_litestream_seq"

/* Fills "st" for the database at "path" from Litestream's files. Never fails. */
void	 litestream_status(const char *path, struct litestream_status *st);

#endif
