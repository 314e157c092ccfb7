/* throttle.c: login throttling per account and per address. After THROTTLE_USER_FREE failed
 * attempts on an account since its last success, each further attempt must wait twice as long
 * as the one before (2 s, 4 s, ... up to THROTTLE_USER_MAX_WAIT); an address with
 * THROTTLE_ADDR_MAX failures in THROTTLE_WINDOW waits for the window to pass. A throttled
 * attempt is answered before any password hashing, so an attacker cannot make the server
 * do argon2 work faster than the throttle allows. */
#include "config.h"

#include <sqlite3.h>

#include "session.h"
#include "util.h"

static int
throttle_query(struct db *db, enum stmt which, const char *key, time_t since,
    long long *count, long long *at)
{
	sqlite3_stmt	*st = db_stmt(db, which);
	int		 rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return 0;
}

/*
 * Decides whether a login attempt for "user" from "addr" may be evaluated now.
 * Returns 0 (go ahead), 1 (throttled: "retry_after" seconds to wait), or -1 on error.
 */
int
throttle_check(struct db *db, const char *user, const char *addr, time_t now,
    long *retry_after)
{
	long long	 n, last, first, wait;

	if (throttle_query(db, STMT_ATTEMPT_ADDR_FAILS, addr, now - THROTTLE_WINDOW,
	    &n, &first) == -1)
		return -1;
	if (n >= THROTTLE_ADDR_MAX) {
		*retry_after = (long)(first + THROTTLE_WINDOW - now);
		if (*retry_after < 1)
			*retry_after = 1;
		return 1;
	}
	/*
	 * Every failure since the last success counts, back to a day (throttle_record() forgets
	 * older ones). A window of twice the longest wait let the count fall back under
	 * THROTTLE_USER_FREE while an attacker sat out the longest waits, which restarted
	 * the doubling: 20 guesses an hour instead of 4 (tests/e2e/auth-abuse.sh).
	 */
	if (throttle_query(db, STMT_ATTEMPT_USER_FAILS, user, now - 86400, &n, &last) == -1)
		return -1;
	if (n < THROTTLE_USER_FREE)
		return 0;
	wait = 1LL << (n - THROTTLE_USER_FREE + 1 < 20 ? n - THROTTLE_USER_FREE + 1 : 20);
	if (wait > THROTTLE_USER_MAX_WAIT)
		wait = THROTTLE_USER_MAX_WAIT;
	if (now < last + wait) {
		*retry_after = (long)(last + wait - now);
		return 1;
	}
	return 0;
}

/* Records an evaluated attempt and forgets attempts older than a day. Returns 0 or -1. */
int
throttle_record(struct db *db, const char *user, const char *addr, time_t now, int ok)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_stmt(db, STMT_ATTEMPT_INSERT);
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	sqlite3_bind_int(st, 4, ok);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	st = db_stmt(db, STMT_ATTEMPT_PURGE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - 86400));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
	return -1;
}
