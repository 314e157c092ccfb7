/* SPDX-License-Identifier: ISC */
/* admin_users.c: staff accounts (admins only: add, change role or display name, delete, never
 * the last admin or oneself) and every user's own password and display name. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

#define DISPLAY_NAME_BAD	"A display name is at most 100 characters of text."

static int
users_page(struct ctx *c, int status, const char *error)
{
	struct tmpl_scope	*sc, *item;
	sqlite3_stmt		*st;
	char			 d[64];
	int			 rc;

	sc = admin_scope(c, "Users");
	tmpl_set_str(sc, V_FORM_ERROR, error);
	if (c->req->method == METHOD_POST) {
		tmpl_set_str(sc, V_NAME, admin_field(c, "username"));
		tmpl_set_str(sc, V_DISPLAY_NAME, admin_field(c, "display_name"));
	}
	st = db_stmt(&c->site->db, STMT_USER_LIST);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		item = tmpl_list_add(sc, V_USERS);
		tmpl_set_printf(item, V_ID, "%lld", (long long)sqlite3_column_int64(st, 0));
		tmpl_set_str(item, V_NAME, (const char *)sqlite3_column_text(st, 1));
		tmpl_set_str(item, V_ROLE, (const char *)sqlite3_column_text(st, 2));
		tmpl_set_bool(item, V_IS_SELF, sqlite3_column_int64(st, 0) ==
		    c->session->user_id);
		site_date_human((time_t)sqlite3_column_int64(st, 3), d, sizeof(d));
		tmpl_set_str(item, V_CREATED_HUMAN, d);
		tmpl_set_str(item, V_DISPLAY_NAME, (const char *)sqlite3_column_text(st, 4));
		tmpl_set_bool(item, V_MFA_ON, sqlite3_column_int(st, 5));
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? admin_render(c, TMPL_ADMIN_USERS, sc, status) : -1;
	tmpl_scope_free(sc);
	return rc;
}

static long long
admin_count_admins(struct db *db)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_USER_COUNT_ADMINS);
	long long	 n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Changes the role of, or deletes, user "id" (not oneself, never the last admin). */
static int
users_change(struct ctx *c, const char *action)
{
	struct db	*db = &c->site->db;
	struct user	 u;
	sqlite3_stmt	*st;
	long long	 id;
	enum role	 role = ROLE_EDITOR;
	int		 rc;

	if (util_parse_ll(admin_field(c, "id"), 1, 1LL << 53, &id) == -1)
		return users_page(c, 400, "No such user.");
	if (id == c->session->user_id)
		return users_page(c, 400, "You cannot change or delete your own "
		    "account here; ask another admin.");
	if (strcmp(action, "role") == 0 && role_parse(admin_field(c, "role"), &role) == -1)
		return users_page(c, 400, "Choose the role admin or editor.");
	if (db_begin(db) == -1)
		return -1;
	if ((rc = user_load_by_id(db, id, &u)) != 1) {
		db_rollback(db);
		return rc == 0 ? users_page(c, 400, "No such user.") : -1;
	}
	if (u.role == ROLE_ADMIN && (strcmp(action, "delete") == 0 || role != ROLE_ADMIN) &&
	    admin_count_admins(db) <= 1) {
		db_rollback(db);
		user_free(&u);
		return users_page(c, 400, "The last admin cannot be removed.");
	}
	if (strcmp(action, "delete") == 0) {
		st = db_stmt(db, STMT_USER_DELETE);
		sqlite3_bind_int64(st, 1, id);
	} else {
		st = db_stmt(db, STMT_USER_SET_ROLE);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, role_names[role], -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || post_audit(db, c->now, c->session->user,
	    strcmp(action, "delete") == 0 ? "user delete" : "user role", u.name,
	    strcmp(action, "delete") == 0 ? "" : role_names[role]) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		user_free(&u);
		return -1;
	}
	user_free(&u);
	return admin_see_other(c, "/admin/users?done=%s",
	    strcmp(action, "delete") == 0 ? "deleted" : "user");
}

/* Sets the display name of user "id" (any account, oneself included). */
static int
users_display(struct ctx *c)
{
	const char	*display = admin_field(c, "display_name");
	long long	 id;
	int		 rc;

	if (util_parse_ll(admin_field(c, "id"), 1, 1LL << 53, &id) == -1)
		return users_page(c, 400, "No such user.");
	if (!user_display_name_valid(display))
		return users_page(c, 400, DISPLAY_NAME_BAD);
	if ((rc = user_set_display_name(&c->site->db, id, display, c->session->user,
	    c->now)) == USER_GONE)
		return users_page(c, 400, "No such user.");
	if (rc != USER_CHANGED)
		return -1;
	return admin_see_other(c, "/admin/users?done=user");
}

