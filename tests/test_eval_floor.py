"""Keep every score at or above its last landed level (tests/eval_floors.json).

The floors cover the shared dev set and the project's own sample set and held-out
challenge and heldout2 sets, per field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnextract.evaluate import FIELDS, FieldScore, evaluate, read_gold

FLOORS: dict[str, dict[str, float]] = {
    k: v
    for k, v in json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8")).items()
    if not k.startswith("_")
}
CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def _gold(name: str, shared: Path | None) -> Path:
    if name == "dev":
        assert shared is not None
        return shared / "dev.jsonl"
    return CORPORA / f"{name}.jsonl"


_scores: dict[str, dict[str, FieldScore]] = {}


def scores_of(name: str, request: pytest.FixtureRequest) -> dict[str, FieldScore]:
    if name not in _scores:
        shared = request.getfixturevalue("shared_corpora") if name == "dev" else None
        _scores[name] = evaluate(read_gold(_gold(name, shared)))
    return _scores[name]


def test_every_gold_set_floors_every_field() -> None:
    for floors in FLOORS.values():
        assert set(FIELDS) <= set(floors)


@pytest.mark.parametrize(
    ("gold", "field"), [(g, f) for g in FLOORS for f in FIELDS], ids=lambda v: str(v)
)
def test_f1_at_or_above_floor(gold: str, field: str, request: pytest.FixtureRequest) -> None:
    score = scores_of(gold, request)[field]
    floor = FLOORS[gold][field]
    assert score.f1 >= floor, (
        f"{gold} {field} F1 {score.f1:.4f} fell below its floor {floor} "
        f"(P {score.precision:.3f}, R {score.recall:.3f}); run "
        f"`vnextract eval <{gold} gold> --errors {field}` to see the misses"
    )
