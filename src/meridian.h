/* SPDX-License-Identifier: ISC */
/* meridian.h: types shared across the daemon and CLI, with prototypes grouped by file.
 * Standalone pieces (buf, log, util, html, query, cookie, slug, tmpl, frontmatter) have
 * their own small headers.
 *
 * Storage files, the only ones that include <sqlite3.h>: handlers and commands ask them for
 * typed data and render it; the statements they run are in db_sql.c. tests/e2e/static.sh
 * keeps this list exact:
 *	autosave.c backup.c db.c db_change.c db_peek.c media_store.c mfa_store.c migrate.c
 *	post.c post_list.c redirect.c revision.c search_store.c session.c settings.c
 *	throttle.c topic.c user.c wp_store.c
 *
 * Return conventions, one per kind of function:
 * - an action that can fail returns 0, or -1 on an error it has logged;
 * - a lookup (…_load_…, …_get) returns 1 with the result filled in, 0 when there is no such
 *   thing, -1 on an error it has logged;
 * - an action that can be refused for a reason the user must hear (a taken name, a throttled
 *   address, a conflicting save) returns a named enum value for each outcome;
 * - a predicate (…_valid, …_is_…, …_for) returns 1 or 0;
 * - a function returning a pointer the caller frees returns NULL on an error (logged);
 * - an HTTP handler returns 0 once it has answered, -1 for "answer 500".
 */
#ifndef MERIDIAN_H
#define MERIDIAN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "query.h"

struct sqlite3;
struct sqlite3_stmt;
struct tmpl_set;
struct tmpl_scope;

/* Limits on what arrives from the network or a file, in one place. */
#define LIMIT_FORM_BODY		(1024 * 1024)
#define LIMIT_UPLOAD		(10 * 1024 * 1024)
#define LIMIT_MARKDOWN		(256 * 1024)
#define LIMIT_TITLE		300	/* code points */
#define LIMIT_SUMMARY		1000	/* code points */
#define LIMIT_PATH		2048	/* bytes of the request path */
#define LIMIT_QUERY		4096	/* bytes of the query string */
#define LIMIT_HEADER		8192	/* bytes of any one header we read */
#define LIMIT_RENDER_MS		250	/* cmark time budget for a body */
#define PAGE_SIZE_POSTS		10

/* Configuration: defaults, then the INI file, then flags (conf.c). */
struct conf {
	char	*db_path;
	char	*listen;		/* "unix:PATH", "127.0.0.1:PORT", or NULL for fd 0 */
	char	*templates_dir;
	char	*config_file;
	int	 workers;
	int	 max_requests;		/* recycle a worker after this many */
	int	 request_timeout;	/* seconds; watchdog kills a worker past it */
	int	 render_budget_ms;
	size_t	 render_cache;		/* bytes of rendered bodies a worker keeps; 0 = off */
	int	 image_time_limit;	/* seconds an image's helper may take (CPU and wall) */
	char	*log_level;
	int	 use_syslog;
	char	*socket_group;		/* group of the unix socket, or NULL */
	char	*password_cost;		/* "interactive", "moderate" or "minimal" (tests) */
	int	 read_only;		/* a replica: the database is only read */
	char	*primary_url;		/* where a replica sends staff, or NULL */
};

/* conf.c */
void	 conf_defaults(struct conf *);
int	 conf_load(struct conf *, const char *file, int must_exist);
void	 conf_free(struct conf *);

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_OTHER,
	METHOD__MAX
};

/* One request; everything it owns dies in req_free(). */
struct req {
	enum method	 method;
	char		*method_str;
	char		*path;		/* percent-decoded, valid UTF-8, starts with '/' */
	char		*query_str;
	struct query	 query;
	char		*host;
	int		 https;
	char		*remote_addr;
	char		*cookie;
	char		*if_none_match;
	char		*if_modified_since;
	char		*content_type;
	char		*origin;
	char		*sec_fetch_site;
	char		*server_port;	/* the port nginx took the request on, or NULL */
	size_t		 content_length;
	int		 has_body;
	char		*body;		/* POST body, NUL-terminated; read by the transport */
	size_t		 body_len;
	unsigned long	 id;
};

/* The parameters req_build() reads: FastCGI params, or CGI environment variables, named in
 * req_param_names[]. */
