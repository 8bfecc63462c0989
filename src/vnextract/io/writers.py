"""Write Documents (JSONL, Parquet or CSV tables) and error records, resumably.

Writers take whole chunks of results and never leave half a record behind: a
crash, a kill or Ctrl-C leaves only complete records, and ``resume=True`` reads
back what is already there (:meth:`Writer.done`) so that those documents are
skipped.

- JSONL (one Document a line; also the error records): each chunk is written with
  one ``write`` on an unbuffered file; on resume a trailing partial line (the
  write a kill cut short) is cut off.
- Parquet: a folder with one sub-folder per table of :mod:`vnextract.tables`
  (``documents/``, ``officials/`` ...), each holding ``part-00000.parquet`` ...
  A part is written under a temporary name and renamed when complete, the
  ``documents`` part last, so a part counts only when its documents part exists.
  ``pandas.read_parquet("OUT/officials")`` or DuckDB's
  ``read_parquet('OUT/officials/*.parquet')`` read a table whole.
- CSV: a folder with one ``<table>.csv`` each; ``.progress.jsonl`` records, after
  each chunk, its document ids and every file's size, and resume cuts the files
  back to the last recorded sizes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TextIO

from .. import tables
from ..errors import ErrorRecord
from ..tables import Row

OutputFormat = Literal["jsonl", "parquet", "csv"]

Payload = Any
"""What a worker hands a writer for one document: a JSON line (JSONL) or the
document's table rows (Parquet, CSV)."""


def error_key(record: ErrorRecord) -> str:
    """The key under which an error record counts as done: its id, else source:line."""
    return record.id if record.id is not None else f"{record.source}:{record.line}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _cut_partial_line(path: Path) -> None:
    """Cut off a last line without its newline (a write cut short)."""
    size = path.stat().st_size
    if size == 0:
        return
    with open(path, "rb+") as f:
        pos = size
        step = 1 << 16
        while pos > 0:
            start = max(0, pos - step)
            f.seek(start)
            block = f.read(pos - start)
            if pos == size and block.endswith(b"\n"):
                return
            newline = block.rfind(b"\n")
            if newline >= 0:
                f.truncate(start + newline + 1)
                return
            pos = start
        f.truncate(0)


def _first_id(line: bytes) -> str | None:
    """The ``id`` of a JSON line, read cheaply when it is the first key."""
    head = b'{"id":'
    if line.startswith(head):
        try:
            value, _ = json.JSONDecoder().raw_decode(line[len(head) : len(head) + 4096].decode())
            return value if isinstance(value, str) else None
        except (ValueError, UnicodeDecodeError):
            pass
    try:
        row = json.loads(line)
    except ValueError:
        return None
    return row.get("id") if isinstance(row, dict) else None


class LineFile:
    """An append-only file of JSON lines (or stdout/stderr), written chunk by chunk."""

    def __init__(self, path: str | None, *, resume: bool, stream: TextIO | None = None) -> None:
        self.path = None if path is None or path == "-" else Path(path)
        self._close = False
        self.fd: int | None = None
        self.text: TextIO | None = None
        if self.path is None:
            self.text = stream or sys.stdout
            try:  # write whole lines straight to the descriptor when there is one
                self.text.flush()
                self.fd = self.text.fileno()
                self.text = None
            except (AttributeError, OSError, ValueError):
                pass  # e.g. a notebook's stdout: write through the stream
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            _cut_partial_line(self.path)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if resume else os.O_TRUNC)
        self.fd = os.open(self.path, flags, 0o644)
        self._close = True

    def write_lines(self, lines: Iterable[str]) -> None:
        """Write complete lines at once (each line without its newline)."""
        data = "".join(line + "\n" for line in lines)
        if not data:
            return
        if self.fd is not None:
            _write_all(self.fd, data.encode("utf-8"))
        elif self.text is not None:
            self.text.write(data)
            self.text.flush()

    def read_lines(self) -> Iterable[bytes]:
        """The lines already in the file (for resume)."""
        if self.path is None or not self.path.exists():
            return
        with open(self.path, "rb") as f:
            yield from f

    def close(self) -> None:
        if self._close and self.fd is not None:
            os.close(self.fd)
            self._close = False


