/* SPDX-License-Identifier: ISC */
/* media_store.c: the image library's storage: an image goes through the pipeline and its
 * variants are written in one transaction; lookups for serving and for article HTML. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "meridian.h"
#include "media.h"
#include "util.h"

static void
media_sha(const unsigned char *p, size_t len, char hex[65])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, len);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* A safe file name: the given name's base in [a-z0-9-], with the extension of "ext". */
static void
media_name(const char *filename, const char *ext, char *out, size_t len)
{
	const char	*slash = strrchr(filename, '/'), *dot;
	size_t		 n, i, o = 0;
	int		 hyphen = 0;

	if (slash != NULL)
		filename = slash + 1;
	dot = strrchr(filename, '.');
	n = dot ? (size_t)(dot - filename) : strlen(filename);
	for (i = 0; i < n && o + 1 < len - 8 && o < 60; i++) {
		unsigned char ch = (unsigned char)filename[i];

		if (isalnum(ch) && ch < 0x80) {
			out[o++] = (char)tolower(ch);
			hyphen = 0;
		} else if (!hyphen && o > 0) {
			out[o++] = '-';
			hyphen = 1;
		}
	}
	while (o > 0 && out[o - 1] == '-')
		o--;
	if (o == 0)
		o = (size_t)snprintf(out, len - 8, "image");
	snprintf(out + o, len - o, ".%s", ext);
}

/* Writes the variants of "set" for media "id". 0 or -1. */
static int
media_variants_add(struct db *db, int64_t id, const struct image_set *set)
{
	sqlite3_stmt	*st;
	char		 hex[65];
	size_t		 i;
	int		 rc;

	for (i = 0; i < set->n; i++) {
		const struct image_variant *v = &set->v[i];

		media_sha(v->bytes, v->len, hex);
		st = db_stmt(db, STMT_MEDIA_VARIANT_ADD);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, v->width);
		sqlite3_bind_int(st, 3, v->height);
		sqlite3_bind_text(st, 4, image_format_names[v->format], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, hex, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 6, v->bytes, v->len, SQLITE_STATIC);
		rc = db_step(st, __func__);
		sqlite3_reset(st);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int64_t
media_store_id(struct db *db, int64_t id, const char *name, const unsigned char *bytes,
    size_t len, const char *alt, const char *who, time_t now, char *err, size_t errlen)
{
	struct image_set		 set;
	const struct image_variant	*full;
	sqlite3_stmt			*st;
	char				 fname[80], hex[65];
	int64_t				 newid = -1;
	int				 r;

	if ((r = image_process(bytes, len, &set, err, errlen)) != 1)
		return r;
	/* The full size's fallback (JPEG or PNG) stands in for the upload in the media row:
	 * the old /media/ID/NAME address, export and backup counts keep working, and the
	 * uploaded bytes, with whatever metadata they carried, are never kept. */
	full = &set.v[1];
	media_name(name != NULL ? name : "", image_format_exts[full->format], fname,
	    sizeof(fname));
	media_sha(full->bytes, full->len, hex);
	if (db_begin(db) == -1)
		goto out;
	st = db_stmt(db, STMT_MEDIA_STORE);
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, fname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, image_format_mimes[full->format], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)full->len);
	sqlite3_bind_text(st, 5, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, alt != NULL ? alt : "", -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 7, full->bytes, full->len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)now);
	sqlite3_bind_text(st, 9, who != NULL ? who : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, set.width);
	sqlite3_bind_int(st, 11, set.height);
	r = db_step(st, __func__);
	sqlite3_reset(st);
	if (r == -1)
		goto fail;
	newid = sqlite3_last_insert_rowid(db->conn);
	if (media_variants_add(db, newid, &set) == -1 ||
	    post_audit(db, now, who != NULL ? who : "", "upload", fname,
	    image_format_mimes[full->format]) == -1 || db_commit(db) == -1)
		goto fail;
	goto out;
fail:
	db_rollback(db);
	newid = -1;
out:
	image_set_free(&set);
	return newid;
}

int64_t
media_store(struct db *db, const char *name, const unsigned char *bytes, size_t len,
    const char *alt, const char *who, time_t now, char *err, size_t errlen)
{
	return media_store_id(db, 0, name, bytes, len, alt, who, now, err, errlen);
}

int
media_next(struct db *db, int64_t after, int64_t *id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MEDIA_NEXT);
	int		 r;

	sqlite3_bind_int64(st, 1, after);
	if ((r = db_step(st, __func__)) == 1)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return r;
}