enum req_param {
	RP_REQUEST_METHOD, RP_DOCUMENT_URI, RP_REQUEST_URI, RP_PATH_INFO, RP_QUERY_STRING,
	RP_HTTP_HOST, RP_REMOTE_ADDR, RP_HTTP_COOKIE, RP_HTTP_IF_NONE_MATCH,
	RP_HTTP_IF_MODIFIED_SINCE, RP_CONTENT_TYPE, RP_HTTP_ORIGIN, RP_HTTP_SEC_FETCH_SITE,
	RP_SERVER_PORT, RP_HTTPS, RP_CONTENT_LENGTH,
	RP_COUNT
};
extern const char *const req_param_names[RP_COUNT];

/* A parameter's value, or NULL when the request has none. */
typedef const char *(*req_getparam_fn)(enum req_param, void *arg);

/* Reads up to "len" body bytes into "buf": the count, 0 at the end, or -1 on an error. */
typedef long (*req_read_fn)(char *buf, size_t len, void *arg);

/* req.c */
int	 req_build(struct req *, req_getparam_fn, void *arg);
int	 req_read_body(struct req *, req_read_fn, void *arg);
void	 req_free(struct req *);

struct resp {
	int		 status;
	const char	*content_type;	/* static string */
	const char	*cache_control;	/* static string, or NULL for the default */
	char		 etag[64];	/* quoted, or empty */
	time_t		 last_modified;	/* 0 = none */
	struct buf	 headers;	/* extra header lines, each ending in \r\n */
	struct buf	 body;
	/* A body borrowed from the worker's render cache, sent instead of "body": a kept page
	 * goes out without two copies of it (a feed is 300 KB). Valid while the cache is
	 * untouched, which holds until the response is written. */
	const char	*kept;
	size_t		 kept_len;
	int		 head_only;
};

/* resp.c */
void	 resp_init(struct resp *);
void	 resp_reset(struct resp *);
void	 resp_free(struct resp *);
void	 resp_header(struct resp *, const char *name, const char *value);
void	 resp_redirect(struct resp *, int status, const char *location);
int	 resp_not_modified(const struct req *, struct resp *);
void	 resp_serialize(const struct resp *, struct buf *out);
void	 resp_serialize_head(const struct resp *, struct buf *out);
size_t	 resp_body_len(const struct resp *);
const char *resp_body_data(const struct resp *);
void	 resp_body_kept(struct resp *, const char *borrowed, size_t len);

/* A post as loaded for display; strings owned (post_free). */
struct post {
	int64_t	 id;
	char	*kind;
	char	*slug;
	char	*title;
	char	*summary;
	char	*body_md;
	char	*status;
	time_t	 published_at;
	time_t	 created_at;
	time_t	 updated_at;
	time_t	 substantive_at;
	char	*author;
	char	*reviewer;
	char	*reviewed_date;
	char	*review_due_date;
	time_t	 deleted_at;
	int64_t	 version;
	int	 reading_minutes;
};

