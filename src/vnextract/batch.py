"""``vnextract extract``: run the pipeline over files, folders and JSONL.

Every input document yields exactly one output line (a Document) or one error
record ``{"source", "line", "id", "error"}``; an unreadable file, invalid UTF-8 or
a JSONL line that is not JSON is reported and the rest carries on; the exit code is
1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .errors import ErrorRecord
from .pipeline import EXTRACTORS, Pipeline
from .schema import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

Meta = dict[str, Any]


def iter_files(paths: list[str]) -> Iterator[Path]:
    """Files named, and the text/JSONL files under folders named, in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                    yield child
        else:
            yield path


def read_items(
    paths: list[str], *, text_field: str, id_field: str, date_field: str
) -> Iterator[tuple[str, Meta] | ErrorRecord]:
    """``(text, meta)`` for every document in ``paths``, or an ErrorRecord in its place."""
    for path in iter_files(paths):
        source = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            yield ErrorRecord(source=source, error=f"E201: cannot read the file ({exc.strerror})")
            continue
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield ErrorRecord(
                source=source,
                error=f"E202: not valid UTF-8 at byte {exc.start}; convert the file to UTF-8",
            )
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_items(content, source, text_field, id_field, date_field)
        else:
            yield content, {"id": source, "source": source, "line": None}


def _jsonl_items(
    content: str, source: str, text_field: str, id_field: str, date_field: str
) -> Iterator[tuple[str, Meta] | ErrorRecord]:
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(source=source, line=number, error=f"E203: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get(text_field), str):
            yield ErrorRecord(
                source=source,
                line=number,
                error=f"E204: no text field {text_field!r} (a string); set --text-field",
            )
            continue
        doc_id = row.get(id_field)
        yield row[text_field], {
            "id": f"{source}:{number}" if doc_id is None else str(doc_id),
            "published": row.get(date_field),
            "source": source,
            "line": number,
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``vnextract extract``."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text/JSONL files or folders")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here (default: stdout)")
    parser.add_argument("--errors", metavar="FILE", help="write error records here (default: stderr)")
    parser.add_argument("--text-field", default="text", help="JSONL field with the text")
    parser.add_argument("--id-field", default="id", help="JSONL field with the document id")
    parser.add_argument("--date-field", default="published", help="JSONL field with the date")
    parser.add_argument("--workers", type=int, default=1, help="processes (-1: all cores)")
    parser.add_argument(
        "--extractors", nargs="*", choices=list(EXTRACTORS), help="extractors to run (default: all)"
    )


def _write(out: TextIO, record: Document | ErrorRecord) -> None:
    out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")


def main(args: argparse.Namespace) -> int:
    """Run ``vnextract extract``; returns 1 if any input failed."""
    nlp = Pipeline(extractors=args.extractors)
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    err: TextIO = open(args.errors, "w", encoding="utf-8") if args.errors else sys.stderr
    failed = 0
    try:
        items = read_items(
            args.paths, text_field=args.text_field, id_field=args.id_field, date_field=args.date_field
        )
        pending: list[tuple[str, Meta]] = []
        for item in items:
            if isinstance(item, ErrorRecord):
                failed += 1
                _write(err, item)
                continue
            pending.append(item)
        for result in nlp.pipe(pending, n_process=args.workers, errors="yield"):
            if isinstance(result, ErrorRecord):
                failed += 1
                _write(err, result)
            else:
                _write(out, result)
    finally:
        if args.output:
            out.close()
        if args.errors:
            err.close()
    return 1 if failed else 0
