/* topic.c: topics (the site's word for tags): naming and slugs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meridian.h"
#include "slug.h"
#include "util.h"

/* Writes the URL slug of topic "name" into "out". Returns 0, or -1 if it does not fit. */
int
topic_slug(const char *name, char *out, size_t outlen)
{
	char	*s;
	size_t	 n;

	s = slug_from_title(name);
	n = strlen(s);
	if (n + 1 > outlen) {
		free(s);
		return -1;
	}
	memcpy(out, s, n + 1);
	free(s);
	return 0;
}
