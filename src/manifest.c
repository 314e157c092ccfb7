/* SPDX-License-Identifier: ISC */
/* manifest.c: media.tsv, the manifest of DIR/media/ in an export folder, one line per file:
 *
 *	id TAB name TAB mime TAB sha256 TAB created_at TAB uploaded_by TAB alt
 *
 * after a "#" comment line naming the columns. Backslash, tab, newline and carriage return
 * inside a field are written \\ \t \n \r, so one line is always one file. The file itself is
 * DIR/media/ID-NAME. Parsing is a pure function of one line, so it can be tested alone. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "manifest.h"
#include "util.h"

#define MANIFEST_FIELDS	7

/* The image types an upload may have (admin_media.c sniffs the same four). */
static const char *const manifest_mimes[] = {
	"image/jpeg", "image/png", "image/webp", "image/gif"
};

void
manifest_header(struct buf *b)
{
	buf_puts(b, "# id\tname\tmime\tsha256\tcreated_at\tuploaded_by\talt\n");
}

static void
manifest_field(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\\')
			buf_puts(b, "\\\\");
		else if (*s == '\t')
			buf_puts(b, "\\t");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '\r')
			buf_puts(b, "\\r");
		else
			buf_putc(b, *s);
	}
}

/* Appends one line for a media row; the strings are escaped, never checked. */
void
manifest_row(struct buf *b, int64_t id, const char *name, const char *mime,
    const char *sha256, int64_t created_at, const char *uploaded_by, const char *alt)
{
	buf_printf(b, "%lld\t", (long long)id);
	manifest_field(b, name);
	buf_putc(b, '\t');
	manifest_field(b, mime);
	buf_putc(b, '\t');
	manifest_field(b, sha256);
	buf_printf(b, "\t%lld\t", (long long)created_at);
	manifest_field(b, uploaded_by);
	buf_putc(b, '\t');
	manifest_field(b, alt);
	buf_putc(b, '\n');
}

/* A name that is safe as the last part of a path: [A-Za-z0-9._-], no leading dot. */
int
manifest_name_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > MANIFEST_MAX_NAME || s[0] == '.')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

int
manifest_mime_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(manifest_mimes) / sizeof(manifest_mimes[0]); i++)
		if (strcmp(s, manifest_mimes[i]) == 0)
			return 1;
	return 0;
}

/* Undoes manifest_field() on "n" bytes at "s". Returns an owned string, or NULL if bad. */
static char *
manifest_unescape(const char *s, size_t n)
{
	char	*out = xmalloc(n + 1);
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		if (++i == n)
			goto bad;
		switch (s[i]) {
		case '\\': out[o++] = '\\'; break;
		case 't': out[o++] = '\t'; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		default: goto bad;
		}
	}
	out[o] = '\0';
	if (!util_utf8_valid(out, o))
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

/*
 * Parses one line ("len" bytes, no newline) into "out". Returns 1 with "out" filled (the
 * caller frees it with manifest_entry_free), 0 for a blank or comment line, or -1 with "err"
 * saying what is wrong ("out" then holds nothing).
 */
int
manifest_parse_line(const char *line, size_t len, struct manifest_entry *out, char *err,
    size_t errlen)
{
	static const char *const names[MANIFEST_FIELDS] = {
		"id", "name", "mime", "sha256", "created_at", "uploaded_by", "alt"
	};
	const char	*f[MANIFEST_FIELDS], *p, *end = line + len, *tab;
	char		*v[MANIFEST_FIELDS];
	size_t		 fl[MANIFEST_FIELDS];
	long long	 n;
	int		 i, k;

	memset(out, 0, sizeof(*out));
	if (len > 0 && line[len - 1] == '\r')
		end--;
	if (end == line || line[0] == '#')
		return 0;
	if (memchr(line, '\0', len) != NULL) {
		snprintf(err, errlen, "a NUL byte");
		return -1;
	}
	for (p = line, k = 0; k < MANIFEST_FIELDS; k++) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (k < MANIFEST_FIELDS - 1 && tab == NULL) {
			snprintf(err, errlen, "%d fields, want %d (tab-separated)",
			    k + 1, MANIFEST_FIELDS);
			return -1;
		}
		if (k == MANIFEST_FIELDS - 1 && tab != NULL) {
			snprintf(err, errlen, "more than %d fields", MANIFEST_FIELDS);
			return -1;
		}
		f[k] = p;
		fl[k] = (size_t)((tab ? tab : end) - p);
		p = tab ? tab + 1 : end;
	}
	for (i = 0; i < MANIFEST_FIELDS; i++)
		if ((v[i] = manifest_unescape(f[i], fl[i])) == NULL) {
			snprintf(err, errlen, "%s: a bad escape or invalid UTF-8",
			    names[i]);
			while (i-- > 0)
				free(v[i]);
			return -1;
		}
	if (util_parse_ll(v[0], 1, INT64_MAX, &n) == -1) {
		snprintf(err, errlen, "id: want a positive number");
		goto fail;
	}
	out->id = n;
	if (!manifest_name_ok(v[1])) {
		snprintf(err, errlen, "name: want 1 to %d of A-Z a-z 0-9 . _ -, "
		    "not starting with a dot", MANIFEST_MAX_NAME);
		goto fail;
	}
	if (!manifest_mime_ok(v[2])) {
		snprintf(err, errlen, "mime: want image/jpeg, image/png, image/webp "
		    "or image/gif");
		goto fail;
	}
	if (strlen(v[3]) != 64 || strspn(v[3], "0123456789abcdef") != 64) {
		snprintf(err, errlen, "sha256: want 64 lower-case hex digits");
		goto fail;
	}
	if (util_parse_ll(v[4], 0, INT64_MAX, &n) == -1) {
		snprintf(err, errlen, "created_at: want seconds since 1970");
		goto fail;
	}
	out->created_at = n;
	out->name = v[1];
	out->mime = v[2];
	out->sha256 = v[3];
	out->uploaded_by = v[5];
	out->alt = v[6];
	free(v[0]);
	free(v[4]);
	return 1;
fail:
	for (i = 0; i < MANIFEST_FIELDS; i++)
		free(v[i]);
	memset(out, 0, sizeof(*out));
	return -1;
}

void
manifest_entry_free(struct manifest_entry *e)
{
	if (e == NULL)
		return;
	free(e->name);
	free(e->mime);
	free(e->sha256);
	free(e->uploaded_by);
	free(e->alt);
	memset(e, 0, sizeof(*e));
}
