/* admin_mfa.c: two-factor sign-in for staff: /admin/mfa (enrol with a QR code made here, or
 * the secret typed in; confirm with a code; recovery codes shown once; turn off with a code
 * or the password) and /admin/login/mfa, the login's second step, which alone starts the
 * session once the password was right.
 * SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <qrencode.h>
#include <sodium.h>

#include "admin.h"
#include "cookie.h"
#include "html.h"
#include "mfa.h"
#include "tmpl.h"
#include "util.h"

#define MFA_WRONG_CODE	"That code was not accepted: it is wrong, expired or already used. " \
			"Wait for the next code and try again."

/*
 * The otpauth:// address an authenticator app reads from the QR code, as its apps document:
 * issuer (the site title) and account name, both percent-encoded, and the base32 secret.
 */
static void
mfa_uri(struct ctx *c, const char *secret, struct buf *b)
{
	const char	*issuer = c->site->settings.v[SET_SITE_TITLE];

	buf_puts(b, "otpauth://totp/");
	html_escape_url(b, issuer, strlen(issuer));
	buf_putc(b, ':');
	html_escape_url(b, c->session->user, strlen(c->session->user));
	buf_printf(b, "?secret=%s&issuer=", secret);
	html_escape_url(b, issuer, strlen(issuer));
	buf_printf(b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP);
}

/*
 * The QR code of "text" as SVG markup for the page itself: one path of dark squares on a
 * white field with the four-module quiet zone the standard asks for. Only numbers and fixed
 * markup go in, so it is safe raw. Inline, the secret never has a URL of its own, and no
 * script or style is needed (the Content-Security-Policy stays default-src 'self').
 * Returns a string the caller frees, or NULL.
 */
static char *
mfa_qr_svg(const char *text)
{
	QRcode		*qr;
	struct buf	 b;
	int		 x, y, run, w;

	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return NULL;
	w = qr->width + 8;
	buf_init(&b);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\" "
	    "aria-label=\"QR code for your authenticator app\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    w, w, w * 5, w * 5, w, w);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x += run > 0 ? run : 1) {
			for (run = 0; x + run < qr->width &&
			    (qr->data[y * qr->width + x + run] & 1); run++)
				;
			if (run > 0)
				buf_printf(&b, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
		}
	buf_puts(&b, "\"/></svg>");
	QRcode_free(qr);
	return buf_detach(&b);
}

/*
 * /admin/mfa as shown: the enrolment (QR code, secret, confirm form) while it is off, the
 * state and the form to turn it off while it is on; "codes" after a confirmation, the only
 * time the recovery codes are ever shown. Returns 0 or -1.
 */
