"""Cyrillic and Greek look-alike letters inside Latin (Vietnamese) words.

Text pasted from other sources or typed with the wrong keyboard layout carries an
``А`` (Cyrillic) for an ``A``, an ``ο`` (Greek) for an ``o``.  Inside a word that is
mostly Latin, each is replaced by its Latin letter (``data/lookalikes.tsv``); a word
that holds any other Cyrillic or Greek letter is real Cyrillic/Greek and is left as
it is.  The replacement keeps the length, so offsets are unaffected.

>>> fix_lookalikes("\\u041dà Nội, \\u0421hỉ thị, Tư ph\\u0430p")
'Hà Nội, Chỉ thị, Tư phap'
>>> fix_lookalikes("Москва, Αθήνα, \\u0410, ΟΗΕ")   # real Cyrillic and Greek words stay
'Москва, Αθήνα, А, ΟΗΕ'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import regex

from .characters import quick_class
from .marks import INVISIBLE


@lru_cache(maxsize=None)
def lookalike_table() -> dict[str, str]:
    """Cyrillic/Greek letter -> the Latin letter it looks like."""
    text = resources.files("vnextract.data").joinpath("lookalikes.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, latin, _name = line.split("\t")
            out[chr(int(code[2:], 16))] = latin
    return out


_ANY = regex.compile(r"[\p{Script=Cyrillic}\p{Script=Greek}]")
# a word (long runs are split: bounded work); it runs on across characters the
# normaliser deletes (soft hyphen, zero-width ones)
_WORD = regex.compile(rf"[\p{{L}}\p{{M}}{INVISIBLE}]{{1,64}}+")
_LATIN = regex.compile(r"\p{Script=Latin}")


@lru_cache(maxsize=None)
def _maybe_any() -> re.Pattern[str]:
    """A superset of ``_ANY`` that the standard library scans faster."""
    return quick_class(_ANY)


def fix_lookalikes(text: str) -> str:
    """Replace look-alike letters inside mostly-Latin words (same length)."""
    if _maybe_any().search(text) is None or _ANY.search(text) is None:
        return text
    table = lookalike_table()
    return _WORD.sub(lambda m: _fix_word(m.group(), table), text)


def _fix_word(word: str, table: dict[str, str]) -> str:
    foreign = _ANY.findall(word)
    if not foreign or any(c not in table for c in foreign):
        return word
    latin = len(_LATIN.findall(word))
    if latin == 0 or latin < len(foreign):
        return word
    return "".join(table.get(c, c) for c in word)
