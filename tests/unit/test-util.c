/* SPDX-License-Identifier: ISC */
/* test-util.c: the parsers and checkers in util.c: UTF-8, bounded integers, dates; and the
 * reading time stored with each post. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "site.h"
#include "util.h"
#include "harness.h"

#define UTF8(lit)	util_utf8_valid((lit), sizeof(lit) - 1)

static void
test_utf8(void)
{
	unsigned int	 c;
	char		 s[2];
	int		 n;
	char		*big;

	INT_EQ(util_utf8_valid("", 0), 1, "utf8: empty");
	INT_EQ(util_utf8_valid(NULL, 0), 1, "utf8: NULL, 0");
	INT_EQ(UTF8("plain ASCII \x7f"), 1, "utf8: ASCII and DEL");
	INT_EQ(util_utf8_valid("a\0b", 3), 1, "utf8: NUL is valid UTF-8");
	INT_EQ(UTF8("\xc2\x80"), 1, "utf8: U+0080, smallest 2-byte");
	INT_EQ(UTF8("\xdf\xbf"), 1, "utf8: U+07FF, largest 2-byte");
	INT_EQ(UTF8("\xe0\xa0\x80"), 1, "utf8: U+0800, smallest 3-byte");
	INT_EQ(UTF8("\xed\x9f\xbf"), 1, "utf8: U+D7FF, just below surrogates");
	INT_EQ(UTF8("\xee\x80\x80"), 1, "utf8: U+E000, just above surrogates");
	INT_EQ(UTF8("\xef\xbf\xbf"), 1, "utf8: U+FFFF");
	INT_EQ(UTF8("\xf0\x90\x80\x80"), 1, "utf8: U+10000, smallest 4-byte");
	INT_EQ(UTF8("\xf4\x8f\xbf\xbf"), 1, "utf8: U+10FFFF, the last code point");
	INT_EQ(UTF8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 1, "utf8: mixed text");

	/* Overlong forms. */
	INT_EQ(UTF8("\xc0\x80"), 0, "utf8: overlong NUL (C0 80)");
	INT_EQ(UTF8("\xc0\xaf"), 0, "utf8: overlong / (C0 AF)");
	INT_EQ(UTF8("\xc1\xbf"), 0, "utf8: overlong U+007F");
	INT_EQ(UTF8("\xe0\x80\xaf"), 0, "utf8: 3-byte overlong /");
	INT_EQ(UTF8("\xe0\x9f\xbf"), 0, "utf8: 3-byte overlong U+07FF");
	INT_EQ(UTF8("\xf0\x80\x80\xaf"), 0, "utf8: 4-byte overlong /");
	INT_EQ(UTF8("\xf0\x8f\xbf\xbf"), 0, "utf8: 4-byte overlong U+FFFF");

	/* Surrogates, and beyond U+10FFFF. */
	INT_EQ(UTF8("\xed\xa0\x80"), 0, "utf8: U+D800");
	INT_EQ(UTF8("\xed\xbf\xbf"), 0, "utf8: U+DFFF");
	INT_EQ(UTF8("\xed\xa0\xbd\xed\xb8\x80"), 0, "utf8: CESU-8 surrogate pair");
	INT_EQ(UTF8("\xf4\x90\x80\x80"), 0, "utf8: U+110000");
	INT_EQ(UTF8("\xf7\xbf\xbf\xbf"), 0, "utf8: U+1FFFFF");
	INT_EQ(UTF8("\xf8\x88\x80\x80\x80"), 0, "utf8: 5-byte form");
	INT_EQ(UTF8("\xfc\x84\x80\x80\x80\x80"), 0, "utf8: 6-byte form");
	INT_EQ(UTF8("\xfe"), 0, "utf8: FE");
	INT_EQ(UTF8("\xff"), 0, "utf8: FF");

	/* Truncated sequences and stray continuation bytes. */
	INT_EQ(UTF8("\xc3"), 0, "utf8: lone 2-byte lead");
	INT_EQ(UTF8("\xe2\x82"), 0, "utf8: 3-byte cut after 2");
	INT_EQ(UTF8("\xf0\x9f\x98"), 0, "utf8: 4-byte cut after 3");
	INT_EQ(UTF8("a\xc3"), 0, "utf8: truncated at end");
	INT_EQ(UTF8("\xc3" "a"), 0, "utf8: lead then ASCII");
	INT_EQ(UTF8("\xe2\x82" "a"), 0, "utf8: 3-byte lead, one continuation, ASCII");
	INT_EQ(UTF8("\xc3\xc3\xa9"), 0, "utf8: lead then lead");
	INT_EQ(UTF8("\x80"), 0, "utf8: lone continuation");
	INT_EQ(UTF8("a\xbf" "b"), 0, "utf8: stray continuation");
	INT_EQ(UTF8("\xc3\xa9\xa9"), 0, "utf8: extra continuation");
	/* The length, not a NUL, ends the input: the last byte of a valid é is cut off. */
	INT_EQ(util_utf8_valid("\xc3\xa9", 1), 0, "utf8: len cuts a sequence");
	INT_EQ(util_utf8_valid("ab\xff", 2), 1, "utf8: invalid byte past len not read");

	/* Every single byte: exactly 0x00..0x7f stand alone. */
	n = 0;
	for (c = 0; c < 256; c++) {
		s[0] = (char)c;
		n += util_utf8_valid(s, 1);
	}
	INT_EQ(n, 128, "utf8: 128 single bytes are valid");
	/* Every 2-byte pair with a 2-byte lead: C2..DF with 80..BF only. */
	n = 0;
	for (c = 0xc000; c < 0xe000; c++) {
		s[0] = (char)(c >> 8);
		s[1] = (char)(c & 0xff);
		n += util_utf8_valid(s, 2);
	}
	INT_EQ(n, 30 * 64, "utf8: valid 2-byte pairs");

	big = malloc(1024 * 1024);
	if (big == NULL)
		abort();
	for (n = 0; n < 1024 * 1024; n += 2)
		memcpy(big + n, "\xc3\xa9", 2);
	INT_EQ(util_utf8_valid(big, 1024 * 1024), 1, "utf8: 1 MiB of é");
	INT_EQ(util_utf8_len(big, 1024 * 1024), 512 * 1024, "utf8: 1 MiB of é counted");
	INT_EQ(util_utf8_valid(big, 1024 * 1024 - 1), 0, "utf8: 1 MiB cut in the last é");
	free(big);

	INT_EQ(util_utf8_len("", 0), 0, "utf8_len: empty");
	INT_EQ(util_utf8_len("abc", 3), 3, "utf8_len: ASCII");
	INT_EQ(util_utf8_len("caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80", 11), 7,
	    "utf8_len: mixed");
}