int
admin_users(struct ctx *c)
{
	const char	*action = admin_field(c, "action");
	const char	*name, *pw;
	enum role	 role;
	int		 rc;

	if (c->req->method != METHOD_POST)
		return users_page(c, 200, NULL);
	if (strcmp(action, "delete") == 0 || strcmp(action, "role") == 0)
		return users_change(c, action);
	if (strcmp(action, "display") == 0)
		return users_display(c);
	if (strcmp(action, "add") != 0)
		return users_page(c, 400, "Unknown action.");
	name = admin_field(c, "username");
	pw = admin_field(c, "password");
	if (!user_name_valid(name))
		return users_page(c, 400, "A user name is 1 to 64 of a-z, 0-9, dot, "
		    "dash and underscore.");
	if (role_parse(admin_field(c, "role"), &role) == -1)
		return users_page(c, 400, "Choose the role admin or editor.");
	if (!user_display_name_valid(admin_field(c, "display_name")))
		return users_page(c, 400, DISPLAY_NAME_BAD);
	if (strlen(pw) < PASSWORD_MIN_LEN || strlen(pw) > PASSWORD_MAX_LEN)
		return users_page(c, 400, "The password must have at least 10 "
		    "characters.");
	rc = user_add(&c->site->db, name, admin_field(c, "display_name"), pw, role,
	    c->session->user, c->now);
	if (rc == USER_NAME_TAKEN)
		return users_page(c, 409, "That user name is taken.");
	if (rc != USER_ADDED)
		return -1;
	return admin_see_other(c, "/admin/users?done=user");
}

static int
password_page(struct ctx *c, int status, const char *error)
{
	struct tmpl_scope	*sc;
	struct user		 u;
	int			 rc;

	if ((rc = user_load_by_id(&c->site->db, c->session->user_id, &u)) == -1)
		return -1;
	sc = admin_scope(c, "Your account");
	if (rc == 1) {
		tmpl_set_str(sc, V_DISPLAY_NAME, u.display_name);
		user_free(&u);
	}
	tmpl_set_str(sc, V_FORM_ERROR, error);
	rc = admin_render(c, TMPL_ADMIN_PASSWORD, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/* POST /admin/password action=display: one's own display name. */
static int
password_display(struct ctx *c)
{
	const char	*display = admin_field(c, "display_name");

	if (!user_display_name_valid(display))
		return password_page(c, 400, DISPLAY_NAME_BAD);
	if (user_set_display_name(&c->site->db, c->session->user_id, display,
	    c->session->user, c->now) != USER_CHANGED)
		return -1;
	return admin_see_other(c, "/admin/password?done=saved");
}

/*
 * Changing one's password needs the current one, checked under the login throttle of the
 * account (a session left open must not allow guessing it at full speed), with a wrong one
 * in the audit log; a change ends every session of the user.
 */
int
admin_password(struct ctx *c)
{
	struct db	*db = &c->site->db;
	struct user	 u;
	const char	*cur = admin_field(c, "current");
	const char	*pw = admin_field(c, "password");
	const char	*addr = c->req->remote_addr ? c->req->remote_addr : "-";
	int64_t		 attempt = 0;
	long		 wait = 0;
	int		 rc, ok;

	if (c->req->method != METHOD_POST)
		return password_page(c, 200, NULL);
	if (strcmp(admin_field(c, "action"), "display") == 0)
		return password_display(c);
	if (strcmp(pw, admin_field(c, "confirm")) != 0)
		return password_page(c, 400, "The new password and its confirmation "
		    "differ.");
	if (strlen(pw) < PASSWORD_MIN_LEN || strlen(pw) > PASSWORD_MAX_LEN)
		return password_page(c, 400, "The new password must have at least "
		    "10 characters.");
	if (strlen(cur) > PASSWORD_MAX_LEN)
		return password_page(c, 403, "The current password is wrong.");
	if ((rc = throttle_reserve(db, c->session->user, addr, c->now, &wait,
	    &attempt)) == THROTTLE_ERROR)
		return -1;
	if (rc == THROTTLE_WAIT) {
		admin_retry_after(c, wait);
		return password_page(c, 429, "Too many failed attempts. Please wait a "
		    "little and try again.");
	}
	if ((rc = user_load_by_id(db, c->session->user_id, &u)) != 1)
		return rc == 0 ? site_error(c, 403, NULL) : -1;
	ok = password_verify(u.pwhash, cur);
	user_free(&u);
	if (!ok) {
		if (post_audit(db, c->now, c->session->user, "password check failed",
		    c->session->user, addr) == -1)
			return -1;
		return password_page(c, 403, "The current password is wrong.");
	}
	if (throttle_succeed(db, attempt) == -1 || user_set_password(db,
	    c->session->user_id, pw, c->session->user, c->now) == -1)
		return -1;
	return admin_see_other(c, "/admin/login?done=password");
}
