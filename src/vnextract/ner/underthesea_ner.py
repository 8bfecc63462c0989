"""underthesea's NER as an optional extra source of organisation candidates.

underthesea's ``ner()`` (a CRF over word segments) is slow (a few thousand characters a
second) and labels bodies inconsistently ("UBND tỉnh Hưng Yên" as a location), so the
default pipeline does not use it.  The extractor ``organisations_underthesea`` runs the
grammar of :mod:`vnextract.ner.organisations` and adds the ORG spans underthesea finds that
the grammar missed; ``benchmarks/bench_ner.py`` and the report measure what that buys.

underthesea is imported only when this module is used, and its models load on first call.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex

from ..context import Context
from ..schema import Organisation
from .organisations import find_organisations

__all__ = ["entity_spans", "find_organisations_underthesea"]

def _locate(text: str, token: str, cursor: int) -> tuple[int, int] | None:
    """Offsets of ``token`` (syllables joined by single spaces) at or after ``cursor``."""
    i = text.find(token, cursor)
    if i >= 0:
        return i, i + len(token)
    parts = token.split()
    if not parts:
        return None
    m = _pattern(tuple(parts)).search(text, cursor)  # a line break between syllables
    return (m.start(), m.end()) if m is not None else None


@lru_cache(maxsize=1024)
def _pattern(parts: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(r"\s+".join(regex.escape(p) for p in parts))


def entity_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of underthesea's entities (PER, LOC, ORG, MISC) in ``text``.

    Sentences come from underthesea's ``sent_tokenize``; tokens are mapped back to
    offsets by searching them in order, so the spans point into ``text``.
    """
    from underthesea import ner, sent_tokenize

    out: list[tuple[int, int, str]] = []
    cursor = 0
    for sentence in sent_tokenize(text):
        rows: list[Any] = ner(sentence)
        current: list[int] | None = None
        label = ""
        for row in rows:
            token, tag = row[0], row[-1]
            span = _locate(text, token, cursor)
            if span is None:
                continue
            cursor = span[1]
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                if current is not None:
                    out.append((current[0], current[1], label))
                current, label = [span[0], span[1]], tag[2:]
            elif tag.startswith("I-") and current is not None and tag[2:] == label:
                current[1] = span[1]
            else:
                if current is not None:
                    out.append((current[0], current[1], label))
                current = None
        if current is not None:
            out.append((current[0], current[1], label))
    return out


def find_organisations_underthesea(ctx: Context) -> list[Organisation]:
    """The grammar's organisations plus underthesea's ORG spans that none of them overlaps."""
    found = find_organisations(ctx)
    taken = [(o.start, o.end) for o in found]
    for start, end, label in entity_spans(ctx.text):
        if label != "ORG" or any(s < end and start < e for s, e in taken):
            continue
        surface = ctx.text[start:end]
        found.append(Organisation(text=surface, start=start, end=end,
                                  rule="organisations.underthesea",
                                  name=" ".join(surface.split())))
    found.sort(key=lambda o: (o.start, o.end))
    return found