static void
test_parse_ll(void)
{
	long long	 v = 42;
	char		 s[64];

	INT_EQ(util_parse_ll("0", 0, 10, &v), 0, "ll: zero");
	INT_EQ(v, 0, "ll: zero value");
	INT_EQ(util_parse_ll("10", 0, 10, &v), 0, "ll: at max");
	INT_EQ(v, 10, "ll: at max value");
	INT_EQ(util_parse_ll("-5", -5, 5, &v), 0, "ll: at min");
	INT_EQ(v, -5, "ll: at min value");
	INT_EQ(util_parse_ll("007", 0, 10, &v), 0, "ll: leading zeros");
	INT_EQ(v, 7, "ll: leading zeros value");

	v = 42;
	INT_EQ(util_parse_ll("11", 0, 10, &v), -1, "ll: one over max");
	INT_EQ(util_parse_ll("-6", -5, 5, &v), -1, "ll: one under min");
	INT_EQ(util_parse_ll("", 0, 10, &v), -1, "ll: empty");
	INT_EQ(util_parse_ll(NULL, 0, 10, &v), -1, "ll: NULL");
	INT_EQ(util_parse_ll(" 1", 0, 10, &v), -1, "ll: leading space");
	INT_EQ(util_parse_ll("\t1", 0, 10, &v), -1, "ll: leading tab");
	INT_EQ(util_parse_ll("1 ", 0, 10, &v), -1, "ll: trailing space");
	INT_EQ(util_parse_ll("1x", 0, 10, &v), -1, "ll: trailing junk");
	INT_EQ(util_parse_ll("0x1", 0, 10, &v), -1, "ll: hex");
	INT_EQ(util_parse_ll("1e3", 0, 10000, &v), -1, "ll: exponent");
	INT_EQ(util_parse_ll("1.0", 0, 10, &v), -1, "ll: decimal point");
	INT_EQ(util_parse_ll("-", -10, 10, &v), -1, "ll: lone minus");
	INT_EQ(util_parse_ll("--1", -10, 10, &v), -1, "ll: double minus");
	INT_EQ(v, 42, "ll: failures leave the output alone");

	snprintf(s, sizeof(s), "%lld", LLONG_MAX);
	INT_EQ(util_parse_ll(s, LLONG_MIN, LLONG_MAX, &v), 0, "ll: LLONG_MAX");
	OK(v == LLONG_MAX, "ll: LLONG_MAX value");
	snprintf(s, sizeof(s), "%lld", LLONG_MIN);
	INT_EQ(util_parse_ll(s, LLONG_MIN, LLONG_MAX, &v), 0, "ll: LLONG_MIN");
	OK(v == LLONG_MIN, "ll: LLONG_MIN value");
	INT_EQ(util_parse_ll("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), -1,
	    "ll: LLONG_MAX + 1 overflows");
	INT_EQ(util_parse_ll("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), -1,
	    "ll: LLONG_MIN - 1 overflows");
	INT_EQ(util_parse_ll("99999999999999999999999999", LLONG_MIN, LLONG_MAX, &v), -1,
	    "ll: far too big");
}

static void
test_valid_date(void)
{
	INT_EQ(util_valid_date("2024-01-31"), 1, "date: plain");
	INT_EQ(util_valid_date("2024-02-29"), 1, "date: Feb 29 in a leap year");
	INT_EQ(util_valid_date("2023-02-29"), 0, "date: Feb 29 in a common year");
	INT_EQ(util_valid_date("2023-02-28"), 1, "date: Feb 28 in a common year");
	INT_EQ(util_valid_date("2000-02-29"), 1, "date: Feb 29 in 2000 (div by 400)");
	INT_EQ(util_valid_date("1900-02-29"), 0, "date: no Feb 29 in 1900 (div by 100)");
	INT_EQ(util_valid_date("2100-02-29"), 0, "date: no Feb 29 in 2100");
	INT_EQ(util_valid_date("2024-02-30"), 0, "date: Feb 30");
	INT_EQ(util_valid_date("2024-04-31"), 0, "date: April 31");
	INT_EQ(util_valid_date("2024-12-31"), 1, "date: Dec 31");
	INT_EQ(util_valid_date("2024-13-01"), 0, "date: month 13");
	INT_EQ(util_valid_date("2024-00-10"), 0, "date: month 0");
	INT_EQ(util_valid_date("2024-01-00"), 0, "date: day 0");
	INT_EQ(util_valid_date("2024-01-32"), 0, "date: day 32");
	INT_EQ(util_valid_date("1900-01-01"), 1, "date: first year allowed");
	INT_EQ(util_valid_date("1899-12-31"), 0, "date: year before 1900");
	INT_EQ(util_valid_date("9999-12-31"), 1, "date: year 9999");
	INT_EQ(util_valid_date(""), 0, "date: empty");
	INT_EQ(util_valid_date("2024-1-01"), 0, "date: one-digit month");
	INT_EQ(util_valid_date("2024-01-1"), 0, "date: one-digit day");
	INT_EQ(util_valid_date("2024-01-011"), 0, "date: too long");
	INT_EQ(util_valid_date("2024/01/01"), 0, "date: slashes");
	INT_EQ(util_valid_date("2024-0a-01"), 0, "date: letter in month");
	INT_EQ(util_valid_date("2024-+1-01"), 0, "date: sign in month");
	INT_EQ(util_valid_date("2024- 1-01"), 0, "date: space in month");
	INT_EQ(util_valid_date("-024-01-01"), 0, "date: sign in year");
}

static void
test_http_date(void)
{
	static const time_t	 times[] = {
		0, 784111777, 951782400, 1709164800, 1234567890, 2147483647,
		4102444799
	};
	char		 s[32];
	time_t		 t;
	size_t		 i;

	util_http_date(784111777, s, sizeof(s));
	STR_EQ(s, "Sun, 06 Nov 1994 08:49:37 GMT", "http date: RFC 9110 example");
	util_http_date(0, s, sizeof(s));
	STR_EQ(s, "Thu, 01 Jan 1970 00:00:00 GMT", "http date: epoch");
	util_http_date(1709164800, s, sizeof(s));
	STR_EQ(s, "Thu, 29 Feb 2024 00:00:00 GMT", "http date: Feb 29");
	util_http_date(253402300800, s, sizeof(s));
	STR_EQ(s, "Thu, 01 Jan 1970 00:00:00 GMT", "http date: past year 9999, the epoch");
	util_http_date(784111777, s, 29);
	STR_EQ(s, "", "http date: no room for the NUL, nothing written");

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		util_http_date(times[i], s, sizeof(s));
		t = -1;
		INT_EQ(util_parse_http_date(s, &t), 0, s);
		INT_EQ(t, times[i], s);
	}

	INT_EQ(util_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t), 0, "parse: example");
	INT_EQ(t, 784111777, "parse: example value");
	t = 7;
	INT_EQ(util_parse_http_date("", &t), -1, "parse: empty");
	INT_EQ(util_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t), -1,
	    "parse: RFC 850 form is not accepted");
	INT_EQ(util_parse_http_date("Sun Nov  6 08:49:37 1994", &t), -1,
	    "parse: asctime form is not accepted");
	INT_EQ(util_parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", &t), -1, "parse: UTC");
	INT_EQ(util_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT ", &t), -1,
	    "parse: trailing space");
	INT_EQ(util_parse_http_date("Sun, 06 Nov 1994 08:49:37 GM", &t), -1, "parse: cut");
	INT_EQ(util_parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT", &t), -1,
	    "parse: unknown month");
	INT_EQ(util_parse_http_date("Sun, 06 nov 1994 08:49:37 GMT", &t), -1,
	    "parse: month is case-sensitive");
	INT_EQ(t, 7, "parse: failures leave the output alone");
}

