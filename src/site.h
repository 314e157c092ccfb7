/* SPDX-License-Identifier: ISC */
/* site.h: what a request handler sees: the worker's state (database, templates, settings),
 * the request context, the route table's handler type, and the template name tables. */
#ifndef MERIDIAN_SITE_H
#define MERIDIAN_SITE_H

#include <stdint.h>
#include <time.h>

#include "meridian.h"
#include "render_cache.h"

struct tmpl_scope;
struct session;
struct multipart;

/* Top-level templates, in the order of site_templates[] (site_names.c), indexed by these values. */
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
	TMPL_ADMIN_LOGIN,
	TMPL_ADMIN_DASHBOARD,
	TMPL_ADMIN_ARTICLES,
	TMPL_ADMIN_EDIT,
	TMPL_ADMIN_REVISIONS,
	TMPL_ADMIN_REVISION,
	TMPL_ADMIN_MEDIA,
	TMPL_ADMIN_SETTINGS,
	TMPL_ADMIN_USERS,
	TMPL_ADMIN_PASSWORD,
	TMPL_ADMIN_REDIRECTS,
	TMPL_ADMIN_AUDIT,
	TMPL_ADMIN_MFA,
	TMPL_ADMIN_LOGIN_MFA,
	/* the writing desk */
	TMPL_ADMIN_LIVE,
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
	V_FEED_EXTRA,
	/* Admin screens. */
	V_USER_NAME,
	V_IS_ADMIN,
	V_CSRF,
	V_FLASH,
	V_FORM_ERROR,
	V_NEXT,
	V_ID,
	V_STATE,
	V_STATE_LABEL,
	V_EDIT_URL,
	V_UPDATED_HUMAN,
	V_BODY_MD,
	V_TOPICS_TEXT,
	V_KIND_PAGE,
	V_STATUS,
	V_IS_PUBLISHED,
	V_PUBLISH_AT,
	V_SUBSTANTIVE,
	V_VERSION,
	V_IS_NEW,
	V_FORM_ACTION,
	V_CONFLICT,
	V_THEIR_TITLE,
	V_THEIR_BODY,
	V_THEIR_SAVED_BY,
	V_DRAFTS,
	V_SCHEDULED,
	V_REVIEWS,
	V_OVERDUE,
	V_RECENT,
	V_TRASHED,
	V_TABS,
	V_TAB_URL,
	V_TAB_LABEL,
	V_TAB_CURRENT,
	V_IS_TRASH_TAB,
	V_REVISIONS,
	V_SAVED_BY,
	V_SAVED_HUMAN,
	V_RESTORE_URL,
	V_IS_CURRENT,
	V_MEDIA,
	V_ALT,
	V_NAME,
	V_SNIPPET,
	V_SIZE,
	V_MIME,
	V_FIELDS,
	V_FIELD_KEY,
	V_FIELD_LABEL,
	V_FIELD_VALUE,
	V_FIELD_LONG,
	V_FIELD_HELP,
	V_USERS,
	V_ROLE,
	V_IS_SELF,
	V_CREATED_HUMAN,
	V_REDIRECTS,
	V_FROM,
	V_TO,
	V_AUDIT,
	V_AT_HUMAN,
	V_WHO,
	V_ACTION,
	V_TARGET,
	V_DETAIL,
	V_PREVIEW,
	V_COUNT,
	/* One revision against the current version (admin_revision_view.c). */
	V_VIEW_URL,
	V_REVISIONS_URL,
	V_CURRENT_VERSION,
	V_CHANGES,
	V_WAS,
	V_NOW,
	V_DIFF,
	V_LINE,
	V_OLD_NO,
	V_NEW_NO,
	V_IS_ADD,
	V_IS_DEL,
	V_IS_SKIP,
	V_SAME_BODY,
	V_TOO_DIFFERENT,
	/* Two-factor sign-in (admin_mfa.c). */
	V_MFA_ON,
	V_MFA_SECRET,
	V_MFA_QR_SVG,
	V_MFA_CODES,
	V_MFA_CODE,
	V_MFA_MUST,
	/* Staff security: display names. */
	V_DISPLAY_NAME,
	/* Images: featured image, thumbnails, the editor's picker (site_picture.c). */
	V_IMAGE_HTML,
	V_THUMB_HTML,
	V_OG_IMAGE,
	V_OG_IMAGE_WIDTH,
	V_OG_IMAGE_HEIGHT,
	V_OG_IMAGE_ALT,
	V_IMAGE,
	V_IMAGE_OPTIONS,
	V_SELECTED,
	V_LABEL,
	V_OUTSIDE_IMAGES,
	/* The writing desk: checks, autosave, a draft carried through a login (admin_desk.c). */
	V_CHECKS_ON,
	V_CHECK_FAMILIES,
	V_FAMILY_NAME,
	V_FAMILY_COUNT,
	V_CHECK_NOTES,
	V_NOTE_TEXT,
	V_NOTE_WARN,
	V_AUTOSAVE_AT,
	V_AUTOSAVE_TITLE,
	V_AUTOSAVE_SUMMARY,
	V_AUTOSAVE_BODY,
	V_CARRY,
	V_CARRY_NAME,
	V_CARRY_VALUE,
	/* The media library: where each image is used (admin_media.c). */
	V_USES,
	V_USES_MORE,
	V__MAX
};

extern const char *const site_templates[TMPL__MAX];
extern const char *const site_names[V__MAX];

