"""Looking for words in lower-cased text instead of searching case-insensitively.

A case-sensitive literal search in ``text.lower()`` is several times faster than an
IGNORECASE alternation over ``text``; it finds the same places only where ``str.lower``
and the ``regex`` module's case folding agree and lower-casing keeps every offset.
Many such words at once are looked for with one ``re`` alternation (:func:`literals`).

>>> lowered("Năm 2024"), lowered("ſáng") is None
('năm 2024', True)
"""

from __future__ import annotations

import re

_last: tuple[str, str | None] = ("", "")  # the text :func:`lowered` was last asked about, and its answer


def lowered(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive search in it finds exactly what an IGNORECASE
    search of Vietnamese anchor words finds in ``text`` (same offsets), else None.

    ``str.lower`` and ``regex``'s case folding agree on every letter of the date and
    number vocabularies except "ſ" (folded to "s" by ``regex`` only) and "İ" (lower-cased
    to two characters); ``tests/test_casefold.py`` checks this against the vocabularies.

    The last answer is kept for the same text object: the extractors of one document
    (dates, then money's numbers) ask about the same ``ctx.text``, lowered once.
    """
    global _last
    last_text, last_low = _last
    if text is last_text:
        return last_low
    low = text.lower()
    answer = low if len(low) == len(text) and "ſ" not in text else None
    _last = (text, answer)
    return answer


def literals(words: dict[str, str]) -> str:
    """A ``re`` alternation of the literal ``words`` (letters only), each followed by its
    pattern (a look-ahead, or ""), for a fast scan of lower-cased text: longest word first
    and grouped by first letter, so that at each place ``re`` (which skips fast to a place
    whose letter starts one of them) tries one group, not every word.

    >>> literals({"ba": "", "bảy": r"(?=\\s)", "hai": ""})
    'b(?:ảy(?=\\\\s)|a)|h(?:ai)'
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]) + words[word])
    return "|".join(re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in groups.items())
