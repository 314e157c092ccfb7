/* SPDX-License-Identifier: ISC */
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
/* Names the article whose carried text waits in the autosave slot during a second step. */
#define CARRY_COOKIE	"meridian_carry"
#define CARRY_LIFE	(10 * 60)

/* The editor's fields a login form carries through when a save found its session ended. */
static const char *const carry_fields[] = { "title", "slug", "summary", "body", "topics",
    "kind", "status", "publish_at", "author", "reviewer", "reviewed_at", "review_due",
    "substantive", "version" };

/*
 * The article a carried form was meant for: "carry_to" is "/admin/articles/new" (id 0) or
 * "/admin/articles/ID". Returns 0 with "id" set, or -1 when the form carries nothing.
 */
static int
carry_target(const struct ctx *c, int64_t *id)
{
	const char	*to = query_get(&c->form, "carry_to");
	long long	 n;

	if (to == NULL || strncmp(to, "/admin/articles/", 16) != 0)
		return -1;
	if (strcmp(to + 16, "new") == 0) {
		*id = 0;
		return 0;
	}
	if (util_parse_ll(to + 16, 1, 1LL << 53, &n) == -1)
		return -1;
	*id = n;
	return 0;
}

static void
carry_add(struct tmpl_scope *sc, const char *name, const char *value)
{
	struct tmpl_scope	*f = tmpl_list_add(sc, V_CARRY);

	tmpl_set_str(f, V_CARRY_NAME, name);
	tmpl_set_str(f, V_CARRY_VALUE, value);
}

/* Puts the posted form's editor fields, and "to", into "sc" as hidden inputs. */
static void
carry_set(struct ctx *c, struct tmpl_scope *sc, const char *to)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(carry_fields) / sizeof(carry_fields[0]); i++)
		if ((v = query_get(&c->form, carry_fields[i])) != NULL)
			carry_add(sc, carry_fields[i], v);
	carry_add(sc, "carry_to", to);
}

/* The login form; "carry_to" (or NULL) is where the editor's fields it carries go. */
static int
admin_login_page(struct ctx *c, int status, const char *error, const char *user,
    const char *carry_to)
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
	if (carry_to != NULL)
		carry_set(c, sc, carry_to);
	rc = admin_render(c, TMPL_ADMIN_LOGIN, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/* The login form again after a failed attempt, still carrying the text it carried. */
static int
admin_login_form(struct ctx *c, int status, const char *error, const char *user)
{
	int64_t	 id;

	return admin_login_page(c, status, error, user, carry_target(c, &id) == 0 ?
	    query_get(&c->form, "carry_to") : NULL);
}

/*
 * An editor's save whose session ended: the login form, carrying the editor's fields and
 * where they were going, so that logging in saves them. Returns 0 (the page is made; its
 * status is 403, the save was not done) or -1 on error.
 */
int
admin_login_carry(struct ctx *c)
{
	char		 path[64];
	int64_t		 id;

	if (admin_cap_id(c, &id) == -1)
		id = 0;
	if (id == 0)
		snprintf(path, sizeof(path), "/admin/articles/new");
	else
		snprintf(path, sizeof(path), "/admin/articles/%lld", (long long)id);
	/* Where the text goes is the address it was posted to, never a field of the form. */
	return admin_login_page(c, 403, "Your session ended while you were writing. Log in "
	    "again and your text will be saved: nothing you typed is lost.", NULL, path);
}

/*
 * Where a login finished by its second step goes: the editor of the article whose carried
 * text was stashed at the password step (restored from the slot), or the dashboard. The
 * cookie is cleared either way.
 */
int
admin_login_carry_done(struct ctx *c)
{
	char		 v[32];
	long long	 id;

	cookie_set(&c->resp->headers, CARRY_COOKIE, "x", c->req->https, 0);
	if (c->req->cookie == NULL || cookie_get(c->req->cookie, strlen(c->req->cookie),
	    CARRY_COOKIE, v, sizeof(v)) != 1)
		return admin_see_other(c, "/admin/");
	if (strcmp(v, "new") == 0)
		return admin_see_other(c, "/admin/articles/new?restore=autosave");
	if (util_parse_ll(v, 1, 1LL << 53, &id) == -1)
		return admin_see_other(c, "/admin/");
	return admin_see_other(c, "/admin/articles/%lld?restore=autosave", id);
}

/*
 * After a right password, keeps the text a login form carries in the writer's autosave slot
 * for its article, so that it survives whatever follows (a second step, a conflict). Returns
 * 0, or -1 on error.
 */
static int
carry_stash(struct ctx *c, const struct user *u, int64_t id)
{
	/* 1: the article is gone; the save that follows says so. */
	return autosave_put(&c->site->db, u->id, id, admin_field(c, "title"),
	    admin_field(c, "summary"), admin_field(c, "body"), c->now) == -1 ? -1 : 0;
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
	struct session	 old, fresh;
	int64_t		 attempt = 0, carry_id;
	long		 wait = 0;
	int		 rc, mfa, ok = 0, carry;

	if (*name == '\0' || *pw == '\0' || strlen(name) > 64 ||
	    strlen(pw) > PASSWORD_MAX_LEN)
		return admin_login_form(c, 400, "Enter your user name and password.",
		    name);
	/* Reserved before hashing: a burst of parallel guesses gets one evaluation. */
	if ((rc = throttle_reserve(db, name, addr, c->now, &wait, &attempt)) == THROTTLE_ERROR)
		return -1;
	if (rc == THROTTLE_WAIT) {
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
	carry = carry_target(c, &carry_id) == 0;
	if (ok && carry && carry_stash(c, &u, carry_id) == -1) {
		user_free(&u);
		return -1;
	}
	if (ok && (mfa = admin_mfa_login_begin(c, &u)) != 0) {
		/* After the second step, the editor opens with the stashed text. */
		if (mfa == 1 && carry)
			cookie_set(&c->resp->headers, CARRY_COOKIE, carry_id ?
			    query_get(&c->form, "carry_to") + 16 : "new", c->req->https,
			    CARRY_LIFE);
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
	/* The carried text is saved now, under the new session, as the editor would have. */
	if (carry && (rc = session_get(db, token, c->now, &fresh)) != 0) {
		if (rc == -1)
			return -1;
		c->session = &fresh;
		rc = admin_article_save(c, carry_id);
		c->session = NULL;
		return rc;
	}
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
