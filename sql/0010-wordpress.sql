-- SPDX-License-Identifier: ISC
-- 0010-wordpress.sql: what `meridian import` remembers of a WordPress site, so that running it
-- again updates the same posts and reuses the same images instead of adding copies.

-- A WordPress post or page id and the post it became.
CREATE TABLE wp_posts (
	wp_id		INTEGER PRIMARY KEY,
	post_id		INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE
);
CREATE INDEX wp_posts_post ON wp_posts (post_id);

-- A file under wp-content/uploads/ ('2023/05/x.jpg') and the image it became.
CREATE TABLE wp_media (
	path		TEXT PRIMARY KEY,
	media_id	INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE
);
CREATE INDEX wp_media_media ON wp_media (media_id);