/* Every SQL statement, prepared once per connection (db_sql.c holds the text). */
enum stmt {
	STMT_HEALTH,
	STMT_SITE_GEN,
	STMT_POST_BY_SLUG,
	STMT_POST_ID_BY_SLUG,
	STMT_POST_LIST_VISIBLE,
	STMT_POST_COUNT_VISIBLE,
	STMT_POST_LAST_VISIBLE,
	STMT_POST_PREV,
	STMT_POST_NEXT,
	STMT_POST_VERSION,
	STMT_POST_TRASH,
	STMT_SLUG_HISTORY_DEL,
	STMT_POST_INSERT,
	STMT_POST_UPDATE,
	STMT_REVISION_INSERT,
	STMT_TOPIC_UPSERT,
	STMT_TOPIC_ID,
	STMT_POST_TOPICS_CLEAR,
	STMT_POST_TOPIC_ADD,
	STMT_POST_TOPICS,
	STMT_SLUG_HISTORY_ADD,
	STMT_SLUG_HISTORY_GET,
	STMT_AUDIT_ADD,
	STMT_FTS_DELETE,
	STMT_FTS_INSERT,
	STMT_TOPICS_ALL,
	STMT_TOPIC_BY_SLUG,
	STMT_TOPIC_POSTS,
	STMT_TOPIC_COUNT,
	STMT_SEARCH_ROW,
	STMT_SEARCH_COUNT,
	STMT_SEARCH_PAGE,
	STMT_SITEMAP,
	STMT_MEDIA_GET,
	STMT_REDIRECT_GET,
	STMT_USER_BY_NAME,
	STMT_USER_BY_ID,
	STMT_USER_INSERT,
	STMT_USER_SET_HASH,
	STMT_USER_SET_ROLE,
	STMT_USER_DELETE,
	STMT_USER_LIST,
	STMT_USER_COUNT_ADMINS,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_PURGE,
	STMT_ATTEMPT_INSERT,
	STMT_ATTEMPT_USER_FAILS,
	STMT_ATTEMPT_ADDR_FAILS,
	STMT_ATTEMPT_PURGE,
	STMT_POST_BY_ID,
	STMT_ADMIN_LIST,
	STMT_ADMIN_REVIEWS,
	STMT_REVISIONS_OF,
	STMT_REVISION_GET,
	STMT_REVISION_LAST_BY,
	STMT_TRASH_IDS,
	STMT_POST_DELETE,
	STMT_MEDIA_INSERT,
	STMT_MEDIA_LIST,
	STMT_REDIRECT_LIST,
	STMT_REDIRECT_SET,
	STMT_REDIRECT_DEL,
	STMT_AUDIT_LIST,
	STMT_SETTINGS_ALL,
	STMT_SETTING_SET,
	STMT_INTEGRITY_CHECK,
	STMT_FK_CHECK,
	STMT_ROW_COUNTS,
	STMT_EXPORT_POSTS,
	STMT_EXPORT_MEDIA,
	STMT_MEDIA_SHA,
	STMT_MFA_GET,
	STMT_MFA_START,
	STMT_MFA_ENABLE,
	STMT_MFA_USE_STEP,
	STMT_MFA_DELETE,
	STMT_MFA_RECOVERY_CLEAR,
	STMT_MFA_RECOVERY_ADD,
	STMT_MFA_RECOVERY_USE,
	STMT_MFA_RECOVERY_COUNT,
	STMT_MFA_PENDING_ADD,
	STMT_MFA_PENDING_GET,
	STMT_MFA_PENDING_USE,
	STMT_MFA_PENDING_PURGE,
	STMT_MFA_PENDING_CLEAR,
	STMT_FEED_VISIBLE,
	STMT_TOPIC_FEED,
	STMT_READ_BEGIN,
	STMT_READ_END,
	/* staff security: login throttle reservations, the site's secret, display names */
	STMT_ATTEMPT_SUCCEED,
	STMT_ATTEMPT_RELEASE,
	STMT_SITE_SECRET_GET,
	STMT_USER_SET_DISPLAY_NAME,
	/* images: variants and featured images (media_store.c) */
	STMT_MEDIA_STORE,
	STMT_MEDIA_VARIANT_ADD,
	STMT_MEDIA_VARIANTS_CLEAR,
	STMT_MEDIA_REPLACE,
	STMT_MEDIA_VARIANTS_OF,
	STMT_MEDIA_VARIANT_GET,
	STMT_MEDIA_INFO,
	STMT_MEDIA_NEXT,
	STMT_MEDIA_SOURCE,
	STMT_POST_IMAGE_GET,
	STMT_POST_IMAGE_SET,
	STMT_POST_IMAGE_CLEAR,
	/* the media library: search, uses, alt text, deletion (media_store.c) */
	STMT_MEDIA_SEARCH,
	STMT_MEDIA_USES_FEATURED,
	STMT_MEDIA_USES_FEATURED_OF,
	STMT_MEDIA_USES_BODY,
	STMT_MEDIA_ALT_SET,
	STMT_MEDIA_DELETE,
	STMT_MEDIA_VARIANTS_BYTES,
	/* the writing desk's autosave slots (autosave.c) */
	STMT_AUTOSAVE_PUT,
	STMT_AUTOSAVE_GET,
	STMT_AUTOSAVE_DROP,
	STMT_AUTOSAVE_POST_EXISTS,
	STMT_CHECKS_POSTS,
	/* WordPress import (wp_store.c) */
	STMT_WP_POST_GET,
	STMT_WP_POST_SET,
	STMT_WP_MEDIA_GET,
	STMT_WP_MEDIA_SET,
	/* a read-only look at a database file (db_peek.c) */
	STMT_TABLE_EXISTS,
	STMT__MAX
};

