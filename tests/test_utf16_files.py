"""UTF-16 files ("Unicode" in Windows tools) are read in every text format, with or
without a byte-order mark, gzipped or not; one that breaks off keeps what came before
and reports E202 for the rest (``vnextract.io.utf16``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from vnextract.cli import main
from vnextract.io.utf16 import utf16_encoding

SENTENCE = (
    "Ngày 14/6/2024, Phó Chủ tịch UBND tỉnh Hưng Yên Nguyễn Văn An chủ trì hội nghị; "
    "tổng vốn đạt 4.321 tỷ đồng."
)


def jsonl(*ids: str) -> str:
    return "".join(
        json.dumps({"id": i, "text": SENTENCE}, ensure_ascii=False) + "\r\n" for i in ids
    )


def run(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    out, err = folder.parent / "out.jsonl", folder.parent / "err.jsonl"
    main(["extract", str(folder), "--workers", "1", "-o", str(out), "--errors", str(err)])
    docs = {
        Path(d["id"]).name: d for d in map(json.loads, out.read_text("utf-8").splitlines())
    }
    errors = {
        Path(e["source"]).name: e["error"]
        for e in map(json.loads, err.read_text("utf-8").splitlines())
    }
    return docs, errors


@pytest.fixture(scope="module")
def archive(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    folder = tmp_path_factory.mktemp("utf16") / "in"
    folder.mkdir()
    (folder / "le-mark.txt").write_bytes(SENTENCE.encode("utf-16"))  # (a mark, native order)
    (folder / "be-mark.txt").write_bytes(b"\xfe\xff" + SENTENCE.encode("utf-16-be"))
    (folder / "le.jsonl").write_bytes(jsonl("a1", "a2").encode("utf-16-le"))
    (folder / "be.jsonl.gz").write_bytes(gzip.compress(jsonl("b1").encode("utf-16-be")))
    (folder / "rows.csv").write_bytes(f'id,text\nc1,"{SENTENCE}"\n'.encode("utf-16"))
    # two whole records, then a lone surrogate: the rest of the file cannot be read
    broken = jsonl("d1", "d2").encode("utf-16-le") + b"\x00\xdc" + jsonl("d3").encode("utf-16-le")
    (folder / "broken.jsonl").write_bytes(broken)
    # NULs in one column, but the other holds control characters: not text
    (folder / "controls.txt").write_bytes(bytes(b for c in range(1, 32) for b in (c, 0)) * 9)
    return run(folder)


@pytest.mark.parametrize("name", ["le-mark.txt", "be-mark.txt", "a1", "a2", "b1", "c1", "d1", "d2"])
def test_a_utf16_document_is_read_and_its_facts_extracted(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]], name: str
) -> None:
    docs, _ = archive
    doc = docs[name]
    assert doc["text"] == SENTENCE
    assert [o["name"] for o in doc["officials"]] == ["Nguyễn Văn An"]
    assert [d["value"] for d in doc["dates"]] == ["2024-06-14"]
    assert [m["amount"] for m in doc["money"]] == ["4321000000000"]


def test_a_utf16_file_that_breaks_off_keeps_the_records_before_and_reports_e202(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]],
) -> None:
    docs, errors = archive
    assert "d3" not in docs
    assert errors["broken.jsonl"] == (
        f"E202: not valid UTF-16 at byte {2 * len(jsonl('d1', 'd2'))} (illegal encoding); "
        "the documents before it were read; convert the file to UTF-8"
    )


def test_nul_bytes_that_are_not_utf16_stay_binary(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]],
) -> None:
    _, errors = archive
    assert errors["controls.txt"].startswith("E205: a binary file")
    assert len(errors) == 2


@pytest.mark.parametrize(
    "head",
    [
        SENTENCE.encode("utf-8"),
        SENTENCE.encode("utf-32"),
        bytes(range(256)),
        b"PK\x03\x04" + bytes(200),  # a zip file: NULs in both columns
        "Hà".encode("utf-16-le"),  # too short to tell
    ],
)
def test_other_bytes_are_not_taken_for_utf16(head: bytes) -> None:
    assert utf16_encoding(head) is None
