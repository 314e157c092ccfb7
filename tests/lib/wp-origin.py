# SPDX-License-Identifier: ISC
# wp-origin.py PORT LOG: a misbehaving old WordPress site for `meridian import --fetch`, reached as
# the HTTP proxy (so the request line holds the whole address, host included). Each request goes to
# LOG as "SECONDS HOST PATH", SECONDS from the monotonic clock, written when the request arrives.
# By the file's name under /wp-content/uploads/: ok-*.png a small image; slow.png a byte a second,
# for longer than the importer waits; huge.png 11 MiB announced by Content-Length; endless.png
# 11 MiB with no length (the end of the connection ends it); moved.png a redirect to another host.
import http.server
import os
import struct
import sys
import time
import urllib.parse
import zlib

ELEVEN_MIB = 11 * 1024 * 1024
CHUNK = b'\0' * 65536


def png(seed):
    """A 2x2 PNG whose colour depends on "seed", so that each name has its own bytes."""
    rgb = bytes(((seed * 37) % 256, (seed * 91) % 256, 200))
    raw = b''.join(b'\x00' + rgb * 2 for _ in range(2))

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 2, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def log_message(self, *args):
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        host = u.hostname or self.headers.get('Host', '-')
        with open(LOG, 'a') as f:
            f.write('%.6f %s %s\n' % (time.monotonic(), host, u.path))
        name = os.path.basename(u.path)
        try:
            if name.startswith('ok-'):
                self.send(png(sum(name.encode())))
            elif name == 'slow.png':
                self.send_response(200)
                self.send_header('Content-Type', 'image/png')
                self.send_header('Content-Length', '1000')
                self.end_headers()
                for _ in range(60):
                    self.wfile.write(b'\0')
                    self.wfile.flush()
                    time.sleep(1)
            elif name in ('huge.png', 'endless.png'):
                self.send_response(200)
                self.send_header('Content-Type', 'image/png')
                if name == 'huge.png':
                    self.send_header('Content-Length', str(ELEVEN_MIB))
                self.end_headers()
                for _ in range(ELEVEN_MIB // len(CHUNK)):
                    self.wfile.write(CHUNK)
            elif name == 'moved.png':
                self.send_response(302)
                self.send_header('Location', 'http://elsewhere.example/wp-content/uploads/moved.png')
                self.send_header('Content-Length', '0')
                self.end_headers()
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass	# the importer gave up, as it should

    def send(self, body):
        self.send_response(200)
        self.send_header('Content-Type', 'image/png')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


LOG = sys.argv[2]
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Origin).serve_forever()
