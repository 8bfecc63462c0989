"""Officials: the example corpus (tests/corpus/officials.yaml), the seed article, dev F1.

Each corpus example must produce exactly the officials its group expects (names, every
title as written with its role/organisation split, and mentions where given); each
negative must produce none; known failures run as strict xfails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from vnextract import Pipeline
from vnextract.evaluate import evaluate
from vnextract.schema import Official

CORPUS = yaml.safe_load(
    (Path(__file__).parent / "corpus" / "officials.yaml").read_text(encoding="utf-8")
)
NLP = Pipeline(extractors=["officials"])


def _officials(text: str) -> list[Official]:
    doc = NLP.extract(text)
    for o in doc.officials:  # offsets point into the original text, nested spans too
        assert text[o.start : o.end] == o.text
        for span in [*o.titles, *o.mentions]:
            assert text[span.start : span.end] == span.text
    return doc.officials


def _shape(officials: list[Official], with_mentions: bool) -> list[dict[str, Any]]:
    out = []
    for o in officials:
        item: dict[str, Any] = {
            "name": o.name,
            "titles": [[t.text, t.role, t.organisation] for t in o.titles],
        }
        if with_mentions:
            item["mentions"] = [m.text for m in o.mentions]
        out.append(item)
    return out


def _cases() -> list[Any]:
    cases = []
    for g, group in enumerate(CORPUS["groups"]):
        for e, example in enumerate(group["examples"]):
            text = example if isinstance(example, str) else example["text"]
            marks = []
            if isinstance(example, dict) and "xfail" in example:
                marks.append(pytest.mark.xfail(reason=example["xfail"], strict=True))
            cases.append(
                pytest.param(text, group["expect"], id=f"g{g}-e{e}-{text[:30]}", marks=marks)
            )
    return cases


def test_corpus_is_big_enough() -> None:
    positives = sum(len(g["examples"]) for g in CORPUS["groups"])
    assert positives >= 120
    assert len(CORPUS["negatives"]) >= 40


@pytest.mark.parametrize("text,expect", _cases())
def test_example(text: str, expect: list[dict[str, Any]]) -> None:
    got = _shape(_officials(text), with_mentions=True)
    for i, official in enumerate(got):  # mentions are checked where the group lists them
        if i >= len(expect) or "mentions" not in expect[i]:
            del official["mentions"]
    assert got == expect


@pytest.mark.parametrize("text", CORPUS["negatives"], ids=lambda t: t[:40])
def test_negative(text: str) -> None:
    assert _shape(_officials(text), False) == []


def test_seed_article(shared_corpora: Path) -> None:
    text = (shared_corpora / "seed" / "hungyen-chithi40.txt").read_text(encoding="utf-8")
    got = {o.name: [(t.text, t.role, t.organisation) for t in o.titles] for o in _officials(text)}
    assert got == {
        "Trần Quốc Toản": [
            ("Phó Bí thư Thường trực Tỉnh ủy", "Phó Bí thư Thường trực", "Tỉnh ủy"),
            ("Chủ tịch HĐND tỉnh", "Chủ tịch", "HĐND tỉnh"),
        ],
        "Nguyễn Hồng Sơn": [
            ("Phó Trưởng ban Kinh tế Trung ương", "Phó Trưởng ban", "Ban Kinh tế Trung ương"),
        ],
        "Hoàng Minh Tế": [("Phó Tổng Giám đốc NHCSXH", "Phó Tổng Giám đốc", "NHCSXH")],
        "Nguyễn Lê Huy": [
            (
                "Phó Chủ tịch Thường trực UBND tỉnh",
                "Phó Chủ tịch Thường trực",
                "UBND tỉnh",
            ),
            (
                "Trưởng ban đại diện HĐQT NHCSXH tỉnh",
                "Trưởng ban",
                "Ban đại diện HĐQT NHCSXH tỉnh",
            ),
        ],
    }
    # the byline ("Minh Nghĩa - Vi Ngoan") is no official
    assert not any("Nghĩa" in name or "Ngoan" in name for name in got)


def test_dev_scores(shared_corpora: Path) -> None:
    rows = [
        json.loads(line)
        for line in (shared_corpora / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    scores = evaluate(rows, NLP)
    assert scores["officials"].f1 >= 0.90
    assert scores["titles"].f1 >= 0.80


def test_messy_input_keeps_offsets_and_names() -> None:
    """NFD marks, old tone placement, doubled spaces and CRLF: spans point at the original."""
    import unicodedata

    raw = "Đồng chí  Nguyễn Văn Thuỷ,  Uỷ viên Ban Thường vụ Tỉnh uỷ\r\nphát biểu. Ông Thuỷ nói."
    text = unicodedata.normalize("NFD", raw)
    [official] = _officials(text)  # _officials checks every span against the original
    assert official.name == "Nguyễn Văn Thủy"
    assert [t.role for t in official.titles] == ["Ủy viên"]
    assert [t.organisation for t in official.titles] == ["Ban Thường vụ Tỉnh ủy"]
    assert len(official.mentions) == 2
