/* test-totp.c: TOTP codes against the RFC 6238 test vectors (SHA1), the accepted window and
 * replay rule of totp_verify(), and the parsers for secrets and typed codes in totp.c.
 * SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "totp.h"
#include "harness.h"

/* RFC 6238 appendix B, SHA1 rows: the key is the ASCII "12345678901234567890". */
static const unsigned char rfc_key[] = "12345678901234567890";
static const struct {
	long long	 t;
	const char	*code;
} rfc_vectors[] = {
	{ 59LL,		 "94287082" },
	{ 1111111109LL,	 "07081804" },
	{ 1111111111LL,	 "14050471" },
	{ 1234567890LL,	 "89005924" },
	{ 2000000000LL,	 "69279037" },
	{ 20000000000LL, "65353130" },
};

static void
test_rfc_vectors(void)
{
	char	 out[16];
	size_t	 i;

	for (i = 0; i < sizeof(rfc_vectors) / sizeof(rfc_vectors[0]); i++) {
		OK(totp_code(rfc_key, 20, totp_step((time_t)rfc_vectors[i].t), 8, out) == 0,
		    "totp_code succeeds");
		STR_EQ(out, rfc_vectors[i].code, "RFC 6238 SHA1 vector, 8 digits");
		/* Six digits are the same number modulo 10^6. */
		OK(totp_code(rfc_key, 20, totp_step((time_t)rfc_vectors[i].t), 6, out) == 0,
		    "totp_code succeeds with 6 digits");
		STR_EQ(out, rfc_vectors[i].code + 2, "RFC 6238 SHA1 vector, 6 digits");
	}
	INT_EQ(totp_step(59), 1, "step of T=59");
	INT_EQ(totp_step(60), 2, "step of T=60");
	INT_EQ(totp_step(-5), 0, "a clock before 1970 is step 0");
	OK(totp_code(rfc_key, 20, 1, 5, out) == -1, "5 digits are refused");
	OK(totp_code(rfc_key, 20, 1, 9, out) == -1, "9 digits are refused");
}

static void
test_verify(void)
{
	const time_t	 now = 1111111111;	/* step 37037037 */
	const long long	 cur = 37037037;
	char		 code[8];
	long long	 m = -1, s;

	for (s = cur - 1; s <= cur + 1; s++) {
		totp_code(rfc_key, 20, s, 6, code);
		m = -1;
		INT_EQ(totp_verify(rfc_key, 20, now, code, 0, &m), 1,
		    "a code of the step before, now or after is accepted");
		INT_EQ(m, s, "... and says which step it was");
	}
	totp_code(rfc_key, 20, cur - 2, 6, code);
	INT_EQ(totp_verify(rfc_key, 20, now, code, 0, &m), 0, "two steps old: refused");
	totp_code(rfc_key, 20, cur + 2, 6, code);
	INT_EQ(totp_verify(rfc_key, 20, now, code, 0, &m), 0, "two steps ahead: refused");
	totp_code(rfc_key, 20, cur, 6, code);
	INT_EQ(totp_verify(rfc_key, 20, now, code, cur, &m), 0,
	    "the step already used: refused (replay)");
	INT_EQ(totp_verify(rfc_key, 20, now, code, cur - 1, &m), 1,
	    "a later step than the one used: accepted");
	totp_code(rfc_key, 20, cur - 1, 6, code);
	INT_EQ(totp_verify(rfc_key, 20, now, code, cur, &m), 0,
	    "an older step than the one used: refused");
	INT_EQ(totp_verify(rfc_key, 20, now, "12345", 0, &m), 0, "five digits: refused");
	INT_EQ(totp_verify(rfc_key, 20, now, "", 0, &m), 0, "empty: refused");
}

