/* SPDX-License-Identifier: ISC */
/* fuzz-cookie.c: cookie.c's Cookie header parser. The first input byte picks the cookie name
 * and the size of the output buffer (allocated to exactly that size, so ASan sees an
 * overflow by one); the rest is the header. Oracles: a found value is NUL-terminated, fits,
 * and holds only RFC 6265 cookie-octets; a header past the limit is refused. */
#include "config.h"

#include "buf.h"
#include "cookie.h"
#include "fuzz.h"

static const char *const names[] = {
	"meridian", "meridian_login", "__Host-meridian", "a", "="
};

static int
octet(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*name;
	char		*hdr, *out;
	size_t		 outlen, i, n;
	int		 rc;

	if (size < 1)
		return 0;
	name = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	outlen = (size_t)(data[0] >> 3) * 2;	/* 0 to 62 bytes */
	if (data[0] & 4)
		outlen = 45;			/* what session.c passes */
	hdr = fuzz_cstr(data + 1, size - 1);
	out = malloc(outlen ? outlen : 1);
	if (out == NULL)
		abort();
	rc = cookie_get(hdr, size - 1, name, out, outlen);
	FUZZ_CHECK(rc >= -1 && rc <= 1, "cookie_get returns -1, 0 or 1");
	if (size - 1 > COOKIE_MAX_HEADER)
		FUZZ_CHECK(rc == -1, "an over-long header is refused");
	if (rc == 1) {
		n = strnlen(out, outlen);
		FUZZ_CHECK(n < outlen, "the value is NUL-terminated within the buffer");
		for (i = 0; i < n; i++)
			FUZZ_CHECK(octet((unsigned char)out[i]), "only cookie-octets");
	}
	free(out);
	free(hdr);
	return 0;
}
