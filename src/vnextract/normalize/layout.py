"""Lines of a news page that are not the article body: captions, bylines, lists.

Zones are found on the normalised text, one line at a time, with the patterns of
``data/layout.yaml``:

- **boilerplate**: a "more news" heading ("Các tin bài khác") and every line after
  it; a byline near the end ("Minh Nghĩa - Vi Ngoan", "Theo TTXVN");
- **caption**: a line crediting a photo or clip ("... (Ảnh: VGP)", "Clip: ...")
  and a short line right after a bare image number ("12" then "Các đại biểu dự
  Hội nghị");
- **header**: a breadcrumb at the top ("Trang chủ > Thời sự").

It is conservative: only whole lines, short ones, in the places such lines sit.
Records found inside a zone are marked with it (``Span.zone``), not dropped.

>>> text = "Hội nghị tổng kết.\\n\\n12\\n\\nCác đại biểu dự Hội nghị\\n\\nMinh An - Vi Hà\\n\\nCác tin bài khác\\nTin 1"
>>> [(text[s:e], z) for s, e, z in find_zones(text)]
[('Các đại biểu dự Hội nghị', 'caption'), ('Minh An - Vi Hà', 'boilerplate'), ('Các tin bài khác\\nTin 1', 'boilerplate')]
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import regex
import yaml

ZoneName = Literal["caption", "boilerplate", "header"]
"""Where a line sits outside the body (keep in sync with ``schema.Span.zone``)."""
Zone = tuple[int, int, ZoneName]

MAX_CAPTION_WORDS = 25
"""A caption under an image number is at most this many words."""
BYLINE_LINES = 3
"""A byline is among this many last non-empty lines (before any "more news" list)."""


@lru_cache(maxsize=None)
def _patterns() -> dict[str, regex.Pattern[str]]:
    text = resources.files("vnextract.data").joinpath("layout.yaml").read_text("utf-8")
    data: dict[str, list[str]] = yaml.safe_load(text)
    return {
        kind: regex.compile(
            "|".join(f"(?:{p})" for p in patterns),
            regex.VERBOSE if kind == "byline" else regex.IGNORECASE | regex.VERBOSE,
        )
        for kind, patterns in data.items()
    }


_NUMBER_LINE = regex.compile(r"\d{1,3}")

# Words without which a pattern of data/layout.yaml cannot match (keep in sync with
# it): a cheap test that spares most lines the case-insensitive patterns.
_MUST_HAVE: dict[str, tuple[str, ...]] = {
    "related": ("tin", "bài", "xem", "đọc"),
    "credit_caption": ("ảnh", "clip", "video", "infographic"),
}


def _may_match(kind: str, line: str) -> bool:
    low = line.lower()
    return any(word in low for word in _MUST_HAVE[kind])


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, spaces at its ends left out.

    >>> _lines(" a b \\n\\n c")
    [(1, 4), (8, 9)]
    """
    out = []
    start = 0
    while start <= len(text):  # (one line at a time: no list of every line's copy)
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        stripped = line.strip()
        if stripped:
            first = start + (len(line) - len(line.lstrip()))
            out.append((first, first + len(stripped)))
        start = end + 1
    return out


def find_zones(text: str) -> list[Zone]:
    """``(start, end, zone)`` of the lines of ``text`` that are not body."""
    pats = _patterns()
    lines = _lines(text)
    zones: list[Zone] = []
    end_of_body = len(lines)
    for i, (s, e) in enumerate(lines):
        if e - s <= 60 and _may_match("related", text[s:e]) and pats["related"].fullmatch(text, s, e):
            zones.append((s, lines[-1][1], "boilerplate"))
            end_of_body = i
            break
    for i, (s, e) in enumerate(lines[:end_of_body]):
        if e - s > 600:
            continue  # a paragraph, not a caption or a byline
        line = text[s:e]
        words = len(line.split())
        if i < 2 and pats["breadcrumb"].fullmatch(text, s, e):
            zones.append((s, e, "header"))
        elif (
            words <= 40
            and _may_match("credit_caption", line)
            and pats["credit_caption"].fullmatch(text, s, e)
        ):
            zones.append((s, e, "caption"))
        elif (
            i > 0
            and _NUMBER_LINE.fullmatch(text, *lines[i - 1])
            and words <= MAX_CAPTION_WORDS
            and line[-1] not in ".:;,"
            and not _NUMBER_LINE.fullmatch(line)
        ):
            zones.append((s, e, "caption"))
        elif i >= end_of_body - BYLINE_LINES and i > 0 and words <= 12 and pats["byline"].fullmatch(text, s, e):
            zones.append((s, e, "boilerplate"))
    return sorted(zones)
