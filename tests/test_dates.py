"""Runner of the date corpus ``tests/corpus/dates.yaml`` (format described at its top)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vnextract import Pipeline
from vnextract.extractors.dates import RULES
from vnextract.schema import DateMention


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a repeated key (a second "2024-06" group would silently
    replace the first one and drop its examples)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    repeated = {str(k) for k in keys if keys.count(k) > 1}
    if repeated:
        raise ValueError(f"tests/corpus/dates.yaml repeats the keys {sorted(repeated)}")
    return yaml.SafeLoader.construct_mapping(loader, node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)

CORPUS: dict[str, Any] = yaml.load(
    (Path(__file__).parent / "corpus" / "dates.yaml").read_text("utf-8"), Loader=_StrictLoader
)
REFERENCE: dt.date = CORPUS["reference_date"]
NESTED: set[str] = set(CORPUS["nested_rules"])
NLP = Pipeline(extractors=["dates"])


def _split(example: str) -> tuple[str, int, int]:
    """``"Hà Nội, [ngày 5/3]"`` -> text without brackets and the bracketed span."""
    if "[" in example:
        start = example.index("[")
        end = example.index("]") - 1
        return example.replace("[", "", 1).replace("]", "", 1), start, end
    text = example
    return text, len(text) - len(text.lstrip()), len(text.rstrip())


def _dates(text: str, reference: bool) -> list[DateMention]:
    doc = NLP.extract(text, published=REFERENCE if reference else None)
    for record in doc.dates:
        assert text[record.start : record.end] == record.text
    return doc.dates


def _check(example: str, value: str, reference: bool) -> list[DateMention]:
    text, start, end = _split(example)
    found = _dates(text, reference)
    whole = [d for d in found if (d.start, d.end) == (start, end)]
    assert len(whole) == 1, f"{example!r}: want one match of {text[start:end]!r}, got {found}"
    record = whole[0]
    assert record.value == value, f"{example!r}: {record.value} != {value}"
    if "/" in value:
        assert record.granularity == "range"
        assert f"{record.value_from}/{record.value_to}" == value
    for other in found:
        if other is record:
            continue
        inside = start <= other.start and other.end <= end
        outside = other.end <= start or other.start >= end
        assert outside or (inside and other.rule in NESTED), f"{example!r}: stray {other}"
    return found


def _cases(section: str, reference: bool) -> list[Any]:
    return [
        pytest.param(example, value, reference, id=f"{value}|{example}")
        for value, examples in CORPUS[section].items()
        for example in examples
    ]


POSITIVE = _cases("with_reference", True) + _cases("without_reference", False)


@pytest.mark.parametrize(("example", "value", "reference"), POSITIVE)
def test_example(example: str, value: str, reference: bool) -> None:
    _check(example, value, reference)


@pytest.mark.parametrize("text", CORPUS["negatives"])
@pytest.mark.parametrize("reference", [True, False], ids=["published", "no-published"])
def test_negative(text: str, reference: bool) -> None:
    assert _dates(text, reference) == []


@pytest.mark.parametrize("text", CORPUS["negatives_without_reference"])
def test_negative_without_reference(text: str) -> None:
    assert _dates(text, False) == []


@pytest.mark.parametrize(
    ("example", "value", "reference"),
    [
        pytest.param(
            x["text"], x["value"], x["reference"], id=x["text"],
            marks=pytest.mark.xfail(strict=True, reason=x["reason"]),
        )
        for x in CORPUS["xfail"]
    ],
)
def test_known_failure(example: str, value: str, reference: bool) -> None:
    _check(example, value, reference)


def test_corpus_size() -> None:
    assert len(POSITIVE) >= 150
    assert len(CORPUS["negatives"]) >= 40


def test_every_rule_is_exercised_and_known() -> None:
    seen: set[str] = set()
    for param in POSITIVE:
        example, value, reference = param.values
        seen.update(d.rule for d in _check(example, value, reference))
    assert seen <= set(RULES), f"rule ids missing from RULES: {seen - set(RULES)}"
    assert set(RULES) <= seen, f"rules no example exercises: {set(RULES) - seen}"


def test_offsets_on_messy_text() -> None:
    text = "Ngày  14/6 — Uỷ ban\u00a0họp; từ 5–7/3/2024,\r\nthứ Hai, ngày\u00a04/10/2021."
    found = _dates(text, True)
    assert [d.value for d in found] == ["2024-06-14", "2024-03-05/2024-03-07", "2021-10-04"]


_ANCHOR_TOKENS = ["năm", "Năm", "NĂM", "ngày", "tháng", "Tháng", "hai", "mười một", "nửa", "đầu", "nay",
                  "qua", "ngoái", "Canh", "Thìn", "quý", "2024", "6", "12", " ", "  ", "\n", ",", "-",
                  "và", "ſáng", "sáng", "hôm", "đó", "1950", "x", "Kỷ", "mão", "chín", "nhất", "thân",
                  "tuần", "tới", "ba"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ANCHOR_TOKENS), max_size=14), st.sampled_from(["", " "]))
def test_anchored_is_finditer(tokens: list[str], sep: str) -> None:
    """Patterns tried only at their anchors find exactly what their finditer finds."""
    from vnextract.extractors.casefold import lowered
    from vnextract.extractors.dates import _at, _patterns, _Starts

    p = _patterns()
    text = sep.join(tokens)
    low = lowered(text)
    for pattern, name in [
        (p.canchi, "canchi"),
        (p.months_of_year, "months_of_year"),
        (p.relative, "relative"),
        (p.year, "nam"),
        (p.year_list, "nam"),
        (p.day_only, "ngay"),
    ]:
        expected = [m.span() for m in pattern.finditer(text)]
        if low is not None:
            assert [m.span() for m in _at(pattern, _Starts(text, low).anchors[name], text)] == expected
        assert [m.span() for m in _at(pattern, _Starts(text, None).anchors[name], text)] == expected


_NUMBER_TOKENS = ["5", "12", "2014", "2024", "06", "/", "-", ".", " ", "  ", "\n", "tháng", "THÁNG", "năm",
                  ",", "x", "1.500", "15/2018", "ngày", "đến"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_TOKENS), max_size=14))
def test_number_patterns_at_number_starts_are_finditer(tokens: list[str]) -> None:
    """The patterns that start with a number, tried only where ``number_start`` matches,
    find exactly what their finditer finds."""
    from vnextract.extractors.casefold import lowered
    from vnextract.extractors.dates import _at, _patterns, _Starts

    p = _patterns()
    text = "".join(tokens)
    s = _Starts(text, lowered(text))
    for pattern, starts in [(p.numeric, s.dm), (p.iso, s.iso), (p.cued, s.dm), (p.written, s.written),
                            (p.year_range, s.years), (p.day_range, s.days)]:  # fmt: skip
        assert [m.span() for m in _at(pattern, starts, text)] == [m.span() for m in pattern.finditer(text)]


def test_re_white_space_holds_regex_white_space() -> None:
    """The ``re`` scan of anchor words (``word_anchors``) finds a superset of the places only
    if its ``\\s`` matches every white space ``regex``'s does."""
    import re

    import regex

    every = "".join(map(chr, range(0x110000)))
    assert set(regex.findall(r"\s", every)) <= set(re.findall(r"\s", every))


