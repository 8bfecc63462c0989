"""``vnextract extract``: run the pipeline over an archive, on every core, losing nothing.

Reading is :mod:`vnextract.io.readers` (files, folders, gzip, stdin), writing
:mod:`vnextract.io.writers` (JSONL, Parquet or CSV tables), the worker processes
:mod:`vnextract.parallel`; this module ties them together:

- the input is streamed in chunks, with a bounded number in flight, so memory
  does not grow with the archive;
- every input document yields exactly one output record or one error record
  (``--errors FILE``, else stderr), in input order unless ``--unordered``;
- output is written in whole records, so a crash, a kill or Ctrl-C leaves
  complete lines only, and ``--resume`` skips what is already written;
- a progress bar (stderr, only on a terminal) and a summary at the end; the exit
  code is 1 when any input failed, in this run or (with ``--resume``) an earlier
  one (130 on Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, Union

from .errors import ErrorRecord
from .io.readers import SUFFIXES, Item, ReadOptions, read_items
from .io.writers import ErrorWriter, OutputFormat, Payload, Writer, error_key, open_writer
from .normalize.encodings import FIX_ENCODING_MODES
from .parallel import bounded_map, cpu_count
from .pipeline import EXTRACTORS, Pipeline, _run_job
from .tables import add_rows, empty_rows

Entry = Union[Item, ErrorRecord]
"""What goes into a chunk: a document to process, or an input error passed through."""

Result = Union[tuple[str, int, Payload], ErrorRecord]
"""What comes back per entry: ``(id, characters, payload)`` or an ErrorRecord."""

MAX_CHUNK_CHARS = 2_000_000
"""A chunk closes at this many characters even before ``--batch-size`` documents."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``vnextract extract``."""
    known = ", ".join(sorted(SUFFIXES))
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=f"files, folders (read recursively) or - for stdin; formats by suffix ({known}), "
        "each also gzip-compressed (.gz)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="JSONL file, or folder for parquet/csv (default: stdout)"
    )
    parser.add_argument(
        "--format",
        choices=["jsonl", "parquet", "csv"],
        default="jsonl",
        help="jsonl: one Document a line; parquet/csv: one flat table per record type in folder OUT",
    )
    parser.add_argument("--errors", metavar="FILE", help="write error records here (default: stderr)")
    parser.add_argument("--glob", help="in folders, read only the files matching this pattern")
    parser.add_argument(
        "--input-format",
        choices=sorted(set(SUFFIXES.values())),
        help="read every input as this format (default: by suffix; stdin is sniffed)",
    )
    parser.add_argument("--text-field", default="text", help="JSON field / column with the text")
    parser.add_argument("--id-field", default="id", help="JSON field / column with the document id")
    parser.add_argument(
        "--date-field", default="published", help="JSON field / column with the publication date"
    )
    parser.add_argument(
        "--encoding-errors",
        choices=["strict", "replace"],
        default="strict",
        help="bytes that are neither UTF-8 nor legacy Vietnamese (see --fix-encoding): report "
        "the document as an error E202 (strict) or replace them with U+FFFD and carry on",
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=ReadOptions.max_chars,
        help="longest document accepted, in characters (default: %(default)s)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="worker processes (default 0: one per core; 1: in this process)",
    )
    parser.add_argument("--batch-size", type=int, default=32, help="documents per chunk of work")
    parser.add_argument(
        "--unordered", action="store_true", help="write results as they come (faster), not in input order"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="append to OUT (and --errors FILE), skipping documents already there",
    )
    parser.add_argument("--no-text", action="store_true", help="parquet/csv: leave the texts out")
    parser.add_argument(
        "--progress",
        choices=["auto", "always", "never"],
        default="auto",
        help="progress bar on stderr (auto: only when stderr is a terminal)",
    )
    parser.add_argument(
        "--extractors", nargs="*", choices=list(EXTRACTORS), help="extractors to run (default: all)"
    )
    parser.add_argument(
        "--fix-encoding",
        default="auto",
        choices=FIX_ENCODING_MODES,
        help="legacy Vietnamese encodings: detect (auto), never (off), or force one; also "
        "how files (or JSONL lines) that are not UTF-8 are read: TCVN3, VNI or VISCII bytes "
        "one character a byte (offsets = byte offsets), else Windows-1258 if it reads as "
        "Vietnamese, else E202 (off: always E202)",
    )


# --- worker side --------------------------------------------------------------------

_worker: tuple[Pipeline, OutputFormat, bool] | None = None


def _init_worker(pipeline: Pipeline, fmt: OutputFormat, text: bool) -> None:
    global _worker
    _worker = (pipeline, fmt, text)


def process_chunk(chunk: list[Entry]) -> list[Result]:
    """Extract every document of a chunk and serialise it for the writer."""
    assert _worker is not None, "process_chunk runs after _init_worker"
    pipeline, fmt, text = _worker
    out: list[Result] = []
    for index, entry in enumerate(chunk):
        if isinstance(entry, ErrorRecord):
            out.append(entry)
            continue
        doc = _run_job((pipeline, entry, index, "yield"))
        if isinstance(doc, ErrorRecord):
            out.append(doc)
            continue
        doc_id = str(entry[1]["id"])
        payload: Payload
        if fmt == "jsonl":
            payload = doc.model_dump_json()
        else:
            payload = empty_rows()
            add_rows(payload, doc, doc_id, text=text)
        out.append((doc_id, len(entry[0]), payload))
    return out


