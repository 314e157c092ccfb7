/* SPDX-License-Identifier: ISC */
/* test-route.c: the route table's matcher: captures, 404 and 405 with the allowed methods. */
#include "config.h"

#include <string.h>

#include "harness.h"
#include "route.h"

static enum route_result
match(const char *path, enum method m, const struct route **rt,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN], int *allowed)
{
	*rt = NULL;
	return route_match(path, m, rt, caps, allowed);
}

int
main(void)
{
	char			 caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN], big[400];
	const struct route	*rt;
	int			 allowed;

	INT_EQ(match("/", METHOD_GET, &rt, caps, &allowed), ROUTE_FOUND, "home");
	OK(rt != NULL && rt->handler == site_home, "home handler");
	INT_EQ(match("/", METHOD_HEAD, &rt, caps, &allowed), ROUTE_FOUND, "HEAD is GET");
	INT_EQ(match("/articles/back-pain", METHOD_GET, &rt, caps, &allowed), ROUTE_FOUND,
	    "article");
	STR_EQ(caps[0], "back-pain", "article capture");
	OK(rt->handler == site_article, "article handler");
	INT_EQ(match("/articles/", METHOD_GET, &rt, caps, &allowed), ROUTE_NOT_FOUND,
	    "empty capture is no match");
	INT_EQ(match("/articles/a/b", METHOD_GET, &rt, caps, &allowed), ROUTE_NOT_FOUND,
	    "a capture never spans a slash");
	INT_EQ(match("/media/12/photo.png", METHOD_GET, &rt, caps, &allowed), ROUTE_FOUND,
	    "media");
	STR_EQ(caps[0], "12", "first capture");
	STR_EQ(caps[1], "photo.png", "second capture");
	INT_EQ(match("/about", METHOD_GET, &rt, caps, &allowed), ROUTE_FOUND, "page");
	OK(rt->handler == site_page, "a single segment is a static page");
	INT_EQ(match("/admin/articles/new", METHOD_GET, &rt, caps, &allowed), ROUTE_FOUND,
	    "new before {id}");
	OK(rt->handler == admin_article_new, "new article handler");
	INT_EQ(match("/admin/articles/7/revisions/3/restore", METHOD_POST, &rt, caps,
	    &allowed), ROUTE_FOUND, "two captures");
	STR_EQ(caps[0], "7", "article id");
	STR_EQ(caps[1], "3", "revision id");
	OK((rt->flags & ROUTE_ADMIN) != 0, "restore needs a session");
	INT_EQ(match("/admin/articles/7/revisions/3", METHOD_GET, &rt, caps, &allowed),
	    ROUTE_FOUND, "revision view");
	OK(rt->handler == admin_revision_view && (rt->flags & ROUTE_ADMIN) != 0,
	    "the revision view needs a session");
	INT_EQ(match("/admin/articles/7/revisions/3", METHOD_POST, &rt, caps, &allowed),
	    ROUTE_BAD_METHOD, "the revision view changes nothing: GET only");

	INT_EQ(match("/", METHOD_POST, &rt, caps, &allowed), ROUTE_BAD_METHOD, "POST /");
	INT_EQ(allowed, ROUTE_GET, "/ allows GET only");
	INT_EQ(match("/admin/logout", METHOD_GET, &rt, caps, &allowed), ROUTE_BAD_METHOD,
	    "GET logout");
	INT_EQ(allowed, ROUTE_POST, "logout allows POST only");
	INT_EQ(match("/admin/login", METHOD_OTHER, &rt, caps, &allowed), ROUTE_BAD_METHOD,
	    "PUT login");
	INT_EQ(allowed, ROUTE_GET | ROUTE_POST, "login allows GET and POST");
	INT_EQ(match("/no/such/thing", METHOD_GET, &rt, caps, &allowed), ROUTE_NOT_FOUND,
	    "unknown");
	OK((match("/admin/settings", METHOD_GET, &rt, caps, &allowed) == ROUTE_FOUND) &&
	    (rt->flags & ROUTE_ROLE_ADMIN), "settings are admin-only");

	/* A capture longer than the buffer is no match, never a truncation. */
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	INT_EQ(match(big, METHOD_GET, &rt, caps, &allowed), ROUTE_NOT_FOUND,
	    "an overlong segment");
	return harness_done("route");
}
