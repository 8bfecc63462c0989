"""Map offsets in a normalised text back to the caller's original text.

The normaliser builds the normalised text from pieces: stretches copied as they are
and replacements (a character replaced, a run collapsed, a mark composed, a
character deleted).  :class:`OffsetMap` keeps one segment per replacement; positions
between replacements shift by a constant.  A span ``[s, e)`` of the normalised text
maps to the smallest original span that produced it.

>>> b = OffsetMapBuilder("ab  cd")
>>> b.copy(0, 2); b.replace(2, 4, " "); b.copy(4, 6)
>>> m = b.finish(6)
>>> m.span(0, 5)   # "ab cd" from "ab  cd"
(0, 6)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class OffsetMap:
    """Replacement segments: ``norm_start[i]`` came from ``orig[orig_start[i]:orig_end[i]]``.

    ``norm_len[i]`` is the length of the replacement in the normalised text.  An
    empty map (no replacements) is the identity.
    """

    norm_start: tuple[int, ...] = ()
    norm_len: tuple[int, ...] = ()
    orig_start: tuple[int, ...] = ()
    orig_end: tuple[int, ...] = ()
    original_length: int = 0

    @property
    def is_identity(self) -> bool:
        """True when the normalised text equals the original."""
        return not self.norm_start

    def _locate(self, pos: int) -> tuple[int, int]:
        """Original start and end of the normalised character at ``pos``."""
        i = bisect_right(self.norm_start, pos) - 1
        if i >= 0 and pos < self.norm_start[i] + self.norm_len[i]:
            return self.orig_start[i], self.orig_end[i]
        if i < 0:
            return pos, pos + 1
        # after replacement i: shift by its change in length
        orig = self.orig_end[i] + (pos - self.norm_start[i] - self.norm_len[i])
        return orig, orig + 1

    def start(self, pos: int) -> int:
        """Original offset of a start position in the normalised text."""
        if self.is_identity:
            return pos
        if pos >= self._norm_length():
            return self.original_length
        return self._locate(pos)[0]

    def end(self, pos: int) -> int:
        """Original offset of an (exclusive) end position in the normalised text."""
        if self.is_identity or pos <= 0:
            return pos
        return self._locate(pos - 1)[1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if end <= start:
            s = self.start(start)
            return s, s
        return self.start(start), self.end(end)

    def _norm_length(self) -> int:
        last = len(self.norm_start) - 1
        return (
            self.norm_start[last]
            + self.norm_len[last]
            + (self.original_length - self.orig_end[last])
        )


class OffsetMapBuilder:
    """Collects the pieces of a normalised text in order and builds its :class:`OffsetMap`."""

    def __init__(self, source: str) -> None:
        self.pieces: list[str] = []
        self._norm_pos = 0
        self._segments: list[tuple[int, int, int, int]] = []
        self._source = source

    def copy(self, start: int, end: int) -> None:
        """Copy ``source[start:end]`` unchanged."""
        if end > start:
            self.pieces.append(self._source[start:end])
            self._norm_pos += end - start

    def replace(self, start: int, end: int, replacement: str) -> None:
        """Replace ``source[start:end]`` by ``replacement`` (possibly empty)."""
        self.pieces.append(replacement)
        self._segments.append((self._norm_pos, len(replacement), start, end))
        self._norm_pos += len(replacement)

    def finish(self, original_length: int) -> OffsetMap:
        """The map; call once all of the source has been copied or replaced."""
        if not self._segments:
            return OffsetMap(original_length=original_length)
        ns, nl, os_, oe = zip(*self._segments)
        return OffsetMap(ns, nl, os_, oe, original_length)

    def text(self) -> str:
        """The normalised text built so far."""
        return "".join(self.pieces)