/*
 * Counts of visible articles, all of them (topic 0) or of one topic, kept by a worker while
 * the site generation and the newest visible publish time stay what they were when counted:
 * together they fix the set of visible posts (the ETag rests on the same fact), so a kept
 * count is what the query would give. With 10 000 articles a count query costs 1-5 ms.
 */
#define SITE_COUNTS	64
struct site_counts {
	int64_t		 gen;
	int64_t		 last_visible;
	size_t		 n;
	struct {
		int64_t		 topic;
		long long	 count;
	}		 v[SITE_COUNTS];
};

/*
 * The newest visible publish time as a worker last read it: true while the site generation
 * is the same and no post has come due since (a post goes live only at its publish time, and
 * anything else that could change it is a save, which moves the generation).
 */
struct site_visibility {
	int		 valid;
	int64_t		 gen;
	time_t		 read_at;	/* the request time it was read for */
	int64_t		 last_visible;
	int64_t		 next_due;	/* the next publish time after read_at, or 0 */
};

/* One worker's long-lived state; nothing in it belongs to a single request. */
struct site {
	const struct conf	*conf;
	struct db		 db;
	struct tmpl_set		*tmpl;
	uint64_t		 tmpl_gen;
	struct settings		 settings;
	int64_t			 settings_gen;	/* site generation when loaded */
	struct buf		 out;		/* serialised response, reused */
	struct buf		 page_key;	/* a kept page's key (site_kept), reused */
	struct site_counts	 counts;	/* site_count_visible() */
	struct site_visibility	 visibility;	/* site_last_visible() */
	long long		 clock_offset;	/* test hook: MERIDIAN_CLOCK_OFFSET (app.c) */
	struct render_cache	 bodies;	/* rendered post bodies (render_cache.c) */
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
	time_t		 changed_at;	/* when the generation last moved */
	int64_t		 last_visible;	/* newest visible publish time, once read */
	int		 have_last_visible;
	int		 keep_page;	/* a page to keep once built (site_fresh_kept) */
	int		 kept_looked;	/* site_kept() found nothing kept this request */
	struct session	*session;	/* the staff member's session on ROUTE_ADMIN routes */
	struct query	 form;		/* a POSTed urlencoded form, parsed and checked */
	struct multipart *upload;	/* a POSTed multipart form on ROUTE_UPLOAD routes */
	struct query_pair *fields;	/* text fields copied out of "upload" */
	size_t		 nfields;
	int		 featured_shown;	/* a featured image tops the page (site_picture.c) */
};

typedef int (*handler_fn)(struct ctx *);

/* app.c */
int	 app_open(struct site *, const struct conf *, char *err, size_t errlen);
void	 app_close(struct site *);
void	 app_handle(struct site *, struct req *, struct resp *, int build_status);
const char *app_upload_field(struct ctx *, const char *name);

/* site_common.c */
struct tmpl_scope *site_scope(struct ctx *);
int	 site_render(struct ctx *, enum tmpl_file, struct tmpl_scope *);
int	 site_error(struct ctx *, int status, const char *message);
int	 site_fresh(struct ctx *, time_t last_modified);
int	 site_kept(struct ctx *);
int	 site_fresh_kept(struct ctx *, time_t last_modified);
void	 site_keep_page(struct ctx *);
int	 site_last_visible(struct ctx *, int64_t *);
int	 site_set_post(struct ctx *, struct tmpl_scope *, const struct post *, int full);
#define SITE_POST_FEED	2	/* site_set_post()'s "full" for a feed: absolute image URLs */

/* site_picture.c: a body's HTML with library images as <picture>, for the render cache. */
struct site_body_args {
	struct ctx	*c;
	int		 feed;	/* absolute image URLs, one image each, as feed readers want */
};
char	*site_body_render(void *site_body_args, const char *md, size_t len);	/* caller frees */
int	 site_set_featured(struct ctx *, struct tmpl_scope *, int64_t post_id, int full);
void	 site_date_human(time_t, char *, size_t);
int	 site_own_origin(const struct ctx *, const char *origin);
void	 site_day_human(const char *yyyy_mm_dd, char *, size_t);

/* site_list.c */
long long site_page_param(const struct req *);
long long site_page_count(long long total);
void	 site_set_pager(struct tmpl_scope *, const char *base, const char *extra,
	    long long page, long long pages);
int	 site_add_posts(struct ctx *, struct tmpl_scope *, int list, int64_t topic,
	    long long page);
long long site_count_visible(struct ctx *, int64_t topic);

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

/* Admin handlers (admin_*.c). */
int	 admin_login(struct ctx *);
int	 admin_login_carry(struct ctx *);	/* app.c, for ROUTE_CARRY */
int	 admin_logout(struct ctx *);
int	 admin_login_mfa(struct ctx *);
int	 admin_mfa(struct ctx *);
int	 admin_dashboard(struct ctx *);
int	 admin_articles(struct ctx *);
int	 admin_article_new(struct ctx *);
int	 admin_article_edit(struct ctx *);
int	 admin_article_preview(struct ctx *);
int	 admin_article_live(struct ctx *);
int	 admin_article_autosave(struct ctx *);
int	 admin_article_trash(struct ctx *);
int	 admin_article_restore(struct ctx *);
int	 admin_trash_empty(struct ctx *);
int	 admin_revisions(struct ctx *);
int	 admin_revision_restore(struct ctx *);
int	 admin_revision_view(struct ctx *);
int	 admin_media(struct ctx *);
int	 admin_media_item(struct ctx *);
int	 admin_settings(struct ctx *);
int	 admin_users(struct ctx *);
int	 admin_password(struct ctx *);
int	 admin_redirects(struct ctx *);
int	 admin_audit(struct ctx *);

#endif
