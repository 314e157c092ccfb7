/* SPDX-License-Identifier: ISC */
/* user.c: staff accounts: names, roles (admin manages users and settings; editor writes and
 * publishes), and changes to them, each with its audit line in the same transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "meridian.h"
#include "util.h"

const char *const role_names[ROLE__MAX] = {
	[ROLE_EDITOR] = "editor",
	[ROLE_ADMIN] = "admin",
};

int
role_parse(const char *s, enum role *out)
{
	int	 i;

	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

/* A user name: 1 to 64 of [a-z0-9._-], starting with a letter or digit. */
int
user_name_valid(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-' || s[0] == '_')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
user_from_stmt(struct db *db, sqlite3_stmt *st, struct user *u)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		memset(u, 0, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->name = db_col_text(st, 1);
		u->pwhash = db_col_text(st, 2);
		u->display_name = db_col_text(st, 4);
		if (role_parse((const char *)sqlite3_column_text(st, 3), &u->role) == -1)
			u->role = ROLE_EDITOR;
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	log_warnx("user lookup: %s", sqlite3_errmsg(db->conn));
	return -1;
}

/* Lookup: -1 error, 0 none, 1 found ("u" set; free with user_free). */
int
user_load_by_name(struct db *db, const char *name, struct user *u)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_USER_BY_NAME);

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return user_from_stmt(db, st, u);
}

int
user_load_by_id(struct db *db, int64_t id, struct user *u)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_USER_BY_ID);

	sqlite3_bind_int64(st, 1, id);
	return user_from_stmt(db, st, u);
}

void
user_free(struct user *u)
{
	free(u->name);
	if (u->pwhash != NULL)
		sodium_memzero(u->pwhash, strlen(u->pwhash));
	free(u->pwhash);
	free(u->display_name);
	memset(u, 0, sizeof(*u));
}

/*
 * A display name (what readers see as an article's author): up to USER_DISPLAY_MAX bytes of
 * valid UTF-8 with no control characters; "" means none.
 */
int
user_display_name_valid(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n > USER_DISPLAY_MAX || !util_utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* Sets the display name of user "id", with its audit line. */
enum user_change_result
user_set_display_name(struct db *db, int64_t id, const char *display, const char *who,
    time_t now)
{
	sqlite3_stmt	*st;
	struct user	 u;
	int		 rc;

	if (db_begin(db) == -1)
		return USER_CHANGE_ERROR;
	if ((rc = user_load_by_id(db, id, &u)) != 1) {
		db_rollback(db);
		return rc == 0 ? USER_GONE : USER_CHANGE_ERROR;
	}
	st = db_stmt(db, STMT_USER_SET_DISPLAY_NAME);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, display, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || post_audit(db, now, who, "display name", u.name,
	    display) == -1 || db_commit(db) == -1) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		db_rollback(db);
		user_free(&u);
		return USER_CHANGE_ERROR;
	}
	user_free(&u);
	return USER_CHANGED;
}

/* Adds a user ("display" may be ""). */
enum user_add_result
user_add(struct db *db, const char *name, const char *display, const char *pw,
    enum role role, const char *who, time_t now)
{
	char		 hash[PASSWORD_HASH_MAX];
	sqlite3_stmt	*st;
	int		 rc;

	if (password_hash(pw, hash) == -1 || db_begin(db) == -1)
		return USER_ADD_ERROR;
	st = db_stmt(db, STMT_USER_INSERT);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_names[role], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	sqlite3_bind_text(st, 5, display, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		db_rollback(db);
		return USER_NAME_TAKEN;
	}
	if (rc != SQLITE_DONE ||
	    post_audit(db, now, who, "user add", name, role_names[role]) == -1 ||
	    db_commit(db) == -1) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		db_rollback(db);
		return USER_ADD_ERROR;
	}
	return USER_ADDED;
}

