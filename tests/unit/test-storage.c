/* SPDX-License-Identifier: ISC */
/* test-storage.c: the storage functions on a real SQLite file in a temporary folder ($TMPDIR,
 * else /tmp), without nginx or the daemon: posts, their topics and their revisions; the lists
 * the export and the content checks read; uploads; the site's secrets; two-factor sign-in;
 * and the read-only look `meridian check` and `meridian init` take at a database file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litestream.h"
#include "media.h"
#include "meridian.h"
#include "mfa.h"
#include "migrate.h"

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

/* media_file_fn: collects "id:name:alt:uploader:bytes " of each upload. */
static int
collect_media(const struct media_file *f, void *arg)
{
	char	 one[256];

	snprintf(one, sizeof(one), "%lld:%s:%s:%s:%.*s ", (long long)f->id, f->name, f->alt,
	    f->uploaded_by, (int)f->len, (const char *)f->bytes);
	strcat(arg, one);
	return 0;
}

/* Every post outside the trash, drafts included, for the export (by slug) and the checks. */
static void
test_list_all(struct db *db, time_t now)
{
	struct post_input	 in;
	char			 got[1024];
	int64_t			 id;

	memset(&in, 0, sizeof(in));
	in.kind = "page";
	in.slug = "about-the-clinic";
	in.title = "About the clinic";
	in.summary = "Who we are.";
	in.body_md = "We are a small clinic.\n";
	in.body_len = strlen(in.body_md);
	in.status = "draft";
	in.author = "Dr. Rowan Ito";
	in.reviewer = "";
	in.saved_by = "ana";
	INT_EQ(post_save(db, 0, -1, &in, now, &id), POST_SAVED_NEW, "a draft page is saved");
	got[0] = '\0';
	INT_EQ(post_list_all(db, 1, collect_post, got), 2, "the export lists two posts");
	STR_EQ(got, "about-the-clinic needles-and-sleep ",
	    "the draft page too, by slug, and not the emptied trash");
	got[0] = '\0';
	INT_EQ(post_list_all(db, 0, collect_post, got), 2, "the checks list two posts");
	STR_EQ(got, "needles-and-sleep about-the-clinic ", "by id");
	INT_EQ(post_set_trashed(db, id, 1, "ben", now), POST_TRASH_DONE, "the page is trashed");
	got[0] = '\0';
	INT_EQ(post_list_all(db, 1, collect_post, got), 1, "a trashed post is not listed");
	STR_EQ(got, "needles-and-sleep ", "only the other one");
}

/* The uploads as the export and the import's id check read them. */
static void
test_media(struct db *db)
{
	char	 got[1024], sha[65];

	got[0] = '\0';
	INT_EQ(media_each_file(db, collect_media, got), 0, "no upload yet");
	STR_EQ(got, "", "none listed");
	INT_EQ(db_exec(db, "INSERT INTO media (id, name, mime, size, sha256, alt, bytes, "
	    "created_at, uploaded_by) VALUES "
	    "(9, 'couch.png', 'image/png', 3, 'aa11', 'The couch', X'6f6e65', 1700000000, "
	    "'ana'), (4, 'door.png', 'image/png', 3, 'bb22', 'The door', X'74776f', "
	    "1700000001, 'ben')"), 0, "two uploads are stored");
	got[0] = '\0';
	INT_EQ(media_each_file(db, collect_media, got), 2, "both are listed");
	STR_EQ(got, "4:door.png:The door:ben:two 9:couch.png:The couch:ana:one ",
	    "by id, each with its name, alt, uploader and bytes");
	INT_EQ(media_sha256(db, 9, sha), 1, "an upload's hash is found");
	STR_EQ(sha, "aa11", "its own hash");
	INT_EQ(media_sha256(db, 5, sha), 0, "a free id has none");
}

/* The secrets a migration makes, which only the server reads. */
static void
test_secret(struct db *db)
{
	unsigned char	 key[32], again[32], zero[32];

	memset(zero, 0, sizeof(zero));
	memset(key, 0, sizeof(key));
	INT_EQ(settings_secret(db, "login_csrf", key, sizeof(key)), 1,
	    "the login secret is found");
	OK(memcmp(key, zero, sizeof(key)) != 0, "and is not zeros");
	INT_EQ(settings_secret(db, "login_csrf", again, sizeof(again)), 1, "read again");
	OK(memcmp(key, again, sizeof(key)) == 0, "it is the same secret");
	INT_EQ(settings_secret(db, "login_csrf", key, 16), 0, "a secret of another length "
	    "is not taken");
	INT_EQ(settings_secret(db, "no_such_secret", key, sizeof(key)), 0,
	    "an unknown secret is not found");
}