class ErrorWriter:
    """Error records as JSON lines, to a file or stderr."""

    def __init__(self, path: str | None, *, resume: bool) -> None:
        self.file = LineFile(path, resume=resume, stream=sys.stderr)

    def done(self) -> set[str]:
        """Keys (:func:`error_key`) of the error records already written."""
        keys = set()
        for line in self.file.read_lines():
            try:
                keys.add(error_key(ErrorRecord.model_validate_json(line)))
            except ValueError:
                continue
        return keys

    def write(self, records: list[ErrorRecord]) -> None:
        self.file.write_lines(r.model_dump_json() for r in records)

    def close(self) -> None:
        self.file.close()


class Writer:
    """Where documents go; subclasses for each output format."""

    format: OutputFormat = "jsonl"

    def done(self) -> set[str]:
        """Ids of the documents already written (for resume)."""
        return set()

    def write(self, ids: list[str], payloads: list[Payload]) -> None:
        """Write the documents of one chunk (all or nothing, as far as possible)."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish writing (flush buffered rows)."""


class JsonlWriter(Writer):
    """One Document a line (payloads are JSON strings)."""

    format: OutputFormat = "jsonl"

    def __init__(self, path: str | None, *, resume: bool) -> None:
        self.file = LineFile(path, resume=resume)

    def done(self) -> set[str]:
        ids = set()
        for line in self.file.read_lines():
            doc_id = _first_id(line)
            if doc_id is not None:
                ids.add(doc_id)
        return ids

    def write(self, ids: list[str], payloads: list[Payload]) -> None:
        self.file.write_lines(payloads)

    def close(self) -> None:
        self.file.close()


class _TableWriter(Writer):
    """Shared by the Parquet and CSV writers: a folder of tables."""

    def __init__(self, path: str | None, *, resume: bool) -> None:
        if path is None or path == "-":
            raise ValueError(
                f"E301: --format {self.format} writes a folder of tables; name it with -o OUT"
            )
        self.root = Path(path)
        if self.root.exists() and not self.root.is_dir():
            raise ValueError(f"E302: {path} exists and is not a folder; choose another -o")
        self.root.mkdir(parents=True, exist_ok=True)
        self.resume = resume


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    kinds = {
        "string": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "decimal": pa.decimal128(38, 10),
    }
    return pa.schema([(name, kinds[kind]) for name, kind in tables.columns(table)])


_QUANTUM = Decimal("1e-10")


def _fit_decimals(rows: list[Row], table: str) -> None:
    """Round Decimals to the Parquet column's 10 places (None if out of range)."""
    names = [name for name, kind in tables.columns(table) if kind == "decimal"]
    if not names:
        return
    for row in rows:
        for name in names:
            value = row.get(name)
            if value is not None:
                try:
                    value = value.quantize(_QUANTUM)
                    row[name] = value if value.adjusted() < 28 else None
                except InvalidOperation:
                    row[name] = None


