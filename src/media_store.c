/* SPDX-License-Identifier: ISC */
/* media_store.c: a stand-in for the image pipeline, until it lands: stores the bytes as the
 * upload form does (type from the magic bytes, a safe name, SHA-256) in one transaction. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "media.h"
#include "meridian.h"
#include "util.h"

/* The type of an image we accept from its first bytes, with its extension; NULL if none. */
static const char *
media_store_type(const unsigned char *b, size_t n, const char **ext)
{
	if (n > 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) {
		*ext = "jpg";
		return "image/jpeg";
	}
	if (n > 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) {
		*ext = "png";
		return "image/png";
	}
	if (n > 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0)) {
		*ext = "gif";
		return "image/gif";
	}
	if (n > 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0) {
		*ext = "webp";
		return "image/webp";
	}
	return NULL;
}

int64_t
media_store(struct db *db, const char *name, const unsigned char *bytes, size_t len,
    const char *alt, const char *who, time_t now, char *err, size_t errlen)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hex[crypto_hash_sha256_BYTES * 2 + 1], safe[80];
	const char	*mime, *ext = NULL, *dot;
	sqlite3_stmt	*st;
	size_t		 i, o = 0, n;
	int64_t		 id;
	int		 rc;

	if (len == 0 || len > LIMIT_UPLOAD) {
		snprintf(err, errlen, "empty or larger than 10 MiB");
		return 0;
	}
	if ((mime = media_store_type(bytes, len, &ext)) == NULL) {
		snprintf(err, errlen, "not a JPEG, PNG, WebP or GIF image");
		return 0;
	}
	dot = strrchr(name, '.');
	n = dot != NULL ? (size_t)(dot - name) : strlen(name);
	for (i = 0; i < n && o < 60; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch < 0x80 && isalnum(ch))
			safe[o++] = (char)tolower(ch);
		else if (o > 0 && safe[o - 1] != '-')
			safe[o++] = '-';
	}
	while (o > 0 && safe[o - 1] == '-')
		o--;
	if (o == 0)
		o = (size_t)snprintf(safe, sizeof(safe), "image");
	snprintf(safe + o, sizeof(safe) - o, ".%s", ext);
	crypto_hash_sha256(h, bytes, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (db_begin(db) == -1)
		return -1;
	st = db_stmt(db, STMT_MEDIA_INSERT);
	sqlite3_bind_text(st, 1, safe, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
	sqlite3_bind_text(st, 4, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, alt, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 6, bytes, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)now);
	sqlite3_bind_text(st, 8, who, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	id = sqlite3_last_insert_rowid(db->conn);
	if (rc != SQLITE_DONE || post_audit(db, now, who, "upload", safe, mime) == -1 ||
	    db_commit(db) == -1) {
		log_warnx("%s: %s", __func__, sqlite3_errmsg(db->conn));
		db_rollback(db);
		return -1;
	}
	return id;
}