int
media_rebuild(struct db *db, int64_t id, char *err, size_t errlen)
{
	struct image_set		 set;
	const struct image_variant	*full;
	sqlite3_stmt			*st;
	char				*name = NULL, fname[80], hex[65];
	struct buf			 src;
	int				 r;

	buf_init(&src);
	st = db_stmt(db, STMT_MEDIA_SOURCE);
	sqlite3_bind_int64(st, 1, id);
	if ((r = db_step(st, __func__)) == 1) {
		name = db_col_text(st, 0);
		buf_append(&src, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_reset(st);
	if (r != 1) {
		snprintf(err, errlen, "no media %lld", (long long)id);
		buf_free(&src);
		return r == 0 ? 0 : -1;
	}
	r = image_process((const unsigned char *)src.data, src.len, &set, err, errlen);
	buf_free(&src);
	if (r != 1) {
		free(name);
		return r;
	}
	full = &set.v[1];
	/* The extension follows the new bytes; the base name is kept. */
	media_name(name, image_format_exts[full->format], fname, sizeof(fname));
	media_sha(full->bytes, full->len, hex);
	r = -1;
	if (db_begin(db) == -1)
		goto out;
	st = db_stmt(db, STMT_MEDIA_REPLACE);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, fname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, image_format_mimes[full->format], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)full->len);
	sqlite3_bind_text(st, 5, hex, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 6, full->bytes, full->len, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, set.width);
	sqlite3_bind_int(st, 8, set.height);
	if (db_step(st, __func__) == -1) {
		sqlite3_reset(st);
		goto fail;
	}
	sqlite3_reset(st);
	st = db_stmt(db, STMT_MEDIA_VARIANTS_CLEAR);
	sqlite3_bind_int64(st, 1, id);
	if (db_step(st, __func__) == -1) {
		sqlite3_reset(st);
		goto fail;
	}
	sqlite3_reset(st);
	if (media_variants_add(db, id, &set) == -1 || db_commit(db) == -1)
		goto fail;
	r = 1;
	goto out;
fail:
	db_rollback(db);
out:
	free(name);
	image_set_free(&set);
	return r;
}

int
media_info_load(struct db *db, int64_t id, struct media_info *mi)
{
	sqlite3_stmt	*st;
	const char	*fmt, *sha;
	int		 r, f;

	memset(mi, 0, sizeof(*mi));
	st = db_stmt(db, STMT_MEDIA_INFO);
	sqlite3_bind_int64(st, 1, id);
	if ((r = db_step(st, __func__)) == 1) {
		mi->id = id;
		mi->name = db_col_text(st, 0);
		mi->alt = db_col_text(st, 1);
		mi->width = sqlite3_column_int(st, 2);
		mi->height = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (r != 1)
		return r;
	st = db_stmt(db, STMT_MEDIA_VARIANTS_OF);
	sqlite3_bind_int64(st, 1, id);
	while (mi->nv < IMAGE_MAX_VARIANTS && (r = db_step(st, __func__)) == 1) {
		struct media_variant *v = &mi->v[mi->nv];

		fmt = (const char *)sqlite3_column_text(st, 2);
		sha = (const char *)sqlite3_column_text(st, 3);
		for (f = 0; f < IMAGE__MAX; f++)
			if (fmt != NULL && strcmp(fmt, image_format_names[f]) == 0)
				break;
		if (f == IMAGE__MAX || sha == NULL)
			continue;
		v->width = sqlite3_column_int(st, 0);
		v->height = sqlite3_column_int(st, 1);
		v->format = (enum image_format)f;
		snprintf(v->sha, sizeof(v->sha), "%s", sha);
		mi->nv++;
	}
	sqlite3_reset(st);
	if (r == -1) {
		media_info_free(mi);
		return -1;
	}
	return 1;
}

void
media_info_free(struct media_info *mi)
{
	free(mi->name);
	free(mi->alt);
	memset(mi, 0, sizeof(*mi));
}

void
media_variant_url(char *out, size_t outlen, int64_t id, const struct media_variant *v)
{
	snprintf(out, outlen, "/media/%lld/%d-%.16s.%s", (long long)id, v->width, v->sha,
	    image_format_exts[v->format]);
}

const struct media_variant *
media_pick(const struct media_info *mi, enum image_format fmt, int width)
{
	const struct media_variant	*best = NULL;
	size_t				 i;

	/* Widest first: the last one at least "width" wide wins. */
	for (i = 0; i < mi->nv; i++) {
		if (mi->v[i].format != fmt)
			continue;
		if (best == NULL || mi->v[i].width >= width)
			best = &mi->v[i];
	}
	return best;
}

int64_t
media_url_id(const char *url)
{
	long long	 id;
	const char	*p, *slash;
	char		 num[24];

	if (strncmp(url, "/media/", 7) != 0)
		return 0;
	p = url + 7;
	if ((slash = strchr(p, '/')) == NULL || slash == p || (size_t)(slash - p) >= sizeof(num))
		return 0;
	memcpy(num, p, (size_t)(slash - p));
	num[slash - p] = '\0';
	if (slash[1] == '\0' || strchr(slash + 1, '/') != NULL ||
	    util_parse_ll(num, 1, 1LL << 53, &id) == -1)
		return 0;
	return (int64_t)id;
}

int
media_variant_load(struct db *db, int64_t id, int width, enum image_format fmt,
    struct media_blob *out)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MEDIA_VARIANT_GET);
	const char	*sha;
	int		 r;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, width);
	sqlite3_bind_text(st, 3, image_format_names[fmt], -1, SQLITE_STATIC);
	if ((r = db_step(st, __func__)) == 1) {
		out->height = sqlite3_column_int(st, 0);
		sha = (const char *)sqlite3_column_text(st, 1);
		snprintf(out->sha, sizeof(out->sha), "%s", sha != NULL ? sha : "");
		buf_append(&out->bytes, sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2));
	}
	sqlite3_reset(st);
	return r;
}