class ParquetWriter(_TableWriter):
    """Parquet tables, one part file per table every ``part_docs`` documents."""

    format: OutputFormat = "parquet"

    def __init__(
        self, path: str | None, *, resume: bool, part_docs: int = 2000, part_chars: int = 20_000_000
    ) -> None:
        super().__init__(path, resume=resume)
        self.part_docs = part_docs
        self.part_chars = part_chars
        self.rows = tables.empty_rows()
        self.chars = 0
        for table in tables.TABLES:
            (self.root / table).mkdir(exist_ok=True)
        complete = self._complete_parts()
        if not resume:
            for table in tables.TABLES:
                for old in (self.root / table).glob("part-*"):
                    old.unlink()
            complete = []
        else:  # drop parts a crash left unfinished
            keep = {f"part-{n:05d}.parquet" for n in complete}
            for table in tables.TABLES:
                for old in (self.root / table).glob("part-*"):
                    if old.name not in keep:
                        old.unlink()
        self.next_part = max(complete, default=-1) + 1

    def _complete_parts(self) -> list[int]:
        return sorted(
            int(p.name[5:10]) for p in (self.root / "documents").glob("part-?????.parquet")
        )

    def done(self) -> set[str]:
        import pyarrow.parquet as pq

        ids: set[str] = set()
        for n in self._complete_parts():
            part = self.root / "documents" / f"part-{n:05d}.parquet"
            ids.update(pq.read_table(part, columns=["document_id"]).column(0).to_pylist())
        return ids

    def write(self, ids: list[str], payloads: list[Payload]) -> None:
        for rows in payloads:
            for table, table_rows in rows.items():
                self.rows[table].extend(table_rows)
            self.chars += sum(r["chars"] for r in rows["documents"])
        if len(self.rows["documents"]) >= self.part_docs or self.chars >= self.part_chars:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one part of every table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows["documents"]:
            return
        name = f"part-{self.next_part:05d}.parquet"
        order = [t for t in tables.TABLES if t != "documents"] + ["documents"]
        for table in order:
            rows = self.rows[table]
            _fit_decimals(rows, table)
            arrow = pa.Table.from_pylist(rows, schema=_arrow_schema(table))
            tmp = self.root / table / (name + ".tmp")
            pq.write_table(arrow, tmp, compression="zstd")
            os.replace(tmp, self.root / table / name)
        self.next_part += 1
        self.rows = tables.empty_rows()
        self.chars = 0

    def close(self) -> None:
        self.flush()


class CsvWriter(_TableWriter):
    """One CSV file per table, appended chunk by chunk."""

    format: OutputFormat = "csv"
    PROGRESS = ".progress.jsonl"

    def __init__(self, path: str | None, *, resume: bool) -> None:
        super().__init__(path, resume=resume)
        self.progress = self.root / self.PROGRESS
        sizes: dict[str, int] = {}
        if resume and self.progress.exists():
            _cut_partial_line(self.progress)
            last = b""
            with open(self.progress, "rb") as f:
                for line in f:
                    last = line
            if last:
                sizes = json.loads(last)["sizes"]
        self.fds: dict[str, int] = {}
        for table in tables.TABLES:
            file = self.root / f"{table}.csv"
            if resume and file.exists():
                os.truncate(file, sizes.get(table, 0))
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if resume else os.O_TRUNC)
            self.fds[table] = os.open(file, flags, 0o644)
        if not resume and self.progress.exists():
            self.progress.unlink()
        self.sizes = {t: os.fstat(fd).st_size for t, fd in self.fds.items()}

    def done(self) -> set[str]:
        ids: set[str] = set()
        if self.progress.exists():
            with open(self.progress, "rb") as f:
                for line in f:
                    ids.update(json.loads(line)["ids"])
        return ids

    def write(self, ids: list[str], payloads: list[Payload]) -> None:
        for table in tables.TABLES:
            names = [name for name, _ in tables.columns(table)]
            buffer = io.StringIO()
            out = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
            if self.sizes[table] == 0:
                out.writeheader()
            for rows in payloads:
                out.writerows(rows[table])
            data = buffer.getvalue().encode("utf-8")
            if data:
                _write_all(self.fds[table], data)
                self.sizes[table] += len(data)
        line = json.dumps({"ids": ids, "sizes": self.sizes}, ensure_ascii=False) + "\n"
        with open(self.progress, "ab") as f:
            f.write(line.encode("utf-8"))

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds = {}


def open_writer(fmt: OutputFormat, path: str | None, *, resume: bool) -> Writer:
    """The writer of ``fmt`` at ``path`` (None or ``-``: stdout, JSONL only)."""
    if fmt == "parquet":
        return ParquetWriter(path, resume=resume)
    if fmt == "csv":
        return CsvWriter(path, resume=resume)
    return JsonlWriter(path, resume=resume)
