/* SPDX-License-Identifier: ISC */
/* wxr.h: a streaming reader of WordPress export files (WXR 1.0 to 1.2): one item at a time,
 * in bounded memory, with no DTD, no entity expansion and no network. */
#ifndef MERIDIAN_WXR_H
#define MERIDIAN_WXR_H

#include <stddef.h>

#define WXR_MAX_CONTENT	(8 * 1024 * 1024)	/* bytes of one post's content */
#define WXR_MAX_FIELD	(256 * 1024)		/* bytes of any other field */
#define WXR_MAX_ITEMS	200000
#define WXR_MAX_TERMS	100			/* categories and tags of one item */
#define WXR_MAX_META	500			/* postmeta of one item */
#define WXR_MAX_NAMES	20000			/* authors, categories, tags of the site */

struct wxr_term {
	char	*domain;	/* "category", "post_tag", … */
	char	*nicename;	/* the slug WordPress used in its URLs */
	char	*name;
};

struct wxr_meta {
	char	*key;
	char	*value;
};

/* One <item>; every string owned and never NULL ("" when absent). */
struct wxr_item {
	long long	 id;
	long long	 parent;
	char		*title;
	char		*link;
	char		*creator;	/* the author's login */
	char		*content;
	char		*excerpt;
	char		*post_name;
	char		*status;
	char		*type;
	char		*date;		/* "YYYY-MM-DD HH:MM:SS", the site's time zone */
	char		*date_gmt;	/* the same in UTC, or "0000-00-00 00:00:00" */
	char		*password;
	char		*attachment_url;
	struct wxr_term	*terms;
	size_t		 nterms;
	struct wxr_meta	*meta;
	size_t		 nmeta;
	size_t		 ncomments;
};

/* A site-wide author, category or tag. */
struct wxr_name {
	char	*key;		/* login, or the term's slug */
	char	*value;		/* display name, or the term's name */
	char	*parent;	/* a category's parent slug, or "" */
	char	*term_id;	/* a category's or tag's id, or "" */
};

struct wxr {
	void		*reader;	/* xmlTextReaderPtr */
	char		*base_url;	/* wp:base_blog_url, else <link>, else wp:base_site_url */
	int		 base_rank;	/* which of those base_url came from */
	struct wxr_name	*authors;
	size_t		 nauthors;
	struct wxr_name	*cats;
	size_t		 ncats;
	struct wxr_name	*tags;
	size_t		 ntags;
	size_t		 nitems;
	int		 is_wxr;	/* a wp:wxr_version was seen */
	char		 err[256];	/* why wxr_open() or wxr_next() failed */
};

/* Whether the file at "path" looks like a WordPress export: 1 yes, 0 no, -1 unreadable. */
int	 wxr_sniff(const char *path);

int	 wxr_open(struct wxr *, const char *path);		/* 0, or -1 (w->err) */
int	 wxr_open_memory(struct wxr *, const char *, size_t);	/* the same, from memory */
int	 wxr_next(struct wxr *, struct wxr_item *);		/* 1 item, 0 end, -1 (w->err) */
void	 wxr_item_free(struct wxr_item *);
void	 wxr_close(struct wxr *);
/* The value of meta "key" of "it", or NULL. */
const char *wxr_meta_get(const struct wxr_item *, const char *key);

struct buf;
#define WXR_MAX_SIZES	32	/* image sizes read from one attachment's metadata */
#define WXR_MAX_SIZE_NAME 200	/* bytes of one size's file name */
/* Appends to "out", one a line, the file names of the resized copies WordPress made of an
 * image, read from its _wp_attachment_metadata (PHP's serialize() format). Only plain names
 * (letters, digits, "-", "_" and "." but not first) within the limits: they become addresses.
 * Returns how many it appended. */
size_t	 wxr_image_sizes(const char *meta, struct buf *out);

#endif
