"""render(): highlighted HTML that escapes the input; checked in headless Chromium too."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vnextract
from vnextract import pipeline
from vnextract.render import _marks, _nest, render
from vnextract.schema import Document

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
ATTACK = (
    "<script>document.title='PWNED-SCRIPT'</script>"
    "<img src=x onerror=\"document.title='PWNED-IMG'\"> \"quoted\" & 'single'"
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Register the stand-in extractor of tests/fake_extractor.py; returns the names to run."""
    monkeypatch.setitem(pipeline.EXTRACTORS, "fake", "fake_extractor:find")
    return ["fake"]


class _Text(HTMLParser):
    """Collects the text of the ``vx-text`` div (tag labels left out) and mark balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.depth = 0
        self.in_text = False
        self.in_tag = False
        self.max_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "div" and cls == "vx-text":
            self.in_text = True
        if tag == "mark":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag == "span" and cls == "vx-tag":
            self.in_tag = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.depth -= 1
            assert self.depth >= 0
        if tag == "span":
            self.in_tag = False
        if tag == "div":
            self.in_text = False

    def handle_data(self, data: str) -> None:
        if self.in_text and not self.in_tag:
            self.text.append(data)


def _text_of(out: str) -> str:
    parser = _Text()
    parser.feed(out)
    parser.close()
    assert parser.depth == 0
    return "".join(parser.text)


def test_text_round_trips_and_markup_is_escaped(fake: list[str]) -> None:
    text = "Chủ tịch HĐND tỉnh Trần Quốc Toản " + ATTACK + " ngày 14/6 chi 4.321 tỷ đồng."
    doc = vnextract.Pipeline(extractors=fake).extract(text, published="2024-06-15")
    out = render(doc)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert _text_of(out) == text
    labels = set(re.findall(r'data-label="([A-Z]+)"', out))
    assert {"OFFICIAL", "TITLE", "ORG", "DATE", "MONEY"} <= labels
    legend = out.split('class="vx-legend"')[1].split("</div>")[0]
    assert all(label in legend for label in labels)


def test_hover_titles_carry_values_and_are_attribute_escaped(fake: list[str]) -> None:
    doc = vnextract.Pipeline(extractors=fake).extract("Chi 4.321 tỷ đồng ngày 22/11/2014.")
    doc.money[0].qualifier = '"><script>alert(1)</script>'
    out = render(doc)
    assert 'title="Money: 4321000000000 VND' in out
    assert "Date: 2014-11-22" in out
    assert "<script" not in out


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="<>&\"' ab14/6,.%NHCSXđồngtỷ", max_size=60))
def test_any_text_round_trips(text: str) -> None:
    # records with arbitrary (also crossing) spans over arbitrary text
    from vnextract.schema import DateMention, Organisation

    n = len(text)
    spans = [(i, min(n, i + 5)) for i in range(0, n, 3)] + [(1, n)] if n > 2 else []
    doc = Document(
        text=text,
        dates=[DateMention(text=text[a:b], start=a, end=b, rule="t", value="2000",
                           granularity="year") for a, b in spans if a < b],
        organisations=[Organisation(text=text[0:n // 2], start=0, end=n // 2, rule="t",
                                    name="x")] if n > 1 else [],
    )
    assert _text_of(render(doc)) == text


def test_displacy_style_escapes(fake: list[str]) -> None:
    doc = vnextract.Pipeline(extractors=fake).extract(ATTACK + " ngày 14/6/2024", id="<b>id</b>")
    out = render(doc, style="displacy")
    assert "<script" not in out and "<b>id" not in out
    assert "DATE" in out


def test_spacy_doc_renders_like_its_document(fake: list[str]) -> None:
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnextract", config={"extractors": fake})
    sdoc = nlp("Ngày 14/6, UBND tỉnh chi 4.321 tỷ đồng.")
    assert render(sdoc) == render(sdoc._.vnextract)
    assert sdoc._.vnextract._repr_html_() == render(sdoc._.vnextract)


# --- headless Chromium --------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
    pytest.skip("chromium not installed (apt-get install chromium); CI installs it")


def _run_chromium(browser: str, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_seed_article_in_headless_chromium(shared_corpora: Path) -> None:
    browser = _chromium()
    seed = (shared_corpora / "seed" / "hungyen-chithi40.txt").read_text(encoding="utf-8")
    lines = seed.split("\n")
    text = "\n".join([*lines[:3], ATTACK, *lines[3:], ATTACK])  # markup in the article
    doc = vnextract.extract(text, published="2024-06-15", id="seed")
    expected = _nest(_marks(doc))
    if vnextract.EXTRACTORS:
        assert expected, "the default pipeline found nothing in the seed article"
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>vnextract render</title></head>"
        f"<body>{render(doc)}"
        # a control: our own script must run, so that 'not run' below means something
        "<script>document.body.setAttribute('data-js', 'ran')</script></body></html>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.html"
        path.write_text(page, encoding="utf-8")
        profile = str(Path(tmp) / "profile")
        dump = _run_chromium(browser, profile, "--dump-dom", path.as_uri())
        assert dump.returncode == 0, dump.stderr[-1000:]
        dom = dump.stdout
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "render-seed.png"
        shot.unlink(missing_ok=True)
        _run_chromium(
            browser, profile, f"--screenshot={shot}", "--window-size=1100,1600",
            "--hide-scrollbars", path.as_uri(),
        )
    assert 'data-js="ran"' in dom  # JavaScript works in this browser ...
    assert "<title>vnextract render</title>" in dom  # ... yet the article's script did not run
    assert "PWNED" not in re.sub(r"&lt;.*?&gt;", "", dom.split("<title>")[1].split("</title>")[0])
    assert dom.count("<script") == 1  # only the control script is an element
    assert dom.count("&lt;script&gt;document.title='PWNED-SCRIPT'&lt;/script&gt;") == 2
    assert "<img" not in dom
    marks = re.findall(
        r'<mark class="[^"]*" style="[^"]*" data-label="([A-Z]+)" data-start="(\d+)" '
        r'data-end="(\d+)"', dom
    )
    assert len(marks) == len(expected)
    assert sorted((m.label, m.start, m.end) for m in expected) == sorted(
        (label, int(a), int(b)) for label, a, b in marks
    )
    for mark in re.finditer(r'<mark [^>]*data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)</mark>', dom):
        if "<mark" not in mark[3]:  # innermost: its text is exactly the record's
            inner = html.unescape(re.sub(r'<span class="vx-tag">[A-Z]+</span>', "", mark[3]))
            assert inner == text[int(mark[1]):int(mark[2])]
    assert shot.is_file() and shot.stat().st_size > 10_000
