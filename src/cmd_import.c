/* SPDX-License-Identifier: ISC */
/* cmd_import.c: `meridian import FILE.md|DIR...`: Markdown files with YAML front matter
 * (ours, Hugo's or Jekyll's). Every file is checked first; if any is bad, its FILE:LINE error
 * is printed and nothing is written. Then each file is saved in its own transaction, and a
 * slug that exists already is updated (a new revision), never duplicated.
 * A DIR written by `meridian export` also has DIR/media/media.tsv: its files are checked
 * (SHA-256, type, size) and their ids looked up with the rest, then inserted in one
 * transaction before the posts, with the same ids so /media/ID/NAME links in bodies hold.
 * A WordPress export (recognised by its content, not its name) goes to wp_import.c. */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "checks.h"
#include "cmd.h"
#include "frontmatter.h"
#include "manifest.h"
#include "media.h"
#include "slug.h"
#include "util.h"
#include "wp_import.h"
#include "wxr.h"

#define IMPORT_MAX_FILE		(LIMIT_MARKDOWN + 64 * 1024 + 16)
#define IMPORT_MAX_FILES	100000

static const char import_usage[] =
    "usage: meridian import [--db PATH] [--config FILE] FILE.md|DIR...\n"
    "       meridian import [--db PATH] [--config FILE] [--uploads DIR] [--fetch]\n"
    "                       [--dry-run] EXPORT.xml\n"
    "Front matter keys: title, slug, date, updated, topics (or tags, categories), summary\n"
    "(or description), status (or draft: true), kind, author, reviewer, reviewed,\n"
    "review_due, image (or featured_image, images: a /media/ address or a file beside the\n"
    "Markdown). A DIR from `meridian export` brings its media (DIR/media/media.tsv).\n"
    "EXPORT.xml is WordPress's export (Tools, Export); --uploads names a copy of its\n"
    "wp-content/uploads (from WordPress.com: its media, by YYYY/MM/name), --fetch\n"
    "downloads the images not there from the old site (or its WordPress.com media\n"
    "host), --dry-run prints the report and writes nothing.\n";

/* `meridian import EXPORT.xml`: a WordPress export, found by its content. */
static int
import_wordpress(const struct conf *conf, const char *path, const char *uploads,
    const char *fetch, const char *dry_run, time_t now)
{
	struct wp_import_opt	 opt;
	struct settings		 s;
	struct db		 db;
	int			 rc;

	memset(&opt, 0, sizeof(opt));
	opt.path = path;
	opt.uploads = uploads;
	opt.fetch = fetch != NULL;
	opt.dry_run = dry_run != NULL;
	opt.budget_ms = conf->render_budget_ms;
	if (db_open(&db, conf->db_path, opt.dry_run ? DB_READ_ONLY : 0) == -1) {
		fprintf(stderr, "meridian: %s: cannot open the database "
		    "(run 'meridian init' first)\n", conf->db_path);
		return EXIT_USER;
	}
	/* A post without a UTC date is dated in the site's time zone. */
	if (settings_load(&db, &s) == -1) {
		db_close(&db);
		return EXIT_USER;
	}
	setenv("TZ", s.v[SET_TIMEZONE], 1);
	tzset();
	settings_free(&s);
	rc = wp_import(&db, &opt, now);
	db_close(&db);
	return rc;
}

struct import_doc {
	char		*path;
	char		*text;
	size_t		 len;
	struct fm	 fm;
	char		*slug;		/* from the front matter or the title */
};

/* One media file of an export folder, checked and held in memory until it is saved. */
struct import_media {
	struct manifest_entry	 e;
	char			*where;		/* "DIR/media/media.tsv:LINE", for messages */
	char			*bytes;
	size_t			 len;
	int			 present;	/* already in the database, same SHA-256 */
};

struct import_media_list {
	struct import_media	*v;
	size_t			 n;
};

