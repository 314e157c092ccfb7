/* SPDX-License-Identifier: ISC */
/* slug.c: slugs, the last path segment of a post or page URL. A slug is [a-z0-9-]{1,100}, with
 * no leading, trailing or doubled hyphen, and is never a name the router serves itself. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "slug.h"
#include "util.h"

static int		 slug_reserved(const char *);
static const char	*slug_translit(unsigned int);

/*
 * Names that top-level routes use, so a page with one of these slugs would be shadowed (or
 * would shadow a route). Keep in step with the route table. Names with "." or "_" can never
 * pass the character check, but they are listed so this stays the one list of taken names.
 */
static const char *const slug_reserved_words[] = {
	"admin",
	"articles",
	"topics",
	"search",
	"feed.xml",
	"sitemap.xml",
	"robots.txt",
	"media",
	"static",
	"_health",
	"index",
	"page",
};

/*
 * ASCII for the accented Latin letters of Latin-1 Supplement and Latin Extended-A (U+00C0 to
 * U+017F), as ranges of code points sorted by "first". Letters are reduced to their base
 * letter ("ä" is "a", not the German "ae"); ligatures and letters with no base letter get
 * their usual spelling. Code points not covered become a hyphen like any other non-letter.
 */
static const struct slug_map {
	unsigned int	 first;
	unsigned int	 last;
	const char	*ascii;
} slug_maps[] = {
	{ 0x00c0, 0x00c5, "a" },	/* À Á Â Ã Ä Å */
	{ 0x00c6, 0x00c6, "ae" },	/* Æ */
	{ 0x00c7, 0x00c7, "c" },	/* Ç */
	{ 0x00c8, 0x00cb, "e" },	/* È É Ê Ë */
	{ 0x00cc, 0x00cf, "i" },	/* Ì Í Î Ï */
	{ 0x00d0, 0x00d0, "d" },	/* Ð */
	{ 0x00d1, 0x00d1, "n" },	/* Ñ */
	{ 0x00d2, 0x00d6, "o" },	/* Ò Ó Ô Õ Ö; U+00D7 is × */
	{ 0x00d8, 0x00d8, "o" },	/* Ø */
	{ 0x00d9, 0x00dc, "u" },	/* Ù Ú Û Ü */
	{ 0x00dd, 0x00dd, "y" },	/* Ý */
	{ 0x00de, 0x00de, "th" },	/* Þ */
	{ 0x00df, 0x00df, "ss" },	/* ß */
	{ 0x00e0, 0x00e5, "a" },	/* à á â ã ä å */
	{ 0x00e6, 0x00e6, "ae" },	/* æ */
	{ 0x00e7, 0x00e7, "c" },	/* ç */
	{ 0x00e8, 0x00eb, "e" },	/* è é ê ë */
	{ 0x00ec, 0x00ef, "i" },	/* ì í î ï */
	{ 0x00f0, 0x00f0, "d" },	/* ð */
	{ 0x00f1, 0x00f1, "n" },	/* ñ */
	{ 0x00f2, 0x00f6, "o" },	/* ò ó ô õ ö; U+00F7 is ÷ */
	{ 0x00f8, 0x00f8, "o" },	/* ø */
	{ 0x00f9, 0x00fc, "u" },	/* ù ú û ü */
	{ 0x00fd, 0x00fd, "y" },	/* ý */
	{ 0x00fe, 0x00fe, "th" },	/* þ */
	{ 0x00ff, 0x00ff, "y" },	/* ÿ */
	{ 0x0100, 0x0105, "a" },	/* Ā ā Ă ă Ą ą */
	{ 0x0106, 0x010d, "c" },	/* Ć ć Ĉ ĉ Ċ ċ Č č */
	{ 0x010e, 0x0111, "d" },	/* Ď ď Đ đ */
	{ 0x0112, 0x011b, "e" },	/* Ē ē Ĕ ĕ Ė ė Ę ę Ě ě */
	{ 0x011c, 0x0123, "g" },	/* Ĝ ĝ Ğ ğ Ġ ġ Ģ ģ */
	{ 0x0124, 0x0127, "h" },	/* Ĥ ĥ Ħ ħ */
	{ 0x0128, 0x0131, "i" },	/* Ĩ ĩ Ī ī Ĭ ĭ Į į İ ı */
	{ 0x0132, 0x0133, "ij" },	/* Ĳ ĳ */
	{ 0x0134, 0x0135, "j" },	/* Ĵ ĵ */
	{ 0x0136, 0x0138, "k" },	/* Ķ ķ ĸ */
	{ 0x0139, 0x0142, "l" },	/* Ĺ ĺ Ļ ļ Ľ ľ Ŀ ŀ Ł ł */
	{ 0x0143, 0x014b, "n" },	/* Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ */
	{ 0x014c, 0x0151, "o" },	/* Ō ō Ŏ ŏ Ő ő */
	{ 0x0152, 0x0153, "oe" },	/* Œ œ */
	{ 0x0154, 0x0159, "r" },	/* Ŕ ŕ Ŗ ŗ Ř ř */
	{ 0x015a, 0x0161, "s" },	/* Ś ś Ŝ ŝ Ş ş Š š */
	{ 0x0162, 0x0167, "t" },	/* Ţ ţ Ť ť Ŧ ŧ */
	{ 0x0168, 0x0173, "u" },	/* Ũ ũ Ū ū Ŭ ŭ Ů ů Ű ű Ų ų */
	{ 0x0174, 0x0175, "w" },	/* Ŵ ŵ */
	{ 0x0176, 0x0178, "y" },	/* Ŷ ŷ Ÿ */
	{ 0x0179, 0x017e, "z" },	/* Ź ź Ż ż Ž ž */
	{ 0x017f, 0x017f, "s" },	/* ſ */
};