static int
mfa_page(struct ctx *c, int status, const char *error,
    char codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1])
{
	struct db		*db = &c->site->db;
	struct tmpl_scope	*sc, *it;
	struct mfa		 m;
	struct buf		 uri;
	const char		*done = query_get(&c->req->query, "done");
	char			*svg;
	long long		 left = 0;
	int			 i, rc;

	if ((rc = mfa_load(db, c->session->user_id, &m)) == -1)
		return -1;
	if (rc == 0 || !m.enabled) {
		if (db_begin(db) == -1)
			return -1;
		if (mfa_start(db, c->session->user_id, c->now, &m) == -1 ||
		    db_commit(db) == -1) {
			db_rollback(db);
			return -1;
		}
	} else if (mfa_recovery_left(db, c->session->user_id, &left) == -1)
		return -1;
	sc = admin_scope(c, "Two-factor sign-in");
	tmpl_set_str(sc, V_FORM_ERROR, error);
	if (done != NULL && strcmp(done, "mfa-off") == 0)
		tmpl_set_str(sc, V_FLASH, "Two-factor sign-in is off.");
	tmpl_set_bool(sc, V_MFA_ON, m.enabled);
	tmpl_set_bool(sc, V_MFA_MUST, mfa_required_for(c->site->settings.v[SET_MFA_REQUIRED],
	    c->session->role));
	tmpl_set_int(sc, V_COUNT, left);
	if (!m.enabled) {
		buf_init(&uri);
		mfa_uri(c, m.secret, &uri);
		svg = mfa_qr_svg(uri.data);
		sodium_memzero(uri.data, uri.len);
		buf_free(&uri);
		if (svg == NULL) {
			log_warnx("%s: libqrencode could not encode the address", __func__);
			tmpl_scope_free(sc);
			return -1;
		}
		tmpl_set_raw_owned(sc, V_MFA_QR_SVG, svg, strlen(svg));
		tmpl_set_str(sc, V_MFA_SECRET, m.secret);
	}
	for (i = 0; codes != NULL && i < MFA_RECOVERY_COUNT; i++) {
		it = tmpl_list_add(sc, V_MFA_CODES);
		tmpl_set_str(it, V_MFA_CODE, codes[i]);
	}
	sodium_memzero(&m, sizeof(m));
	rc = admin_render(c, TMPL_ADMIN_MFA, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/* POST /admin/mfa action=confirm: the first code turns it on and makes the recovery codes. */
static int
mfa_confirm_post(struct ctx *c)
{
	struct db	*db = &c->site->db;
	char		 codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1];
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	rc = mfa_confirm(db, c->session->user_id, admin_field(c, "code"), c->now, codes);
	if (rc == 1 && (post_audit(db, c->now, c->session->user, "mfa on",
	    c->session->user, "") == -1 || db_commit(db) == -1))
		rc = -1;
	if (rc != 1)
		db_rollback(db);
	if (rc == -1)
		return -1;
	if (rc == 0)
		return mfa_page(c, 400, "That code does not match. Check that the "
		    "phone's clock is right, and type the code the app shows now.", NULL);
	/* Shown in this answer and never again: only their hashes are kept. */
	rc = mfa_page(c, 200, NULL, codes);
	sodium_memzero(codes, sizeof(codes));
	return rc;
}

/*
 * The proof /admin/mfa asks before turning it off or renewing the recovery codes: a current
 * code (or a recovery code) or the password, so a session left open on a shared computer is
 * not enough. Failures count in the login throttle of the account, like wrong passwords,
 * and are in the audit log.
 * Returns 1 (proven: a transaction is open, in which the caller acts, then calls
 * throttle_succeed() on "attempt" and commits), 0 (refused: the answer is made) or -1.
 */
static int
mfa_proof(struct ctx *c, int64_t *attempt)
{
	struct db	*db = &c->site->db;
	struct user	 u;
	const char	*code = admin_field(c, "code"), *pw = admin_field(c, "password");
	const char	*addr = c->req->remote_addr ? c->req->remote_addr : "-";
	enum mfa_how	 how;
	long		 wait = 0;
	int		 rc, ok = 0;

	if ((*code == '\0' && *pw == '\0') || strlen(pw) > PASSWORD_MAX_LEN)
		return mfa_page(c, 400, "Enter a current code or your password.", NULL);
	if ((rc = throttle_reserve(db, c->session->user, addr, c->now, &wait,
	    attempt)) == THROTTLE_ERROR)
		return -1;
	if (rc == THROTTLE_WAIT) {
		admin_retry_after(c, wait);
		return mfa_page(c, 429, "Too many failed attempts. Please wait a little "
		    "and try again.", NULL);
	}
	if (*code == '\0') {
		if ((rc = user_load_by_id(db, c->session->user_id, &u)) != 1)
			return -1;
		ok = password_verify(u.pwhash, pw);
		user_free(&u);
	}
	if (db_begin(db) == -1)
		return -1;
	if (*code != '\0' && (ok = mfa_check(db, c->session->user_id, code, c->now,
	    &how)) == -1) {
		db_rollback(db);
		return -1;
	}
	if (ok)
		return 1;
	/*
	 * Refused: whatever mfa_check() recorded is kept, and the failure is in the audit log
	 * with the address, as at /admin/password: someone at an open session guessing shows.
	 */
	if (post_audit(db, c->now, c->session->user, *code != '\0' ? "mfa code check failed" :
	    "password check failed", c->session->user, addr) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return mfa_page(c, 403, *code != '\0' ? MFA_WRONG_CODE :
	    "That password is not right.", NULL) == -1 ? -1 : 0;
}

/* POST /admin/mfa action=off: needs mfa_proof(). */
static int
mfa_off_post(struct ctx *c)
{
	struct db	*db = &c->site->db;
	int64_t		 attempt = 0;
	int		 rc;

	if (mfa_required_for(c->site->settings.v[SET_MFA_REQUIRED], c->session->role))
		return mfa_page(c, 400, "This site requires two-factor sign-in for your "
		    "account, so it cannot be turned off.", NULL);
	if ((rc = mfa_proof(c, &attempt)) != 1)
		return rc;
	if (mfa_remove(db, c->session->user_id) == -1 || post_audit(db, c->now,
	    c->session->user, "mfa off", c->session->user, "") == -1 ||
	    throttle_succeed(db, attempt) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return admin_see_other(c, "/admin/mfa?done=mfa-off");
}

/*
 * POST /admin/mfa action=recovery: new recovery codes (the old ones stop working), shown
 * once; needs mfa_proof().
 */
static int
mfa_recovery_post(struct ctx *c)
{
	struct db	*db = &c->site->db;
	struct mfa	 m;
	char		 codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1];
	int64_t		 attempt = 0;
	int		 rc, on;

	if ((rc = mfa_load(db, c->session->user_id, &m)) == -1)
		return -1;
	on = rc == 1 && m.enabled;
	sodium_memzero(&m, sizeof(m));
	if (!on)
		return mfa_page(c, 400, "Two-factor sign-in is off: there are no "
		    "recovery codes to renew.", NULL);
	if ((rc = mfa_proof(c, &attempt)) != 1)
		return rc;
	if (mfa_recovery_renew(db, c->session->user_id, codes) == -1 ||
	    post_audit(db, c->now, c->session->user, "mfa recovery codes renewed",
	    c->session->user, "") == -1 || throttle_succeed(db, attempt) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		sodium_memzero(codes, sizeof(codes));
		return -1;
	}
	rc = mfa_page(c, 200, NULL, codes);
	sodium_memzero(codes, sizeof(codes));
	return rc;
}

int
admin_mfa(struct ctx *c)
{
	const char	*action;

	if (c->req->method != METHOD_POST)
		return mfa_page(c, 200, NULL, NULL);
	action = admin_field(c, "action");
	if (strcmp(action, "confirm") == 0)
		return mfa_confirm_post(c);
	if (strcmp(action, "off") == 0)
		return mfa_off_post(c);
	if (strcmp(action, "recovery") == 0)
		return mfa_recovery_post(c);
	return mfa_page(c, 400, "Unknown action.", NULL);
}

/*
 * The hook of the login form, after a right password: an account with two-factor sign-in
 * on gets no session yet, but a pending login (a hashed single-use token in its own cookie,
 * MFA_PENDING_LIFE seconds) and the second step. Returns 0 (no second factor: go on), 1 (the
 * answer is made) or -1.
 */
int
admin_mfa_login_begin(struct ctx *c, const struct user *u)
{
	struct db	*db = &c->site->db;
	struct mfa	 m;
	char		 token[SESSION_TOKEN_LEN + 1];
	int		 rc;

	if ((rc = mfa_load(db, u->id, &m)) == -1)
		return -1;
	if (rc == 0 || !m.enabled)
		return 0;
	sodium_memzero(&m, sizeof(m));
	if (db_begin(db) == -1)
		return -1;
	if (mfa_pending_create(db, u->id, c->now, token) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	cookie_set(&c->resp->headers, mfa_cookie_name(c->req), token, c->req->https,
	    MFA_PENDING_LIFE);
	sodium_memzero(token, sizeof(token));
	admin_see_other(c, "/admin/login/mfa");
	return 1;
}

static int
login_mfa_form(struct ctx *c, const struct mfa_pending *p, int status, const char *error)
{
	struct tmpl_scope	*sc;
	int			 rc;

	sc = admin_scope(c, "Two-factor sign-in");
	tmpl_set_str(sc, V_CSRF, p->csrf);
	tmpl_set_str(sc, V_NAME, p->user);
	tmpl_set_str(sc, V_FORM_ERROR, error);
	rc = admin_render(c, TMPL_ADMIN_LOGIN_MFA, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

/*
 * POST /admin/login/mfa: a TOTP code or a recovery code for the pending login. Right: the
 * pending login is spent and the session starts, in one transaction. Wrong: counted in the
 * login throttle of the account and the address, like a wrong password.
 */
static int
login_mfa_post(struct ctx *c, const struct mfa_pending *p)
{
	struct db	*db = &c->site->db;
	struct session	 old;
	const char	*code = admin_field(c, "code");
	const char	*addr = c->req->remote_addr ? c->req->remote_addr : "-";
	char		 token[SESSION_TOKEN_LEN + 1], detail[64];
	enum mfa_how	 how = MFA_WRONG;
	long long	 left = 0;
	int64_t		 attempt = 0;
	long		 wait = 0;
	int		 rc, ok;

	if (*code == '\0' || strlen(code) > TOTP_INPUT_MAX)
		return login_mfa_form(c, p, 400, "Enter the code your app shows, or a "
		    "recovery code.");
	/* Reserved before the code is checked, as the password is (throttle.c). */
	if ((rc = throttle_reserve(db, p->user, addr, c->now, &wait, &attempt)) == THROTTLE_ERROR)
		return -1;
	if (rc == THROTTLE_WAIT) {
		admin_retry_after(c, wait);
		return login_mfa_form(c, p, 429, "Too many failed attempts. Please wait "
		    "a little and try again.");
	}
	if (db_begin(db) == -1)
		return -1;
	if ((ok = mfa_check(db, p->user_id, code, c->now, &how)) == -1)
		goto fail;
	/* Spent by another request meanwhile: this one starts nothing. */
	if (ok && (rc = mfa_pending_use(db, p, c->now)) != 1) {
		if (rc == -1)
			goto fail;
		db_rollback(db);
		return admin_see_other(c, "/admin/login");
	}
	if (ok) {
		if (how == MFA_BY_RECOVERY &&
		    mfa_recovery_left(db, p->user_id, &left) == -1)
			goto fail;
		snprintf(detail, sizeof(detail), how == MFA_BY_RECOVERY ?
		    "recovery code (%lld left)" : "two-factor code", left);
		/* A session cookie the browser already had is ended, never reused. */
		if (session_lookup(db, c->req, c->now, &old) == 1 &&
		    session_destroy(db, &old) == -1)
			goto fail;
		if (throttle_succeed(db, attempt) == -1 ||
		    session_create(db, p->user_id, c->now, token) == -1 ||
		    post_audit(db, c->now, p->user, "login", addr, detail) == -1 ||
		    db_commit(db) == -1)
			goto fail;
	} else
		db_rollback(db);
	if (!ok) {
		log_info("second login step failed for a user from %s", addr);
		return login_mfa_form(c, p, 403, MFA_WRONG_CODE);
	}
	cookie_set(&c->resp->headers, session_cookie_name(c->req), token, c->req->https,
	    SESSION_ABSOLUTE);
	cookie_set(&c->resp->headers, mfa_cookie_name(c->req), "x", c->req->https, 0);
	sodium_memzero(token, sizeof(token));
	/* The dashboard, or the editor with the text a login form carried. */
	return admin_login_carry_done(c);
fail:
	db_rollback(db);
	return -1;
}

int
admin_login_mfa(struct ctx *c)
{
	struct mfa_pending	 p;
	int			 rc;

	if ((rc = mfa_pending_lookup(&c->site->db, c->req, c->now, &p)) == -1)
		return -1;
	/* No pending login (none, spent or expired): the password comes first. */
	if (rc == 0)
		return admin_see_other(c, "/admin/login");
	if (c->req->method == METHOD_POST)
		return login_mfa_post(c, &p);
	return login_mfa_form(c, &p, 200, NULL);
}
