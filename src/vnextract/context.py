"""What every extractor receives: the normalised text and what ran before it.

An extractor is a plain function ``(ctx: Context) -> list[Span]``, registered by
name in :data:`vnextract.pipeline.EXTRACTORS`.  It works on ``ctx.text`` (the
*normalised* text) and returns records whose ``start``/``end``/``text`` (and those
of nested spans: titles, mentions) refer to ``ctx.text``; the pipeline maps them
back to the caller's original string afterwards.  Extractors that need the output
of an earlier one (directives need dates, money must skip dates) read it from
``ctx.found``.

>>> ctx = Context(text="Ngày 14/6", published=None)
>>> ctx.found_of("dates")
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .schema import Span


@dataclass
class Context:
    """Input of an extractor: normalised text, publication date, earlier results."""

    text: str
    published: dt.date | None
    found: dict[str, list[Span]] = field(default_factory=dict)

    def found_of(self, name: str) -> list[Span]:
        """Records of an extractor that ran earlier, or ``[]`` if it did not run."""
        return self.found.get(name, [])

    def taken(self, *names: str) -> list[tuple[int, int]]:
        """Sorted ``(start, end)`` spans of the records of the named extractors."""
        return sorted((r.start, r.end) for n in names for r in self.found_of(n))
