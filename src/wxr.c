/* SPDX-License-Identifier: ISC */
/* wxr.c: reads a WordPress export (WXR) with libxml2's xmlTextReader, which holds only the
 * node at hand: a 200 MB export costs one item's memory. A file with a DTD is refused outright,
 * so no entity is ever declared, expanded or fetched (no XXE, no billion laughs). */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "buf.h"
#include "util.h"
#include "wxr.h"

#define SNIFF_BYTES	(64 * 1024)

int
wxr_sniff(const char *path)
{
	char	*b = xmalloc(SNIFF_BYTES + 1);
	ssize_t	 n;
	int	 fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		free(b);
		return -1;
	}
	n = read(fd, b, SNIFF_BYTES);
	close(fd);
	if (n < 0) {
		free(b);
		return -1;
	}
	b[n] = '\0';
	/* The export's root is <rss> with WordPress's own namespace. */
	r = strstr(b, "<rss") != NULL && strstr(b, "wordpress.org/export/") != NULL;
	free(b);
	return r;
}

/* Keeps libxml2's first error for the one line the user sees, instead of its stderr noise. */
static void
wxr_error(void *arg, xmlErrorPtr e)
{
	struct wxr	*w = arg;
	char		 msg[200];
	size_t		 n;

	if (e == NULL || w->err[0] != '\0')
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "?");
	for (n = 0; msg[n] != '\0'; n++)
		if (msg[n] == '\n' || msg[n] == '\r')
			msg[n] = ' ';
	while (n > 0 && msg[n - 1] == ' ')
		msg[--n] = '\0';
	snprintf(w->err, sizeof(w->err), "is not well-formed XML (line %d: %s)", e->line,
	    msg);
}

/* Takes "r" (or its absence) as the reader of "w". 0, or -1 (w->err). */
static int
wxr_start(struct wxr *w, xmlTextReaderPtr r)
{
	if (r == NULL) {
		snprintf(w->err, sizeof(w->err), "cannot be opened");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r, wxr_error, w);
	w->reader = r;
	return 0;
}

/* No NOENT (entities stay unexpanded), no DTDLOAD, no network; HUGE stays off, so libxml2's
 * own limits on text and depth hold too. */
#define WXR_PARSE	(XML_PARSE_NONET | XML_PARSE_NOCDATA)

int
wxr_open(struct wxr *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	return wxr_start(w, xmlReaderForFile(path, NULL, WXR_PARSE));
}

int
wxr_open_memory(struct wxr *w, const char *buf, size_t len)
{
	memset(w, 0, sizeof(*w));
	if (len > INT_MAX) {
		snprintf(w->err, sizeof(w->err), "is too large");
		return -1;
	}
	return wxr_start(w, xmlReaderForMemory(buf, (int)len, NULL, NULL, WXR_PARSE));
}

static void
names_free(struct wxr_name *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
		free(v[i].parent);
		free(v[i].term_id);
	}
	free(v);
}

void
wxr_close(struct wxr *w)
{
	if (w->reader != NULL)
		xmlFreeTextReader(w->reader);
	free(w->base_url);
	names_free(w->authors, w->nauthors);
	names_free(w->cats, w->ncats);
	names_free(w->tags, w->ntags);
	memset(w, 0, sizeof(*w));
}

void
wxr_item_free(struct wxr_item *it)
{
	size_t	 i;

	free(it->title);
	free(it->link);
	free(it->creator);
	free(it->content);
	free(it->excerpt);
	free(it->post_name);
	free(it->status);
	free(it->type);
	free(it->date);
	free(it->date_gmt);
	free(it->password);
	free(it->attachment_url);
	for (i = 0; i < it->nterms; i++) {
		free(it->terms[i].domain);
		free(it->terms[i].nicename);
		free(it->terms[i].name);
	}
	free(it->terms);
	for (i = 0; i < it->nmeta; i++) {
		free(it->meta[i].key);
		free(it->meta[i].value);
	}
	free(it->meta);
	memset(it, 0, sizeof(*it));
}

const char *
wxr_meta_get(const struct wxr_item *it, const char *key)
{
	size_t	 i;

	for (i = 0; i < it->nmeta; i++)
		if (strcmp(it->meta[i].key, key) == 0)
			return it->meta[i].value;
	return NULL;
}

/* A size's entry is serialized as s:4:"file";s:LEN:"NAME"; the image's own entry has the same
 * key but a path with its folder, which the character test leaves out. LEN counts bytes, so a
 * name holding a quote is read whole (and then left out). */
