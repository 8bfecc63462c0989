"""vnextract: structured facts from Vietnamese news and official text.

>>> import vnextract
>>> doc = vnextract.extract("Ngày 14/6, UBND tỉnh họp.", published="2024-06-15")
>>> doc.published.isoformat()
'2024-06-15'
"""

from __future__ import annotations

from .errors import ErrorRecord, VnextractError
from .normalize import Normalized, normalize
from .frames import to_frames
from .pipeline import EXTRACTORS, Pipeline, extract
from .render import render
from .schema import (
    DateMention,
    Directive,
    Document,
    Location,
    Mention,
    Money,
    Official,
    Organisation,
    Percentage,
    Quantity,
    Span,
    Title,
)

__version__ = "0.1.0"

__all__ = [
    "EXTRACTORS",
    "DateMention",
    "Directive",
    "Document",
    "ErrorRecord",
    "Location",
    "Mention",
    "Money",
    "Normalized",
    "Official",
    "Organisation",
    "Percentage",
    "Pipeline",
    "Quantity",
    "Span",
    "Title",
    "VnextractError",
    "extract",
    "normalize",
    "render",
    "to_frames",
]
