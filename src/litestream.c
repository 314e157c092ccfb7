/* SPDX-License-Identifier: ISC */
/* litestream.c: how far Litestream (0.3) has copied a database's WAL, read from the files it
 * keeps beside the database, for `meridian check`. Litestream copies every committed WAL
 * frame into .NAME-litestream/generations/GEN/wal/INDEX.wal (a "shadow" WAL that starts with
 * the real WAL's header) before shipping it to the replicas; comparing that copy with the
 * real WAL says how much is not yet on its way. Nothing here opens the database, writes
 * or locks anything. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "litestream.h"

#define WAL_HEADER	32
#define WAL_FRAME_HEADER 24

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads the 32-byte WAL header of "path" into "hdr". Returns 0, or -1 (no valid header). */
static int
wal_header(int fd, unsigned char hdr[WAL_HEADER])
{
	uint32_t	 magic;

	if (pread(fd, hdr, WAL_HEADER, 0) != WAL_HEADER)
		return -1;
	magic = be32(hdr);
	return magic == 0x377f0682 || magic == 0x377f0683 ? 0 : -1;
}

/*
 * The end of the last committed frame of the WAL in "fd" whose header is "hdr": frames
 * carry their WAL's salts, so the scan stops at the first one left over from before the
 * WAL last restarted. Returns WAL_HEADER for a WAL with no committed frame.
 */
static int64_t
wal_committed_end(int fd, const unsigned char hdr[WAL_HEADER])
{
	unsigned char	 fh[WAL_FRAME_HEADER];
	int64_t		 off = WAL_HEADER, end = WAL_HEADER, frame;
	uint32_t	 pgsz = be32(hdr + 8);

	if (pgsz < 512 || pgsz > 65536)
		return end;
	frame = WAL_FRAME_HEADER + (int64_t)pgsz;
	while (pread(fd, fh, sizeof(fh), (off_t)off) == (ssize_t)sizeof(fh) &&
	    memcmp(fh + 8, hdr + 16, 8) == 0) {
		off += frame;
		if (be32(fh + 4) != 0)	/* the database size: set on a commit frame */
			end = off;
	}
	return end;
}

/* The newest segment's index in the folder "dir" (files named %08x.wal). 0, or -1: none. */
static int
litestream_newest(const char *dir, unsigned *index)
{
	DIR		*d;
	struct dirent	*e;
	unsigned	 n;
	char		 rest[8];
	int		 found = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strlen(e->d_name) == 12 &&
		    sscanf(e->d_name, "%8x%7s", &n, rest) == 2 &&
		    strcmp(rest, ".wal") == 0 && (!found || n > *index)) {
			*index = n;
			found = 1;
		}
	closedir(d);
	return found ? 0 : -1;
}

static void
litestream_unreadable(struct litestream_status *st, const char *what)
{
	st->state = LITESTREAM_UNREADABLE;
	snprintf(st->why, sizeof(st->why), "%.200s: %s", what, strerror(errno));
}

void
litestream_status(const char *path, struct litestream_status *st)
{
	unsigned char	 shadow_hdr[WAL_HEADER], hdr[WAL_HEADER];
	struct stat	 sb;
	const char	*slash = strrchr(path, '/');
	char		 file[4096 + 64];
	int64_t		 end;
	ssize_t		 n;
	int		 fd;

	memset(st, 0, sizeof(*st));
	if (slash != NULL)
		snprintf(st->meta, sizeof(st->meta), "%.*s/.%s-litestream",
		    (int)(slash - path), path, slash + 1);
	else
		snprintf(st->meta, sizeof(st->meta), ".%s-litestream", path);
	if (stat(st->meta, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return;
	st->state = LITESTREAM_STARTING;
	snprintf(file, sizeof(file), "%s/generation", st->meta);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			litestream_unreadable(st, file);
		return;
	}
	n = read(fd, st->generation, sizeof(st->generation) - 1);
	close(fd);
	if (n <= 0)
		return;
	st->generation[n] = '\0';
	st->generation[strcspn(st->generation, "\n")] = '\0';
	/* The name becomes part of a path: Litestream writes 16 hex digits. */
	if (strspn(st->generation, "0123456789abcdef") != strlen(st->generation) ||
	    *st->generation == '\0') {
		errno = EINVAL;
		litestream_unreadable(st, file);
		return;
	}
	snprintf(file, sizeof(file), "%s/generations/%s/wal", st->meta, st->generation);
	if (litestream_newest(file, &st->index) == -1)
		return;
	snprintf(file, sizeof(file), "%s/generations/%s/wal/%08x.wal", st->meta,
	    st->generation, st->index);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1 || fstat(fd, &sb) == -1 ||
	    wal_header(fd, shadow_hdr) == -1) {
		litestream_unreadable(st, file);
		if (fd != -1)
			close(fd);
		return;
	}
	close(fd);
	st->state = LITESTREAM_ACTIVE;
	st->copied = sb.st_size;
	st->copied_at = sb.st_mtime;
	/*
	 * No WAL, or an empty one: the database file holds everything. Written to after
	 * Litestream's last copy, it was checkpointed without Litestream (which, running,
	 * keeps the WAL): how much is missing cannot be told.
	 */
	snprintf(file, sizeof(file), "%s-wal", path);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1 || wal_header(fd, hdr) == -1) {
		if (fd != -1)
			close(fd);
		if (stat(path, &sb) == 0 && sb.st_mtime > st->copied_at)
			st->behind = -1;
		return;
	}
	end = wal_committed_end(fd, hdr);
	close(fd);
	/* Other salts: the WAL restarted since Litestream's newest segment began. */
	if (memcmp(hdr + 16, shadow_hdr + 16, 8) != 0)
		st->behind = end - WAL_HEADER;
	else if (end > st->copied)
		st->behind = end - st->copied;
}
