"""Round trip: each sample article, written in a legacy encoding, gives the same records
(values and offsets, mapped character by character) as the clean Unicode article."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from vnextract import Document, Pipeline
from vnextract.normalize.encodings import encode, representable
from vnextract.schema import iter_spans

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples.jsonl"
ROWS = [json.loads(line) for line in SAMPLES.open(encoding="utf-8") if line.strip()]
ENCODINGS = ("tcvn3", "vni", "viqr", "mojibake", "viscii")
NLP = Pipeline()


def _shape(value: Any, starts: list[int] | None) -> Any:
    """A record dump with offsets moved through ``starts`` and ``text`` left out."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "text":
                continue
            if key in ("start", "end") and starts is not None:
                out[key] = starts[item]
            else:
                out[key] = _shape(item, starts)
        return out
    if isinstance(value, list):
        return [_shape(v, starts) for v in value]
    return value


def _records(doc: Document, starts: list[int] | None) -> Any:
    dump = doc.model_dump(mode="json", exclude={"id", "text", "published"})
    return _shape(dump, starts)




@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_legacy_sample_gives_the_same_records(row: dict[str, Any], encoding: str) -> None:
    clean = representable(unicodedata.normalize("NFC", row["text"]), encoding)  # type: ignore[arg-type]
    legacy, starts = encode(clean, encoding)  # type: ignore[arg-type]
    assert legacy != clean
    want = NLP.extract(clean, published=row.get("published"))
    got = NLP.extract(legacy, published=row.get("published"))
    assert sum(len(v) for v in _records(want, None).values()) > 0
    assert _records(got, None) == _records(want, starts)
    for span in iter_spans(got):
        assert legacy[span.start : span.end] == span.text