/* The size of SQLite's wal-index header (db_change.c). */
#define DB_WAL_HEADER	48

struct db {
	struct sqlite3		*conn;
	struct sqlite3_stmt	*stmts[STMT__MAX];
	int			 wal;		/* db_open() put it in WAL mode, for good */
	/* db_site_state()'s last answer, and the wal-index header it was read under. */
	const volatile unsigned char *wal_index; /* SQLite's mapping of the -shm, or NULL */
	unsigned char		 state_hdr[DB_WAL_HEADER];
	int			 state_known;
	int64_t			 state_gen;
	time_t			 state_changed_at;
};

/* db_sql.c */
extern const char *const db_sqls[STMT__MAX];

/* db.c */
int	 db_global_init(void);
int	 db_take_disk_full(void);
/* db_open()'s "mode": 0 (read and write an existing, current database), or one of these. */
#define DB_CREATE	1	/* create it if missing and migrate it (meridian init) */
#define DB_READ_ONLY	2	/* SQLITE_OPEN_READONLY: a replica's copy, never written */
int	 db_open(struct db *, const char *path, int mode);
void	 db_close(struct db *);
struct sqlite3_stmt *db_stmt(struct db *, enum stmt);
int	 db_step(struct sqlite3_stmt *, const char *caller);	/* 1 row, 0 done, -1 error */
int	 db_begin(struct db *);
int	 db_commit(struct db *);
void	 db_rollback(struct db *);
int	 db_read_begin(struct db *);
void	 db_read_end(struct db *);
int	 db_exec(struct db *, const char *sql);
int	 db_worker_cache(struct db *);	/* a worker's smaller page cache */
int	 db_fsync_commits(struct db *, int on);	/* 1 FULL (db_open's), 0 NORMAL for a bulk load */
char	*db_col_text(struct sqlite3_stmt *, int col);	/* caller frees; "" for NULL */
char	*db_col_text_null(struct sqlite3_stmt *, int col);	/* caller frees; NULL for NULL */
int	 db_site_state(struct db *, int64_t *gen, time_t *changed_at);
int	 db_health(struct db *);

/* db_change.c: only for a worker's connection in WAL mode (app.c) */
void	 db_change_open(struct db *);
void	 db_change_close(struct db *);
int	 db_change_header(const struct db *, unsigned char out[DB_WAL_HEADER]);

/* db_peek.c: a database file as it is, for `meridian check` and `meridian init` */
struct db_peek {
	struct sqlite3	*conn;
	char		 err[256];	/* SQLite's reason when a call returned -1 */
};
int	 db_peek_open(struct db_peek *, const char *path);	/* 0, or -1 with "err" */
void	 db_peek_close(struct db_peek *);
int	 db_peek_version(struct db_peek *, int *ver);	/* 0, or -1 with "err" */
int	 db_peek_integrity(struct db_peek *, char *msg, size_t msglen);	/* 1 ok, 0, -1 */
int	 db_peek_references(struct db_peek *, char *msg, size_t msglen);	/* 1 ok, 0, -1 */
int	 db_peek_has_table(struct db_peek *, const char *name);
int	 db_peek_version_of(const char *path);

/* migrate.c: see migrate.h */

/* backup.c */
#define BACKUP_NCOUNTS	4	/* posts, revisions, media, users (STMT_ROW_COUNTS) */
int	 backup_to_file(struct sqlite3 *, const char *dest);
int	 backup_snapshot(struct db *, const char *dest, int64_t counts[BACKUP_NCOUNTS]);
int	 backup_counts(struct sqlite3 *, int64_t counts[BACKUP_NCOUNTS]);
int	 backup_integrity(struct sqlite3 *, enum stmt, char *msg, size_t msglen);
int	 backup_verify_copy(const char *path, const int64_t want[BACKUP_NCOUNTS], char *why,
	    size_t whylen);

/* md.c */
enum md_result {
	MD_OK,
	MD_TOO_SLOW,		/* exceeded the render budget */
	MD_TOO_LARGE,
	MD_BAD_UTF8,
	MD_ERROR
};
char	*md_render(const char *md, size_t len);		/* caller frees */
/* Writes the HTML of image "url" (its "index"-th rendered so far) to "out": 1, or 0 to leave
 * the image as cmark renders it. */
