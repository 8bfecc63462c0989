"""Runner of the directive corpus ``tests/corpus/directives.yaml`` (format at its top),
the seed article check and the dev-set floor of the directives field."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vnextract import Pipeline
from vnextract.evaluate import evaluate, read_gold
from vnextract.schema import Directive

CORPUS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "corpus" / "directives.yaml").read_text("utf-8")
)
NLP = Pipeline(extractors=["directives"])


def _split(example: str) -> tuple[str, int, int]:
    """``"theo [Chỉ thị 15], các"`` -> text without brackets and the bracketed span."""
    if "[" in example:
        start = example.index("[")
        end = example.index("]") - 1
        return example.replace("[", "", 1).replace("]", "", 1), start, end
    return example, len(example) - len(example.lstrip()), len(example.rstrip())


def _directives(text: str, published: dt.date | None = None) -> list[Directive]:
    doc = NLP.extract(text, published=published)
    for record in doc.directives:
        assert text[record.start : record.end] == record.text
        for mention in record.mentions:
            assert text[mention.start : mention.end] == mention.text
    return doc.directives


POSITIVE = [
    pytest.param(example, code, id=f"{code}|{example}")
    for code, examples in CORPUS["positives"].items()
    for example in examples
]


def test_corpus_size() -> None:
    assert len(POSITIVE) >= 120
    assert len(CORPUS["negatives"]) >= 40


@pytest.mark.parametrize(("example", "code"), POSITIVE)
def test_example(example: str, code: str) -> None:
    text, start, end = _split(example)
    found = _directives(text)
    assert len(found) == 1, f"{example!r}: want one document, got {found}"
    [record] = found
    assert record.code == code
    assert (record.start, record.end) == (start, end), f"{example!r}: span {record.text!r}"
    assert [(m.start, m.end) for m in record.mentions] == [(start, end)]


@pytest.mark.parametrize(("example", "code"), POSITIVE)
def test_example_decomposed(example: str, code: str) -> None:
    """The same example in NFD with a no-break space: same code, span still whole."""
    text, start, end = _split(example)
    messy = unicodedata.normalize("NFD", text[:start]).replace(" ", "\u00a0", 1)
    body = unicodedata.normalize("NFD", text[start:end])
    found = _directives(messy + body + text[end:])
    assert [d.code for d in found] == [code]
    assert found[0].text == body


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_negative(text: str) -> None:
    assert _directives(text) == []


@pytest.mark.parametrize(
    "case", CORPUS["enriched"], ids=[c["text"][:40] for c in CORPUS["enriched"]]
)
def test_enriched(case: dict[str, Any]) -> None:
    [record] = _directives(case["text"])
    for name, value in case["expect"].items():
        got = getattr(record, name)
        if isinstance(got, dt.date):
            got = got.isoformat()
            value = str(value)
        assert got == value, f"{name}: {got!r} != {value!r}"


@pytest.mark.parametrize(
    "case", CORPUS["linked"], ids=[c["text"][:40] for c in CORPUS["linked"]]
)
def test_linked(case: dict[str, Any]) -> None:
    found = _directives(case["text"])
    assert [d.code for d in found] == [d["code"] for d in case["documents"]]
    for record, want in zip(found, case["documents"]):
        assert [m.text for m in record.mentions] == want["mentions"]
        assert record.text == want["mentions"][0] or record.rule != "directives.short"
        if "issued" in want:
            assert record.issued == want["issued"]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["why"])) for c in CORPUS["xfail"]],
    ids=[c["text"] for c in CORPUS["xfail"]],
)
def test_known_failure(case: dict[str, Any]) -> None:
    codes = [d.code for d in _directives(case["text"])]
    if case["code"] is None:
        assert codes == []
    else:
        assert case["code"] in codes


def test_seed_article(shared_corpora: Path) -> None:
    text = (shared_corpora / "seed" / "hungyen-chithi40.txt").read_text("utf-8")
    found = _directives(text, published=dt.date(2024, 6, 15))
    assert [d.code for d in found] == ["40-CT/TW", "36-CT/TU"]
    ct40, ct36 = found
    assert ct40.issued == dt.date(2014, 11, 22)
    assert ct40.issuer == "Ban Bí thư Trung ương Đảng"
    assert ct36.issued == dt.date(2015, 2, 27)
    # every "Chỉ thị số 40" in the article, full or short, is a mention of 40-CT/TW
    starts = [i for i in range(len(text)) if text.startswith("Chỉ thị số 40", i)]
    assert [m.start for m in ct40.mentions] == starts
    assert all(m.text.startswith("Chỉ thị số 40") for m in ct40.mentions)
    assert ct40.text == ct40.mentions[0].text == "Chỉ thị số 40-CT/TW"
    starts36 = [i for i in range(len(text)) if text.startswith("Chỉ thị số 36", i)]
    assert [m.start for m in ct36.mentions] == starts36


def test_seed_article_messy(shared_corpora: Path) -> None:
    """CRLF line ends, NFD marks and Ð for Đ change nothing but the offsets."""
    text = (shared_corpora / "seed" / "hungyen-chithi40.txt").read_text("utf-8")
    messy = unicodedata.normalize("NFD", text).replace("\n", "\r\n").replace("Đ", "Ð")
    found = _directives(messy, published=dt.date(2024, 6, 15))
    assert [d.code for d in found] == ["40-CT/TW", "36-CT/TU"]
    assert [len(d.mentions) for d in found] == [text.count("Chỉ thị số 40"), text.count("Chỉ thị số 36")]


def test_dev_directives_f1(shared_corpora: Path) -> None:
    scores = evaluate(read_gold(shared_corpora / "dev.jsonl"), NLP)
    directives = scores["directives"]
    assert directives.f1 >= 0.95, json.dumps(directives.errors, ensure_ascii=False)[:2000]


_CODE_TOKENS = ["40", "-", "/", "CT", "TW", "2018", "NĐ", "CP", "QĐ", "TTg", " ", "\n", "a", "12a",
                "66.4", "ct", "tw", "x", "số", "Chỉ thị ", "5171", "UBND", ".", "BGDĐT", "qđ-ttg"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CODE_TOKENS), max_size=12))
def test_code_scan_is_finditer(tokens: list[str]) -> None:
    """_codes (tried only where a code can start) finds exactly what the code regex finds."""
    from vnextract.extractors.directives import _codes, patterns

    text = "".join(tokens)
    assert [m.span() for m in _codes(text)] == [m.span() for m in patterns().code.finditer(text)]


_SHORT_TOKENS = ["Chỉ thị", "nghị quyết", "Luật", "Công văn", "số", "Số", ":", " ", "\n", "40", "5171",
                 "2019", "12a", "/", "-", ".", ",", "%", "năm", "người", "CT", "TW", "x", "Chỉ thị 40"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SHORT_TOKENS), max_size=12))
def test_short_scan_is_finditer(tokens: list[str]) -> None:
    """_shorts (tried only where a short reference can start) finds exactly what the short
    regex finds."""
    from vnextract.extractors.directives import _shorts, patterns

    text = "".join(tokens)
    assert [m.span() for m in _shorts(text)] == [m.span() for m in patterns().short.finditer(text)]


def test_white_space_table_is_regex_white_space() -> None:
    """canonical_code and code_key drop white space with str.translate: the table they use
    must hold exactly what ``\\s`` of the regex module matches."""
    import regex

    from vnextract.extractors.directives import _WHITE_SPACE

    every = "".join(map(chr, range(0x110000)))
    assert set(regex.findall(r"\s", every)) == set(_WHITE_SPACE)


_AFTER_TOKENS = [" ", "\n", ",", "ngày", "Ngày", "được", "ban", "hành", "ký", "của", "về", "việc", '"',
                 "22/11/2014", "5", "tháng", "năm", "2014", "Ban", "Bí thư", "Chính phủ", "x"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AFTER_TOKENS), max_size=10))
def test_enrich_quick_tests_hold(tokens: list[str]) -> None:
    """_enrich tries each pattern only where the word it needs is near: wherever a pattern
    matches, that word is there."""
    from vnextract.extractors.directives import patterns

    p = patterns()
    rest = "".join(tokens)
    if p.date.match(rest):
        assert rest.find("gày", 0, 21) != -1
    if p.issuer.match(rest):
        assert rest.find("của", 0, 6) != -1
    if p.quoted.match(rest):
        assert rest.find('"', 0, 4) != -1
    if p.about.match(rest):
        assert rest.find("về", 0, 5) != -1
