"""The scorer follows corpora/README.md: sets per document, lenient organisations."""

from __future__ import annotations

from vnextract.evaluate import (
    gold_values,
    lenient_match,
    norm_code,
    norm_name,
    score_organisations,
)


def test_names_compare_without_case_space_and_tone_style() -> None:
    assert norm_name("Uỷ ban  nhân dân TỈNH") == norm_name("ủy ban nhân dân tỉnh")


def test_codes_compare_without_case_space_hyphen_dot_and_tu() -> None:
    assert norm_code("59-NQ/TƯ") == norm_code("59-nq/tw")
    assert norm_code("1177/QĐ BGDĐT") == norm_code("1177/QĐ-BGDĐT")
    assert norm_code("40-CT/TW") != norm_code("36-CT/TU")


def test_lenient_needs_word_boundaries_and_sixty_percent() -> None:
    assert lenient_match("ban kinh tế trung ương", "ban kinh tế trung ương")
    assert lenient_match("ngân hàng chính sách xã hội", "ngân hàng chính sách")  # 4 of 6
    assert not lenient_match("chi nhánh nhcsxh tỉnh", "nhcsxh tỉnh")  # 2 of 4
    assert not lenient_match("ubnd tỉ", "ubnd tỉnh")  # not on a word boundary


def test_each_gold_name_matches_once_and_optional_costs_nothing() -> None:
    gold = {"ubnd tỉnh", "hđnd tỉnh"}
    pred = {"ubnd tỉnh", "ubnd tỉnh hưng", "đảng", "bộ tài chính"}
    tp, fp, fn, fps, fns = score_organisations(pred, gold, {"đảng"}, lenient=True)
    assert (tp, fn) == (1, 1)
    assert fps == ["bộ tài chính", "ubnd tỉnh hưng"]
    assert fns == ["hđnd tỉnh"]


def test_money_ranges_and_amount_forms() -> None:
    row = {"text": "", "money": [{"amount": "4321000000000", "currency": "vnd"}]}
    assert gold_values(row)["money"] == {("4321000000000", "VND")}


def test_an_exact_name_is_matched_before_a_fragment() -> None:
    gold = {"vietcombank chi nhánh trà vinh"}
    pred = {"vietcombank chi nhánh trà vinh", "chi nhánh trà vinh"}
    tp, fp, fn, fps, fns = score_organisations(pred, gold, set(), lenient=True)
    assert (tp, fp, fn) == (1, 1, 0)
    assert fps == ["chi nhánh trà vinh"]
