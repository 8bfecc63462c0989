"""Highlighted HTML of a Document: records coloured by type, details on hover.

:func:`render` returns a self-contained HTML fragment: a legend of the record types
present, then the text with each record in a ``<mark>`` whose colour says its type and
whose ``title`` attribute (shown on hover) gives its value and the rule that found it.
Officials' titles and the later short mentions of officials and documents ("ông Huy",
"Chỉ thị số 40") are marked too.  Every piece of input text and every value is
HTML-escaped, so markup in an article (a ``<script>``) shows as text and never runs.
``Document._repr_html_`` uses it, so a Document displays itself in Jupyter.

>>> from vnextract.schema import Document, Money
>>> from decimal import Decimal
>>> doc = Document(text="<b>chi 5 tỷ đồng</b>", money=[Money(text="5 tỷ đồng", start=7,
...     end=16, rule="money.scaled", amount=Decimal("5000000000"), currency="VND")])
>>> html = render(doc)
>>> "&lt;b&gt;chi " in html and "<b>" not in html
True
>>> 'data-label="MONEY"' in html and 'title="Money: 5000000000 VND' in html
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Literal

from .schema import (
    DateMention,
    Directive,
    Document,
    Location,
    Money,
    Official,
    Organisation,
    Percentage,
    Quantity,
    Span,
)

LABELS: dict[str, str] = {
    "officials": "OFFICIAL",
    "organisations": "ORG",
    "locations": "LOC",
    "dates": "DATE",
    "directives": "DIRECTIVE",
    "money": "MONEY",
    "percentages": "PERCENT",
    "quantities": "QUANTITY",
}
"""Document field -> the label of its records (in HTML, spaCy spans and tables)."""

TITLE_LABEL = "TITLE"
"""Label of an official's title."""

COLOURS: dict[str, str] = {
    "OFFICIAL": "#ffb3b3",
    "TITLE": "#ffe0cc",
    "ORG": "#b3d9ff",
    "LOC": "#c2f0c2",
    "DATE": "#ffe680",
    "DIRECTIVE": "#e0c2ff",
    "MONEY": "#99e6cc",
    "PERCENT": "#d9f2a6",
    "QUANTITY": "#e6e6e6",
}
"""Background colour of each label."""

_STYLE = """<style>
.vnextract-render { font-family: system-ui, sans-serif; line-height: 1.9; }
.vnextract-render .vx-legend { margin-bottom: .6em; }
.vnextract-render .vx-key { padding: 0 .4em; margin-right: .3em; border-radius: .3em;
  font-size: 80%; font-weight: 600; }
.vnextract-render .vx-text { white-space: pre-wrap; }
.vnextract-render mark { padding: .05em .15em; border-radius: .3em; color: inherit; }
.vnextract-render mark.vx-mention { border-bottom: 2px dashed #555; }
.vnextract-render .vx-tag { font-size: 65%; font-weight: 700; margin-left: .25em;
  vertical-align: middle; opacity: .7; }
</style>"""


def label_of(field: str) -> str:
    """The label of the records in a Document field.

    >>> label_of("money")
    'MONEY'
    """
    return LABELS[field]


@dataclass
class _Mark:
    start: int
    end: int
    label: str
    hover: str
    kind: Literal["record", "title", "mention"]


def _describe(record: Span) -> str:
    """What the hover text says about a record (values, not the text itself)."""
    if isinstance(record, Official):
        titles = "; ".join(t.text for t in record.titles) or "-"
        return f"Official: {record.name} | titles: {titles}"
    if isinstance(record, Organisation):
        extra = [x for x in (record.expansion, record.kind, record.place) if x]
        return f"Organisation: {record.name}" + (f" ({', '.join(extra)})" if extra else "")
    if isinstance(record, Location):
        return f"Location: {record.name}" + (f" ({record.level})" if record.level else "")
    if isinstance(record, DateMention):
        return f"Date: {record.value} ({record.granularity})"
    if isinstance(record, Directive):
        parts = [f"Directive: {record.code}"]
        if record.kind:
            parts.append(f"kind {record.kind}")
        if record.issued:
            parts.append(f"issued {record.issued.isoformat()}")
        if record.issuer:
            parts.append(f"by {record.issuer}")
        return " | ".join(parts)
    if isinstance(record, Money):
        amount = f"{record.amount:f}"
        if record.amount_max is not None:
            amount += f"-{record.amount_max:f}"
        out = f"Money: {amount} {record.currency}"
        if record.per:
            out += f" per {record.per}"
        if record.qualifier:
            out += f" ({record.qualifier})"
        return out
    if isinstance(record, Percentage):
        return f"Percentage: {record.value:f}%"
    if isinstance(record, Quantity):
        return f"Quantity: {record.value:f} {record.unit}"
    return type(record).__name__


