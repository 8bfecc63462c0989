"""The look-alike character table of ``data/characters.tsv``.

>>> table()["\\u00d0"]
'Đ'
>>> table()["\\u200b"]
''
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import regex


def _unescape(value: str) -> str:
    return value.replace("\\s", " ").replace("\\n", "\n")


@lru_cache(maxsize=None)
def table() -> dict[str, str]:
    """Character -> replacement ("" deletes it)."""
    text = resources.files("vnextract.data").joinpath("characters.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, replacement, _name = (line.split("\t") + ["", ""])[:3]
        out[chr(int(code.strip()[2:], 16))] = _unescape(replacement)
    return out


def class_body(pattern: regex.Pattern[str], *spans: range) -> str:
    """The characters of ``spans`` that ``pattern`` (one character, e.g. ``\\p{M}``)
    matches, as the body of a standard-library character class.

    >>> class_body(regex.compile(r"[a-cx]"), range(0x80))
    'a-cx'
    """
    ranges: list[list[int]] = []
    for span in spans:
        for c in span:
            if pattern.match(chr(c)):
                if ranges and ranges[-1][1] == c - 1:
                    ranges[-1][1] = c  # consecutive code points as one range
                else:
                    ranges.append([c, c])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


BMP = range(0x10000)
"""The Basic Multilingual Plane."""


def quick_class(pattern: regex.Pattern[str]) -> re.Pattern[str]:
    """A standard-library character class holding every character of the BMP that
    ``pattern`` (one character) matches, and every character beyond the BMP: a
    superset of ``pattern`` that scans several times faster, to skip a text with
    nothing for ``pattern`` to find.

    >>> q = quick_class(regex.compile(r"\\p{Script=Greek}"))
    >>> bool(q.search("Hà Nội")), bool(q.search("α")), bool(q.search("\\U0001d200"))
    (False, True, True)
    """
    return re.compile(f"[{class_body(pattern, BMP)}\\U00010000-\\U0010ffff]")