def _chunk_failed(chunk: list[Entry], exc: BaseException) -> list[Result]:
    """Error records for a chunk whose worker died twice (killed, out of memory)."""
    out: list[Result] = []
    for entry in chunk:
        if isinstance(entry, ErrorRecord):
            out.append(entry)
        else:
            meta = entry[1]
            out.append(
                ErrorRecord(
                    source=str(meta.get("source")),
                    line=meta.get("line"),
                    id=str(meta.get("id")),
                    error=f"E210: the worker process died on this batch twice ({exc}); "
                    "run it alone with --workers 1 to find the document",
                )
            )
    return out


# --- main side ----------------------------------------------------------------------


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    chars = 0
    for entry in entries:
        chunk.append(entry)
        if not isinstance(entry, ErrorRecord):
            chars += len(entry[0])
        if len(chunk) >= size or chars >= MAX_CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


@dataclass
class Stats:
    """Counts for the progress bar and the summary."""

    documents: int = 0
    errors: int = 0
    chars: int = 0
    skipped: int = 0
    earlier_errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> str:
        seconds = max(time.monotonic() - self.started, 1e-9)
        skipped = f", {self.skipped:,} skipped (already done)" if self.skipped else ""
        earlier = f" (+{self.earlier_errors:,} from before)" if self.earlier_errors else ""
        return (
            f"vnextract: {self.documents:,} documents, {self.errors:,} errors{earlier}{skipped} "
            f"in {seconds:.1f} s: {self.documents / seconds:,.1f} documents/s, "
            f"{self.chars / seconds:,.0f} characters/s"
        )


def _skip_done(entries: Iterable[Entry], done: set[str], stats: Stats) -> Iterator[Entry]:
    for entry in entries:
        key = error_key(entry) if isinstance(entry, ErrorRecord) else str(entry[1]["id"])
        if key in done:
            stats.skipped += 1
            continue
        yield entry


class _Progress:
    """A tqdm bar with documents/s, characters/s and errors (or nothing)."""

    def __init__(self, mode: str, stream: TextIO) -> None:
        self.bar: Any = None
        if mode == "always" or (mode == "auto" and stream.isatty()):
            from tqdm import tqdm

            self.bar = tqdm(unit=" docs", file=stream, dynamic_ncols=True, smoothing=0.1)
        self.last = 0.0

    def update(self, stats: Stats, documents: int) -> None:
        if self.bar is None:
            return
        self.bar.update(documents)
        now = time.monotonic()
        if now - self.last > 0.5:
            self.last = now
            rate = stats.chars / max(now - stats.started, 1e-9)
            self.bar.set_postfix_str(f"{rate:,.0f} chars/s, {stats.errors:,} errors", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def main(args: argparse.Namespace) -> int:
    """Run ``vnextract extract``; returns 1 if any input failed, 130 on Ctrl-C."""
    options = ReadOptions(
        text_field=args.text_field,
        id_field=args.id_field,
        date_field=args.date_field,
        glob=args.glob,
        input_format=args.input_format,
        encoding_errors=args.encoding_errors,
        max_chars=args.max_chars,
        fix_encoding=args.fix_encoding,
    )
    pipeline = Pipeline(extractors=args.extractors, fix_encoding=args.fix_encoding)
    workers = args.workers if args.workers > 0 else cpu_count()
    if args.resume and args.output in (None, "-"):
        sys.stderr.write("vnextract: E303: --resume continues an output file; name it with -o OUT\n")
        return 2
    try:
        writer: Writer = open_writer(args.format, args.output, resume=args.resume)
    except (ValueError, OSError) as exc:
        sys.stderr.write(f"vnextract: {exc}\n")
        return 2
    errors = ErrorWriter(args.errors, resume=args.resume)
    stats = Stats()
    done: set[str] = set()
    if args.resume:
        failed_before = errors.done()
        stats.earlier_errors = len(failed_before)
        done = writer.done() | failed_before
    progress = _Progress(args.progress, sys.stderr)
    code = 0
    try:
        entries = _skip_done(read_items(args.paths, options), done, stats)
        results = bounded_map(
            process_chunk,
            _chunks(entries, max(1, args.batch_size)),
            n_process=workers,
            ordered=not args.unordered,
            initializer=_init_worker,
            initargs=(pipeline, args.format, not args.no_text),
            on_failure=_chunk_failed,
        )
        for chunk in results:
            ids: list[str] = []
            payloads: list[Payload] = []
            failed: list[ErrorRecord] = []
            for result in chunk:
                if isinstance(result, ErrorRecord):
                    failed.append(result)
                else:
                    ids.append(result[0])
                    stats.chars += result[1]
                    payloads.append(result[2])
            writer.write(ids, payloads)
            errors.write(failed)
            stats.documents += len(ids)
            stats.errors += len(failed)
            progress.update(stats, len(chunk))
    except KeyboardInterrupt:
        code = 130
    finally:
        try:
            writer.close()
        finally:
            errors.close()
            progress.close()
    sys.stderr.write(stats.summary() + ("; interrupted, --resume carries on\n" if code else "\n"))
    # the exit code speaks for the whole job, a resumed one included
    return code or (1 if stats.errors or stats.earlier_errors else 0)