size_t
wxr_image_sizes(const char *meta, struct buf *out)
{
	static const char key[] = "s:4:\"file\";s:";
	const char	*p = meta, *name;
	char		*end;
	unsigned long	 len;
	size_t		 i, n = 0;

	while (n < WXR_MAX_SIZES && (p = strstr(p, key)) != NULL) {
		p += sizeof(key) - 1;
		if (*p < '0' || *p > '9')
			continue;
		len = strtoul(p, &end, 10);
		if (end - p > 3 || end[0] != ':' || end[1] != '"' || len == 0 ||
		    len > WXR_MAX_SIZE_NAME || strnlen(end + 2, len) < len)
			continue;
		name = end + 2;
		p = name + len;
		if (p[0] != '"' || p[1] != ';' || name[0] == '.')
			continue;
		for (i = 0; i < len; i++)
			if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' &&
			    name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
			    name[i] == '-' || name[i] == '_' || name[i] == '.'))
				break;
		if (i < len)
			continue;
		buf_append(out, name, len);
		buf_putc(out, '\n');
		n++;
	}
	return n;
}

/* Where the text of the element being read goes. */
struct cap {
	char	**dst;
	size_t	  max;
	int	  depth;
};

static char *
own(char *s)
{
	return s != NULL ? s : xstrdup("");
}

/* Fills every NULL string of "it" with "" so callers never test for NULL. */
static void
item_finish(struct wxr_item *it)
{
	char	**f[] = { &it->title, &it->link, &it->creator, &it->content, &it->excerpt,
	    &it->post_name, &it->status, &it->type, &it->date, &it->date_gmt, &it->password,
	    &it->attachment_url };
	size_t	 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		*f[i] = own(*f[i]);
	for (i = 0; i < it->nterms; i++) {
		it->terms[i].domain = own(it->terms[i].domain);
		/* WXR 1.0 (WordPress 2.5 to 3.0) named the tags' taxonomy "tag". */
		if (strcmp(it->terms[i].domain, "tag") == 0) {
			free(it->terms[i].domain);
			it->terms[i].domain = xstrdup("post_tag");
		}
		it->terms[i].nicename = own(it->terms[i].nicename);
		it->terms[i].name = own(it->terms[i].name);
	}
	for (i = 0; i < it->nmeta; i++) {
		it->meta[i].key = own(it->meta[i].key);
		it->meta[i].value = own(it->meta[i].value);
	}
}

static void
name_finish(struct wxr_name *n)
{
	n->key = own(n->key);
	n->value = own(n->value);
	n->parent = own(n->parent);
	n->term_id = own(n->term_id);
}

/* The owned value of attribute "name" of the current element, or NULL. */
static char *
cur_attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar	*v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Where the element "name", a child of the record being read, is kept; NULL if not. */
static char **
item_field(struct wxr_item *it, const char *name, char **num, size_t *max)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} f[] = {
		{ "title", offsetof(struct wxr_item, title) },
		{ "link", offsetof(struct wxr_item, link) },
		{ "dc:creator", offsetof(struct wxr_item, creator) },
		{ "content:encoded", offsetof(struct wxr_item, content) },
		{ "excerpt:encoded", offsetof(struct wxr_item, excerpt) },
		{ "wp:post_name", offsetof(struct wxr_item, post_name) },
		{ "wp:status", offsetof(struct wxr_item, status) },
		{ "wp:post_type", offsetof(struct wxr_item, type) },
		{ "wp:post_date", offsetof(struct wxr_item, date) },
		{ "wp:post_date_gmt", offsetof(struct wxr_item, date_gmt) },
		{ "wp:post_password", offsetof(struct wxr_item, password) },
		{ "wp:attachment_url", offsetof(struct wxr_item, attachment_url) },
	};
	size_t	 i;

	*max = WXR_MAX_FIELD;
	if (strcmp(name, "wp:post_id") == 0 || strcmp(name, "wp:post_parent") == 0)
		return num;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcmp(name, f[i].name) == 0) {
			if (strcmp(name, "content:encoded") == 0)
				*max = WXR_MAX_CONTENT;
			return (char **)(void *)((char *)it + f[i].off);
		}
	return NULL;
}

static long long
num_of(const char *s)
{
	long long	 v;

	return s != NULL && util_parse_ll(s, 0, 1LL << 53, &v) == 0 ? v : 0;
}

