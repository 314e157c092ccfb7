/* SPDX-License-Identifier: ISC */
/* throttle.c: login throttling per account and per address. After THROTTLE_USER_FREE failed
 * attempts on an account since its last success, each further attempt must wait twice as long
 * as the one before (2 s, 4 s, ... up to THROTTLE_USER_MAX_WAIT); an address with
 * THROTTLE_ADDR_MAX failures in THROTTLE_WINDOW waits for the window to pass. An attempt is
 * reserved (checked and recorded as a failure in one write transaction) before any password
 * hashing, so parallel requests cannot all pass the check while argon2 runs: the server does
 * no more argon2 work than the throttle allows. An IPv6 address counts by its /64. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

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
 * The key an address is counted under: an IPv6 address by its /64 (one subscriber or host
 * commonly holds a whole /64, so a key per address would give it unlimited tries), an IPv4
 * address (also written IPv4-mapped, ::ffff:a.b.c.d) as itself, anything else verbatim.
 */
void
throttle_addr_key(const char *addr, char *out, size_t len)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;
	char		 s[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, addr, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			memcpy(&a4, a6.s6_addr + 12, 4);
			if (inet_ntop(AF_INET, &a4, s, sizeof(s)) != NULL) {
				snprintf(out, len, "%s", s);
				return;
			}
		}
		memset(a6.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &a6, s, sizeof(s)) != NULL) {
			snprintf(out, len, "%s/64", s);
			return;
		}
	}
	snprintf(out, len, "%s", addr);
}

/*
 * Decides whether a login attempt for "user" from the address key "addr" may be evaluated
 * now. Returns 0 (go ahead), 1 (throttled: "retry_after" seconds to wait), or -1 on error.
 */
static int
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
	 * Every failure since the last success counts, back to a day (throttle_reserve() forgets
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

/*
 * Reserves one attempt for "user" from "addr": in one BEGIN IMMEDIATE, the throttle is
 * checked and, when the attempt may go ahead, it is recorded as a failure (and attempts older
 * than a day are forgotten), all before the caller hashes anything. Two requests racing
 * cannot both see the old count: the second waits for the first's write and counts it.
 * Returns THROTTLE_RESERVED ("*id" is the attempt, for throttle_succeed() or
 * throttle_release()), THROTTLE_WAIT ("retry_after" seconds to wait, nothing recorded), or
 * THROTTLE_ERROR (logged).
 */
enum throttle_result
throttle_reserve(struct db *db, const char *user, const char *addr, time_t now,
    long *retry_after, int64_t *id)
{
	sqlite3_stmt	*st;
	char		 key[THROTTLE_KEY_MAX];
	int		 rc;

	throttle_addr_key(addr, key, sizeof(key));
	if (db_begin(db) == -1)
		return THROTTLE_ERROR;
	if ((rc = throttle_check(db, user, key, now, retry_after)) != 0)
		goto out;
	rc = -1;
	st = db_stmt(db, STMT_ATTEMPT_INSERT);
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	sqlite3_bind_int(st, 4, 0);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		goto fail;
	}
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(db->conn);
	st = db_stmt(db, STMT_ATTEMPT_PURGE);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - 86400));
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		goto fail;
	}
	sqlite3_reset(st);
	if (db_commit(db) == -1)
		goto out;
	return THROTTLE_RESERVED;
fail:
	log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
out:
	db_rollback(db);
	return rc == 1 ? THROTTLE_WAIT : THROTTLE_ERROR;
}

/* Runs one statement on the reserved attempt "id". Returns 0 or -1. */
static int
throttle_update(struct db *db, enum stmt which, int64_t id)
{
	sqlite3_stmt	*st = db_stmt(db, which);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return 0;
}

/* The reserved attempt was right: it becomes a success, which clears the account's count. */
int
throttle_succeed(struct db *db, int64_t id)
{
	return throttle_update(db, STMT_ATTEMPT_SUCCEED, id);
}

/*
 * The reserved attempt neither failed nor finished the login (a right password that still
 * needs its second factor): it is taken back, so it counts neither way.
 */
int
throttle_release(struct db *db, int64_t id)
{
	return throttle_update(db, STMT_ATTEMPT_RELEASE, id);
}