int
media_post_image(struct db *db, int64_t post_id, int64_t *media_id)
{
	sqlite3_stmt	*st = db_stmt(db, STMT_POST_IMAGE_GET);
	int		 r;

	*media_id = 0;
	sqlite3_bind_int64(st, 1, post_id);
	if ((r = db_step(st, __func__)) == 1)
		*media_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return r == -1 ? -1 : 0;
}

/* Part of a post's save: the caller holds the transaction. */
int
media_post_image_set(struct db *db, int64_t post_id, int64_t media_id)
{
	sqlite3_stmt	*st = db_stmt(db, media_id > 0 ? STMT_POST_IMAGE_SET :
	    STMT_POST_IMAGE_CLEAR);
	int		 r;

	sqlite3_bind_int64(st, 1, post_id);
	if (media_id > 0)
		sqlite3_bind_int64(st, 2, media_id);
	r = db_step(st, __func__);
	sqlite3_reset(st);
	return r == -1 ? -1 : 0;
}

int
media_each(struct db *db, const char *q, media_each_fn fn, void *arg)
{
	sqlite3_stmt		*st;
	struct media_row	 m;
	struct buf		 pat;
	int			 r;

	buf_init(&pat);
	if (q != NULL && *q != '\0') {
		/* A LIKE pattern for "contains q": its own % _ and \ stand for themselves. */
		buf_putc(&pat, '%');
		for (; *q != '\0'; q++) {
			if (*q == '%' || *q == '_' || *q == '\\')
				buf_putc(&pat, '\\');
			buf_putc(&pat, *q);
		}
		buf_putc(&pat, '%');
		st = db_stmt(db, STMT_MEDIA_SEARCH);
		sqlite3_bind_text(st, 1, pat.data, (int)pat.len, SQLITE_STATIC);
	} else
		st = db_stmt(db, STMT_MEDIA_LIST);
	while ((r = db_step(st, __func__)) == 1) {
		m.id = sqlite3_column_int64(st, 0);
		m.name = (const char *)sqlite3_column_text(st, 1);
		m.mime = (const char *)sqlite3_column_text(st, 2);
		m.size = sqlite3_column_int64(st, 3);
		m.alt = (const char *)sqlite3_column_text(st, 4);
		m.created_at = (time_t)sqlite3_column_int64(st, 5);
		m.uploaded_by = (const char *)sqlite3_column_text(st, 6);
		if ((r = fn(&m, arg)) == -1)
			break;
	}
	sqlite3_reset(st);
	buf_free(&pat);
	return r == -1 ? -1 : 0;
}

