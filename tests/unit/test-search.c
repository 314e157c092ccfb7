/* SPDX-License-Identifier: ISC */
/* test-search.c: visitor input becomes a safe FTS5 query, and snippets safe HTML. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "harness.h"
#include "search.h"

/* Runs "q" as an FTS5 MATCH on a tiny table: the rows it matches, or -1 on a syntax error. */
static int
fts_count(const char *q)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int		 rc;

	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x);"
	    "INSERT INTO t VALUES ('acupuncture for back pain');", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static int
fts_accepts(const char *q)
{
	return fts_count(q) >= 0 ? 0 : -1;
}

/* The FTS5 query for "in", or "" when there is none. */
static const char *
fts_of(struct buf *b, const char *in)
{
	if (search_fts_query(in, strlen(in), b) != SEARCH_OK)
		return "";
	return b->data;
}

int
main(void)
{
	static const char *const hostile[] = {
		"\"", "\"\"\"", "*", "a*", "NEAR(a b)", "a OR b", "a AND NOT b", "x:y",
		"title:x", ")(", "-x", "^x", "{x}", "a + b", "'; DROP TABLE t; --",
		"\\", "((((((", "\"unbalanced", "a\"b", "é*ß", "NOT", "OR OR OR",
	};
	struct buf	 b;
	char		 big[SEARCH_MAX_QUERY + 2];
	size_t		 i;

	buf_init(&b);
	INT_EQ(search_fts_query("back pain", 9, &b), SEARCH_OK, "two words");
	STR_EQ(b.data, "\"back\" \"pain\"*", "quoted, ANDed, last one a prefix");
	INT_EQ(search_fts_query("acupunc", 7, &b), SEARCH_OK, "a prefix");
	OK(fts_accepts(b.data) == 0, "prefix query runs");
	INT_EQ(fts_count(b.data), 1, "a prefix of three or more letters finds the longer word");

	/* Prefixes of one or two characters would read the lists of thousands of words. */
	STR_EQ(fts_of(&b, "s"), "\"s\"", "one letter: a whole word, no prefix");
	STR_EQ(fts_of(&b, "ac"), "\"ac\"", "two letters: a whole word, no prefix");
	INT_EQ(fts_count(b.data), 0, "two letters do not match a longer word");
	STR_EQ(fts_of(&b, "acu"), "\"acu\"*", "three letters: a prefix");
	STR_EQ(fts_of(&b, "back p"), "\"back\" \"p\"", "only the last word counts");
	STR_EQ(fts_of(&b, "back pai !!"), "\"back\" \"pai\"*",
	    "separators after the last word do not count as letters");
	STR_EQ(fts_of(&b, "pain ok ??? "), "\"pain\" \"ok\"",
	    "separators after a short last word do not make it a prefix");
	STR_EQ(fts_of(&b, "\xc3\xa9\xc3\x9f"), "\"\xc3\xa9\xc3\x9f\"",
	    "two characters of four bytes: no prefix");
	STR_EQ(fts_of(&b, "\xc3\xa9\xc3\x9f\xc3\xa9"), "\"\xc3\xa9\xc3\x9f\xc3\xa9\"*",
	    "three characters of six bytes: a prefix");
	INT_EQ(fts_count(fts_of(&b, "pain")), 1, "a whole word still matches");
	INT_EQ(search_fts_query("", 0, &b), SEARCH_EMPTY, "empty");
	INT_EQ(search_fts_query("  \"*()-:^  ", 11, &b), SEARCH_EMPTY, "only syntax");
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		enum search_query_result r = search_fts_query(hostile[i],
		    strlen(hostile[i]), &b);

		OK(r == SEARCH_EMPTY || (r == SEARCH_OK && fts_accepts(b.data) == 0),
		    hostile[i]);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	INT_EQ(search_fts_query(big, SEARCH_MAX_QUERY, &b), SEARCH_OK, "at the limit");
	INT_EQ(search_fts_query(big, SEARCH_MAX_QUERY + 1, &b), SEARCH_TOO_LONG,
	    "one over the limit");
	INT_EQ(search_fts_query("a b c d e f g h i j k l m n o p", 31, &b), SEARCH_OK,
	    "many words");
	OK(strstr(b.data, "\"m\"") == NULL, "at most SEARCH_MAX_TERMS words are used");

	buf_reset(&b);
	search_snippet_html(&b, "see \1acupuncture\2 <b>now</b> & [Is it safe?](/articles/x) ##");
	STR_EQ(b.data, "see <mark>acupuncture</mark> &lt;b&gt;now&lt;/b&gt; &amp; Is it safe? ",
	    "escaped, marked, Markdown dropped");
	buf_reset(&b);
	search_snippet_html(&b, "\1open without close");
	STR_EQ(b.data, "<mark>open without close</mark>", "an open mark is closed");
	buf_reset(&b);
	search_snippet_html(&b, "[x](/a\1b) after\2");
	STR_EQ(b.data, "x after", "a mark inside a link target goes with it");
	buf_free(&b);
	return harness_done("search");
}
