"""Locations: countries and Vietnamese provinces, cities, districts and communes.

Two kinds of mention are found:

- a unit named after its administrative word ("tỉnh Hưng Yên", "huyện Lấp Vò",
  "xã Hải Ninh", "TP.HCM"); the word gives the level;
- a province, centrally-run city or country named alone ("Hưng Yên", "Đà Nẵng",
  "Nhật Bản"), found in the gazetteer.

The gazetteer is built lazily, once per process, from ``data/provinces_2025.tsv`` (the 63
provinces before 1 July 2025 and the unit each belongs to now), ``data/countries.tsv``, and
the district and commune names in the administrative-unit data that ships inside the
underthesea wheel (``underthesea/address/data/mapping.json``).  Units merged on 1 July 2025
get ``current``, the province they belong to now.

>>> from vnextract.context import Context
>>> text = "Đoàn công tác đến tỉnh Hà Nam và huyện Lấp Vò, sau đó sang Nhật Bản."
>>> [(r.name, r.level, r.current) for r in find_locations(Context(text=text, published=None))]
[('Hà Nam', 'province', 'Ninh Bình'), ('Lấp Vò', 'district', None), ('Nhật Bản', 'country', None)]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import regex

from ..context import Context
from ..normalize.tone import place_tones
from ..schema import Location, LocationLevel

__all__ = ["find_locations", "Place", "gazetteer", "place_at", "PROVINCE_CITIES"]

PROVINCE_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
"""Centrally-run cities (level ``city``); the other provinces are level ``province``."""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    level: LocationLevel
    current: str | None = None


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Lookup key: new tone style, case-folded, single spaces."""
    return " ".join(place_tones(text, "new").casefold().split())


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("vnextract.data").joinpath(name).read_text("utf-8")
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


_UNIT_WORD = regex.compile(r"^(?:Thành phố|Quận|Huyện|Thị xã|Phường|Xã|Thị trấn)\s+")


def _underthesea_units() -> list[tuple[str, LocationLevel]]:
    """District and commune names from the underthesea wheel (empty if it is missing)."""
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        return []
    path = Path(spec.origin).parent / "address" / "data" / "mapping.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text("utf-8"))
    out: list[tuple[str, LocationLevel]] = []
    for rec in data.get("ward_mapping", []):
        for field, level in (("old_district", "district"), ("old_ward", "commune"),
                             ("new_ward", "commune")):
            value = rec.get(field) or ""
            short = _UNIT_WORD.sub("", value).strip()
            if short and not short.isdigit():
                out.append((short, level))  # type: ignore[arg-type]
    return out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Lookup key -> Place; provinces and countries win over districts and communes.

    >>> gazetteer()[_key("Thái Bình")]
    Place(name='Thái Bình', level='province', current='Hưng Yên')
    """
    table: dict[str, Place] = {}
    for name, level in _underthesea_units():
        key = _key(name)
        if key not in table or (level == "district" and table[key].level == "commune"):
            table[key] = Place(place_tones(name, "new"), level)
    for row in _data_lines("countries.tsv"):
        name = row[0].strip()
        region: LocationLevel = "region" if row[1].strip() == "region" else "country"
        canonical = row[2].strip() if len(row) > 2 and row[2].strip() else name
        table[_key(name)] = Place(canonical, region)
    for row in _data_lines("provinces_2025.tsv"):
        name, current = row[0].strip(), row[2].strip()
        unit: LocationLevel = "city" if name in PROVINCE_CITIES else "province"
        table[_key(name)] = Place(name, unit, None if current == name else current)
    for alias, name in (("HCM", "Hồ Chí Minh"), ("Sài Gòn", "Hồ Chí Minh")):
        table[_key(alias)] = Place(name, "city")
    return table


@lru_cache(maxsize=1)
def _bare_names() -> tuple[regex.Pattern[str], re.Pattern[str]]:
    """Provinces and countries that may be named without an administrative word: the
    pattern, and the plain alternation of the names that finds where it may match (see
    :func:`find_at`)."""
    names = [r[0].strip() for r in _data_lines("provinces_2025.tsv")]
    names += [r[0].strip() for r in _data_lines("countries.tsv")]
    # "Hồ Chí Minh" alone is mostly the person or his thought; names the city only after
    # "thành phố"/"TP" (found by the unit pattern).
    names = [n for n in names if n != "Hồ Chí Minh"]
    from .organisations import _trie  # the same prefix-factored alternation

    alternatives = _trie([[regex.escape(c) for c in n] for n in names])
    pattern = regex.compile(
        rf"""
        \b(?<!\p{{Lu}}\p{{L}}*\s)             # not after a capitalised word (a person's name)
        (?P<name>{alternatives})\b          # a whole name
        (?!\s\p{{Lu}})                       # not followed by a capitalised word either
        """,
        regex.VERBOSE,
    )
    return pattern, re.compile(_trie([[re.escape(c) for c in n] for n in names]))


def find_at(pattern: regex.Pattern[str], starts: re.Pattern[str],
            text: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)``, tried only where ``starts`` matches: ``starts`` must
    match wherever ``pattern`` does (a plain alternation of its first words, which ``re``
    scans for many times faster than ``regex`` scans for the whole pattern).

    >>> [m.group(0) for m in find_at(regex.compile(r"\\bab"), re.compile("ab"), "ab cab ab")]
    ['ab', 'ab']
    """
    pos = 0
    search, match = starts.search, pattern.match
    while (s := search(text, pos)) is not None:
        m = match(text, s.start())
        if m is None:
            pos = s.start() + 1
        else:
            yield m
            pos = max(m.end(), s.start() + 1)  # (no pattern here matches the empty string)


