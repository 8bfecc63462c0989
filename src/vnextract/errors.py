"""Error codes and messages; each says what was wrong and what to do.

A code (``E001`` ...) makes a message easy to search for.  :class:`ErrorRecord` is
what batch processing emits in place of a document that could not be processed,
so that every input yields either a document or an error record.

>>> ErrorRecord(source="a.jsonl", line=3, error="E202: ...").model_dump()
{'source': 'a.jsonl', 'line': 3, 'id': None, 'error': 'E202: ...'}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class VnextractError(ValueError):
    """Base class of vnextract's own errors."""


class ErrorRecord(BaseModel):
    """One input that yielded no document, and why."""

    model_config = ConfigDict(extra="forbid")

    source: str
    line: int | None = None
    id: str | None = None
    error: str


def not_text(value: object) -> TypeError:
    """E001: a non-str was passed where text is expected."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return TypeError(
        f"E001: vnextract expects the text as str, got {type(value).__name__} ({shown}); "
        "decode bytes first (data.decode('utf-8')) or pass the text field of your record"
    )


def bad_published(value: object) -> ValueError:
    """E002: a publication date that is not a date."""
    return VnextractError(
        f"E002: published={value!r} is not a date; pass a datetime.date or an ISO string "
        "such as '2024-06-15', or None when the date is unknown"
    )
