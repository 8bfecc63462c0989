"""Keep every dev-set score at or above its last landed level (tests/eval_floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnextract.evaluate import FIELDS, FieldScore, evaluate, read_gold

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def dev_scores(shared_corpora: Path) -> dict[str, FieldScore]:
    return evaluate(read_gold(shared_corpora / "dev.jsonl"))


def test_every_field_has_a_floor() -> None:
    assert set(FIELDS) <= set(FLOORS)


@pytest.mark.parametrize("field", FIELDS)
def test_dev_f1_at_or_above_floor(dev_scores: dict[str, FieldScore], field: str) -> None:
    score = dev_scores[field]
    assert score.f1 >= FLOORS[field], (
        f"{field} F1 {score.f1:.4f} fell below its floor {FLOORS[field]} "
        f"(P {score.precision:.3f}, R {score.recall:.3f}); run "
        f"`vnextract eval ../shared/corpora/dev.jsonl --errors {field}` to see the misses"
    )
