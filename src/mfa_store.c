/* SPDX-License-Identifier: ISC */
/* mfa_store.c: the storage of two-factor sign-in: an account's TOTP secret and the last time
 * step a code was accepted for, its recovery codes (hashed), and the logins waiting for their
 * code (a hashed single-use token). The writes run inside the caller's transaction. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "mfa.h"
#include "util.h"

/* Steps a write; returns the rows it changed, or -1 (logged with "caller"). */
static int
mfa_write(struct db *db, sqlite3_stmt *st, const char *caller)
{
	int	 rc = db_step(st, caller);

	sqlite3_reset(st);
	if (rc != 0) {
		if (rc == 1)
			log_warnx("%s: a write returned a row", caller);
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
	if ((rc = db_step(st, __func__)) == 1) {
		secret = (const char *)sqlite3_column_text(st, 0);
		snprintf(m->secret, sizeof(m->secret), "%s", secret ? secret : "");
		m->enabled = sqlite3_column_int(st, 1);
		m->last_step = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc;
}

/* Keeps "secret" for an enrolment, unless one is already under way. Returns 0 or -1. */
int
mfa_store_secret(struct db *db, int64_t user_id, const char *secret, time_t now)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_START);

	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	return mfa_write(db, st, __func__) == -1 ? -1 : 0;
}

/*
 * Records that a code of time step "step" was accepted: it turns an enrolment on if
 * "enabling", else it must be later than any step used before. Returns 1, 0 when nothing
 * changed (another request used this step or a later one first, or nothing to turn on), -1.
 */
int
mfa_store_step(struct db *db, int64_t user_id, long long step, int enabling)
{
	sqlite3_stmt	*st = db_stmt(db, enabling ? STMT_MFA_ENABLE : STMT_MFA_USE_STEP);

	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, step);
	return mfa_write(db, st, __func__);
}

/* Forgets an account's recovery codes. Returns 0 or -1. */
int
mfa_recovery_clear(struct db *db, int64_t user_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_RECOVERY_CLEAR);

	sqlite3_bind_int64(st, 1, user_id);
	return mfa_write(db, st, __func__) == -1 ? -1 : 0;
}

/* Adds the hash of one recovery code. Returns 0 or -1. */
int
mfa_recovery_add(struct db *db, int64_t user_id, const unsigned char hash[32])
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_RECOVERY_ADD);

	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_TRANSIENT);
	return mfa_write(db, st, __func__) == 1 ? 0 : -1;
}

/* Spends the recovery code of hash "hash". Returns 1, 0 when there is no such code, or -1. */
int
mfa_recovery_spend(struct db *db, int64_t user_id, const unsigned char hash[32])
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_RECOVERY_USE);

	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_TRANSIENT);
	return mfa_write(db, st, __func__);
}

/* The number of unused recovery codes into "n". Returns 0 or -1. */
int
mfa_recovery_left(struct db *db, int64_t user_id, long long *n)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_RECOVERY_COUNT);
	int		 rc;

	sqlite3_bind_int64(st, 1, user_id);
	rc = db_step(st, __func__);
	*n = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
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
		if (mfa_write(db, st, __func__) == -1)
			return -1;
	}
	return 0;
}

/*
 * Forgets the logins that expired by "now", and records one of "user_id" under the token's
 * hash "hash", with its form's "csrf" token, until "expires". Returns 0 or -1.
 */
int
mfa_pending_add(struct db *db, const unsigned char hash[32], int64_t user_id,
    const char *csrf, time_t now, time_t expires)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_PENDING_PURGE);

	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	if (mfa_write(db, st, __func__) == -1)
		return -1;
	st = db_stmt(db, STMT_MFA_PENDING_ADD);
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)expires);
	return mfa_write(db, st, __func__) == 1 ? 0 : -1;
}

/* Loads the live pending login whose token hash is p->hash into "p". Returns 1, 0, -1. */
int
mfa_pending_get(struct db *db, time_t now, struct mfa_pending *p)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_PENDING_GET);
	const char	*csrf, *name, *role;
	int		 rc;

	sqlite3_bind_blob(st, 1, p->hash, sizeof(p->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	if ((rc = db_step(st, __func__)) == 1) {
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
	return rc;
}

/* Spends a pending login. Returns 1, 0 if it was spent or expired meanwhile, or -1. */
int
mfa_pending_use(struct db *db, const struct mfa_pending *p, time_t now)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MFA_PENDING_USE);

	sqlite3_bind_blob(st, 1, p->hash, sizeof(p->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	return mfa_write(db, st, __func__);
}
