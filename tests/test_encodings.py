"""Legacy encodings: detection, conversion, offsets, and no false alarms on clean text."""

from __future__ import annotations

import gzip
import json
import unicodedata
from itertools import islice
from pathlib import Path

import pytest
import yaml

from vnextract.normalize import normalize
from vnextract.normalize.encodings import decode, detect, encode, fix_encoding, representable

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "encodings.yaml").read_text("utf-8"))
CASES = [(enc, src, want) for enc, rows in CORPUS["examples"].items() for src, want in rows]
ENCODINGS = ("tcvn3", "vni", "viscii", "viqr", "mojibake")


@pytest.mark.parametrize(("encoding", "encoded", "expected"), CASES)
def test_detects_and_converts(encoding: str, encoded: str, expected: str) -> None:
    assert detect(encoded) == encoding
    fixed = fix_encoding(encoded)
    assert fixed.text == expected
    # each word of the result maps back to the characters that spelt it
    for word in expected.split():
        i = fixed.text.index(word)
        s, e = fixed.offsets.span(i, i + len(word))
        assert decode(encoded[s:e] + " a", encoding)[0] == word + " a"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_clean_text_is_left_alone(text: str) -> None:
    assert detect(text) is None
    assert fix_encoding(text).text == text


def test_off_and_forced_modes() -> None:
    assert fix_encoding("Vieät Nam", "off").text == "Vieät Nam"
    assert fix_encoding("Vieät Nam", "vni").text == "Việt Nam"
    with pytest.raises(ValueError, match="E106"):
        fix_encoding("x", "latin9")  # type: ignore[arg-type]


def test_unicode_lines_of_a_mixed_document_stay() -> None:
    text = "Tin từ Hà Nội\nCéng hoµ x· héi chñ nghÜa ViÖt Nam"
    assert normalize(text).text == "Tin từ Hà Nội\nCộng hòa xã hội chủ nghĩa Việt Nam"


def _dev_and_bench(shared: Path, bench_every: int = 1) -> list[str]:
    texts = [json.loads(line)["text"] for line in (shared / "dev.jsonl").open(encoding="utf-8")]
    with gzip.open(shared / "bench.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in islice(fh, 0, None, bench_every)]
    return texts


def test_no_false_positive_on_dev_and_bench(shared_corpora: Path) -> None:
    """Zero detections on real clean text: every dev passage and every 4th bench document."""
    fired = [t[:60] for t in _dev_and_bench(shared_corpora, 4) if detect(t) is not None]
    assert fired == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_dev_texts_round_trip_through_each_encoding(shared_corpora: Path, encoding: str) -> None:
    """Every dev passage, encoded, is detected and decodes back exactly, each character
    mapping to the characters that encode it (VIQR: see the xfail below)."""
    wrong = []
    for text in _dev_and_bench(shared_corpora, 10**9)[:68]:
        clean = representable(unicodedata.normalize("NFC", text), encoding)  # type: ignore[arg-type]
        encoded, starts = encode(clean, encoding)  # type: ignore[arg-type]
        assert detect(encoded) == encoding
        out, offsets = decode(encoded, encoding)  # type: ignore[arg-type]
        if out != clean:
            wrong.append(clean[:40])
            continue
        for i in range(len(clean)):
            assert offsets.span(i, i + 1) == (starts[i], starts[i + 1])
    limit = 6 if encoding == "viqr" else 0  # VIQR without escapes is ambiguous at line ends
    assert len(wrong) <= limit, wrong


@pytest.mark.xfail(strict=True, reason="VIQR without escapes: a word-final '?' at a line end")
def test_viqr_hook_tone_at_end_of_text() -> None:
    assert decode("Vie^.t Nam dda^`u tu+?", "viqr")[0] == "Việt Nam đầu tử"
