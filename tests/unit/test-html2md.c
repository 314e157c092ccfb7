/* SPDX-License-Identifier: ISC */
/* test-html2md.c: WordPress HTML to CommonMark (html2md.c, html2md_pre.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html2md.h"
#include "harness.h"

int
main(void)
{
	return harness_done("test-html2md");
}
