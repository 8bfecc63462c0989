"""Score a Pipeline on a gold JSONL file, exactly as ``corpora/README.md`` defines.

Scoring is per document on sets of normalised values, micro-averaged over all
documents: precision, recall and F1 per field.  Names and titles are compared after
NFC, case folding, collapsing white space and unifying tone placement; directive
codes without case, spaces, hyphens and dots, with ``TƯ`` = ``TW``; organisations
leniently (equal, or one contains the other on word boundaries and the shorter has
at least 60% of the longer's words; each gold name matches once; predictions of
``organisations_optional`` names cost nothing) and strictly (equal only).

>>> lenient_match("ubnd tỉnh hưng yên", "ubnd tỉnh")
False
>>> lenient_match("hđnd tỉnh sơn la", "hđnd tỉnh sơn")
True
>>> score_sets({"a", "b"}, {"b", "c"})
(1, 1, 1)
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import regex

from .normalize.tone import place_tones
from .pipeline import EXTRACTORS, Pipeline
from .schema import Document

FIELDS: tuple[str, ...] = (
    "officials",
    "titles",
    "organisations",
    "organisations_strict",
    "dates",
    "directives",
    "money",
)
"""The scored fields, in the order they are printed."""

_SPACES = regex.compile(r"\s+")
_CODE_NOISE = regex.compile(r"[\s\-.‐‑–—]+")


def norm_name(text: str) -> str:
    """Normalise a name or title for comparison.

    >>> norm_name("  Uỷ ban\\nnhân dân ")
    'ủy ban nhân dân'
    """
    text = unicodedata.normalize("NFC", text)
    text = place_tones(text, "new").casefold()
    return _SPACES.sub(" ", text).strip()


def norm_code(code: str) -> str:
    """Normalise a document code for comparison.

    >>> norm_code("1177/QĐ BGDĐT") == norm_code("1177/QĐ-BGDĐT")
    True
    >>> norm_code("59-NQ/TƯ") == norm_code("59-NQ/TW")
    True
    """
    text = unicodedata.normalize("NFC", code).replace("Ð", "Đ").casefold()
    text = _CODE_NOISE.sub("", text)
    return text.replace("tư", "tw")


def norm_amount(amount: str | Decimal, currency: str) -> tuple[str, str]:
    """``("4321000000000.0", "vnd")`` -> ``("4321000000000", "VND")``."""
    try:
        value = Decimal(str(amount)).normalize()
    except InvalidOperation:
        return str(amount), currency.upper()
    text = format(value, "f")
    return text, currency.upper()


def score_sets(predicted: set[Any], gold: set[Any]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of two sets."""
    tp = len(predicted & gold)
    return tp, len(predicted) - tp, len(gold) - tp


