-- 0006-mfa.sql: two-factor sign-in (TOTP, RFC 6238) for staff accounts: each account's secret
-- and the newest time step a code was accepted for, its one-time recovery codes, and logins
-- that passed the password and wait for their second step.
-- SPDX-License-Identifier: ISC

-- One row per account that has started enrolling; enabled only once a code confirmed it.
CREATE TABLE user_mfa (
	user_id		INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret		TEXT NOT NULL,		-- the TOTP key, base32 (RFC 4648), as the app has it
	enabled		INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),	-- 0 while enrolling
	last_step	INTEGER NOT NULL DEFAULT 0,	-- newest 30 s step a code was accepted for:
						-- no code of that step or an earlier one works again
	created_at	INTEGER NOT NULL	-- when enrolment started
);

-- Recovery codes: only a hash of each (BLAKE2b of 80 random bits); a used one is deleted.
CREATE TABLE mfa_recovery (
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash	BLOB NOT NULL,
	PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A login whose password was right, waiting for its code: no session exists yet. The cookie
-- holds the token; only its hash is here. Single use, and it dies at expires_at.
CREATE TABLE mfa_pending (
	token_hash	BLOB PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token	TEXT NOT NULL,		-- the second step's form token
	expires_at	INTEGER NOT NULL
);
CREATE INDEX mfa_pending_user ON mfa_pending (user_id);