/* Two-factor sign-in's storage: a secret, steps used once, recovery codes, pending logins. */
static void
test_mfa(struct db *db, time_t now)
{
	struct mfa		 m;
	struct mfa_pending	 p, q;
	struct user		 u;
	unsigned char		 h1[32], h2[32];
	long long		 left;
	int64_t			 uid = 0;

	INT_EQ(user_add(db, "ana", "Ana", "a long enough password", ROLE_ADMIN, "test", now),
	    USER_ADDED, "an account is added");
	if (user_load_by_name(db, "ana", &u) == 1) {
		uid = u.id;
		user_free(&u);
	}
	INT_EQ(mfa_load(db, uid, &m), 0, "no second factor yet");
	INT_EQ(mfa_store_secret(db, uid, "JBSWY3DPEHPK3PXP", now), 0, "a secret is kept");
	INT_EQ(mfa_store_secret(db, uid, "KRSXG5CTMVRXEZLU", now), 0,
	    "a second enrolment is accepted");
	INT_EQ(mfa_load(db, uid, &m), 1, "the second factor is found");
	STR_EQ(m.secret, "JBSWY3DPEHPK3PXP", "with the secret first shown");
	INT_EQ(m.enabled, 0, "not on before a code confirms it");
	INT_EQ(mfa_store_step(db, uid, 100, 0), 0, "a code does not count before it is on");
	INT_EQ(mfa_store_step(db, uid, 100, 1), 1, "a code turns it on");
	INT_EQ(mfa_store_step(db, uid, 101, 1), 0, "it cannot be turned on twice");
	INT_EQ(mfa_load(db, uid, &m), 1, "found again");
	OK(m.enabled && m.last_step == 100, "on, with the confirming code's step");
	INT_EQ(mfa_store_step(db, uid, 100, 0), 0, "the same step is refused (replay)");
	INT_EQ(mfa_store_step(db, uid, 99, 0), 0, "so is an older one");
	INT_EQ(mfa_store_step(db, uid, 101, 0), 1, "a later step is taken");

	memset(h1, 1, sizeof(h1));
	memset(h2, 2, sizeof(h2));
	INT_EQ(mfa_recovery_add(db, uid, h1), 0, "a recovery code is kept");
	INT_EQ(mfa_recovery_add(db, uid, h2), 0, "and another");
	INT_EQ(mfa_recovery_left(db, uid, &left), 0, "the codes are counted");
	INT_EQ(left, 2, "two left");
	INT_EQ(mfa_recovery_spend(db, uid, h1), 1, "a code is spent");
	INT_EQ(mfa_recovery_spend(db, uid, h1), 0, "once only");
	INT_EQ(mfa_recovery_left(db, uid, &left), 0, "counted again");
	INT_EQ(left, 1, "one left");
	INT_EQ(mfa_recovery_clear(db, uid), 0, "the codes are cleared");
	INT_EQ(mfa_recovery_left(db, uid, &left), 0, "counted once more");
	INT_EQ(left, 0, "none left");

	memset(&p, 0, sizeof(p));
	memset(p.hash, 7, sizeof(p.hash));
	INT_EQ(mfa_pending_add(db, p.hash, uid, "csrf-token", now, now + 300), 0,
	    "a login waits for its code");
	INT_EQ(mfa_pending_get(db, now + 10, &p), 1, "it is found by its token's hash");
	INT_EQ(p.user_id, uid, "for the account");
	STR_EQ(p.user, "ana", "with its name");
	STR_EQ(p.csrf, "csrf-token", "and its form's token");
	INT_EQ(p.role, ROLE_ADMIN, "and its role");
	memset(&q, 0, sizeof(q));
	memset(q.hash, 8, sizeof(q.hash));
	INT_EQ(mfa_pending_get(db, now + 10, &q), 0, "another token finds nothing");
	INT_EQ(mfa_pending_get(db, now + 300, &p), 0, "an expired login is not found");
	INT_EQ(mfa_pending_use(db, &p, now + 10), 1, "a waiting login is spent");
	INT_EQ(mfa_pending_use(db, &p, now + 10), 0, "once only");
	INT_EQ(mfa_pending_add(db, q.hash, uid, "other", now, now + 300), 0,
	    "another login waits");
	INT_EQ(mfa_pending_add(db, h1, uid, "later", now + 400, now + 700), 0,
	    "a later login purges the expired ones");
	INT_EQ(mfa_pending_get(db, now + 200, &q), 0, "so the earlier one is gone");
	INT_EQ(mfa_remove(db, uid), 0, "the second factor is removed");
	INT_EQ(mfa_load(db, uid, &m), 0, "and is gone");
	memset(&q, 0, sizeof(q));
	memcpy(q.hash, h1, sizeof(q.hash));
	INT_EQ(mfa_pending_get(db, now + 500, &q), 0, "with the logins waiting for it");
}

