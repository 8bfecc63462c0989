"""Hostile input: extraction time grows linearly with the input, on strings built to make
a badly written pattern backtrack (``vnextract.normalize.adversarial``).

Each string is extracted at its full size and at an eighth of it: linear time gives a
ratio near 8, quadratic near 64; the test asks for at most 20 (CPU time, best of
three runs of each size taken in turn, to ride out a busy machine).  Two cases use a
sixteenth (at most 40).  The timeout is a guard only.  Figures per MB:
``benchmarks/bench_adversarial.py``.
"""

from __future__ import annotations

import time

import pytest

import vnextract
from vnextract.normalize.adversarial import ADVERSARIAL, capitalised

SLACK = 2.5
"""Allowed time ratio over the size ratio (linear: 1; quadratic: the size ratio again)."""
GUARD_SECONDS = 120.0

SIZES = {
    "digits": 100_000,
    "dots": 100_000,
    "slashes": 100_000,
    "digits_dots_slashes": 100_000,
    "capitalised": len(capitalised(10**6)[: 10_000 * 6]),  # ~10 000 syllables
    "chi_thi_so": 2**20,  # 1 MB of "Chỉ thị số "
    "money_words": 200_000,
    "html_open": 200_000,
    "legacy_lookalike": 200_000,
    "nfd_marks": 200_000,
    "titles": 200_000,
    "theo_anh": 200_000,
}


def _seconds(text: str) -> float:
    """CPU seconds of one extraction: time spent by other processes on a busy machine
    does not count, as it would in wall-clock time."""
    start = time.process_time()
    doc = vnextract.extract(text)
    seconds = time.process_time() - start
    assert doc.text == text
    return seconds


def _check_linear(name: str, size: int, factor: int = 8, rounds: int = 3) -> None:
    build = ADVERSARIAL[name]
    vnextract.extract("warm up: Chỉ thị số 40-CT/TW ngày 14/6/2024, 4.321 tỷ đồng")
    vnextract.extract(build(4096))
    small_text, full_text = build(size // factor), build(size)
    start = time.perf_counter()
    doc = vnextract.extract(full_text)
    first = time.perf_counter() - start
    assert first < GUARD_SECONDS, f"{name}: {first:.1f} s"
    for field in vnextract.schema.RECORD_FIELDS:
        for r in getattr(doc, field):
            assert doc.text[r.start : r.end] == r.text
    # The two sizes alternate, so both meet the same drift of a shared machine; the
    # best of each is compared.
    small = full = float("inf")
    for _ in range(rounds):
        small = min(small, _seconds(small_text))
        full = min(full, _seconds(full_text))
    if full > 0.2:  # below that, timer noise dominates
        ratio = full / max(small, 1e-3)
        assert ratio <= SLACK * factor, f"{name}: {small:.3f} s -> {full:.3f} s (x{factor} input)"


@pytest.mark.parametrize(("name", "size"), sorted(SIZES.items()))
def test_adversarial_input_takes_linear_time(name: str, size: int) -> None:
    _check_linear(name, size)


def test_numbers_among_many_dates_take_linear_time() -> None:
    _check_linear("so_ngay_thang", 2**17, factor=16)


def test_names_among_many_official_mentions_take_linear_time() -> None:
    _check_linear("official_mentions", 2**18, factor=16)


def test_normalising_10_mb_uses_bounded_memory() -> None:
    """The normaliser (every step this module guards) on a 10 MB document: memory
    traced at its peak stays within a few copies of the input.  The whole pipeline's
    figures (time, peak RSS) are in ``benchmarks/bench_adversarial.py``."""
    import json
    import sys
    import tracemalloc
    from pathlib import Path

    from vnextract.normalize import normalize

    samples = Path(__file__).resolve().parents[1] / "corpora" / "samples.jsonl"
    base = "\n\n".join(json.loads(x)["text"] for x in samples.open(encoding="utf-8") if x.strip())
    text = base * (10 * 2**20 // len(base.encode()) + 1)
    normalize("warm up")
    tracemalloc.start()
    try:
        n = normalize(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(n.text) > 0.9 * len(text)
    assert peak < 4 * sys.getsizeof(text), f"peak {peak / 2**20:.0f} MB"


# locations x earlier locations was O(matches^2) until main fixed it (bisect)
def test_many_place_names_take_linear_time() -> None:
    _check_linear("place_names", 2**17, factor=16)
