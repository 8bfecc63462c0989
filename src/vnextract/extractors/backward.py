"""Patterns searched backwards from where a match starts ("the words right before a date").

A pattern that ends at ``\\Z``, searched in a window that ends where a date or number
starts, is compiled with ``REVERSE``: it is matched backwards from the window's end in one
try, where a forward search tries every start of the window.  ``POSIX`` makes it
leftmost-longest: going backwards, the longest match is the one that starts first, which
is the match a forward search finds.

>>> before = backward(r"(?:ngày|hôm)\\s+\\Z")
>>> before.search("Vào ngày ", 0, 9).group()
'ngày '
>>> forward(before).search("Vào ngày ", 0, 9).span() == before.search("Vào ngày ", 0, 9).span()
True
"""

from __future__ import annotations

import regex


def backward(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``pattern`` (ending at ``\\Z``) compiled to be searched backwards; ``flags`` are
    added to ``REVERSE | POSIX``."""
    return regex.compile(pattern, flags | regex.REVERSE | regex.POSIX)


def forward(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """The pattern :func:`backward` compiled, searched forwards again: what it must find
    (the tests compare the two)."""
    return regex.compile(pattern.pattern, pattern.flags & ~(regex.REVERSE | regex.POSIX))
