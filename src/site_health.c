/* SPDX-License-Identifier: ISC */
/* site_health.c: /_health answers "ok" when the database answers, for monitors and tests. */
#include "config.h"

#include "site.h"

int
site_health(struct ctx *c)
{
	c->resp->content_type = "text/plain; charset=utf-8";
	c->resp->cache_control = "no-store";
	if (db_health(&c->site->db) == -1) {
		c->resp->status = 503;
		buf_puts(&c->resp->body, "database unavailable\n");
		return 0;
	}
	buf_puts(&c->resp->body, "ok\n");
	return 0;
}
