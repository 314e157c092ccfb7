/* SPDX-License-Identifier: ISC */
/* cmd_export.c: `meridian export DIR`: every article and page that is not in the trash (drafts
 * and scheduled ones included) as DIR/SLUG.md, front matter written by fm_emit() and the body
 * as stored, and every upload as DIR/media/ID-NAME listed in DIR/media/media.tsv. `meridian
 * import DIR` reads all of it back, so export -> import into an empty database -> export
 * gives the same files. The export is one read snapshot: the site may keep writing. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cmd.h"
#include "frontmatter.h"
#include "manifest.h"
#include "media.h"
#include "slug.h"
#include "util.h"

static const char export_usage[] =
    "usage: meridian export [--db PATH] [--config FILE] DIR\n"
    "Writes every article and page (not the trash) as DIR/SLUG.md with front matter,\n"
    "and the media files as DIR/media/ID-NAME with DIR/media/media.tsv. DIR must be new\n"
    "or empty. `meridian import DIR` reads it back.\n";

/* Writes "len" bytes to the new file "path" (never an existing one). Returns 0 or -1. */
static int
export_write(const char *path, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1) {
		fprintf(stderr, "meridian: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "meridian: %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) == -1) {
		fprintf(stderr, "meridian: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Creates "dir", or accepts it if it exists and is empty: an export never mixes with old files. */
static int
export_mkdir(const char *dir)
{
	struct dirent	*de;
	DIR		*d;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST) {
		fprintf(stderr, "meridian: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "meridian: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			closedir(d);
			fprintf(stderr, "meridian: %s is not empty; export into a "
			    "new or empty folder\n", dir);
			return -1;
		}
	closedir(d);
	return 0;
}

/* Loads the topic names of post "id" into "fm" (owned by "fm"). Returns 0 or -1. */
static int
export_topics(struct db *db, int64_t id, struct fm *fm)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_TOPICS);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fm->topics = xrealloc(fm->topics, (fm->ntopics + 1) *
		    sizeof(*fm->topics));
		fm->topics[fm->ntopics++] = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		return -1;
	}
	return 0;
}

/*
 * Writes one post as DIR/SLUG.md. "p" is lent: the front matter borrows its strings, so only
 * the topics are freed here. Returns 0 or -1 (printed).
 */
static int
export_post(struct db *db, const char *dir, const struct post *p)
{
	struct fm	 fm;
	struct buf	 b;
	char		 path[4096], image[MEDIA_URL_MAX];
	int64_t		 mid;
	size_t		 i;
	int		 rc = -1;

	if (!slug_valid(p->slug)) {
		fprintf(stderr, "meridian: post %lld has the slug '%s', which is not "
		    "a valid file name; fix it in the editor first\n",
		    (long long)p->id, p->slug);
		return -1;
	}
	memset(&fm, 0, sizeof(fm));
	buf_init(&b);
	if (export_topics(db, p->id, &fm) == -1)
		goto out;
	fm.title = p->title;
	fm.slug = p->slug;
	fm.summary = p->summary;
	fm.status = p->status;
	fm.kind = p->kind;
	fm.author = p->author;
	fm.reviewer = p->reviewer;
	fm.reviewed = p->reviewed_date;
	fm.review_due = p->review_due_date;
	fm.date = p->published_at;
	fm.has_date = 1;
	fm.updated = p->updated_at;
	fm.has_updated = 1;
	/* The featured image by its library address, which the import keeps. */
	if (media_post_image(db, p->id, &mid) == -1 || (mid > 0 &&
	    media_library_url(db, mid, image, sizeof(image)) == -1))
		goto out;
	if (mid > 0)
		fm.image = image;
	fm_emit(&b, &fm);
	buf_puts(&b, p->body_md);
	snprintf(path, sizeof(path), "%s/%s.md", dir, p->slug);
	rc = export_write(path, b.data, b.len);
out:
	for (i = 0; i < fm.ntopics; i++)
		free(fm.topics[i]);
	free(fm.topics);
	buf_free(&b);
	return rc;
}

/* Writes DIR/media/ID-NAME for every upload, and DIR/media/media.tsv. Returns the count or -1. */
static int
export_media(struct db *db, const char *dir)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_EXPORT_MEDIA);
	struct buf	 tsv;
	char		 mdir[4096], path[4096 + 200];
	const char	*name;
	int		 rc, n = 0;

	buf_init(&tsv);
	manifest_header(&tsv);
	snprintf(mdir, sizeof(mdir), "%s/media", dir);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 1);
		if (name == NULL || !manifest_name_ok(name)) {
			fprintf(stderr, "meridian: media %lld has a name that is not "
			    "safe as a file name\n", (long long)sqlite3_column_int64(st, 0));
			goto fail;
		}
		if (n == 0 && export_mkdir(mdir) == -1)
			goto fail;
		snprintf(path, sizeof(path), "%s/%lld-%s", mdir,
		    (long long)sqlite3_column_int64(st, 0), name);
		if (export_write(path, sqlite3_column_blob(st, 7),
		    (size_t)sqlite3_column_bytes(st, 7)) == -1)
			goto fail;
		manifest_row(&tsv, sqlite3_column_int64(st, 0), name,
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    sqlite3_column_int64(st, 4),
		    (const char *)sqlite3_column_text(st, 5),
		    (const char *)sqlite3_column_text(st, 6));
		n++;
	}
	if (rc != SQLITE_DONE) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		goto fail;
	}
	sqlite3_reset(st);
	if (n > 0) {
		snprintf(path, sizeof(path), "%s/%s", mdir, MANIFEST_FILE);
		if (export_write(path, tsv.data, tsv.len) == -1)
			n = -1;
	}
	buf_free(&tsv);
	return n;
fail:
	sqlite3_reset(st);
	buf_free(&tsv);
	return -1;
}

int
cmd_export(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	struct post		 p;
	sqlite3_stmt		*st;
	const char		*dir;
	int			 ch, rc = EXIT_USER, dbopen = 0, intx = 0, step;
	int			 articles = 0, pages = 0, media;

	if ((ch = cmd_flags(argc, argv, export_usage, NULL, &co)) >= 0)
		return ch;
	if (argc - optind != 1) {
		cmd_usage(export_usage);
		return EXIT_USAGE;
	}
	dir = argv[optind];
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	/* db_open() has said why, in one line naming the file. */
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	dbopen = 1;
	if (export_mkdir(dir) == -1)
		goto out;
	/* One deferred read transaction: posts and media from the same moment, no lock held. */
	if (db_exec(&db, "BEGIN") == -1)
		goto out;
	intx = 1;
	st = db_stmt(&db, STMT_EXPORT_POSTS);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		post_from_row(st, &p);
		if (export_post(&db, dir, &p) == -1) {
			post_free(&p);
			sqlite3_reset(st);
			goto out;
		}
		if (strcmp(p.kind, "page") == 0)
			pages++;
		else
			articles++;
		post_free(&p);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		fprintf(stderr, "meridian: reading the posts failed: %s\n",
		    sqlite3_errmsg(db.conn));
		goto out;
	}
	if ((media = export_media(&db, dir)) == -1)
		goto out;
	printf("%s: %d article%s, %d page%s, %d media file%s\n", dir, articles,
	    articles == 1 ? "" : "s", pages, pages == 1 ? "" : "s", media,
	    media == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	if (intx)
		db_exec(&db, "COMMIT");
	if (dbopen)
		db_close(&db);
	conf_free(&conf);
	return rc;
}
