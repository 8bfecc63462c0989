"""HTML residue in text fields: entities, leftover tags, captions and page furniture.

Scraped text keeps ``&nbsp;``, ``&agrave;``, ``&#7879;`` and tags such as ``<p>``,
``<br/>``, ``<b>``.  Entities become their characters; known tags
(``data/html_tags.tsv``) become a line break (block tags) or nothing (inline tags);
``<script>``/``<style>`` go with their content.  The text of a ``<figcaption>``, or
of an element whose class or id names a caption, is reported as a caption zone;
``<nav>``/``<footer>``/``<aside>`` as boilerplate.  An unknown ``<word>`` is left
alone, so "a < b" and "<Chỉ thị>" survive.

>>> r = strip_html("<p>Ng&agrave;y 14/6,&nbsp;<b>UBND</b> t&#7881;nh</p>")
>>> r.text
'\\nNgày 14/6,\\xa0UBND tỉnh\\n'
>>> r.offsets.span(1, 5)            # "Ngày" came from "Ng&agrave;y"
(3, 14)
>>> r = strip_html('<img src="a.jpg"><figcaption>Đại biểu dự hội nghị</figcaption>')
>>> [(r.text[s:e], zone) for s, e, zone in r.zones]
[('Đại biểu dự hội nghị', 'caption')]
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .layout import ZoneName
from .offsets import OffsetMap, OffsetMapBuilder

__all__ = ["Stripped", "strip_html"]


@dataclass(frozen=True)
class Stripped:
    """Text without HTML residue, its map back to the input, and zones in the output."""

    text: str
    offsets: OffsetMap
    zones: tuple[tuple[int, int, ZoneName], ...]


@lru_cache(maxsize=None)
def tag_actions() -> dict[str, str]:
    """Tag name (lower case) -> action (block, inline, drop, caption, boilerplate)."""
    text = resources.files("vnextract.data").joinpath("html_tags.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name.strip(): action.strip() for name, action in rows}


_CAPTION_ATTR = regex.compile(r"""(?i)\b(?:class|id)\s*=\s*["']?[^"'>]{0,200}?(?:caption|chu-?thich|image-?desc|photo-?desc)""")


@lru_cache(maxsize=None)
def _pattern() -> regex.Pattern[str]:
    names = "|".join(regex.escape(n) for n in sorted(tag_actions(), key=len, reverse=True))
    return regex.compile(
        rf"""
        (?P<comment><!--)                                        # a comment (its end: str.find)
        | (?P<tag></?(?P<name>{names})(?![\w:-])                 # a known tag, open or close,
            (?P<attrs>[^<>]{{0,2000}}+)>)                        #   its attributes (bounded)
        | (?P<entity>&(?:amp;)?                                  # an entity (also "&amp;agrave;")
            (?:\#[0-9]{{1,7}}+;?+|\#[xX][0-9a-fA-F]{{1,6}}+;?+|[A-Za-z][A-Za-z0-9]{{1,31}}+;?+))
        """,
        regex.VERBOSE | regex.IGNORECASE,
    )


def _entity(raw: str) -> str | None:
    """The character(s) of an entity, or None when it is not one."""
    body = raw[5:] if raw.lower().startswith("&amp;") and len(raw) > 5 else raw[1:]
    if body.startswith("#"):
        try:
            code = int(body[2:].rstrip(";"), 16) if body[1:2] in "xX" else int(body[1:].rstrip(";"))
        except ValueError:
            return None
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code)
    table = html.entities.html5
    if body in table:
        return table[body]
    return None


_ZONE_OF_ACTION: dict[str, ZoneName] = {"caption": "caption", "boilerplate": "boilerplate"}

MAX_COMMENT = 4000
"""A comment longer than this is not taken for one (keeps the work linear)."""


def _closed_later(text: str, name: str, after: int, cache: dict[str, int]) -> bool:
    """Is there a closing tag ``</name ...>`` (in any case, as :func:`_pattern` reads one)
    after ``after``?  (One scan per tag name, not per tag; no lower-cased copy of the text,
    whose offsets could differ from it.)"""
    if name not in cache:
        last = -1
        closing = rf"</{re.escape(name)}(?![\w:-])[^<>]{{0,2000}}>"
        for m in re.finditer(closing, text, re.IGNORECASE | re.ASCII):
            last = m.start()
        cache[name] = last
    return cache[name] >= after


def strip_html(text: str) -> Stripped:
    """Decode entities and remove known tags; see the module docstring."""
    if "<" not in text and "&" not in text:
        return Stripped(text, OffsetMap(original_length=len(text)), ())
    actions = tag_actions()
    builder = OffsetMapBuilder(text)
    zones: list[tuple[int, int, ZoneName]] = []
    open_zone: tuple[str, ZoneName, int, int] | None = None  # (tag, zone, start in output, depth)
    dropping: str | None = None
    last_close: dict[str, int] = {}
    out_len = 0
    pos = 0

    def emit(start: int, end: int, replacement: str) -> None:
        nonlocal pos, out_len
        builder.copy(pos, start)
        out_len += start - pos
        builder.replace(start, end, replacement)
        out_len += len(replacement)
        pos = end

    pattern = _pattern()
    at = 0
    while (m := pattern.search(text, at)) is not None:
        at = m.end()
        if dropping is not None:
            if m.group("tag") and m.group("name").lower() == dropping and m.group().startswith("</"):
                emit(pos, m.end(), "")  # the element and its content
                dropping = None
            continue
        if m.group("comment"):
            close = text.find("-->", m.end(), m.end() + MAX_COMMENT)
            if close >= 0:
                emit(m.start(), close + 3, "")
                at = close + 3
            continue
        if m.group("entity"):
            char = _entity(m.group())
            if char is not None:
                emit(m.start(), m.end(), char)
            elif m.group().lower().startswith("&amp;"):
                emit(m.start(), m.start() + 5, "&")
            continue
        name = m.group("name").lower()
        closing = m.group().startswith("</")
        action = actions[name]
        if action == "drop" and not closing and _closed_later(text, name, m.end(), last_close):
            emit(m.start(), m.end(), "")
            dropping = name
            continue
        emit(m.start(), m.end(), "" if action == "inline" else "\n")
        zone: ZoneName | None = _ZONE_OF_ACTION.get(action)
        if zone is None and not closing and _CAPTION_ATTR.search(m.group("attrs")):
            zone = "caption"
        if open_zone is None and zone is not None and not closing:
            open_zone = (name, zone, out_len, 1)
        elif open_zone is not None and name == open_zone[0]:
            tag, z, start, depth = open_zone
            depth += -1 if closing else 1
            if depth == 0:
                zones.append((start, out_len - 1, z))
                open_zone = None
            else:
                open_zone = (tag, z, start, depth)
    if dropping is not None:
        emit(pos, len(text), "")
    builder.copy(pos, len(text))
    offsets = builder.finish(len(text))
    out = text if offsets.is_identity else builder.text()
    return Stripped(out, offsets, tuple((s, e, z) for s, e, z in zones if e > s))
