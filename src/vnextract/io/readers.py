"""Stream documents out of files, folders and stdin, one ``(text, meta)`` at a time.

Formats (by suffix, after an optional ``.gz``; gzip is also recognised by its
magic bytes): ``.txt``/``.text``/``.md`` (one document a file), ``.html``/``.htm``
(the page's main text, see :mod:`vnextract.io.html`; UTF-8 unless the page
declares another charset), ``.jsonl``/``.ndjson`` (one
object a line), ``.json`` (an object or an array of objects), ``.csv``/``.tsv``
and ``.parquet`` (one document a row).  ``-`` reads stdin (format from
``input_format``, else sniffed).

Nothing is read whole that need not be: JSONL, CSV and Parquet are streamed line
by line or batch by batch, a single document is read up to ``max_chars`` and no
further, so memory stays bounded whatever the archive's size.

Every document gets ``meta = {"id", "published", "source", "line"}``: ``id`` is
the record's own id field when it has one, else ``source:line`` (line-based
formats) or ``source`` (one document a file), so it is stable from run to run.
Every input that cannot become a document yields one :class:`ErrorRecord` naming
the source and the line (or row) instead, with a coded message:

===== ======================================================================
E201  the path cannot be read (missing, permission, a folder that cannot be listed)
E202  not valid UTF-8, nor legacy Vietnamese (``--encoding-errors replace`` carries on),
      or a UTF-16 file that breaks off
E203  a JSON line or file that is not JSON
E204  a record without the text field (or with a non-string text)
E205  a binary file (NUL bytes), or a file that is not a readable Parquet file
E206  a document longer than ``max_chars``
E207  an empty document
E208  a corrupt or truncated gzip stream
E209  a Parquet/CSV column of the wrong type or missing
===== ======================================================================

A document (a whole file, or one line of JSONL, CSV or TSV) that is not valid UTF-8 is,
unless ``fix_encoding="off"`` (``--fix-encoding off``), tried as legacy Vietnamese
(:mod:`vnextract.io.legacy`): TCVN3/ABC, VNI or VISCII bytes become their Windows-1252
view, one character a byte, so offsets into the text are byte offsets of the file and
the pipeline's normaliser converts it (``fix_encoding="auto"`` detects; ``"tcvn3"``,
``"vni"``, ``"viscii"`` force); else Windows-1258 when it decodes and reads as
Vietnamese (its combining marks are kept; the normaliser composes them).  Bytes that
are none of these (damaged UTF-8, another language, binary) stay E202, or with
``encoding_errors="replace"`` are decoded as UTF-8 with U+FFFD for the bad bytes.  A
CSV/TSV record over several lines is decided line by line, and the rest of the file is
skipped at a line that cannot be decoded.  A web page that declares its charset is
decoded with it (``iso-8859-1``, ``ascii`` and ``windows-1252`` as browsers do: the
Windows view, never an error).  A UTF-16 file (a byte-order mark, or NULs in every
other byte) is read as such (:mod:`vnextract.io.utf16`), in any of these formats.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text('{"id": "x1", "text": "Hà Nội"}\\nnot json\\n', encoding="utf-8")
>>> for item in read_items([str(d)]): print(item)
('Hà Nội', {'id': 'x1', 'published': None, 'source': '.../a.jsonl', 'line': 1})
source='.../a.jsonl' line=2 id=None error='E203: not JSON (Expecting value at column 1); ...'
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import IO, Any, Literal

import regex

from ..errors import ErrorRecord
from ..normalize.encodings import FixEncoding
from .legacy import EIGHT_BIT, guess, windows_view
from .utf16 import Utf8Reader, utf16_encoding

Meta = dict[str, Any]
Item = tuple[str, Meta]
Format = Literal["txt", "html", "jsonl", "json", "csv", "tsv", "parquet"]
EncodingErrors = Literal["strict", "replace"]

SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File suffix -> format (a trailing ``.gz`` is looked through)."""