typedef int (*md_image_fn)(void *arg, const char *url, const char *alt, int index,
	    struct buf *out);
char	*md_render_images(const char *md, size_t len, md_image_fn, void *arg);	/* caller frees */
int	 md_options(void);
enum md_result md_check(const char *md, size_t len, int budget_ms, long *elapsed_us);
const char *md_strerror(enum md_result);
int	 md_reading_minutes(const char *md, size_t len);

/* post.c */
int	 post_load_by_slug(struct db *, const char *slug, struct post *);
int	 post_load_by_id(struct db *, int64_t id, struct post *);
char	*post_topics_joined(struct db *, int64_t id);
void	 post_free(struct post *);
int	 post_is_visible(const struct post *, time_t now);
const char *post_path_prefix(const char *kind);
int	 post_neighbour(struct db *, const struct post *, int dir, time_t now, char **slug,
	    char **title);	/* lookup; the caller frees "slug" and "title" */
int	 post_old_address(struct db *, const char *slug, char **path);	/* lookup; frees "path" */
void	 post_from_row(struct sqlite3_stmt *, struct post *);
void	 post_view_row(struct sqlite3_stmt *, struct post *);
int	 post_fts(struct db *, enum stmt, int64_t id);
int	 post_audit(struct db *, time_t now, const char *who, const char *action,
	    const char *target, const char *detail);

/* Input to a save, as from the import command or the editor. */
struct post_input {
	const char	*kind;
	const char	*slug;
	const char	*title;
	const char	*summary;
	const char	*body_md;
	size_t		 body_len;
	const char	*status;
	time_t		 published_at;	/* 0 = now when published */
	time_t		 updated_at;	/* 0 = now */
	const char	*author;
	const char	*reviewer;
	const char	*reviewed_date;	/* NULL = none */
	const char	*review_due_date;
	char *const	*topics;
	size_t		 ntopics;
	int		 substantive;
	const char	*saved_by;
	int64_t		 image_id;	/* featured image: its media id, POST_IMAGE_NONE, or
					 * 0 to leave it as it is (a restore, a zeroed input) */
};
#define POST_IMAGE_NONE	(-1)
enum post_save_result {
	POST_SAVED_NEW,
	POST_SAVED_UPDATE,
	POST_SAVE_CONFLICT,	/* someone saved since the form was loaded */
	POST_SAVE_SLUG_TAKEN,	/* another post has this slug */
	POST_SAVE_GONE,		/* the post no longer exists */
	POST_SAVE_ERROR
};
enum post_validity {
	POST_VALID,
	POST_INVALID,		/* the reasons are in "err" */
	POST_TOO_LARGE		/* the body is over LIMIT_MARKDOWN (HTTP 413) */
};
/* post_validate.c: appends one sentence per broken rule to "err"; "body_ok" (or NULL) is 1
 * when the body passed the render check (callers may then parse it), else -1 */
enum post_validity post_validate(const struct post_input *, int budget_ms, struct buf *err,
	    int *body_ok);
enum post_save_result post_save(struct db *, int64_t id, int64_t expect_version,
	    const struct post_input *, time_t now, int64_t *out);
enum post_trash_result {
	POST_TRASH_DONE,
	POST_TRASH_GONE,	/* no such post */
	POST_TRASH_ERROR	/* logged */
};
enum post_trash_result post_set_trashed(struct db *, int64_t id, int trash, const char *who,
	    time_t now);
int	 post_empty_trash(struct db *, const char *who, time_t now, size_t *n);
enum post_save_result post_save_tx(struct db *, int64_t id, int64_t expect_version,
	    const struct post_input *, time_t now, int64_t *out);

/* A revision as stored (strings owned; revision_free). A list fills id, version, saved_at,
 * saved_by, title and status only. */
struct revision {
	int64_t	 id;
	int64_t	 version;
	time_t	 saved_at;
	char	*saved_by;
	char	*kind;
	char	*slug;
	char	*title;
	char	*summary;
	char	*body_md;
	char	*status;
	time_t	 published_at;
	char	*author;
	char	*reviewer;
	char	*reviewed_date;
	char	*review_due_date;
	char	*topics;	/* "a, b", as saved */
};

