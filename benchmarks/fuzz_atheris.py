"""Coverage-guided fuzzing of ``vnextract.extract`` with atheris (libFuzzer for Python).

Run from the project root (``-runs=N`` bounds the run; without it, it runs until a bug)::

    PYTHONPATH=src python benchmarks/fuzz_atheris.py -runs=100000 -max_len=4000

Each input is read as UTF-8 (invalid bytes replaced), as Windows-1252 (legacy-looking
text), and as UTF-16 code units; for each, extraction must not raise and every record
must satisfy ``original[start:end] == text``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import vnextract
    from vnextract.schema import iter_spans




def one_input(data: bytes) -> None:
    texts = [data.decode("utf-8", "replace"), data.decode("cp1252", "replace")]
    texts.append(data[: len(data) // 2 * 2].decode("utf-16-le", "replace"))
    for text in texts:
        doc = vnextract.extract(text)
        for span in iter_spans(doc):
            if text[span.start : span.end] != span.text:
                raise AssertionError(f"offsets: {span.start}:{span.end} {span.text!r} in {text!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
