/* SPDX-License-Identifier: ISC */
/* password.c: password hashing with argon2id through libsodium's crypto_pwhash_str. The cost
 * is "interactive" (libsodium's recommendation for logins) unless the configuration lowers it
 * for tests ("minimal", which no production config should use). */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "meridian.h"
#include "util.h"

static unsigned long long	 pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t			 pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

/* Chooses the cost of new hashes. Returns 0, or -1 for an unknown level. */
int
password_set_cost(const char *level)
{
	if (level == NULL || strcmp(level, "interactive") == 0) {
		pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (strcmp(level, "moderate") == 0) {
		pw_ops = crypto_pwhash_OPSLIMIT_MODERATE;
		pw_mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (strcmp(level, "minimal") == 0) {
		pw_ops = crypto_pwhash_OPSLIMIT_MIN;
		pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	} else
		return -1;
	return 0;
}

/* Hashes "pw" into "out" (an encoded argon2id string). Returns 0, or -1 (out of memory). */
int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	char	 h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str_alg(h, pw, strlen(pw), pw_ops, pw_mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_warnx("%s: out of memory", __func__);
		return -1;
	}
	if (strlen(h) >= PASSWORD_HASH_MAX)
		return -1;
	strcpy(out, h);
	return 0;
}

/* Returns 1 if "pw" matches "hash", else 0. Always does the full argon2 work. */
int
password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/*
 * Does the work of one verification without an account, so an unknown user name takes as
 * long as a wrong password and the answer gives nothing away.
 */
void
password_burn(const char *pw)
{
	static char	 dummy[PASSWORD_HASH_MAX];

	if (dummy[0] == '\0' && password_hash("meridian-dummy-password", dummy) == -1)
		return;
	(void)password_verify(dummy, pw);
}