/* revision.c */
void	 revision_free(struct revision *);
void	 revision_list_free(struct revision *, size_t n);
int	 revision_list(struct db *, int64_t post_id, struct revision **out, size_t *n);
int	 revision_get(struct db *, int64_t post_id, int64_t rev, struct revision *);
int	 revision_last_saver(struct db *, int64_t post_id, char **who);	/* frees "who" */
enum post_save_result revision_restore(struct db *, int64_t post_id, int64_t rev,
	    const char *who, time_t now, int64_t *version);

/* Called for each post of a list with a post that borrows the row's text (valid until it
 * returns). Returns 0 to go on, or -1 to stop the list with an error. */
typedef int (*post_each_fn)(const struct post *, void *arg);

/* post_list.c: each returns the number of posts listed, or -1 (logged, or "each" said -1) */
int	 post_list_visible(struct db *, int64_t topic, time_t now, int with_body, int limit,
	    long long offset, post_each_fn, void *arg);	/* topic 0: every article */
long long post_count_visible(struct db *, int64_t topic, time_t now);	/* or -1 */
int	 post_last_visible(struct db *, time_t now, int64_t *out, int64_t *next_due);	/* 0/-1:
	    the newest visible publish time, and the next post's due time after "now" (or 0) */
int	 post_list_sitemap(struct db *, time_t now, post_each_fn, void *arg);	/* slug, kind and
	    substantive_at (the last substantive change) only */
int	 post_list_staff(struct db *, const char *state, time_t now, int max, post_each_fn,
	    void *arg);	/* state: all, draft, scheduled, published or trash */
int	 post_list_reviews_due(struct db *, const char *by_day, post_each_fn, void *arg);
int	 post_list_all(struct db *, int by_slug, post_each_fn, void *arg);	/* every post
	    outside the trash (drafts and scheduled ones too) with its body, by id or by slug */

/* A topic as a list shows it; borrowed from the row, valid while the callback runs. */
struct topic {
	const char	*slug;
	const char	*name;
	long long	 count;	/* visible articles (topic_list_visible only) */
};
typedef int (*topic_each_fn)(const struct topic *, void *arg);	/* 0 go on, -1 stop */

/* One search match, borrowed from the row while the callback runs. */
struct search_hit {
	int64_t		 id;
	const char	*slug;
	const char	*kind;
	const char	*title;
	time_t		 published_at;
	const char	*snippet;	/* the matched words between \1 and \2 */
	const char	*summary;
};
typedef int (*search_hit_fn)(const struct search_hit *, void *arg);	/* 0, or -1 */

/* search_store.c: "fts" is a query sanitised by search_fts_query() */
int	 search_page(struct db *, const char *fts, time_t now, long long page, int max_ranked,
	    int64_t ids[PAGE_SIZE_POSTS], long long *total);	/* ids on the page, or -1 */
int	 search_hit(struct db *, const char *fts, int64_t id, time_t now, search_hit_fn,
	    void *arg);	/* lookup: 1 (called "each"), 0 gone meanwhile, -1 */

/* One line of the audit log, borrowed from the row while the callback runs. */
struct audit_entry {
	time_t		 at;
	const char	*who;
	const char	*action;
	const char	*target;
	const char	*detail;
};
typedef int (*redirect_each_fn)(const char *from, const char *to, void *arg);	/* 0/-1 */
typedef int (*audit_each_fn)(const struct audit_entry *, void *arg);		/* 0/-1 */

/* redirect.c: the lists return how many they listed, or -1 */
int	 redirect_lookup(struct db *, const char *path, char **to);	/* lookup; frees "to" */
int	 redirect_list(struct db *, redirect_each_fn, void *arg);
int	 redirect_set(struct db *, const char *from, const char *to, const char *who,
	    time_t now);	/* "to" NULL deletes; 0 or -1 */
int	 audit_list(struct db *, audit_each_fn, void *arg);	/* newest first */

/* autosave.c: a writer's unsaved text of one article; strings owned (autosave_free). */
struct autosave {
	char	*title;
	char	*summary;
	char	*body;
	time_t	 saved_at;
};
int	 autosave_put(struct db *, int64_t user_id, int64_t post_id, const char *title,
	    const char *summary, const char *body, time_t now);
