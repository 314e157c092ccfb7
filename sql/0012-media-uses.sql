-- 0012-media-uses.sql: the media library asks which posts show an image as their featured
-- image, and deleting an image makes SQLite look for rows that still point to it.
-- SPDX-License-Identifier: ISC

-- Without it, both walk every row of post_images.
CREATE INDEX post_images_media ON post_images (media_id);
