/* SPDX-License-Identifier: ISC */
/* image_main.c: meridian-image, the only program that links libvips. A worker (or the
 * command line) executes it with untrusted image bytes on stdin, under memory, CPU and time
 * limits, and reads the records it writes on stdout; executed, not forked, it holds none of
 * the worker's memory (sessions, the site's secret, the database).
 *
 *	meridian-image process		an upload in, its variants out
 *	meridian-image verify		stored variants in (as records), 'Z' or a refusal out
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "image.h"
#include "image_decode.h"

/* Reads stdin into "in", at most IMAGE_INPUT_MAX bytes. 0, or -1 (too much or unreadable). */
static int
read_input(struct buf *in)
{
	char	 chunk[65536];
	ssize_t	 n;

	for (;;) {
		if ((n = read(0, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (in->len + (size_t)n > IMAGE_INPUT_MAX)
			return -1;
		buf_append(in, chunk, (size_t)n);
	}
}

int
main(int argc, char *argv[])
{
	struct image_set	 set;
	struct buf		 in;
	char			 err[200];

	if (argc != 2 || (strcmp(argv[1], "process") != 0 && strcmp(argv[1], "verify") != 0)) {
		fprintf(stderr, "usage: meridian-image process|verify (run by meridian)\n");
		return 2;
	}
	buf_init(&in);
	if (read_input(&in) == -1) {
		image_refuse(1, "The file is too large to be an image we accept.");
		_exit(0);
	}
	if (strcmp(argv[1], "process") == 0)
		image_decode((const unsigned char *)in.data, in.len, 1);
	else if (image_records_parse((const unsigned char *)in.data, in.len, 1, &set, err,
	    sizeof(err)) == 1)
		image_decode_check(&set, 1);
	else
		image_refuse(1, "the stored variants could not be read");
	/* No cleanup: what libvips keeps is not ours to free, and the process ends here. */
	_exit(0);
}
