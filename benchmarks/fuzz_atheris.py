"""Coverage-guided fuzzing of ``vnextract.extract`` with atheris (libFuzzer for Python).

Run from the project root (``-runs=N`` bounds the run; without it, it runs until a bug)::

    PYTHONPATH=src python benchmarks/fuzz_atheris.py -runs=100000 -max_len=4000

Each input is read as UTF-8 (invalid bytes replaced), as Windows-1252 (legacy-looking
text), and as UTF-16 code units; for each, extraction must not raise and every record
must satisfy ``original[start:end] == text``.
"""

from __future__ import annotations

import sys
from typing import Any

import atheris

with atheris.instrument_imports():
    import vnextract


def _spans(value: Any) -> list[tuple[int, int, str]]:
    out = []
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys():
            out.append((value["start"], value["end"], value["text"]))
        for item in value.values():
            out += _spans(item)
    elif isinstance(value, list):
        for item in value:
            out += _spans(item)
    return out


def one_input(data: bytes) -> None:
    texts = [data.decode("utf-8", "replace"), data.decode("cp1252", "replace")]
    texts.append(data[: len(data) // 2 * 2].decode("utf-16-le", "replace"))
    for text in texts:
        doc = vnextract.extract(text)
        for start, end, span_text in _spans(doc.model_dump(mode="json", exclude={"text"})):
            if text[start:end] != span_text:
                raise AssertionError(f"offsets: {start}:{end} {span_text!r} in {text!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
