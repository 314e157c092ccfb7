/* SPDX-License-Identifier: ISC */
/* wp_store.h: what the WordPress import keeps in the database besides posts: which post and
 * image each WordPress id and uploads file became, and the old addresses' redirects. */
#ifndef MERIDIAN_WP_STORE_H
#define MERIDIAN_WP_STORE_H

#include <stdint.h>
#include <time.h>

struct db;

/* Lookups return 1 found, 0 not, -1 on an error (logged). */
int	 wp_post_lookup(struct db *, int64_t wp_id, int64_t *post_id);
int	 wp_slug_owner(struct db *, const char *slug, int64_t *post_id);
int	 wp_media_lookup(struct db *, const char *path, int64_t *media_id, char **name);

/* Writes, inside the caller's transaction: 0 or -1. */
int	 wp_post_link(struct db *, int64_t wp_id, int64_t post_id);
int	 wp_media_link(struct db *, const char *path, int64_t media_id);
int	 wp_redirect_add(struct db *, const char *from, const char *to, time_t now);

#endif
