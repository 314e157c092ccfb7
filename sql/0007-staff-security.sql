-- 0007-staff-security.sql: the site's own secret keys (the login form's CSRF token is an HMAC
-- under one, so the server recognises the tokens it issued), and a display name for each
-- staff account, published as an article's author instead of the login name.
-- SPDX-License-Identifier: ISC

-- Random keys made here, once per site; never shown, exported or sent anywhere.
CREATE TABLE site_secrets (
	name		TEXT PRIMARY KEY,
	value		BLOB NOT NULL CHECK (length(value) = 32)
);
INSERT INTO site_secrets (name, value) VALUES ('login_csrf', randomblob(32));

-- What readers see as the author; '' means not set (the editor then leaves author empty).
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
