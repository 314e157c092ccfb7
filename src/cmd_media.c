/* SPDX-License-Identifier: ISC */
/* cmd_media.c: `meridian media rebuild` runs every stored image through the image pipeline
 * again (images stored before it, a change of sizes or of libvips); `meridian media check`
 * reports images whose variants are missing or do not decode. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "media.h"
#include "meridian.h"

static const char media_usage[] =
    "usage: meridian media [--db PATH] [--config FILE] rebuild|check\n"
    "rebuild: runs every image of the library through the image pipeline again, one\n"
    "transaction per image, with progress on stderr (images stored by versions before the\n"
    "pipeline lose their metadata and get their sizes this way).\n"
    "check: decodes every variant of every image (in a child process, under the limits\n"
    "uploads have) and lists the images with one missing, damaged or not matching its\n"
    "hash; exit 1 if any.\n";

/*
 * Every image, one at a time; with "missing", only those never processed (stored before
 * the pipeline). Returns the number refused, or -1 on an error.
 */
int
media_rebuild_all(struct db *db, int missing)
{
	struct media_info	 mi;
	char			 err[256];
	int64_t			 id = 0;
	int			 r, done = 0, refused = 0, skip;

	while ((r = media_next(db, id, &id)) == 1) {
		if (missing) {
			if (media_info_load(db, id, &mi) == -1)
				return -1;
			skip = mi.width > 0;
			media_info_free(&mi);
			if (skip)
				continue;
		}
		if ((r = media_rebuild(db, id, err, sizeof(err))) == -1)
			return -1;
		if (r == 0) {
			fprintf(stderr, "media %lld: refused: %s\n", (long long)id, err);
			refused++;
		} else
			fprintf(stderr, "media %lld: rebuilt (%d so far)\n", (long long)id,
			    ++done);
	}
	if (r == -1)
		return -1;
	if (!missing || done + refused > 0)
		fprintf(stderr, "%d image%s rebuilt, %d refused\n", done,
		    done == 1 ? "" : "s", refused);
	return refused;
}

/*
 * Verifies every image (media_verify(): its variants all there, matching their hashes and
 * decoding in a child) into "n" and "bad", calling "fn" for each that is not sound.
 * Returns 0, or -1 on an error.
 */
int
media_check_all(struct db *db, media_bad_fn fn, void *arg, int *n, int *bad)
{
	struct media_info	 mi;
	char			 why[256];
	int64_t			 id = 0;
	int			 r;

	*n = *bad = 0;
	while ((r = media_next(db, id, &id)) == 1) {
		(*n)++;
		if ((r = media_verify(db, id, why, sizeof(why))) == -1)
			return -1;
		if (r == 1)
			continue;
		(*bad)++;
		if ((r = media_info_load(db, id, &mi)) == -1)
			return -1;
		fn(id, r == 1 ? mi.name : "", why, arg);
		media_info_free(&mi);
	}
	return r == -1 ? -1 : 0;
}

/* media_bad_fn: one line on stdout per image. */
static void
media_bad_print(int64_t id, const char *name, const char *why, void *arg)
{
	(void)arg;
	printf("/media/%lld/%s: %s\n", (long long)id, name, why);
}

int
cmd_media(int argc, char *argv[])
{
	struct cmd_common	 co = { NULL, NULL };
	struct conf		 conf;
	struct db		 db;
	const char		*verb;
	int			 ch, r, n, bad, rc = EXIT_USER, dbopen = 0;

	if ((ch = cmd_flags(argc, argv, media_usage, NULL, &co)) >= 0)
		return ch;
	if (argc - optind != 1 || (strcmp(argv[optind], "rebuild") != 0 &&
	    strcmp(argv[optind], "check") != 0)) {
		cmd_usage(media_usage);
		return EXIT_USAGE;
	}
	verb = argv[optind];
	if (cmd_setup(&conf, &co) == -1)
		goto out;
	if (db_open(&db, conf.db_path, 0) == -1)
		goto out;
	dbopen = 1;
	if (strcmp(verb, "rebuild") == 0)
		r = media_rebuild_all(&db, 0);
	else if ((r = media_check_all(&db, media_bad_print, NULL, &n, &bad)) == 0) {
		printf("%d image%s, %d with missing or damaged variants\n", n, n == 1 ? "" : "s",
		    bad);
		r = bad;
	}
	rc = r == 0 ? EXIT_OK : EXIT_USER;
out:
	if (dbopen)
		db_close(&db);
	conf_free(&conf);
	return rc;
}
