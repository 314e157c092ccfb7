/* SPDX-License-Identifier: ISC */
/* route.c: the static route table {pattern, methods, handler} and its matcher. 404 and 405
 * are decided here, in one place. Order matters: the catch-all static page route is last. */
#include "config.h"

#include <string.h>

#include "route.h"

const struct route routes[] = {
	{ "/",				ROUTE_GET,	site_home, ROUTE_KEPT },
	{ "/_health",			ROUTE_GET,	site_health, 0 },
	{ "/articles/{slug}",		ROUTE_GET,	site_article, ROUTE_KEPT },
	{ "/topics/",			ROUTE_GET,	site_topics, 0 },
	{ "/topics/{slug}",		ROUTE_GET,	site_topic, ROUTE_KEPT },
	{ "/topics/{slug}/feed.xml",	ROUTE_GET,	site_topic_feed, ROUTE_KEPT },
	{ "/search",			ROUTE_GET,	site_search, 0 },
	{ "/feed.xml",			ROUTE_GET,	site_feed, 0 },
	{ "/sitemap.xml",		ROUTE_GET,	site_sitemap, 0 },
	{ "/robots.txt",		ROUTE_GET,	site_robots, 0 },
	{ "/media/{id}/{name}",		ROUTE_GET,	site_media, 0 },
	{ "/admin/login",		ROUTE_GET | ROUTE_POST, admin_login, ROUTE_LOGIN },
	{ "/admin/login/mfa",		ROUTE_GET | ROUTE_POST, admin_login_mfa, ROUTE_MFA_STEP },
	{ "/admin/logout",		ROUTE_POST,	admin_logout,
	    ROUTE_ADMIN | ROUTE_MFA_OPEN },
	{ "/admin/mfa",			ROUTE_GET | ROUTE_POST, admin_mfa,
	    ROUTE_ADMIN | ROUTE_MFA_OPEN },
	{ "/admin/",			ROUTE_GET,	admin_dashboard, ROUTE_ADMIN },
	{ "/admin/articles",		ROUTE_GET,	admin_articles,	ROUTE_ADMIN },
	{ "/admin/articles/new",	ROUTE_GET | ROUTE_POST, admin_article_new,
	    ROUTE_ADMIN | ROUTE_CARRY },
	{ "/admin/articles/{id}",	ROUTE_GET | ROUTE_POST, admin_article_edit,
	    ROUTE_ADMIN | ROUTE_CARRY },
	{ "/admin/articles/{id}/preview", ROUTE_GET | ROUTE_POST, admin_article_preview,
	    ROUTE_ADMIN },
	{ "/admin/articles/{id}/live",	ROUTE_POST,	admin_article_live, ROUTE_ADMIN },
	{ "/admin/articles/{id}/autosave", ROUTE_POST,	admin_article_autosave, ROUTE_ADMIN },
	{ "/admin/articles/{id}/revisions", ROUTE_GET, admin_revisions, ROUTE_ADMIN },
	{ "/admin/articles/{id}/revisions/{rev}", ROUTE_GET, admin_revision_view,
	    ROUTE_ADMIN },
	{ "/admin/articles/{id}/revisions/{rev}/restore", ROUTE_POST, admin_revision_restore,
	    ROUTE_ADMIN },
	{ "/admin/articles/{id}/trash",	ROUTE_POST,	admin_article_trash, ROUTE_ADMIN },
	{ "/admin/articles/{id}/restore", ROUTE_POST,	admin_article_restore, ROUTE_ADMIN },
	{ "/admin/trash/empty",		ROUTE_POST,	admin_trash_empty, ROUTE_ADMIN },
	{ "/admin/media",		ROUTE_GET | ROUTE_POST, admin_media,
	    ROUTE_ADMIN | ROUTE_UPLOAD },
	{ "/admin/media/{id}",		ROUTE_POST,	admin_media_item, ROUTE_ADMIN },
	{ "/admin/settings",		ROUTE_GET | ROUTE_POST, admin_settings,
	    ROUTE_ADMIN | ROUTE_ROLE_ADMIN },
	{ "/admin/users",		ROUTE_GET | ROUTE_POST, admin_users,
	    ROUTE_ADMIN | ROUTE_ROLE_ADMIN },
	{ "/admin/password",		ROUTE_GET | ROUTE_POST, admin_password, ROUTE_ADMIN },
	{ "/admin/redirects",		ROUTE_GET | ROUTE_POST, admin_redirects, ROUTE_ADMIN },
	{ "/admin/audit",		ROUTE_GET,	admin_audit,
	    ROUTE_ADMIN | ROUTE_ROLE_ADMIN },
	{ "/{slug}",			ROUTE_GET,	site_page, ROUTE_KEPT },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/*
 * Matches "path" against one pattern; a {name} matches one non-empty segment (no '/'),
 * copied into the next of "caps". Returns 1 on a match, 0 otherwise (also when a capture
 * is too long).
 */
static int
route_match_one(const char *pat, const char *path,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN])
{
	const char	*end;
	size_t		 n;
	int		 ncap = 0;

	while (*pat != '\0') {
		if (*pat == '{') {
			pat = strchr(pat, '}');
			if (pat == NULL)
				return 0;
			pat++;
			end = strchr(path, '/');
			n = end ? (size_t)(end - path) : strlen(path);
			if (n == 0 || n + 1 > ROUTE_CAP_LEN || ncap == ROUTE_MAX_CAPS)
				return 0;
			memcpy(caps[ncap], path, n);
			caps[ncap++][n] = '\0';
			path += n;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *path == '\0';
}

/*
 * Finds the route for "path" and "m". Returns ROUTE_FOUND with "*out" and "caps" set,
 * ROUTE_BAD_METHOD if the path exists for other methods (their mask in "allowed"), or
 * ROUTE_NOT_FOUND.
 */
enum route_result
route_match(const char *path, enum method m, const struct route **out,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN], int *allowed)
{
	size_t	 i;
	int	 want;

	switch (m) {
	case METHOD_GET:
	case METHOD_HEAD:
		want = ROUTE_GET;
		break;
	case METHOD_POST:
		want = ROUTE_POST;
		break;
	default:
		want = 0;
		break;
	}
	*allowed = 0;
	for (i = 0; i < routes_count; i++) {
		caps[0][0] = caps[1][0] = '\0';
		if (!route_match_one(routes[i].pattern, path, caps))
			continue;
		if (routes[i].methods & want) {
			*out = &routes[i];
			return ROUTE_FOUND;
		}
		*allowed |= routes[i].methods;
	}
	return *allowed ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
