-- 0009-autosave.sql: each writer's autosave slot per article: the unsaved text the editor
-- sends every 30 s, offered back when the editor opens. Not a revision, and never shown to
-- visitors or to other staff.
-- SPDX-License-Identifier: ISC

CREATE TABLE autosaves (
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	post_id		INTEGER NOT NULL,	-- 0: a new article, not saved yet
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL,
	body		TEXT NOT NULL,
	saved_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, post_id)
) WITHOUT ROWID;