int	 autosave_get(struct db *, int64_t user_id, int64_t post_id, struct autosave *);
int	 autosave_drop(struct db *, int64_t user_id, int64_t post_id);
void	 autosave_free(struct autosave *);

/* topic.c: the lists return the number of topics, or -1 (logged, or "each" said -1) */
int	 topic_slug(const char *name, char *out, size_t outlen);
int	 topic_list_visible(struct db *, time_t now, topic_each_fn, void *arg);
int	 topic_list_of_post(struct db *, int64_t post_id, topic_each_fn, void *arg);
int	 topic_load_by_slug(struct db *, const char *slug, int64_t *id, char **name);

/* password.c */
#define PASSWORD_HASH_MAX	128
#define PASSWORD_MIN_LEN	10
#define PASSWORD_MAX_LEN	1024
int	 password_set_cost(const char *);
int	 password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
int	 password_verify(const char *hash, const char *pw);
void	 password_burn(const char *pw);

/* user.c */
enum role {
	ROLE_EDITOR,
	ROLE_ADMIN,
	ROLE__MAX
};
struct user {
	int64_t		 id;
	char		*name;
	char		*pwhash;
	enum role	 role;
	char		*display_name;	/* "" when not set */
};
extern const char *const role_names[ROLE__MAX];
int	 role_parse(const char *, enum role *);
int	 user_name_valid(const char *);
int	 user_load_by_name(struct db *, const char *, struct user *);
int	 user_load_by_id(struct db *, int64_t, struct user *);
void	 user_free(struct user *);
#define USER_DISPLAY_MAX	100	/* bytes of a display name */
int	 user_display_name_valid(const char *);
enum user_change_result {
	USER_CHANGED,
	USER_GONE,		/* no such user */
	USER_LAST_ADMIN,	/* refused: the site would be left without an admin */
	USER_CHANGE_ERROR	/* logged */
};
enum user_change_result user_set_display_name(struct db *, int64_t id, const char *display,
	    const char *who, time_t now);
enum user_change_result user_remove(struct db *, int64_t id, const char *who, time_t now);
enum user_change_result user_set_role(struct db *, int64_t id, enum role, const char *who,
	    time_t now);
/* A staff account as the lists show it, borrowed from the row while the callback runs. */
struct user_row {
	int64_t		 id;
	const char	*name;
	const char	*role;
	time_t		 created_at;
	const char	*display_name;
	int		 mfa_on;
};
typedef int (*user_each_fn)(const struct user_row *, void *arg);	/* 0, or -1 */
int	 user_list(struct db *, user_each_fn, void *arg);	/* how many, or -1 */
enum user_add_result {
	USER_ADDED,
	USER_NAME_TAKEN,
	USER_ADD_ERROR		/* logged */
};
enum user_add_result user_add(struct db *, const char *name, const char *display,
	    const char *pw, enum role, const char *who, time_t now);
int	 user_set_password(struct db *, int64_t id, const char *pw, const char *who,
	    time_t now);

/* settings.c */
enum setting {
	SET_SITE_TITLE,
	SET_TAGLINE,
	SET_BASE_URL,
	SET_LANGUAGE,
	SET_TIMEZONE,
	SET_CLINIC_NAME,
	SET_CLINIC_ADDRESS,
	SET_CLINIC_PHONE,
	SET_CLINIC_HOURS,
	SET_BOOKING_URL,
	SET_DISCLAIMER,
	SET_MFA_REQUIRED,
	/* the writing desk's health-content checks */
	SET_CHECK_CLAIMS,
	SET_CHECK_READABILITY,
	SET_CHECK_ACCESSIBILITY,
	SET_CLAIMS_LIST,
	SET_READING_AGE,
	SET_CHECK_REVIEW,
	SET__MAX
};
struct settings {
	char	*v[SET__MAX];	/* owned; never NULL after settings_load */
};
extern const char *const settings_keys[SET__MAX];
int	 settings_load(struct db *, struct settings *);
void	 settings_free(struct settings *);
int	 settings_key(const char *);
int	 settings_set(struct db *, const char *key, const char *value);
int	 settings_is_default(const struct settings *, int key);
const char *settings_validate(int key, const char *value);
int	 settings_secret(struct db *, const char *name, unsigned char *out, size_t len);

#endif
