"""Flat tables of extracted records: the one place where a Document is flattened.

Analysts query an archive's extractions with pandas, Polars or DuckDB; those want
flat tables, not nested JSON.  :func:`to_rows` turns Documents into one list of
row dicts per table:

=================  ============================================================
table              one row per
=================  ============================================================
``documents``      Document (id, published, length, text, record counts)
``officials``      Official (first full mention, name, number of mentions)
``titles``         Title of an official (role, organisation, offsets)
``mentions``       mention of an official or a directive (short ones included)
``organisations``  Organisation mention
``locations``      Location mention
``dates``          DateMention
``directives``     Directive (first full reference)
``money``          Money amount
``percentages``    Percentage
``quantities``     Quantity
=================  ============================================================

Every row starts with ``document_id``; record rows carry ``index`` (the record's
position in its Document list) and the record's own scalar fields, offsets
(``start``, ``end``, into the document's original text) and ``rule`` included.
Columns follow the record models in :mod:`vnextract.schema`, so a field added
there appears here without a change; :func:`columns` lists them with their
types (the Parquet writer builds its schema from it).

>>> from vnextract.schema import Document, Money
>>> from decimal import Decimal
>>> doc = Document(id="d1", text="Vay 5 tỷ đồng.", money=[Money(
...     text="5 tỷ đồng", start=4, end=13, rule="money.scaled",
...     amount=Decimal("5000000000"), currency="VND")])
>>> rows = to_rows([doc])
>>> row = rows["money"][0]
>>> [(k, row[k]) for k in ("document_id", "index", "text", "start", "end", "amount")]
[('document_id', 'd1'), ('index', 0), ('text', '5 tỷ đồng'), ('start', 4), ('end', 13), ('amount', Decimal('5000000000'))]
>>> rows["documents"][0]["n_money"], rows["officials"]
(1, [])
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any, Literal, Union

from pydantic import BaseModel

from .schema import RECORD_FIELDS, RECORD_TYPES, Document, Official, Title

Row = dict[str, Any]
ColumnType = Literal["string", "int", "bool", "date", "decimal"]
"""The column types a table uses (mapped to Arrow/pandas types by the writers)."""

RECORD_TABLES: dict[str, type[BaseModel]] = dict(RECORD_TYPES)
"""Document list field -> its record model (one table each, named like the field)."""

TABLES: tuple[str, ...] = (
    "documents",
    "officials",
    "titles",
    "mentions",
    "organisations",
    "locations",
    "dates",
    "directives",
    "money",
    "percentages",
    "quantities",
)
"""Every table :func:`to_rows` produces, in a stable order."""

_SCALARS: dict[Any, ColumnType] = {
    str: "string",
    int: "int",
    bool: "bool",
    dt.date: "date",
    Decimal: "decimal",
}


def _column_type(annotation: Any) -> ColumnType | None:
    """The column type of a scalar field annotation, None for lists and models."""
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _column_type(args[0]) if len(args) == 1 else "string"
    if origin is Literal:
        return "string"
    if origin is typing.Annotated:
        return _column_type(typing.get_args(annotation)[0])
    return _SCALARS.get(annotation)


@cache
def _scalar_fields(model: type[BaseModel]) -> tuple[tuple[str, ColumnType], ...]:
    """The model's scalar fields (lists of records and nested models left out)."""
    out = []
    for name, info in model.model_fields.items():
        kind = _column_type(info.annotation)
        if kind is not None:
            out.append((name, kind))
    return tuple(out)


