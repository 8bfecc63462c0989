"""to_frames / Document.to_frame: the batch tables as pandas DataFrames."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import vnextract
from vnextract import pipeline
from vnextract.tables import TABLES, columns, to_rows

TEXTS = [
    ("Chủ tịch HĐND tỉnh Trần Quốc Toản: ngày 14/6 chi 4.321 tỷ đồng theo 40-CT/TW.", "a"),
    ("Không có gì ở đây.", "b"),
    ("UBND tỉnh chi 12 tỷ đồng ngày 1/7/2024, tăng 5,5%; NHCSXH theo 40-CT/TW.", "c"),
]


@pytest.fixture
def docs(monkeypatch: pytest.MonkeyPatch) -> list[vnextract.Document]:
    monkeypatch.setitem(pipeline.EXTRACTORS, "fake", "fake_extractor:find")
    nlp = vnextract.Pipeline(extractors=["fake"])
    return [nlp.extract(t, id=i, published="2024-06-15") for t, i in TEXTS]


def test_one_frame_per_table_with_the_batch_columns(docs: list[vnextract.Document]) -> None:
    frames = vnextract.to_frames(docs)
    rows = to_rows(docs)
    assert list(frames) == list(TABLES)
    for table, frame in frames.items():
        assert list(frame.columns) == [name for name, _ in columns(table)], table
        assert len(frame) == len(rows[table]), table
    money = frames["money"]
    assert money["amount"].tolist() == [Decimal("4321000000000"), Decimal("12000000000")]
    assert money["document_id"].tolist() == ["a", "c"]
    assert str(money["start"].dtype) == "Int64"
    cited = frames["directives"].groupby("code")["document_id"].nunique()
    assert cited.to_dict() == {"40-CT/TW": 2}


def test_offsets_in_frames_point_into_the_text(docs: list[vnextract.Document]) -> None:
    frames = vnextract.to_frames(docs)
    texts = frames["documents"].set_index("document_id")["text"]
    for table in ("money", "dates", "organisations", "officials", "titles", "percentages"):
        for row in frames[table].itertuples():
            assert texts[row.document_id][row.start:row.end] == row.text, table


def test_empty_archive_still_has_columns() -> None:
    frames = vnextract.to_frames([])
    assert all(len(f) == 0 and len(f.columns) > 2 for f in frames.values())


def test_document_to_frame(docs: list[vnextract.Document]) -> None:
    frame = docs[0].to_frame()
    assert list(frame.columns) == ["label", "text", "start", "end", "rule", "value"]
    assert frame["start"].is_monotonic_increasing
    assert set(frame["label"]) == {"OFFICIAL", "ORG", "DATE", "DIRECTIVE", "MONEY"}
    assert "4321000000000 VND" in frame["value"].tolist()
    pd.testing.assert_frame_equal(
        docs[2].to_frame("money"),
        vnextract.to_frames([docs[2]])["money"],
    )
    with pytest.raises(KeyError, match="E402"):
        docs[0].to_frame("nonsense")
