/* SPDX-License-Identifier: ISC */
/* image-run.c: for tests/bench/images.sh, runs one file through image_process(), the very
 * call an upload makes in a worker (a child process decodes and encodes), RUNS times, and
 * prints each run's wall time, then the child's peak RSS and CPU time and its output. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "image.h"

int
main(int argc, char *argv[])
{
	struct image_set	 set;
	struct timespec		 a, b;
	struct rusage		 ru, self;
	unsigned char		*bytes;
	char			 err[256];
	size_t			 len, i, total = 0, nv = 0;
	long			 size;
	FILE			*f;
	int			 runs, r, k;

	if (argc != 3 || (runs = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: image-run FILE RUNS\n");
		return 2;
	}
	image_helper_set(argv[0]);	/* meridian-image beside it, in the build folder */
	if ((f = fopen(argv[1], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(argv[1]);
		return 1;
	}
	len = (size_t)size;
	if ((bytes = malloc(len)) == NULL || fread(bytes, 1, len, f) != len) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);
	printf("ms");
	for (k = 0; k < runs; k++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		r = image_process(bytes, len, &set, err, sizeof(err));
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (r != 1) {
			fprintf(stderr, "image-run: %s\n", r == 0 ? err : "error");
			return 1;
		}
		printf(" %.0f", (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
		total = 0;
		nv = set.n;
		for (i = 0; i < set.n; i++)
			total += set.v[i].len;
		if (k + 1 < runs)
			image_set_free(&set);
	}
	printf("\n");
	/* The children's figures: ru_maxrss is the largest child's peak (every child ran the
	 * same job), the CPU time their sum. The parent's own peak beside it: a forked child
	 * starts out sharing the parent's pages, and counts those it touches. */
	getrusage(RUSAGE_CHILDREN, &ru);
	getrusage(RUSAGE_SELF, &self);
	printf("child_peak_kib %ld\n", ru.ru_maxrss);
	printf("child_cpu_ms %.0f\n", ((double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec) * 1e3 / runs +
	    ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e3 / runs);
	printf("self_peak_kib %ld\n", self.ru_maxrss);
	printf("full %dx%d\n", set.width, set.height);
	printf("variants %zu bytes %zu:", nv, total);
	for (i = 0; i < set.n; i++)
		printf(" %d%s=%zu", set.v[i].width, image_format_exts[set.v[i].format], set.v[i].len);
	printf("\n");
	image_set_free(&set);
	free(bytes);
	return 0;
}