_LEVEL_OF_WORD: dict[str, LocationLevel] = {
    "tỉnh": "province", "thành phố": "city", "tp": "city",
    "huyện": "district", "quận": "district", "thị xã": "district",
    "xã": "commune", "phường": "commune", "thị trấn": "commune",
}

_UNIT = regex.compile(
    r"""
    (?<![\p{L}\p{N}])                                   # word start
    (?P<word>[Tt]ỉnh|[Tt]hành\ phố|T[Pp]|[Hh]uyện|[Qq]uận|[Tt]hị\ xã|[Xx]ã|[Pp]hường|[Tt]hị\ trấn)
    (?:(?<=[Pp])\.\ ?                                    # "TP." or "TP. "
      |\                                                # a space
      |(?<=[Pp])(?=HCM))                                # "TPHCM"
    (?P<name>
        HCM(?![\p{L}\p{N}])                             # "TP.HCM", "TPHCM"
      | \p{Lu}[\p{L}\p{M}]*+                            # a capitalised syllable
        (?:(?:\ |\ -\ |-)\p{Lu}[\p{L}\p{M}]*+){0,4}+    # ... and up to 4 more
      | \d{1,2}(?![\p{L}\p{N}])                         # "quận 1", "phường 12"
    )
    """,
    regex.VERBOSE,
)
# (groups read by number: the regex module looks a group name up only after failing to read
# it as a number, and that failure builds an exception, ~8 times the cost of ``m.group(1)``)
_WORD_GROUP, _NAME_GROUP = _UNIT.groupindex["word"], _UNIT.groupindex["name"]
_UNIT_STARTS = re.compile("[TtHhQqXxPp](?:ỉnh|hành phố|[Pp]|uyện|uận|hị xã|ã|hường|hị trấn)")
"""Where a ``_UNIT`` match may start: its administrative words, loosely (a quick scan)."""


@lru_cache(maxsize=1)
def _longest_entries() -> dict[str, int]:
    """First word of a gazetteer key -> the most words of the keys that start with it (a
    key is made word by word: n words whose first is not in here make no key)."""
    out: dict[str, int] = {}
    for key in gazetteer():
        words = key.split(" ")
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


def longest_place(word: str) -> int:
    """The most words of a gazetteer entry that starts with the one word ``word`` (0 if
    none does): ``place_at`` finds no more words than this after it.

    >>> longest_place("Nhật"), longest_place("Bộ")
    (2, 0)
    """
    return _longest_entries().get(_key(word), 0)


def place_at(words: Sequence[str]) -> tuple[int, Place] | None:
    """Longest gazetteer entry made of the first words of ``words``: (count, place).

    >>> place_at(["Hưng", "Yên", "Nguyễn", "Văn"])
    (2, Place(name='Hưng Yên', level='province', current=None))
    """
    table = gazetteer()
    top = min(len(words), 5)
    first = _key(words[0]) if top else ""
    if first and " " not in first:  # one word: a quick test and bound (no blank words)
        longest = _longest_entries().get(first, 0)
        if not longest:
            return None
        if all(w and not w.isspace() for w in words[1:top]):
            top = min(top, longest)
    for n in range(top, 0, -1):
        place = table.get(_key(" ".join(words[:n])))
        if place is not None:
            return n, place
    return None


