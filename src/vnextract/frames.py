"""pandas DataFrames of extracted records, for an archive held in memory.

The tables and their columns are those of :mod:`vnextract.tables` (the same as the
batch command's Parquet output): one DataFrame per table (``documents``,
``officials``, ``titles``, ``mentions``, ``organisations``, ``dates``,
``directives``, ``money`` ...), one row per record, with ``document_id`` and the
record's offsets.  Integer columns are pandas ``Int64``, flags ``boolean``; amounts
stay exact ``Decimal`` objects and dates ``datetime.date`` objects, as pyarrow reads
Parquet decimal and date columns.  pandas is needed (``pip install 'vnextract[notebooks]'``).

>>> from vnextract.schema import Document
>>> frames = to_frames([Document(id="a", text="x")])
>>> list(frames["money"].columns)[:6]
['document_id', 'index', 'text', 'start', 'end', 'rule']
>>> len(frames["money"]), int(frames["documents"].loc[0, "chars"])
(0, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .render import LABELS
from .schema import RECORD_FIELDS, Document
from .tables import TABLES, columns, to_rows

if TYPE_CHECKING:
    import pandas

_DTYPES = {"int": "Int64", "bool": "boolean", "string": "string"}


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "E401: DataFrames need pandas; install it with pip install 'vnextract[notebooks]'"
        ) from None
    return pandas


def _frame(pd: Any, table: str, rows: list[dict[str, Any]]) -> pandas.DataFrame:
    cols = columns(table)
    frame = pd.DataFrame(rows, columns=[name for name, _ in cols])
    for name, kind in cols:
        dtype = _DTYPES.get(kind)
        if dtype is not None:
            frame[name] = frame[name].astype(dtype)
        else:
            frame[name] = frame[name].astype(object)
    return frame


def to_frames(docs: Iterable[Document], *, text: bool = True) -> dict[str, pandas.DataFrame]:
    """One DataFrame per table of :mod:`vnextract.tables` for ``docs``.

    ``text=False`` leaves the documents' full text out of the ``documents`` table.
    """
    pd = _import_pandas()
    rows = to_rows(docs, text=text)
    return {table: _frame(pd, table, rows[table]) for table in TABLES}


def to_frame(doc: Document, table: str | None = None) -> pandas.DataFrame:
    """One DataFrame for one Document.

    With a ``table`` name ("money", "officials", "titles" ...) it is that table of
    :func:`to_frames`.  Without, it is every record of the Document in text order,
    one row each: ``label`` (OFFICIAL, ORG, DATE ...), ``text``, ``start``, ``end``,
    ``rule`` and ``value`` (the normalised value: a name, an ISO date, a code, an amount
    with its currency).

    >>> from vnextract.schema import Document, DateMention
    >>> d = Document(text="ngày 14/6", dates=[DateMention(text="14/6", start=5, end=9,
    ...     rule="date.dm", value="--06-14", granularity="day")])
    >>> to_frame(d)[["label", "text", "value"]].values.tolist()
    [['DATE', '14/6', '--06-14']]
    """
    pd = _import_pandas()
    if table is not None:
        if table not in TABLES:
            raise KeyError(f"E402: unknown table {table!r}; choose from {TABLES}")
        return to_frames([doc])[table]
    rows = []
    for field in RECORD_FIELDS:
        for r in getattr(doc, field):
            rows.append(
                {
                    "label": LABELS[field],
                    "text": r.text,
                    "start": r.start,
                    "end": r.end,
                    "rule": r.rule,
                    "value": _value(r),
                }
            )
    frame = pd.DataFrame(rows, columns=["label", "text", "start", "end", "rule", "value"])
    frame = frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    return frame


def _value(record: Any) -> str:
    """A record's normalised value as a short string."""
    for name in ("name", "value", "code"):
        value = getattr(record, name, None)
        if value is not None:
            return format(value, "f") if not isinstance(value, str) else value
    amount = getattr(record, "amount", None)
    if amount is not None:
        return f"{amount:f} {record.currency}"
    return ""
