/* admin_login.c: logging in and out. The login form carries a CSRF token the server signed,
 * bound to a short-lived cookie (double submit), so no session exists before a correct
 * password; a successful login always starts a fresh session (rotation), and logout deletes
 * it server-side. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "cookie.h"
#include "tmpl.h"
#include "util.h"

#define LOGIN_FAILED	"Wrong user name or password."

static int
admin_login_form(struct ctx *c, int status, const char *error, const char *user)
{
	struct tmpl_scope	*sc;
	char			 token[SESSION_TOKEN_LEN + 1];
	int			 rc;

	/* A new token on every form shown; it and its cookie live an hour. */
	if (login_token_make(&c->site->db, c->now, LOGIN_TOKEN_LIFE, token) == -1)
		return -1;
	cookie_set(&c->resp->headers, login_cookie_name(c->req), token, c->req->https,
	    LOGIN_TOKEN_LIFE);
	sc = admin_scope(c, "Log in");
	tmpl_set_str(sc, V_CSRF, token);
	tmpl_set_str(sc, V_FORM_ERROR, error);
	tmpl_set_str(sc, V_NAME, user);
	rc = admin_render(c, TMPL_ADMIN_LOGIN, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

static int
admin_login_post(struct ctx *c)
{
	struct db	*db = &c->site->db;
	struct user	 u;
	const char	*name = admin_field(c, "username");
	const char	*pw = admin_field(c, "password");
	const char	*addr = c->req->remote_addr ? c->req->remote_addr : "-";
	char		 token[SESSION_TOKEN_LEN + 1];
	struct session	 old;
	int64_t		 attempt = 0;
	long		 wait = 0;
	int		 rc, mfa, ok = 0;

	if (*name == '\0' || *pw == '\0' || strlen(name) > 64 ||
	    strlen(pw) > PASSWORD_MAX_LEN)
		return admin_login_form(c, 400, "Enter your user name and password.",
		    name);
	/* Reserved before hashing: a burst of parallel guesses gets one evaluation. */
	if ((rc = throttle_reserve(db, name, addr, c->now, &wait, &attempt)) == -1)
		return -1;
	if (rc == 1) {
		admin_retry_after(c, wait);
		return admin_login_form(c, 429, "Too many failed attempts. Please "
		    "wait a little and try again.", name);
	}
	/* One argon2 verification per attempt, whether the user exists or not. */
	if ((rc = user_load_by_name(db, name, &u)) == -1)
		return -1;
	if (rc == 1) {
		ok = password_verify(u.pwhash, pw);
	} else
		password_burn(pw);
	/*
	 * With a second factor on, a right password only opens the second step (admin_mfa.c):
	 * the attempt is taken back, neither a failure nor a success; only the code, itself
	 * throttled, clears the account's failures.
	 */
	if (ok && (mfa = admin_mfa_login_begin(c, &u)) != 0) {
		user_free(&u);
		if (mfa == 1 && throttle_release(db, attempt) == -1)
			return -1;
		return mfa == -1 ? -1 : 0;
	}
	if (!ok) {
		if (rc == 1)
			user_free(&u);
		log_info("login failed for a user from %s", addr);
		return admin_login_form(c, 403, LOGIN_FAILED, name);
	}
	/* A session cookie the browser already had is ended, never reused. */
	if (session_lookup(db, c->req, c->now, &old) == 1)
		session_destroy(db, &old);
	if (db_begin(db) == -1 || throttle_succeed(db, attempt) == -1 ||
	    session_create(db, u.id, c->now, token) == -1 ||
	    post_audit(db, c->now, u.name, "login", addr, "") == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		user_free(&u);
		return -1;
	}
	user_free(&u);
	cookie_set(&c->resp->headers, session_cookie_name(c->req), token,
	    c->req->https, SESSION_ABSOLUTE);
	cookie_set(&c->resp->headers, login_cookie_name(c->req), "x", c->req->https, 0);
	return admin_see_other(c, "/admin/");
}

int
admin_login(struct ctx *c)
{
	if (c->req->method == METHOD_POST)
		return admin_login_post(c);
	return admin_login_form(c, 200, NULL, NULL);
}

int
admin_logout(struct ctx *c)
{
	if (session_destroy(&c->site->db, c->session) == -1)
		return -1;
	post_audit(&c->site->db, c->now, c->session->user, "logout", "", "");
	cookie_set(&c->resp->headers, session_cookie_name(c->req), "x", c->req->https, 0);
	return admin_see_other(c, "/admin/login?done=logout");
}
