#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""hostile.py: generates hostile HTTP requests and sends them, raw, to nginx on loopback.

    python3 hostile.py --port PORT [--count N] [--seed S] [--deadline SECS]
                       [--cookie NAME=VALUE --csrf TOKEN] [--media-id ID --media-name NAME]

Categories (round-robin, with random variations from a seeded generator, so a run can be
repeated exactly): bad methods, broken percent-encoding, NUL bytes, invalid UTF-8, huge and
repeated headers, huge and repeated and malformed cookies, broken multipart to /admin/media
(with a staff session when --cookie/--csrf are given, so the parser is reached), lying
Content-Length, FTS5 syntax in /search?q=, path traversal in slugs and media names, very long
URLs, and broken request lines and bodies of other kinds.

Each request goes on its own connection with a 5 s timeout; an overall deadline bounds the
run. Prints one JSON object: the status histogram ("none" = closed without an answer,
"timeout"), the number sent, the 5xx answers counted by who gave them ("meridian-500",
"nginx-505", told apart by Meridian's own Content-Security-Policy header) with examples, and
any body that leaked a file from outside the site. Exit 0 always; the caller judges.
"""
import argparse
import json
import random
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HOST = "127.0.0.1"


def pct(s):
    return "".join("%%%02X" % b for b in s)


class Gen:
    def __init__(self, rnd, a):
        self.r = rnd
        self.a = a

    def line(self, method, target, headers=(), body=b"", version="HTTP/1.1", host=True):
        h = []
        if host:
            h.append(b"Host: 127.0.0.1")
        h.extend(x if isinstance(x, bytes) else x.encode("latin-1") for x in headers)
        h.append(b"Connection: close")
        if body and not any(x.lower().startswith(b"content-length") or
                            x.lower().startswith(b"transfer-encoding") for x in h):
            h.append(b"Content-Length: %d" % len(body))
        t = target if isinstance(target, bytes) else target.encode("latin-1")
        m = method if isinstance(method, bytes) else method.encode("latin-1")
        return (m + b" " + t + b" " + version.encode() + b"\r\n" + b"\r\n".join(h) +
                b"\r\n\r\n" + body), False

    def path(self):
        return self.r.choice(["/", "/articles/sleep-and-stress", "/topics/", "/search?q=sleep",
                              "/feed.xml", "/sitemap.xml", "/about", "/admin/login",
                              "/media/1/dot.png", "/_health", "/topics/sleep/feed.xml"])

    def bad_method(self):
        m = self.r.choice([b"FOO", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE",
                           b"PROPFIND", b"get", b"GeT", b"POSTX", b"M" * self.r.choice([17, 64, 300]),
                           b"GET\x00", b"G\tET", b"\xff\xfe", b"CONNECT", b"MKCOL", b"LOCK"])
        return self.line(m, self.path(), body=self.r.choice([b"", b"x=1"]))

    def bad_percent(self):
        junk = self.r.choice(["%", "%2", "%zz", "%g0", "%%", "%C3%28", "%E2%82", "%F0%9F%98",
                              "%ED%A0%80", "%C0%AF", "%25%32%65", "%u002e", "%5c", "%2e%2e%2f"])
        where = self.r.randrange(4)
        if where == 0:
            t = "/articles/" + junk
        elif where == 1:
            t = "/search?q=" + junk
        elif where == 2:
            t = "/?page=" + junk + "&" + junk + "=" + junk
        else:
            t = "/topics/" + junk + "/feed.xml"
        return self.line("GET", t)

    def nul(self):
        t = self.r.choice(["/articles/a%00b", "/%00", "/search?q=a%00b", "/?%00=1",
                           "/media/1/a%00.png", "/articles/sleep%00.html", "/search?q=%00%00"])
        if self.r.random() < 0.3:
            return self.line("GET", t.replace("%00", "\x00"))
        if self.r.random() < 0.3:
            return self.line("GET", "/", headers=["X-Nul: a\x00b"])
        return self.line("GET", t)

    def bad_utf8(self):
        bad = self.r.choice([b"\xff", b"\xc3", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                             b"\xc0\xaf", b"\xe2\x82", b"\x80\x80", b"\xfe\xff"])
        if self.r.random() < 0.5:
            return self.line("GET", "/search?q=" + pct(bad))
        if self.r.random() < 0.5:
            return self.line("GET", b"/articles/" + bad)
        return self.line("GET", "/", headers=[b"Cookie: meridian=" + bad,
                                              b"User-Agent: " + bad * 10])

    def big_headers(self):
        n = self.r.choice([1000, 4000, 8000, 8300, 16000, 40000])
        kind = self.r.randrange(4)
        if kind == 0:
            return self.line("GET", self.path(), headers=["X-Big: " + "a" * n])
        if kind == 1:
            return self.line("GET", self.path(),
                             headers=["X-Rep-%d: %s" % (i, "b" * 50) for i in range(self.r.choice([50, 200, 1000]))])
        if kind == 2:
            return self.line("GET", self.path(), headers=["Host: evil.example"] * self.r.choice([2, 10]))
        return self.line("GET", self.path(), headers=["If-None-Match: " + '"x",' * (n // 4),
                                                      "If-Modified-Since: " + "Mon, " * 20])

    def cookies(self):
        k = self.r.randrange(6)
        if k == 0:
            c = "meridian=" + "A" * self.r.choice([43, 44, 100, 8000, 9000])
        elif k == 1:
            c = "; ".join("c%d=%d" % (i, i) for i in range(self.r.choice([60, 64, 65, 200])))
        elif k == 2:
            c = 'meridian="%s"; meridian_login=\\x; a=,;;' % ("q" * 43)
        elif k == 3:
            c = "meridian=" + "".join(self.r.choice("abcABC012-_=%;, \t\"\\") for _ in range(43))
        elif k == 4:
            return self.line("GET", "/admin/", headers=["Cookie: meridian=%d" % i for i in range(self.r.choice([2, 50, 300]))])
        else:
            c = "=; =x; ;; meridian; meridian=; __Host-meridian=" + "x" * 43
        return self.line(self.r.choice(["GET", "POST"]), self.r.choice(["/admin/", "/admin/login", "/"]),
                         headers=["Cookie: " + c], body=b"csrf_token=x&username=a&password=b")

    def multipart(self):
        b = self.r.choice(["X", "----WebKitFormBoundary" + "a" * 16, "q" * 70, "q" * 71, "", "a b ",
                           '"quoted"'])
        parts = []
        for i in range(self.r.choice([0, 1, 2, 3, 17, 40])):
            name = self.r.choice(['"csrf_token"', '"file"', '"alt"', '""', 'x', '"a\x01b"',
                                  '"' + "n" * 120 + '"'])
            fn = self.r.choice(["", '; filename="dot.png"', '; filename="../../etc/passwd"',
                                '; filename="C:\\\\x\\\\..\\\\..\\\\evil.png"', '; filename=".."',
                                '; filename="' + "f" * 300 + '.png"', '; filename="a\xff.png"'])
            val = (self.a.csrf or "x") if "csrf" in name else self.r.choice(
                ["alt text", "\x89PNG\r\n\x1a\n" + "\x00" * 20, "<svg onload=alert(1)>", "GIF89a" + "\x00" * 10])
            hdr = self.r.choice(["Content-Disposition: form-data; name=%s%s" % (name, fn),
                                 "Content-Disposition: attachment; name=%s" % name,
                                 "Content-Disposition: form-data; name=%s\r\n folded" % name,
                                 "content-disposition:form-data;name=%s%s\r\nContent-Type: image/png" % (name, fn)])
            parts.append("--%s\r\n%s\r\n\r\n%s\r\n" % (b, hdr, val))
        body = "".join(parts) + self.r.choice(["--%s--\r\n" % b, "--%s" % b, "", "--%s-\r\n" % b,
                                                "--%s\n" % b])
        if self.r.random() < 0.2:
            body = body.replace("\r\n", "\n")
        ct = self.r.choice(["multipart/form-data; boundary=" + b, "multipart/form-data",
                            "multipart/form-data; boundary=" + b + "; boundary=Y",
                            'multipart/form-data; boundary="' + b + '"', "multipart/mixed; boundary=X",
                            "text/plain"])
        headers = ["Content-Type: " + ct, "Origin: http://127.0.0.1"]
        if self.a.cookie:
            headers.append("Cookie: " + self.a.cookie)
        return self.line("POST", "/admin/media", headers=headers, body=body.encode("latin-1"))

    def cl_lies(self):
        k = self.r.randrange(7)
        body = b"csrf_token=x&username=a&password=b"
        if k == 0:      # longer than sent: the client then stops writing
            req, _ = self.line("POST", "/admin/login", headers=["Content-Length: %d" % (len(body) + 100),
                               "Content-Type: application/x-www-form-urlencoded"], body=body)
            return req, True
        if k == 1:      # shorter than sent: the rest looks like a second request
            return self.line("POST", "/admin/login", headers=["Content-Length: 5",
                             "Content-Type: application/x-www-form-urlencoded"], body=body + b"GARBAGE\r\n\r\n")
        if k == 2:
            return self.line("POST", "/admin/login", headers=["Content-Length: -1"], body=body)
        if k == 3:
            return self.line("POST", "/admin/media", headers=["Content-Length: 99999999999999999999"], body=body)
        if k == 4:
            return self.line("POST", "/admin/login", headers=["Content-Length: 3", "Content-Length: 40"], body=body)
        if k == 5:
            return self.line("POST", "/admin/login", headers=["Content-Length: %d" % len(body),
                             "Transfer-Encoding: chunked"], body=body)
        req, _ = self.line("POST", "/admin/login", headers=["Transfer-Encoding: chunked",
                           "Content-Type: application/x-www-form-urlencoded"],
                           body=self.r.choice([b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffff\r\nab\r\n",
                                               b"5\r\nabc", b"3\r\nabc\r\n0\r\n\r\n"]))
        return req, True

    def fts(self):
        q = self.r.choice(['"', '""', '"unbalanced', "NEAR(a b, 2)", "NEAR(", "a OR", "OR AND NOT",
                           "title:sleep", "body_md:x", "{title summary}: x", "^sleep", "sleep*", "*",
                           "-x", "a AND (b OR", ")))", "a + b", "'", "x' OR 1=1 --",
                           "\u0301", "a\u0301", "\u65e5\u672c", "rank:1", "posts_fts:x",
                           "a" * 201, " ".join("w%d" % i for i in range(30)), "\U0001F600",
                           "%", "\\", "a\"b\"c", "NOT", "(", "NEAR(\"a\" \"b\", -1)", "x:y:z"])
        if self.r.random() < 0.3:
            q = q + " " + self.r.choice(["sleep", "stress", "\"", "OR"])
        page = self.r.choice(["", "&page=2", "&page=-1", "&page=99999999999999999999", "&page=x"])
        return self.line("GET", "/search?q=" + pct(q.encode("utf-8")) + page)

    def traversal(self):
        mid, mname = self.a.media_id or "1", self.a.media_name or "dot.png"
        t = self.r.choice([
            "/articles/../../etc/passwd", "/articles/..%2F..%2Fetc%2Fpasswd",
            "/articles/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
            "/static/../meridian.conf", "/static/..%2fsite.db", "/static/%2e%2e/site.db",
            "/media/%s/..%%2f..%%2fetc%%2fpasswd" % mid, "/media/%s/../../%s" % (mid, mname),
            "/media/../../etc/passwd", "/media/%s/%s%%00.html" % (mid, mname),
            "/media/0/x", "/media/-1/x", "/media/99999999999999999999999/x",
            "/media/%s/%s/.." % (mid, mname), "//etc/passwd", "/articles/....//....//etc/passwd",
            "/articles/%252e%252e%252fetc%252fpasswd", "/articles/..\\..\\etc\\passwd",
            "/topics/..%5c..%5cx/feed.xml", "/admin/../admin/", "/./articles/./x",
            "/articles/" + "a-" * 60, "/articles/ADMIN", "/index", "/page",
        ])
        return self.line(self.r.choice(["GET", "HEAD"]), t)

    def long_url(self):
        n = self.r.choice([2047, 2049, 4095, 4097, 8000, 9000, 20000, 100000])
        k = self.r.randrange(3)
        if k == 0:
            return self.line("GET", "/articles/" + "a" * n)
        if k == 1:
            return self.line("GET", "/search?q=" + "b" * n)
        return self.line("GET", "/?" + "&".join("k%d=v" % i for i in range(n // 6)))

    def misc(self):
        k = self.r.randrange(9)
        if k == 0:
            return b"GET /\r\n\r\n", False
        if k == 1:
            return b"GET / HTTP/1.0\r\n\r\n", False
        if k == 2:
            return self.line("GET", "http://evil.example/articles/x")
        if k == 3:
            return b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(self.r.randrange(256) for _ in range(64)), True
        if k == 4:
            return self.line("GET", "/", version="HTTP/9.9")
        if k == 5:
            return self.line("POST", "/admin/login", headers=["Content-Type: application/x-www-form-urlencoded",
                             "Origin: http://127.0.0.1"], body=b"csrf_token=" + b"%" * 100 + b"&&&&=&=%zz")
        if k == 6:
            return self.line("POST", "/admin/login", headers=["Content-Type: application/x-www-form-urlencoded"],
                             body=b"&".join(b"k%d=v" % i for i in range(300)))
        if k == 7:
            # Incomplete, so the client stops writing (else nginx rightly waits 60 s).
            return bytes(self.r.randrange(256) for _ in range(self.r.choice([1, 10, 100, 1000]))), True
        return self.line("GET", "/", headers=["Range: bytes=0-1,2-3," * 100, "Accept-Encoding: " + "gzip, " * 500])

    def editor(self):
        """Authenticated editor posts with hostile slugs (only with a session)."""
        if not self.a.cookie:
            return self.traversal()
        slug = self.r.choice(["../../etc/passwd", "..", "a/b", "admin", "a%2fb", "-x-", "x" * 101,
                              "\u00e9t\u00e9", "a\x00b", "UPPER", "ok-slug-%d" % self.r.randrange(1000)])
        body = "csrf_token=%s&title=%s&slug=%s&summary=&body=%s&topics=&kind=article&status=draft" % (
            self.a.csrf, pct(b"T"), pct(slug.encode("utf-8")), pct(b"text"))
        return self.line("POST", "/admin/articles/new", headers=[
            "Cookie: " + self.a.cookie, "Origin: http://127.0.0.1",
            "Content-Type: application/x-www-form-urlencoded"], body=body.encode())

    CATS = ["bad_method", "bad_percent", "nul", "bad_utf8", "big_headers", "cookies", "multipart",
            "cl_lies", "fts", "traversal", "long_url", "misc", "editor"]


LEAKS = [b"root:x:0:0", b"SQLite format 3", b"[meridian]"]


def send(req, halfclose, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    data = b""
    try:
        s.connect((HOST, port))
        try:
            s.sendall(req)
            if halfclose:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        while len(data) < 4 << 20:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        return "timeout", data
    finally:
        s.close()
    if not data.startswith(b"HTTP/"):
        return "none", data
    try:
        return data.split(b" ", 2)[1].decode(), data
    except (IndexError, UnicodeDecodeError):
        return "garbled", data


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--deadline", type=float, default=240)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--cookie", default="")
    p.add_argument("--csrf", default="")
    p.add_argument("--media-id", default="")
    p.add_argument("--media-name", default="")
    a = p.parse_args()
    g = Gen(random.Random(a.seed), a)
    reqs = []
    for i in range(a.count):
        cat = Gen.CATS[i % len(Gen.CATS)]
        req, hc = getattr(g, cat)()
        reqs.append((cat, req, hc))
    hist, bycat, fivexx, leaks, fivexx_by = {}, {}, [], [], {}
    lock = threading.Lock()
    stop = time.monotonic() + a.deadline
    sent = [0]

    def one(item):
        cat, req, hc = item
        if time.monotonic() > stop:
            return
        st, data = send(req, hc, a.port)
        with lock:
            sent[0] += 1
            hist[st] = hist.get(st, 0) + 1
            bycat.setdefault(cat, {})
            bycat[cat][st] = bycat[cat].get(st, 0) + 1
            if st.startswith("5"):
                # Meridian's answers carry its own CSP; nginx's error pages do not.
                head = data.split(b"\r\n\r\n", 1)[0].lower()
                who = "meridian" if b"\r\ncontent-security-policy: default-src 'self'; img-src" in head else "nginx"
                key = "%s-%s" % (who, st)
                fivexx_by[key] = fivexx_by.get(key, 0) + 1
                if len(fivexx) < 20:
                    fivexx.append({"cat": cat, "status": st, "from": who,
                                   "request": req[:300].decode("latin-1")})
            for l in LEAKS:
                if l in data and len(leaks) < 20:
                    leaks.append({"cat": cat, "leak": l.decode(), "request": req[:200].decode("latin-1")})

    t0 = time.monotonic()
    with ThreadPoolExecutor(a.threads) as ex:
        list(ex.map(one, reqs))
    json.dump({"sent": sent[0], "planned": a.count, "seconds": round(time.monotonic() - t0, 1),
               "histogram": dict(sorted(hist.items())), "by_category": bycat,
               "fivexx": fivexx, "fivexx_by_origin": fivexx_by, "leaks": leaks}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