int
media_file_get(struct db *db, int64_t id, media_file_fn fn, void *arg)
{
	sqlite3_stmt		*st = db_stmt(db, STMT_MEDIA_GET);
	struct media_file	 f;
	int			 r;

	memset(&f, 0, sizeof(f));
	sqlite3_bind_int64(st, 1, id);
	if ((r = db_step(st, __func__)) == 1) {
		f.id = id;
		f.name = (const char *)sqlite3_column_text(st, 0);
		f.mime = (const char *)sqlite3_column_text(st, 1);
		f.sha256 = (const char *)sqlite3_column_text(st, 3);
		f.created_at = (time_t)sqlite3_column_int64(st, 4);
		f.bytes = sqlite3_column_blob(st, 5);
		f.len = (size_t)sqlite3_column_bytes(st, 5);
		if (fn(&f, arg) == -1)
			r = -1;
	}
	sqlite3_reset(st);
	return r;
}

int
media_each_file(struct db *db, media_file_fn fn, void *arg)
{
	sqlite3_stmt		*st = db_stmt(db, STMT_EXPORT_MEDIA);
	struct media_file	 f;
	int			 n = 0, r;

	while ((r = db_step(st, __func__)) == 1) {
		f.id = sqlite3_column_int64(st, 0);
		f.name = (const char *)sqlite3_column_text(st, 1);
		f.mime = (const char *)sqlite3_column_text(st, 2);
		f.sha256 = (const char *)sqlite3_column_text(st, 3);
		f.created_at = (time_t)sqlite3_column_int64(st, 4);
		f.uploaded_by = (const char *)sqlite3_column_text(st, 5);
		f.alt = (const char *)sqlite3_column_text(st, 6);
		f.bytes = sqlite3_column_blob(st, 7);
		f.len = (size_t)sqlite3_column_bytes(st, 7);
		if ((r = fn(&f, arg)) == -1)
			break;
		n++;
	}
	sqlite3_reset(st);
	return r == -1 ? -1 : n;
}

int
media_sha256(struct db *db, int64_t id, char sha[65])
{
	sqlite3_stmt	*st = db_stmt(db, STMT_MEDIA_SHA);
	const char	*t;
	int		 r;

	sqlite3_bind_int64(st, 1, id);
	if ((r = db_step(st, __func__)) == 1) {
		t = (const char *)sqlite3_column_text(st, 0);
		snprintf(sha, 65, "%s", t != NULL ? t : "");
	}
	sqlite3_reset(st);
	return r;
}

int
media_library_url(struct db *db, int64_t id, char *out, size_t outlen)
{
	struct media_info	 mi;
	int			 r;

	if ((r = media_info_load(db, id, &mi)) == 1) {
		snprintf(out, outlen, "/media/%lld/%s", (long long)id, mi.name);
		media_info_free(&mi);
	}
	return r;
}

static int
media_id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The distinct library images that "body" links, sorted, into "*ids" (the caller frees):
 * "/media/ID/" anywhere in it, as a Markdown image or link, an HTML img or an absolute
 * address of this site, read as the /media/{id}/{name} route reads the id. Returns the count.
 */
