"""The Pipeline API: bad input, offsets on messy text, pickling, multiprocessing."""

from __future__ import annotations

import datetime as dt
import pickle
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnextract
from vnextract import Document, Pipeline
from vnextract.normalize.tone import place_tones
from vnextract.schema import iter_spans

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples.jsonl"




def assert_offsets_hold(doc: Document) -> None:
    for span in iter_spans(doc):
        assert doc.text[span.start : span.end] == span.text, span


SENTENCES = [
    "Ngày 14/6, Tỉnh ủy Hưng Yên tổ chức Hội nghị tổng kết 10 năm thực hiện Chỉ thị số 40-CT/TW "
    "ngày 22/11/2014 của Ban Bí thư Trung ương Đảng.",
    "Phó Chủ tịch Thường trực UBND tỉnh, Trưởng ban đại diện HĐQT NHCSXH tỉnh Nguyễn Văn An phát biểu.",
    "Tổng nguồn vốn đạt trên 4.321 tỷ đồng, tăng 124,8% so với năm 2014; quý I/2024 giải ngân 1,5 triệu USD.",
    "Theo Nghị định 15/2018/NĐ-CP và Quyết định số 123/QĐ-TTg, Uỷ ban nhân dân thành phố Hoà Bình họp.",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    assert_offsets_hold(vnextract.extract(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SENTENCES),
    st.sampled_from(["NFD", "NFC", "old", "noise"]),
    st.integers(min_value=0, max_value=10_000),
)
def test_offsets_hold_on_nfd_old_style_and_noisy_text(text: str, form: str, seed: int) -> None:
    if form == "NFD":
        text = unicodedata.normalize("NFD", text)
    elif form == "old":
        text = place_tones(text, "old")
    elif form == "noise":
        # sprinkle zero-width and no-break spaces, double spaces and Eth
        noise = ["\u200b", "\u00a0", "  ", "\u00ad"]
        chars = list(text.replace("Đ", "Ð"))
        for k in range(0, len(chars), 7 + seed % 5):
            chars[k] = chars[k] + noise[(seed + k) % len(noise)]
        text = "".join(chars)
    assert_offsets_hold(vnextract.extract(text, published="2024-06-15"))


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "x" * 2_000_000, "漢字 русский עברית العربية 😀", "\x00\x01\x02\x7f", "\ud800"],
)
def test_extract_accepts_any_str(text: str) -> None:
    doc = vnextract.extract(text)
    assert doc.text == text
    assert_offsets_hold(doc)


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"]])
def test_non_str_is_a_type_error_naming_the_input(bad: object) -> None:
    with pytest.raises(TypeError, match=f"E001.*{type(bad).__name__}"):
        vnextract.extract(bad)  # type: ignore[arg-type]


def test_published_accepts_dates_and_iso_strings() -> None:
    assert vnextract.extract("x", published=dt.date(2024, 6, 15)).published == dt.date(2024, 6, 15)
    assert vnextract.extract("x", published="2024-06-15T08:00:00").published == dt.date(2024, 6, 15)
    with pytest.raises(ValueError, match="E002"):
        vnextract.extract("x", published="mid June")


def test_unknown_extractor_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="E003"):
        Pipeline(extractors=["nope"])


def test_document_json_is_plain_and_schema_exports() -> None:
    doc = vnextract.extract(SENTENCES[2], published="2024-06-15", id="d1")
    data = doc.model_dump(mode="json")
    assert data["id"] == "d1" and data["published"] == "2024-06-15"
    assert Document.model_validate(data) == doc
    assert "Document" in str(Document.model_json_schema().get("title"))


def test_pipeline_pickles() -> None:
    nlp = Pipeline(tone="old")
    nlp.extract("x")  # loaded resources must not break pickling
    clone = pickle.loads(pickle.dumps(nlp))
    assert clone.tone == "old" and clone.extractors == nlp.extractors
    assert clone.extract(SENTENCES[0]) == nlp.extract(SENTENCES[0])


def test_pipe_in_two_processes_equals_one() -> None:
    items = [(t, {"id": str(i), "published": "2024-06-15"}) for i, t in enumerate(SENTENCES * 3)]
    nlp = Pipeline()
    one = list(nlp.pipe(items, n_process=1))
    two = list(nlp.pipe(items, n_process=2, batch_size=2))
    assert one == two
    assert [d.id for d in one] == [str(i) for i in range(len(items))]


def test_pipe_yields_error_records_in_place() -> None:
    out = list(Pipeline().pipe(["ok", (None, {"id": "bad"}), "ok"], errors="yield"))  # type: ignore[list-item]
    assert [type(o).__name__ for o in out] == ["Document", "ErrorRecord", "Document"]
    assert "E001" in out[1].error  # type: ignore[union-attr]


def test_organisation_names_are_as_written() -> None:
    doc = vnextract.extract("Ông A làm việc tại Bộ Bưu chính – Viễn thông từ năm 2002.")
    names = [o.name for o in doc.organisations]
    assert "Bộ Bưu chính – Viễn thông" in names, names


def test_records_of_every_field_are_in_text_order() -> None:
    text = " ".join(SENTENCES) + " Ông Nguyễn Văn An, Giám đốc Sở Tài chính, dự họp ngày 5/3/2024."
    doc = vnextract.extract(text * 2, published="2024-06-15")
    for field in vnextract.schema.RECORD_FIELDS:
        records = getattr(doc, field)
        assert records == sorted(records, key=lambda r: (r.start, r.end)), field
