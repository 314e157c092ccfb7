#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""md_hazards.py: writes Markdown bodies that make cmark 0.30 (Debian 12 ships 0.30.2) slow,
each as big as Meridian admits (just under 256 KiB), plus a smaller copy of each.

    python3 md_hazards.py DIR     writes DIR/NAME.md (body only) and prints the names

The shapes are the classic pathological ones for CommonMark parsers: deep nesting (lists,
block quotes, brackets), runs of openers or closers that never match (emphasis, links,
images such as "![[]()"), mixes of emphasis and block quotes, and many link reference
definitions. Written here from their description, not taken from cmark's test suite.
"""
import os
import sys

LIMIT = 256 * 1024 - 64


def fill(unit, limit=LIMIT, head="", tail=""):
    n = max(1, (limit - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def shapes(limit):
    s = {}
    depth = 0
    lines = []
    size = 0
    while True:
        line = "  " * depth + "- a\n"
        if size + len(line) > limit:
            break
        lines.append(line)
        size += len(line)
        depth += 1
    s["nested-lists"] = "".join(lines)
    s["nested-ordered-lists"] = "".join("   " * i + "1. a\n" for i in range(int((2 * limit / 3) ** 0.5)))
    s["nested-quotes"] = fill("> ", limit - 2) + "a\n"
    s["image-brackets"] = fill("![[]()", limit)
    s["link-openers"] = fill("[a", limit)
    s["link-closers"] = fill("a]", limit)
    s["nested-brackets"] = "[" * (limit // 2 - 1) + "a" + "]" * (limit // 2 - 1)
    s["emph-openers"] = fill("_a ", limit)
    s["emph-closers"] = fill("a_ ", limit)
    s["emph-mismatch"] = fill("*a_ ", limit)
    s["emph-mult3"] = fill("c* ", limit, head="a**b")
    s["emph-nested"] = "*" * (limit // 2 - 2) + "a" + "*" * (limit // 2 - 2)
    s["emph-quote-mix"] = fill("> *a **b _c\n", limit)
    s["quote-list-mix"] = fill("> - > * > 1. *a*\n", limit)
    s["link-emph-mix"] = fill("[ a_", limit)
    s["paren-link"] = fill("[ (](", limit)
    s["unclosed-link-a"] = fill("[a](<b", limit)
    s["unclosed-link-b"] = fill("[a](b", limit)
    s["backticks"] = "".join("e" + "`" * i for i in range(1, int((2 * limit) ** 0.5)))
    s["ref-defs"] = fill("[a]: /u\n", limit // 2) + fill("[a] ", limit // 2)
    s["ref-defs-unique"] = "".join("[r%d]: /u%d\n" % (i, i) for i in range(limit // 24)) + \
        "".join("[r%d] " % i for i in range(0, limit // 24, 7))
    s["entities"] = fill("&#x1234; &amp;&", limit)
    s["html-comment-like"] = fill("<!-- ", limit)
    s["autolinks"] = fill("<a:", limit)
    return s


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, body in shapes(LIMIT).items():
        body = body[:LIMIT]
        open(os.path.join(out, name + ".md"), "w").write(body)
        print(name)
    for name, body in shapes(LIMIT // 8).items():
        open(os.path.join(out, name + "-small.md"), "w").write(body[:LIMIT // 8])
        print(name + "-small")


if __name__ == "__main__":
    main()
