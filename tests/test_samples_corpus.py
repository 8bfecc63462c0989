"""corpora/samples.jsonl and challenge.jsonl: the gold format, built from their sources, annotations in the text."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
KEYS = ["id", "source", "licence", "published", "text", "officials", "organisations",
        "organisations_optional", "dates", "directives", "money"]


def _build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpora_build", CORPORA / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _docs(name: str = "samples") -> list[dict[str, Any]]:
    lines = (CORPORA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_samples_have_the_gold_format() -> None:
    docs = _docs()
    assert len(docs) == 6 and len({d["id"] for d in docs}) == 6
    for doc in docs:
        assert list(doc) == KEYS
        assert doc["licence"] == "CC0-1.0"
        assert doc["source"] == "vnextract sample (written by the project)"
        assert 1500 <= len(doc["text"]) <= 3500
        assert all(set(o) == {"name", "titles"} and o["titles"] for o in doc["officials"])
        assert all(set(m) == {"amount", "currency"} and m["amount"].isdigit() for m in doc["money"])


@pytest.mark.parametrize("doc", _docs(), ids=lambda d: d["id"])
def test_annotations_occur_in_the_text_and_match_the_sources(doc: dict[str, Any]) -> None:
    assert _build().check(doc) == []
    assert (CORPORA / "src" / f"{doc['id']}.txt").read_text(encoding="utf-8") == doc["text"]


def test_challenge_set_has_the_gold_format() -> None:
    docs = _docs("challenge")
    assert len(docs) == 12 and len({d["id"] for d in docs}) == 12
    assert not {d["id"] for d in docs} & {d["id"] for d in _docs()}
    for doc in docs:
        assert list(doc) == KEYS
        assert doc["licence"] == "CC0-1.0"
        assert doc["source"] == "vnextract challenge set (written by the project, held out)"
        assert 800 <= len(doc["text"]) <= 2500
        assert all(set(o) == {"name", "titles"} and o["titles"] for o in doc["officials"])
        assert all(set(m) == {"amount", "currency"} and m["amount"].isdigit() for m in doc["money"])


@pytest.mark.parametrize("doc", _docs("challenge"), ids=lambda d: d["id"])
def test_challenge_annotations_occur_in_the_text_and_match_the_sources(doc: dict[str, Any]) -> None:
    assert _build().check(doc) == []
    assert (CORPORA / "challenge" / "src" / f"{doc['id']}.txt").read_text(encoding="utf-8") == doc["text"]