_BACK_TOKENS = ["Thứ Năm", "thứ 2", ",", "sáng", "ngày", "mồng", "hôm", "từ", "các", "kể từ", "giai đoạn",
                "nhiệm kỳ", "những năm", "thập niên", "năm", "(", "5", "12", "x", " ", "  ", "\n", "Ngày",
                "TỪ", "đến", "ông", "1/2"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BACK_TOKENS), max_size=10), st.sampled_from(["", " "]))
def test_backward_patterns_are_forward_search(tokens: list[str], sep: str) -> None:
    """The patterns searched backwards from a window's end find what a forward search finds."""
    import regex

    from vnextract.extractors.backward import forward
    from vnextract.extractors.dates import _patterns

    p = _patterns()
    text = sep.join(tokens)
    for pattern in [p.day_prefix, p.period_before, p.day_range_before, p.opener_before, p.word_before,
                    p.decade_before, p.number_before]:  # fmt: skip
        assert pattern.flags & regex.REVERSE
        ahead = forward(pattern)
        for lo in range(0, len(text) + 1, 7):
            a, b = ahead.search(text, lo), pattern.search(text, lo)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_groups_are_where_the_code_reads_them() -> None:
    """Matches' groups are read by number (``m.groups()``, ``m[1]``): a name costs more."""
    from vnextract.extractors.dates import _patterns

    p = _patterns()
    expected = {
        "day_prefix": ["pre"], "period_before": ["pw"], "numeric": ["d", "s", "m", "y"],
        "iso": ["y", "m", "d"], "cued": ["d", "s", "m"], "bare": ["d", "m"],
        "written": ["d", "m", "mn", "y"], "month": ["m", "mn", "y"], "quarter": ["q", "y"],
        "year": ["y"], "year_list": ["more"], "canchi": ["name", "y"], "year_range": ["y1", "s", "y2"],
        "day_range": ["d1", "d2", "s", "m", "y"], "day_only": ["d"], "months_of_year": ["n", "half", "yw", "y"],
        "relative": ["rel"], "word_before": ["w", "p"],
    }  # fmt: skip
    for name, groups in expected.items():
        pattern = getattr(p, name)
        assert pattern.groups == len(groups), name
        assert pattern.groupindex == {g: i for i, g in enumerate(groups, 1)}, name