static void
test_datetime(void)
{
	char	 s[32];
	time_t	 t = 0;

	util_rfc3339(1709164800 + 3723, s, sizeof(s));
	STR_EQ(s, "2024-02-29T01:02:03Z", "rfc3339: format");
	util_rfc3339(0, s, sizeof(s));
	STR_EQ(s, "1970-01-01T00:00:00Z", "rfc3339: the epoch");
	util_rfc3339(253402300799, s, sizeof(s));
	STR_EQ(s, "9999-12-31T23:59:59Z", "rfc3339: the last four-digit year");
	util_rfc3339(253402300800, s, sizeof(s));
	STR_EQ(s, "10000-01-01T00:00:00Z", "rfc3339: a fifth digit is not cut");
	util_rfc3339(1709164800, s, 11);
	STR_EQ(s, "2024-02-29", "rfc3339: a short buffer is cut, still terminated");
	site_day_human("2024-03-07", s, sizeof(s));
	STR_EQ(s, "7 March 2024", "day_human: one-digit day");
	site_day_human("2025-12-25", s, sizeof(s));
	STR_EQ(s, "25 December 2025", "day_human: two-digit day");
	site_day_human("2025-13-01", s, sizeof(s));
	STR_EQ(s, "2025-13-01", "day_human: no month 13, shown as stored");
	site_day_human("2025-1-01", s, sizeof(s));
	STR_EQ(s, "2025-1-01", "day_human: not YYYY-MM-DD, shown as stored");
	site_day_human("2025-01-01x", s, sizeof(s));
	STR_EQ(s, "2025-01-01x", "day_human: trailing text, shown as stored");
	site_day_human(NULL, s, sizeof(s));
	STR_EQ(s, "", "day_human: none");
	util_rfc3339(1709164800 + 3723, s, sizeof(s));
	INT_EQ(util_parse_datetime(s, &t), 0, "datetime: RFC 3339 round trip");
	INT_EQ(t, 1709164800 + 3723, "datetime: RFC 3339 round trip value");
	INT_EQ(util_parse_datetime("2024-02-29", &t), 0, "datetime: date only");
	INT_EQ(t, 1709164800, "datetime: date only is midnight (TZ=UTC)");
	INT_EQ(util_parse_datetime("2024-02-29T01:02", &t), 0, "datetime: no seconds");
	INT_EQ(t, 1709164800 + 3720, "datetime: no seconds value");
	INT_EQ(util_parse_datetime("2024-02-29 01:02:03+00:00", &t), 0, "datetime: +00:00");
	INT_EQ(t, 1709164800 + 3723, "datetime: +00:00 value");

	t = 7;
	INT_EQ(util_parse_datetime("2023-02-29", &t), -1, "datetime: Feb 29 common year");
	INT_EQ(util_parse_datetime("2024-02-29T24:00", &t), -1, "datetime: hour 24");
	INT_EQ(util_parse_datetime("2024-02-29T01:60", &t), -1, "datetime: minute 60");
	INT_EQ(util_parse_datetime("2024-02-29T01:02:", &t), -1, "datetime: colon, no seconds");
	INT_EQ(util_parse_datetime("2024-02-29T01:02:3", &t), -1, "datetime: one-digit seconds");
	INT_EQ(util_parse_datetime("2024-02-29T", &t), -1, "datetime: T, no time");
	INT_EQ(util_parse_datetime("2024-02-29Tab:cd", &t), -1, "datetime: letters");
	INT_EQ(util_parse_datetime("2024-02-29T01:02:03+01:00", &t), -1,
	    "datetime: other offsets are refused");
	INT_EQ(util_parse_datetime("2024-02-29T01:02:03ZZ", &t), -1, "datetime: ZZ");
	INT_EQ(util_parse_datetime("2024-02", &t), -1, "datetime: short");
	INT_EQ(util_parse_datetime("", &t), -1, "datetime: empty");
	INT_EQ(t, 7, "datetime: failures leave the output alone");
}

