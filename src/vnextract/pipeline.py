"""The Pipeline: normalise, run the extractors, map offsets back, build a Document.

>>> from vnextract import Pipeline
>>> nlp = Pipeline(extractors=[])
>>> doc = nlp.extract("Uỷ ban nhân dân", id="x")
>>> doc.id, doc.text
('x', 'Uỷ ban nhân dân')

A Pipeline holds only names and options, so it pickles; extractor modules (and any
model they load) are imported lazily in the process that uses them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal, Union, get_args

from pydantic import BaseModel

from .context import Context
from .errors import ErrorRecord, VnextractError, bad_published, not_text
from .normalize import FixEncoding, Normalized, ToneStyle, normalize, written_name
from .normalize.encodings import FIX_ENCODING_MODES
from .schema import RECORD_TYPES, Document, Span

Extractor = Callable[[Context], list[Span]]

EXTRACTORS: dict[str, str] = {
    # name -> "module:function"; the order is the order they run in (later ones may
    # read earlier results from ctx.found).
    "dates": "vnextract.extractors.dates:find_dates",
    "directives": "vnextract.extractors.directives:find_directives",
    "money": "vnextract.extractors.money:find_money",
    "officials": "vnextract.ner.officials:find_officials",
    "organisations": "vnextract.ner.organisations:find_organisations",
    # opt-in replacement for "organisations": the grammar plus underthesea's ORG spans
    # (slower and, on dev, less precise; see benchmarks/bench_ner.py)
    "organisations_underthesea": "vnextract.ner.underthesea_ner:find_organisations_underthesea",
    "locations": "vnextract.ner.locations:find_locations",
}
"""Registered extractors: name -> ``"module:function"`` taking a Context."""

OPTIONAL_EXTRACTORS: frozenset[str] = frozenset({"organisations_underthesea"})
"""Registered extractors a default Pipeline does not run (ask for them by name)."""

DEFAULT_EXTRACTORS: tuple[str, ...] = tuple(n for n in EXTRACTORS if n not in OPTIONAL_EXTRACTORS)
"""The extractors a default Pipeline runs."""

FIELD_OF_TYPE: dict[type[Span], str] = {kind: field for field, kind in RECORD_TYPES.items()}
"""The Document field each record type goes into."""

Item = Union[str, tuple[str, Mapping[str, Any]]]
"""What :meth:`Pipeline.pipe` accepts: a text, or ``(text, meta)`` with optional
``meta["id"]``, ``meta["published"]`` and ``meta["encoding"]``."""


def _load(name: str) -> Extractor:
    try:
        target = EXTRACTORS[name]
    except KeyError:
        raise VnextractError(
            f"E003: unknown extractor {name!r}; choose from {sorted(EXTRACTORS)}"
        ) from None
    module, _, func = target.partition(":")
    fn: Extractor = getattr(importlib.import_module(module), func)
    return fn


def parse_published(value: object) -> dt.date | None:
    """``None``, a date, a datetime or an ISO date string -> date or None.

    >>> parse_published("2024-06-15")
    datetime.date(2024, 6, 15)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise bad_published(value) from None
    raise bad_published(value)


