/* SPDX-License-Identifier: ISC */
/* cmd_check.c: `meridian check`: what a sysadmin runs before (re)starting the service, or from
 * monitoring: the configuration, the templates (compiled as a worker compiles them), the
 * schema version, PRAGMA integrity_check and foreign_key_check, and whether Litestream
 * replicates the database, and a warning for a database file, backup or socket that any
 * user may read. One line per check on
 * stdout; exit 0 when every check passed, 1 otherwise. The database is only read. */
#include "config.h"

#include <getopt.h>
#include <glob.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "cmd.h"
#include "image.h"
#include "litestream.h"
#include "migrate.h"
#include "private_file.h"
#include "site.h"
#include "tmpl.h"
#include "util.h"

static const char check_usage[] =
    "usage: meridian check [--db PATH] [--config FILE] [--templates DIR] [--content]\n"
    "Checks the configuration, the templates, the image helper, the import program\n"
    "(missing: a warning), the schema version, the database's integrity and its\n"
    "replication by Litestream; prints one line per check. Exit 0 when all pass, 1\n"
    "otherwise. --content also runs the editor's health-content checks on every\n"
    "article and prints their advice; advice never fails the check, a text that\n"
    "cannot be read does.\n";

static int	 check_failed;

static void check_line(int ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints one result line: "ok: ..." or "FAILED: ...". */
static void
check_line(int ok, const char *fmt, ...)
{
	va_list	 ap;

	fputs(ok ? "ok: " : "FAILED: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		check_failed++;
}

/* One file that others must not read: a warning line when they can. */
static void
check_private_file(const char *path, const char *what)
{
	if (private_file_others_can_read(path))
		printf("WARNING: %s %s can be read by any user of this machine: "
		    "chmod o-rwx it\n", what, path);
}

/*
 * The database, its -wal and -shm, the backups made before migrations (all hold password,
 * session and two-factor hashes) and the daemon's socket: a warning for each that others can
 * read, without failing the check (a sysadmin may have reasons, and the site still works).
 */
static void
check_private(const struct conf *conf)
{
	char	 side[4096];
	glob_t	 g;
	size_t	 i;

	check_private_file(conf->db_path, "database");
	snprintf(side, sizeof(side), "%s-wal", conf->db_path);
	check_private_file(side, "database journal");
	snprintf(side, sizeof(side), "%s-shm", conf->db_path);
	check_private_file(side, "database journal index");
	snprintf(side, sizeof(side), "%s.pre-v*.bak", conf->db_path);
	if (glob(side, GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			check_private_file(g.gl_pathv[i], "backup");
		globfree(&g);
	}
	if (conf->listen != NULL && strncmp(conf->listen, "unix:", 5) == 0)
		check_private_file(conf->listen + 5, "socket");
}

static void
check_templates(const char *dir)
{
	struct tmpl_set	*ts;
	char		 err[1024];

	if ((ts = tmpl_load(dir, site_templates, TMPL__MAX, site_names, V__MAX, err,
	    sizeof(err))) == NULL) {
		check_line(0, "templates %s: %s", dir, err);
		return;
	}
	tmpl_free(ts);
	check_line(1, "templates %s: %d files compile", dir, (int)TMPL__MAX);
}

/*
 * How long Litestream may take to copy WAL changes that are waiting, before the check
 * concludes it is not running: it looks every second by default (every 250 ms with the
 * shipped configuration). A site idle for hours is no sign of trouble; changes that nobody
 * copies are.
 */
#define CHECK_REPLICATION_WAIT_MS	5000
#define CHECK_REPLICATION_POLL_MS	200

/*
 * Whether Litestream replicates "path", and how far behind it is; "tables" says whether the
 * database holds Litestream's table.
 */
static void
check_replication(const char *path, int tables)
{
	struct litestream_status	 ls, again;
	struct timespec			 poll = { 0, CHECK_REPLICATION_POLL_MS * 1000000L };
	char				 behind[128];
	int				 waited;

	litestream_status(path, &ls);
	switch (ls.state) {
	case LITESTREAM_NONE:
		check_line(1, "replication: none (no Litestream folder %s)%s", ls.meta,
		    tables ? "; Litestream's tables are in the database: a "
		    "restored copy, or Litestream's folder was removed" : "");
		return;
	case LITESTREAM_STARTING:
		check_line(1, "replication: Litestream is starting (%s has no "
		    "generation yet)", ls.meta);
		return;
	case LITESTREAM_UNREADABLE:
		check_line(0, "replication: Litestream's folder is there, but %s", ls.why);
		return;
	case LITESTREAM_ACTIVE:
		break;
	}
	/* Changes waiting: up to date soon, or at least moving, if Litestream runs. */
	for (waited = 0; ls.behind != 0 && waited < CHECK_REPLICATION_WAIT_MS;
	    waited += CHECK_REPLICATION_POLL_MS) {
		nanosleep(&poll, NULL);
		litestream_status(path, &again);
		if (again.state != LITESTREAM_ACTIVE)
			break;	/* a new generation on its way */
		if (again.behind == 0 || strcmp(again.generation, ls.generation) != 0 ||
		    again.index != ls.index || again.copied != ls.copied) {
			ls = again;
			break;
		}
	}
	if (ls.behind == 0) {
		check_line(1, "replication: Litestream, generation %s, position "
		    "%08x:%lld: up to date (last copy %llds ago)", ls.generation,
		    ls.index, (long long)ls.copied,
		    (long long)(time(NULL) - ls.copied_at));
		return;
	}
	if (ls.behind == -1)
		snprintf(behind, sizeof(behind), "the database changed after it and "
		    "has no WAL (it was checkpointed without Litestream)");
	else
		snprintf(behind, sizeof(behind), "%lld bytes of WAL to copy",
		    (long long)ls.behind);
	if (waited < CHECK_REPLICATION_WAIT_MS)
		check_line(1, "replication: Litestream, generation %s, position "
		    "%08x:%lld: catching up, %s", ls.generation, ls.index,
		    (long long)ls.copied, behind);
	else
		check_line(0, "replication: Litestream, generation %s, position "
		    "%08x:%lld: %s, not copied in %d s: is litestream running?",
		    ls.generation, ls.index, (long long)ls.copied, behind,
		    CHECK_REPLICATION_WAIT_MS / 1000);
}

#define CHECK_MEDIA_NAMED	10	/* images named; `meridian media check` lists them all */

/* media_bad_fn: a failed line for each of the first images found wanting. */
static void
check_media_bad(int64_t id, const char *name, const char *why, void *arg)
{
	int	*named = arg;

	if ((*named)++ < CHECK_MEDIA_NAMED)
		check_line(0, "media: /media/%lld/%s: %s", (long long)id, name, why);
}

/* Every image has its variants (made by the image pipeline), each one decoding. */
static void
check_media(const char *path)
{
	struct db	 db;
	int		 n, bad, named = 0;

	if (db_open(&db, path, DB_READ_ONLY) == -1) {
		check_line(0, "media: the database cannot be opened");
		return;
	}
	if (media_check_all(&db, check_media_bad, &named, &n, &bad) == -1)
		check_line(0, "media: cannot be read");
	else if (bad > CHECK_MEDIA_NAMED)
		check_line(0, "media: and %d more of the %d images (run 'meridian media "
		    "rebuild'; 'meridian media check' names them all)", bad - CHECK_MEDIA_NAMED,
		    n);
	else if (bad == 0)
		check_line(1, "media: %d images, each with its variants, all decoding", n);
	db_close(&db);
}

/* Schema version, integrity and references of "path", opened read-only. */
static void
check_database(const char *path)
{
	struct db_peek	 p;
	char		 msg[512];
	int		 ver;

	if (db_peek_open(&p, path) == -1) {
		check_line(0, "database %s: %s (run 'meridian init' to create it)",
		    path, p.err);
		goto out;
	}
	if (db_peek_version(&p, &ver) == -1) {
		check_line(0, "database %s: not readable as SQLite: %s", path, p.err);
		goto out;
	}
	if (ver == 0)
		check_line(0, "schema %s: version 0, not a Meridian database (run "
		    "'meridian init')", path);
	else if (ver < (int)migrations_count)
		check_line(0, "schema %s: version %d, this meridian needs %zu (run "
		    "'meridian init' to migrate; it takes a backup first)", path, ver,
		    migrations_count);
	else if (ver > (int)migrations_count)
		check_line(0, "schema %s: version %d is newer than this meridian "
		    "(%zu): upgrade meridian", path, ver, migrations_count);
	else
		check_line(1, "schema %s: version %d, current", path, ver);
	if (db_peek_integrity(&p, msg, sizeof(msg)) == 1)
		check_line(1, "integrity_check: ok");
	else
		check_line(0, "integrity_check: %s", msg);
	if (db_peek_references(&p, msg, sizeof(msg)) == 1)
		check_line(1, "foreign_key_check: ok");
	else
		check_line(0, "foreign_key_check: %s", msg);
	check_replication(path, db_peek_has_table(&p, LITESTREAM_TABLE));
	if (ver == (int)migrations_count)
		check_media(path);
out:
	db_peek_close(&p);
}

/* The editor's health-content checks on every article and page, with the site's settings. */
static void
check_content(const char *path)
{
	struct db		 db;
	struct settings		 s;
	struct check_opts	 o;
	size_t			 checked, advised;
	int			 rc;

	memset(&s, 0, sizeof(s));
	if (db_open(&db, path, DB_READ_ONLY) == -1) {
		check_line(0, "content: %s cannot be opened (see above)", path);
		return;
	}
	if (settings_load(&db, &s) == -1) {
		check_line(0, "content: the settings cannot be read");
		goto out;
	}
	/* Review dates are days in the clinic's time zone, as the editor shows them. */
	setenv("TZ", s.v[SET_TIMEZONE], 1);
	tzset();
	checks_opts_settings(s.v, &o);
	rc = checks_report_all(&db, &o, stdout, &checked, &advised);
	if (rc == -1)
		check_line(0, "content: the articles cannot be read");
	else if (rc > 0)
		check_line(0, "content: %d text%s cannot be checked", rc, rc == 1 ? "" : "s");
	else
		check_line(1, "content: %zu text%s checked (articles and pages), %zu with "
		    "advice", checked, checked == 1 ? "" : "s", advised);
out:
	settings_free(&s);
	db_close(&db);
}

int
cmd_check(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	const char		*templates = NULL, *content = NULL;
	int			 ch;
	const struct cmd_flag	 extra[] = {
		{ "templates", &templates, 0 },
		{ "content", &content, 1 },
		{ NULL, NULL, 0 }
	};

	if ((ch = cmd_flags(argc, argv, check_usage, extra, &co)) >= 0)
		return ch;
	if (optind != argc) {
		cmd_usage(check_usage);
		return EXIT_USAGE;
	}
	/* A bad file is reported as FILE:LINE on stderr; nothing else can be checked. */
	if (cmd_setup(&conf, &co) == -1) {
		conf_free(&conf);
		return EXIT_USER;
	}
	if (conf.config_file != NULL)
		check_line(1, "config %s: valid", conf.config_file);
	else
		check_line(1, "config: no file, built-in defaults");
	if (conf.socket_group != NULL && *conf.socket_group != '\0' &&
	    getgrnam(conf.socket_group) == NULL)
		check_line(0, "config: socket_group %s: no such group",
		    conf.socket_group);
	check_templates(templates != NULL ? templates : conf.templates_dir);
	/* Without the helper, every upload and imported image would be refused. */
	check_line(access(image_helper(), X_OK) == 0, "image helper %s%s", image_helper(),
	    access(image_helper(), X_OK) == 0 ? "" : ": missing (images cannot be added)");
	/*
	 * The import program only serves `meridian import`: a site serves and takes uploads
	 * without it (a package may ship it apart), so its absence is a warning, not a failure.
	 */
	if (access(import_program(), X_OK) == 0)
		check_line(1, "import program %s", import_program());
	else
		printf("WARNING: import program %s: missing ('meridian import' cannot run; the "
		    "site is not affected)\n", import_program());
	check_database(conf.db_path);
	check_private(&conf);
	if (content != NULL)
		check_content(conf.db_path);
	conf_free(&conf);
	fflush(stdout);
	if (check_failed) {
		fprintf(stderr, "meridian: %d check%s failed\n", check_failed,
		    check_failed == 1 ? "" : "s");
		return EXIT_USER;
	}
	return EXIT_OK;
}
