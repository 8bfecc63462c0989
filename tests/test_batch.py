"""``vnextract extract`` at archive scale: every input accounted for, parallel equals
serial, kill-then-resume equals uninterrupted, flat tables, bounded streaming."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vnextract import Pipeline
from vnextract.cli import main

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

# Our own sentences (templates), filled with numbers so that documents differ.
TEMPLATES = (
    "Ngày {d}/{m}/2024, UBND tỉnh Hưng Yên tổ chức hội nghị tổng kết {n} năm thực hiện "
    "Chỉ thị số 40-CT/TW của Ban Bí thư Trung ương Đảng.",
    "Phó Chủ tịch UBND tỉnh Nguyễn Văn An cho biết tổng dư nợ đạt {n}.321 tỷ đồng, "
    "tăng {d},5% so với cùng kỳ.",
    "Theo Nghị định {n}/2018/NĐ-CP, Bộ Tài chính hướng dẫn các địa phương trong quý {q}/2024.",
    "Hội nghị có sự tham dự của đồng chí Trần Thị Bình, Bí thư Tỉnh ủy, và {n} đại biểu.",
)


def sentence(i: int) -> str:
    return TEMPLATES[i % len(TEMPLATES)].format(
        d=1 + i % 28, m=1 + i % 12, n=10 + i % 90, q=("I", "II", "III", "IV")[i % 4]
    )


def document(i: int) -> str:
    return " ".join(sentence(i + k) for k in range(3))


def jsonl_lines(ids: range, prefix: str) -> list[str]:
    return [
        json.dumps({"id": f"{prefix}{i}", "text": document(i), "published": "2024-06-15"},
                   ensure_ascii=False)
        for i in ids
    ]


def make_mixed_folder(root: Path) -> tuple[int, int]:
    """A folder of good and bad inputs; returns (documents, errors) it must yield."""
    docs = errors = 0
    (root / "news" / "2024").mkdir(parents=True)
    for i in range(3):
        (root / "news" / "2024" / f"a{i}.txt").write_text(document(i), encoding="utf-8")
        docs += 1
    lines = jsonl_lines(range(20), "j")
    lines[5] = "{not json"  # E203
    lines[9] = json.dumps({"id": "j9", "body": "no text"})  # E204
    raw = [line.encode("utf-8") for line in lines]
    raw[12] = b'{"id": "j12", "text": "H\xc3\xa0 N\xff"}'  # E202: invalid UTF-8 in line 13
    (root / "dump.jsonl").write_bytes(b"\n".join(raw) + b"\n")
    docs += 17
    errors += 3
    good_gz = "\n".join(jsonl_lines(range(100, 130), "g")) + "\n"
    (root / "dump2.jsonl.gz").write_bytes(gzip.compress(good_gz.encode("utf-8")))
    docs += 30
    # a truncated gzip: some complete lines, then the stream breaks (one error record)
    big = "\n".join(jsonl_lines(range(200, 400), "t")) + "\n"
    packed = gzip.compress(big.encode("utf-8"))
    (root / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    errors += 1  # plus however many lines came before the break (counted in the test)
    (root / "bad-utf8.txt").write_bytes("Ủy ban nhân dân".encode() + b"\xff\xfe " + "tỉnh".encode())
    errors += 1
    (root / "empty.txt").write_bytes(b"")
    errors += 1
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    errors += 1
    (root / "huge.txt").write_bytes(b"a " * (25 * 1024 * 1024))  # 50 MB, one document
    errors += 1
    (root / "page.html").write_text(
        "<html><head><script>x=1</script></head><body><nav>Menu</nav><article>"
        f"<h1>Tin</h1><p>{document(7)}</p></article></body></html>",
        encoding="utf-8",
    )
    docs += 1
    (root / "table.csv").write_text(
        "id,text\n" + "".join(f'c{i},"{document(i)}"\n' for i in range(4)), encoding="utf-8"
    )
    docs += 4
    pq.write_table(
        pa.table({"id": [f"p{i}" for i in range(5)], "text": [document(i) for i in range(5)]}),
        root / "table.parquet",
    )
    docs += 5
    pq.write_table(pa.table({"id": ["w1"], "text": [42]}), root / "wrong-type.parquet")
    errors += 1
    (root / "array.json").write_text(
        json.dumps([{"id": "a1", "text": document(1)}, {"id": "a2", "text": 5}]), encoding="utf-8"
    )
    docs += 1
    errors += 1
    (root / "notes.bin").write_bytes(b"\x00")  # unknown suffix in a folder: not an input
    return docs, errors


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def run_cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vnextract", "extract", *args],
        capture_output=True, text=True, cwd=ROOT, env=ENV, **kw,  # type: ignore[call-overload]
    )


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    root = tmp_path_factory.mktemp("mixed")
    docs, errors = make_mixed_folder(root / "in")
    return root, docs, errors


@pytest.fixture(scope="module")
def serial_run(mixed: tuple[Path, int, int]) -> tuple[Path, Path, int]:
    root, _, _ = mixed
    out, err = root / "one.jsonl", root / "one-err.jsonl"
    code = main(["extract", str(root / "in"), str(root / "missing.txt"),
                 "--workers", "1", "-o", str(out), "--errors", str(err)])
    return out, err, code


def test_two_workers_account_for_every_input_and_equal_one(
    mixed: tuple[Path, int, int], serial_run: tuple[Path, Path, int]
) -> None:
    root, expected_docs, expected_errors = mixed
    out, err = root / "two.jsonl", root / "two-err.jsonl"
    proc = run_cli(str(root / "in"), str(root / "missing.txt"), "--workers", "2",
                   "--batch-size", "4", "-o", str(out), "--errors", str(err))
    assert proc.returncode == 1, proc.stderr  # errors happened
    docs, errs = records(out), records(err)
    # the truncated gzip yields a prefix of its documents, then one error record
    cut = [d["id"] for d in docs if str(d["id"]).startswith("t")]
    assert 0 < len(cut) < 200 and cut == [f"t{i}" for i in range(200, 200 + len(cut))]
    assert len(docs) == expected_docs + len(cut)
    assert len(errs) == expected_errors + 1  # + the missing path
    assert len({d["id"] for d in docs}) == len(docs)
    # the same run on one worker gives the same bytes, in the same order
    one_out, one_err, one_code = serial_run
    assert one_code == 1
    assert out.read_bytes() == one_out.read_bytes()
    assert sorted(map(json.dumps, errs)) == sorted(map(json.dumps, records(one_err)))
    assert "documents" in proc.stderr and "errors" in proc.stderr  # the summary


def test_each_bad_input_is_one_clear_error_record(serial_run: tuple[Path, Path, int]) -> None:
    _, err, _ = serial_run
    by_source: dict[str, list[dict[str, object]]] = {}
    for e in records(err):
        by_source.setdefault(Path(str(e["source"])).name, []).append(e)
    codes = {name: [str(e["error"])[:4] for e in es] for name, es in by_source.items()}
    assert codes["bad-utf8.txt"] == ["E202"]
    assert codes["empty.txt"] == ["E207"]
    assert codes["image.txt"] == ["E205"]
    assert codes["huge.txt"] == ["E206"]
    assert codes["cut.jsonl.gz"] == ["E208"]
    assert codes["wrong-type.parquet"] == ["E209"]
    assert codes["missing.txt"] == ["E201"]
    assert codes["array.json"] == ["E204"]
    assert sorted((e["line"], str(e["error"])[:4]) for e in by_source["dump.jsonl"]) == [
        (6, "E203"), (10, "E204"), (13, "E202")
    ]
    assert by_source["dump.jsonl"][1]["id"] in ("j9", "j12")  # the id is kept when known
    assert "notes.bin" not in codes


def test_encoding_errors_replace_carries_on(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes("Ủy ban".encode() + b"\xff " + "tỉnh".encode())
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(tmp_path / "bad.txt"), "--workers", "1", "-o", str(out),
                 "--encoding-errors", "replace"])
    assert code == 0
    assert records(out)[0]["text"] == "Ủy ban\ufffd tỉnh"


def test_stdin_and_unordered(tmp_path: Path) -> None:
    data = "\n".join(jsonl_lines(range(40), "s")) + "\n"
    proc = run_cli("-", "--workers", "2", "--batch-size", "3", "--unordered", input=data)
    assert proc.returncode == 0, proc.stderr
    got = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert sorted(got) == sorted(f"s{i}" for i in range(40))
    assert "\r" not in proc.stderr  # no progress bar when stderr is not a terminal


def test_killed_then_resumed_equals_uninterrupted(tmp_path: Path) -> None:
    lines = jsonl_lines(range(300), "k")
    lines.insert(150, "{broken")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    src = tmp_path / "all.jsonl"
    src.write_bytes(data)
    ref, ref_err = tmp_path / "ref.jsonl", tmp_path / "ref-err.jsonl"
    assert main(["extract", str(src), "--workers", "1",
                 "-o", str(ref), "--errors", str(ref_err)]) == 1
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    # the first run reads the same path as a pipe that we feed in part and keep open,
    # so that it is still running when it is killed
    src.unlink()
    os.mkfifo(src)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnextract", "extract", str(src), "--workers", "2",
         "--batch-size", "8", "-o", str(out), "--errors", str(err)],
        stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV, start_new_session=True,
    )
    feed = open(src, "wb")
    feed.write(data[: len(data) * 2 // 3])
    feed.flush()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        feed.close()
    except BrokenPipeError:
        pass
    src.unlink()
    src.write_bytes(data)
    written = out.read_bytes()
    assert 0 < written.count(b"\n") < 300
    with open(out, "ab") as f:  # as if a kill had cut a write short
        f.write(b'{"id":"k99999","text":"half a li')
    resumed = run_cli(str(src), "--workers", "2", "--batch-size", "8",
                      "-o", str(out), "--errors", str(err), "--resume")
    assert resumed.returncode == 1, resumed.stderr
    assert "skipped" in resumed.stderr
    assert out.read_bytes() == ref.read_bytes()
    assert records(err) == records(ref_err)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables_resume_to_the_same_tables(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text("\n".join(jsonl_lines(range(30), "a")) + "\n", "utf-8")
    ref = tmp_path / "ref"
    assert main(["extract", str(src), "--workers", "1", "--format", fmt, "-o", str(ref)]) == 0
    (src / "b.jsonl").write_text("\n".join(jsonl_lines(range(30, 50), "b")) + "\n", "utf-8")
    assert main(["extract", str(src), "--workers", "1", "--format", fmt, "-o", str(ref)]) == 0
    part = tmp_path / "part"
    (src / "b.jsonl").rename(tmp_path / "b.jsonl")
    assert main(["extract", str(src), "--workers", "1", "--format", fmt, "-o", str(part)]) == 0
    (tmp_path / "b.jsonl").rename(src / "b.jsonl")
    assert main(["extract", str(src), "--workers", "1", "--format", fmt, "-o", str(part),
                 "--resume"]) == 0
    for table in ("documents", "dates", "officials", "titles", "money"):
        assert read_table(part, table, fmt) == read_table(ref, table, fmt), table


def read_table(root: Path, table: str, fmt: str) -> list[str]:
    if fmt == "csv":
        return sorted((root / f"{table}.csv").read_text("utf-8").splitlines())
    rows = pq.read_table(root / table).to_pylist()
    return sorted(json.dumps(r, default=str, ensure_ascii=False) for r in rows)


def test_parquet_tables_match_the_documents(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(jsonl_lines(range(12), "d")) + "\n", "utf-8")
    out = tmp_path / "tables"
    assert main(["extract", str(src), "--workers", "1", "--format", "parquet", "-o", str(out)]) == 0
    docs = {r["document_id"]: r for r in pq.read_table(out / "documents").to_pylist()}
    assert sorted(docs) == sorted(f"d{i}" for i in range(12))
    expected = {d.id: d for d in Pipeline().pipe(
        [(document(i), {"id": f"d{i}", "published": "2024-06-15"}) for i in range(12)])}
    for field in ("officials", "organisations", "dates", "directives", "money"):
        rows = pq.read_table(out / field).to_pylist()
        assert len(rows) == sum(len(getattr(d, field)) for d in expected.values()), field
        for row in rows:
            text = docs[row["document_id"]]["text"]
            assert text[row["start"]:row["end"]] == row["text"]


def test_table_output_needs_a_folder() -> None:
    assert main(["extract", "-", "--format", "parquet"]) == 2


def test_pipe_pulls_its_input_lazily() -> None:
    pulled = 0

    def endless() -> Iterator[tuple[str, dict[str, str]]]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield (sentence(i), {"id": str(i)})

    got = list(itertools.islice(Pipeline().pipe(endless(), n_process=2, batch_size=4), 10))
    assert [d.id for d in got] == [str(i) for i in range(10)]
    assert pulled <= 10 + 2 * 2 * 4 + 4  # the window, not the (endless) input


def test_ctrl_c_leaves_complete_lines_and_says_so(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    os.mkfifo(src)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnextract", "extract", str(src), "--workers", "2",
         "--batch-size", "4", "-o", str(out)],
        stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV, start_new_session=True,
    )
    with open(src, "wb") as feed:
        feed.write(("\n".join(jsonl_lines(range(100), "c")) + "\n").encode("utf-8"))
        feed.flush()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not out.exists() or out.stat().st_size == 0):
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    ids = [d["id"] for d in records(out)]  # every line is whole JSON
    assert ids == [f"c{i}" for i in range(len(ids))]


def test_readers_glob_html_charset_and_ids(tmp_path: Path) -> None:
    from vnextract.io.readers import ReadOptions, read_items

    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "a.html").write_bytes(
        b'<html><head><meta charset="windows-1258"></head><body><article><p>'
        + "Ca\u0300 Mau".encode("cp1258")  # "Cà Mau", tone mark as cp1258 writes it
        + b"</p></article></body></html>"
    )
    (tmp_path / "2024" / "b.txt").write_text("Hà Nội", encoding="utf-8")
    (tmp_path / "c.csv").write_text("text,published\nHuế,2024-01-02\n", encoding="utf-8")
    got = list(read_items([str(tmp_path)], ReadOptions(glob="2024/*.html")))
    assert len(got) == 1 and isinstance(got[0], tuple)
    assert got[0][0] == "Ca\u0300 Mau"
    got = list(read_items([str(tmp_path / "c.csv")]))
    assert got == [("Huế", {"id": f"{tmp_path / 'c.csv'}:2", "published": "2024-01-02",
                            "source": str(tmp_path / "c.csv"), "line": 2})]


def test_resume_needs_an_output_file() -> None:
    assert main(["extract", "-", "--resume"]) == 2