static int
ends_with_md(const char *name)
{
	size_t	 n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, ".md") == 0) ||
	    (n > 9 && strcmp(name + n - 9, ".markdown") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds "path", or the .md files of directory "path" (sorted, one level), to "paths". */
static int
import_collect(const char *path, char ***paths, size_t *n)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		 full[4096];
	size_t		 first = *n;

	if (stat(path, &sb) == -1) {
		fprintf(stderr, "%s: no such file or directory\n", path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		*paths = xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = xstrdup(path);
		return 0;
	}
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "%s: cannot read the directory\n", path);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ends_with_md(de->d_name))
			continue;
		if (*n >= IMPORT_MAX_FILES) {
			fprintf(stderr, "%s: more than %d files\n", path,
			    IMPORT_MAX_FILES);
			closedir(d);
			return -1;
		}
		snprintf(full, sizeof(full), "%s/%s", path, de->d_name);
		*paths = xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = xstrdup(full);
	}
	closedir(d);
	qsort(*paths + first, *n - first, sizeof(**paths), cmp_str);
	return 0;
}

/* The post that file "doc" describes, borrowing its strings. */
static void
import_input(const struct import_doc *doc, struct post_input *in)
{
	const struct fm		*fm = &doc->fm;

	memset(in, 0, sizeof(*in));
	in->kind = fm->kind ? fm->kind : "article";
	in->slug = doc->slug;
	in->title = fm->title;
	in->summary = fm->summary ? fm->summary : "";
	in->body_md = fm->body;
	in->body_len = fm->body_len;
	in->status = fm->status ? fm->status : "published";
	in->published_at = fm->has_date ? fm->date : 0;
	/* Without "updated", the article was last changed when it was published. */
	in->updated_at = fm->has_updated ? fm->updated : in->published_at;
	in->author = fm->author ? fm->author : "";
	in->reviewer = fm->reviewer ? fm->reviewer : "";
	in->reviewed_date = fm->reviewed;
	in->review_due_date = fm->review_due;
	in->topics = fm->topics;
	in->ntopics = fm->ntopics;
	in->substantive = 1;
	in->saved_by = "import";
}

/* Reads and validates one file into "doc". Prints FILE:LINE: message and returns -1 if bad. */
static int
import_check(struct import_doc *doc, int budget_ms)
{
	struct post_input	 in;
	struct buf		 err;
	char			 msg[512];
	int			 line = 0;

	if ((doc->text = cmd_read_file(doc->path, IMPORT_MAX_FILE, &doc->len)) ==
	    NULL)
		return -1;
	if (fm_parse(doc->text, doc->len, &doc->fm, msg, sizeof(msg), &line) == -1) {
		fprintf(stderr, "%s:%d: %s\n", doc->path, line, msg);
		return -1;
	}
	if (doc->fm.slug != NULL)
		doc->slug = xstrdup(doc->fm.slug);
	else
		doc->slug = slug_from_title(doc->fm.title);
	/*
	 * The rules every post obeys, as in the editor. The front matter's own checks have
	 * named the line of any bad field already, so what is left here is the body's.
	 */
	import_input(doc, &in);
	buf_init(&err);
	if (post_validate(&in, budget_ms, &err, NULL) != POST_VALID) {
		while (err.len > 0 && err.data[err.len - 1] == ' ')
			err.len--;
		fprintf(stderr, "%s:%d: %.*s\n", doc->path, doc->fm.body_line,
		    (int)err.len, err.data);
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	return 0;
}

/*
 * Reads DIR/media/media.tsv, if there is one, and each file it lists, into "ml". Every
 * problem is printed as FILE:LINE: what; returns the number of problems.
 */
static int
import_media_collect(const char *dir, struct import_media_list *ml)
{
	struct import_media	*m;
	struct stat		 sb;
	unsigned char		 h[crypto_hash_sha256_BYTES];
	char			 tsv[4096], path[4096 + 200], hex[65], err[256];
	char			*text, *line, *nl;
	size_t			 len, i;
	int			 lineno = 0, bad = 0, r;

	snprintf(tsv, sizeof(tsv), "%s/media/%s", dir, MANIFEST_FILE);
	if (stat(tsv, &sb) == -1)
		return 0;
	if ((text = cmd_read_file(tsv, MANIFEST_MAX_BYTES, &len)) == NULL)
		return 1;
	for (line = text; line < text + len; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(text + len - line))) == NULL)
			nl = text + len;
		ml->v = xrealloc(ml->v, (ml->n + 1) * sizeof(*ml->v));
		m = &ml->v[ml->n];
		memset(m, 0, sizeof(*m));
		r = manifest_parse_line(line, (size_t)(nl - line), &m->e, err, sizeof(err));
		if (r == 0)
			continue;
		if (r == -1) {
			fprintf(stderr, "%s:%d: %s\n", tsv, lineno, err);
			bad++;
			continue;
		}
		snprintf(path, sizeof(path), "%s/media/%s:%d", dir, MANIFEST_FILE, lineno);
		m->where = xstrdup(path);
		ml->n++;
		for (i = 0; i + 1 < ml->n; i++)
			if (ml->v[i].e.id == m->e.id) {
				fprintf(stderr, "%s: media id %lld is also on %s\n",
				    m->where, (long long)m->e.id, ml->v[i].where);
				bad++;
				break;
			}
		snprintf(path, sizeof(path), "%s/media/%lld-%s", dir,
		    (long long)m->e.id, m->e.name);
		if ((m->bytes = cmd_read_file(path, LIMIT_UPLOAD, &m->len)) == NULL) {
			fprintf(stderr, "%s: the file of media %lld cannot be read\n",
			    m->where, (long long)m->e.id);
			bad++;
			continue;
		}
		crypto_hash_sha256(h, (const unsigned char *)m->bytes, m->len);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		if (m->len == 0 || strcmp(hex, m->e.sha256) != 0) {
			fprintf(stderr, "%s: %s does not match its SHA-256\n", m->where,
			    path);
			bad++;
		}
	}
	free(text);
	return bad;
}