/* Runs statement "which", whose one parameter is a user's id. Returns 0 or -1. */
static int
user_exec_id(struct db *db, enum stmt which, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(db, which);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Sets a new password and ends every session of the user, and every login of theirs that
 * passed the old password and waits for its second factor. Returns 0 or -1.
 */
int
user_set_password(struct db *db, int64_t id, const char *pw, const char *who, time_t now)
{
	char		 hash[PASSWORD_HASH_MAX];
	sqlite3_stmt	*st;
	struct user	 u;
	int		 rc;

	if (password_hash(pw, hash) == -1)
		return -1;
	if (db_begin(db) == -1)
		return -1;
	if ((rc = user_load_by_id(db, id, &u)) != 1)
		goto fail;
	st = db_stmt(db, STMT_USER_SET_HASH);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail_user;
	if (user_exec_id(db, STMT_SESSION_DELETE_USER, id) == -1 ||
	    user_exec_id(db, STMT_MFA_PENDING_CLEAR, id) == -1 ||
	    post_audit(db, now, who, "password change", u.name, "") == -1 ||
	    db_commit(db) == -1)
		goto fail_user;
	user_free(&u);
	return 0;
fail_user:
	user_free(&u);
fail:
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	db_rollback(db);
	return -1;
}

int
user_list(struct db *db, user_each_fn each, void *arg)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_USER_LIST);
	struct user_row	 u;
	int		 n = 0, r;

	while ((r = db_step(st, __func__)) == 1) {
		u.id = sqlite3_column_int64(st, 0);
		u.name = (const char *)sqlite3_column_text(st, 1);
		u.role = (const char *)sqlite3_column_text(st, 2);
		u.created_at = (time_t)sqlite3_column_int64(st, 3);
		u.display_name = (const char *)sqlite3_column_text(st, 4);
		u.mfa_on = sqlite3_column_int(st, 5);
		if ((r = each(&u, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

/*
 * Deletes user "id" ("role" ROLE__MAX) or gives it "role", with its audit line, in one
 * transaction, unless that would leave the site without an admin.
 */
static enum user_change_result
user_change(struct db *db, int64_t id, enum role role, const char *who, time_t now)
{
	sqlite3_stmt		*st;
	struct user		 u;
	enum user_change_result	 res = USER_CHANGE_ERROR;
	int			 del = role == ROLE__MAX, rc;

	if (db_begin(db) == -1)
		return USER_CHANGE_ERROR;
	if ((rc = user_load_by_id(db, id, &u)) != 1) {
		db_rollback(db);
		return rc == 0 ? USER_GONE : USER_CHANGE_ERROR;
	}
	if (u.role == ROLE_ADMIN && (del || role != ROLE_ADMIN)) {
		st = db_stmt(db, STMT_USER_COUNT_ADMINS);
		rc = db_step(st, __func__);
		if (rc == 1 && sqlite3_column_int64(st, 0) <= 1)
			res = USER_LAST_ADMIN;
		sqlite3_reset(st);
		if (rc != 1 || res == USER_LAST_ADMIN)
			goto out;
	}
	st = db_stmt(db, del ? STMT_USER_DELETE : STMT_USER_SET_ROLE);
	sqlite3_bind_int64(st, 1, id);
	if (!del)
		sqlite3_bind_text(st, 2, role_names[role], -1, SQLITE_STATIC);
	rc = db_step(st, __func__);
	sqlite3_reset(st);
	if (rc == -1 || post_audit(db, now, who, del ? "user delete" : "user role", u.name,
	    del ? "" : role_names[role]) == -1 || db_commit(db) == -1)
		goto out;
	user_free(&u);
	return USER_CHANGED;
out:
	db_rollback(db);
	user_free(&u);
	return res;
}

enum user_change_result
user_remove(struct db *db, int64_t id, const char *who, time_t now)
{
	return user_change(db, id, ROLE__MAX, who, now);
}

enum user_change_result
user_set_role(struct db *db, int64_t id, enum role role, const char *who, time_t now)
{
	return user_change(db, id, role, who, now);
}