static void
test_secret(void)
{
	unsigned char	 key[TOTP_KEY_MAX];
	char		 s[TOTP_SECRET_MAX + 1], t[TOTP_SECRET_MAX + 1];
	size_t		 n = 0;

	/* "12345678901234567890" in base32. */
	INT_EQ(totp_secret_parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", key, &n), 0,
	    "the RFC key in base32 parses");
	INT_EQ(n, 20, "... to 20 bytes");
	OK(memcmp(key, rfc_key, 20) == 0, "... which are the RFC key");
	INT_EQ(totp_secret_parse("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", key, &n), -1,
	    "lower case is not a stored secret");
	INT_EQ(totp_secret_parse("GEZDGNBV GY3TQOJQGEZDGNBVGY3TQOJQ", key, &n), -1,
	    "a space is refused");
	INT_EQ(totp_secret_parse("GEZDGNBVGY3TQOJ1", key, &n), -1, "the digit 1 is refused");
	INT_EQ(totp_secret_parse("GEZDGNBVGY3TQOJ", key, &n), -1, "too short");
	INT_EQ(totp_secret_parse("GEZDGNBVGY3TQOJQGEZA====", key, &n), 0,
	    "padding at the end parses");
	INT_EQ(n, 12, "... to 12 bytes");
	INT_EQ(totp_secret_parse("GEZDGNBVGY3TQOJQ=", key, &n), -1,
	    "padding that makes no base32 length: refused");
	INT_EQ(totp_secret_parse("GEZDGNBV=GY3TQOJQ", key, &n), -1, "padding inside: refused");
	INT_EQ(totp_secret_parse("", key, &n), -1, "empty: refused");
	OK(totp_secret_new(s) == 0, "a new secret");
	INT_EQ(strlen(s), 32, "a new secret has 32 base32 characters (160 bits)");
	INT_EQ(totp_secret_parse(s, key, &n), 0, "a new secret parses");
	INT_EQ(n, TOTP_KEY_LEN, "... to TOTP_KEY_LEN bytes");
	OK(totp_secret_new(t) == 0 && strcmp(s, t) != 0, "two new secrets differ");
}

static void
test_input(void)
{
	char		 out[TOTP_INPUT_MAX + 1], shown[TOTP_RECOVERY_SHOWN + 1];
	unsigned char	 h1[32], h2[32];

	INT_EQ(totp_parse_input("123456", out), TOTP_INPUT_CODE, "six digits: a code");
	STR_EQ(out, "123456", "... as typed");
	INT_EQ(totp_parse_input(" 123 456 ", out), TOTP_INPUT_CODE, "spaces are dropped");
	STR_EQ(out, "123456", "... from the code");
	INT_EQ(totp_parse_input("12345", out), TOTP_INPUT_BAD, "five digits: bad");
	STR_EQ(out, "", "a bad input leaves nothing");
	INT_EQ(totp_parse_input("1234567", out), TOTP_INPUT_BAD, "seven digits: bad");
	INT_EQ(totp_parse_input("12345x", out), TOTP_INPUT_BAD, "a letter in a code: bad");
	INT_EQ(totp_parse_input("", out), TOTP_INPUT_BAD, "empty: bad");
	INT_EQ(totp_parse_input("abcd-efgh-ijkl-mnop", out), TOTP_INPUT_RECOVERY,
	    "a recovery code");
	STR_EQ(out, "ABCDEFGHIJKLMNOP", "... normalised to upper case without hyphens");
	INT_EQ(totp_parse_input("ABCDEFGHIJKLMNOP", out), TOTP_INPUT_RECOVERY,
	    "a recovery code in capitals without hyphens");
	INT_EQ(totp_parse_input("abcd-efgh-ijkl-mno1", out), TOTP_INPUT_BAD,
	    "1 is not base32: bad");
	INT_EQ(totp_parse_input("abcd-efgh-ijkl-mno\xc3\xa9", out), TOTP_INPUT_BAD,
	    "a non-ASCII letter: bad");
	INT_EQ(totp_parse_input("abcd\nefgh-ijkl-mnop", out), TOTP_INPUT_BAD,
	    "a newline: bad");
	INT_EQ(totp_parse_input("                                                                 ",
	    out), TOTP_INPUT_BAD, "longer than TOTP_INPUT_MAX: bad");
	OK(totp_recovery_new(shown) == 0, "a new recovery code");
	INT_EQ(strlen(shown), TOTP_RECOVERY_SHOWN, "shown as 4 groups of 4");
	OK(shown[4] == '-' && shown[9] == '-' && shown[14] == '-', "... joined by hyphens");
	INT_EQ(totp_parse_input(shown, out), TOTP_INPUT_RECOVERY, "it parses as one");
	totp_recovery_hash(out, h1);
	totp_parse_input("ABCDEFGHIJKLMNOP", out);
	totp_recovery_hash(out, h2);
	OK(memcmp(h1, h2, 32) != 0, "different codes hash differently");
}

int
main(void)
{
	test_rfc_vectors();
	test_verify();
	test_secret();
	test_input();
	return harness_done("test-totp");
}
