"""The ``vnextract`` command line: a thin shell around the library.

Sub-commands live with the code they drive: ``extract`` in :mod:`vnextract.batch`,
``eval`` in :mod:`vnextract.evaluate`; ``schema`` prints the JSON Schema of
:class:`vnextract.Document`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .schema import Document


def _schema(args: argparse.Namespace) -> int:
    json.dump(Document.model_json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    from . import batch, evaluate

    parser = argparse.ArgumentParser(
        prog="vnextract",
        description="Structured facts from Vietnamese news and official text.",
    )
    parser.add_argument("--version", action="version", version=f"vnextract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract records from files, folders or JSONL")
    batch.add_arguments(p)
    p.set_defaults(func=batch.main)

    p = sub.add_parser("eval", help="score the pipeline on a gold JSONL file")
    evaluate.add_arguments(p)
    p.set_defaults(func=evaluate.main)

    p = sub.add_parser("schema", help="print the JSON Schema of a Document")
    p.set_defaults(func=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
