/* SPDX-License-Identifier: ISC */
/* settings.c: the site settings visitors see (title, clinic details, disclaimer), stored in
 * the settings table, with defaults that make a fresh site presentable; and the site's
 * secrets (site_secrets), which nobody sees. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checks.h"
#include "meridian.h"
#include "mfa.h"
#include "util.h"

const char *const settings_keys[SET__MAX] = {
	[SET_SITE_TITLE] = "site_title",
	[SET_TAGLINE] = "tagline",
	[SET_BASE_URL] = "base_url",
	[SET_LANGUAGE] = "language",
	[SET_TIMEZONE] = "timezone",
	[SET_CLINIC_NAME] = "clinic_name",
	[SET_CLINIC_ADDRESS] = "clinic_address",
	[SET_CLINIC_PHONE] = "clinic_phone",
	[SET_CLINIC_HOURS] = "clinic_hours",
	[SET_BOOKING_URL] = "booking_url",
	[SET_DISCLAIMER] = "disclaimer",
	[SET_MFA_REQUIRED] = "mfa_required",
	[SET_CHECK_CLAIMS] = "check_claims",
	[SET_CHECK_READABILITY] = "check_readability",
	[SET_CHECK_ACCESSIBILITY] = "check_accessibility",
	[SET_CLAIMS_LIST] = "claims_list",
	[SET_READING_AGE] = "reading_age",
	[SET_CHECK_REVIEW] = "check_review",
};

static const char *const settings_defaults[SET__MAX] = {
	[SET_SITE_TITLE] = "Meridian",
	[SET_TAGLINE] = "Articles from our clinic",
	[SET_BASE_URL] = "http://localhost:8080",
	[SET_LANGUAGE] = "en",
	[SET_TIMEZONE] = "UTC",
	[SET_CLINIC_NAME] = "Our clinic",
	[SET_CLINIC_ADDRESS] = "",
	[SET_CLINIC_PHONE] = "",
	[SET_CLINIC_HOURS] = "",
	[SET_BOOKING_URL] = "",
	/* In parentheses: clang warns of a concatenation inside an array's initialiser. */
	[SET_DISCLAIMER] = ("This article is general information, not medical advice. "
	    "Please talk to a qualified practitioner about your own health."),
	[SET_MFA_REQUIRED] = "off",
	[SET_CHECK_CLAIMS] = "on",
	[SET_CHECK_READABILITY] = "on",
	[SET_CHECK_ACCESSIBILITY] = "on",
	[SET_CLAIMS_LIST] = NULL,	/* checks_default_claims, set in settings_load */
	[SET_READING_AGE] = "11",
	[SET_CHECK_REVIEW] = "on",
};

int
settings_key(const char *key)
{
	int	 i;

	for (i = 0; i < SET__MAX; i++)
		if (strcmp(key, settings_keys[i]) == 0)
			return i;
	return -1;
}

/* Checks a value for setting "key"; returns NULL, or the reason it is refused. */
const char *
settings_validate(int key, const char *v)
{
	size_t	 n = strlen(v);

	if (n > 4000 || !util_utf8_valid(v, n))
		return "A setting may hold at most 4000 characters of text.";
	switch (key) {
	case SET_BASE_URL:
		if ((strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) ||
		    (n > 0 && v[n - 1] == '/') || strpbrk(v, " \"<>'") != NULL)
			return "The base URL must start with https:// (or http://), "
			    "hold no spaces or quotes, and not end with a slash.";
		break;
	case SET_BOOKING_URL:
		if (n > 0 && ((strncmp(v, "https://", 8) != 0 &&
		    strncmp(v, "http://", 7) != 0) || strpbrk(v, " \"<>'") != NULL))
			return "The booking link must be an https:// (or http://) "
			    "address, or empty.";
		break;
	case SET_TIMEZONE:
		if (n == 0 || strstr(v, "..") != NULL || v[0] == '/' ||
		    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789/_+-") != n)
			return "The time zone must be a name such as Europe/London.";
		break;
	case SET_LANGUAGE:
		if (n == 0 || n > 35 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
			return "The language must be a code such as en or en-GB.";
		break;
	case SET_SITE_TITLE:
	case SET_CLINIC_NAME:
		if (n == 0)
			return "The site title and clinic name may not be empty.";
		break;
	case SET_MFA_REQUIRED:
		return mfa_required_validate(v);
	case SET_CHECK_CLAIMS:
	case SET_CHECK_READABILITY:
	case SET_CHECK_ACCESSIBILITY:
	case SET_CHECK_REVIEW:
		if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
			return "A check is either on or off.";
		break;
	case SET_CLAIMS_LIST:
		return checks_claims_validate(v);
	case SET_READING_AGE:
		if (n == 0 || n > 2 || strspn(v, "0123456789") != n || atoi(v) < 6 ||
		    atoi(v) > 21)
			return "The target reading age must be a whole number from 6 to 21.";
		break;
	default:
		break;
	}
	return NULL;
}

/* Loads every setting, defaults first. Returns 0 or -1; free with settings_free either way. */
int
settings_load(struct db *db, struct settings *s)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_SETTINGS_ALL);
	int		 i, rc;

	for (i = 0; i < SET__MAX; i++)
		s->v[i] = xstrdup(settings_defaults[i] != NULL ? settings_defaults[i] :
		    i == SET_CLAIMS_LIST ? checks_default_claims : "");
	while ((rc = db_step(st, __func__)) == 1) {
		const char *k = (const char *)sqlite3_column_text(st, 0);

		if (k == NULL || (i = settings_key(k)) < 0)
			continue;
		free(s->v[i]);
		s->v[i] = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* Whether setting "key" still has its default value (base_url: nobody said where it lives). */
int
settings_is_default(const struct settings *s, int key)
{
	return strcmp(s->v[key], settings_defaults[key]) == 0;
}

void
settings_free(struct settings *s)
{
	int	 i;

	for (i = 0; i < SET__MAX; i++) {
		free(s->v[i]);
		s->v[i] = NULL;
	}
}

/* Sets one known key in its own statement (autocommit). Returns 0, or -1 (logged). */
int
settings_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (settings_key(key) < 0) {
		log_warnx("unknown setting '%s'", key);
		return -1;
	}
	st = db_stmt(db, STMT_SETTING_SET);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return 0;
}

/*
 * Copies the site secret "name" (random bytes made by a migration, never shown) into "out".
 * Lookup: 1, 0 when there is none or it is not "len" bytes long, -1 on an error (logged).
 */
int
settings_secret(struct db *db, const char *name, unsigned char *out, size_t len)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_SITE_SECRET_GET);
	int		 rc;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = db_step(st, __func__)) == 1) {
		if ((size_t)sqlite3_column_bytes(st, 0) == len)
			memcpy(out, sqlite3_column_blob(st, 0), len);
		else
			rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}
