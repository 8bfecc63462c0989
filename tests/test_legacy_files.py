"""``vnextract extract`` reads files in legacy Vietnamese encodings (TCVN3, VNI, VISCII,
Windows-1258) that are not UTF-8, and still reports bytes that are nothing readable.

The files are written here from our own sentences with the library's encoder
(:func:`vnextract.normalize.encodings.encode`), the way a Windows editor with a
``.VnTime``/VNI font saved them: the encoded letters' bytes, and Windows-1252 bytes for
the curly quotes.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vnextract.cli import main
from vnextract.io.legacy import guess, looks_like_utf8, reads_as_vietnamese, windows_view
from vnextract.io.readers import ReadOptions, read_items
from vnextract.normalize.encodings import Encoding, encode, representable

SENTENCE = (
    "Sáng ngày 5/3/2021, Ủy ban nhân dân tỉnh Bắc Giang tổ chức hội nghị “tổng kết” "
    "công tác phòng chống thiên tai; ông Lương Văn Đức, Phó Chủ tịch UBND tỉnh, chủ trì."
)
ORGANISATION = "Ủy ban nhân dân tỉnh Bắc Giang"
DATE = "2021-03-05"


def legacy_bytes(text: str, encoding: Encoding) -> bytes:
    """``text`` as a file saved in ``encoding``: encode() gives the Windows-1252 view of
    the bytes (Latin-1 for the five bytes Windows-1252 leaves undefined)."""
    shown, _ = encode(representable(text, encoding), encoding)
    out = bytearray()
    for ch in shown:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += ch.encode("latin-1")
    return bytes(out)


def cp1258_bytes(text: str) -> bytes:
    """``text`` as Windows writes code page 1258: letters with a circumflex, breve or horn
    (and đ) precomposed, every tone mark a combining character after its letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every record and nested span (titles, mentions) of a Document as JSON."""
    if isinstance(node, dict):
        if {"text", "start", "end"} <= node.keys() and isinstance(node["start"], int):
            yield node
        for value in node.values():
            yield from spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from spans(value)


def run(folder: Path, *extra: str) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Documents by file name (or JSONL id) and error messages by file name (or name:line)."""
    out, err = (
        folder.parent / f"{folder.name}.out.jsonl",
        folder.parent / f"{folder.name}.err.jsonl",
    )
    main(["extract", str(folder), "--workers", "1", "-o", str(out), "--errors", str(err), *extra])
    docs = {}
    for line in out.read_text("utf-8").splitlines():
        doc = json.loads(line)
        docs[Path(doc["id"]).name] = doc
    errors = {}
    for line in err.read_text("utf-8").splitlines():
        e = json.loads(line)
        key = Path(e["source"]).name + ("" if e["line"] is None else f":{e['line']}")
        errors[key] = e["error"]
    return docs, errors


def check_offsets(doc: dict[str, Any]) -> None:
    for span in spans(doc):
        assert doc["text"][span["start"] : span["end"]] == span["text"], span


@pytest.fixture(scope="module")
def archive(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    folder = tmp_path_factory.mktemp("legacy") / "in"
    folder.mkdir()
    for encoding in ("tcvn3", "vni", "viscii"):
        (folder / f"{encoding}.txt").write_bytes(legacy_bytes(SENTENCE, encoding))
    (folder / "cp1258.txt").write_bytes(cp1258_bytes(SENTENCE))
    (folder / "vni.html").write_bytes(
        b"<html><body><article><p>"
        + legacy_bytes(SENTENCE, "vni")
        + b"</p></article></body></html>"
    )
    lines = [
        json.dumps(
            {"id": f"u{i}", "text": f"Ngày {i + 1}/6/2024, UBND tỉnh họp."}, ensure_ascii=False
        ).encode("utf-8")
        for i in range(3)
    ]
    # one line saved in VNI among UTF-8 lines, and one in VISCII whose "QUỸ" puts Ỹ on a
    # control byte (0x19), which strict JSON would refuse inside a string
    lines[1] = legacy_bytes(json.dumps({"id": "v1", "text": SENTENCE}, ensure_ascii=False), "vni")
    viscii = "Quỹ hỗ trợ nông dân tỉnh Bắc Giang: QUỸ BẢO TRỢ TRẺ EM nhận 200 triệu đồng."
    lines.append(
        legacy_bytes(json.dumps({"id": "x1", "text": viscii}, ensure_ascii=False), "viscii")
    )
    (folder / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    rng = random.Random(1258)
    (folder / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))
    (folder / "damaged.txt").write_bytes(SENTENCE.encode("utf-8") + b"\xff\xfe" + SENTENCE.encode())
    (folder / "french.txt").write_bytes(
        "Le préfet a reçu les élus à Hué, où il a visité l'école.".encode("cp1252")
    )
    return run(folder)


@pytest.mark.parametrize("name", ["vni.txt", "viscii.txt", "cp1258.txt", "vni.html", "v1"])
def test_a_legacy_document_is_read_and_its_facts_extracted(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]], name: str
) -> None:
    docs, _ = archive
    doc = docs[name]
    assert ORGANISATION in [o["name"] for o in doc["organisations"]]
    assert DATE in [d["value"] for d in doc["dates"]]
    assert "Lương Văn Đức" in [o["name"] for o in doc["officials"]]
    check_offsets(doc)


