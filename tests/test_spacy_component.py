"""The spaCy component: exact spans, entry point, pickling, same records as extract()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import vnextract
from vnextract import pipeline
from vnextract.render import LABELS
from vnextract.schema import RECORD_FIELDS, Document
from vnextract.spacy_component import SPANS_KEY, split_at_boundaries

NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}
TEXT = (
    "Ngày 14/6, Tỉnh ủy Hưng Yên tổng kết Chỉ thị số 40-CT/TW ngày 22/11/2014. "
    "Chủ tịch HĐND tỉnh Trần Quốc Toản cho biết vốn (NHCSXH) đạt 4.321 tỷ đồng, tăng 124,8%."
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Register the stand-in extractor of tests/fake_extractor.py; returns the names to run."""
    monkeypatch.setitem(pipeline.EXTRACTORS, "fake", "fake_extractor:find")
    return ["fake"]


def _records(doc: Document) -> list[tuple[str, int, int, str]]:
    return sorted(
        (LABELS[f], r.start, r.end, r.text) for f in RECORD_FIELDS for r in getattr(doc, f)
    )


def _spans(doc: Doc) -> list[tuple[str, int, int, str]]:
    return sorted((s.label_, s.start_char, s.end_char, s.text) for s in doc.spans[SPANS_KEY])


@pytest.mark.parametrize("config", [NO_PYVI, {}], ids=["whitespace-tokenizer", "pyvi"])
def test_every_record_is_a_span_with_exactly_its_characters(
    fake: list[str], config: dict[str, Any]
) -> None:
    nlp = spacy.blank("vi", config=config)
    nlp.add_pipe("vnextract", config={"extractors": fake})
    doc = nlp(TEXT)
    expected = _records(vnextract.Pipeline(extractors=fake).extract(TEXT))
    assert len(expected) >= 8  # "14/6," "(NHCSXH)" and "124,8%." end inside a token
    assert doc.text == TEXT
    assert _spans(doc) == expected
    ents = [(e.start_char, e.end_char) for e in doc.ents]
    assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))


def test_document_extension_matches_extract_and_survives_to_bytes(fake: list[str]) -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnextract", config={"extractors": fake})
    doc = nlp(TEXT)
    expected = vnextract.Pipeline(extractors=fake).extract(TEXT)
    assert doc._.vnextract == expected
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.vnextract == expected
    assert _spans(again) == _records(expected)


def test_context_gives_id_and_published(fake: list[str]) -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnextract", config={"extractors": fake})
    [(doc, ctx)] = nlp.pipe([(TEXT, {"id": "a1", "published": "2024-06-15"})], as_tuples=True)
    found = doc._.vnextract
    assert (found.id, found.published.isoformat()) == ("a1", "2024-06-15")
    assert "2024-06-14" in {d.value for d in found.dates}  # "14/6" resolved with the year


def test_n_process_two_gives_the_same_docs(fake: list[str]) -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnextract", config={"extractors": fake})
    texts = [TEXT, "không có gì", TEXT.replace("14/6", "15/7")] * 2
    one = [(_spans(d), d._.vnextract) for d in nlp.pipe(texts)]
    two = [(_spans(d), d._.vnextract) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert one == two
    assert one[0][0]


def test_config_is_json_and_round_trips(fake: list[str]) -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnextract", config={"extractors": fake, "tone": "old"})
    cfg = nlp.config["components"]["vnextract"]
    assert json.loads(json.dumps(dict(cfg))) == {
        "factory": "vnextract", "extractors": ["fake"], "tone": "old"
    }
    rebuilt = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    assert rebuilt.get_pipe("vnextract").pipeline.extractors == ("fake",)
    assert rebuilt.get_pipe("vnextract").pipeline.tone == "old"


def test_split_keeps_whitespace_inside_a_multi_syllable_token() -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    doc = Doc(nlp.vocab, words=["Chủ tịch Nguyễn", "A"], spaces=[True, False])
    split_at_boundaries(doc, [8, 9])  # "Chủ tịch" | " " | "Nguyễn"
    assert doc.text == "Chủ tịch Nguyễn A"
    assert doc.char_span(0, 8).text == "Chủ tịch"
    assert doc.char_span(9, 17).text == "Nguyễn A"


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="ab ,./()đ\n", min_size=1, max_size=40),
    st.lists(st.integers(min_value=0, max_value=40), max_size=8),
)
def test_split_makes_any_offsets_exact(text: str, offsets: list[int]) -> None:
    nlp = spacy.blank("vi", config=NO_PYVI)
    doc = nlp(text)
    cuts = sorted({o for o in offsets if o <= len(text)})
    split_at_boundaries(doc, cuts)
    assert doc.text == text
    for cut in cuts:
        inside = [t.text for t in doc if t.idx < cut < t.idx + len(t.text)]
        assert not inside, (cut, [t.text for t in doc])


_SUBPROCESS = textwrap.dedent(
    """
    import json, sys
    import spacy  # vnextract is NOT imported: the entry point must find the component
    nlp = spacy.blank("vi")
    nlp.add_pipe("vnextract")
    out = []
    for line in sys.stdin:
        row = json.loads(line)
        [(doc, _)] = nlp.pipe([(row["text"], {"published": row["published"]})], as_tuples=True)
        spans = sorted([s.label_, s.start_char, s.end_char, s.text] for s in doc.spans["vnextract"])
        out.append({"spans": spans, "document": doc.user_data["vnextract_document"]})
    json.dump(out, sys.stdout, ensure_ascii=False)
    """
)


def test_fresh_process_component_finds_what_extract_finds(shared_corpora: Path) -> None:
    rows = [json.loads(line) for line in (shared_corpora / "dev.jsonl").open(encoding="utf-8")]
    payload = "".join(
        json.dumps({"text": r["text"], "published": r["published"]}, ensure_ascii=False) + "\n"
        for r in rows
    )
    proc = subprocess.run(
        [sys.executable, "-c", _SUBPROCESS],
        input=payload,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=900,
    )
    if "Can't find factory for 'vnextract'" in proc.stderr:
        pytest.fail(
            "the spacy_factories entry point is not installed: reinstall the package "
            "(pip install -e .) so that its metadata is current\n" + proc.stderr[-800:]
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(proc.stdout)
    total = 0
    for row, got in zip(rows, results, strict=True):
        expected = vnextract.extract(row["text"], published=row["published"])
        assert [tuple(s) for s in got["spans"]] == _records(expected), row["id"]
        assert Document.model_validate(got["document"]) == expected, row["id"]
        total += len(got["spans"])
    if vnextract.EXTRACTORS:
        assert total > 0
