"""Throughput of the default vnextract pipeline against underthesea's ``ner()``.

Runs, in one process on the dev texts, the full default :func:`vnextract.extract` and
underthesea's ``ner()`` sentence by sentence (sentences from underthesea's
``sent_tokenize``), and prints characters per second for both and their ratio.  The
project's target: the default pipeline at least 50 times faster.

Usage (from the project root)::

    PYTHONPATH=src python benchmarks/bench_ner.py [../shared/corpora/dev.jsonl] [--rounds N]

Both sides are warmed up first (models and data load lazily), so load time is not
counted.  The two run in alternation for ``--rounds`` rounds (default 3), one pass over
the texts each per round, so that a change in the machine's load hits both alike; the
best pass of each side counts, and each round's own ratio is printed too.  Times are
CPU seconds of this process (``time.process_time``), which a machine shared with other
jobs disturbs far less than wall-clock time; wall-clock figures are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path


def read_texts(path: Path) -> list[str]:
    """The ``text`` of every JSON line of ``path``."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


Timing = tuple[float, float]
"""(CPU seconds, wall-clock seconds) of one pass."""


def _timed(run: Callable[[], None]) -> Timing:
    c0, w0 = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - c0, time.perf_counter() - w0


def vnextract_pass(texts: list[str]) -> Timing:
    """One pass of the default pipeline over ``texts``."""
    import vnextract

    def run() -> None:
        for text in texts:
            vnextract.extract(text)

    return _timed(run)


def underthesea_pass(texts: list[str]) -> Timing:
    """One pass of underthesea's ner() over every sentence of ``texts``."""
    from underthesea import ner, sent_tokenize

    def run() -> None:
        for text in texts:
            for sentence in sent_tokenize(text):
                ner(sentence)

    return _timed(run)


def warm_up(texts: list[str]) -> None:
    """Load both sides' models and data."""
    import vnextract
    from underthesea import ner, sent_tokenize

    vnextract.extract(texts[0])
    ner(sent_tokenize(texts[0])[0])


def main(argv: list[str] | None = None) -> int:
    """Run both and print characters per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="../shared/corpora/dev.jsonl", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (best counts)")
    args = parser.parse_args(argv)
    texts = read_texts(args.corpus)
    chars = sum(len(t) for t in texts)
    warm_up(texts)
    ours: list[Timing] = []
    theirs: list[Timing] = []
    print(f"{len(texts)} texts, {chars} characters; chars per CPU second (wall clock)")
    for r in range(args.rounds):
        ours.append(vnextract_pass(texts))
        theirs.append(underthesea_pass(texts))
        print(f"round {r + 1}: vnextract {chars / ours[-1][0]:,.0f}, underthesea "
              f"{chars / theirs[-1][0]:,.0f}, ratio {theirs[-1][0] / ours[-1][0]:.1f}x")
    (cpu, wall), (their_cpu, their_wall) = min(ours), min(theirs)
    print(f"vnextract.extract (default pipeline): {chars / cpu:12,.0f} ({chars / wall:,.0f})")
    print(f"underthesea ner() by sentence:        {chars / their_cpu:12,.0f} ({chars / their_wall:,.0f})")
    print(f"ratio (best pass against best pass): {their_cpu / cpu:.1f}x "
          f"(wall clock {their_wall / wall:.1f}x); target >= 50x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