static void
import_media_free(struct import_media_list *ml)
{
	size_t	 i;

	for (i = 0; i < ml->n; i++) {
		manifest_entry_free(&ml->v[i].e);
		free(ml->v[i].where);
		free(ml->v[i].bytes);
	}
	free(ml->v);
	memset(ml, 0, sizeof(*ml));
}

/*
 * Looks up every media id before anything is written: a free id is taken, the same file
 * under its id is left alone, another file under it stops the import. Returns 0 or -1.
 */
static int
import_media_check_ids(struct db *db, struct import_media_list *ml)
{
	char	 sha[65];
	size_t	 i;
	int	 rc, bad = 0;

	for (i = 0; i < ml->n; i++) {
		rc = media_sha256(db, ml->v[i].e.id, sha);
		if (rc == 1) {
			if (strcmp(sha, ml->v[i].e.sha256) == 0)
				ml->v[i].present = 1;
			else {
				fprintf(stderr, "%s: media id %lld already holds another "
				    "file in the database\n", ml->v[i].where,
				    (long long)ml->v[i].e.id);
				bad++;
			}
		} else if (rc == -1)
			bad++;
	}
	return bad ? -1 : 0;
}

/*
 * Runs each file not present yet through the image pipeline and stores it under its id, one
 * transaction per file (the pipeline works in a child, one image at a time). Returns 0, or
 * -1 at the first file refused or not saved; the files before it stay imported.
 */
static int
import_media_save(struct db *db, const struct import_media_list *ml)
{
	const struct import_media	*m;
	char				 err[256];
	int64_t				 id;
	size_t				 i;

	for (i = 0; i < ml->n; i++) {
		m = &ml->v[i];
		if (m->present) {
			printf("%s: unchanged media /media/%lld/%s\n", m->where,
			    (long long)m->e.id, m->e.name);
			continue;
		}
		id = media_store_id(db, m->e.id, m->e.name, (const unsigned char *)m->bytes,
		    m->len, m->e.alt, m->e.uploaded_by, m->e.created_at, err, sizeof(err));
		if (id <= 0) {
			fprintf(stderr, "%s: %s\n", m->where, id == 0 ? err :
			    "the image could not be saved");
			fprintf(stderr, "meridian: media stopped at this file; no article was "
			    "imported\n");
			return -1;
		}
		printf("%s: created media /media/%lld/%s\n", m->where, (long long)m->e.id,
		    m->e.name);
	}
	return 0;
}

static void
import_doc_free(struct import_doc *doc)
{
	free(doc->path);
	free(doc->text);
	free(doc->slug);
	fm_free(&doc->fm);
}

