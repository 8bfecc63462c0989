"""Money, percentages and quantities: the example corpus, properties, the seed article, dev F1."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vnextract import Pipeline
from vnextract.context import Context
from vnextract.evaluate import evaluate
from vnextract.extractors.money import find_money
from vnextract.extractors.numbers import format_vi, read_digits
from vnextract.schema import Directive, Money, Percentage, Quantity, Span

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "money.yaml").read_text("utf-8"))
TYPES: dict[str, type[Span]] = {"money": Money, "percentages": Percentage, "quantities": Quantity}
OPTIONAL = {
    "money": ("qualifier", "amount_max", "per"),
    "percentages": ("qualifier", "value_max"),
    "quantities": ("qualifier",),
}
VALUE_FIELDS = {"amount", "amount_max", "value", "value_max"}


def _find(text: str) -> list[Span]:
    return find_money(Context(text=text, published=None))


def _split(example: str) -> tuple[str, int, int]:
    """``"chuẩn bị [50 tỷ] để"`` -> the text without brackets and the bracketed span."""
    if "[" not in example:
        return example, 0, len(example)
    start = example.index("[")
    end = example.index("]") - 1
    return example.replace("[", "", 1).replace("]", "", 1), start, end


def _cases() -> list[Any]:
    cases = []
    for kind in TYPES:
        for group in CORPUS[kind]:
            expect = {k: v for k, v in group.items() if k != "examples"}
            for example in group["examples"]:
                cases.append(pytest.param(kind, example, expect, id=f"{kind}:{example}"))
    for item in CORPUS["xfail"]:
        expect = {k: v for k, v in item.items() if k not in ("text", "kind", "reason")}
        cases.append(
            pytest.param(
                item["kind"],
                item["text"],
                expect,
                id=f"xfail:{item['text']}",
                marks=pytest.mark.xfail(strict=True, reason=item["reason"]),
            )
        )
    return cases


def _check(kind: str, example: str, expect: dict[str, Any]) -> None:
    text, start, end = _split(example)
    records = [r for r in _find(text) if r.start < end and start < r.end]
    assert len(records) == 1, [r.text for r in records]
    (rec,) = records
    assert isinstance(rec, TYPES[kind]), type(rec).__name__
    assert (rec.start, rec.end) == (start, end), rec.text
    assert rec.text == text[start:end]
    for name, want in expect.items():
        got = getattr(rec, name)
        if name in VALUE_FIELDS:
            assert got == Decimal(want), (name, got)
        else:
            assert got == want, (name, got)
    for name in OPTIONAL[kind]:
        if name not in expect:
            assert getattr(rec, name) is None, (name, getattr(rec, name))


@pytest.mark.parametrize(("kind", "example", "expect"), _cases())
def test_corpus_example(kind: str, example: str, expect: dict[str, Any]) -> None:
    _check(kind, example, expect)


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_negative(text: str) -> None:
    assert [r.text for r in _find(text)] == []


def test_corpus_size_and_unique() -> None:
    examples = [e for kind in TYPES for g in CORPUS[kind] for e in g["examples"]]
    assert len(examples) >= 150
    assert len(CORPUS["negatives"]) >= 40
    assert len(set(examples)) == len(examples), "an example is listed twice"


# ---- properties --------------------------------------------------------------------------

amounts = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal(999999999999999),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["đồng", "VNĐ", "USD", "euro", "tỷ đồng", "triệu USD"]))
def test_format_then_extract_gives_the_decimal_back(value: Decimal, unit: str) -> None:
    text = f"trị giá {format_vi(value)} {unit} cho dự án"
    records = [r for r in _find(text) if isinstance(r, Money)]
    assert len(records) == 1, text
    scale = {"tỷ đồng": 10**9, "triệu USD": 10**6}.get(unit, 1)
    assert records[0].amount == value * scale, text


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_format_then_read_digits_round_trips(value: Decimal) -> None:
    reading = read_digits(format_vi(value), "vi")
    assert reading is not None and reading.value == value


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_format_then_extract_percentage(value: Decimal) -> None:
    records = _find(f"tăng {format_vi(value)}% so với năm trước")
    assert [type(r) for r in records] == [Percentage]
    assert records[0].value == value  # type: ignore[attr-defined]


# ---- the seed article and the dev set ------------------------------------------------------


def test_seed_article(shared_corpora: Path) -> None:
    text = (shared_corpora / "seed" / "hungyen-chithi40.txt").read_text("utf-8")
    doc = Pipeline(extractors=["money"]).extract(text)
    assert sorted((m.amount, m.currency) for m in doc.money) == [
        (Decimal(n) * 10**9, "VND") for n in (1552, 2398, 4321, 8530)
    ]
    assert all(str(m.amount).isdigit() for m in doc.money)  # exact integers, no exponent
    # The two growth rates; the article's third figure with "%" ("bao phủ đến 100% các thôn",
    # a coverage) is a percentage too, and nothing else is.
    assert sorted(p.value for p in doc.percentages) == [
        Decimal(v) for v in ("56.08", "100", "124.8")
    ]
    growth = [p for p in doc.percentages if p.qualifier is None]
    assert sorted(p.value for p in growth) == [Decimal("56.08"), Decimal("124.8")]
    for record in [*doc.money, *doc.percentages, *doc.quantities]:
        assert text[record.start : record.end] == record.text


def test_dev_money_f1(shared_corpora: Path) -> None:
    rows = [json.loads(line) for line in (shared_corpora / "dev.jsonl").open(encoding="utf-8")]
    score = evaluate(rows, Pipeline(extractors=["money"]))["money"]
    assert score.f1 >= 0.95, score.errors


def test_offsets_into_the_original_text() -> None:
    text = "Hỗ trợ  trên\u00a04.321 tỷ đồng,  tăng 124,8 % và 6.152 học sinh."
    doc = Pipeline(extractors=["money"]).extract(text)
    records = [*doc.money, *doc.percentages, *doc.quantities]
    assert len(records) == 3
    for record in records:
        assert text[record.start : record.end] == record.text


def test_numbers_inside_earlier_records_are_skipped() -> None:
    text = "theo văn bản số 40 triệu đồng"
    ref = Directive(text="số 40", start=13, end=18, rule="test", code="40")
    assert text[ref.start : ref.end] == ref.text
    alone = find_money(Context(text=text, published=None))
    assert [r.text for r in alone] == ["40 triệu đồng"]
    ctx = Context(text=text, published=None, found={"directives": [ref]})
    assert find_money(ctx) == []


def test_document_convention_decides_three_digit_groups() -> None:
    english = "Nợ công là 128.9 tỷ USD, tăng 1.552 tỷ USD."
    vietnamese = "Tăng 124,8%, tức 1.552 tỷ USD."
    assert [m.amount for m in _find(english) if isinstance(m, Money)] == [
        Decimal(128900000000),
        Decimal(1552000000),
    ]
    assert [m.amount for m in _find(vietnamese) if isinstance(m, Money)] == [Decimal(1552000000000)]


def test_mixed_conventions_are_flagged() -> None:
    text = "Tăng 12,5% và 3.7% trong năm, đạt 1.552 tỷ USD."
    (money,) = [m for m in _find(text) if isinstance(m, Money)]
    assert money.ambiguous and money.amount == Decimal(1552000000000)


_NUMERAL_TOKENS = ["hai", "Hai", "NĂM", "mươi", "lăm", "năm", "triệu", "tỷ", "nghìn", "rưỡi", "nửa",
                   "một", "trăm", "linh", "5", "12", "1.000", "3,5", "k", "tr", " ", ",", "-", "\n",
                   "đồng", "tỷlệ", "ſáu", "mười", "2024", "/", "khai", "x", "ba"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMERAL_TOKENS), max_size=14), st.sampled_from([" ", ""]))
def test_numeral_scan_is_finditer(tokens: list[str], sep: str) -> None:
    """The faster numeral scan finds exactly what the numeral regex's finditer finds."""
    from vnextract.extractors.numbers import _numeral_matches, numeral_re

    text = sep.join(tokens)
    assert [m.span() for m in _numeral_matches(text)] == [m.span() for m in numeral_re().finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMERAL_TOKENS + ["nửa", "Nửa đầu", "năm nay", "tháng"]), max_size=14),
       st.sampled_from([" ", ""]))  # fmt: skip
