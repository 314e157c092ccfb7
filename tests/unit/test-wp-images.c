/* SPDX-License-Identifier: ISC */
/* test-wp-images.c: which image addresses of a WordPress export are the site's own uploads,
 * and the path under --uploads each maps to (self-hosted, WordPress.com's media host, Photon),
 * with nothing that could leave that folder. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wp_ctx.h"
#include "harness.h"

/* Checks that "src" maps to "want" (NULL: not one of the site's uploads). */
static void
maps(const struct wp_ctx *c, const char *src, const char *want)
{
	char	*got = wp_uploads_rel(c, src);

	STR_EQ(got, want, src);
	free(got);
}

int
main(void)
{
	static struct wp_ctx	 c;

	/* A WordPress.com site: its uploads are on its own media host. */
	strcpy(c.host, "quaysideacu.wordpress.com");
	strcpy(c.media_host, "quaysideacu.files.wordpress.com");
	maps(&c, "https://quaysideacu.files.wordpress.com/2023/05/x.jpg", "2023/05/x.jpg");
	maps(&c, "https://quaysideacu.files.wordpress.com/2023/05/x.jpg?w=1024", "2023/05/x.jpg");
	maps(&c, "http://QuaysideAcu.Files.WordPress.com/2023/05/x.jpg?w=300&h=200",
	    "2023/05/x.jpg");
	maps(&c, "https://quaysideacu.wordpress.com/wp-content/uploads/2023/05/x-300x200.jpg?w=300",
	    "2023/05/x-300x200.jpg");
	maps(&c, "/wp-content/uploads/2023/05/x.jpg", "2023/05/x.jpg");
	maps(&c, "https://otherclinic.files.wordpress.com/2023/05/x.jpg", NULL);
	maps(&c, "https://quaysideacu.files.wordpress.com/", NULL);
	maps(&c, "https://quaysideacu.files.wordpress.com/2023/../../etc/passwd", NULL);
	maps(&c, "https://quaysideacu.files.wordpress.com/2023/%2e%2e/x.jpg", NULL);
	maps(&c, "https://quaysideacu.files.wordpress.com//etc/passwd", NULL);
	/* Photon: i0 to i3.wp.com/HOST/PATH is HOST/PATH, its query left off. */
	maps(&c, "https://i0.wp.com/quaysideacu.wordpress.com/wp-content/uploads/2023/06/m.png"
	    "?resize=300%2C200&ssl=1", "2023/06/m.png");
	maps(&c, "https://i3.wp.com/quaysideacu.files.wordpress.com/2023/06/m.png?w=640",
	    "2023/06/m.png");
	maps(&c, "https://i4.wp.com/quaysideacu.files.wordpress.com/2023/06/m.png", NULL);
	maps(&c, "https://i1.wp.com/otherclinic.files.wordpress.com/2023/06/m.png", NULL);
	maps(&c, "https://i1.wp.com/i2.wp.com/quaysideacu.files.wordpress.com/2023/06/m.png",
	    NULL);
	maps(&c, "https://i1.wp.com", NULL);
	/* A self-hosted site has no media host: WordPress.com's files are another site's. */
	strcpy(c.host, "clinic.example");
	c.media_host[0] = '\0';
	maps(&c, "https://clinic.example/wp-content/uploads/2023/05/x.jpg?resize=1", "2023/05/x.jpg");
	maps(&c, "https://i2.wp.com/clinic.example/wp-content/uploads/2023/05/x.jpg",
	    "2023/05/x.jpg");
	maps(&c, "https://quaysideacu.files.wordpress.com/2023/05/x.jpg", NULL);
	maps(&c, "https://clinic.example/wp-content/uploads/../wp-config.php", NULL);
	return harness_done("test-wp-images");
}
