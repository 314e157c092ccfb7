-- SPDX-License-Identifier: ISC
-- 0005-topic-order.sql: a topic page reads its newest articles from one index. Before, it
-- walked every visible article newest first and probed post_topics for each: a topic holding
-- 8 % of 10 000 articles cost about 110 probes a page, a third of the page's instructions.
-- post_topics.listed_at is the post's publish time while it is a published article that
-- is not in the trash, else NULL; the triggers below keep it. Queries still check the post
-- itself (db_sql.c VISIBLE), so listed_at only orders and narrows, it never decides what a
-- visitor may see. A future rebuild of posts must recreate posts_listed_upd.
ALTER TABLE post_topics ADD COLUMN listed_at INTEGER;
UPDATE post_topics SET listed_at = (
	SELECT CASE WHEN p.kind = 'article' AND p.status = 'published' AND p.deleted_at IS NULL
		THEN p.published_at END
	FROM posts p WHERE p.id = post_topics.post_id);
-- Same order as every list: (published_at DESC, id DESC).
CREATE INDEX post_topics_listed ON post_topics (topic_id, listed_at DESC, post_id DESC);

CREATE TRIGGER post_topics_listed_ins AFTER INSERT ON post_topics BEGIN
	UPDATE post_topics SET listed_at = (
		SELECT CASE WHEN p.kind = 'article' AND p.status = 'published'
			AND p.deleted_at IS NULL THEN p.published_at END
		FROM posts p WHERE p.id = NEW.post_id)
	WHERE post_id = NEW.post_id AND topic_id = NEW.topic_id;
END;
CREATE TRIGGER posts_listed_upd AFTER UPDATE OF kind, status, published_at, deleted_at
ON posts BEGIN
	UPDATE post_topics SET listed_at = CASE WHEN NEW.kind = 'article'
		AND NEW.status = 'published' AND NEW.deleted_at IS NULL THEN NEW.published_at END
	WHERE post_id = NEW.id;
END;
