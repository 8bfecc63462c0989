"""Shared name data for the recognisers: the Vietnamese family names of ``data/surnames.txt``.

``data/surnames.txt`` is a plain reviewable list (one family name a line, ``#`` comments);
this module is its one loader, so that every recogniser reads the same list.

>>> "nguyễn" in surnames()
True
>>> "ksor" in surnames()
True
>>> "hà nội" in surnames()
False
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["surnames"]


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Every family name of ``data/surnames.txt``, NFC and case-folded (``"nguyễn"``).

    Loaded once; the set is shared, immutable.

    >>> len(surnames()) > 100
    True
    """
    text = resources.files("vnextract.data").joinpath("surnames.txt").read_text(encoding="utf-8")
    return frozenset(
        unicodedata.normalize("NFC", line.strip()).casefold()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