def test_tcvn3_has_no_toned_capitals_but_reads(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]],
) -> None:
    doc = archive[0]["tcvn3.txt"]
    assert DATE in [d["value"] for d in doc["dates"]]
    assert "Lương Văn Đức" in [o["name"] for o in doc["officials"]]
    assert "Bắc Giang" in [loc["name"] for loc in doc["locations"]]
    check_offsets(doc)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_the_text_of_an_8bit_file_is_one_character_a_byte(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]], encoding: Encoding
) -> None:
    raw = legacy_bytes(SENTENCE, encoding)
    text = archive[0][f"{encoding}.txt"]["text"]
    assert text == windows_view(raw) and len(text) == len(raw)
    if encoding != "viscii":  # VISCII has letters on 0x80-0x9F, and no curly quotes
        assert "\x93" not in text and "“" in text  # Windows' curly quotes, not C1 controls


def test_a_windows_1258_file_keeps_its_combining_marks(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]],
) -> None:
    text = archive[0]["cp1258.txt"]["text"]
    assert text == cp1258_bytes(SENTENCE).decode("cp1258")
    assert "\u0309" in text and unicodedata.normalize("NFC", text) == SENTENCE


def test_lines_of_a_jsonl_file_are_decoded_one_by_one(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]],
) -> None:
    docs, errors = archive
    assert {"u0", "u2", "v1", "x1"} <= docs.keys()
    assert not [k for k in errors if k.startswith("mixed.jsonl")]
    assert [d["value"] for d in docs["u2"]["dates"]] == ["2024-06-03"]
    quy = docs["x1"]
    assert "\x19" in quy["text"]  # VISCII's Ỹ, kept as its byte
    assert [(float(m["amount"]), m["currency"]) for m in quy["money"]] == [(200e6, "VND")]
    check_offsets(quy)


def test_a_short_text_field_is_converted_from_the_encoding_its_line_was_read_in(
    tmp_path: Path,
) -> None:
    """Too short to tell VISCII on its own ("tỉnh Hưng" reads as TCVN3 too), the text
    field is converted as the whole line was read: the reader passes the encoding on."""
    title = "Hội nghị tổng kết công tác năm của các sở, ban, ngành trong tỉnh được tổ chức sáng nay"
    row = {"id": "s1", "title": title, "text": "UBND tỉnh Hưng Yên họp"}
    (tmp_path / "in").mkdir()
    line = legacy_bytes(json.dumps(row, ensure_ascii=False), "viscii")
    (tmp_path / "in" / "short.jsonl").write_bytes(line + b"\n")
    items = list(read_items([str(tmp_path / "in")], ReadOptions()))
    assert [meta["encoding"] for _, meta in items] == ["viscii"]  # type: ignore[index]
    docs, errors = run(tmp_path / "in")
    assert not errors
    assert [o["name"] for o in docs["s1"]["organisations"]] == ["UBND tỉnh Hưng Yên"]
    check_offsets(docs["s1"])


@pytest.mark.parametrize("name", ["noise.txt", "damaged.txt", "french.txt"])
def test_bytes_that_read_as_nothing_are_e202(
    archive: tuple[dict[str, dict[str, Any]], dict[str, str]], name: str
) -> None:
    docs, errors = archive
    assert name not in docs
    assert errors[name].startswith("E202: not valid UTF-8 at byte ")
    assert "TCVN3, VNI, VISCII or Windows-1258" in errors[name] and "--fix-encoding" in errors[name]


def test_fix_encoding_off_reports_legacy_files_and_replace_carries_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "vni.txt").write_bytes(legacy_bytes(SENTENCE, "vni"))
    docs, errors = run(folder, "--fix-encoding", "off")
    assert not docs and "pass --fix-encoding auto" in errors["vni.txt"]
    docs, errors = run(folder, "--fix-encoding", "off", "--encoding-errors", "replace")
    assert not errors and "\ufffd" in docs["vni.txt"]["text"]
    docs, errors = run(
        folder, "--encoding-errors", "replace"
    )  # a legacy file is read, not replaced
    assert not errors and ORGANISATION in [o["name"] for o in docs["vni.txt"]["organisations"]]


