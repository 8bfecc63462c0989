"""The command line: extract over files and JSONL with error records, eval, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vnextract.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vnextract", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_schema_prints_the_document_json_schema() -> None:
    out = run("schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert schema["title"] == "Document" and "directives" in schema["properties"]


def test_extract_reports_bad_inputs_and_carries_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ngày 14/6/2024, UBND tỉnh họp.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    (tmp_path / "b.jsonl").write_text(
        '{"id": "j1", "text": "Quý I/2024", "published": "2024-06-15"}\n'
        "{not json\n"
        '{"id": "j3", "body": "no text field"}\n'
        '{"id": "j4", "text": "Chỉ thị số 40-CT/TW"}\n',
        encoding="utf-8",
    )
    out, errors = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    code = main(["extract", str(tmp_path), "-o", str(out), "--errors", str(errors)])
    assert code == 1
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    errs = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert sorted(d["id"] for d in docs) == sorted([str(tmp_path / "a.txt"), "j1", "j4"])
    assert len(errs) == 3
    by_line = {(Path(e["source"]).name, e["line"]): e["error"] for e in errs}
    assert by_line[("bad.txt", None)].startswith("E202")
    assert by_line[("b.jsonl", 2)].startswith("E203")
    assert by_line[("b.jsonl", 3)].startswith("E204")


def test_extract_of_an_unreadable_path_is_an_error_record(tmp_path: Path) -> None:
    out = run("extract", str(tmp_path / "missing.txt"))
    assert out.returncode == 1
    # stderr: the error records (JSON lines), then the human summary line
    records = [line for line in out.stderr.splitlines() if line.startswith("{")]
    err = json.loads(records[-1])
    assert err["source"].endswith("missing.txt") and err["error"].startswith("E201")


def test_eval_prints_every_field(shared_corpora: Path) -> None:
    out = run("eval", str(shared_corpora / "dev.jsonl"), "--json")
    assert out.returncode == 0, out.stderr
    scores = json.loads(out.stdout)
    for field in ("officials", "titles", "organisations", "organisations_strict", "dates",
                  "directives", "money"):
        assert set(scores[field]) >= {"precision", "recall", "f1"}


@pytest.mark.parametrize("args", [["--version"], ["schema"]])
def test_python_dash_m_works(args: list[str]) -> None:
    assert run(*args).returncode == 0
