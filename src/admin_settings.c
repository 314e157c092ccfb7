/* SPDX-License-Identifier: ISC */
/* admin_settings.c: the site settings form (admins only): every key of settings.c, saved in
 * one transaction with an audit line. */
#include "config.h"

#include <string.h>

#include "admin.h"
#include "tmpl.h"
#include "util.h"

static const struct {
	const char	*label;
	const char	*help;
	int		 longtext;
} settings_form[SET__MAX] = {
	[SET_SITE_TITLE] = { "Site title", "Shown in the header and in browser tabs.", 0 },
	[SET_TAGLINE] = { "Tagline", "One line under the title.", 0 },
	[SET_BASE_URL] = { "Base URL", "The site's address, e.g. https://clinic.example, "
	    "without a trailing slash.", 0 },
	[SET_LANGUAGE] = { "Language", "The pages' language code, e.g. en or en-GB.", 0 },
	[SET_TIMEZONE] = { "Time zone", "e.g. Europe/London; dates and schedules use it.", 0 },
	[SET_CLINIC_NAME] = { "Clinic name", NULL, 0 },
	[SET_CLINIC_ADDRESS] = { "Clinic address", NULL, 0 },
	[SET_CLINIC_PHONE] = { "Telephone", NULL, 0 },
	[SET_CLINIC_HOURS] = { "Opening hours", "e.g. Mo-Fr 09:00-18:00", 0 },
	[SET_BOOKING_URL] = { "Booking link",
	    "Where the Book a visit button leads; empty hides it.", 0 },
	[SET_DISCLAIMER] = { "Disclaimer", "Shown under every article.", 1 },
	[SET_MFA_REQUIRED] = { "Two-factor sign-in required", "off, admins or everyone: "
	    "who must set up a code app before using the staff pages.", 0 },
	[SET_CHECK_CLAIMS] = { "Check health claims", "on or off: the editor flags the "
	    "phrases of the claims list below.", 0 },
	[SET_CHECK_READABILITY] = { "Check readability", "on or off: reading ease, reading "
	    "age and long sentences.", 0 },
	[SET_CHECK_ACCESSIBILITY] = { "Check accessibility", "on or off: heading levels, "
	    "alt text, link text, capitals.", 0 },
	[SET_CLAIMS_LIST] = { "Claims to flag", "one a line: the phrase, a | and the reason "
	    "shown to the writer.", 1 },
	[SET_READING_AGE] = { "Target reading age", "in years; 11 is what UK public-health "
	    "writing aims at.", 0 },
	[SET_CHECK_REVIEW] = { "Check medical review", "on or off: a changed article "
	    "without a reviewer, a review older than the change, no next review date.", 0 },
};

static int
settings_page(struct ctx *c, int status, const char *error, int from_form)
{
	struct tmpl_scope	*sc, *f;
	int			 i, rc;

	sc = admin_scope(c, "Settings");
	tmpl_set_str(sc, V_FORM_ERROR, error);
	for (i = 0; i < SET__MAX; i++) {
		f = tmpl_list_add(sc, V_FIELDS);
		tmpl_set_str(f, V_FIELD_KEY, settings_keys[i]);
		tmpl_set_str(f, V_FIELD_LABEL, settings_form[i].label);
		tmpl_set_str(f, V_FIELD_HELP, settings_form[i].help);
		tmpl_set_bool(f, V_FIELD_LONG, settings_form[i].longtext);
		tmpl_set_str(f, V_FIELD_VALUE, from_form ?
		    admin_field(c, settings_keys[i]) : c->site->settings.v[i]);
	}
	rc = admin_render(c, TMPL_ADMIN_SETTINGS, sc, status);
	tmpl_scope_free(sc);
	return rc;
}

int
admin_settings(struct ctx *c)
{
	struct db	*db = &c->site->db;
	const char	*why;
	int		 i;

	if (c->req->method != METHOD_POST)
		return settings_page(c, 200, NULL, 0);
	for (i = 0; i < SET__MAX; i++)
		if ((why = settings_validate(i, admin_field(c, settings_keys[i]))) != NULL)
			return settings_page(c, 400, why, 1);
	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < SET__MAX; i++)
		if (settings_set(db, settings_keys[i], admin_field(c, settings_keys[i])) == -1)
			goto fail;
	if (post_audit(db, c->now, c->session->user, "settings", "", "") == -1 ||
	    db_commit(db) == -1)
		goto fail;
	return admin_see_other(c, "/admin/settings?done=settings");
fail:
	db_rollback(db);
	return -1;
}
