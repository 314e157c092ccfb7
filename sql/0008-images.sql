-- 0008-images.sql: every image as sized variants made by the image pipeline (metadata
-- stripped, orientation applied, sRGB), and the featured image of a post.
-- SPDX-License-Identifier: ISC

-- media.bytes now holds the processed full size (JPEG, or PNG with transparency), never the
-- uploaded file; rows from before hold what was uploaded until `meridian media rebuild`
-- runs them through the pipeline. width and height are the full size's; 0 = not processed.
ALTER TABLE media ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN height INTEGER NOT NULL DEFAULT 0;

-- One row per size and format; the full size is the widest. sha256 is of these bytes: it is
-- in the variant's URL, so the URL changes whenever the bytes do.
CREATE TABLE media_variants (
	media_id	INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
	width		INTEGER NOT NULL,
	height		INTEGER NOT NULL,
	format		TEXT NOT NULL CHECK (format IN ('webp', 'jpeg', 'png')),
	sha256		TEXT NOT NULL,
	bytes		BLOB NOT NULL,
	PRIMARY KEY (media_id, width, format)
);

-- The featured image, in its own table rather than a posts column: a column added to posts
-- would sit after body_md, where every list row would walk the body to reach it.
CREATE TABLE post_images (
	post_id		INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	media_id	INTEGER NOT NULL REFERENCES media (id)
);