GZIP_MAGIC = b"\x1f\x8b"
NEWLINE = b"\n"
BINARY_PROBE = 8192
"""Bytes looked at for NUL characters to tell a binary file."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs (the ``vnextract extract`` options of the same names)."""

    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "published"
    glob: str | None = None
    input_format: Format | None = None
    encoding_errors: EncodingErrors = "strict"
    max_chars: int = 5_000_000
    fix_encoding: FixEncoding = "auto"
    """Bytes that are not UTF-8: read them as legacy Vietnamese (``auto``: detect; ``off``:
    never; ``tcvn3``/``vni``/``viscii``: as that encoding), see :mod:`vnextract.io.legacy`."""


class _Failure(Exception):
    """An input problem, turned into an ErrorRecord where it is caught."""

    def __init__(self, message: str, line: int | None = None, id: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.id = id


def format_of(name: str) -> tuple[Format | None, bool]:
    """The format a file name says, and whether it says gzip.

    >>> format_of("dump/2024.JSONL.gz"), format_of("a.html"), format_of("README")
    (('jsonl', True), ('html', False), (None, False))
    """
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return SUFFIXES.get(os.path.splitext(lower)[1]), gz


def iter_paths(paths: list[str], glob: str | None = None) -> Iterator[str | ErrorRecord]:
    """The files to read, in a stable order: files named, and under folders named,
    those whose name or path below the folder matches ``glob`` (default: every file
    with a known format), recursively."""
    for raw in paths:
        if raw == "-" or not os.path.isdir(raw):
            yield raw
            continue
        errors: list[OSError] = []
        for folder, dirs, files in os.walk(raw, onerror=errors.append):
            while errors:
                exc = errors.pop()
                yield ErrorRecord(
                    source=str(exc.filename or folder),
                    error=f"E201: cannot list the folder ({exc.strerror}); check its permissions",
                )
            dirs.sort()
            for name in sorted(files):
                if glob is not None:
                    relative = os.path.relpath(os.path.join(folder, name), raw)
                    if not (fnmatch(name, glob) or fnmatch(relative, glob)):
                        continue
                elif format_of(name)[0] is None:
                    continue
                yield os.path.join(folder, name)
        while errors:
            exc = errors.pop()
            yield ErrorRecord(
                source=str(exc.filename or raw),
                error=f"E201: cannot list the folder ({exc.strerror}); check its permissions",
            )


def read_items(paths: list[str], options: ReadOptions | None = None) -> Iterator[Item | ErrorRecord]:
    """``(text, meta)`` for every document under ``paths``, or an ErrorRecord in its place."""
    opts = options or ReadOptions()
    for path in iter_paths(paths, opts.glob):
        if isinstance(path, ErrorRecord):
            yield path
            continue
        yield from read_source(path, opts)


def read_source(path: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    """The items of one file (or ``-``: stdin)."""
    source = "<stdin>" if path == "-" else path
    try:
        raw: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        yield ErrorRecord(source=source, error=f"E201: cannot read the file ({exc.strerror})")
        return
    try:
        stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
        head = stream.peek(BINARY_PROBE)[:BINARY_PROBE]
        fmt, gz = format_of(path)
        if head.startswith(GZIP_MAGIC):
            gz = True
        if gz:
            stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))
            try:
                head = stream.peek(BINARY_PROBE)[:BINARY_PROBE]
            except (OSError, EOFError, zlib.error) as exc:
                yield _gzip_error(source, 1, exc)
                return
        recoder = None
        if fmt != "parquet" and not head.startswith(b"PAR1"):
            encoding = utf16_encoding(head)
            if encoding is not None:
                recoder = Utf8Reader(stream, encoding)
                stream = io.BufferedReader(recoder)
                head = stream.peek(BINARY_PROBE)[:BINARY_PROBE]
        if opts.input_format is not None:
            fmt = opts.input_format
        if fmt is None:
            fmt = _sniff(head)
        if fmt != "parquet" and b"\x00" in head:
            yield ErrorRecord(
                source=source,
                error=f"E205: a binary file (NUL bytes in the first {len(head)} bytes), not text; "
                "leave it out or choose the files with --glob",
            )
            return
        reader = _READERS[fmt]
        yield from reader(stream, source, opts)
        if recoder is not None and recoder.error is not None:
            yield ErrorRecord(
                source=source,
                error=f"E202: {recoder.error}; the documents before it were read; "
                "convert the file to UTF-8",
            )
    except OSError as exc:
        yield ErrorRecord(source=source, error=f"E201: cannot read the file ({exc.strerror or exc})")
    finally:
        if path != "-":
            raw.close()


