"""Unicode hygiene: NFD, misplaced marks, Ð, look-alikes, invisible characters, tone style."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from vnextract import Pipeline
from vnextract.normalize import normalize

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "hygiene.yaml").read_text("utf-8"))
CASES = [(want, src) for want, rows in CORPUS["examples"].items() for src in rows]


@pytest.mark.parametrize(("expected", "broken"), CASES)
def test_broken_unicode_is_repaired(expected: str, broken: str) -> None:
    n = normalize(broken)
    assert n.text == expected
    # every word maps back to a stretch of the broken text that normalises to it
    for word in expected.split():
        i = n.text.index(word)
        s, e = n.original_span(i, i + len(word))
        assert normalize(broken[s:e]).text.strip() == word


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_clean_or_foreign_text_is_kept(text: str) -> None:
    assert normalize(text, tone="keep").text == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    ("tone", "expected"),
    [("new", "Ủy ban tỉnh Hòa Bình, thủy lợi"), ("old", "Uỷ ban tỉnh Hoà Bình, thuỷ lợi")],
)
def test_tone_style_option(tone: str, expected: str) -> None:
    for text in ("Ủy ban tỉnh Hòa Bình, thủy lợi", "Uỷ ban tỉnh Hoà Bình, thuỷ lợi"):
        assert normalize(text, tone=tone).text == expected  # type: ignore[arg-type]
        assert Pipeline(extractors=[], tone=tone).normalize(text).text == expected  # type: ignore[arg-type]


def test_cyrillic_only_inside_mostly_latin_words() -> None:
    # "Сhỉ" (Cyrillic С) is fixed; "СССР" (all Cyrillic) is not
    assert normalize("\u0421hỉ thị, \u0421\u0421\u0421\u0420").text == "Chỉ thị, \u0421\u0421\u0421\u0420"