def lenient_match(a: str, b: str) -> bool:
    """Equal, or one contains the other on word boundaries with >= 60% of its words."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short or len(short) < 0.6 * len(long_):
        return False
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _max_matching(preds: list[str], golds: list[str]) -> dict[int, int]:
    """Maximum bipartite matching prediction -> gold under :func:`lenient_match`."""
    edges = [[j for j, g in enumerate(golds) if lenient_match(p, g)] for p in preds]
    gold_of: dict[int, int] = {}  # gold index -> prediction index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_of or augment(gold_of[j], seen):
                gold_of[j] = i
                return True
        return False

    # exact matches first, so that the error lists blame a fragment rather than the
    # exact name; augmenting paths then still reach a maximum matching
    for i, p in enumerate(preds):
        if p in golds:
            gold_of.setdefault(golds.index(p), i)
    for i in range(len(preds)):
        if i not in gold_of.values():
            augment(i, set())
    return {i: j for j, i in gold_of.items()}


def score_organisations(
    predicted: set[str], gold: set[str], optional: set[str], *, lenient: bool
) -> tuple[int, int, int, list[str], list[str]]:
    """(tp, fp, fn, false positives, false negatives) for organisation names."""
    preds, golds = sorted(predicted), sorted(gold)
    if lenient:
        matched = _max_matching(preds, golds)
    else:
        matched = {i: golds.index(p) for i, p in enumerate(preds) if p in gold}
    matched_gold = set(matched.values())
    fps = []
    for i, p in enumerate(preds):
        if i in matched:
            continue
        if p in optional or (lenient and any(lenient_match(p, o) for o in optional)):
            continue
        fps.append(p)
    fns = [g for j, g in enumerate(golds) if j not in matched_gold]
    return len(matched), len(fps), len(fns), fps, fns


def predicted_values(doc: Document) -> dict[str, set[Any]]:
    """The normalised value sets of a Document, per scored field."""
    money: set[tuple[str, str]] = set()
    for m in doc.money:
        money.add(norm_amount(m.amount, m.currency))
        if m.amount_max is not None:
            money.add(norm_amount(m.amount_max, m.currency))
    return {
        "officials": {norm_name(o.name) for o in doc.officials},
        "titles": {(norm_name(o.name), norm_name(t.text)) for o in doc.officials for t in o.titles},
        "organisations": {norm_name(o.name) for o in doc.organisations},
        "dates": {d.value for d in doc.dates},
        "directives": {norm_code(d.code) for d in doc.directives},
        "money": money,
    }


def gold_values(row: dict[str, Any]) -> dict[str, set[Any]]:
    """The normalised value sets of a gold row, per scored field."""
    officials = row.get("officials") or []
    return {
        "officials": {norm_name(o["name"]) for o in officials},
        "titles": {(norm_name(o["name"]), norm_name(t)) for o in officials for t in o["titles"]},
        "organisations": {norm_name(o) for o in row.get("organisations") or []},
        "organisations_optional": {norm_name(o) for o in row.get("organisations_optional") or []},
        "dates": set(row.get("dates") or []),
        "directives": {norm_code(c) for c in row.get("directives") or []},
        "money": {norm_amount(m["amount"], m["currency"]) for m in row.get("money") or []},
    }


@dataclass
class FieldScore:
    """Counts of one field, with its errors per document for inspection."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _sortable(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=repr)


def evaluate(rows: Iterable[dict[str, Any]], pipeline: Pipeline | None = None) -> dict[str, FieldScore]:
    """Score ``pipeline`` (default: ``Pipeline()``) on gold rows; returns a score per field."""
    nlp = pipeline or Pipeline()
    scores = {name: FieldScore() for name in FIELDS}
    for row in rows:
        doc = nlp.extract(row["text"], published=row.get("published"), id=row.get("id"))
        pred, gold = predicted_values(doc), gold_values(row)
        for name in FIELDS:
            s = scores[name]
            if name.startswith("organisations"):
                tp, fp, fn, fps, fns = score_organisations(
                    pred["organisations"],
                    gold["organisations"],
                    gold["organisations_optional"],
                    lenient=name == "organisations",
                )
            else:
                tp, fp, fn = score_sets(pred[name], gold[name])
                fps = _sortable(pred[name] - gold[name])
                fns = _sortable(gold[name] - pred[name])
            s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn
            if fps or fns:
                s.errors.append({"id": row.get("id"), "false_positives": fps, "false_negatives": fns})
    return scores


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a gold JSONL file; a bad line raises an error naming the file and line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"E311: {path}:{number} is not valid JSON ({exc.msg})") from None
            if "text" not in rows[-1]:
                raise SystemExit(f"E312: {path}:{number} has no 'text' field")
    return rows


def format_table(scores: dict[str, FieldScore]) -> str:
    """The per-field table that ``vnextract eval`` prints."""
    lines = [f"{'field':<22}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name, s in scores.items():
        lines.append(
            f"{name:<22}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
        )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``vnextract eval``."""
    parser.add_argument("gold", help="gold JSONL file (format: corpora/README.md)")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument(
        "--errors",
        metavar="FIELD",
        action="append",
        choices=FIELDS,
        help="also print the false positives and negatives of FIELD per document",
    )
    parser.add_argument(
        "--extractors",
        nargs="*",
        choices=list(EXTRACTORS),
        help="run only these extractors (default: all)",
    )


def main(args: argparse.Namespace) -> int:
    """Run ``vnextract eval``."""
    rows = read_gold(args.gold)
    scores = evaluate(rows, Pipeline(extractors=args.extractors))
    if args.json:
        out = {name: s.as_dict() for name, s in scores.items()}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{args.gold}: {len(rows)} documents")
        print(format_table(scores))
    for name in args.errors or []:
        print(f"\n## {name} errors")
        for err in scores[name].errors:
            print(json.dumps(err, ensure_ascii=False, default=str))
    return 0