/* Returns 1 if "s" is one of slug_reserved_words, else 0. */
static int
slug_reserved(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(slug_reserved_words) /
	    sizeof(slug_reserved_words[0]); i++)
		if (strcmp(s, slug_reserved_words[i]) == 0)
			return 1;
	return 0;
}

/* Returns the ASCII spelling of code point "cp" from slug_maps, or NULL if it has none. */
static const char *
slug_translit(unsigned int cp)
{
	size_t	 i;

	for (i = 0; i < sizeof(slug_maps) / sizeof(slug_maps[0]); i++)
		if (cp >= slug_maps[i].first && cp <= slug_maps[i].last)
			return slug_maps[i].ascii;
	return NULL;
}

/* Returns 1 if "s" is a well-formed slug that is not reserved, else 0. */
int
slug_valid(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == SLUG_MAX)
			return 0;
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] != '-' || i == 0 || s[i - 1] == '-' || s[i + 1] == '\0')
			return 0;
	}
	return i > 0 && !slug_reserved(s);
}

/*
 * Makes a slug from "title" (UTF-8; invalid bytes count as separators). ASCII letters are
 * lowercased and digits kept, accented Latin letters are spelled in ASCII (see slug_maps), and
 * every run of anything else becomes one hyphen, dropped at either end. A result longer than
 * SLUG_MAX is cut at the last hyphen that fits, or at SLUG_MAX if there is none. An empty
 * result becomes "untitled" and a reserved one gets "-1" appended, so the result always
 * passes slug_valid(). Returns a new string; the caller frees it.
 */
char *
slug_from_title(const char *title)
{
	const unsigned char	*s = (const unsigned char *)title;
	struct buf		 b;
	const char		*ascii;
	size_t			 i = 0, n, left, cut;
	unsigned int		 cp;
	char			 c;
	int			 hyphen = 0;

	buf_init(&b);
	left = strlen(title);
	while (i < left) {
		ascii = NULL;
		c = '\0';
		n = 1;
		if (s[i] >= 'A' && s[i] <= 'Z')
			c = (char)(s[i] - 'A' + 'a');
		else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			c = (char)s[i];
		else if ((s[i] & 0xe0) == 0xc0 && left - i >= 2 &&
		    util_utf8_valid(title + i, 2)) {
			/* Everything slug_maps covers is two bytes long. */
			cp = (unsigned int)(s[i] & 0x1f) << 6 | (s[i + 1] & 0x3f);
			ascii = slug_translit(cp);
			n = 2;
		} else if ((s[i] & 0xf0) == 0xe0 && left - i >= 3 &&
		    util_utf8_valid(title + i, 3))
			n = 3;
		else if ((s[i] & 0xf8) == 0xf0 && left - i >= 4 &&
		    util_utf8_valid(title + i, 4))
			n = 4;
		i += n;
		if (c == '\0' && ascii == NULL) {
			hyphen = 1;
			continue;
		}
		if (hyphen && b.len > 0)
			buf_putc(&b, '-');
		hyphen = 0;
		if (c != '\0')
			buf_putc(&b, c);
		else
			buf_puts(&b, ascii);
	}

	if (b.len > SLUG_MAX) {
		/*
		 * Cut where a hyphen would go (it is dropped). Starting at SLUG_MAX
		 * itself keeps a word that ends exactly at the limit. Position 0 is
		 * never a hyphen, so reaching it means one long word: cut it hard.
		 */
		cut = SLUG_MAX;
		while (cut > 0 && b.data[cut] != '-')
			cut--;
		if (cut == 0)
			cut = SLUG_MAX;
		b.len = cut;
		b.data[cut] = '\0';
	}
	if (b.len == 0)
		buf_puts(&b, "untitled");
	else if (slug_reserved(b.data))
		buf_puts(&b, "-1");
	return buf_detach(&b);
}