/* The read-only look `meridian check` and `meridian init` take at a file, whatever it holds. */
static void
test_peek(struct db *db, const char *dir, const char *path)
{
	struct db_peek	 p;
	char		 other[512], msg[512];
	FILE		*f;
	int		 ver = -1;

	snprintf(other, sizeof(other), "%s/missing.db", dir);
	INT_EQ(db_peek_open(&p, other), -1, "a missing file does not open");
	OK(p.err[0] != '\0', "and says why");
	db_peek_close(&p);
	INT_EQ(db_peek_version_of(other), 0, "a missing file has version 0");
	snprintf(other, sizeof(other), "%s/junk.db", dir);
	if ((f = fopen(other, "w")) != NULL) {
		fputs("This is a letter to the clinic, not a database. It is long enough to "
		    "fill a header of one hundred bytes, which SQLite reads first.\n", f);
		fclose(f);
	}
	INT_EQ(db_peek_open(&p, other), 0, "a file that is not SQLite opens (lazily)");
	INT_EQ(db_peek_version(&p, &ver), -1, "but has no version");
	STR_EQ(p.err, "file is not a database", "SQLite's reason is kept");
	db_peek_close(&p);
	INT_EQ(db_peek_version_of(other), 0, "so its version counts as 0");

	INT_EQ(db_peek_version_of(path), (int)migrations_count, "the site is current");
	INT_EQ(db_peek_open(&p, path), 0, "the site opens read-only");
	INT_EQ(db_peek_version(&p, &ver), 0, "its version is read");
	INT_EQ(ver, (int)migrations_count, "the current one");
	INT_EQ(db_peek_integrity(&p, msg, sizeof(msg)), 1, "integrity_check passes");
	INT_EQ(db_peek_references(&p, msg, sizeof(msg)), 1, "every reference holds");
	INT_EQ(db_peek_has_table(&p, "posts"), 1, "the posts table is there");
	INT_EQ(db_peek_has_table(&p, LITESTREAM_TABLE), 0, "Litestream's is not");
	INT_EQ(db_exec(db, "PRAGMA foreign_keys = OFF"), 0, "references off, to break one");
	INT_EQ(db_exec(db, "INSERT INTO post_topics (post_id, topic_id, position) "
	    "VALUES (424242, 434343, 1)"), 0, "a row refers to missing rows");
	INT_EQ(db_exec(db, "PRAGMA foreign_keys = ON"), 0, "references on again");
	INT_EQ(db_peek_references(&p, msg, sizeof(msg)), 0, "the broken reference is found");
	OK(strstr(msg, "a row of post_topics") != NULL, "and named");
	INT_EQ(db_exec(db, "CREATE TABLE " LITESTREAM_TABLE " (id INTEGER)"), 0,
	    "Litestream's table is added");
	INT_EQ(db_peek_has_table(&p, LITESTREAM_TABLE), 1, "and seen");
	db_peek_close(&p);
}

int
main(void)
{
	char			 dir[256], path[512], *joined;
	const char		*tmp = getenv("TMPDIR");
	char			 got[1024];
	char			*t1[] = { "Sleep", "Back pain" }, *t2[] = { "Sleep" };
	struct db		 db;
	struct post		 p;
	struct revision		*v = NULL, r;
	size_t			 n = 0;
	int64_t			 id, ver, other;
	time_t			 now = 1767225600;

	if (snprintf(dir, sizeof(dir), "%s/meridian-storage-XXXXXX", tmp != NULL &&
	    *tmp != '\0' ? tmp : "/tmp") >= (int)sizeof(dir) || mkdtemp(dir) == NULL || db_global_init() == -1 ||
	    password_set_cost("minimal") == -1)
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

	test_list_all(&db, now);
	test_media(&db);
	test_secret(&db);
	test_mfa(&db, now);
	test_peek(&db, dir, path);
	db_close(&db);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return harness_done("test-storage");
}
