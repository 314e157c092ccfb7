/* SPDX-License-Identifier: ISC */
/* fuzz-tmpl.c: tmpl.c's template compiler and renderer, on real files: the input is written
 * to t.html in a temporary template folder, split at "@@INC@@" into t.html and inc.html (so
 * {{> inc.html}} has something to include). Both are loaded as top-level templates with a
 * small name table, and whatever loads is rendered with a scope holding an HTML-looking
 * value, a boolean and nested lists. Oracles: no crash, leak or UB; a load error says
 * FILE:LINE; the value's "<" reaches the output unescaped only where the template asks for
 * |raw (the value is marked with \x02 bytes, so the template cannot fake it unless it holds
 * such a byte itself). */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "fuzz.h"
#include "log.h"
#include "tmpl.h"

static char	 dir[256];
static char	 path_t[sizeof(dir) + 16], path_inc[sizeof(dir) + 16];

static const char *const files[] = { "t.html", "inc.html" };
static const char *const names[] = { "a", "b", "list", "unset" };
enum { N_A, N_B, N_LIST, N_UNSET };

static void
cleanup(void)
{
	unlink(path_t);
	unlink(path_inc);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The refused bad index below logs a warning; errors only, to keep the run fast. */
	log_init("fuzz-tmpl", 0, LOG_LEVEL_ERROR);
	/* In memory if there is a /dev/shm: two files are written per input. */
	snprintf(dir, sizeof(dir), "%s/meridian-fuzz-tmpl.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") :
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path_t, sizeof(path_t), "%s/t.html", dir);
	snprintf(path_inc, sizeof(path_inc), "%s/inc.html", dir);
	atexit(cleanup);
	return 0;
}

static void
put(const char *path, const uint8_t *d, size_t n)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		abort();
	if (n > 0 && write(fd, d, n) != (ssize_t)n)
		abort();
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 sep[] = "@@INC@@";
	static const char	 dflt[] = "inc {{a}} {{#each list}}[{{a}}]{{/each}}";
	const uint8_t		*cut;
	struct tmpl_set		*set;
	struct tmpl_scope	*sc, *it, *it2;
	struct buf		 out;
	char			 err[512];
	int			 f, i, j, may_leak;

	cut = memmem(data, size, sep, sizeof(sep) - 1);
	if (cut != NULL) {
		put(path_t, data, (size_t)(cut - data));
		put(path_inc, cut + sizeof(sep) - 1, size - (size_t)(cut - data) -
		    (sizeof(sep) - 1));
	} else {
		put(path_t, data, size);
		put(path_inc, (const uint8_t *)dflt, sizeof(dflt) - 1);
	}
	set = tmpl_load(dir, files, 2, names, 4, err, sizeof(err));
	if (set == NULL) {
		FUZZ_CHECK(strstr(err, ".html:") != NULL || strstr(err, "tmpl") != NULL,
		    "a load error names FILE:LINE");
		return 0;
	}
	/*
	 * "\x02<V>" can only come from the value, unescaped, unless the input holds a \x02
	 * byte or "<V>" (the value's closing \x02 then "<V>" from the text) or uses |raw.
	 */
	may_leak = memchr(data, 2, size) != NULL || memmem(data, size, "<V>", 3) != NULL ||
	    memmem(data, size, "raw", 3) != NULL;
	sc = tmpl_scope_new(set);
	tmpl_set_str(sc, N_A, "\x02<V>\x02");
	tmpl_set_bool(sc, N_B, 1);
	for (i = 0; i < 3; i++) {
		it = tmpl_list_add(sc, N_LIST);
		tmpl_set_printf(it, N_A, "\x02<V>\x02%d", i);
		for (j = 0; j < i; j++) {
			it2 = tmpl_list_add(it, N_LIST);
			tmpl_set_bool(it2, N_B, j & 1);
		}
	}
	buf_init(&out);
	for (f = 0; f < 2; f++) {
		buf_reset(&out);
		FUZZ_CHECK(tmpl_render(set, f, sc, &out) == 0, "a loaded template renders");
		if (!may_leak && out.len > 0)
			FUZZ_CHECK(memmem(out.data, out.len, "\x02<V>", 4) == NULL,
			    "values are escaped unless |raw");
	}
	buf_reset(&out);
	FUZZ_CHECK(tmpl_render(set, 2, sc, &out) == -1, "a bad template index is refused");
	buf_free(&out);
	tmpl_scope_free(sc);
	tmpl_free(set);
	return 0;
}
