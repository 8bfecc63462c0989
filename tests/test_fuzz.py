"""Property tests over the whole ``vnextract.extract``: it never raises, and every record
(nested spans included) satisfies ``original[start:end] == text``, on arbitrary Unicode,
Vietnamese-like text, NFD, old-style tones, HTML residue and legacy encodings."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnextract
from vnextract.normalize.encodings import encode, representable
from vnextract.normalize.tone import place_tones
from vnextract.schema import iter_spans

PIECES = [
    "Chỉ thị số 40-CT/TW", "Nghị định 15/2018/NĐ-CP", "Quyết định số 123/QĐ-TTg", "ngày 14/6/2024",
    "tháng 6 năm 2024", "năm 2014", "4.321 tỷ đồng", "1,5 triệu USD", "124,8%", "Ủy ban nhân dân",
    "UBND tỉnh Hưng Yên", "Phó Chủ tịch Thường trực", "ông Nguyễn Văn An", "Bộ trưởng Bộ Tài chính",
    "Hoà Bình", "thuỷ lợi", "Tỉnh ủy", "Đảng", "(Ảnh: TTXVN)", "Các tin bài khác", "Theo", "số",
    "&nbsp;", "&agrave;", "&#7879;", "<p>", "</b>", "<br/>", "<!--", "-->", "\u200b", "\u00ad", "Ð",
    "\u0300", "\u0301", "\u0323", "1", "2024", ".", ",", "/", "-", ":", "(", ")", "\n", " ", "  ",
    "\u0410", "\u03bf", "Vieät", "§¶ng", "Viá»‡t", "Vie^.t", "dd", "?", "'", "`", "~",
]
ENCODINGS = ("tcvn3", "vni", "viscii", "viqr", "mojibake")

vietnamese = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)
mixed = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)




def _check(text: str) -> None:
    doc = vnextract.extract(text)
    assert doc.text == text
    for span in iter_spans(doc):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


FUZZ = settings(max_examples=int(os.environ.get("VNEXTRACT_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_unicode(text: str) -> None:
    _check(text)


@FUZZ
@given(st.one_of(vietnamese, mixed))
def test_vietnamese_like_text(text: str) -> None:
    _check(text)


@FUZZ
@given(st.one_of(vietnamese, mixed), st.sampled_from(("NFD", "NFKD", "NFC")))
def test_decomposed_text(text: str, form: str) -> None:
    _check(unicodedata.normalize(form, text))  # type: ignore[arg-type]


@FUZZ
@given(vietnamese)
def test_old_style_tones(text: str) -> None:
    _check(place_tones(unicodedata.normalize("NFC", text), "old"))


@FUZZ
@given(vietnamese, st.sampled_from(ENCODINGS))
def test_legacy_encoded_text(text: str, encoding: str) -> None:
    clean = representable(unicodedata.normalize("NFC", text), encoding)  # type: ignore[arg-type]
    _check(encode(clean, encoding)[0])  # type: ignore[arg-type]


def test_atheris_fuzzer_runs_clean() -> None:
    """A short coverage-guided run of ``benchmarks/fuzz_atheris.py`` (skipped without atheris)."""
    pytest.importorskip("atheris")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_atheris.py"
    out = subprocess.run(
        [sys.executable, str(script), "-runs=3000", "-max_len=2000", "-seed=9"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    assert out.returncode == 0, out.stderr[-3000:]
