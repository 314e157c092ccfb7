/* SPDX-License-Identifier: ISC */
/* session.h: staff sessions, their CSRF tokens, and login throttling. */
#ifndef MERIDIAN_SESSION_H
#define MERIDIAN_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "meridian.h"

/*
 * Session lifecycle: created at login (a fresh 256-bit token; only its BLAKE2b hash is
 * stored, so a stolen database holds no usable cookie); every request within SESSION_IDLE of
 * the last one extends it; none survives SESSION_ABSOLUTE after login; logout, a password
 * change or deleting the user removes it from the database.
 */
#define SESSION_IDLE		(2 * 60 * 60)
#define SESSION_ABSOLUTE	(12 * 60 * 60)
#define SESSION_TOKEN_LEN	43	/* base64url of 32 bytes, no padding */
#define SESSION_COOKIE_HTTPS	"__Host-meridian"
#define SESSION_COOKIE_HTTP	"meridian"
#define LOGIN_COOKIE_HTTPS	"__Host-meridian_login"	/* login form's CSRF (login_token.c) */
#define LOGIN_COOKIE_HTTP	"meridian_login"
#define LOGIN_TOKEN_LIFE	3600

struct session {
	int64_t		 user_id;
	char		 user[65];
	enum role	 role;
	char		 csrf[SESSION_TOKEN_LEN + 1];
	unsigned char	 hash[32];
};

/* session.c */
void	 session_random_token(char out[SESSION_TOKEN_LEN + 1]);
const char *session_cookie_name(const struct req *);
int	 session_create(struct db *, int64_t user_id, time_t now,
	    char token[SESSION_TOKEN_LEN + 1]);
int	 session_lookup(struct db *, const struct req *, time_t now, struct session *);
int	 session_get(struct db *, const char *token, time_t now, struct session *);
int	 session_destroy(struct db *, const struct session *);
int	 session_token_equal(const char *a, const char *b);

/* login_token.c */
const char *login_cookie_name(const struct req *);
int	 login_token_make(struct db *, time_t now, long life,
	    char out[SESSION_TOKEN_LEN + 1]);
int	 login_token_valid(struct db *, const char *token, time_t now);

/* throttle.c */
#define THROTTLE_WINDOW		(15 * 60)
#define THROTTLE_USER_FREE	5	/* failures per account before delays start */
#define THROTTLE_USER_MAX_WAIT	(15 * 60)
#define THROTTLE_ADDR_MAX	30	/* failures per address in the window */
#define THROTTLE_KEY_MAX	64	/* an address key: IPv4, an IPv6 /64, or a short name */
void	 throttle_addr_key(const char *addr, char *out, size_t len);
enum throttle_result {
	THROTTLE_RESERVED,	/* go ahead: the attempt is recorded as a failure until it succeeds */
	THROTTLE_WAIT,		/* refused: too many failures; wait "retry_after" seconds */
	THROTTLE_ERROR		/* logged */
};
enum throttle_result throttle_reserve(struct db *, const char *user, const char *addr,
	    time_t now, long *retry_after, int64_t *id);
int	 throttle_succeed(struct db *, int64_t id);
int	 throttle_release(struct db *, int64_t id);

#endif
