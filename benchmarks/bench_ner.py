"""Throughput of the default vnextract pipeline against underthesea's ``ner()``.

Runs, in one process on the dev texts, the full default :func:`vnextract.extract` and
underthesea's ``ner()`` sentence by sentence (sentences from underthesea's
``sent_tokenize``), and prints characters per second for both and their ratio.  The
project's target: the default pipeline at least 50 times faster.

Usage (from the project root)::

    PYTHONPATH=src python benchmarks/bench_ner.py [../shared/corpora/dev.jsonl] [--repeat N]

Both sides are warmed up first (models and data load lazily), so load time is not
counted.  underthesea runs once over the texts (it is slow); vnextract ``--repeat`` times
(default 5) and the best run counts.  Times are CPU seconds of this process
(``time.process_time``), which a machine shared with other jobs disturbs far less than
wall-clock time; wall-clock figures are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def read_texts(path: Path) -> list[str]:
    """The ``text`` of every JSON line of ``path``."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def bench_vnextract(texts: list[str], repeat: int) -> tuple[float, float]:
    """Best (CPU, wall) seconds of ``repeat`` runs of the default pipeline over ``texts``."""
    import vnextract

    vnextract.extract(texts[0])  # load every extractor's data
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for text in texts:
            vnextract.extract(text)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall


def bench_underthesea(texts: list[str]) -> tuple[float, float]:
    """(CPU, wall) seconds of underthesea's ner() over every sentence of ``texts``."""
    from underthesea import ner, sent_tokenize

    ner(sent_tokenize(texts[0])[0])  # load the models
    c0, w0 = time.process_time(), time.perf_counter()
    for text in texts:
        for sentence in sent_tokenize(text):
            ner(sentence)
    return time.process_time() - c0, time.perf_counter() - w0


def main(argv: list[str] | None = None) -> int:
    """Run both and print characters per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="../shared/corpora/dev.jsonl", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="vnextract runs (best counts)")
    args = parser.parse_args(argv)
    texts = read_texts(args.corpus)
    chars = sum(len(t) for t in texts)
    ours, ours_wall = bench_vnextract(texts, args.repeat)
    theirs, theirs_wall = bench_underthesea(texts)
    ours_cps, theirs_cps = chars / ours, chars / theirs
    print(f"{len(texts)} texts, {chars} characters; chars per CPU second (wall clock)")
    print(f"vnextract.extract (default pipeline): {ours_cps:12,.0f} ({chars / ours_wall:,.0f})")
    print(f"underthesea ner() by sentence:        {theirs_cps:12,.0f} ({chars / theirs_wall:,.0f})")
    print(f"ratio: {ours_cps / theirs_cps:.1f}x (wall clock {theirs_wall / ours_wall:.1f}x); "
          "target >= 50x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
