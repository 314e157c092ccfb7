/* SPDX-License-Identifier: ISC */
/* test-storage.c: the storage functions on a real SQLite file in a temporary folder, without
 * nginx or the daemon: posts, their topics and their revisions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meridian.h"

#include "harness.h"

/* post_each_fn and topic_each_fn: collects slugs or "name:count" joined by spaces. */
static int
collect_post(const struct post *p, void *arg)
{
	strcat(arg, p->slug);
	strcat(arg, " ");
	return 0;
}

static int
collect_topic(const struct topic *t, void *arg)
{
	char	 one[128];

	snprintf(one, sizeof(one), "%s:%lld ", t->name, t->count);
	strcat(arg, one);
	return 0;
}

static enum post_save_result
save(struct db *db, int64_t id, const char *slug, const char *body, char *const *topics,
    size_t ntopics, time_t now, int64_t *out)
{
	struct post_input	 in;

	memset(&in, 0, sizeof(in));
	in.kind = "article";
	in.slug = slug;
	in.title = "Needles and sleep";
	in.summary = "What a first visit for insomnia is like.";
	in.body_md = body;
	in.body_len = strlen(body);
	in.status = "published";
	in.published_at = now;
	in.author = "Dr. Rowan Ito";
	in.reviewer = "";
	in.topics = topics;
	in.ntopics = ntopics;
	in.substantive = 1;
	in.saved_by = "ana";
	return post_save(db, id, -1, &in, now, out);
}

int
main(void)
{
	char			 dir[] = "/tmp/meridian-storage-XXXXXX", path[512], *joined;
	char			 got[1024];
	char			*t1[] = { "Sleep", "Back pain" }, *t2[] = { "Sleep" };
	struct db		 db;
	struct post		 p;
	struct revision		*v = NULL, r;
	size_t			 n = 0;
	int64_t			 id, ver, other;
	time_t			 now = 1767225600;

	if (mkdtemp(dir) == NULL || db_global_init() == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/site.db", dir);
	INT_EQ(db_open(&db, path, DB_CREATE), 0, "a new database opens and migrates");

	INT_EQ(save(&db, 0, "needles-and-sleep", "First text.\n", t1, 2, now, &id),
	    POST_SAVED_NEW, "a new post is saved");
	INT_EQ(save(&db, id, "needles-and-sleep", "Second text.\n", t2, 1, now + 60, &ver),
	    POST_SAVED_UPDATE, "an edit is saved");

	INT_EQ(post_load_by_id(&db, id, &p), 1, "the post is found by id");
	STR_EQ(p.body_md, "Second text.\n", "the post holds the newest text");
	post_free(&p);
	INT_EQ(post_load_by_id(&db, id + 1000, &p), 0, "an unknown id is not found");

	joined = post_topics_joined(&db, id);
	STR_EQ(joined ? joined : "(null)", "Sleep", "the topics are the edit's");
	free(joined);

	INT_EQ(revision_list(&db, id, &v, &n), 0, "the revisions are listed");
	INT_EQ(n, 2, "one revision per save");
	if (n == 2) {
		OK(v[0].version > v[1].version, "newest first");
		STR_EQ(v[0].saved_by, "ana", "who saved it");
	}
	if (revision_get(&db, id, n == 2 ? v[1].id : 0, &r) == 1) {
		STR_EQ(r.body_md, "First text.\n", "the older revision keeps the first text");
		STR_EQ(r.topics, "Sleep, Back pain", "and its topics, as typed");
		revision_free(&r);
	} else
		OK(0, "the older revision is found");
	INT_EQ(save(&db, 0, "other-post", "Other.\n", NULL, 0, now, &other),
	    POST_SAVED_NEW, "a second post is saved");
	INT_EQ(revision_get(&db, other, n == 2 ? v[1].id : 0, &r), 0,
	    "a revision is not found under another post");

	INT_EQ(revision_restore(&db, id, n == 2 ? v[1].id : 0, "ben", now + 120, &ver),
	    POST_SAVED_UPDATE, "restoring saves a new revision");
	INT_EQ(post_load_by_id(&db, id, &p), 1, "the restored post is found");
	STR_EQ(p.body_md, "First text.\n", "restoring brings the old text back");
	post_free(&p);
	joined = post_topics_joined(&db, id);
	STR_EQ(joined ? joined : "(null)", "Sleep, Back pain", "and the old topics");
	free(joined);
	revision_list_free(v, n);
	INT_EQ(revision_list(&db, id, &v, &n), 0, "the revisions are listed again");
	INT_EQ(n, 3, "restoring added a revision, losing none");
	revision_list_free(v, n);
	INT_EQ(revision_restore(&db, id, 999999, "ben", now, &ver), POST_SAVE_GONE,
	    "restoring an unknown revision is refused");

	/* The lists visitors and staff see. */
	got[0] = '\0';
	INT_EQ(post_list_visible(&db, 0, now + 300, 0, 10, 0, collect_post, got), 2,
	    "two visible articles");
	STR_EQ(got, "other-post needles-and-sleep ", "newest first (same time: higher id)");
	INT_EQ(post_count_visible(&db, 0, now + 300), 2, "counted alike");
	INT_EQ(post_count_visible(&db, 0, now - 1), 0, "nothing is visible before it is published");
	got[0] = '\0';
	INT_EQ(topic_list_visible(&db, now + 300, collect_topic, got), 2, "two topics");
	OK(strstr(got, "Sleep:1 ") != NULL && strstr(got, "Back pain:1 ") != NULL,
	    "each with its visible article");
	INT_EQ(post_set_trashed(&db, other, 1, "ben", now + 200), POST_TRASH_DONE,
	    "a post goes to the trash");
	INT_EQ(post_count_visible(&db, 0, now + 300), 1, "and is no longer visible");
	got[0] = '\0';
	INT_EQ(post_list_staff(&db, "trash", now + 300, 10, collect_post, got), 1,
	    "the staff see it in the trash");
	STR_EQ(got, "other-post ", "that one");
	INT_EQ(post_set_trashed(&db, 999999, 1, "ben", now), POST_TRASH_GONE,
	    "trashing an unknown post is refused");
	INT_EQ(post_empty_trash(&db, "ben", now + 400, &n), 0, "the trash is emptied");
	INT_EQ(n, 1, "of the one post in it");
	INT_EQ(post_load_by_id(&db, other, &p), 0, "which is gone for good");
	INT_EQ(post_load_by_id(&db, id, &p), 1, "while the other stays");
	post_free(&p);

	db_close(&db);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return harness_done("test-storage");
}
