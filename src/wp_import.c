/* SPDX-License-Identifier: ISC */
/* wp_import.c: maps a WordPress export onto Meridian: posts and pages with their status,
 * dates, author, topics and summary; their images into the media library; every old address
 * to a 301. The file is read twice: once to refuse a bad file before anything is written
 * (and to learn the attachments), once to import. Each post is one transaction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "html2md.h"
#include "media.h"
#include "slug.h"
#include "util.h"
#include "wp_ctx.h"
#include "wp_import.h"
#include "wp_store.h"
#include "wxr.h"

#define WP_MAX_TOPICS	20
#define WP_MAX_SUMMARY	300	/* code points of a summary made from the first sentence */

/* A line of the report's warnings, naming the post being imported. */
void
wp_warn(struct wp_ctx *c, const char *what)
{
	buf_printf(&c->warn, "post %lld \"%s\": %s\n", c->it->id, c->it->title, what);
}

/* A copy of "s" cut to at most "max" code points. */
static char *
clip(const char *s, size_t max)
{
	size_t	 i = 0, cp = 0;

	while (s[i] != '\0' && cp < max) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		cp++;
	}
	return xstrndup(s, i);
}

static int
str_in(char **v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void
str_add(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* "YYYY-MM-DD HH:MM:SS" as UTC ("gmt") or in the site's time zone; 0 if absent or zero. */
static time_t
wp_date(const char *s, int gmt)
{
	char	 iso[32];
	time_t	 t;

	if (strlen(s) != 19 || strncmp(s, "0000", 4) == 0)
		return 0;
	snprintf(iso, sizeof(iso), "%.10sT%.8s%s", s, s + 11, gmt ? "Z" : "");
	return util_parse_datetime(iso, &t) == 0 ? t : 0;
}

/* A slug for the item: its own if valid and free, else from its title, made unique. */
static char *
wp_slug(struct wp_ctx *c, int64_t self)
{
	char	*base, *cand;
	int64_t	 owner;
	int	 k, rc;

	if (slug_valid(c->it->post_name))
		base = xstrdup(c->it->post_name);
	else
		base = slug_from_title(c->it->title);
	if (!slug_valid(base)) {
		free(base);
		base = xmalloc(32);
		snprintf(base, 32, "post-%lld", c->it->id);
	}
	for (k = 1; k < 1000; k++) {
		struct buf b;

		buf_init(&b);
		if (k == 1)
			buf_puts(&b, base);
		else
			buf_printf(&b, "%.90s-%d", base, k);
		cand = buf_detach(&b);
		rc = wp_slug_owner(c->db, cand, &owner);
		if (rc == -1) {
			free(cand);
			break;
		}
		if ((rc == 0 || owner == self) && !str_in(c->slugs, c->nslugs, cand)) {
			free(base);
			return cand;
		}
		free(cand);
	}
	free(base);
	return NULL;
}

/* The summary: the excerpt, else an SEO plugin's description, else the first sentence. */
static char *
wp_summary(const struct wxr_item *it, const char *first)
{
	const char	*m, *p;
	char		*t, *s;
	size_t		 n;

	t = html2md_text(it->excerpt, strlen(it->excerpt));
	if (*t != '\0') {
		s = clip(t, LIMIT_SUMMARY);
		free(t);
		return s;
	}
	free(t);
	if (((m = wxr_meta_get(it, "_yoast_wpseo_metadesc")) != NULL && *m != '\0') ||
	    ((m = wxr_meta_get(it, "rank_math_description")) != NULL && *m != '\0'))
		return clip(m, LIMIT_SUMMARY);
	if (first == NULL)
		return xstrdup("");
	t = html2md_text(first, strlen(first));
	for (p = t; *p != '\0'; p++)
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0'))
			break;
	n = *p != '\0' ? (size_t)(p - t) + 1 : strlen(t);
	t[n] = '\0';
	s = clip(t, WP_MAX_SUMMARY);
	free(t);
	return s;
}

/*
 * The featured image, brought into the library at "new_url" (NULL: it could not be), becomes
 * the post's own; the report lists each.
 */
static void
wp_featured_image(struct wp_ctx *c, struct post_input *in, const char *new_url)
{
	buf_printf(&c->featured, "post %lld \"%s\": %s\n", c->it->id, c->it->title,
	    new_url != NULL ? new_url : "(missing)");
	if (new_url != NULL)
		in->image_id = media_url_id(new_url);
}

static void
redirect(struct wp_ctx *c, const char *from, const char *to)
{
	if (from == NULL || strcmp(from, "/") == 0 || strcmp(from, to) == 0)
		return;
	if (!c->opt->dry_run && wp_redirect_add(c->db, from, to, c->now) == -1)
		return;
	c->redirects++;
}

/* Adds topic "name" to a post's list (Uncategorized, WordPress's default, and repeats left
 * out). Returns 0, or -1 when the list is full (warned). */
static int
add_topic(struct wp_ctx *c, char ***v, size_t *n, const char *name)
{
	if (*name == '\0' || strcasecmp(name, "Uncategorized") == 0 || str_in(*v, *n, name))
		return 0;
	if (*n >= WP_MAX_TOPICS) {
		wp_warn(c, "more than 20 categories and tags: the rest left out");
		return -1;
	}
	str_add(v, n, name);
	return 0;
}

/* The site's category whose slug is "slug", or NULL. */
static const struct wxr_name *
cat_named(const struct wxr *w, const char *slug)
{
	size_t	 i;

	for (i = 0; *slug != '\0' && i < w->ncats; i++)
		if (strcmp(w->cats[i].key, slug) == 0)
			return &w->cats[i];
	return NULL;
}

/* Imports one post or page. Returns 0, or -1 when it could not be saved. */
static int
wp_post(struct wp_ctx *c, const struct wxr_item *it)
{
	struct html2md_opt	 ho;
	struct html2md_out	 ho_out;
	struct post_input	 in;
	enum post_save_result	 r;
	char			*slug = NULL, *summary = NULL, *title = NULL, *url = NULL;
	char			*from = NULL, **topics = NULL, num[320];
	const char		*author = it->creator, *status = "published", *thumb;
	const struct wp_att	*fa;
	size_t			 ntopics = 0, i;
	int			 kind_page = strcmp(it->type, "page") == 0;
	int64_t			 self = 0, id = 0;
	time_t			 pub;
	int			 st = ST_PUBLISHED, rc = -1, full = 0;
	long			 us;
	struct buf		 b;

	c->it = it;
	memset(&ho, 0, sizeof(ho));
	ho.host = c->host;
	ho.image = wp_image;
	ho.gallery = wp_gallery;
	ho.arg = c;
	if (html2md(it->content, strlen(it->content), &ho, &ho_out) == -1) {
		wp_warn(c, ho_out.nwarnings ? ho_out.warnings[ho_out.nwarnings - 1] :
		    "the content could not be converted");
		goto out;
	}
	for (i = 0; i < ho_out.nwarnings; i++)
		wp_warn(c, ho_out.warnings[i]);
	if (ho_out.md.len > LIMIT_MARKDOWN) {
		wp_warn(c, "the converted text is larger than 256 KiB; not imported");
		goto out;
	}
	if (md_check(ho_out.md.data, ho_out.md.len, c->opt->budget_ms, &us) != MD_OK) {
		wp_warn(c, "the converted text does not render in time; not imported");
		goto out;
	}
	for (i = 0; i < c->w->nauthors; i++)
		if (strcmp(c->w->authors[i].key, it->creator) == 0 &&
		    *c->w->authors[i].value != '\0')
			author = c->w->authors[i].value;
	pub = wp_date(it->date_gmt, 1);
	if (pub == 0)
		pub = wp_date(it->date, 0);
	if (strcmp(it->status, "future") == 0)
		st = ST_SCHEDULED;
	else if (strcmp(it->status, "publish") != 0) {
		status = "draft";
		st = ST_DRAFT;
		if (strcmp(it->status, "private") == 0)
			wp_warn(c, "was private: imported as a draft");
	}
	if (*it->password != '\0' && st != ST_DRAFT) {
		status = "draft";
		st = ST_DRAFT;
		wp_warn(c, "was password-protected: imported as a draft");
	}
	title = clip(it->title, LIMIT_TITLE);
	if (*title == '\0') {
		free(title);
		title = xstrdup("Untitled");
		wp_warn(c, "had no title: named \"Untitled\"");
	}
	for (i = 0; i < it->nterms && !full; i++) {
		const struct wxr_term *t = &it->terms[i];
		const struct wxr_name *cat;
		size_t depth;

		if (strcmp(t->domain, "category") != 0 && strcmp(t->domain, "post_tag") != 0)
			continue;
		full = add_topic(c, &topics, &ntopics, t->name) == -1;
		/* WordPress lists a post of a subcategory under each of its parents too:
		 * /category/conditions/ showed the posts of /category/conditions/headaches/. */
		cat = !full && strcmp(t->domain, "category") == 0 ? cat_named(c->w, t->nicename) : NULL;
		for (depth = 0; cat != NULL && !full && depth < 10; depth++)
			if ((cat = cat_named(c->w, cat->parent)) != NULL)
				full = add_topic(c, &topics, &ntopics, cat->value) == -1;
	}
	summary = wp_summary(it, ho_out.first_text);
	if (wp_post_lookup(c->db, it->id, &self) == -1)
		goto out;
	if ((slug = wp_slug(c, self)) == NULL)
		goto out;
	memset(&in, 0, sizeof(in));
	in.kind = kind_page ? "page" : "article";
	in.slug = slug;
	in.title = title;
	in.summary = summary;
	in.body_md = ho_out.md.data;
	in.body_len = ho_out.md.len;
	in.status = status;
	in.published_at = pub;
	in.updated_at = pub;
	in.author = author;
	in.reviewer = "";
	in.topics = topics;
	in.ntopics = ntopics;
	in.substantive = 1;
	in.saved_by = "import";
	buf_init(&b);
	buf_printf(&b, "%s%s", post_path_prefix(in.kind), slug);
	url = buf_detach(&b);
	/* The featured image comes first: media are stored in their own transactions. */
	if ((thumb = wxr_meta_get(it, "_thumbnail_id")) != NULL && *thumb != '\0' &&
	    (fa = wp_att_find(c, strtoll(thumb, NULL, 10))) != NULL) {
		char *falt = xstrdup(fa->alt), *furl = wp_image(c, fa->url, &falt);

		wp_featured_image(c, &in, furl);
		free(furl);
		free(falt);
	}
	if (c->opt->dry_run) {
		r = self > 0 ? POST_SAVED_UPDATE : POST_SAVED_NEW;
		redirect(c, (from = wp_old_path(c, it->link)), url);
		c->redirects += kind_page ? 2 : 1;
	} else {
		if (db_begin(c->db) == -1)
			goto out;
		r = post_save_tx(c->db, self > 0 ? self : 0, -1, &in, c->now, &id);
		if (r != POST_SAVED_NEW && r != POST_SAVED_UPDATE) {
			db_rollback(c->db);
			wp_warn(c, "could not be saved; nothing of it was written");
			goto out;
		}
		if (wp_post_link(c->db, it->id, id) == -1)
			goto fail;
		if ((from = wp_old_path(c, it->link)) != NULL &&
		    wp_redirect_add(c->db, from, url, c->now) == -1)
			goto fail;
		snprintf(num, sizeof(num), "%s/?p=%lld", c->base_path, it->id);
		if (wp_redirect_add(c->db, num, url, c->now) == -1)
			goto fail;
		snprintf(num, sizeof(num), "%s/?page_id=%lld", c->base_path, it->id);
		if (kind_page && wp_redirect_add(c->db, num, url, c->now) == -1)
			goto fail;
		if (db_commit(c->db) == -1)
			goto fail;
		c->redirects += (size_t)((from != NULL && strcmp(from, url) != 0) + 1 + kind_page);
	}
	if (r == POST_SAVED_NEW)
		c->created++;
	else
		c->updated++;
	if (kind_page)
		c->pages[st]++;
	else
		c->articles[st]++;
	str_add(&c->slugs, &c->nslugs, slug);
	for (i = 0; i < ntopics; i++)
		if (!str_in(c->topics, c->ntopics, topics[i]))
			str_add(&c->topics, &c->ntopics, topics[i]);
	c->done = xrealloc(c->done, (c->ndone + 1) * sizeof(*c->done));
	c->done[c->ndone].wp_id = it->id;
	c->done[c->ndone++].url = xstrdup(url);
	rc = 0;
	goto out;
fail:
	db_rollback(c->db);
	wp_warn(c, "could not be saved; nothing of it was written");
out:
	if (rc == -1)
		c->failed++;
	html2md_free(&ho_out);
	for (i = 0; i < ntopics; i++)
		free(topics[i]);
	free(topics);
	free(slug);
	free(summary);
	free(title);
	free(url);
	free(from);
	return rc;
}

/* The old site's host and folder, from the export's address, once the channel gave it. */
static void
wp_host(struct wp_ctx *c, const struct wxr *w)
{
	const char	*h, *p;
	size_t		 i, n;

	if (c->host[0] != '\0' || w->base_url == NULL)
		return;
	h = strstr(w->base_url, "//");
	h = h ? h + 2 : w->base_url;
	for (i = 0; h[i] != '\0' && h[i] != '/' && h[i] != ':' && i + 1 < sizeof(c->host); i++)
		c->host[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
	c->host[i] = '\0';
	/* "https://clinic.example/blog/" -> "/blog": the folder WordPress ran in. */
	p = h + strcspn(h, "/?#");
	n = *p == '/' ? strcspn(p, "?#") : 0;
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n < sizeof(c->base_path))
		snprintf(c->base_path, sizeof(c->base_path), "%.*s", (int)n, p);
	/* WordPress.com keeps a site's uploads on a media host of its own, by YYYY/MM/name;
	 * --fetch asks that host, over the site's own scheme, and no other. */
	i = strlen(c->host);
	if (i > 14 && strcmp(c->host + i - 14, ".wordpress.com") == 0 &&
	    memchr(c->host, '.', i - 14) == NULL) {
		snprintf(c->media_host, sizeof(c->media_host), "%.*s.files.wordpress.com",
		    (int)(i - 14), c->host);
		snprintf(c->fetch_dir, sizeof(c->fetch_dir), "%.*s%s/",
		    (int)(h - w->base_url), w->base_url, c->media_host);
	} else if ((size_t)(p + n - w->base_url) + strlen(WP_UPLOADS) < sizeof(c->fetch_dir))
		snprintf(c->fetch_dir, sizeof(c->fetch_dir), "%.*s%s",
		    (int)(p + n - w->base_url), w->base_url, WP_UPLOADS);
}

/* Pass one: the whole file is read, so a bad one is refused before anything is written. */
static int
wp_scan(struct wp_ctx *c, const char *path)
{
	struct wxr	 w;
	struct wxr_item	 it;
	struct buf	 sizes;
	const char	*alt, *meta;
	int		 r;

	if (wxr_open(&w, path) == -1) {
		fprintf(stderr, "meridian: %s %s\n", path, w.err);
		wxr_close(&w);
		return -1;
	}
	while ((r = wxr_next(&w, &it)) == 1) {
		wp_host(c, &w);
		if (strcmp(it.type, "attachment") == 0) {
			wp_media_host_learn(c, it.attachment_url);
			c->att = xrealloc(c->att, (c->natt + 1) * sizeof(*c->att));
			c->att[c->natt].rel = wp_uploads_rel(c, it.attachment_url);
			c->att[c->natt].id = it.id;
			c->att[c->natt].parent = it.parent;
			c->att[c->natt].url = it.attachment_url;
			c->att[c->natt].link = it.link;
			buf_init(&sizes);
			if ((meta = wxr_meta_get(&it, "_wp_attachment_metadata")) != NULL)
				wxr_image_sizes(meta, &sizes);
			c->att[c->natt].sizes = buf_detach(&sizes);
			alt = wxr_meta_get(&it, "_wp_attachment_image_alt");
			c->att[c->natt++].alt = xstrdup(alt != NULL ? alt : "");
			it.attachment_url = it.link = NULL;
		} else if ((strcmp(it.type, "post") == 0 || strcmp(it.type, "page") == 0) &&
		    strcmp(it.status, "trash") != 0 && strcmp(it.status, "auto-draft") != 0 &&
		    strcmp(it.status, "inherit") != 0)
			c->total++;
		wxr_item_free(&it);
	}
	if (r == -1)
		fprintf(stderr, "meridian: %s %s; nothing was imported\n", path, w.err);
	wxr_close(&w);
	return r;
}

/* The old addresses of the resized copies of attachment "a", whose image is now at "dest". */
static void
att_sizes(struct wp_ctx *c, const struct wp_att *a, const char *dest)
{
	const char	*dir = strrchr(a->rel, '/'), *p, *nl;
	struct buf	 from;

	buf_init(&from);
	for (p = a->sizes; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		buf_reset(&from);
		buf_printf(&from, "%s%s%.*s%.*s", c->base_path, WP_UPLOADS,
		    dir != NULL ? (int)(dir - a->rel + 1) : 0, a->rel, (int)(nl - p), p);
		redirect(c, from.data, dest);
	}
	buf_free(&from);
}

/* The old site's addresses for topics, feeds, attachments and images. */
static void
wp_site_redirects(struct wp_ctx *c)
{
	static const char *const feeds[] = { "/feed/", "/feed/atom/", "/feed/rss2/",
	    "/?feed=rss2", "/?feed=atom" };
	struct buf		 from, to;
	const struct wxr_name	*n, *p;
	char			 slug[128], *path;
	size_t			 i, j, k, depth;
	int			 topic;

	buf_init(&from);
	buf_init(&to);
	if (!c->opt->dry_run && db_begin(c->db) == -1)
		return;
	for (k = 0; k < 2; k++) {
		const struct wxr_name *v = k == 0 ? c->w->cats : c->w->tags;
		size_t nv = k == 0 ? c->w->ncats : c->w->ntags;

		for (i = 0; i < nv; i++) {
			n = &v[i];
			/* A category or tag that no post brought over (WordPress's Uncategorized,
			 * one left empty) was a list of posts: the home page is the nearest. */
			topic = str_in(c->topics, c->ntopics, n->value) &&
			    topic_slug(n->value, slug, sizeof(slug)) == 0;
			/* A category's address holds its parents' slugs: /category/a/b/. */
			buf_reset(&from);
			buf_puts(&from, n->key);
			for (p = n, depth = 0; k == 0 && *p->parent != '\0' && depth < 10;
			    depth++) {
				for (j = 0; j < nv && strcmp(v[j].key, p->parent) != 0; j++)
					;
				if (j == nv)
					break;
				p = &v[j];
				path = xstrdup(from.data);
				buf_reset(&from);
				buf_printf(&from, "%s/%s", p->key, path);
				free(path);
			}
			path = buf_detach(&from);
			buf_printf(&from, "%s/%s/%s/", c->base_path, k == 0 ? "category" : "tag",
			    path);
			buf_reset(&to);
			if (topic)
				buf_printf(&to, "/topics/%s", slug);
			redirect(c, from.data, topic ? to.data : "/");
			buf_puts(&from, "feed/");
			buf_puts(&to, "/feed.xml");
			redirect(c, from.data, to.data);
			free(path);
			/* /?cat=ID and /?tag=SLUG, WordPress's addresses without pretty links. */
			buf_reset(&from);
			if (k == 0 && *n->term_id != '\0')
				buf_printf(&from, "%s/?cat=%s", c->base_path, n->term_id);
			else if (k == 1)
				buf_printf(&from, "%s/?tag=%s", c->base_path, n->key);
			buf_reset(&to);
			buf_puts(&to, "/");
			if (topic)
				buf_printf(&to, "topics/%s", slug);
			if (from.len > 0)
				redirect(c, from.data, to.data);
		}
	}
	for (i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		buf_reset(&from);
		buf_printf(&from, "%s%s", c->base_path, feeds[i]);
		redirect(c, from.data, "/feed.xml");
	}
	/* Images: the old file addresses, and attachment pages, go to the new image. */
	for (i = 0; i < c->nimg; i++) {
		if (c->img[i].url == NULL)
			continue;
		buf_reset(&from);
		buf_printf(&from, "%s%s%s", c->base_path, WP_UPLOADS, c->img[i].path);
		redirect(c, from.data, c->img[i].url);
	}
	for (i = 0; i < c->natt; i++) {
		const char	*dest = NULL;
		int		 found = 0;

		if (c->att[i].rel != NULL)
			dest = wp_img_known(c, c->att[i].rel, &found);
		for (j = 0; dest == NULL && j < c->ndone; j++)
			if (c->done[j].wp_id == c->att[i].parent)
				dest = c->done[j].url;
		/* Every size WordPress made of the image, linked from pages and sites this
		 * export knows nothing of, shows the image too. */
		if (found && dest != NULL)
			att_sizes(c, &c->att[i], dest);
		if (dest != NULL) {
			path = wp_old_path(c, c->att[i].link);
			redirect(c, path, dest);
			free(path);
			buf_reset(&from);
			buf_printf(&from, "%s/?attachment_id=%lld", c->base_path, c->att[i].id);
			redirect(c, from.data, dest);
		}
	}
	if (!c->opt->dry_run && db_commit(c->db) == -1)
		db_rollback(c->db);
	buf_free(&from);
	buf_free(&to);
}

static void
wp_report(const struct wp_ctx *c)
{
	printf("\nWordPress import%s: %s\n", c->opt->dry_run ? " (dry run: nothing written)" :
	    "", c->opt->path);
	printf("articles: %zu published, %zu scheduled, %zu drafts\n",
	    c->articles[ST_PUBLISHED], c->articles[ST_SCHEDULED], c->articles[ST_DRAFT]);
	printf("pages: %zu published, %zu scheduled, %zu drafts\n", c->pages[ST_PUBLISHED],
	    c->pages[ST_SCHEDULED], c->pages[ST_DRAFT]);
	printf("%s: %zu created, %zu updated, %zu failed\n", c->opt->dry_run ?
	    "would be" : "saved", c->created, c->updated, c->failed);
	printf("skipped: %zu in the trash, %zu auto-drafts, %zu attachments, %zu of other "
	    "types\n", c->trash, c->autodraft, c->attachments, c->other);
	printf("images: %zu imported, %zu already there, %zu missing\n", c->img_new,
	    c->img_reused, c->img_missing);
	printf("redirects: %zu\n", c->redirects);
	printf("comments left behind: %zu\n", c->comments);
	if (c->missing.len > 0)
		printf("missing images:\n%s", c->missing.data);
	if (c->featured.len > 0)
		printf("featured images (each set on its post):\n%s", c->featured.data);
	if (c->warn.len > 0)
		printf("warnings:\n%s", c->warn.data);
}

static void
wp_ctx_free(struct wp_ctx *c)
{
	size_t	 i;

	for (i = 0; i < c->natt; i++) {
		free(c->att[i].url);
		free(c->att[i].rel);
		free(c->att[i].alt);
		free(c->att[i].link);
		free(c->att[i].sizes);
	}
	free(c->att);
	for (i = 0; i < c->nimg; i++) {
		free(c->img[i].path);
		free(c->img[i].url);
	}
	free(c->img);
	for (i = 0; i < c->ndone; i++)
		free(c->done[i].url);
	free(c->done);
	for (i = 0; i < c->nslugs; i++)
		free(c->slugs[i]);
	free(c->slugs);
	for (i = 0; i < c->ntopics; i++)
		free(c->topics[i]);
	free(c->topics);
	buf_free(&c->warn);
	buf_free(&c->missing);
	buf_free(&c->featured);
}

int
wp_import(struct db *db, const struct wp_import_opt *opt, time_t now)
{
	struct wp_ctx	 c;
	struct wxr	 w;
	struct wxr_item	 it;
	size_t		 done = 0;
	int		 r, rc = EXIT_USER;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.opt = opt;
	c.now = now;
	c.w = &w;
	buf_init(&c.warn);
	buf_init(&c.missing);
	buf_init(&c.featured);
	memset(&w, 0, sizeof(w));
	if (wp_scan(&c, opt->path) == -1)
		goto out;
	if (wxr_open(&w, opt->path) == -1) {
		fprintf(stderr, "meridian: %s %s\n", opt->path, w.err);
		goto out;
	}
	/* An fsync per post made a big site's import take minutes; the redirects' transaction,
	 * committed after FULL is back, makes every post durable at once. */
	if (!opt->dry_run && db_fsync_commits(db, 0) == -1)
		goto out;
	while ((r = wxr_next(&w, &it)) == 1) {
		c.comments += it.ncomments;
		if (strcmp(it.type, "attachment") == 0)
			c.attachments++;
		else if (strcmp(it.type, "post") != 0 && strcmp(it.type, "page") != 0)
			c.other++;
		else if (strcmp(it.status, "trash") == 0)
			c.trash++;
		else if (strcmp(it.status, "auto-draft") == 0 || strcmp(it.status, "inherit") == 0)
			c.autodraft++;
		else {
			wp_post(&c, &it);
			if (++done % 100 == 0)
				printf("imported %zu/%zu\n", done, c.total);
		}
		wxr_item_free(&it);
	}
	if (r == -1) {
		/* The first pass read the same file to its end: it changed under us. */
		fprintf(stderr, "meridian: %s %s\n", opt->path, w.err);
		goto out;
	}
	printf("imported %zu/%zu\n", done, c.total);
	if (!opt->dry_run && db_fsync_commits(db, 1) == -1)
		goto out;
	wp_site_redirects(&c);
	wp_report(&c);
	rc = c.failed > 0 ? EXIT_USER : EXIT_OK;
	if (c.failed > 0)
		fprintf(stderr, "meridian: %zu post%s could not be imported (see the "
		    "warnings); the rest were\n", c.failed, c.failed == 1 ? "" : "s");
out:
	if (!opt->dry_run)
		db_fsync_commits(db, 1);
	wxr_close(&w);
	wp_ctx_free(&c);
	return rc;
}
