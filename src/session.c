/* SPDX-License-Identifier: ISC */
/* session.c: staff sessions (see the lifecycle in session.h): random tokens from libsodium,
 * stored only as hashes, compared in constant time. */
#include "config.h"

#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "cookie.h"
#include "session.h"
#include "util.h"

/* 32 random bytes as base64url without padding: a cookie value or a CSRF token. */
void
session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char	 raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

/* The __Host- prefix needs Secure, so plain-HTTP test and demo sites use a plain name. */
const char *
session_cookie_name(const struct req *r)
{
	return r->https ? SESSION_COOKIE_HTTPS : SESSION_COOKIE_HTTP;
}

static void
session_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
	    NULL, 0);
}

/* Constant-time equality of two tokens of SESSION_TOKEN_LEN characters. */
int
session_token_equal(const char *a, const char *b)
{
	if (strlen(a) != SESSION_TOKEN_LEN || strlen(b) != SESSION_TOKEN_LEN)
		return 0;
	return sodium_memcmp(a, b, SESSION_TOKEN_LEN) == 0;
}

/*
 * Starts a session for "user_id" inside the caller's transaction, purging expired ones.
 * "token" receives the cookie value. Returns 0 or -1.
 */
int
session_create(struct db *db, int64_t user_id, time_t now,
    char token[SESSION_TOKEN_LEN + 1])
{
	sqlite3_stmt	*st;
	unsigned char	 h[32];
	char		 csrf[SESSION_TOKEN_LEN + 1];
	int		 rc;

	st = db_stmt(db, STMT_SESSION_PURGE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - SESSION_IDLE));
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(now - SESSION_ABSOLUTE));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	session_random_token(token);
	session_random_token(csrf);
	session_hash(token, h);
	st = db_stmt(db, STMT_SESSION_INSERT);
	sqlite3_bind_blob(st, 1, h, sizeof(h), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return -1;
}

/*
 * Finds the live session named by the request's cookie and extends it.
 * Lookup: -1 error, 0 no valid session, 1 found ("s" set).
 */
int
session_lookup(struct db *db, const struct req *r, time_t now, struct session *s)
{
	char		 token[SESSION_TOKEN_LEN + 2];
	int		 rc;

	if (r->cookie == NULL)
		return 0;
	rc = cookie_get(r->cookie, strlen(r->cookie), session_cookie_name(r), token,
	    sizeof(token));
	if (rc != 1 || strlen(token) != SESSION_TOKEN_LEN)
		return 0;
	return session_get(db, token, now, s);
}

/*
 * Finds the live session of "token" (from a cookie, or just created at login) and extends
 * it. Returns -1 on error, 0 if there is none, 1 if found ("s" set).
 */
int
session_get(struct db *db, const char *token, time_t now, struct session *s)
{
	sqlite3_stmt	*st;
	const char	*name, *role, *csrf;
	long long	 seen;
	int		 rc;

	memset(s, 0, sizeof(*s));
	session_hash(token, s->hash);
	st = db_stmt(db, STMT_SESSION_GET);
	sqlite3_bind_blob(st, 1, s->hash, sizeof(s->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(now - SESSION_IDLE));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(now - SESSION_ABSOLUTE));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	s->user_id = sqlite3_column_int64(st, 0);
	seen = sqlite3_column_int64(st, 3);
	csrf = (const char *)sqlite3_column_text(st, 1);
	name = (const char *)sqlite3_column_text(st, 4);
	role = (const char *)sqlite3_column_text(st, 5);
	snprintf(s->csrf, sizeof(s->csrf), "%s", csrf ? csrf : "");
	snprintf(s->user, sizeof(s->user), "%s", name ? name : "");
	if (role == NULL || role_parse(role, &s->role) == -1)
		s->role = ROLE_EDITOR;
	sqlite3_reset(st);
	/* Extending the session once a minute is enough, and spares a write per click. */
	if (now - seen < 60)
		return 1;
	st = db_stmt(db, STMT_SESSION_TOUCH);
	sqlite3_bind_blob(st, 1, s->hash, sizeof(s->hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return 1;
}

/* Ends the session server-side. Returns 0 or -1. */
int
session_destroy(struct db *db, const struct session *s)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_SESSION_DELETE);
	int		 rc;

	sqlite3_bind_blob(st, 1, s->hash, sizeof(s->hash), SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