def find_locations(ctx: Context) -> list[Location]:
    """Every place mention of ``ctx.text`` (see the module docstring).

    >>> from vnextract.context import Context
    >>> [r.text for r in find_locations(Context(text="Ông ở TP.HCM và quận 1.", published=None))]
    ['TP.HCM', 'quận 1']
    """
    text = ctx.text
    barriers = _person_spans(ctx)
    out: list[Location] = []
    taken_starts: list[int] = []  # spans of unit mentions: sorted, never overlapping
    taken_ends: list[int] = []
    for m in find_at(_UNIT, _UNIT_STARTS, text):
        level = _LEVEL_OF_WORD[m.group(_WORD_GROUP).casefold()]
        raw = m.group(_NAME_GROUP)
        name_start = m.start(_NAME_GROUP)
        words = raw.split(" ")  # (a ``_UNIT`` name has single spaces only, none at its ends)
        found = place_at(words)
        if found is not None:
            count, place = found
            name = place.name
            # a unit word of a higher level than the gazetteer's entry names that level
            current = place.current if level in ("province", "city") else None
        elif raw[0].isdigit() or raw == "HCM":
            count, name, current = 1, raw, None
        elif _common_word(text, name_start, words):
            continue  # "thành phố Đại học": a capitalised common word, not a name
        else:
            count, name, current = min(len(words), 3), " ".join(words[: min(len(words), 3)]), None
        name_end = name_start + len(" ".join(words[:count]))
        if raw == "HCM":
            name = "Hồ Chí Minh"
        end = name_end
        start = m.start()
        if _overlaps(barriers, start, end):
            continue
        out.append(Location(
            text=text[start:end], start=start, end=end, rule=f"locations.unit.{level}",
            name=name, level=level, current=current))
        taken_starts.append(start)
        taken_ends.append(end)
    bare, bare_starts = _bare_names()
    bare_name = bare.groupindex["name"]
    for m in find_at(bare, bare_starts, text):
        start, end = m.span(bare_name)
        i = bisect_left(taken_starts, end) - 1  # the last unit mention starting before end
        if i >= 0 and taken_ends[i] > start or _overlaps(barriers, start, end):
            continue
        surface = m.group(bare_name)
        if len(surface.split()) == 1 and _sentence_start(text, start):
            continue  # "Anh", "Ý", "Áo" open sentences as pronouns or words
        place = gazetteer()[_key(surface)]
        out.append(Location(
            text=surface, start=start, end=end, rule="locations.bare", name=place.name,
            level=place.level, current=place.current))
    out.sort(key=lambda r: (r.start, r.end))
    return out


_NEXT_WORD = regex.compile(r"\ ([\p{Ll}\p{M}]+)")


def _common_word(text: str, start: int, words: list[str]) -> bool:
    """Is the one capitalised word at ``start`` the first syllable of a common word?"""
    if len(words) != 1:
        return False
    from .organisations import grammar  # the dictionary it loads

    nxt = _NEXT_WORD.match(text, start + len(words[0]))
    return nxt is not None and _key(f"{words[0]} {nxt.group(1)}") in grammar().dictionary


def _sentence_start(text: str, start: int) -> bool:
    i = start
    while i and text[i - 1] == " ":  # (not text[:start].rstrip(): quadratic on long texts)
        i -= 1
    return not i or text[i - 1] in ".!?\n:\"'("


def _person_spans(ctx: Context) -> tuple[list[int], list[int]]:
    """Officials' name mentions (a place name inside a person's name is not a place), merged
    into sorted, disjoint spans: their starts and their ends."""
    spans = sorted(
        (mention.start, mention.end)
        for rec in ctx.found_of("officials")
        for mention in getattr(rec, "mentions", []) or []
    )
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if ends and s < ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _overlaps(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap one of the disjoint sorted ``spans``?"""
    starts, ends = spans
    i = bisect_left(starts, end) - 1  # the last span starting before end
    return i >= 0 and ends[i] > start