def _sniff(head: bytes) -> Format:
    start = head.lstrip()[:1]
    if start == b"{":
        return "jsonl"
    if start == b"[":
        return "json"
    if start == b"<":
        return "html"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "txt"


def _gzip_error(source: str, line: int | None, exc: BaseException) -> ErrorRecord:
    return ErrorRecord(
        source=source,
        line=line,
        error=f"E208: corrupt or truncated gzip stream ({exc}); the documents before it were read",
    )


def _decode(
    data: bytes, source: str, line: int | None, opts: ReadOptions
) -> tuple[str, str | None]:
    """The text of one document's bytes, and the legacy encoding it was read in (None
    for UTF-8): UTF-8 first, then (unless ``--fix-encoding off``) TCVN3, VNI, VISCII or
    Windows-1258 (:func:`vnextract.io.legacy.guess`), then ``--encoding-errors``."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        error = exc
    found = guess(data, opts.fix_encoding)
    if found is not None:
        return found
    if opts.encoding_errors == "replace":
        return data.decode("utf-8", "replace"), None
    where = f"byte {error.start}" if line is None else f"byte {error.start} of the line"
    if line is None:
        where += f" (line {data.count(NEWLINE, 0, error.start) + 1})"
    if opts.fix_encoding == "off":
        tried = "; convert it to UTF-8, pass --fix-encoding auto to read TCVN3, VNI, VISCII or "
        tried += "Windows-1258 Vietnamese, or pass --encoding-errors replace"
    elif opts.fix_encoding in EIGHT_BIT:
        tried = "; convert it to UTF-8 or pass --encoding-errors replace"
    else:
        tried = (
            ", nor Vietnamese in TCVN3, VNI, VISCII or Windows-1258; convert it to UTF-8, "
            "name its encoding with --fix-encoding, or pass --encoding-errors replace"
        )
    raise _Failure(f"E202: not valid UTF-8 at {where}{tried}", line)


def _too_long(length: int, opts: ReadOptions, unit: str = "characters") -> str:
    return (
        f"E206: a document of {length:,} {unit} or more is longer than --max-chars "
        f"{opts.max_chars:,}; split it or raise --max-chars"
    )


def _check_text(text: str, opts: ReadOptions, line: int | None) -> None:
    if len(text) > opts.max_chars:
        raise _Failure(_too_long(len(text), opts), line)
    if not text.strip():
        raise _Failure("E207: an empty document (no text); leave it out", line)


def _read_capped(stream: IO[bytes], cap: int) -> bytes:
    data = stream.read(cap + 1)
    return data


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


WINDOWS_1252_LABELS = frozenset({"cp1252", "iso8859-1", "ascii"})
"""Declared charsets (Python's codec names) that browsers read as Windows-1252 (WHATWG)."""


def _declared_charset(data: bytes) -> str | None:
    """The encoding a web page declares in its head, when Python knows it and it is
    not UTF-8 (e.g. ``windows-1258``)."""
    found = _CHARSET.search(data[:4096])
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name in ("utf-8", "utf-8-sig") else name


def _read_whole(
    stream: IO[bytes], source: str, opts: ReadOptions, html: bool = False
) -> tuple[str, str | None]:
    cap = 4 * opts.max_chars + 4
    try:
        data = _read_capped(stream, cap)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _Failure(str(_gzip_error(source, 1, exc).error), 1) from None
    if len(data) > cap:
        raise _Failure(_too_long(cap, opts, "bytes"))
    charset = _declared_charset(data) if html else None
    if charset in WINDOWS_1252_LABELS:
        # as browsers do (WHATWG): one character a byte, never an error; old VNI and
        # TCVN3 pages declare these, and the normaliser converts their letters
        return windows_view(data), None
    if charset is not None:
        try:
            return data.decode(charset, opts.encoding_errors), None
        except UnicodeDecodeError as exc:
            raise _Failure(
                f"E202: not valid {charset} (the charset the page declares) at byte {exc.start}; "
                "correct its <meta charset> or pass --encoding-errors replace"
            ) from None
    return _decode(data, source, None, opts)


def _one_document(
    stream: IO[bytes], source: str, opts: ReadOptions, html: bool
) -> Iterator[Item | ErrorRecord]:
    try:
        text, legacy = _read_whole(stream, source, opts, html)
        published = None
        if html:
            from .html import main_text

            text, published = main_text(text)
        _check_text(text, opts, None)
    except _Failure as exc:
        yield ErrorRecord(source=source, line=exc.line, id=exc.id, error=str(exc))
        return
    yield text, _meta(source, published, source, None, legacy)


def _read_txt(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    return _one_document(stream, source, opts, html=False)


def _read_html(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    return _one_document(stream, source, opts, html=True)


def _meta(
    doc_id: str, published: object, source: str, line: int | None, legacy: str | None
) -> Meta:
    """A document's meta; ``encoding`` when it was read in an 8-bit legacy encoding, for
    the pipeline to convert the text from that encoding rather than guess it again from
    the text alone (a short text field has too few legacy words to tell)."""
    meta: Meta = {"id": doc_id, "published": published, "source": source, "line": line}
    if legacy in EIGHT_BIT:
        meta["encoding"] = legacy
    return meta


def _from_record(
    row: object, source: str, line: int, opts: ReadOptions, what: str, legacy: str | None = None
) -> Item:
    """A document out of one JSON/CSV record (``legacy``: the encoding it was read in)."""
    if not isinstance(row, dict):
        raise _Failure(f"E204: {what} is a JSON {type(row).__name__}, not an object", line)
    text = row.get(opts.text_field)
    given = row.get(opts.id_field)
    doc_id = f"{source}:{line}" if given is None or given == "" else str(given)
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}"
        raise _Failure(
            f"E204: the text field {opts.text_field!r} is {found}, not a string; "
            "name the field with --text-field",
            line,
            doc_id,
        )
    try:
        _check_text(text, opts, line)
    except _Failure as exc:
        exc.id = doc_id
        raise
    return text, _meta(doc_id, row.get(opts.date_field) or None, source, line, legacy)


def _read_jsonl(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    cap = 6 * opts.max_chars + 1024
    line = 0
    while True:
        line += 1
        try:
            data = stream.readline(cap + 1)
            if not data:
                return
            if len(data) > cap and not data.endswith(b"\n"):
                while True:  # skip the rest of the over-long line without keeping it
                    rest = stream.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                raise _Failure(_too_long(cap, opts, "bytes"), line)
            if not data.strip():
                continue
            content, legacy = _decode(data, source, line, opts)
            try:
                # VISCII puts six rare capitals on control bytes, which strict JSON refuses
                row = json.loads(content, strict=legacy is None)
            except json.JSONDecodeError as exc:
                raise _Failure(
                    f"E203: not JSON ({exc.msg} at column {exc.colno}); "
                    "each line must be one JSON object",
                    line,
                ) from None
            yield _from_record(row, source, line, opts, f"line {line}", legacy)
        except _Failure as exc:
            yield ErrorRecord(source=source, line=exc.line, id=exc.id, error=str(exc))
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield _gzip_error(source, line, exc)
            return


def _read_json(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    try:
        content, legacy = _read_whole(stream, source, opts)
        try:
            data = json.loads(content, strict=legacy is None)
        except json.JSONDecodeError as exc:
            raise _Failure(
                f"E203: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", exc.lineno
            ) from None
    except _Failure as exc:
        yield ErrorRecord(source=source, line=exc.line, id=exc.id, error=str(exc))
        return
    rows = data if isinstance(data, list) else [data]
    for number, row in enumerate(rows, 1):
        try:
            yield _from_record(row, source, number, opts, f"element {number}", legacy)
        except _Failure as exc:
            yield ErrorRecord(source=source, line=number, error=str(exc))


def _read_csv(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    return _read_delimited(stream, source, opts, ",")


def _read_tsv(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[Item | ErrorRecord]:
    return _read_delimited(stream, source, opts, "\t")


_LONE_CR = regex.compile(
    rb"""
    (?<=\r)    # just after a carriage return
    (?!\n)     # that no line feed follows
    """,
    regex.VERBOSE,
)
"""Where a line that ends in a bare CR (old Mac files) ends, as ``newline=""`` splits."""


def _decoded_lines(stream: IO[bytes], source: str, opts: ReadOptions) -> Iterator[str]:
    """The lines of a CSV/TSV file (ended by LF, CR LF or CR, ends kept), each decoded on
    its own (UTF-8, else legacy Vietnamese, see :func:`_decode`); raises _Failure (E202)
    at a line that is neither."""
    number = 0
    for chunk in stream:
        for raw in _LONE_CR.split(chunk) if b"\r" in chunk else (chunk,):
            if not raw:
                continue  # after a CR that ends the chunk
            number += 1
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                yield _decode(raw, source, number, opts)[0]


def _read_delimited(
    stream: IO[bytes], source: str, opts: ReadOptions, delimiter: str
) -> Iterator[Item | ErrorRecord]:
    csv.field_size_limit(max(csv.field_size_limit(), 6 * opts.max_chars + 1024))
    reader = csv.DictReader(_decoded_lines(stream, source, opts), delimiter=delimiter)
    line = 1
    try:
        header = reader.fieldnames or []
        if opts.text_field not in header:
            yield ErrorRecord(
                source=source,
                line=1,
                error=f"E209: no column {opts.text_field!r} in the header {header[:10]!r}; "
                "name the text column with --text-field",
            )
            return
        for row in reader:
            line = reader.line_num
            try:
                yield _from_record(row, source, line, opts, f"row at line {line}")
            except _Failure as exc:
                yield ErrorRecord(source=source, line=exc.line, id=exc.id, error=str(exc))
    except _Failure as exc:  # a line that cannot be decoded
        yield ErrorRecord(
            source=source, line=exc.line, error=f"{exc}; the rest of the file was skipped"
        )
    except csv.Error as exc:
        yield ErrorRecord(source=source, line=reader.line_num, error=f"E203: not CSV ({exc})")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield _gzip_error(source, reader.line_num + 1, exc)


def _read_parquet(
    stream: IO[bytes], source: str, opts: ReadOptions
) -> Iterator[Item | ErrorRecord]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError, EOFError, zlib.error) as exc:
        yield ErrorRecord(source=source, error=f"E205: not a readable Parquet file ({exc})")
        return
    schema = table.schema_arrow
    if opts.text_field not in schema.names:
        yield ErrorRecord(
            source=source,
            error=f"E209: no column {opts.text_field!r} in {schema.names[:10]!r}; "
            "name the text column with --text-field",
        )
        return
    kind = schema.field(opts.text_field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        yield ErrorRecord(
            source=source,
            error=f"E209: the column {opts.text_field!r} holds {kind}, not text; "
            "name the text column with --text-field",
        )
        return
    wanted = [opts.text_field] + [
        f for f in (opts.id_field, opts.date_field) if f in schema.names and f != opts.text_field
    ]
    row_number = 0
    try:
        for batch in table.iter_batches(batch_size=256, columns=wanted):
            for row in batch.to_pylist():
                row_number += 1
                try:
                    yield _from_record(row, source, row_number, opts, f"row {row_number}")
                except _Failure as exc:
                    yield ErrorRecord(source=source, line=exc.line, id=exc.id, error=str(exc))
    except (pa.ArrowException, OSError, EOFError, zlib.error) as exc:
        yield ErrorRecord(
            source=source,
            line=row_number + 1,
            error=f"E205: the Parquet file breaks after row {row_number} ({exc})",
        )


_READERS = {
    "txt": _read_txt,
    "html": _read_html,
    "jsonl": _read_jsonl,
    "json": _read_json,
    "csv": _read_csv,
    "tsv": _read_tsv,
    "parquet": _read_parquet,
}
