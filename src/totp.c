/* totp.c: TOTP codes (RFC 6238) through liboath, which does the HMAC-SHA1, the truncation and
 * the base32 of the secrets; here are only the policy (which steps count, replay) and the
 * parsers for what staff type, kept strict because they read network input.
 * SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "totp.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* liboath wants oath_init() before use; once per process. Returns 0 or -1. */
int
totp_init(void)
{
	static int	 done;

	if (done)
		return 0;
	if (oath_init() != OATH_OK)
		return -1;
	done = 1;
	return 0;
}

/*
 * "n" random bytes as base32 without padding (n a multiple of 5) into "out", which holds
 * "outlen" bytes. Returns the length, or -1.
 */
static int
totp_random_b32(size_t n, char *out, size_t outlen)
{
	unsigned char	 raw[TOTP_KEY_MAX];
	char		*b32 = NULL;
	size_t		 len = 0;
	int		 rc = -1;

	if (n > sizeof(raw) || n % 5 != 0 || totp_init() == -1)
		return -1;
	randombytes_buf(raw, n);
	if (oath_base32_encode((const char *)raw, n, &b32, &len) == OATH_OK &&
	    len < outlen) {
		memcpy(out, b32, len);
		out[len] = '\0';
		rc = (int)len;
	}
	sodium_memzero(raw, sizeof(raw));
	if (b32 != NULL) {
		sodium_memzero(b32, len);
		free(b32);
	}
	return rc;
}

/* A new random secret of TOTP_KEY_LEN bytes, as base32 without padding. Returns 0 or -1. */
int
totp_secret_new(char out[TOTP_SECRET_MAX + 1])
{
	return totp_random_b32(TOTP_KEY_LEN, out, TOTP_SECRET_MAX + 1) == -1 ? -1 : 0;
}

/*
 * Decodes a stored secret: base32 letters A-Z and 2-7 only, '=' padding only at the end, 16
 * to TOTP_SECRET_MAX characters (10 to TOTP_KEY_MAX bytes). Strict, where liboath would skip
 * spaces, so a secret has one spelling. Returns 0 with "key" and "keylen" set, or -1.
 */
int
totp_secret_parse(const char *b32, unsigned char key[TOTP_KEY_MAX], size_t *keylen)
{
	size_t	 n = strlen(b32), letters;
	char	*out = NULL;
	size_t	 outlen = 0;
	int	 rc = -1;

	if (n < 16 || n > TOTP_SECRET_MAX)
		return -1;
	letters = strspn(b32, b32_alphabet);
	if (letters < 16 || strspn(b32 + letters, "=") != n - letters || n - letters > 6)
		return -1;
	if (totp_init() == -1)
		return -1;
	if (oath_base32_decode(b32, n, &out, &outlen) == OATH_OK && outlen >= 10 &&
	    outlen <= TOTP_KEY_MAX) {
		memcpy(key, out, outlen);
		*keylen = outlen;
		rc = 0;
	}
	if (out != NULL) {
		sodium_memzero(out, outlen);
		free(out);
	}
	return rc;
}

/* The RFC 6238 time step of "now" (T0 = 0, X = TOTP_STEP); a clock before 1970 is step 0. */
long long
totp_step(time_t now)
{
	return now < 0 ? 0 : (long long)(now / TOTP_STEP);
}

/* The code of time step "step" with "digits" digits (6 to 8) into "out". Returns 0 or -1. */
int
totp_code(const unsigned char *key, size_t keylen, long long step, unsigned digits, char *out)
{
	if (step < 0 || digits < 6 || digits > 8 || totp_init() == -1)
		return -1;
	return oath_totp_generate((const char *)key, keylen,
	    (time_t)(step * TOTP_STEP), TOTP_STEP, 0, digits, out) == OATH_OK ? 0 : -1;
}

/*
 * Checks a TOTP_DIGITS-digit "code" against the steps within TOTP_WINDOW of "now" that are
 * later than "after_step" (the last step accepted: a code works once, and never one older
 * than it). Compared in constant time. Returns 1 with "matched" set, 0 if no step matches,
 * -1 on error.
 */
int
totp_verify(const unsigned char *key, size_t keylen, time_t now, const char *code,
    long long after_step, long long *matched)
{
	char		 want[TOTP_DIGITS + 1];
	long long	 s, cur = totp_step(now);
	int		 found = 0;

	if (strlen(code) != TOTP_DIGITS)
		return 0;
	for (s = cur - TOTP_WINDOW; s <= cur + TOTP_WINDOW; s++) {
		if (s <= after_step || s < 0)
			continue;
		if (totp_code(key, keylen, s, TOTP_DIGITS, want) == -1)
			return -1;
		if (sodium_memcmp(want, code, TOTP_DIGITS) == 0 && !found) {
			*matched = s;
			found = 1;
		}
	}
	sodium_memzero(want, sizeof(want));
	return found;
}

/*
 * Reads what someone typed into the code field: spaces and hyphens are dropped (apps show
 * "123 456", recovery codes are printed in groups), letters are taken in either case.
 * Returns TOTP_INPUT_CODE with the digits in "out", TOTP_INPUT_RECOVERY with the code in
 * upper case in "out", or TOTP_INPUT_BAD ("out" empty).
 */
enum totp_input
totp_parse_input(const char *in, char out[TOTP_INPUT_MAX + 1])
{
	size_t	 i, n = 0, digits = 0, b32 = 0;
	char	 ch;

	out[0] = '\0';
	if (strlen(in) > TOTP_INPUT_MAX)
		return TOTP_INPUT_BAD;
	for (i = 0; in[i] != '\0'; i++) {
		ch = in[i];
		if (ch == ' ' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch >= '0' && ch <= '9')
			digits++;
		if (strchr(b32_alphabet, ch) != NULL)
			b32++;
		else if (!(ch >= '0' && ch <= '9'))
			goto bad;
		out[n++] = ch;
	}
	out[n] = '\0';
	if (n == TOTP_DIGITS && digits == n)
		return TOTP_INPUT_CODE;
	if (n == TOTP_RECOVERY_CHARS && b32 == n)
		return TOTP_INPUT_RECOVERY;
bad:
	out[0] = '\0';
	return TOTP_INPUT_BAD;
}

/*
 * A new recovery code as shown to staff: TOTP_RECOVERY_CHARS random base32 letters in lower
 * case, in groups of four joined by hyphens. Returns 0 or -1.
 */
int
totp_recovery_new(char shown[TOTP_RECOVERY_SHOWN + 1])
{
	char	 b32[TOTP_RECOVERY_CHARS + 1];
	size_t	 i, j = 0;

	if (totp_random_b32(TOTP_RECOVERY_CHARS * 5 / 8, b32, sizeof(b32)) !=
	    TOTP_RECOVERY_CHARS)
		return -1;
	for (i = 0; i < TOTP_RECOVERY_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			shown[j++] = '-';
		shown[j++] = (char)(b32[i] >= 'A' && b32[i] <= 'Z' ? b32[i] - 'A' + 'a' : b32[i]);
	}
	shown[j] = '\0';
	sodium_memzero(b32, sizeof(b32));
	return 0;
}

/*
 * The stored form of a recovery code (as totp_parse_input() normalised it): BLAKE2b. Its 80
 * random bits make a slow password hash unnecessary, and a login can then look it up.
 */
void
totp_recovery_hash(const char *normalised, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)normalised, strlen(normalised),
	    NULL, 0);
}
