/* SPDX-License-Identifier: ISC */
/* test-tables.c: every table indexed by an enum has an entry for each value, so adding a
 * value without its SQL, template, name, setting or role fails here, not at run time. */
#include "config.h"

#include <stdio.h>

#include "meridian.h"
#include "site.h"

#include "harness.h"

static void
check_table(const char *const *t, int n, const char *what)
{
	char	 msg[128];
	int	 i;

	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof(msg), "%s[%d] has an entry", what, i);
		OK(t[i] != NULL && t[i][0] != '\0', msg);
	}
}

int
main(void)
{
	check_table(db_sqls, STMT__MAX, "db_sqls");
	check_table(site_templates, TMPL__MAX, "site_templates");
	check_table(site_names, V__MAX, "site_names");
	check_table(settings_keys, SET__MAX, "settings_keys");
	check_table(role_names, ROLE__MAX, "role_names");
	return harness_done("test-tables");
}
