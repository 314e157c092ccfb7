/* route.c: the static route table {pattern, methods, handler} and its matcher. 404 and 405
 * are decided here, in one place. Order matters: the catch-all static page route is last. */
#include "config.h"

#include <string.h>

#include "route.h"

const struct route routes[] = {
	{ "/",				ROUTE_GET,	site_home },
	{ "/_health",			ROUTE_GET,	site_health },
	{ "/articles/{slug}",		ROUTE_GET,	site_article },
	{ "/topics/",			ROUTE_GET,	site_topics },
	{ "/topics/{slug}",		ROUTE_GET,	site_topic },
	{ "/topics/{slug}/feed.xml",	ROUTE_GET,	site_topic_feed },
	{ "/search",			ROUTE_GET,	site_search },
	{ "/feed.xml",			ROUTE_GET,	site_feed },
	{ "/sitemap.xml",		ROUTE_GET,	site_sitemap },
	{ "/robots.txt",		ROUTE_GET,	site_robots },
	{ "/media/{id}/{name}",		ROUTE_GET,	site_media },
	{ "/{slug}",			ROUTE_GET,	site_page },
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
 * ROUTE_BAD_METHOD if the path exists for other methods, or ROUTE_NOT_FOUND.
 */
enum route_result
route_match(const char *path, enum method m, const struct route **out,
    char caps[ROUTE_MAX_CAPS][ROUTE_CAP_LEN])
{
	size_t	 i;
	int	 want, path_seen = 0;

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
	for (i = 0; i < routes_count; i++) {
		caps[0][0] = caps[1][0] = '\0';
		if (!route_match_one(routes[i].pattern, path, caps))
			continue;
		if (routes[i].methods & want) {
			*out = &routes[i];
			return ROUTE_FOUND;
		}
		path_seen = 1;
	}
	return path_seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
