"""Organisation and location recognisers against tests/corpus/organisations.yaml.

Each group's examples must yield exactly one record with the group's name (and its
other given fields); negatives must yield none; known failures run as strict xfails.
The dev-set floor lives in test_eval_floor.py (owned by the lead); here a dev check of
the organisation field keeps the recogniser from regressing while it is developed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vnextract import Pipeline
from vnextract.schema import Document

CORPUS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "corpus" / "organisations.yaml").read_text("utf-8")
)
NLP = Pipeline(extractors=["organisations", "locations"])


def _cases(section: str) -> list[Any]:
    return [
        pytest.param(group, text, id=f"{group['name']}|{text[:40]}")
        for group in CORPUS[section]
        for text in group["examples"]
    ]


def _check(doc: Document, field: str, group: dict[str, Any]) -> None:
    records = getattr(doc, field)
    hits = [r for r in records if r.name == group["name"]]
    assert len(hits) == 1, f"{group['name']!r} found {len(hits)} times in {records}"
    hit = hits[0]
    for key, value in group.items():
        if key not in ("name", "examples"):
            assert getattr(hit, key) == value, f"{key}: {getattr(hit, key)!r} != {value!r}"
    for r in records:  # offsets into the original text
        assert doc.text[r.start:r.end] == r.text


@pytest.mark.parametrize(("group", "text"), _cases("organisations"))
def test_organisation(group: dict[str, Any], text: str) -> None:
    _check(NLP.extract(text), "organisations", group)


@pytest.mark.parametrize(("group", "text"), _cases("locations"))
def test_location(group: dict[str, Any], text: str) -> None:
    _check(NLP.extract(text), "locations", group)


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_not_an_organisation(text: str) -> None:
    assert NLP.extract(text).organisations == []


@pytest.mark.parametrize("text", CORPUS["location_negatives"])
def test_not_a_location(text: str) -> None:
    assert NLP.extract(text).locations == []


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c["name"], marks=pytest.mark.xfail(strict=True))
     for c in CORPUS["known_failures"]],
)
def test_known_failure(case: dict[str, Any]) -> None:
    _check(NLP.extract(case["text"]), case["field"], {"name": case["name"]})


def test_corpus_size() -> None:
    positives = sum(len(g["examples"]) for g in CORPUS["organisations"])
    assert positives >= 100 and len(CORPUS["negatives"]) >= 30


def test_old_tone_style_and_offsets() -> None:
    text = "Uỷ  ban nhân dân tỉnh Hoà Bình họp."
    doc = NLP.extract(text)
    [org] = doc.organisations
    assert org.name == "Ủy ban nhân dân tỉnh Hòa Bình"
    assert text[org.start:org.end] == org.text == "Uỷ  ban nhân dân tỉnh Hoà Bình"


def test_underthesea_option_keeps_the_grammar() -> None:
    pytest.importorskip("underthesea")
    text = "Ngân hàng Chính sách xã hội giải ngân vốn vay."
    doc = Pipeline(extractors=["organisations_underthesea"]).extract(text)
    assert "Ngân hàng Chính sách xã hội" in [o.name for o in doc.organisations]


def test_dev_organisations(shared_corpora: Path) -> None:
    from vnextract.evaluate import evaluate, read_gold

    score = evaluate(read_gold(shared_corpora / "dev.jsonl"))["organisations"]
    assert score.f1 >= 0.80, score
