"""Normalise Vietnamese text and keep a map back to the original offsets.

First, HTML residue goes (entities, known tags: :mod:`.html`); text in a legacy encoding (TCVN3, VNI, VISCII, VIQR, UTF-8 read as
Windows-1252) is converted to Unicode (``fix_encoding``, :mod:`.encodings`);
Cyrillic/Greek look-alikes inside Latin words become Latin (:mod:`.lookalikes`)
and misplaced or doubled tone marks move onto their vowel (:mod:`.marks`).
Then, in one pass over the text: compose combining marks (NFC, also from NFD
input), replace look-alike and typographic characters (``data/characters.tsv``:
``Ð`` -> ``Đ``, no-break and zero-width spaces, curly quotes, dashes), collapse
runs of horizontal white space to one space and CR LF to one line break; then
place tone marks in one style (``data/tone_clusters.tsv``), which keeps the length.

>>> n = normalize("Uỷ  ban nhân dân tỉnh Hoà Bình")
>>> n.text
'Ủy ban nhân dân tỉnh Hòa Bình'
>>> n.original_span(0, 6)   # "Ủy ban" in the normalised text
(0, 7)
>>> nfd = "Ho\\u0300a Bi\\u0300nh"
>>> n = normalize(nfd)
>>> n.text, n.original_span(0, 3)
('Hòa Bình', (0, 4))
>>> n = normalize("Uyû ban nha\u00f8n da\u00e2n")       # VNI, mapped back through both steps
>>> n.text, n.encoding, n.original_span(0, 2)
('Ủy ban nhàn dân', 'vni', (0, 3))
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import regex

from ..errors import not_text
from .characters import BMP, class_body, table
from .encodings import Encoding, FixEncoding
from .encodings import fix_encoding as _fix_encoding
from .html import strip_html
from .layout import ZoneName, find_zones
from .lookalikes import fix_lookalikes
from .marks import fix_marks
from .offsets import OffsetMap, OffsetMapBuilder
from .tone import ToneStyle, place_tones

__all__ = [
    "Encoding",
    "FixEncoding",
    "Normalized",
    "OffsetMap",
    "ToneStyle",
    "normalize",
    "written_name",
]


@dataclass(frozen=True)
class Normalized:
    """A normalised text, the original it came from, and the maps between them.

    ``maps`` holds one :class:`OffsetMap` per step that changed lengths, first step
    first; a span is mapped back through them in reverse order.
    """

    text: str
    original: str
    maps: tuple[OffsetMap, ...]
    encoding: Encoding | None = None
    """The legacy encoding the original was found (or said) to be in, if any."""
    zones: tuple[tuple[int, int, ZoneName], ...] = ()
    """``(start, end, zone)`` in the ORIGINAL text of captions, boilerplate and headers."""

    def zone_at(self, start: int) -> ZoneName | None:
        """The zone an original offset lies in, or None (body)."""
        for s, e, zone in self.zones:
            if s <= start < e:
                return zone
        return None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        for m in reversed(self.maps):
            start, end = m.span(start, end)
        return start, end


class _Patterns(NamedTuple):
    """The patterns of :func:`_clean`, over the character table."""

    trigger: re.Pattern[str]
    """A character that any match of ``plain`` needs (besides two spaces in a row)."""
    plain: re.Pattern[str]
    """Replacements and space runs, for text in NFC."""
    marks_bmp: re.Pattern[str]
    """``plain`` plus combining-mark clusters and NFC singletons, for text without a
    character beyond the BMP (spelled out for the standard library, which scans it
    many times faster than ``regex`` scans ``marks``)."""
    marks: regex.Pattern[str]
    """The same for any text."""


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    chars = table()
    spaces = "".join(regex.escape(c) for c, r in chars.items() if r == " ")
    others = "".join(regex.escape(c) for c, r in chars.items() if r != " ")
    deleted = "".join(regex.escape(c) for c, r in chars.items() if r == "")
    controls = r"\x00-\x08\x0e-\x1f\x7f"
    core = (
        # runs of spaces (with invisible characters inside or at the end) -> " "; a lone
        # plain space is left alone, so ordinary text yields few matches
        rf"(?P<space> [ {spaces}{controls}{deleted}]+"
        rf"|[{spaces}{controls}][ {spaces}{controls}{deleted}]*)"
        r"|(?P<crlf>\r\n)"  # CR LF -> "\n"
        rf"|(?P<char>[{others}])"  # table replacement
    )
    singletons = _nfc_singletons()
    bmp_singletons = "".join(regex.escape(c) for c in singletons if ord(c) < 0x10000)
    bmp_marks = class_body(regex.compile(r"\p{M}"), BMP)
    return _Patterns(
        re.compile(rf"[\r{spaces}{controls}{deleted}{others}]"),
        re.compile(core),
        re.compile(rf"(?P<mark>[^{bmp_marks}]?[{bmp_marks}]+|[{bmp_singletons}])|{core}"),
        regex.compile(
            rf"(?P<mark>\P{{M}}?\p{{M}}+|[{''.join(map(regex.escape, singletons))}])|{core}"
        ),
    )


_BMP = re.compile(r"[\x00-\uffff]*")
"""Text without a character beyond the Basic Multilingual Plane (``fullmatch``)."""


def _nfc_singletons() -> list[str]:
    """Characters other than combining marks that NFC replaces (e.g. U+212B ANGSTROM SIGN)."""
    ranges = (range(0x80, 0x10000), range(0x2F800, 0x2FA20))
    return [
        chr(c)
        for r in ranges
        for c in r
        if unicodedata.category(chr(c)) not in ("Mn", "Mc", "Me", "Cs")
        and unicodedata.normalize("NFC", chr(c)) != chr(c)
    ]


def normalize(
    text: str, *, tone: ToneStyle = "new", fix_encoding: FixEncoding = "auto"
) -> Normalized:
    """Normalise ``text``; see the module docstring for the steps.

    ``fix_encoding``: ``"auto"`` (detect), ``"off"``, or the encoding the text is in
    (``"tcvn3"``, ``"vni"``, ``"viscii"``, ``"viqr"``, ``"mojibake"``).
    """
    if not isinstance(text, str):
        raise not_text(text)
    stripped = strip_html(text)
    fixed = _fix_encoding(stripped.text, fix_encoding)
    marked, marks_map = fix_marks(fix_lookalikes(fixed.text))
    out, offsets = _clean(marked)
    maps: tuple[OffsetMap, ...] = (stripped.offsets, fixed.offsets, marks_map, offsets)
    if not unicodedata.is_normalized("NFC", out):
        # deleting a character can bring a base letter and a mark together
        # ("A\u200b\u0300"): one more pass composes them
        out, second = _clean(out)
        maps = (*maps, second)
    maps = tuple(m for m in maps if not m.is_identity)
    result = Normalized(place_tones(out, tone), text, maps, fixed.encoding)
    zones: list[tuple[int, int, ZoneName]] = []
    for s, e, z in stripped.zones:
        zones.append((*stripped.offsets.span(s, e), z))
    for s, e, z in find_zones(result.text):
        zones.append((*result.original_span(s, e), z))
    if zones:
        result = replace(result, zones=tuple(sorted(zones)))
    return result


def written_name(text: str, tone: ToneStyle = "new") -> str:
    """A name as written in the original: NFC, one tone style, look-alike letters
    repaired (``Ð`` -> ``Đ``), invisible characters dropped and white space collapsed,
    but typographic dashes and quotes kept.

    >>> written_name("Bộ Bưu chính –\\u00a0Viễn\\nthông, Uỷ ban")
    'Bộ Bưu chính – Viễn thông, Ủy ban'
    """
    text = unicodedata.normalize("NFC", text).translate(_written_table())
    return place_tones(" ".join(text.split()), tone)


_PUNCTUATION_KEPT = frozenset({"-", '"', "'", "..."})
"""Replacements :func:`written_name` does not make: typographic dashes and quotes stay."""


@lru_cache(maxsize=None)
def _written_table() -> dict[int, str]:
    """The character table without the replacements of :data:`_PUNCTUATION_KEPT`."""
    return {ord(c): r for c, r in table().items() if r not in _PUNCTUATION_KEPT}


def _clean(text: str) -> tuple[str, OffsetMap]:
    """One pass: compose marks, replace characters, collapse white space."""
    patterns = _patterns()
    pattern: re.Pattern[str] | regex.Pattern[str]
    if unicodedata.is_normalized("NFC", text):
        if "  " not in text and patterns.trigger.search(text) is None:
            return text, OffsetMap(original_length=len(text))  # nothing to do
        pattern = patterns.plain
    elif _BMP.fullmatch(text):
        pattern = patterns.marks_bmp
    else:
        pattern = patterns.marks
    chars = table()
    builder = OffsetMapBuilder(text)
    pos = 0
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "mark":
            composed = unicodedata.normalize("NFC", m.group())
            replacement = "".join(chars.get(c, c) for c in composed)
            if replacement == m.group():
                continue
        elif kind == "space":
            replacement = " "
        elif kind == "crlf":
            replacement = "\n"
        else:
            replacement = chars[m.group()]
        builder.copy(pos, m.start())
        builder.replace(m.start(), m.end(), replacement)
        pos = m.end()
    builder.copy(pos, len(text))
    offsets = builder.finish(len(text))
    return (text if offsets.is_identity else builder.text()), offsets

