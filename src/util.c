/* SPDX-License-Identifier: ISC */
/* util.c: allocation wrappers (OOM is fatal: the master respawns the worker), number and
 * date parsing with bounds, UTF-8 validation. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		fatal("malloc");
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		fatal("calloc");
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void	*p;

	if ((p = realloc(old, n ? n : 1)) == NULL)
		fatal("realloc");
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
util_parse_ll(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const char *const wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Writes "v" as "width" digits, zero-padded, at "p". */
static void
util_digits(char *p, int v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * The IMF-fixdate of "t" ("Sun, 06 Nov 1994 08:49:37 GMT", 29 characters and a NUL; "out"
 * gets "" when "len" is shorter). Written by hand: strftime depends on the locale, and
 * snprintf here was the most expensive call of a kept page's head (callgrind).
 */
void
util_http_date(time_t t, char *out, size_t len)
{
	struct tm	 tm;

	if (len < 30) {
		if (len > 0)
			out[0] = '\0';
		return;
	}
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1970) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	memcpy(out, wdays[tm.tm_wday], 3);
	memcpy(out + 3, ", ", 2);
	util_digits(out + 5, tm.tm_mday, 2);
	out[7] = ' ';
	memcpy(out + 8, months[tm.tm_mon], 3);
	out[11] = ' ';
	util_digits(out + 12, tm.tm_year + 1900, 4);
	out[16] = ' ';
	util_digits(out + 17, tm.tm_hour, 2);
	out[19] = ':';
	util_digits(out + 20, tm.tm_min, 2);
	out[22] = ':';
	util_digits(out + 23, tm.tm_sec, 2);
	memcpy(out + 25, " GMT", 5);
}

/* Accepts the IMF-fixdate form only, which is what browsers send back. */
int
util_parse_http_date(const char *s, time_t *out)
{
	struct tm	 tm;
	char		 wd[4], mon[4];
	int		 i, n = 0;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != 29)
		return -1;
	if (sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", wd, &tm.tm_mday,
	    mon, &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 7 ||
	    n != 29)
		return -1;
	for (i = 0; i < 12; i++)
		if (strcmp(mon, months[i]) == 0)
			break;
	if (i == 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 1970 ||
	    tm.tm_year > 9999 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	for (n = 0; n < 7; n++)
		if (strcmp(wd, wdays[n]) == 0)
			break;
	if (n == 7)
		return -1;
	tm.tm_mon = i;
	tm.tm_year -= 1900;
	*out = timegm(&tm);
	return 0;
}

void
util_rfc3339(time_t t, char *out, size_t len)
{
	struct tm	 tm;
	char		*p = out;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	/* By hand: a list page formats 20 of these, and snprintf was most of their cost. */
	if (len < 21 || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
		return;
	}
	p = util_put_digits(p, tm.tm_year + 1900, 4);
	*p++ = '-';
	p = util_put_digits(p, tm.tm_mon + 1, 2);
	*p++ = '-';
	p = util_put_digits(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = util_put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = util_put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = util_put_digits(p, tm.tm_sec, 2);
	*p++ = 'Z';
	*p = '\0';
}

/* Writes 0 <= "v" as exactly "width" decimal digits, zero-padded; returns the end. */
char *
util_put_digits(char *p, int v, int width)
{
	int	 i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
digits(const char *s, int n, int *out)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
util_valid_date(const char *s)
{
	int	 y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return 0;
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= days_in_month(y, m);
}

int
util_parse_datetime(const char *s, time_t *out)
{
	struct tm	 tm;
	size_t		 len = strlen(s);
	int		 utc = 0, y, mo, d, h = 0, mi = 0, se = 0;
	time_t		 t;

	if (len < 10 || len > 25)
		return -1;
	if (s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &mo) || digits(s + 8, 2, &d))
		return -1;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		if (strlen(s) < 6 || s[3] != ':' || digits(s + 1, 2, &h) ||
		    digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &se))
				return -1;
			s += 3;
		}
	}
	if (*s == 'Z' && s[1] == '\0') {
		utc = 1;
		s++;
	} else if (strcmp(s, "+00:00") == 0) {
		utc = 1;
		s += 6;
	}
	if (*s != '\0')
		return -1;
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	tm.tm_isdst = -1;
	t = utc ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}

int
util_utf8_valid(const char *p, size_t len)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, n, k;
	unsigned int		 cp, min;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
util_utf8_len(const char *p, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

uint64_t
util_fnv1a(const void *p, size_t len, uint64_t h)
{
	const unsigned char	*s = p;
	size_t			 i;

	if (h == 0)
		h = 1469598103934665603ULL;
	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}
