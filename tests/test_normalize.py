"""The normaliser: NFC, tone placement, look-alikes, white space, and the offset map."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnextract.normalize import normalize
from vnextract.normalize.tone import place_tones


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Khánh Hoà", "Khánh Hòa"),
    ],
)
def test_old_style_becomes_new(old: str, new: str) -> None:
    assert normalize(old).text == new
    assert place_tones(new, "old") == old


@pytest.mark.parametrize("word", ["Hoàng", "khuyến", "quý", "quỳ", "QUỶ", "hoàn", "thuyền", "Thuý"[:0] + "thủy"])
def test_words_that_never_change(word: str) -> None:
    assert normalize(word).text == word


def test_keep_style_leaves_tones() -> None:
    assert normalize("hoà", tone="keep").text == "hoà"


def test_nfd_is_composed_and_offsets_map_back() -> None:
    original = unicodedata.normalize("NFD", "Chỉ thị số 40 của Ủy ban")
    n = normalize(original)
    assert n.text == "Chỉ thị số 40 của Ủy ban"
    start = n.text.index("Ủy ban")
    s, e = n.original_span(start, start + len("Ủy ban"))
    assert unicodedata.normalize("NFC", original[s:e]) == "Ủy ban"


def test_lookalikes_spaces_and_line_breaks() -> None:
    original = "\ufeffÐảng\u00a0\u00a0ủy  xã\u200b “Bắc”\r\nHà – Nam\u2026"
    n = normalize(original)
    assert n.text == 'Đảng ủy xã "Bắc"\nHà - Nam...'
    for word in ("Đảng", "ủy", "xã", "Bắc", "Hà", "Nam"):
        i = n.text.index(word)
        s, e = n.original_span(i, i + len(word))
        assert normalize(original[s:e]).text == word


def test_control_characters_become_spaces() -> None:
    assert normalize("a\x00\x01b").text == "a b"


def test_non_str_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="E001.*bytes"):
        normalize(b"abc")  # type: ignore[arg-type]


vietnamese = st.text(
    alphabet=st.sampled_from(
        list("aàáảãạoòóỏõọuùúủũụyỳýỷỹỵeèéẻẽẹĐđÐ hqnHQUOA\u00a0\u200b\r\n\t“”–\u0300\u0301\u0323")
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), vietnamese))
def test_every_normalised_span_maps_inside_the_original(text: str) -> None:
    n = normalize(text)
    size = len(n.text)
    for i in range(0, size + 1, max(1, size // 7)):
        for j in range(i, size + 1, max(1, size // 5)):
            s, e = n.original_span(i, j)
            assert 0 <= s <= e <= len(text)


@settings(max_examples=200, deadline=None)
@given(vietnamese)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


# characters that exercise every branch of the cleaning pass: letters, marks (tone,
# circumflex, horn, the deprecated U+0340), NFC singletons (Ångström sign, a CJK
# compatibility ideograph), spaces, invisible characters, line ends, typographic marks
_CLEAN_ALPHABET = list("aeouyđĐÐx \u00a0\u200b\r\n\t“”–…") + [
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u031b", "\u0340",
    "\u0344", "\u212b", "\uf900",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CLEAN_ALPHABET), max_size=24).map("".join))
def test_standard_library_mark_pattern_matches_the_regex_one(text: str) -> None:
    """The fast pattern for text within the BMP finds exactly what the general one finds."""
    from vnextract.normalize import _patterns

    patterns = _patterns()
    fast = [(m.span(), m.lastgroup) for m in patterns.marks_bmp.finditer(text)]
    general = [(m.span(), m.lastgroup) for m in patterns.marks.finditer(text)]
    assert fast == general
