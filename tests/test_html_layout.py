"""HTML residue (entities, tags) and page zones (captions, bylines, "more news" lists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnextract import DateMention, Pipeline, Span
from vnextract.context import Context
from vnextract.normalize import normalize
from vnextract.normalize.html import strip_html
from vnextract.normalize.layout import find_zones


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Ng&agrave;y 14/6", "Ngày 14/6"),
        ("UBND&nbsp;tỉnh", "UBND tỉnh"),
        ("Vi&#7879;t Nam, Vi&#x1EC7;t Nam", "Việt Nam, Việt Nam"),
        ("Bộ KH&amp;ĐT, AT&amp;T, &amp;agrave;", "Bộ KH&ĐT, AT&T, à"),
        ("<p>Đoạn một.</p><p>Đoạn hai.</p>", "Đoạn một.\n\nĐoạn hai."),
        ("Ông <b>Nguyễn</b> <a href='x'>Văn An</a><br/>", "Ông Nguyễn Văn An"),
        ("<script>var a = '<p>';</script>Tin<!-- quảng cáo -->", "Tin"),
        ("<STYLE>p {}</STYLE><P>Tin</P>", "Tin"),
    ],
)
def test_entities_and_tags_are_removed(html: str, expected: str) -> None:
    n = normalize(html)
    assert n.text.strip() == expected
    for word in expected.split():
        i = n.text.index(word)
        s, e = n.original_span(i, i + len(word))
        assert normalize(html[s:e]).text.strip() == word


@pytest.mark.parametrize(
    "text",
    ["a < b > c", "<Chỉ thị số 40>", "R&D, S&P500, KH&ĐT, &foo; & bar", "x <unknown>y</unknown>"],
)
def test_text_that_only_looks_like_html_stays(text: str) -> None:
    assert strip_html(text).text == text


def test_unclosed_script_drops_nothing_after_it() -> None:
    assert strip_html("a <script> b").text == "a \n b"


def test_html_caption_zone_marks_records() -> None:
    html = "<p>Ngày 14/6/2024, hội nghị họp.</p><figure><img src='a.jpg'><figcaption>Ngày 15/6/2024</figcaption></figure>"
    n = normalize(html)
    zones = [(html[s:e], z) for s, e, z in n.zones]
    assert zones == [("Ngày 15/6/2024", "caption")]


ARTICLE = """Hội nghị tổng kết Chỉ thị số 40-CT/TW

Ngày 14/6/2024, Tỉnh ủy tổ chức hội nghị.

12

Các đại biểu dự Hội nghị

Thủ tướng phát biểu (Ảnh: TTXVN).

Minh An - Vi Hà

Các tin bài khác
Hội nghị về Chỉ thị số 36-CT/TU"""


def test_layout_zones_of_a_news_page() -> None:
    zones = [(ARTICLE[s:e], z) for s, e, z in find_zones(ARTICLE)]
    assert zones == [
        ("Các đại biểu dự Hội nghị", "caption"),
        ("Thủ tướng phát biểu (Ảnh: TTXVN).", "caption"),
        ("Minh An - Vi Hà", "boilerplate"),
        ("Các tin bài khác\nHội nghị về Chỉ thị số 36-CT/TU", "boilerplate"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Điều 5. Hiệu lực\n\nLuật này có hiệu lực theo quy định.",  # lower-case "theo": body
        "CHỦ TỊCH QUỐC HỘI\n\nNguyễn Thị Kim Ngân",  # a signature is not a byline
        "Theo Quyết định số 170/2005/QĐ-TTg, chuẩn nghèo được nâng.",
        "Mục 12\n\n13\n\nKhoản này quy định rằng mọi người phải làm.",
    ],
)
def test_body_lines_are_not_zoned(text: str) -> None:
    assert find_zones(text) == []


def test_no_zone_in_dev_bodies(shared_corpora: Path) -> None:
    """Zones on the dev set stay few and line-sized (conservative)."""
    rows = [json.loads(x) for x in (shared_corpora / "dev.jsonl").open(encoding="utf-8")]
    zoned = [z for r in rows for z in normalize(r["text"]).zones]
    assert len(zoned) <= 0.2 * len(rows)
    assert all(e - s <= 300 for s, e, _ in zoned)


def _words(ctx: Context) -> list[Span]:
    """A stand-in extractor: one record per listed word."""
    return [
        DateMention(text=w, start=ctx.text.index(w), end=ctx.text.index(w) + len(w), rule="t",
                    value="2024", granularity="year")
        for w in ("Tỉnh ủy", "Vi Hà", "36-CT/TU", "Các đại biểu")
    ]


def test_pipeline_sets_zone_only_outside_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    import vnextract.pipeline as pl

    monkeypatch.setitem(pl.EXTRACTORS, "_test_words", f"{__name__}:_words")
    doc = Pipeline(extractors=["_test_words"]).extract(ARTICLE)
    assert [(d.text, d.zone) for d in doc.dates] == [
        ("Tỉnh ủy", None),
        ("Các đại biểu", "caption"),
        ("Vi Hà", "boilerplate"),
        ("36-CT/TU", "boilerplate"),
    ]


def test_script_dropped_when_closed_in_another_case_after_letters_that_lower_longer() -> None:
    """'İ'.lower() is two characters: the closing tag is found on the text itself."""
    text = "İstanbul İzmir <SCRIPT>var x = 1;</Script > Hà Nội"
    assert strip_html(text).text == "İstanbul İzmir  Hà Nội"
    unclosed = "İİ <script>x = 1 Hà Nội </script"
    assert "Hà Nội" in strip_html(unclosed).text  # no closing tag: nothing is dropped
    # a closing tag only BEFORE the opening one: what follows is kept (a lower-cased copy
    # shifted that close past the opening tag, and the rest of the text was dropped)
    shifted = "İ" * 40 + "</script><script>x = 1; Hà Nội"
    assert strip_html(shifted).text.endswith("x = 1; Hà Nội")
