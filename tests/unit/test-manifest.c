/* SPDX-License-Identifier: ISC */
/* test-manifest.c: media.tsv lines in manifest.c: what manifest_row() writes,
 * manifest_parse_line() reads back unchanged, and every malformed line is refused. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "manifest.h"
#include "harness.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Writes a row for "alt" and checks it reads back identically. */
static void
roundtrip(const char *alt, const char *who, const char *msg)
{
	struct manifest_entry	 e;
	struct buf		 b;
	char			 err[128];
	size_t			 len;

	buf_init(&b);
	manifest_row(&b, 42, "x-ray.png", "image/png", SHA, 1700000000, who, alt);
	len = b.len;
	OK(len > 0 && b.data[len - 1] == '\n', msg);
	OK(memchr(b.data, '\n', len - 1) == NULL, "one row is one line");
	INT_EQ(manifest_parse_line(b.data, len - 1, &e, err, sizeof(err)), 1, msg);
	INT_EQ(e.id, 42, msg);
	STR_EQ(e.name, "x-ray.png", msg);
	STR_EQ(e.mime, "image/png", msg);
	STR_EQ(e.sha256, SHA, msg);
	INT_EQ(e.created_at, 1700000000, msg);
	STR_EQ(e.uploaded_by, who, msg);
	STR_EQ(e.alt, alt, msg);
	manifest_entry_free(&e);
	buf_free(&b);
}

/* Checks that "line" is refused and nothing is left to free. */
static void
bad(const char *line, const char *msg)
{
	struct manifest_entry	 e;
	char			 err[128];

	err[0] = '\0';
	INT_EQ(manifest_parse_line(line, strlen(line), &e, err, sizeof(err)), -1, msg);
	OK(err[0] != '\0', "a refused line has a reason");
	OK(e.name == NULL && e.alt == NULL, "a refused line leaves nothing");
}

int
main(void)
{
	struct manifest_entry	 e;
	struct buf		 b;
	char			 err[128];

	roundtrip("A plain alt text", "alice", "plain");
	roundtrip("tab\there, newline\nthere, CR\r, backslash \\ and \\t literally", "bob",
	    "escapes");
	roundtrip("", "", "empty alt and uploader");
	roundtrip("Ünïcödé — “quotes”", "zoë", "UTF-8 passes through");

	buf_init(&b);
	manifest_header(&b);
	INT_EQ(manifest_parse_line(b.data, b.len - 1, &e, err, sizeof(err)), 0,
	    "the header is a comment");
	buf_free(&b);
	INT_EQ(manifest_parse_line("", 0, &e, err, sizeof(err)), 0, "a blank line is skipped");
	INT_EQ(manifest_parse_line("7\ta.png\timage/png\t" SHA "\t1\tu\talt\r",
	    strlen("7\ta.png\timage/png\t" SHA "\t1\tu\talt\r"), &e, err, sizeof(err)), 1,
	    "a CRLF line is read");
	STR_EQ(e.alt, "alt", "the CR is not part of the alt text");
	manifest_entry_free(&e);

	bad("7\ta.png\timage/png\t" SHA "\t1\tu", "six fields");
	bad("7\ta.png\timage/png\t" SHA "\t1\tu\talt\textra", "eight fields");
	bad("0\ta.png\timage/png\t" SHA "\t1\tu\talt", "id 0");
	bad("x\ta.png\timage/png\t" SHA "\t1\tu\talt", "id not a number");
	bad("7\t../a.png\timage/png\t" SHA "\t1\tu\talt", "a path in the name");
	bad("7\t.hidden\timage/png\t" SHA "\t1\tu\talt", "a leading dot");
	bad("7\ta b.png\timage/png\t" SHA "\t1\tu\talt", "a space in the name");
	bad("7\ta.svg\timage/svg+xml\t" SHA "\t1\tu\talt", "SVG is not an upload type");
	bad("7\ta.png\ttext/html\t" SHA "\t1\tu\talt", "HTML is not an upload type");
	bad("7\ta.png\timage/png\tABCDEF\t1\tu\talt", "short sha256");
	bad("7\ta.png\timage/png\t" SHA "\t-1\tu\talt", "negative time");
	bad("7\ta.png\timage/png\t" SHA "\t1\tu\tbad \\q escape", "unknown escape");
	bad("7\ta.png\timage/png\t" SHA "\t1\tu\ttrailing \\", "trailing backslash");
	bad("7\ta.png\timage/png\t" SHA "\t1\tu\t\xff\xfe", "invalid UTF-8");

	OK(manifest_name_ok("treatment-room.png"), "an upload name");
	OK(!manifest_name_ok(""), "empty name");
	OK(!manifest_name_ok("a/b.png"), "slash");
	OK(manifest_mime_ok("image/webp"), "webp");
	return harness_done("test-manifest");
}
