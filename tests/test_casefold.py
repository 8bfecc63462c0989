"""Dates and number words are looked for in ``text.lower()`` (``extractors/casefold.py``).

For every letter of their vocabularies, the characters ``regex`` matches without case
must be exactly those ``str.lower`` turns into that letter (one character), apart from
the ones :func:`lowered` refuses; and lower-casing must keep every character in or out
of ``\\w`` and of ``[\\p{L}\\p{N}_]``, which the patterns use for word boundaries.
"""

from __future__ import annotations

from functools import cache

import pytest
import regex

from vnextract.extractors import dates, numbers
from vnextract.extractors.casefold import lowered


@cache
def _chars() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


@cache
def _by_lower() -> dict[str, set[str]]:
    """A character -> those lower-cased to it (itself too)."""
    out: dict[str, set[str]] = {}
    for c in _chars():
        low = c.lower()
        if low != c and len(low) == 1:
            out.setdefault(low, {low}).add(c)
    return out


def _date_words() -> list[str]:
    v = dates.vocabulary()
    words = [*v["relative"], *v["can"], *v["chi"], *v["number_words"], *v["half_year_words"]]
    return [str(w) for w in words] + ["tháng", "năm", "ngày"]


def _number_words() -> list[str]:
    v = numbers.vocabulary()
    words = [*v["first"], *v["half"], *v["digits"], *v["tens"], *v["ten"], *v["hundred"]]
    return [str(w) for w in [*words, *v["filler"], *v["scales"]]]


@pytest.mark.parametrize("word_class", [r"\w", r"[\p{L}\p{N}_]"])
def test_lowering_keeps_word_characters(word_class: str) -> None:
    word = set(regex.findall(word_class, _chars()))
    for low, sources in _by_lower().items():
        for c in sources:
            assert (c in word) == (low in word), c


@pytest.mark.parametrize("vocabulary", [_date_words, _number_words], ids=["dates", "numbers"])
def test_lowered_search_matches_ignorecase(vocabulary: object) -> None:
    words = vocabulary()  # type: ignore[operator]
    assert words
    for letter in sorted({c for w in words for c in w.lower() if not c.isspace()}):
        found = set(regex.compile(regex.escape(letter), regex.IGNORECASE).findall(_chars()))
        expected = _by_lower().get(letter, {letter})
        assert {c for c in found if lowered(c) is not None} == {
            c for c in expected if lowered(c) is not None
        }, letter
        assert found >= expected, letter
