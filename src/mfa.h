/* SPDX-License-Identifier: ISC */
/* mfa.h: two-factor sign-in: each account's TOTP secret and last used step, its recovery
 * codes, the logins waiting for their second step, and the mfa_required policy. */
#ifndef MERIDIAN_MFA_H
#define MERIDIAN_MFA_H

#include <stdint.h>
#include <time.h>

#include "session.h"
#include "totp.h"

#define MFA_RECOVERY_COUNT	10
#define MFA_PENDING_LIFE	(5 * 60)	/* seconds to type the code after the password */
#define MFA_COOKIE_HTTPS	"__Host-meridian_mfa"
#define MFA_COOKIE_HTTP		"meridian_mfa"

struct mfa {
	char		 secret[TOTP_SECRET_MAX + 1];
	int		 enabled;
	long long	 last_step;
};

/* A login that passed its password and waits for a code. */
struct mfa_pending {
	unsigned char	 hash[32];
	int64_t		 user_id;
	char		 user[65];
	enum role	 role;
	char		 csrf[SESSION_TOKEN_LEN + 1];
};

/* How a code was accepted, for the audit log. */
enum mfa_how {
	MFA_WRONG,
	MFA_BY_CODE,
	MFA_BY_RECOVERY
};

/* mfa_store.c */
int	 mfa_load(struct db *, int64_t user_id, struct mfa *);
int	 mfa_store_secret(struct db *, int64_t user_id, const char *secret, time_t now);
int	 mfa_store_step(struct db *, int64_t user_id, long long step, int enabling);
int	 mfa_recovery_clear(struct db *, int64_t user_id);
int	 mfa_recovery_add(struct db *, int64_t user_id, const unsigned char hash[32]);
int	 mfa_recovery_spend(struct db *, int64_t user_id, const unsigned char hash[32]);
int	 mfa_recovery_left(struct db *, int64_t user_id, long long *);
int	 mfa_remove(struct db *, int64_t user_id);
int	 mfa_pending_add(struct db *, const unsigned char hash[32], int64_t user_id,
	    const char *csrf, time_t now, time_t expires);
int	 mfa_pending_get(struct db *, time_t now, struct mfa_pending *);
int	 mfa_pending_use(struct db *, const struct mfa_pending *, time_t now);

/* mfa.c */
int	 mfa_start(struct db *, int64_t user_id, time_t now, struct mfa *);
int	 mfa_confirm(struct db *, int64_t user_id, const char *input, time_t now,
	    char codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1]);
int	 mfa_recovery_renew(struct db *, int64_t user_id,
	    char codes[MFA_RECOVERY_COUNT][TOTP_RECOVERY_SHOWN + 1]);
int	 mfa_check(struct db *, int64_t user_id, const char *input, time_t now,
	    enum mfa_how *);
int	 mfa_required_for(const char *setting, enum role);
int	 mfa_must_enrol(struct db *, const char *setting, int64_t user_id, enum role);
const char *mfa_required_validate(const char *);
const char *mfa_cookie_name(const struct req *);
int	 mfa_pending_create(struct db *, int64_t user_id, time_t now,
	    char token[SESSION_TOKEN_LEN + 1]);
int	 mfa_pending_lookup(struct db *, const struct req *, time_t now,
	    struct mfa_pending *);

#endif
