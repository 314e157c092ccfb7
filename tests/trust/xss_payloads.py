#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""xss_payloads.py: a corpus of XSS payloads, spread over articles to import.

    python3 xss_payloads.py DIR [ARTICLES]

Writes DIR/xss-NN.md (ARTICLES of them, default 14), DIR/payloads.txt (one payload a line,
JSON-encoded), DIR/alts.txt (short payloads for media alt texts) and DIR/search.txt (a few
for search queries), and prints the number of distinct payloads.

Every payload, if it ever ran or became markup, would be seen by tests/browser/xss.mjs: it
calls alert/confirm/prompt/print/open (recorded by an init script), or loads a URL with
"xss-hit" in it (recorded from the network, CSP or not). Payloads are built from base
vectors (tags with handlers, script in its many spellings, URL schemes, template and
attribute breakouts) times the contexts they try to escape from. Each one goes into a
structured field (title, summary, topic, author, reviewer) of some article and into the
body of another, as raw HTML, inline text, link text, image alt text and code; URL
payloads also become link and image targets. Written for Meridian; no list was copied.
"""
import json
import os
import sys

CALLS = ["alert(1)", "confirm(1)", "prompt(1)", "print()", "open('/xss-hit')"]

VECTORS = [
    "<script>{c}</script>",
    "<ScRiPt>{c}</sCrIpT>",
    "<script src=/xss-hit.js></script>",
    "<script>/*</script><script>*/{c}</script>",
    "<img src=x onerror={c}>",
    "<img src=/xss-hit.png>",
    "<img src=x onerror=\"{c}\">",
    "<img/src=x/onerror={c}>",
    "<img src=x onerror=&#97;lert(1)>",
    "<svg onload={c}>",
    "<svg><script>{c}</script></svg>",
    "<svg><animate onbegin={c} attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror={c}>",
    "<body onload={c}>",
    "<iframe src=/xss-hit></iframe>",
    "<iframe srcdoc=\"<script>parent.{c}</script>\"></iframe>",
    "<iframe src=javascript:{c}>",
    "<object data=/xss-hit></object>",
    "<embed src=/xss-hit>",
    "<video><source onerror={c}></video>",
    "<audio src=x onerror={c}>",
    "<details open ontoggle={c}>",
    "<input autofocus onfocus={c}>",
    "<select autofocus onfocus={c}>",
    "<textarea autofocus onfocus={c}></textarea>",
    "<marquee onstart={c}>",
    "<a href=javascript:{c}>x</a>",
    "<a href=\"jav&#x09;ascript:{c}\">x</a>",
    "<form action=javascript:{c}><button>x</button></form>",
    "<button formaction=javascript:{c}>x</button>",
    "<base href=//xss-hit.example/>",
    "<link rel=stylesheet href=/xss-hit.css>",
    "<meta http-equiv=refresh content=\"0;url=/xss-hit\">",
    "<style>@import '/xss-hit.css';</style>",
    "<div style=\"background:url(/xss-hit.png)\">x</div>",
    "<x onclick={c}>click</x>",
    "<p onmouseover={c}>hover</p>",
    "<isindex action=javascript:{c} type=image>",
    "<table background=/xss-hit.png>",
    "<img src=`x`onerror={c}>",
    "<img \"\"\"><script>{c}</script>\">",
    "<scr<script>ipt>{c}</scr</script>ipt>",
    "<!--><script>{c}</script>-->",
    "<![CDATA[<script>{c}</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror={c}>\">",
    "<template><script>{c}</script></template>",
    "{{{{constructor.constructor('{c}')()}}}}",
    "${{{c}}}",
    "{{{{7*7}}}}<img src=x onerror={c}>",
    "\" onmouseover=\"{c}\" x=\"",
    "' onmouseover='{c}' x='",
    "\" autofocus onfocus=\"{c}",
    "javascript:{c}",
    "\"><script>{c}</script>",
    "'><script>{c}</script>",
    "</script><script>{c}</script>",
    "</title><script>{c}</script>",
    "</textarea><script>{c}</script>",
    "</style><script>{c}</script>",
    "--!><script>{c}</script>",
    "\\u003cscript\\u003e{c}\\u003c/script\\u003e",
    "&lt;script&gt;{c}&lt;/script&gt;",
    "%3Cscript%3E{c}%3C/script%3E",
    "\uff1cscript\uff1e{c}\uff1c/script\uff1e",
    "<script\x0c>{c}</script>",
    "<img src=x onerror\u3000={c}>",
    "\u2028<script>{c}</script>\u2029",
    "</script><img src=x onerror={c}>",
    "\"};{c};//",
    "';{c};//",
]

URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "javascript:alert(1)//", " javascript:alert(1)",
    "javascript&#58;alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "java&#9;script:alert(1)", "java&Tab;script:alert(1)", "jav&#x0A;ascript:alert(1)",
    "javascript&colon;alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,x", "data:image/svg+xml,<svg onload=alert(1)>", "data:application/xhtml+xml,x",
    "/ordinary?u=1", "//example.invalid/", "http://example.invalid/", "\\\\example.invalid/x",
    "%6Aavascript:alert(1)", "javascript%3Aalert(1)", "file:///etc/passwd", "feed:javascript:alert(1)",
    "livescript:alert(1)", "mhtml:x", "x:alert(1)", "javascript://%0Aalert(1)",
]


def payloads():
    out = []
    seen = set()
    for i, v in enumerate(VECTORS):
        for j, c in enumerate(CALLS):
            p = v.replace("{c}", c)
            if p not in seen:
                seen.add(p)
                out.append(p)
            if "{c}" not in v:
                break
    return out


def yq(s):
    # JSON strings are YAML double-quoted scalars.
    return json.dumps(s, ensure_ascii=False)


def main():
    d = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 14
    os.makedirs(d, exist_ok=True)
    ps = payloads()
    allp = ps + URLS
    short = [p for p in ps if len(p) <= 60]
    with open(os.path.join(d, "payloads.txt"), "w") as f:
        for p in allp:
            f.write(json.dumps(p) + "\n")
    with open(os.path.join(d, "alts.txt"), "w") as f:
        for p in ps[:12]:
            f.write(json.dumps(p) + "\n")
    with open(os.path.join(d, "search.txt"), "w") as f:
        for p in [ps[0], ps[4], ps[49], ps[53], "\"><svg onload=alert(1)>"]:
            f.write(json.dumps(p) + "\n")
    per = (len(ps) + n - 1) // n
    for a in range(n):
        mine = ps[a * per:(a + 1) * per]
        other = ps[((a + 1) % n) * per:((a + 1) % n + 1) * per]   # in the body here
        title = mine[0][:300] if mine else "x"
        summary = " | ".join(mine[1:5])[:1000]
        tops, low = [], set()
        for p in short[a::n]:
            if p.lower() not in low and len(tops) < 8:
                low.add(p.lower())
                tops.append(p)
        body = ["Plain text first: xssmarker%d." % a, ""]
        for k, p in enumerate(other + mine[5:]):
            body += [p, "", "Inline %s text." % p, "", "[%s](/articles/x)" % p.replace("]", ""), "",
                     "![%s](/static/favicon.svg)" % p.replace("]", ""), "", "`%s`" % p.replace("`", ""), ""]
        for k, u in enumerate(URLS):
            if k % n == a or a == 0:
                body += ["[url %d](%s) ![img %d](%s) <%s>" % (k, u, k, u, u), ""]
        body += ["[ref %d][r%d]" % (a, a), "", "[r%d]: %s" % (a, URLS[a % len(URLS)]), ""]
        fm = ["---",
              "title: " + yq(title),
              "slug: xss-%02d" % a,
              "date: 2025-03-%02dT09:00:00Z" % (a + 1),
              "topics: [" + ", ".join(yq(t) for t in tops) + "]",
              "summary: " + yq(summary),
              "author: " + yq(mine[5 % len(mine)][:200] if mine else "a"),
              "reviewer: " + yq(mine[6 % len(mine)][:200] if mine else "b"),
              "reviewed: 2025-01-01",
              "review_due: 2026-01-01",
              "---"]
        with open(os.path.join(d, "xss-%02d.md" % a), "w") as f:
            f.write("\n".join(fm + body) + "\n")
    print(len(allp))


if __name__ == "__main__":
    main()
