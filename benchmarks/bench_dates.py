"""Benchmark: the date extractor alone vs dateparser's ``search_dates`` on the dev texts.

A script, not a test. From the project root::

    PYTHONPATH=src python benchmarks/bench_dates.py [../shared/corpora/dev.jsonl]

Prints characters per CPU second of both (same texts, same run; best of a few runs), their ratio, and both dates
F1 scores under the rules of corpora/README.md (per-document sets of values, micro-averaged).
dateparser returns datetimes, turned into day values (``2014-11-22``); it is given the
document's published date as its relative base when there is one.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vnextract.context import Context
from vnextract.evaluate import read_gold, score_sets
from vnextract.extractors.dates import find_dates
from vnextract.pipeline import Pipeline, parse_published
from vnextract.schema import DateMention


def _f1(pred: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for p, g in zip(pred, gold):
        a, b, c = score_sets(p, g)
        tp, fp, fn = tp + a, fp + b, fn + c
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _timed(fn: Callable[[], list[set[str]]], repeat: int) -> tuple[list[set[str]], float]:
    best = float("inf")
    result: list[set[str]] = []
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: the machine is shared, wall time is noisy
        result = fn()
        best = min(best, time.process_time() - t0)
    return result, best


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "../shared/corpora/dev.jsonl")
    rows: list[dict[str, Any]] = read_gold(path)
    texts = [r["text"] for r in rows]
    published: list[dt.date | None] = [parse_published(r.get("published")) for r in rows]
    gold = [set(r.get("dates") or []) for r in rows]
    chars = sum(len(t) for t in texts)
    nlp = Pipeline(extractors=["dates"])
    normalised = [nlp.normalize(t).text for t in texts]

    def ours_alone() -> list[set[str]]:
        out: list[set[str]] = []
        for t, p in zip(normalised, published):
            out.append({d.value for d in find_dates(Context(text=t, published=p)) if isinstance(d, DateMention)})
        return out

    def ours_pipeline() -> list[set[str]]:
        return [{d.value for d in nlp.extract(t, published=p).dates} for t, p in zip(texts, published)]

    from dateparser.search import search_dates  # test-only dependency

    def theirs() -> list[set[str]]:
        out: list[set[str]] = []
        for t, p in zip(texts, published):
            settings: dict[str, Any] = {}
            if p is not None:
                settings["RELATIVE_BASE"] = dt.datetime(p.year, p.month, p.day)
            found = search_dates(t, languages=["vi"], settings=settings) or []
            out.append({d.date().isoformat() for _s, d in found})
        return out

    ours_alone()  # warm up: compile the patterns, read the vocabulary
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search_dates("ngày 5 tháng 3 năm 2021", languages=["vi"])  # warm up dateparser
        pred_ours, t_ours = _timed(ours_alone, 5)
        pred_pipe, t_pipe = _timed(ours_pipeline, 3)
        pred_theirs, t_theirs = _timed(theirs, 1)
    print(f"dev texts: {len(texts)} documents, {chars:,} characters")
    print(f"{'':34}{'chars/s':>12}{'P':>8}{'R':>8}{'F1':>8}")
    for name, pred, seconds in (
        ("vnextract dates (extractor alone)", pred_ours, t_ours),
        ("vnextract dates (with normaliser)", pred_pipe, t_pipe),
        ("dateparser search_dates(vi)", pred_theirs, t_theirs),
    ):
        p, r, f = _f1(pred, gold)
        print(f"{name:34}{chars / seconds:>12,.0f}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    print(f"speed ratio (extractor alone / dateparser): {t_theirs / t_ours:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
