"""Throughput of the default vnextract pipeline against underthesea's ``ner()``.

Runs, in one process on the dev texts, the full default :func:`vnextract.extract` and
underthesea's ``ner()`` sentence by sentence (sentences from underthesea's
``sent_tokenize``), and prints characters per second for both and their ratio.  The
project's target: the default pipeline at least 50 times faster.

Usage (from the project root)::

    PYTHONPATH=src python benchmarks/bench_ner.py [../shared/corpora/dev.jsonl] [--rounds N]

Both sides are warmed up first (models and data load lazily), so load time is not
counted.  Times are CPU seconds of this process (``time.process_time``).  This machine's
speed drifts by a third over tens of seconds (other jobs on the host), so the two sides
are interleaved: each round splits the texts into ``--slices`` slices (default 6) and,
before underthesea reads each slice, vnextract makes one whole pass over all the texts.
vnextract is thus sampled across the whole of underthesea's run and both meet the same
drift, while each side still runs warm, in long stretches, as it would alone.
``--rounds`` rounds (default 3) are made; each round's ratio is printed, then the ratio
of the totals.
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


def warm_up(texts: list[str]) -> None:
    """Load both sides' models and data."""
    import vnextract
    from underthesea import ner, sent_tokenize

    vnextract.extract(texts[0])
    ner(sent_tokenize(texts[0])[0])


def one_round(texts: list[str], slices: int) -> tuple[float, float]:
    """CPU seconds per character of (vnextract, underthesea) over ``texts``: ``slices``
    whole passes of vnextract, one before each slice of underthesea's single pass."""
    import vnextract
    from underthesea import ner, sent_tokenize

    chars = sum(len(t) for t in texts)
    ours = theirs = 0.0
    for k in range(slices):
        t0 = time.process_time()
        for text in texts:
            vnextract.extract(text)
        t1 = time.process_time()
        for text in texts[k::slices]:
            for sentence in sent_tokenize(text):
                ner(sentence)
        t2 = time.process_time()
        ours += t1 - t0
        theirs += t2 - t1
    return ours / (chars * slices), theirs / chars


def main(argv: list[str] | None = None) -> int:
    """Run both and print characters per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="../shared/corpora/dev.jsonl", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="rounds (see above)")
    parser.add_argument("--slices", type=int, default=6, help="slices per round (see above)")
    args = parser.parse_args(argv)
    texts = read_texts(args.corpus)
    warm_up(texts)
    print(f"{len(texts)} texts, {sum(len(t) for t in texts)} characters; "
          "characters per CPU second")
    ours = theirs = 0.0
    for r in range(args.rounds):
        mine, other = one_round(texts, args.slices)
        ours, theirs = ours + mine, theirs + other
        print(f"round {r + 1}: vnextract {1 / mine:,.0f}, underthesea {1 / other:,.0f}, "
              f"ratio {other / mine:.1f}x")
    print(f"vnextract.extract (default pipeline): {args.rounds / ours:12,.0f}")
    print(f"underthesea ner() by sentence:        {args.rounds / theirs:12,.0f}")
    print(f"ratio: {theirs / ours:.1f}x; target >= 50x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
