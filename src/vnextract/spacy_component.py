"""The spaCy component: vnextract records as spans of a spaCy ``Doc``.

Installed with vnextract, the component is found through the ``spacy_factories``
entry point, so no import is needed::

    import spacy
    nlp = spacy.blank("vi")            # needs pyvi (the `spacy` extra), or:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnextract", config={"extractors": ["dates", "money"], "tone": "new"})
    doc = nlp("Ngày 14/6, UBND tỉnh chi 4.321 tỷ đồng.")

What the component sets (``assigns``):

- ``doc.spans["vnextract"]``: every record as a span labelled by its type
  (:data:`vnextract.render.LABELS`: ``OFFICIAL``, ``ORG``, ``DATE`` ...), with exactly the
  record's characters: where a token crosses a record boundary the token is split
  (``doc.retokenize``), so ``span.text == record.text`` always;
- ``doc.ents``: the records that do not overlap (longest first);
- ``doc._.vnextract``: the full :class:`vnextract.Document`.  The Doc keeps it as
  JSON in ``doc.user_data`` (so it survives ``to_bytes`` and ``nlp.pipe(...,
  n_process=2)``) and the extension rebuilds the Document on access.

A text's publication date and id come from the context of
``nlp.pipe([(text, {"published": "2024-06-15", "id": "a1"})], as_tuples=True)``.

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
>>> _ = nlp.add_pipe("vnextract", config={"extractors": []})
>>> doc = nlp("Ngày 14/6, UBND tỉnh họp.")
>>> doc._.vnextract.text == doc.text, len(doc.spans["vnextract"])
(True, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .normalize import ToneStyle
from .pipeline import Pipeline, parse_published
from .render import label_of
from .schema import RECORD_FIELDS, Document

SPANS_KEY = "vnextract"
"""The ``doc.spans`` key the component writes."""

_DATA_KEY = "vnextract_document"
"""The ``doc.user_data`` key holding the Document as a JSON-compatible dict."""


def _get_document(doc: Doc) -> Document | None:
    """Getter of ``doc._.vnextract``: rebuild the Document from its JSON form."""
    data = doc.user_data.get(_DATA_KEY)
    if data is None:
        return None
    return Document.model_validate(data)


if not Doc.has_extension("vnextract"):
    Doc.set_extension("vnextract", getter=_get_document)


class VnextractComponent:
    """Runs a :class:`vnextract.Pipeline` on ``doc.text`` and writes spans (see module doc).

    Holds only the pipeline's options, so it pickles for ``n_process`` > 1.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "vnextract",
        *,
        extractors: list[str] | None = None,
        tone: ToneStyle = "new",
    ) -> None:
        self.name = name
        self.pipeline = Pipeline(extractors=extractors, tone=tone)

    def __call__(self, doc: Doc) -> Doc:
        """Extract from ``doc.text`` and attach the records to ``doc``."""
        context = getattr(doc, "_context", None)
        meta: dict[str, Any] = context if isinstance(context, dict) else {}
        doc_id = meta.get("id")
        result = self.pipeline.extract(
            doc.text,
            published=parse_published(meta.get("published")),
            id=None if doc_id is None else str(doc_id),
        )
        records = [
            (r.start, r.end, label_of(field))
            for field in RECORD_FIELDS
            for r in getattr(result, field)
            if r.end > r.start
        ]
        split_at_boundaries(doc, (b for start, end, _ in records for b in (start, end)))
        spans: list[Span] = []
        for start, end, label in sorted(records):
            span = doc.char_span(start, end, label=label)
            if span is None:  # cannot happen after the split; never lose a record
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        doc.ents = filter_spans(spans)
        doc.user_data[_DATA_KEY] = result.model_dump(mode="json")
        return doc


def split_at_boundaries(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that a character offset falls strictly inside of.

    After this, ``doc.char_span(a, b)`` (strict) succeeds for any two offsets given.
    White space inside a token (pyvi joins syllables: "Tỉnh ủy") stays in the piece
    it falls in, so ``doc.text`` is unchanged.

    >>> import spacy
    >>> doc = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})("ngày 14/6, họp")
    >>> split_at_boundaries(doc, [5, 9])
    >>> [t.text for t in doc]
    ['ngày', '14/6', ',', 'họp']
    """
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        token = _token_containing(doc, offset)
        if token is not None:
            cuts.setdefault(token.i, set()).add(offset - token.idx)
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            points = [0, *sorted(inner), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(points, points[1:])]
            heads: list[Token | tuple[Token, int]] = [(token, 0) for _ in orths]
            retokenizer.split(token, orths, heads=heads)


def _token_containing(doc: Doc, offset: int) -> Token | None:
    """The token with ``idx < offset < idx + len``, or None when offset is a boundary."""
    lo, hi = 0, len(doc) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        token: Token = doc[mid]
        if offset <= token.idx:
            hi = mid - 1
        elif offset >= token.idx + len(token.text):
            lo = mid + 1
        else:
            return token
    return None


@Language.factory(
    "vnextract",
    default_config={"extractors": None, "tone": "new"},
    assigns=["doc.spans", "doc.ents", "doc._.vnextract"],
)
def make_vnextract(
    nlp: Language, name: str, *, extractors: list[str] | None, tone: ToneStyle
) -> VnextractComponent:
    """Build the component; ``extractors`` (null = all) and ``tone`` as for Pipeline."""
    return VnextractComponent(nlp, name, extractors=extractors, tone=tone)


def document_of(doc: Doc) -> Document:
    """The Document the component attached to ``doc`` (raises if it did not run)."""
    found = _get_document(doc)
    if found is None:
        raise ValueError(
            "E403: this Doc has no vnextract result; add the component first: "
            'nlp.add_pipe("vnextract")'
        )
    return found


__all__ = ["SPANS_KEY", "VnextractComponent", "document_of", "make_vnextract", "split_at_boundaries"]
