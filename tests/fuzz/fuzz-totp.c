/* SPDX-License-Identifier: ISC */
/* fuzz-totp.c: totp.c's parsers of what staff type (codes, recovery codes) and of stored
 * secrets. Oracles: a code parses to exactly six digits and a recovery code to sixteen base32
 * capitals, and parsing the result again gives the same; a secret that parses holds 10 to
 * TOTP_KEY_MAX bytes and only base32 letters and end padding; liboath's encoding of those
 * bytes parses back to them; a code totp_verify() accepts is the code of the step it names.
 * SPDX-License-Identifier: ISC */
#include "config.h"

#include <liboath/oath.h>

#include "fuzz.h"
#include "totp.h"

static const unsigned char key[] = "12345678901234567890";

static void
check_input(const char *in)
{
	char		 out[TOTP_INPUT_MAX + 1], again[TOTP_INPUT_MAX + 1], want[8];
	enum totp_input	 kind = totp_parse_input(in, out);
	long long	 step = -1;
	size_t		 n = strlen(out);
	int		 rc;

	switch (kind) {
	case TOTP_INPUT_CODE:
		FUZZ_CHECK(n == TOTP_DIGITS && strspn(out, "0123456789") == n,
		    "a code is six digits");
		rc = totp_verify(key, 20, 1111111111, out, 0, &step);
		FUZZ_CHECK(rc == 0 || rc == 1, "totp_verify answers 0 or 1");
		if (rc == 1) {
			FUZZ_CHECK(step >= 37037036 && step <= 37037038,
			    "an accepted code is of a step within the window");
			FUZZ_CHECK(totp_code(key, 20, step, TOTP_DIGITS, want) == 0 &&
			    strcmp(want, out) == 0, "an accepted code is that step's code");
		}
		break;
	case TOTP_INPUT_RECOVERY:
		FUZZ_CHECK(n == TOTP_RECOVERY_CHARS &&
		    strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == n,
		    "a recovery code is sixteen base32 capitals");
		break;
	default:
		FUZZ_CHECK(n == 0, "a bad input leaves nothing");
		return;
	}
	FUZZ_CHECK(totp_parse_input(out, again) == kind && strcmp(out, again) == 0,
	    "a parsed code parses again to itself");
}

static void
check_secret(const char *in)
{
	unsigned char	 k[TOTP_KEY_MAX], k2[TOTP_KEY_MAX];
	char		*b32 = NULL;
	size_t		 n = 0, n2 = 0, b32len = 0, letters;

	if (totp_secret_parse(in, k, &n) == -1)
		return;
	letters = strspn(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
	FUZZ_CHECK(n >= 10 && n <= TOTP_KEY_MAX, "a secret holds 10 to TOTP_KEY_MAX bytes");
	FUZZ_CHECK(strspn(in + letters, "=") == strlen(in + letters),
	    "a secret is base32 letters and end padding");
	FUZZ_CHECK(oath_base32_encode((const char *)k, n, &b32, &b32len) == OATH_OK,
	    "liboath encodes the bytes");
	FUZZ_CHECK(totp_secret_parse(b32, k2, &n2) == 0 && n2 == n && memcmp(k, k2, n) == 0,
	    "the encoding parses back to the same bytes");
	free(b32);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = fuzz_cstr(data, size);

	check_input(in);
	check_secret(in);
	free(in);
	return 0;
}
