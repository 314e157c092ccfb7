/* SPDX-License-Identifier: ISC */
/* wp_fetch.c: downloads the old site's images for the import. Only the export's own host (or
 * its WordPress.com media host) is asked: the caller builds the folder from the export's
 * address, and redirects are not followed. Over HTTP(S), one image at a time with a pause
 * between, each bounded in size and time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "meridian.h"
#include "util.h"
#include "wp_fetch.h"

struct wp_body {
	struct buf	 b;
	int		 too_big;
};

static size_t
wp_fetch_write(char *data, size_t size, size_t n, void *arg)
{
	struct wp_body	*body = arg;

	if (body->b.len + size * n > LIMIT_UPLOAD) {
		body->too_big = 1;
		return 0;	/* curl stops the transfer */
	}
	buf_append(&body->b, data, size * n);
	return size * n;
}

unsigned char *
wp_fetch(const char *dir, const char *rel, size_t *len, char *err, size_t errlen)
{
	static int	 inited;
	static struct timespec last;
	struct timespec	 now, pause = { 0, WP_FETCH_PAUSE_MS * 1000000L };
	struct wp_body	 body;
	struct buf	 url;
	CURL		*h = NULL;
	CURLcode	 rc;
	long		 status = 0;
	unsigned char	*out = NULL;
	char		*moved = NULL;	/* curl's, freed with the handle */

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
			snprintf(err, errlen, "libcurl cannot start");
			return NULL;
		}
		inited = 1;
	}
	/* Politeness towards the old site, which may be a small shared host. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec != 0 && (now.tv_sec - last.tv_sec) * 1000 +
	    (now.tv_nsec - last.tv_nsec) / 1000000 < WP_FETCH_PAUSE_MS)
		nanosleep(&pause, NULL);
	buf_init(&url);
	buf_init(&body.b);
	body.too_big = 0;
	if ((strncasecmp(dir, "http://", 7) != 0 && strncasecmp(dir, "https://", 8) != 0)) {
		snprintf(err, errlen, "the site's address %s is not http(s)", dir);
		goto out;
	}
	buf_printf(&url, "%s%s", dir, rel);
	if ((h = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "libcurl cannot start");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, url.data);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)WP_FETCH_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)LIMIT_UPLOAD);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "meridian-import");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, wp_fetch_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	rc = curl_easy_perform(h);
	clock_gettime(CLOCK_MONOTONIC, &last);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &moved) != CURLE_OK)
		moved = NULL;
	if (body.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, errlen, "%s is larger than 10 MiB", url.data);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "%s took longer than %d s; given up", url.data,
		    WP_FETCH_TIMEOUT);
	else if (rc == CURLE_OK && status >= 300 && status < 400 && moved != NULL &&
	    *moved != '\0')
		snprintf(err, errlen, "%s redirects to %.100s, another address: not followed",
		    url.data, moved);
	else if (rc != CURLE_OK)
		snprintf(err, errlen, "%s: %s", url.data, curl_easy_strerror(rc));
	else if (status != 200)
		snprintf(err, errlen, "%s answered %ld", url.data, status);
	else if (body.b.len == 0)
		snprintf(err, errlen, "%s is empty", url.data);
	else {
		*len = body.b.len;
		out = (unsigned char *)buf_detach(&body.b);
	}
	curl_easy_cleanup(h);
out:
	buf_free(&url);
	buf_free(&body.b);
	return out;
}
