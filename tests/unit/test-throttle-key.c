/* SPDX-License-Identifier: ISC */
/* test-throttle-key.c: the address key of the login throttle (throttle.c): an IPv6 address
 * counts by its /64, so the addresses of one /64 share one budget; IPv4 counts as itself. */
#include "config.h"

#include <string.h>

#include "session.h"
#include "harness.h"

static const char *
key(const char *addr)
{
	static char	 out[THROTTLE_KEY_MAX];

	throttle_addr_key(addr, out, sizeof(out));
	return out;
}

int
main(void)
{
	char	 a[THROTTLE_KEY_MAX];

	STR_EQ(key("192.0.2.7"), "192.0.2.7", "IPv4: the address");
	STR_EQ(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64",
	    "IPv6: its /64");
	strcpy(a, key("2001:db8:1:2::1"));
	STR_EQ(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), a,
	    "two addresses of one /64 share a key");
	OK(strcmp(key("2001:db8:1:3::1"), a) != 0, "the next /64 has another key");
	STR_EQ(key("2001:DB8:1:2:0:0:0:1"), a, "any spelling of the address: one key");
	STR_EQ(key("::1"), "::/64", "loopback");
	STR_EQ(key("::ffff:192.0.2.7"), "192.0.2.7", "IPv4-mapped: the IPv4 address");
	STR_EQ(key("-"), "-", "no address: as it is");
	STR_EQ(key("not an address"), "not an address", "anything else: as it is");
	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	OK(strlen(key(a)) < THROTTLE_KEY_MAX, "a long value is cut to fit");
	return harness_done("test-throttle-key");
}