@cache
def columns(table: str) -> tuple[tuple[str, ColumnType], ...]:
    """The ``(name, type)`` columns of ``table``, in order.

    >>> [name for name, _ in columns("titles")][:4]
    ['document_id', 'official_index', 'official_name', 'index']
    """
    head: tuple[tuple[str, ColumnType], ...] = (("document_id", "string"),)
    if table == "documents":
        int_: ColumnType = "int"
        counts = tuple((f"n_{f}", int_) for f in RECORD_FIELDS)
        fixed: tuple[tuple[str, ColumnType], ...] = (
            ("published", "date"),
            ("chars", "int"),
            ("text", "string"),
        )
        return head + fixed + counts
    if table == "titles":
        parent: tuple[tuple[str, ColumnType], ...] = (
            ("official_index", "int"),
            ("official_name", "string"),
        )
        return head + parent + (("index", "int"),) + _scalar_fields(Title)
    if table == "mentions":
        return head + (
            ("field", "string"),
            ("parent_index", "int"),
            ("index", "int"),
            ("text", "string"),
            ("start", "int"),
            ("end", "int"),
            ("rule", "string"),
        )
    if table in RECORD_TABLES:
        extra: tuple[tuple[str, ColumnType], ...] = ()
        if table in ("officials", "directives"):
            extra = (("n_mentions", "int"),)
        return head + (("index", "int"),) + _scalar_fields(RECORD_TABLES[table]) + extra
    raise KeyError(f"unknown table {table!r}; choose from {TABLES}")


def empty_rows() -> dict[str, list[Row]]:
    """One empty row list per table."""
    return {table: [] for table in TABLES}


def add_rows(tables: dict[str, list[Row]], doc: Document, doc_id: str, *, text: bool = True) -> None:
    """Append the rows of one Document (named ``doc_id``) to ``tables``."""
    row: Row = {
        "document_id": doc_id,
        "published": doc.published,
        "chars": len(doc.text),
        "text": doc.text if text else None,
    }
    for field in RECORD_FIELDS:
        row[f"n_{field}"] = len(getattr(doc, field))
    tables["documents"].append(row)
    for field, model in RECORD_TABLES.items():
        names = _scalar_fields(model)
        out = tables[field]
        for index, record in enumerate(getattr(doc, field)):
            r: Row = {"document_id": doc_id, "index": index}
            for name, _ in names:
                r[name] = getattr(record, name)
            mentions = getattr(record, "mentions", None)
            if mentions is not None:
                r["n_mentions"] = len(mentions)
                for m_index, mention in enumerate(mentions):
                    tables["mentions"].append(
                        {
                            "document_id": doc_id,
                            "field": field,
                            "parent_index": index,
                            "index": m_index,
                            "text": mention.text,
                            "start": mention.start,
                            "end": mention.end,
                            "rule": mention.rule,
                        }
                    )
            out.append(r)
            if isinstance(record, Official):
                title_fields = _scalar_fields(Title)
                for t_index, title in enumerate(record.titles):
                    t: Row = {
                        "document_id": doc_id,
                        "official_index": index,
                        "official_name": record.name,
                        "index": t_index,
                    }
                    for name, _ in title_fields:
                        t[name] = getattr(title, name)
                    tables["titles"].append(t)


def to_rows(docs: Iterable[Document], *, text: bool = True) -> dict[str, list[Row]]:
    """Flatten Documents into one list of row dicts per table (see the module doc).

    A Document without an id is named by its position in ``docs`` (``"0"``,
    ``"1"`` ...).  ``text=False`` leaves the documents' text out (``None``).
    Values keep their Python types (``Decimal`` amounts, ``datetime.date``).

    >>> from vnextract.schema import Document, Official, Title
    >>> o = Official(text="Nguyễn Văn A", start=9, end=21, rule="r", name="Nguyễn Văn A",
    ...              titles=[Title(text="Chủ tịch", start=0, end=8, rule="t", role="Chủ tịch")])
    >>> rows = to_rows([Document(text="Chủ tịch Nguyễn Văn A", officials=[o])])
    >>> rows["titles"][0]["official_name"], rows["titles"][0]["role"], rows["titles"][0]["document_id"]
    ('Nguyễn Văn A', 'Chủ tịch', '0')
    >>> sorted(rows) == sorted(TABLES)
    True
    """
    tables = empty_rows()
    for position, doc in enumerate(docs):
        add_rows(tables, doc, str(position) if doc.id is None else doc.id, text=text)
    return tables