def _marks(doc: Document) -> list[_Mark]:
    """Every stretch to highlight: records, officials' titles, later mentions."""
    marks: list[_Mark] = []
    for field, label in LABELS.items():
        for record in getattr(doc, field):
            hover = f"{_describe(record)} | rule {record.rule}"
            marks.append(_Mark(record.start, record.end, label, hover, "record"))
            if isinstance(record, Official):
                for title in record.titles:
                    where = f" @ {title.organisation}" if title.organisation else ""
                    marks.append(
                        _Mark(
                            title.start,
                            title.end,
                            TITLE_LABEL,
                            f"Title of {record.name}: {title.role}{where} | rule {title.rule}",
                            "title",
                        )
                    )
            if isinstance(record, (Official, Directive)):
                for mention in record.mentions:
                    if (mention.start, mention.end) != (record.start, record.end):
                        marks.append(
                            _Mark(mention.start, mention.end, label, f"Mention of {hover}", "mention")
                        )
    return [m for m in marks if 0 <= m.start < m.end <= len(doc.text)]


def _nest(marks: list[_Mark]) -> list[_Mark]:
    """Keep the marks that nest (drop any that would cross one already kept).

    Sorted by start (longest first), the kept marks still open form a stack of nested
    stretches; a new mark nests when it ends inside the innermost one.  O(n log n).

    >>> m = lambda a, b: _Mark(a, b, "DATE", "", "record")
    >>> [(k.start, k.end) for k in _nest([m(0, 10), m(2, 4), m(3, 12), m(2, 4), m(10, 11)])]
    [(0, 10), (2, 4), (10, 11)]
    """
    kept: list[_Mark] = []
    open_: list[_Mark] = []
    order = {"record": 0, "title": 1, "mention": 2}
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, order[m.kind])):
        while open_ and open_[-1].end <= mark.start:
            open_.pop()
        if open_:
            inner = open_[-1]
            if mark.end > inner.end or (mark.start, mark.end) == (inner.start, inner.end):
                continue  # crosses the innermost open mark, or repeats it
        kept.append(mark)
        open_.append(mark)
    return kept


def _open(mark: _Mark) -> str:
    colour = COLOURS.get(mark.label, "#eeeeee")
    cls = f"vx vx-{mark.label.lower()}" + (" vx-mention" if mark.kind == "mention" else "")
    return (
        f'<mark class="{cls}" style="background:{colour}" data-label="{mark.label}" '
        f'data-start="{mark.start}" data-end="{mark.end}" '
        f'title="{html.escape(mark.hover, quote=True)}">'
    )


def _close(mark: _Mark) -> str:
    tag = f'<span class="vx-tag">{mark.label}</span>' if mark.kind == "record" else ""
    return f"{tag}</mark>"


def _highlight(text: str, marks: list[_Mark]) -> str:
    """The escaped text with nested ``<mark>`` elements (marks must nest)."""
    events: list[tuple[int, int, int, _Mark]] = []
    for i, m in enumerate(marks):
        events.append((m.start, 1, -(m.end - m.start), m))  # opens: longest first
        events.append((m.end, 0, m.end - m.start, m))  # closes before opens; shortest first
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out: list[str] = []
    pos = 0
    for offset, is_open, _, mark in events:
        out.append(html.escape(text[pos:offset], quote=False))
        pos = offset
        out.append(_open(mark) if is_open else _close(mark))
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def render(doc: Any, *, style: Literal["html", "displacy"] = "html", legend: bool = True) -> str:
    """Highlighted HTML of a :class:`Document` (or of a spaCy Doc the component ran on).

    ``style="displacy"`` renders the non-overlapping records with spaCy's displaCy
    instead (titles and mentions left out).

    >>> render(Document(text="a < b")).count("a &lt; b")
    1
    """
    if not isinstance(doc, Document):
        from .spacy_component import document_of

        doc = document_of(doc)
    marks = _nest(_marks(doc))
    if style == "displacy":
        return _displacy(doc, [m for m in marks if m.kind == "record"])
    present = [label for label in COLOURS if any(m.label == label for m in marks)]
    parts = ['<div class="vnextract-render">', _STYLE]
    if legend:
        keys = "".join(
            f'<span class="vx-key" style="background:{COLOURS[label]}">{label}</span>'
            for label in present
        )
        parts.append(f'<div class="vx-legend">{keys or "no records"}</div>')
    parts.append(f'<div class="vx-text">{_highlight(doc.text, marks)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _displacy(doc: Document, marks: list[_Mark]) -> str:
    """displaCy's entity view of the outermost, non-overlapping records."""
    from spacy import displacy

    ents: list[dict[str, Any]] = []
    end = -1
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start >= end:
            ents.append({"start": mark.start, "end": mark.end, "label": mark.label})
            end = mark.end
    data = {"text": doc.text, "ents": ents, "title": None if doc.id is None else html.escape(doc.id)}
    out = displacy.render(
        data, style="ent", manual=True, page=False, jupyter=False, options={"colors": COLOURS}
    )
    return str(out)