class Pipeline:
    """A configured extractor pipeline.

    Parameters are keyword-only:

    - ``extractors``: names from :data:`EXTRACTORS` to run (default: all);
    - ``tone``: tone-mark placement of names in records: ``"new"`` (hòa, Ủy),
      ``"old"`` (hoà, Uỷ) or ``"keep"``;
    - ``fix_encoding``: convert text in a legacy encoding to Unicode first:
      ``"auto"`` (detect; never fires on clean Unicode, English or numbers), ``"off"``,
      or the encoding the texts are in (``"tcvn3"``, ``"vni"``, ``"viscii"``,
      ``"viqr"``, ``"mojibake"``).  Offsets still point into the caller's text.
    """

    def __init__(
        self,
        *,
        extractors: Sequence[str] | None = None,
        tone: ToneStyle = "new",
        fix_encoding: FixEncoding = "auto",
    ) -> None:
        names = tuple(DEFAULT_EXTRACTORS if extractors is None else extractors)
        for name in names:
            if name not in EXTRACTORS:
                raise VnextractError(
                    f"E003: unknown extractor {name!r}; choose from {sorted(EXTRACTORS)}"
                )
        if tone not in ("new", "old", "keep"):
            raise VnextractError(f"E004: tone={tone!r}; choose 'new', 'old' or 'keep'")
        _check_fix_encoding(fix_encoding)
        self.extractors: tuple[str, ...] = names
        self.tone: ToneStyle = tone
        self.fix_encoding: FixEncoding = fix_encoding
        self._loaded: dict[str, Extractor] | None = None

    def __repr__(self) -> str:
        return (
            f"Pipeline(extractors={list(self.extractors)!r}, tone={self.tone!r}, "
            f"fix_encoding={self.fix_encoding!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        return {"extractors": self.extractors, "tone": self.tone, "fix_encoding": self.fix_encoding}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def _functions(self) -> dict[str, Extractor]:
        if self._loaded is None:
            self._loaded = {name: _load(name) for name in self.extractors}
        return self._loaded

    def normalize(self, text: str, fix_encoding: FixEncoding | None = None) -> Normalized:
        """The normalised text the extractors see, with its offset map."""
        return normalize(text, tone=self.tone, fix_encoding=fix_encoding or self.fix_encoding)

    def extract(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        id: str | None = None,
        fix_encoding: FixEncoding | None = None,
    ) -> Document:
        """Extract every record from ``text``; offsets point into ``text``.

        ``fix_encoding`` overrides the pipeline's for this text, when its encoding is
        known (the CLI's readers pass the legacy encoding they read a file in).

        >>> Pipeline(extractors=[]).extract(b"x")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        TypeError: E001: vnextract expects the text as str, got bytes ...
        """
        if not isinstance(text, str):
            raise not_text(text)
        if fix_encoding is not None:
            _check_fix_encoding(fix_encoding)
        date = parse_published(published)
        norm = self.normalize(text, fix_encoding)
        ctx = Context(text=norm.text, published=date)
        fields: dict[str, list[Any]] = {}
        for name, fn in self._functions().items():
            records = fn(ctx)
            ctx.found[name] = records
            for record in records:
                fields.setdefault(FIELD_OF_TYPE[type(record)], []).append(record)
        for records in fields.values():
            if norm.text != norm.original:  # (else offsets and texts stand as found)
                for record in records:
                    _remap(record, norm)
            if norm.zones:
                for record in records:
                    record.zone = norm.zone_at(record.start)
            records.sort(key=_by_position)
        for org in fields.get("organisations", ()):
            # the name as written: the extractor saw dashes and quotes normalised (kept
            # as the extractor has it when the original differs in more than that, as
            # legacy-encoded or HTML text does)
            written = written_name(org.text, self.tone)
            if written != org.name:
                plain = normalize(written, tone=self.tone, fix_encoding="off").text
                if plain == org.name:
                    org.name = written
        return Document(id=id, text=text, published=date, **fields)

    def pipe(
        self,
        items: Iterable[Item],
        *,
        n_process: int = 1,
        batch_size: int = 32,
        errors: Literal["raise", "yield"] = "raise",
    ) -> Iterator[Document | ErrorRecord]:
        """Extract from many texts, yielding Documents in input order.

        Items are texts or ``(text, meta)`` tuples (``meta["id"]``,
        ``meta["published"]``, and ``meta["encoding"]``: a ``fix_encoding`` for that text).  ``n_process`` > 1 spreads the work over that many
        processes (``-1``: one per core).  With ``errors="yield"`` an item that fails
        yields an :class:`ErrorRecord` in its place instead of raising.

        >>> [d.id for d in Pipeline(extractors=[]).pipe([("a", {"id": "1"}), "b"])]
        ['1', None]
        """
        from .parallel import bounded_map, chunked, cpu_count

        if n_process == -1:
            n_process = cpu_count()
        if n_process <= 1:
            jobs = ((self, item, i, errors) for i, item in enumerate(items))
            yield from map(_run_job, jobs)
            return
        # bounded: at most 2 * n_process chunks of batch_size items are in flight
        chunks = chunked(enumerate(items), max(1, batch_size))
        for results in bounded_map(
            _run_chunk,
            ((errors, chunk) for chunk in chunks),
            n_process=n_process,
            initializer=_set_worker_pipeline,
            initargs=(self,),
        ):
            yield from results


def _check_fix_encoding(value: str) -> None:
    if value not in FIX_ENCODING_MODES:
        raise VnextractError(
            f"E005: fix_encoding={value!r}; choose from {', '.join(FIX_ENCODING_MODES)}"
        )


_by_position = attrgetter("start", "end")
"""The order of records in a Document field."""


_worker_pipeline: Pipeline | None = None
"""The Pipeline of a worker process of :meth:`Pipeline.pipe`."""


def _set_worker_pipeline(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _run_chunk(job: tuple[str, list[tuple[int, Item]]]) -> list[Document | ErrorRecord]:
    errors, chunk = job
    assert _worker_pipeline is not None
    return [_run_job((_worker_pipeline, item, i, errors)) for i, item in chunk]


def _run_job(job: tuple[Pipeline, Item, int, str]) -> Document | ErrorRecord:
    pipeline, item, index, errors = job
    meta: Mapping[str, Any] = {}
    text: object = item
    if isinstance(item, tuple) and len(item) == 2:
        text, meta = item
    doc_id = meta.get("id")
    try:
        return pipeline.extract(
            text,  # type: ignore[arg-type]
            published=meta.get("published"),
            id=None if doc_id is None else str(doc_id),
            fix_encoding=meta.get("encoding"),
        )
    except Exception as exc:
        if errors == "raise":
            raise
        return ErrorRecord(
            source=str(meta.get("source", "<pipe>")),
            line=meta.get("line", index),
            id=None if doc_id is None else str(doc_id),
            error=str(exc),
        )


def _may_hold_model(annotation: Any) -> bool:
    """Whether a field of this type may hold a pydantic model (``list[Title]``, ``Any``)."""
    if annotation is Any or annotation is object:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(arg) for arg in get_args(annotation))


@lru_cache(maxsize=None)
def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a record type that may hold nested records (titles, mentions).

    >>> from vnextract.schema import DateMention, Official
    >>> _nested_fields(Official), _nested_fields(DateMention)
    (('titles', 'mentions'), ())
    """
    return tuple(n for n, f in cls.model_fields.items() if _may_hold_model(f.annotation))


def _remap(record: BaseModel, norm: Normalized) -> None:
    """Point a record (and the spans nested in it) at the original text."""
    if isinstance(record, Span):
        start, end = norm.original_span(record.start, record.end)
        text = norm.original[start:end]
        # (an assignment to a pydantic model is slow: only what changed)
        if start != record.start:
            record.start = start
        if end != record.end:
            record.end = end
        if text != record.text:
            record.text = text
    for name in _nested_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _remap(item, norm)
        elif isinstance(value, BaseModel):
            _remap(value, norm)


_default: Pipeline | None = None


def extract(
    text: str, *, published: dt.date | str | None = None, id: str | None = None
) -> Document:
    """Extract with the default Pipeline (built once, on first use).

    >>> extract("").text
    ''
    """
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, published=published, id=id)