def test_a_forced_encoding_reads_what_auto_cannot_tell(tmp_path: Path) -> None:
    raw = legacy_bytes("Tháng 6", "tcvn3")  # one legacy letter: too little to detect
    options = ReadOptions(fix_encoding="auto")
    path = tmp_path / "short.txt"
    path.write_bytes(raw)
    [auto] = read_items([str(path)], options)
    assert not isinstance(auto, tuple) and str(auto.error).startswith("E202")
    [forced] = read_items([str(path)], ReadOptions(fix_encoding="tcvn3"))
    assert isinstance(forced, tuple) and forced[0] == "Th¸ng 6"


def test_guess_tells_legacy_from_utf8_and_other_languages() -> None:
    assert looks_like_utf8(SENTENCE.encode("utf-8") + b"\xff")
    assert not looks_like_utf8(legacy_bytes(SENTENCE, "vni"))
    assert guess(legacy_bytes(SENTENCE, "tcvn3"), "auto") == (
        windows_view(legacy_bytes(SENTENCE, "tcvn3")),
        "tcvn3",
    )
    assert guess(legacy_bytes(SENTENCE, "vni"), "off") is None
    assert reads_as_vietnamese(cp1258_bytes(SENTENCE).decode("cp1258"))
    assert not reads_as_vietnamese("Größe und Qualität für Bürger in München")


def test_csv_rows_are_decoded_line_by_line(tmp_path: Path) -> None:
    rows = [b"id,text", 'c1,"Ngày 2/9/2024, UBND tỉnh họp."'.encode()]
    rows.append(b'c2,"' + legacy_bytes(SENTENCE, "vni") + b'"')
    rows.append('c3,"Hội nghị ngày 1/10/2024 ""thành công""\r\nkéo dài hai ngày."'.encode())
    for newline in (b"\r\n", b"\r"):  # Windows, and old Mac files
        path = tmp_path / f"t{len(newline)}.csv"
        path.write_bytes(newline.join(rows) + newline)
        got = list(read_items([str(path)]))
        assert [item[1]["id"] for item in got if isinstance(item, tuple)] == ["c1", "c2", "c3"]
        assert isinstance(got[1], tuple) and got[1][0] == windows_view(
            legacy_bytes(SENTENCE, "vni")
        )
        assert isinstance(got[2], tuple) and got[2][0].endswith('"thành công"\r\nkéo dài hai ngày.')
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\n".join([rows[0], rows[1], b'c9,"\xff\xfe\x81"', rows[2]]) + b"\n")
    got = list(read_items([str(path)]))
    assert [item[1]["id"] for item in got if isinstance(item, tuple)] == ["c1"]
    [error] = [item for item in got if not isinstance(item, tuple)]
    assert (
        error.line == 3
        and str(error.error).startswith("E202")
        and "rest of the file" in str(error.error)
    )


def test_a_page_declaring_a_charset_is_decoded_with_it_and_never_crashes(tmp_path: Path) -> None:
    body = b"<article><p>" + legacy_bytes(SENTENCE, "vni") + b" \x81</p></article></body></html>"
    pages = {
        "latin1.html": b'<html><head><meta charset="iso-8859-1"></head><body>' + body,
        "utf16.html": b'<html><head><meta charset="utf-16"></head><body>' + body,
    }
    for name, page in pages.items():
        (tmp_path / name).write_bytes(page)
    got = {
        Path(str(i.source if not isinstance(i, tuple) else i[1]["source"])).name: i
        for i in read_items([str(tmp_path)])
    }
    latin1 = got["latin1.html"]
    assert isinstance(latin1, tuple) and latin1[0].startswith(
        windows_view(legacy_bytes(SENTENCE, "vni"))
    )
    utf16 = got["utf16.html"]
    assert not isinstance(utf16, tuple) and str(utf16.error).startswith("E202: not valid utf-16")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_detection_reads_the_latin1_and_the_windows_view_alike(encoding: Encoding) -> None:
    """VISCII puts letters on 0x80-0x9F, whose Latin-1 and Windows-1252 views differ:
    both decode alike.  TCVN3 and VNI keep those bytes for Windows' curly quotes, which
    only the Windows view shows as quotes (the reader's choice)."""
    from vnextract.normalize.encodings import decode, detect

    text = representable(SENTENCE + " Ỹ Ỷ Ẵ ỹ ỷ ẵ", encoding)
    raw = legacy_bytes(text, encoding)
    latin1, windows = raw.decode("latin-1"), windows_view(raw)
    assert detect(latin1) == detect(windows) == encoding
    assert decode(windows, encoding)[0] == text
    assert decode(latin1, encoding)[0] == text.replace("“", "\x93").replace("”", "\x94")


def test_random_bytes_are_never_taken_for_vietnamese() -> None:
    rng = random.Random(2026)
    taken = []
    for n in range(400):
        size = (5, 30, 200, 2000)[n % 4]
        low = (1, 32, 128)[n % 3]
        raw = bytes(rng.randrange(low, 256) for _ in range(size))
        found = guess(raw, "auto")
        if found is not None:
            taken.append((raw, found[1]))
    assert taken == []