/*
 * The featured image of "doc" into "*id" (0 for none): a /media/ address of the library, or
 * an image file beside the Markdown (a relative path without ".."), which goes through the
 * image pipeline with the title as its alt text. Returns 0, or -1 with a message printed.
 */
static int
import_image(struct db *db, const struct import_doc *doc, time_t now, int64_t *id)
{
	const char		*img = doc->fm.image, *slash;
	struct media_info	 mi;
	char			 path[4096], err[256];
	char			*bytes;
	size_t			 len;
	int			 r;

	/* The file is the truth: no image in it, none on the post. */
	*id = POST_IMAGE_NONE;
	if (img == NULL)
		return 0;
	if (strncmp(img, "/media/", 7) == 0) {
		if ((*id = media_url_id(img)) == 0 ||
		    (r = media_info_load(db, *id, &mi)) == 0) {
			fprintf(stderr, "%s: image: %s is not in the media library\n",
			    doc->path, img);
			return -1;
		}
		if (r == -1)
			return -1;
		media_info_free(&mi);
		return 0;
	}
	if (*img == '/' || strstr(img, "://") != NULL || strstr(img, "..") != NULL) {
		fprintf(stderr, "%s: image: %s must be a /media/ address or a file beside the "
		    "Markdown (images are never fetched from elsewhere)\n", doc->path, img);
		return -1;
	}
	slash = strrchr(doc->path, '/');
	snprintf(path, sizeof(path), "%.*s%s", slash ? (int)(slash - doc->path + 1) : 0,
	    doc->path, img);
	if ((bytes = cmd_read_file(path, LIMIT_UPLOAD, &len)) == NULL) {
		fprintf(stderr, "%s: image: %s cannot be read (at most 10 MiB)\n", doc->path,
		    path);
		return -1;
	}
	*id = media_store(db, img, (const unsigned char *)bytes, len, doc->fm.title, "import",
	    now, err, sizeof(err));
	free(bytes);
	if (*id <= 0) {
		fprintf(stderr, "%s: image: %s: %s\n", doc->path, path, *id == 0 ? err :
		    "it could not be saved");
		return -1;
	}
	printf("%s: created media /media/%lld for its image %s\n", doc->path, (long long)*id,
	    img);
	return 0;
}

static int
import_save(struct db *db, const struct import_doc *doc, time_t now)
{
	struct post_input	 in;
	enum post_save_result	 r;
	int64_t			 id;

	import_input(doc, &in);
	if (import_image(db, doc, now, &in.image_id) == -1)
		return -1;
	r = post_save(db, -1, -1, &in, now, &id);
	if (r != POST_SAVED_NEW && r != POST_SAVED_UPDATE) {
		fprintf(stderr, "%s: could not be saved (%s); nothing of it was "
		    "written\n", doc->path, db_take_disk_full() ? "the disk is full" :
		    "see above");
		return -1;
	}
	printf("%s: %s %s %s%s\n", doc->path, r == POST_SAVED_NEW ? "created" :
	    "updated", in.kind, post_path_prefix(in.kind), doc->slug);
	return 0;
}

/*
 * The editor's health-content checks on an imported text: advice on stderr, as warnings
 * that never stop the import.
 */
