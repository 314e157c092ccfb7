/* SPDX-License-Identifier: ISC */
/* socket.c: the FastCGI listening socket: a unix socket with mode 0660 (the default), a
 * loopback TCP port (with a warning: libfcgi must not face a network), or one inherited on
 * fd 0 from systemd or spawn-fcgi. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "master.h"
#include "util.h"

static int
socket_unix(const char *path, const char *group)
{
	struct sockaddr_un	 sun;
	struct stat		 sb;
	struct group		*gr;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_warnx("%s: socket path too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	/* A stale socket from an earlier run is removed; any other file is not touched. */
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			log_warnx("%s: exists and is not a socket", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("socket");
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		log_warn("%s: bind", path);
		close(fd);
		return -1;
	}
	if (chmod(path, 0660) == -1)
		log_warn("%s: chmod", path);
	if (group != NULL && *group != '\0') {
		if ((gr = getgrnam(group)) == NULL)
			log_warnx("%s: no group %s", path, group);
		else if (chown(path, (uid_t)-1, gr->gr_gid) == -1)
			log_warn("%s: chown", path);
	}
	if (listen(fd, 1024) == -1) {
		log_warn("%s: listen", path);
		close(fd);
		return -1;
	}
	return fd;
}

static int
socket_tcp(const char *spec)
{
	struct sockaddr_in	 sin;
	char			 host[64];
	const char		*colon = strrchr(spec, ':');
	long long		 port;
	int			 fd, one = 1;

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host) ||
	    util_parse_ll(colon + 1, 1, 65535, &port) == -1) {
		log_warnx("%s: want unix:PATH or 127.0.0.1:PORT", spec);
		return -1;
	}
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
	    (ntohl(sin.sin_addr.s_addr) >> 24) != 127) {
		log_warnx("%s: FastCGI over TCP only on a loopback address "
		    "(127.0.0.0/8); libfcgi must not face a network", spec);
		return -1;
	}
	log_warnx("listening on TCP %s: prefer a unix socket, whose permissions "
	    "keep other local users out", spec);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 1024) == -1) {
		log_warn("%s: bind/listen", spec);
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens the socket named by "spec". Returns the descriptor, or -1 (logged). */
int
socket_listen(const char *spec, const char *group)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return socket_unix(spec + 5, group);
	if (spec[0] == '/')
		return socket_unix(spec, group);
	return socket_tcp(spec);
}

/* Returns 1 if fd 0 is a listening socket (systemd, spawn-fcgi), else 0. */
int
socket_inherited(void)
{
	struct stat	 sb;
	int		 on = 0;
	socklen_t	 len = sizeof(on);

	if (fstat(0, &sb) == -1 || !S_ISSOCK(sb.st_mode))
		return 0;
	if (getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == -1)
		return 0;
	return on != 0;
}

/* A socket that never listens: accept() on it fails at once (see worker_on_term). */
int
socket_dead(void)
{
	return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

void
socket_cleanup(const char *spec)
{
	if (spec != NULL && strncmp(spec, "unix:", 5) == 0)
		unlink(spec + 5);
	else if (spec != NULL && spec[0] == '/')
		unlink(spec);
}
