"""The main text (and publication date) of a web page, with selectolax (lexbor).

Scripts, styles, navigation, headers, footers, asides and forms are dropped; the
text of ``<article>`` (else ``<main>``, else ``<body>``) is kept, one line per
block element (paragraph, heading, list item, table cell ...), white space
collapsed inside a line.

>>> page = '''<html><head><title>T</title>
... <meta property="article:published_time" content="2024-06-15T08:00:00+07:00">
... <script>var x = 1;</script></head><body><nav>Trang chủ | Thời sự</nav>
... <article><h1>Hội nghị   tổng kết</h1><p>Ngày 14/6, <b>UBND tỉnh</b> họp.</p>
... <ul><li>Một</li><li>Hai</li></ul></article><footer>Bản quyền</footer></body></html>'''
>>> text, published = main_text(page)
>>> print(text)
Hội nghị tổng kết
Ngày 14/6, UBND tỉnh họp.
Một
Hai
>>> published
'2024-06-15T08:00:00+07:00'
"""

from __future__ import annotations

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

DROPPED = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
    "nav", "header", "footer", "aside", "form", "button", "select", "input",
]  # fmt: skip
"""Elements removed with their content before the text is taken."""

BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
        "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
"""Elements that start a new line of text."""

DATE_SELECTORS = (
    ('meta[property="article:published_time"]', "content"),
    ('meta[itemprop="datePublished"]', "content"),
    ('meta[name="pubdate"]', "content"),
    ('meta[name="publishdate"]', "content"),
    ('meta[name="date"]', "content"),
    ("time[datetime]", "datetime"),
)
"""Where a page states its publication date, most specific first."""

_SPACES = regex.compile(r"[^\S\n]++")  # runs of white space other than newlines


def main_text(html: str) -> tuple[str, str | None]:
    """The page's main text, and its publication date as written (or None)."""
    tree = LexborHTMLParser(html)
    published = None
    for selector, attribute in DATE_SELECTORS:
        node = tree.css_first(selector)
        value = node.attributes.get(attribute) if node is not None else None
        if value and value.strip():
            published = value.strip()
            break
    tree.strip_tags(DROPPED)
    root: LexborNode | None = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        root = tree.root
    if root is None:
        return "", published
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in BLOCKS:
            parts.append("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line), published