static void
import_advise(const struct import_doc *doc, const struct check_opts *base, time_t now)
{
	const struct fm		*fm = &doc->fm;
	struct check_opts	 o = *base;
	struct check_review	 rv;
	struct tm		 tm;
	time_t			 edited;
	char			 day[16];

	edited = fm->has_updated ? fm->updated : fm->has_date ? fm->date : now;
	localtime_r(&edited, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	rv.substantive = 1;
	rv.edit_date = day;
	rv.reviewer = fm->reviewer ? fm->reviewer : "";
	rv.reviewed_date = fm->reviewed ? fm->reviewed : "";
	rv.review_due = fm->review_due ? fm->review_due : "";
	o.review = fm->kind != NULL && strcmp(fm->kind, "page") == 0 ? NULL : &rv;
	(void)checks_print(stderr, doc->path, fm->body, fm->body_len, &o);
}

int
cmd_import(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	const char		*uploads = NULL, *fetch = NULL, *dry_run = NULL;
	const struct cmd_flag	 flags[] = {
		{ "uploads", &uploads, 0 },
		{ "fetch", &fetch, 1 },
		{ "dry-run", &dry_run, 1 },
		{ NULL, NULL, 0 },
	};
	struct conf		 conf;
	struct db		 db;
	struct import_doc	*docs = NULL;
	struct import_media_list media = { NULL, 0 };
	struct stat		 sb;
	struct settings		 s;
	struct check_opts	 o;
	char			**paths = NULL;
	size_t			 npaths = 0, i, j, w;
	int			 ch, bad = 0, rc = EXIT_USER, dbopen = 0;
	time_t			 now = time(NULL);

	if ((ch = cmd_flags(argc, argv, import_usage, flags, &co)) >= 0)
		return ch;
	if (optind == argc) {
		cmd_usage(import_usage);
		return EXIT_USAGE;
	}
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	if (stat(argv[optind], &sb) == 0 && S_ISREG(sb.st_mode) &&
	    wxr_sniff(argv[optind]) == 1) {
		if (optind + 1 != argc) {
			fprintf(stderr, "meridian: import one WordPress export at a time\n");
			goto out;
		}
		rc = import_wordpress(&conf, argv[optind], uploads, fetch, dry_run, now);
		goto out;
	}
	if (strlen(argv[optind]) > 4 &&
	    strcmp(argv[optind] + strlen(argv[optind]) - 4, ".xml") == 0) {
		fprintf(stderr, "meridian: %s is not a WordPress export (WXR): no <rss> "
		    "with WordPress's namespace\n", argv[optind]);
		goto out;
	}
	if (uploads != NULL || fetch != NULL || dry_run != NULL) {
		fprintf(stderr, "meridian: --uploads, --fetch and --dry-run are for a WordPress "
		    "export (%s is not one)\n", argv[optind]);
		goto out;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if (import_collect(argv[i], &paths, &npaths) == -1)
			goto out;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			bad += import_media_collect(argv[i], &media);
	}
	docs = xcalloc(npaths ? npaths : 1, sizeof(*docs));
	for (i = 0; i < npaths; i++) {
		docs[i].path = paths[i];
		paths[i] = NULL;
		if (import_check(&docs[i], conf.render_budget_ms) == -1) {
			bad++;
			continue;
		}
		for (w = 0; w < docs[i].fm.nwarnings; w++)
			fprintf(stderr, "%s:%s\n", docs[i].path,
			    docs[i].fm.warnings[w]);
		for (j = 0; j < i; j++)
			if (docs[j].slug != NULL &&
			    strcmp(docs[j].slug, docs[i].slug) == 0) {
				fprintf(stderr, "%s:1: slug '%s' is also used by "
				    "%s\n", docs[i].path, docs[i].slug,
				    docs[j].path);
				bad++;
				break;
			}
	}
	if (bad) {
		fprintf(stderr, "meridian: %d file%s with errors; nothing was "
		    "imported\n", bad, bad == 1 ? "" : "s");
		goto out;
	}
	if (db_open(&db, conf.db_path, 0) == -1) {
		fprintf(stderr, "meridian: %s: cannot open the database "
		    "(run 'meridian init' first)\n", conf.db_path);
		goto out;
	}
	dbopen = 1;
	if (media.n > 0) {
		if (import_media_check_ids(&db, &media) == -1) {
			fprintf(stderr, "meridian: media ids are taken; nothing was "
			    "imported\n");
			goto out;
		}
		if (import_media_save(&db, &media) == -1)
			goto out;
	}
	for (i = 0; i < npaths; i++)
		if (import_save(&db, &docs[i], now) == -1)
			goto out;
	memset(&s, 0, sizeof(s));
	if (settings_load(&db, &s) == 0) {
		checks_opts_settings(s.v, &o);
		for (i = 0; i < npaths; i++)
			import_advise(&docs[i], &o, now);
	}
	settings_free(&s);
	rc = EXIT_OK;
out:
	if (dbopen)
		db_close(&db);
	for (i = 0; i < npaths; i++) {
		if (docs != NULL)
			import_doc_free(&docs[i]);
		free(paths[i]);
	}
	free(docs);
	free(paths);
	import_media_free(&media);
	conf_free(&conf);
	return rc;
}