/* Appends a new, zeroed name to "*v". Returns it, or NULL past the limit. */
static struct wxr_name *
name_add(struct wxr_name **v, size_t *n)
{
	if (*n >= WXR_MAX_NAMES)
		return NULL;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

/*
 * How surely a channel element names the site itself: on WordPress.com (and in a network of
 * sites) wp:base_site_url is the network ("http://wordpress.com/"), wp:base_blog_url the site.
 */
static int
url_rank(const char *name)
{
	return strcmp(name, "wp:base_blog_url") == 0 ? 3 : strcmp(name, "link") == 0 ? 2 :
	    strcmp(name, "wp:base_site_url") == 0 ? 1 : 0;
}

/* Why an RSS file without <wp:wxr_version> is refused, into w->err: WordPress wrote one from
 * 2.5 on, so a file in WordPress's own namespace without it is from an older one. */
static void
wxr_not_wxr(struct wxr *w, xmlTextReaderPtr r)
{
	xmlChar	*ns = xmlTextReaderLookupNamespace(r, (const xmlChar *)"wp");

	if (ns != NULL && strstr((const char *)ns, "wordpress.org/export/") != NULL)
		snprintf(w->err, sizeof(w->err), "is an export of WordPress 2.4 or older (no "
		    "<wp:wxr_version>), which this import does not read: import it into a newer "
		    "WordPress and export it from there");
	else
		snprintf(w->err, sizeof(w->err), "is RSS, but not a WordPress export (no "
		    "<wp:wxr_version>)");
	xmlFree(ns);
}

int
wxr_next(struct wxr *w, struct wxr_item *it)
{
	xmlTextReaderPtr	 r = w->reader;
	struct buf		 text;
	struct cap		 cap = { NULL, 0, -1 };
	struct wxr_name		*rec = NULL;	/* an author, category or tag being read */
	char			*num = NULL, *scratch = NULL;
	const char		*name;
	int			 rc, type, depth, item_depth = -1, sub_depth = -1;
	int			 in_meta = 0, ret = -1;

	memset(it, 0, sizeof(*it));
	buf_init(&text);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		depth = xmlTextReaderDepth(r);
		name = (const char *)xmlTextReaderConstName(r);
		if (name == NULL)
			name = "";
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			snprintf(w->err, sizeof(w->err), "has a DTD or an entity "
			    "(<!DOCTYPE>, <!ENTITY>), which a WordPress export never "
			    "has; refused");
			goto out;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (cap.dst == NULL)
				break;
			{
				const char *v = (const char *)xmlTextReaderConstValue(r);
				size_t n = v ? strlen(v) : 0;

				if (text.len + n > cap.max) {
					snprintf(w->err, sizeof(w->err), "item %zu: <%s> is "
					    "larger than %zu bytes; refused", w->nitems + 1,
					    name[0] == '#' ? "text" : name, cap.max);
					goto out;
				}
				buf_append(&text, v ? v : "", n);
			}
			break;
		case XML_READER_TYPE_ELEMENT:
			if (depth == 0 && strcmp(name, "rss") != 0) {
				snprintf(w->err, sizeof(w->err), "is XML, but not a WordPress "
				    "export (its root is <%s>, not <rss>)", name);
				goto out;
			}
			if (cap.dst != NULL)
				break;	/* markup inside a text field: its text counts */
			if (xmlTextReaderIsEmptyElement(r) && strcmp(name, "category") != 0)
				break;
			buf_reset(&text);
			if (item_depth < 0 && strcmp(name, "item") == 0) {
				if (!w->is_wxr) {
					wxr_not_wxr(w, r);
					goto out;
				}
				if (w->nitems >= WXR_MAX_ITEMS) {
					snprintf(w->err, sizeof(w->err), "has more than %d "
					    "items; refused", WXR_MAX_ITEMS);
					goto out;
				}
				item_depth = depth;
				break;
			}
			if (item_depth >= 0) {
				size_t max;

				if (in_meta && depth == item_depth + 2) {
					struct wxr_meta *m = &it->meta[it->nmeta - 1];

					cap.dst = strcmp(name, "wp:meta_key") == 0 ? &m->key :
					    strcmp(name, "wp:meta_value") == 0 ? &m->value : NULL;
					cap.max = WXR_MAX_FIELD;
				} else if (depth != item_depth + 1) {
					break;
				} else if (strcmp(name, "wp:postmeta") == 0) {
					if (it->nmeta >= WXR_MAX_META)
						break;
					it->meta = xrealloc(it->meta, (it->nmeta + 1) *
					    sizeof(*it->meta));
					memset(&it->meta[it->nmeta++], 0, sizeof(*it->meta));
					in_meta = 1;
					sub_depth = depth;
				} else if (strcmp(name, "wp:comment") == 0) {
					it->ncomments++;
				} else if (strcmp(name, "category") == 0) {
					struct wxr_term *t;

					if (it->nterms >= WXR_MAX_TERMS)
						break;
					it->terms = xrealloc(it->terms, (it->nterms + 1) *
					    sizeof(*it->terms));
					t = &it->terms[it->nterms++];
					memset(t, 0, sizeof(*t));
					t->domain = cur_attr(r, "domain");
					t->nicename = cur_attr(r, "nicename");
					if (!xmlTextReaderIsEmptyElement(r)) {
						cap.dst = &t->name;
						cap.max = WXR_MAX_FIELD;
					}
				} else if ((cap.dst = item_field(it, name, &num, &max)) != NULL)
					cap.max = max;
				if (cap.dst != NULL)
					cap.depth = depth;
				break;
			}
			/* The channel: the site's address, authors, categories and tags. */
			if (rec != NULL && depth == sub_depth + 1) {
				cap.dst = strcmp(name, "wp:author_login") == 0 ||
				    strcmp(name, "wp:category_nicename") == 0 ||
				    strcmp(name, "wp:tag_slug") == 0 ? &rec->key :
				    strcmp(name, "wp:author_display_name") == 0 ||
				    strcmp(name, "wp:cat_name") == 0 ||
				    strcmp(name, "wp:tag_name") == 0 ? &rec->value :
				    strcmp(name, "wp:category_parent") == 0 ? &rec->parent :
				    strcmp(name, "wp:term_id") == 0 ? &rec->term_id : NULL;
			} else if (depth == 2 && strcmp(name, "wp:author") == 0)
				rec = name_add(&w->authors, &w->nauthors);
			else if (depth == 2 && strcmp(name, "wp:category") == 0)
				rec = name_add(&w->cats, &w->ncats);
			else if (depth == 2 && strcmp(name, "wp:tag") == 0)
				rec = name_add(&w->tags, &w->ntags);
			else if (depth == 2 && url_rank(name) > w->base_rank) {
				w->base_rank = url_rank(name);
				free(w->base_url);
				w->base_url = NULL;
				cap.dst = &w->base_url;
			} else if (depth == 2 && strcmp(name, "wp:wxr_version") == 0) {
				w->is_wxr = 1;
				cap.dst = &scratch;
			}
			if (rec != NULL && sub_depth < 0)
				sub_depth = depth;
			if (cap.dst != NULL) {
				cap.max = WXR_MAX_FIELD;
				cap.depth = depth;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (cap.dst != NULL && depth == cap.depth) {
				free(*cap.dst);
				*cap.dst = xstrndup(text.data ? text.data : "", text.len);
				if (cap.dst == &num) {
					if (strcmp(name, "wp:post_id") == 0)
						it->id = num_of(num);
					else
						it->parent = num_of(num);
				}
				cap.dst = NULL;
				buf_reset(&text);
				break;
			}
			if (in_meta && depth == sub_depth) {
				in_meta = 0;
				sub_depth = -1;
			} else if (rec != NULL && depth == sub_depth) {
				name_finish(rec);
				rec = NULL;
				sub_depth = -1;
			} else if (item_depth >= 0 && depth == item_depth &&
			    strcmp(name, "item") == 0) {
				item_finish(it);
				w->nitems++;
				ret = 1;
				goto out;
			}
			break;
		default:
			break;
		}
	}
	if (rc == -1 || w->err[0] != '\0') {
		if (w->err[0] == '\0')
			snprintf(w->err, sizeof(w->err), "is not well-formed XML");
		goto out;
	}
	if (item_depth >= 0) {
		snprintf(w->err, sizeof(w->err), "ends inside an item");
		goto out;
	}
	if (!w->is_wxr) {
		snprintf(w->err, sizeof(w->err), "is not a WordPress export (no "
		    "<wp:wxr_version>)");
		goto out;
	}
	ret = 0;
out:
	if (rec != NULL)
		name_finish(rec);
	if (ret != 1)
		wxr_item_free(it);
	free(num);
	free(scratch);
	buf_free(&text);
	return ret;
}
