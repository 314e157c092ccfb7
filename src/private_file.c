/* SPDX-License-Identifier: ISC */
/* private_file.c: the database holds password, session and two-factor hashes, so it and every
 * copy of it are made mode 0600 from the start, whatever the umask; SQLite gives its -wal and
 * -shm files the mode of the database file. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "private_file.h"
#include "util.h"

/*
 * Creates "path" empty with mode 0600 if it does not exist (an existing file is left as it
 * is). The mode is set with fchmod as well, as open()'s is cut by the umask. Returns 0 or -1.
 */
int
private_file_create(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		if (errno == EEXIST)
			return 0;
		log_warn("%s", path);
		return -1;
	}
	if (fchmod(fd, 0600) == -1) {
		log_warn("%s: fchmod", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Takes away what others (not the owner or group) may do with "path", if it exists: for a
 * database made before Meridian created it private. Returns 0 or -1.
 */
int
private_file_tighten(const char *path)
{
	struct stat	 sb;

	if (stat(path, &sb) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((sb.st_mode & 0007) == 0)
		return 0;
	if (chmod(path, sb.st_mode & 07770) == -1) {
		log_warn("%s: chmod", path);
		return -1;
	}
	return 0;
}

/* Whether "path" exists and others may read or write it: 1, 0 (not, or absent). */
int
private_file_others_can_read(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && (sb.st_mode & 0006) != 0;
}
