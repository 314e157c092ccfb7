/* SPDX-License-Identifier: ISC */
/* mfa.c: two-factor sign-in's rules: enrolment with a new TOTP secret, a code accepted once
 * (its time step is recorded, so it cannot be replayed), recovery codes shown once and kept
 * hashed, logins waiting for their code (a single-use token in a cookie, kept hashed), and
 * who must use it under the site setting mfa_required. mfa_store.c keeps it all; every
 * function that writes runs inside the caller's transaction, so a login or enrolment is all
 * or nothing. */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "cookie.h"
#include "mfa.h"
#include "util.h"

/*
 * Starts enrolment with a new secret, or keeps the one an unfinished enrolment already showed
 * (the app may hold it). Returns 0 with "m" loaded, or -1.
 */
int
mfa_start(struct db *db, int64_t user_id, time_t now, struct mfa *m)
{
	char		 secret[TOTP_SECRET_MAX + 1];
	int		 rc;

	if (totp_secret_new(secret) == -1)
		return -1;
	rc = mfa_store_secret(db, user_id, secret, now);
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
	/* 0: another request used this step (or a later one) first. */
	return mfa_store_step(db, user_id, step, enabling);
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
	char		 norm[TOTP_INPUT_MAX + 1];
	unsigned char	 h[32];
	int		 i;

	if (mfa_recovery_clear(db, user_id) == -1)
		return -1;
	for (i = 0; i < MFA_RECOVERY_COUNT; i++) {
		if (totp_recovery_new(codes[i]) == -1 ||
		    totp_parse_input(codes[i], norm) != TOTP_INPUT_RECOVERY)
			return -1;
		totp_recovery_hash(norm, h);
		if (mfa_recovery_add(db, user_id, h) == -1)
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
		rc = mfa_recovery_spend(db, user_id, h);
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
	unsigned char	 h[32];
	char		 csrf[SESSION_TOKEN_LEN + 1];

	session_random_token(token);
	session_random_token(csrf);
	mfa_token_hash(token, h);
	return mfa_pending_add(db, h, user_id, csrf, now, now + MFA_PENDING_LIFE);
}

/* Finds the live pending login named by the request's cookie. Returns 1 ("p" set), 0, -1. */
int
mfa_pending_lookup(struct db *db, const struct req *r, time_t now, struct mfa_pending *p)
{
	char	 token[SESSION_TOKEN_LEN + 2];

	if (r->cookie == NULL || cookie_get(r->cookie, strlen(r->cookie),
	    mfa_cookie_name(r), token, sizeof(token)) != 1 ||
	    strlen(token) != SESSION_TOKEN_LEN)
		return 0;
	memset(p, 0, sizeof(*p));
	mfa_token_hash(token, p->hash);
	return mfa_pending_get(db, now, p);
}
