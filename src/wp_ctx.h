/* SPDX-License-Identifier: ISC */
/* wp_ctx.h: what the WordPress import's files share (wp_import.c maps and saves posts,
 * wp_images.c brings their images): the state of one run. Private to those two files. */
#ifndef MERIDIAN_WP_CTX_H
#define MERIDIAN_WP_CTX_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "wp_import.h"
#include "wxr.h"

#define WP_UPLOADS	"/wp-content/uploads/"

/* An attachment of the export: an image some post may use. */
struct wp_att {
	long long	 id;
	long long	 parent;
	char		*url;
	char		*rel;		/* its uploads path, or NULL */
	char		*alt;
	char		*link;
	char		*sizes;		/* its resized copies' file names, one a line */
};

/* An image this run has brought over (or found missing): its uploads path and new URL. */
struct wp_img {
	char	*path;
	char	*url;		/* NULL: missing */
};

/* A post this run imported: attachments pages of it redirect to its new address. */
struct wp_done {
	long long	 wp_id;
	char		*url;
};

enum { ST_PUBLISHED, ST_SCHEDULED, ST_DRAFT, ST__MAX };

struct wp_ctx {
	struct db			*db;
	const struct wp_import_opt	*opt;
	struct wxr			*w;
	time_t				 now;
	char				 host[256];
	char				 base_path[256];	/* "/blog", or "" at the root */
	char				 media_host[300];	/* SITE.files.wordpress.com, or "" */
	char				 fetch_dir[600];	/* --fetch asks for this + path */
	struct wp_att			*att;
	size_t				 natt;
	struct wp_img			*img;
	size_t				 nimg;
	struct wp_done			*done;
	size_t				 ndone;
	char				**slugs;	/* taken by this run */
	size_t				 nslugs;
	char				**topics;	/* used by imported posts */
	size_t				 ntopics;
	const struct wxr_item		*it;		/* the item being imported */
	struct buf			 warn;		/* "post N "T": what" lines */
	struct buf			 missing;
	struct buf			 featured;
	size_t				 articles[ST__MAX], pages[ST__MAX];
	size_t				 created, updated, failed, total;
	size_t				 trash, autodraft, other, attachments, comments;
	size_t				 img_new, img_reused, img_missing, redirects;
	int64_t				 fake_media;	/* ids a dry run pretends to give */
};

/* wp_import.c */
void	 wp_warn(struct wp_ctx *, const char *what);

/* wp_images.c */
char	*wp_old_path(const struct wp_ctx *, const char *url);	/* caller frees */
char	*wp_uploads_rel(const struct wp_ctx *, const char *src);	/* caller frees */
/* A WordPress.com site on a domain of its own keeps its uploads on SITE.files.wordpress.com
 * all the same: an attachment's address on such a host makes it the media host, unless the
 * site's own address already named one. */
void	 wp_media_host_learn(struct wp_ctx *, const char *attachment_url);
const char *wp_img_known(const struct wp_ctx *, const char *rel, int *found);
const struct wp_att *wp_att_find(const struct wp_ctx *, long long id);
char	*wp_image(void *arg, const char *src, char **alt);	/* html2md's callbacks */
void	 wp_gallery(void *arg, const char *ids, struct buf *html);

#endif