static size_t
media_body_ids(const char *body, int64_t **ids)
{
	const char	*p, *d;
	long long	 id;
	char		 num[20];
	size_t		 n = 0, cap = 0, i, o;

	*ids = NULL;
	for (p = strstr(body, "/media/"); p != NULL; p = strstr(p + 1, "/media/")) {
		d = p + 7;
		if (*d == '+')
			d++;
		for (i = 0; d[i] >= '0' && d[i] <= '9' && i < 17; i++)
			;
		if (i == 0 || i > 16 || d[i] != '/')
			continue;
		memcpy(num, p + 7, (size_t)(d + i - (p + 7)));
		num[d + i - (p + 7)] = '\0';
		if (util_parse_ll(num, 1, 1LL << 53, &id) == -1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[n++] = (int64_t)id;
	}
	if (n == 0)
		return 0;
	qsort(*ids, n, sizeof(**ids), media_id_cmp);
	for (i = 1, o = 1; i < n; i++)
		if ((*ids)[i] != (*ids)[o - 1])
			(*ids)[o++] = (*ids)[i];
	return o;
}

/* Reads one use from a row of STMT_MEDIA_USES_* (the media id in column 0 for the featured
 * ones; the post's id, kind, title and whether it is trashed from column "c"). */
static void
media_use_row(sqlite3_stmt *st, int c, struct media_use *u)
{
	const char	*kind = (const char *)sqlite3_column_text(st, c + 1);

	u->post_id = sqlite3_column_int64(st, c);
	u->page = kind != NULL && strcmp(kind, "page") == 0;
	u->title = (const char *)sqlite3_column_text(st, c + 2);
	if (u->title == NULL)
		u->title = "";
	u->trashed = sqlite3_column_int(st, c + 3);
}

int
media_uses(struct db *db, int64_t id, media_use_fn fn, void *arg)
{
	sqlite3_stmt		*st;
	struct media_use	 u;
	int64_t			*ids;
	size_t			 n, i;
	int			 r, stop = 0;

	st = db_stmt(db, id > 0 ? STMT_MEDIA_USES_FEATURED_OF : STMT_MEDIA_USES_FEATURED);
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	while (!stop && (r = db_step(st, __func__)) == 1) {
		memset(&u, 0, sizeof(u));
		u.media_id = sqlite3_column_int64(st, 0);
		media_use_row(st, 1, &u);
		u.featured = 1;
		stop = fn(&u, arg) == -1;
	}
	sqlite3_reset(st);
	if (stop || r == -1)
		return -1;
	st = db_stmt(db, STMT_MEDIA_USES_BODY);
	while (!stop && (r = db_step(st, __func__)) == 1) {
		const char *body = (const char *)sqlite3_column_text(st, 4);

		if ((n = media_body_ids(body != NULL ? body : "", &ids)) == 0)
			continue;
		memset(&u, 0, sizeof(u));
		media_use_row(st, 0, &u);
		for (i = 0; i < n && !stop; i++) {
			if (id > 0 && ids[i] != id)
				continue;
			u.media_id = ids[i];
			stop = fn(&u, arg) == -1;
		}
		free(ids);
	}
	sqlite3_reset(st);
	return stop || r == -1 ? -1 : 0;
}

int
media_alt_set(struct db *db, int64_t id, const char *alt, const char *who, time_t now)
{
	struct media_info	 mi;
	sqlite3_stmt		*st;
	int			 r;

	if (db_begin(db) == -1)
		return -1;
	if ((r = media_info_load(db, id, &mi)) != 1) {
		db_rollback(db);
		return r;
	}
	st = db_stmt(db, STMT_MEDIA_ALT_SET);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, alt, -1, SQLITE_STATIC);
	r = db_step(st, __func__);
	sqlite3_reset(st);
	if (r == -1 || post_audit(db, now, who, "media alt", mi.name, alt) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		r = -1;
	} else
		r = 1;
	media_info_free(&mi);
	return r;
}

/* Counts the uses media_delete() finds, passing each on. */
struct media_use_count {
	media_use_fn	 fn;
	void		*arg;
	int		 n;
};

static int
media_use_counted(const struct media_use *u, void *arg)
{
	struct media_use_count	*uc = arg;

	uc->n++;
	return uc->fn != NULL ? uc->fn(u, uc->arg) : 0;
}

enum media_delete_result
media_delete(struct db *db, int64_t id, const char *who, time_t now, media_use_fn fn,
    void *arg)
{
	struct media_use_count		 uc = { fn, arg, 0 };
	struct media_info		 mi;
	enum media_delete_result	 res = MEDIA_DELETE_ERROR;
	sqlite3_stmt			*st;
	int				 r;

	memset(&mi, 0, sizeof(mi));
	/* The uses are read inside the write transaction: no save can add one between the
	 * look and the delete. */
	if (db_begin(db) == -1)
		return MEDIA_DELETE_ERROR;
	if ((r = media_info_load(db, id, &mi)) != 1) {
		res = r == 0 ? MEDIA_DELETE_NONE : MEDIA_DELETE_ERROR;
		goto fail;
	}
	if (media_uses(db, id, media_use_counted, &uc) == -1)
		goto fail;
	if (uc.n > 0) {
		res = MEDIA_DELETE_IN_USE;
		goto fail;
	}
	st = db_stmt(db, STMT_MEDIA_DELETE);
	sqlite3_bind_int64(st, 1, id);
	r = db_step(st, __func__);
	sqlite3_reset(st);
	if (r == -1 || post_audit(db, now, who, "media delete", mi.name, "") == -1 ||
	    db_commit(db) == -1)
		goto fail;
	media_info_free(&mi);
	return MEDIA_DELETED;
fail:
	db_rollback(db);
	media_info_free(&mi);
	return res;
}

/* Whether "mi" has a variant of "width" in "fmt". */
static int
media_has(const struct media_info *mi, int width, enum image_format fmt)
{
	size_t	 i;

	for (i = 0; i < mi->nv; i++)
		if (mi->v[i].width == width && mi->v[i].format == fmt)
			return 1;
	return 0;
}

