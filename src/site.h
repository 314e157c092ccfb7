/* site.h: what a request handler sees: the worker's state (database, templates, settings),
 * the request context, the route table's handler type, and the template name tables. */
#ifndef MERIDIAN_SITE_H
#define MERIDIAN_SITE_H

#include <stdint.h>
#include <time.h>

#include "meridian.h"

struct tmpl_scope;

/* Top-level templates, in the order of site_templates[] (site_names.c). */
enum tmpl_file {
	TMPL_HOME,
	TMPL_POST,
	TMPL_PAGE,
	TMPL_ERROR,
	TMPL_TOPICS,
	TMPL_TOPIC,
	TMPL_SEARCH,
	TMPL_FEED,
	TMPL_SITEMAP,
	TMPL__MAX
};

/* Every name a template may use, in the order of site_names[] (site_names.c). */
enum tmpl_name {
	/* Layout, on every page. */
	V_SITE_TITLE,
	V_TAGLINE,
	V_BASE_URL,
	V_LANG,
	V_CLINIC_NAME,
	V_CLINIC_ADDRESS,
	V_CLINIC_PHONE,
	V_CLINIC_PHONE_HREF,
	V_CLINIC_HOURS,
	V_BOOKING_URL,
	V_DISCLAIMER,
	V_YEAR,
	V_PAGE_TITLE,
	V_META_DESCRIPTION,
	V_CANONICAL_URL,
	V_OG_TYPE,
	V_STATIC_VERSION,
	V_IS_HOME,
	/* One post (article page, and each item of a list). */
	V_TITLE,
	V_SLUG,
	V_URL,
	V_SUMMARY,
	V_BODY_HTML,
	V_AUTHOR,
	V_REVIEWER,
	V_REVIEWED_DATE,
	V_REVIEWED_HUMAN,
	V_REVIEW_DUE_DATE,
	V_REVIEW_DUE_HUMAN,
	V_PUBLISHED_ISO,
	V_PUBLISHED_HUMAN,
	V_PUBLISHED_DATE,
	V_MODIFIED_ISO,
	V_MODIFIED_HUMAN,
	V_READING_MINUTES,
	V_TOPICS,
	V_TOPIC_NAME,
	V_TOPIC_SLUG,
	V_TOPIC_URL,
	V_PREV_TITLE,
	V_PREV_URL,
	V_NEXT_TITLE,
	V_NEXT_URL,
	/* Lists and pagination. */
	V_POSTS,
	V_PAGE_NUMBER,
	V_PAGE_COUNT,
	V_PREV_PAGE_URL,
	V_NEXT_PAGE_URL,
	/* Error page. */
	V_ERROR_STATUS,
	V_ERROR_TITLE,
	V_ERROR_MESSAGE,
	/* Topics, search, feeds, sitemap. */
	V_TOPIC_LIST,
	V_TOPIC_COUNT,
	V_QUERY,
	V_RESULTS,
	V_RESULT_COUNT,
	V_SNIPPET_HTML,
	V_SEARCH_MESSAGE,
	V_FEED_URL,
	V_FEED_TITLE,
	V_FEED_UPDATED,
	V_SELF_URL,
	V_LASTMOD,
	V_KIND,
	V__MAX
};

extern const char *const site_templates[TMPL__MAX];
extern const char *const site_names[V__MAX];

/* One worker's long-lived state; nothing in it belongs to a single request. */
struct site {
	const struct conf	*conf;
	struct db		 db;
	struct tmpl_set		*tmpl;
	uint64_t		 tmpl_gen;
	struct settings		 settings;
	int64_t			 settings_gen;	/* site generation when loaded */
	struct buf		 out;		/* serialised response, reused */
};

/* One request as a handler sees it. */
struct ctx {
	struct site	*site;
	struct req	*req;
	struct resp	*resp;
	time_t		 now;
	const char	*cap;		/* the first {x} segment of the route, or NULL */
	const char	*cap2;		/* the second, or NULL */
	int64_t		 gen;		/* site generation, read at the start */
};

typedef int (*handler_fn)(struct ctx *);

/* app.c */
int	 app_open(struct site *, const struct conf *, char *err, size_t errlen);
void	 app_close(struct site *);
void	 app_handle(struct site *, struct req *, struct resp *, int build_status);

/* site_common.c */
struct tmpl_scope *site_scope(struct ctx *);
int	 site_render(struct ctx *, enum tmpl_file, struct tmpl_scope *);
int	 site_error(struct ctx *, int status, const char *message);
int	 site_fresh(struct ctx *, time_t last_modified);
void	 site_set_post(struct ctx *, struct tmpl_scope *, const struct post *, int full);
void	 site_date_human(time_t, char *, size_t);
void	 site_day_human(const char *yyyy_mm_dd, char *, size_t);

/* site_list.c */
long long site_page_param(const struct req *);
long long site_page_count(long long total);
void	 site_set_pager(struct tmpl_scope *, const char *base, const char *extra,
	    long long page, long long pages);
int	 site_add_posts(struct ctx *, struct tmpl_scope *, int list,
	    struct sqlite3_stmt *, int max);
long long site_count(struct ctx *, struct sqlite3_stmt *);

/* Handlers (site_*.c). */
int	 site_home(struct ctx *);
int	 site_article(struct ctx *);
int	 site_page(struct ctx *);
int	 site_health(struct ctx *);
int	 site_topics(struct ctx *);
int	 site_topic(struct ctx *);
int	 site_topic_feed(struct ctx *);
int	 site_search(struct ctx *);
int	 site_feed(struct ctx *);
int	 site_sitemap(struct ctx *);
int	 site_robots(struct ctx *);
int	 site_media(struct ctx *);
int	 site_topic_lookup(struct ctx *, int64_t *id, char **name);

#endif
