/* SPDX-License-Identifier: ISC */
/* mfa.c: what two-factor sign-in keeps in the database (sql/0006): an account's TOTP secret
 * and the last time step a code was accepted for (so a code works once), its recovery codes
 * (hashed, deleted when used), logins waiting for their code (a hashed single-use token in a
 * cookie), and who must use it under the site setting mfa_required. Every function that
 * writes runs inside the caller's transaction, so a login or enrolment is all or nothing.
 * SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "cookie.h"
#include "mfa.h"
#include "util.h"

/* Steps a write; returns the rows it changed, or -1 (logged). */
static int
mfa_write(struct db *db, sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return sqlite3_changes(db->conn);
}

/* Loads an account's second factor. Returns 1 (found), 0 (none) or -1. */
int
mfa_load(struct db *db, int64_t user_id, struct mfa *m)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_GET);
	const char	*secret;
	int		 rc;

	memset(m, 0, sizeof(*m));
	sqlite3_bind_int64(st, 1, user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		secret = (const char *)sqlite3_column_text(st, 0);
		snprintf(m->secret, sizeof(m->secret), "%s", secret ? secret : "");
		m->enabled = sqlite3_column_int(st, 1);
		m->last_step = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return rc == SQLITE_ROW;
}

/*
 * Starts enrolment with a new secret, or keeps the one an unfinished enrolment already showed
 * (the app may hold it). Returns 0 with "m" loaded, or -1.
 */
int
mfa_start(struct db *db, int64_t user_id, time_t now, struct mfa *m)
{
	sqlite3_stmt	*st;
	char		 secret[TOTP_SECRET_MAX + 1];
	int		 rc;

	if (totp_secret_new(secret) == -1)
		return -1;
	st = db_stmt(db, STMT_MFA_START);
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	rc = mfa_write(db, st);
	sodium_memzero(secret, sizeof(secret));
	if (rc == -1 || mfa_load(db, user_id, m) != 1)
		return -1;
	return 0;
}

/* Checks a TOTP code against "m"; on a match, records its step. 1 accepted, 0 not, -1. */
static int
mfa_check_code(struct db *db, int64_t user_id, const struct mfa *m, const char *code,
    time_t now, int enabling)
{
	unsigned char	 key[TOTP_KEY_MAX];
	size_t		 keylen;
	long long	 step;
	sqlite3_stmt	*st;
	int		 rc;

	if (totp_secret_parse(m->secret, key, &keylen) == -1) {
		log_warnx("%s: user %lld: the stored secret is not base32", __func__,
		    (long long)user_id);
		return -1;
	}
	rc = totp_verify(key, keylen, now, code, m->last_step, &step);
	sodium_memzero(key, sizeof(key));
	if (rc != 1)
		return rc;
	st = db_stmt(db, enabling ? STMT_MFA_ENABLE : STMT_MFA_USE_STEP);
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, step);
	/* No row changed: another request used this step (or a later one) first. */
	return mfa_write(db, st);
}

/*
 * Turns an enrolment on if "input" is the current code of its secret, and makes
 * MFA_RECOVERY_COUNT new recovery codes into "codes" (the only time they exist in clear).
 * Returns 1 (on), 0 (wrong code, or nothing to confirm) or -1.
 */
int
mfa_confirm(struct db *db, int64_t user_id, const char *input, time_t now,
    char codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1])
{
	struct mfa	 m;
	char		 norm[TOTP_INPUT_MAX + 1];
	int		 rc;

	if ((rc = mfa_load(db, user_id, &m)) != 1)
		return rc;
	if (m.enabled || totp_parse_input(input, norm) != TOTP_INPUT_CODE)
		return 0;
	rc = mfa_check_code(db, user_id, &m, norm, now, 1);
	sodium_memzero(&m, sizeof(m));
	if (rc != 1)
		return rc;
	return mfa_recovery_renew(db, user_id, codes) == 0 ? 1 : -1;
}

/*
 * Replaces an account's recovery codes with MFA_RECOVERY_COUNT new ones, into "codes" (the
 * only time they exist in clear), inside the caller's transaction. Returns 0 or -1.
 */
int
mfa_recovery_renew(struct db *db, int64_t user_id,
    char codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1])
{
	sqlite3_stmt	*st;
	char		 norm[TOTP_INPUT_MAX + 1];
	unsigned char	 h[32];
	int		 i;

	st = db_stmt(db, STMT_MFA_RECOVERY_CLEAR);
	sqlite3_bind_int64(st, 1, user_id);
	if (mfa_write(db, st) == -1)
		return -1;
	for (i = 0; i < MFA_RECOVERY_COUNT; i++) {
		if (totp_recovery_new(codes[i]) == -1 ||
		    totp_parse_input(codes[i], norm) != TOTP_INPUT_RECOVERY)
			return -1;
		totp_recovery_hash(norm, h);
		st = db_stmt(db, STMT_MFA_RECOVERY_ADD);
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_blob(st, 2, h, sizeof(h), SQLITE_TRANSIENT);
		if (mfa_write(db, st) != 1)
			return -1;
	}
	return 0;
}

/*
 * Checks what was typed as a second factor of an account that has one on: a TOTP code of a
 * step later than the last one used (recorded on success), or an unused recovery code (spent
 * on success). Returns 1 with "how" set, 0 (wrong, used, or no second factor) or -1.
 */
