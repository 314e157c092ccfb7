-- SPDX-License-Identifier: ISC
-- 0011-change-time.sql: when the site last changed, beside its generation counter, so that a
-- page's Last-Modified moves with any change it can show (an edit of a listed article, a
-- setting, a library image), not only with the newest publish time: a client that
-- revalidates with If-Modified-Since alone must not keep a stale list or feed.
ALTER TABLE site_state ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE site_state SET changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1;
-- Every change bumps the generation (see 0001); the time follows it. This UPDATE touches
-- changed_at only, so it does not fire the trigger again.
CREATE TRIGGER site_state_changed AFTER UPDATE OF generation ON site_state BEGIN
	UPDATE site_state SET changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1;
END;
-- A library image added, rebuilt or removed changes the pages that show it (their <picture>
-- markup names its variants), so it bumps the generation like any other visible change.
CREATE TRIGGER media_gen_ins AFTER INSERT ON media BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER media_gen_upd AFTER UPDATE ON media BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER media_gen_del AFTER DELETE ON media BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER media_variants_gen AFTER INSERT ON media_variants BEGIN
	UPDATE site_state SET generation = generation + 1 WHERE id = 1;
END;