def test_numeral_scan_after_dates_is_finditer(tokens: list[str], sep: str) -> None:
    """The numeral scan finds the same with the places of words that dates' anchor scan found."""
    from vnextract.extractors.casefold import lowered
    from vnextract.extractors.dates import _anchor_starts
    from vnextract.extractors.numbers import _numeral_matches, numeral_re

    text = sep.join(tokens)
    _anchor_starts(text, lowered(text))  # (tells numbers where words may start in this text)
    assert [m.span() for m in _numeral_matches(text)] == [m.span() for m in numeral_re().finditer(text)]


_BACK_TOKENS = ["trên", "Trên", "khoảng", "gần", "từ", "năm", "Điều", "số", "vàng", "US$", "$", "€", " ",
                "  ", "\n", "x", "5", ",", "hơn", "tới", "đến"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BACK_TOKENS), max_size=10), st.sampled_from(["", " "]))
def test_backward_patterns_are_forward_search(tokens: list[str], sep: str) -> None:
    """The patterns searched backwards from a window's end find what a forward search finds."""
    import regex

    from vnextract.extractors.backward import forward
    from vnextract.extractors.money import patterns

    p = patterns()
    text = sep.join(tokens)
    for pattern in [p.cur_before, p.qualifier, p.range_from, p.not_quantity, p.informal_not]:
        assert pattern.flags & regex.REVERSE
        ahead = forward(pattern)
        for lo in range(0, len(text) + 1, 5):
            a, b = ahead.search(text, lo), pattern.search(text, lo)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_groups_are_where_the_code_reads_them() -> None:
    """Matches' groups are read by number (``m[1]``): a name costs more."""
    from vnextract.extractors.money import patterns

    p = patterns()
    for pattern, name in [(p.cur_after, "cur"), (p.cur_after_scale, "cur"), (p.cur_before, "cur"),
                          (p.per, "per"), (p.unit, "unit"), (p.qualifier, "q")]:  # fmt: skip
        assert pattern.groupindex == {name: 1}
    for pattern in [p.after, p.after_scale]:
        assert pattern.groupindex == {"cur": 1, "pct": 2, "unit": 3}
