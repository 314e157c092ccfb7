/* SPDX-License-Identifier: ISC */
/* login_token.c: the login form's CSRF token: random, with its expiry, and signed (HMAC-SHA256
 * under a secret kept in the site's database), so the server accepts only tokens it issued
 * itself and not yet expired; the form carries it and a cookie holds the same value. */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "session.h"
#include "util.h"

#define LOGIN_NONCE	12	/* random bytes */
#define LOGIN_TAG	16	/* HMAC bytes kept */
#define LOGIN_RAW	(LOGIN_NONCE + 4 + LOGIN_TAG)	/* 32: base64url is 43 characters */

/* The __Host- prefix needs Secure, so plain-HTTP test and demo sites use a plain name. */
const char *
login_cookie_name(const struct req *r)
{
	return r->https ? LOGIN_COOKIE_HTTPS : LOGIN_COOKIE_HTTP;
}

/* Reads the site's login secret (made by the migration). Returns 0 or -1 (logged). */
static int
login_secret(struct db *db, unsigned char key[crypto_auth_hmacsha256_KEYBYTES])
{
	int	 rc = settings_secret(db, "login_csrf", key, crypto_auth_hmacsha256_KEYBYTES);

	if (rc == 0)
		log_warnx("%s: the site has no login secret", __func__);
	return rc == 1 ? 0 : -1;
}

/* The tag of the first LOGIN_NONCE + 4 bytes of "raw", written after them. */
static void
login_sign(const unsigned char key[crypto_auth_hmacsha256_KEYBYTES],
    const unsigned char *raw, unsigned char tag[LOGIN_TAG])
{
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, raw, LOGIN_NONCE + 4, key);
	memcpy(tag, mac, LOGIN_TAG);
	sodium_memzero(mac, sizeof(mac));
}

/* A new token that expires "life" seconds after "now". Returns 0 or -1. */
int
login_token_make(struct db *db, time_t now, long life, char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char	 key[crypto_auth_hmacsha256_KEYBYTES], raw[LOGIN_RAW];
	uint32_t	 exp = (uint32_t)(now + life);

	if (login_secret(db, key) == -1)
		return -1;
	randombytes_buf(raw, LOGIN_NONCE);
	raw[LOGIN_NONCE] = (unsigned char)(exp >> 24);
	raw[LOGIN_NONCE + 1] = (unsigned char)(exp >> 16);
	raw[LOGIN_NONCE + 2] = (unsigned char)(exp >> 8);
	raw[LOGIN_NONCE + 3] = (unsigned char)exp;
	login_sign(key, raw, raw + LOGIN_NONCE + 4);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/*
 * Whether "token" (untrusted: any length, any bytes) is one this site issued and has not
 * expired at "now". Returns 1 (valid), 0 (not), or -1 on error.
 */
int
login_token_valid(struct db *db, const char *token, time_t now)
{
	unsigned char	 key[crypto_auth_hmacsha256_KEYBYTES], raw[LOGIN_RAW];
	unsigned char	 tag[LOGIN_TAG];
	size_t		 n = 0;
	uint32_t	 exp;
	int		 ok;

	if (strlen(token) != SESSION_TOKEN_LEN ||
	    sodium_base642bin(raw, sizeof(raw), token, SESSION_TOKEN_LEN, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != sizeof(raw))
		return 0;
	if (login_secret(db, key) == -1)
		return -1;
	login_sign(key, raw, tag);
	sodium_memzero(key, sizeof(key));
	ok = sodium_memcmp(tag, raw + LOGIN_NONCE + 4, LOGIN_TAG) == 0;
	exp = (uint32_t)raw[LOGIN_NONCE] << 24 | (uint32_t)raw[LOGIN_NONCE + 1] << 16 |
	    (uint32_t)raw[LOGIN_NONCE + 2] << 8 | (uint32_t)raw[LOGIN_NONCE + 3];
	return ok && (time_t)exp > now;
}