/* n words, each "wordN" followed by the separator sep. */
static char *
words(int n, const char *sep)
{
	char	*s = malloc((size_t)n * 16 + 1), *p = s;

	*p = '\0';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "w%d%s", i, sep);
	return s;
}

static void
test_reading_minutes(void)
{
	static const struct { int n; const char *sep; int want; } cases[] = {
		{ 0, " ", 1 }, { 1, " ", 1 }, { 199, " ", 1 }, { 200, " ", 1 },
		{ 201, "\n", 2 }, { 400, "\t", 2 }, { 401, "\r\n", 3 }, { 1000, "  ", 5 },
	};
	char	*s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = words(cases[i].n, cases[i].sep);
		INT_EQ(md_reading_minutes(s, strlen(s)), cases[i].want, "reading minutes");
		free(s);
	}
	INT_EQ(md_reading_minutes("   \n\t ", 6), 1, "only spaces: at least one minute");
	s = words(201, " ");
	/* The last word ends the text, with no space after it. */
	INT_EQ(md_reading_minutes(s, strlen(s) - 1), 2, "no trailing space");
	free(s);
}

int
main(void)
{
	/* util_parse_datetime() without "Z" is local time: pin it. */
	setenv("TZ", "UTC", 1);
	tzset();
	test_utf8();
	test_parse_ll();
	test_valid_date();
	test_http_date();
	test_datetime();
	test_reading_minutes();
	return harness_done("util");
}
