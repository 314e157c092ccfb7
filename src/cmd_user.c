/* SPDX-License-Identifier: ISC */
/* cmd_user.c: `meridian user add|passwd|del|list|mfa-reset`: staff accounts from the command line. A
 * password is read from standard input (one line) or, on a terminal, asked for twice without
 * echo; it never appears on the command line, where other users could see it. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include "cmd.h"
#include "mfa.h"
#include "util.h"

static const char user_usage[] =
    "usage: meridian user add NAME [--role admin|editor] [--display-name TEXT]\n"
    "                                          (password from stdin or a prompt)\n"
    "       meridian user passwd NAME\n"
    "       meridian user del NAME\n"
    "       meridian user list\n"
    "       meridian user mfa-reset NAME   (turns off two-factor sign-in: a lost phone)\n"
    "Every form takes --db PATH and --config FILE.\n";

/* Reads one line into "buf" without its newline, echo off on a terminal. 0 or -1. */
static int
user_read_line(const char *prompt, char *buf, size_t len)
{
	struct termios	 old, quiet;
	int		 tty = isatty(0), rc = 0;
	size_t		 n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		rc = -1;
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (rc == -1)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == len - 1)
		return -1;	/* longer than the buffer */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Gets a new password (twice on a terminal) into "pw". Returns 0, or -1 (message printed). */
static int
user_new_password(char *pw, size_t len)
{
	char	 again[PASSWORD_MAX_LEN + 2];

	if (user_read_line("New password: ", pw, len) == -1) {
		fprintf(stderr, "meridian: no password given on standard input\n");
		return -1;
	}
	if (isatty(0)) {
		if (user_read_line("Again: ", again, sizeof(again)) == -1 ||
		    strcmp(pw, again) != 0) {
			fprintf(stderr, "meridian: the passwords differ\n");
			return -1;
		}
		sodium_memzero(again, sizeof(again));
	}
	if (strlen(pw) < PASSWORD_MIN_LEN || strlen(pw) > PASSWORD_MAX_LEN) {
		fprintf(stderr, "meridian: a password needs %d to %d characters\n",
		    PASSWORD_MIN_LEN, PASSWORD_MAX_LEN);
		return -1;
	}
	return 0;
}

/* user_each_fn: one line of `meridian user list`. */
static int
user_print(const struct user_row *u, void *arg)
{
	(void)arg;
	printf("%s\t%s\n", u->name, u->role);
	return 0;
}

static int
user_del(struct db *db, const char *name)
{
	struct user		 u;
	enum user_change_result	 r;
	int			 rc;

	if ((rc = user_load_by_name(db, name, &u)) != 1) {
		if (rc == 0)
			fprintf(stderr, "meridian: no user '%s'\n", name);
		return EXIT_USER;
	}
	r = user_remove(db, u.id, "cli", time(NULL));
	user_free(&u);
	if (r == USER_GONE)
		fprintf(stderr, "meridian: no user '%s'\n", name);
	else if (r == USER_LAST_ADMIN)
		fprintf(stderr, "meridian: '%s' is the last admin\n", name);
	if (r != USER_CHANGED)
		return EXIT_USER;
	printf("deleted user %s\n", name);
	return EXIT_OK;
}

/*
 * Removes a user's second factor and recovery codes (their phone is lost), in the audit log.
 * Their sessions stay; their next login asks for the password only, or makes them enrol
 * again where the site requires two-factor sign-in.
 */
static int
user_mfa_reset(struct db *db, const char *name)
{
	struct user	 u;
	struct mfa	 m;
	int		 rc;

	if (db_begin(db) == -1)
		return EXIT_USER;
	if ((rc = user_load_by_name(db, name, &u)) != 1) {
		db_rollback(db);
		if (rc == 0)
			fprintf(stderr, "meridian: no user '%s'\n", name);
		return EXIT_USER;
	}
	if ((rc = mfa_load(db, u.id, &m)) == -1 || mfa_remove(db, u.id) == -1 ||
	    post_audit(db, time(NULL), "cli", "mfa reset", name, "") == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		user_free(&u);
		return EXIT_USER;
	}
	printf("two-factor sign-in of %s reset%s\n", name, rc == 1 && m.enabled ? "" :
	    " (it was not on)");
	sodium_memzero(&m, sizeof(m));
	user_free(&u);
	return EXIT_OK;
}

int
cmd_user(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	struct user		 u;
	const char		*verb, *name = NULL, *rolestr = "editor", *display = "";
	char			 pw[PASSWORD_MAX_LEN + 2];
	enum role		 role;
	int			 ch, rc = EXIT_USER, nargs;
	const struct cmd_flag	 extra[] = {
		{ "role", &rolestr, 0 },
		{ "display-name", &display, 0 },
		{ NULL, NULL, 0 }
	};

	if ((ch = cmd_flags(argc, argv, user_usage, extra, &co)) >= 0)
		return ch;
	nargs = argc - optind;
	verb = nargs > 0 ? argv[optind] : "";
	if (nargs == 2)
		name = argv[optind + 1];
	if (!((strcmp(verb, "list") == 0 && nargs == 1) ||
	    ((strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0 ||
	    strcmp(verb, "del") == 0 || strcmp(verb, "mfa-reset") == 0) && nargs == 2))) {
		cmd_usage(user_usage);
		return EXIT_USAGE;
	}
	if (role_parse(rolestr, &role) == -1) {
		fprintf(stderr, "meridian: --role must be admin or editor\n");
		return EXIT_USAGE;
	}
	if (!user_display_name_valid(display)) {
		fprintf(stderr, "meridian: a display name is at most %d bytes of text, "
		    "no control characters\n", USER_DISPLAY_MAX);
		return EXIT_USAGE;
	}
	if (name != NULL && !user_name_valid(name)) {
		fprintf(stderr, "meridian: a user name is 1 to 64 of a-z, 0-9, '.', "
		    "'-' and '_'\n");
		return EXIT_USER;
	}
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	password_set_cost(conf.password_cost);
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	if (strcmp(verb, "list") == 0)
		rc = user_list(&db, user_print, NULL) == -1 ? EXIT_USER : EXIT_OK;
	else if (strcmp(verb, "del") == 0)
		rc = user_del(&db, name);
	else if (strcmp(verb, "mfa-reset") == 0)
		rc = user_mfa_reset(&db, name);
	else if (strcmp(verb, "add") == 0) {
		if (user_new_password(pw, sizeof(pw)) == 0) {
			ch = user_add(&db, name, display, pw, role, "cli", time(NULL));
			if (ch == USER_NAME_TAKEN)
				fprintf(stderr, "meridian: user '%s' exists\n", name);
			else if (ch == USER_ADDED) {
				printf("added %s %s\n", role_names[role], name);
				rc = EXIT_OK;
			}
		}
	} else {
		if ((ch = user_load_by_name(&db, name, &u)) == 0)
			fprintf(stderr, "meridian: no user '%s'\n", name);
		else if (ch == 1) {
			if (user_new_password(pw, sizeof(pw)) == 0 &&
			    user_set_password(&db, u.id, pw, "cli", time(NULL)) == 0) {
				printf("password of %s changed; their sessions "
				    "ended\n", name);
				rc = EXIT_OK;
			}
			user_free(&u);
		}
	}
	sodium_memzero(pw, sizeof(pw));
	db_close(&db);
out:
	conf_free(&conf);
	return rc;
}
