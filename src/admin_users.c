/* SPDX-License-Identifier: ISC */
/* admin_users.c: staff accounts (admins only: add, change role or display name, delete, never
 * the last admin or oneself) and every user's own password and display name. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

#define DISPLAY_NAME_BAD	"A display name is at most 100 characters of text."

/* Where users_add() puts an account: the request and the page's scope. */
struct users_fill {
	struct ctx		*c;
	struct tmpl_scope	*sc;
};

/* user_each_fn: one account of the Users screen. */
static int
users_add(const struct user_row *u, void *arg)
{
	struct users_fill	*f = arg;
	struct tmpl_scope	*item = tmpl_list_add(f->sc, V_USERS);
	char			 d[64];

	tmpl_set_printf(item, V_ID, "%lld", (long long)u->id);
	tmpl_set_str(item, V_NAME, u->name);
	tmpl_set_str(item, V_ROLE, u->role);
	tmpl_set_bool(item, V_IS_SELF, u->id == f->c->session->user_id);
	site_date_human(u->created_at, d, sizeof(d));
	tmpl_set_str(item, V_CREATED_HUMAN, d);
	tmpl_set_str(item, V_DISPLAY_NAME, u->display_name);
	tmpl_set_bool(item, V_MFA_ON, u->mfa_on);
	return 0;
}

static int
users_page(struct ctx *c, int status, const char *error)
{
	struct users_fill	 f = { c, NULL };
	int			 rc;

	f.sc = admin_scope(c, "Users");
	tmpl_set_str(f.sc, V_FORM_ERROR, error);
	if (c->req->method == METHOD_POST) {
		tmpl_set_str(f.sc, V_NAME, admin_field(c, "username"));
		tmpl_set_str(f.sc, V_DISPLAY_NAME, admin_field(c, "display_name"));
	}
	rc = user_list(&c->site->db, users_add, &f) == -1 ? -1 :
	    admin_render(c, TMPL_ADMIN_USERS, f.sc, status);
	tmpl_scope_free(f.sc);
	return rc;
}

/* Changes the role of, or deletes, user "id" (not oneself, never the last admin). */
static int
users_change(struct ctx *c, const char *action)
{
	enum user_change_result	 r;
	long long		 id;
	enum role		 role = ROLE_EDITOR;
	int			 del = strcmp(action, "delete") == 0;

	if (util_parse_ll(admin_field(c, "id"), 1, 1LL << 53, &id) == -1)
		return users_page(c, 400, "No such user.");
	if (id == c->session->user_id)
		return users_page(c, 400, "You cannot change or delete your own "
		    "account here; ask another admin.");
	if (!del && role_parse(admin_field(c, "role"), &role) == -1)
		return users_page(c, 400, "Choose the role admin or editor.");
	r = del ? user_remove(&c->site->db, id, c->session->user, c->now) :
	    user_set_role(&c->site->db, id, role, c->session->user, c->now);
	if (r == USER_GONE)
		return users_page(c, 400, "No such user.");
	if (r == USER_LAST_ADMIN)
		return users_page(c, 400, "The last admin cannot be removed.");
	if (r != USER_CHANGED)
		return -1;
	return admin_see_other(c, "/admin/users?done=%s", del ? "deleted" : "user");
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