int
mfa_check(struct db *db, int64_t user_id, const char *input, time_t now, enum mfa_how *how)
{
	struct mfa	 m;
	sqlite3_stmt	*st;
	char		 norm[TOTP_INPUT_MAX + 1];
	unsigned char	 h[32];
	int		 rc;

	*how = MFA_WRONG;
	if ((rc = mfa_load(db, user_id, &m)) != 1)
		return rc;
	if (!m.enabled)
		return 0;
	switch (totp_parse_input(input, norm)) {
	case TOTP_INPUT_CODE:
		rc = mfa_check_code(db, user_id, &m, norm, now, 0);
		if (rc == 1)
			*how = MFA_BY_CODE;
		break;
	case TOTP_INPUT_RECOVERY:
		totp_recovery_hash(norm, h);
		st = db_stmt(db, STMT_MFA_RECOVERY_USE);
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_blob(st, 2, h, sizeof(h), SQLITE_TRANSIENT);
		rc = mfa_write(db, st);
		if (rc == 1)
			*how = MFA_BY_RECOVERY;
		break;
	default:
		rc = 0;
		break;
	}
	sodium_memzero(&m, sizeof(m));
	return rc;
}

/* Removes an account's second factor, recovery codes and waiting logins. Returns 0 or -1. */
int
mfa_remove(struct db *db, int64_t user_id)
{
	static const enum stmt	 which[] = { STMT_MFA_DELETE, STMT_MFA_RECOVERY_CLEAR,
	    STMT_MFA_PENDING_CLEAR };
	sqlite3_stmt		*st;
	size_t			 i;

	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		st = db_stmt(db, which[i]);
		sqlite3_bind_int64(st, 1, user_id);
		if (mfa_write(db, st) == -1)
			return -1;
	}
	return 0;
}

/* The number of unused recovery codes into "n". Returns 0 or -1. */
int
mfa_recovery_left(struct db *db, int64_t user_id, long long *n)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_RECOVERY_COUNT);
	int		 rc;

	sqlite3_bind_int64(st, 1, user_id);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* NULL if "v" is a value of the mfa_required setting, else why not. */
const char *
mfa_required_validate(const char *v)
{
	if (strcmp(v, "off") == 0 || strcmp(v, "admins") == 0 || strcmp(v, "everyone") == 0)
		return NULL;
	return "Two-factor sign-in required must be off, admins or everyone.";
}

/* Whether the setting's value makes two-factor sign-in compulsory for "role". */
int
mfa_required_for(const char *setting, enum role role)
{
	if (strcmp(setting, "everyone") == 0)
		return 1;
	return strcmp(setting, "admins") == 0 && role == ROLE_ADMIN;
}

/* 1 if the account must enrol before anything else (required, and not on), 0 if not, -1. */
int
mfa_must_enrol(struct db *db, const char *setting, int64_t user_id, enum role role)
{
	struct mfa	 m;
	int		 rc;

	if (!mfa_required_for(setting, role))
		return 0;
	if ((rc = mfa_load(db, user_id, &m)) == -1)
		return -1;
	rc = !(rc == 1 && m.enabled);
	sodium_memzero(&m, sizeof(m));
	return rc;
}

/* The __Host- prefix needs Secure, so plain-HTTP test and demo sites use a plain name. */
const char *
mfa_cookie_name(const struct req *r)
{
	return r->https ? MFA_COOKIE_HTTPS : MFA_COOKIE_HTTP;
}

static void
mfa_token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/*
 * Records a login that passed its password, forgetting expired ones. "token" receives the
 * cookie value; the database keeps only its hash. Returns 0 or -1.
 */
int
mfa_pending_create(struct db *db, int64_t user_id, time_t now,
    char token[SESSION_TOKEN_LEN + 1])
{
	sqlite3_stmt	*st;
	unsigned char	 h[32];
	char		 csrf[SESSION_TOKEN_LEN + 1];

	st = db_stmt(db, STMT_MFA_PENDING_PURGE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	if (mfa_write(db, st) == -1)
		return -1;
	session_random_token(token);
	session_random_token(csrf);
	mfa_token_hash(token, h);
	st = db_stmt(db, STMT_MFA_PENDING_ADD);
	sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)(now + MFA_PENDING_LIFE));
	return mfa_write(db, st) == 1 ? 0 : -1;
}

/* Finds the live pending login named by the request's cookie. Returns 1 ("p" set), 0, -1. */
int
mfa_pending_lookup(struct db *db, const struct req *r, time_t now, struct mfa_pending *p)
{
	sqlite3_stmt	*st;
	char		 token[SESSION_TOKEN_LEN + 2];
	const char	*csrf, *name, *role;
	int		 rc;

	if (r->cookie == NULL || cookie_get(r->cookie, strlen(r->cookie),
	    mfa_cookie_name(r), token, sizeof(token)) != 1 ||
	    strlen(token) != SESSION_TOKEN_LEN)
		return 0;
	memset(p, 0, sizeof(*p));
	mfa_token_hash(token, p->hash);
	st = db_stmt(db, STMT_MFA_PENDING_GET);
	sqlite3_bind_blob(st, 1, p->hash, sizeof(p->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->user_id = sqlite3_column_int64(st, 0);
		csrf = (const char *)sqlite3_column_text(st, 1);
		name = (const char *)sqlite3_column_text(st, 2);
		role = (const char *)sqlite3_column_text(st, 3);
		snprintf(p->csrf, sizeof(p->csrf), "%s", csrf ? csrf : "");
		snprintf(p->user, sizeof(p->user), "%s", name ? name : "");
		if (role == NULL || role_parse(role, &p->role) == -1)
			p->role = ROLE_EDITOR;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* Spends a pending login. Returns 1, 0 if it was spent or expired meanwhile, or -1. */
int
mfa_pending_use(struct db *db, const struct mfa_pending *p, time_t now)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_PENDING_USE);

	sqlite3_bind_blob(st, 1, p->hash, sizeof(p->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	return mfa_write(db, st);
}