/* Whether every variant the pipeline makes for an image of "mi"'s size is there: at the
 * full width and each smaller standard width, one WebP and one fallback. 1, or 0 with the
 * missing one named in "err". */
static int
media_variants_complete(const struct media_info *mi, char *err, size_t errlen)
{
	enum image_format	 fb = media_has(mi, mi->width, IMAGE_PNG) ? IMAGE_PNG : IMAGE_JPEG;
	int			 w = mi->width;
	size_t			 i = 0;

	for (;;) {
		if (!media_has(mi, w, IMAGE_WEBP) || !media_has(mi, w, fb)) {
			snprintf(err, errlen, "the %d px %s variant is missing: run `meridian "
			    "media rebuild`", w, image_format_names[media_has(mi, w,
			    IMAGE_WEBP) ? fb : IMAGE_WEBP]);
			return 0;
		}
		while (i < sizeof(image_widths) / sizeof(image_widths[0]) &&
		    image_widths[i] >= mi->width)
			i++;
		if (i == sizeof(image_widths) / sizeof(image_widths[0]))
			return 1;
		w = image_widths[i++];
	}
}

/* The stored variants of image "id", bytes and all, into "set" (the caller frees it) and
 * their recorded hashes into "sha". 0, or -1 on an error. */
static int
media_variants_bytes(struct db *db, int64_t id, struct image_set *set,
    char sha[IMAGE_MAX_VARIANTS][65])
{
	sqlite3_stmt		*st = db_stmt(db, STMT_MEDIA_VARIANTS_BYTES);
	struct image_variant	*v;
	const char		*fmt, *h;
	int			 r = 0, f;

	memset(set, 0, sizeof(*set));
	sqlite3_bind_int64(st, 1, id);
	while (set->n < IMAGE_MAX_VARIANTS && (r = db_step(st, __func__)) == 1) {
		fmt = (const char *)sqlite3_column_text(st, 2);
		h = (const char *)sqlite3_column_text(st, 3);
		for (f = 0; f < IMAGE__MAX; f++)
			if (fmt != NULL && strcmp(fmt, image_format_names[f]) == 0)
				break;
		if (f == IMAGE__MAX)
			continue;	/* the table's CHECK allows no other */
		v = &set->v[set->n];
		v->width = sqlite3_column_int(st, 0);
		v->height = sqlite3_column_int(st, 1);
		v->format = (enum image_format)f;
		v->len = (size_t)sqlite3_column_bytes(st, 4);
		v->bytes = xmalloc(v->len > 0 ? v->len : 1);
		if (v->len > 0)
			memcpy(v->bytes, sqlite3_column_blob(st, 4), v->len);
		snprintf(sha[set->n++], 65, "%s", h != NULL ? h : "");
	}
	sqlite3_reset(st);
	if (r == -1) {
		image_set_free(set);
		return -1;
	}
	return 0;
}

int
media_verify(struct db *db, int64_t id, char *err, size_t errlen)
{
	struct media_info	 mi;
	struct image_set	 set;
	char			 sha[IMAGE_MAX_VARIANTS][65], hex[65];
	size_t			 i;
	int			 r;

	if ((r = media_info_load(db, id, &mi)) != 1)
		return r == 0 ? 1 : -1;		/* deleted since: nothing to verify */
	if (mi.width == 0 || mi.nv == 0) {
		snprintf(err, errlen, "no variants: run `meridian media rebuild`");
		media_info_free(&mi);
		return 0;
	}
	r = media_variants_complete(&mi, err, errlen);
	media_info_free(&mi);
	if (r == 0)
		return 0;
	if (media_variants_bytes(db, id, &set, sha) == -1)
		return -1;
	/* The hash is in the variant's address, cached as immutable: bytes that no longer
	 * match it are not what browsers were promised, whether or not they decode. */
	for (i = 0; i < set.n; i++) {
		media_sha(set.v[i].bytes, set.v[i].len, hex);
		if (strcmp(hex, sha[i]) != 0) {
			snprintf(err, errlen, "the %d px %s variant's bytes do not match their "
			    "hash", set.v[i].width, image_format_names[set.v[i].format]);
			image_set_free(&set);
			return 0;
		}
	}
	r = image_verify(set.v, set.n, err, errlen);
	image_set_free(&set);
	return r;
}
