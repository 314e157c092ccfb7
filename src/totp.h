/* totp.h: time-based one-time codes (TOTP, RFC 6238, HMAC-SHA1 as authenticator apps use by
 * default) computed by liboath, their secrets, and the parsers for what staff type in.
 * SPDX-License-Identifier: ISC */
#ifndef MERIDIAN_TOTP_H
#define MERIDIAN_TOTP_H

#include <stddef.h>
#include <time.h>

#define TOTP_KEY_LEN		20	/* bytes of a new secret: 160 bits, RFC 4226's advice */
#define TOTP_KEY_MAX		64	/* bytes of a secret we accept */
#define TOTP_SECRET_MAX		104	/* base32 characters of TOTP_KEY_MAX bytes, with padding */
#define TOTP_STEP		30	/* seconds per code */
#define TOTP_DIGITS		6
#define TOTP_WINDOW		1	/* steps either side of now that are accepted */
#define TOTP_RECOVERY_CHARS	16	/* base32 characters of a recovery code: 80 bits */
#define TOTP_RECOVERY_SHOWN	(TOTP_RECOVERY_CHARS + TOTP_RECOVERY_CHARS / 4 - 1)
#define TOTP_INPUT_MAX		64	/* bytes of a typed code, spaces and hyphens included */

/* What a typed code turned out to be. */
enum totp_input {
	TOTP_INPUT_BAD,		/* neither: empty, too long, or a stray character */
	TOTP_INPUT_CODE,	/* TOTP_DIGITS digits */
	TOTP_INPUT_RECOVERY	/* a recovery code, normalised to upper case without hyphens */
};

/* totp.c */
int	 totp_init(void);
int	 totp_secret_new(char out[TOTP_SECRET_MAX + 1]);
int	 totp_secret_parse(const char *b32, unsigned char key[TOTP_KEY_MAX], size_t *keylen);
long long totp_step(time_t now);
int	 totp_code(const unsigned char *key, size_t keylen, long long step, unsigned digits,
	    char *out);
int	 totp_verify(const unsigned char *key, size_t keylen, time_t now, const char *code,
	    long long after_step, long long *matched);
enum totp_input totp_parse_input(const char *in, char out[TOTP_INPUT_MAX + 1]);
int	 totp_recovery_new(char shown[TOTP_RECOVERY_SHOWN + 1]);
void	 totp_recovery_hash(const char *normalised, unsigned char out[32]);

#endif
