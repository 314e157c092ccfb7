/* SPDX-License-Identifier: ISC */
/* media.h: storing an image in the media library. */
#ifndef MERIDIAN_MEDIA_H
#define MERIDIAN_MEDIA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct db;

/* media_store(): runs untrusted image bytes through the image pipeline (in a child) and stores
 * the original's variants in one transaction. Returns the new media id (> 0), 0 when the
 * bytes are refused (the reason in err), -1 on an error (logged). */
int64_t media_store(struct db *db, const char *name, const unsigned char *bytes, size_t len,
    const char *alt, const char *who, time_t now, char *err, size_t errlen);

#endif
