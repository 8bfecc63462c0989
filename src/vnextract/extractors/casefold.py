"""Looking for words in lower-cased text instead of searching case-insensitively.

A case-sensitive literal search in ``text.lower()`` is several times faster than an
IGNORECASE alternation over ``text``; it finds the same places only where ``str.lower``
and the ``regex`` module's case folding agree and lower-casing keeps every offset.

>>> lowered("Năm 2024"), lowered("ſáng") is None
('năm 2024', True)
"""

from __future__ import annotations


def lowered(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive search in it finds exactly what an IGNORECASE
    search of Vietnamese anchor words finds in ``text`` (same offsets), else None.

    ``str.lower`` and ``regex``'s case folding agree on every letter of the date and
    number vocabularies except "ſ" (folded to "s" by ``regex`` only) and "İ" (lower-cased
    to two characters); ``tests/test_casefold.py`` checks this against the vocabularies.
    """
    low = text.lower()
    return low if len(low) == len(text) and "ſ" not in text else None
