"""Run vnextract on a Dask cluster: Dask bags or dataframes of texts in, records or flat
Dask dataframes out.  Dask does the distribution; this module only says what to run
on each partition (needs the ``dask`` extra: ``pip install 'vnextract[dask]'``).

- :func:`to_records`: a bag of Documents (or their JSON dicts, or error records);
- :func:`to_frames`: one Dask DataFrame per table of :mod:`vnextract.tables`
  (``documents``, ``officials``, ``titles``, ``dates`` ...), with known columns and
  dtypes; compute them together (``dask.compute(*frames.values())``) so that each
  partition is extracted once.

Inputs: a bag of texts, of ``(text, meta)`` tuples, or of dicts with a text field
(``text_field``, ``id_field``, ``date_field``), or a dataframe with those columns.
The Pipeline travels to the workers by pickling (it holds only names and options)
and loads its extractors lazily there.

>>> import dask.bag as db
>>> bag = db.from_sequence(["Ngày 14/6/2024, UBND tỉnh họp.", "Hà Nội"], npartitions=2)
>>> docs = to_records(bag).compute(scheduler="sync")
>>> [d.text for d in docs]
['Ngày 14/6/2024, UBND tỉnh họp.', 'Hà Nội']
>>> frames = to_frames(bag)
>>> frames["documents"].compute(scheduler="sync")["document_id"].tolist()
['0:0', '1:0']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from .errors import ErrorRecord
from .pipeline import Item, Pipeline, _run_job
from .schema import Document
from .tables import TABLES, Row, add_rows, columns, empty_rows

Errors = Literal["raise", "yield"]

_QUANTUM = Decimal("1e-10")


def _exact(value: Decimal | None) -> Decimal | None:
    """A Decimal that fits decimal128(38, 10) (rounded to 10 places), else None."""
    if value is None:
        return None
    try:
        fitted = value.quantize(_QUANTUM)
    except InvalidOperation:
        return None
    return fitted if fitted.adjusted() < 28 else None


def to_frame(table: str, rows: list[Row]) -> Any:
    """One table's rows as a pandas DataFrame with dtypes a Dask DataFrame keeps.

    Dask turns Python-object columns into strings, so amounts and dates are Arrow
    columns here (``decimal128(38, 10)``, ``date32``: exact, as in the Parquet
    output); integers, flags and strings are pandas' nullable dtypes, as in
    :func:`vnextract.to_frames`.  No rows give the empty frame Dask uses as ``meta``.

    >>> str(to_frame("money", []).dtypes["amount"])
    'decimal128(38, 10)[pyarrow]'
    """
    import pandas as pd
    import pyarrow as pa

    cols = columns(table)
    data: dict[str, Any] = {}
    for name, kind in cols:
        values = [row.get(name) for row in rows]
        if kind == "decimal":
            arrow = pa.array([_exact(v) for v in values], pa.decimal128(38, 10))
            data[name] = pd.Series(arrow, dtype=pd.ArrowDtype(arrow.type))
        elif kind == "date":
            arrow = pa.array(values, pa.date32())
            data[name] = pd.Series(arrow, dtype=pd.ArrowDtype(arrow.type))
        else:
            dtype = {"int": "Int64", "bool": "boolean", "string": "string"}[kind]
            data[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=[name for name, _ in cols])


def _items(
    partition: Iterable[Any], text_field: str, id_field: str, date_field: str
) -> list[Item]:
    items: list[Item] = []
    for element in partition:
        if isinstance(element, Mapping):
            meta = {"id": element.get(id_field), "published": element.get(date_field)}
            items.append((element.get(text_field), meta))  # type: ignore[arg-type]
        else:
            items.append(element)
    return items


def _run(
    partition: Iterable[Any],
    pipeline: Pipeline,
    fields: tuple[str, str, str],
    errors: Errors,
    partition_index: int,
) -> list[Document | ErrorRecord]:
    out = []
    for i, item in enumerate(_items(partition, *fields)):
        result = _run_job((pipeline, item, i, errors))
        if isinstance(result, ErrorRecord) and result.source == "<pipe>":
            result.source = f"<dask partition {partition_index}>"
        out.append(result)
    return out


def _records_partition(
    partition: Iterable[Any],
    pipeline: Pipeline,
    fields: tuple[str, str, str],
    errors: Errors,
    as_dict: bool,
    partition_index: int,
) -> list[Any]:
    results = _run(partition, pipeline, fields, errors, partition_index)
    return [r.model_dump(mode="json") for r in results] if as_dict else results


def _frames_partition(
    partition: Iterable[Any],
    pipeline: Pipeline,
    fields: tuple[str, str, str],
    text: bool,
    partition_index: int,
) -> dict[str, Any]:
    rows = empty_rows()
    for i, doc in enumerate(_run(partition, pipeline, fields, "raise", partition_index)):
        assert isinstance(doc, Document)
        add_rows(rows, doc, doc.id if doc.id is not None else f"{partition_index}:{i}", text=text)
    return {table: to_frame(table, rows[table]) for table in TABLES}


def _partitions(collection: Any) -> list[Any]:
    """Delayed partitions of a bag (lists) or a dataframe (as lists of row dicts)."""
    import dask.bag as db
    from dask.delayed import delayed

    if isinstance(collection, db.Bag):
        return list(collection.to_delayed())  # type: ignore[no-untyped-call]
    to_dicts = delayed(_frame_rows, pure=True)
    return [to_dicts(part) for part in collection.to_delayed()]


def _frame_rows(frame: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = frame.to_dict(orient="records")
    return rows


def to_records(
    collection: Any,
    *,
    pipeline: Pipeline | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "published",
    errors: Errors = "raise",
    as_dict: bool = False,
) -> Any:
    """A Dask bag of Documents, one per input element, in order.

    ``errors="yield"`` puts an :class:`ErrorRecord` in the place of an element that
    fails; ``as_dict=True`` gives ``model_dump(mode="json")`` dicts (plain JSON,
    e.g. for ``bag.map(json.dumps).to_textfiles(...)``).
    """
    import dask.bag as db
    from dask.delayed import delayed

    nlp = pipeline or Pipeline()
    fields = (text_field, id_field, date_field)
    run = delayed(_records_partition, pure=True)
    parts = [
        run(part, nlp, fields, errors, as_dict, index)
        for index, part in enumerate(_partitions(collection))
    ]
    return db.from_delayed(parts)  # type: ignore[no-untyped-call]


def to_frames(
    collection: Any,
    *,
    pipeline: Pipeline | None = None,
    text_field: str = "text",
    id_field: str = "id",
    date_field: str = "published",
    text: bool = True,
) -> dict[str, Any]:
    """One Dask DataFrame per table of :mod:`vnextract.tables` (``documents`` ...).

    A document without an id is named ``"<partition>:<position in it>"``.
    ``text=False`` leaves the documents' text out of the ``documents`` table.
    """
    import dask.dataframe as dd
    from dask.delayed import delayed

    nlp = pipeline or Pipeline()
    fields = (text_field, id_field, date_field)
    run = delayed(_frames_partition, pure=True)
    parts = [
        run(part, nlp, fields, text, index) for index, part in enumerate(_partitions(collection))
    ]
    frames = {}
    for table in TABLES:
        pieces = [part[table] for part in parts]
        frames[table] = dd.from_delayed(pieces, meta=to_frame(table, []), verify_meta=False)
    return frames
