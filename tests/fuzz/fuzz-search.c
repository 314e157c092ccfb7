/* SPDX-License-Identifier: ISC */
/* fuzz-search.c: search.c's FTS5 query sanitiser. Inputs that the request layer would let
 * through (valid UTF-8, no NUL) are turned into FTS5 queries, and each query is run with
 * MATCH against an in-memory FTS5 table made like posts_fts (sql/0002-fts.sql): SQLite must
 * never answer with an error, so no visitor can make search fail or reach FTS5 syntax.
 * Also: the output is only quoted words, at most SEARCH_MAX_TERMS of them, and
 * search_snippet_html() never emits a "<" that is not <mark> or </mark>. */
#include "config.h"

#include <sqlite3.h>

#include "buf.h"
#include "fuzz.h"
#include "search.h"
#include "util.h"

static sqlite3		*db;
static sqlite3_stmt	*st;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE posts_fts USING fts5 (title, summary, "
	    "body_md, tokenize = 'porter unicode61 remove_diacritics 2');"
	    "INSERT INTO posts_fts VALUES ('Sleep and stress', 'Café naïve façade', "
	    "'Acupuncture for sleep: needles, 日本語 text and more words');",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?1",
	    -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite setup: %s\n", sqlite3_errmsg(db));
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char			*in = (const char *)data;
	struct buf			 q, html;
	enum search_query_result	 r;
	size_t				 i, quotes = 0;
	char				*snip;
	int				 rc;

	if (memchr(data, '\0', size) != NULL || !util_utf8_valid(in, size))
		return 0;
	buf_init(&q);
	r = search_fts_query(in, size, &q);
	if (size > SEARCH_MAX_QUERY)
		FUZZ_CHECK(r == SEARCH_TOO_LONG, "over-long input refused");
	if (r == SEARCH_OK) {
		/* A last word of SEARCH_MIN_PREFIX characters or more is a prefix ("word"*); a
		 * shorter one matches as a whole word ("wo"), so a one-letter search never ranks
		 * every match. */
		FUZZ_CHECK(q.len > 1 && (q.data[q.len - 1] == '*' || q.data[q.len - 1] == '"'),
		    "ends in a prefix star or a whole quoted word");
		if (q.data[q.len - 1] == '*') {
			size_t	 open = q.len - 2;

			while (open > 0 && q.data[open - 1] != '"')
				open--;
			FUZZ_CHECK(open > 0 && util_utf8_len(q.data + open, q.len - 2 - open) >=
			    SEARCH_MIN_PREFIX, "a prefix has at least SEARCH_MIN_PREFIX characters");
		}
		for (i = 0; i < q.len; i++)
			if (q.data[i] == '"')
				quotes++;
		FUZZ_CHECK(quotes % 2 == 0 && quotes / 2 <= SEARCH_MAX_TERMS,
		    "whole quoted words, at most SEARCH_MAX_TERMS");
		sqlite3_bind_text(st, 1, q.data, (int)q.len, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "query [%s]: %s\n", q.data, sqlite3_errmsg(db));
			FUZZ_CHECK(0, "the sanitised query is valid FTS5");
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else
		FUZZ_CHECK(q.len == 0, "nothing written unless SEARCH_OK");

	/* The snippet writer: only <mark> tags, whatever the text holds. */
	buf_init(&html);
	snip = fuzz_cstr(data, size);
	search_snippet_html(&html, snip);
	for (i = 0; i < html.len; i++)
		if (html.data[i] == '<')
			FUZZ_CHECK(strncmp(html.data + i, "<mark>", 6) == 0 ||
			    strncmp(html.data + i, "</mark>", 7) == 0,
			    "only <mark> tags in a snippet");
	free(snip);
	buf_free(&html);
	buf_free(&q);
	return 0;
}
