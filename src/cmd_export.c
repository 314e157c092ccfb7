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

/* topic_each_fn: adds one topic name to the front matter "arg" (which owns it). */
static int
export_topic(const struct topic *t, void *arg)
{
	struct fm	*fm = arg;

	fm->topics = xrealloc(fm->topics, (fm->ntopics + 1) * sizeof(*fm->topics));
	fm->topics[fm->ntopics++] = xstrdup(t->name != NULL ? t->name : "");
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
	if (topic_list_of_post(db, p->id, export_topic, &fm) == -1)
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

/* What the export carries from one post or upload to the next. */
struct export_ctx {
	struct db	*db;
	const char	*dir;
	char		 mdir[4096];	/* DIR/media */
	struct buf	 tsv;		/* DIR/media/media.tsv so far */
	int		 articles, pages, media;
	int		 failed;	/* a post could not be written (printed) */
};

/* post_each_fn: writes one post. */
static int
export_one_post(const struct post *p, void *arg)
{
	struct export_ctx	*x = arg;

	if (export_post(x->db, x->dir, p) == -1) {
		x->failed = 1;
		return -1;
	}
	if (strcmp(p->kind, "page") == 0)
		x->pages++;
	else
		x->articles++;
	return 0;
}

/* media_file_fn: writes DIR/media/ID-NAME for one upload and adds its line to the manifest. */
static int
export_one_media(const struct media_file *f, void *arg)
{
	struct export_ctx	*x = arg;
	char			 path[4096 + 200];

	if (f->name == NULL || !manifest_name_ok(f->name)) {
		fprintf(stderr, "meridian: media %lld has a name that is not "
		    "safe as a file name\n", (long long)f->id);
		return -1;
	}
	if (x->media == 0 && export_mkdir(x->mdir) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%lld-%s", x->mdir, (long long)f->id, f->name);
	if (export_write(path, f->bytes, f->len) == -1)
		return -1;
	manifest_row(&x->tsv, f->id, f->name, f->mime, f->sha256, f->created_at,
	    f->uploaded_by, f->alt);
	x->media++;
	return 0;
}

/* Writes DIR/media/ID-NAME for every upload, and DIR/media/media.tsv. Returns 0 or -1. */
static int
export_media(struct export_ctx *x)
{
	char	 path[4096 + 200];

	manifest_header(&x->tsv);
	snprintf(x->mdir, sizeof(x->mdir), "%s/media", x->dir);
	if (media_each_file(x->db, export_one_media, x) == -1)
		return -1;
	if (x->media == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", x->mdir, MANIFEST_FILE);
	return export_write(path, x->tsv.data, x->tsv.len);
}

int
cmd_export(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	struct export_ctx	 x;
	int			 ch, rc = EXIT_USER, dbopen = 0, intx = 0;

	memset(&x, 0, sizeof(x));
	buf_init(&x.tsv);
	if ((ch = cmd_flags(argc, argv, export_usage, NULL, &co)) >= 0)
		return ch;
	if (argc - optind != 1) {
		cmd_usage(export_usage);
		return EXIT_USAGE;
	}
	x.dir = argv[optind];
	x.db = &db;
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	/* db_open() has said why, in one line naming the file. */
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	dbopen = 1;
	if (export_mkdir(x.dir) == -1)
		goto out;
	/* One deferred read transaction: posts and media from the same moment, no lock held. */
	if (db_read_begin(&db) == -1)
		goto out;
	intx = 1;
	if (post_list_all(&db, 1, export_one_post, &x) == -1) {
		/* A failed file was named; a failed read was logged with its reason. */
		if (!x.failed)
			fprintf(stderr, "meridian: reading the posts failed\n");
		goto out;
	}
	if (export_media(&x) == -1)
		goto out;
	printf("%s: %d article%s, %d page%s, %d media file%s\n", x.dir, x.articles,
	    x.articles == 1 ? "" : "s", x.pages, x.pages == 1 ? "" : "s", x.media,
	    x.media == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	if (intx)
		db_read_end(&db);
	if (dbopen)
		db_close(&db);
	buf_free(&x.tsv);
	conf_free(&conf);
	return rc;
}
