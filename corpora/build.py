"""Build ``corpora/samples.jsonl`` from ``corpora/src/*.txt`` and ``corpora/annotations.yaml``.

Run from the project root: ``python corpora/build.py``. ``python corpora/build.py challenge``
builds the held-out set ``corpora/challenge.jsonl`` from ``corpora/challenge/src/*.txt`` and
``corpora/challenge/annotations.yaml`` the same way, and ``python corpora/build.py heldout2``
the second held-out set from ``corpora/heldout2/``. Before writing, every annotated
official name, title, organisation and document code is checked to occur in its text, and every
date's year and money amount's leading digits are checked to occur too, so that a typo in the
annotations is caught here rather than in a score.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = "vnextract sample (written by the project)"
CHALLENGE_SOURCE = "vnextract challenge set (written by the project, held out)"
# set name -> (folder holding annotations.yaml and src/, output file, source, text length bounds)
SETS: dict[str, tuple[Path, Path, str, tuple[int, int]]] = {
    "samples": (HERE, HERE / "samples.jsonl", SOURCE, (1500, 3500)),
    "challenge": (HERE / "challenge", HERE / "challenge.jsonl", CHALLENGE_SOURCE, (800, 2500)),
    "heldout2": (HERE / "heldout2", HERE / "heldout2.jsonl", "vnextract held-out set 2 (written by the project, held out)", (800, 2500)),
}


def _fold(text: str) -> str:
    """Case-fold and collapse white space, as the scorer compares names."""
    return re.sub(r"\s+", " ", text).casefold()


def check(doc: dict[str, Any]) -> list[str]:
    """Return the problems found in one annotated document (empty when all is well)."""
    text = doc["text"]
    folded = _fold(text)
    digits = re.sub(r"[^0-9]", "", text)
    problems: list[str] = []
    for off in doc["officials"]:
        for value in [off["name"], *off["titles"]]:
            if _fold(value) not in folded:
                problems.append(f"official value not in text: {value!r}")
    for org in doc["organisations"] + doc["organisations_optional"]:
        if _fold(org) not in folded:
            problems.append(f"organisation not in text: {org!r}")
    # a document known only by type and number ("Chỉ thị 12") is written "Chỉ thị số 12" in text
    unspaced = text.replace(" ", "")
    without_so = re.sub(r"\bsố\s+", "", text).replace(" ", "")
    for code in doc["directives"]:
        if code.replace(" ", "") not in unspaced and code.replace(" ", "") not in without_so:
            problems.append(f"directive not in text: {code!r}")
    # a day or month written without its year ("ngày 13/3", "hôm qua") takes the published year
    published_year = (doc.get("published") or "")[:4]
    for date in doc["dates"]:
        for year in re.findall(r"\d{4}", date):
            if year not in text and year != published_year:
                problems.append(f"date year not in text: {date!r}")
    for money in doc["money"]:
        lead = money["amount"].rstrip("0")[:2] or "0"
        if lead not in digits:
            problems.append(f"money digits not in text: {money!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Build the JSONL file of the set named in ``argv`` (default ``samples``); return an exit code."""
    args = sys.argv[1:] if argv is None else argv
    name = args[0] if args else "samples"
    if name not in SETS or len(args) > 1:
        print(f"usage: build.py [{'|'.join(SETS)}]", file=sys.stderr)
        return 2
    folder, output, source, (shortest, longest) = SETS[name]
    annotations = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
    lines: list[str] = []
    failed = False
    for ann in annotations:
        text = (folder / "src" / f"{ann['id']}.txt").read_text(encoding="utf-8")
        doc = {
            "id": ann["id"],
            "source": source,
            "licence": "CC0-1.0",
            "published": ann["published"],
            "text": text,
            "officials": ann["officials"],
            "organisations": ann["organisations"],
            "organisations_optional": ann["organisations_optional"],
            "dates": ann["dates"],
            "directives": ann["directives"],
            "money": [{"amount": str(a), "currency": c} for a, c in ann["money"]],
        }
        for problem in check(doc):
            failed = True
            print(f"{doc['id']}: {problem}", file=sys.stderr)
        if not shortest <= len(text) <= longest:
            failed = True
            print(f"{doc['id']}: length {len(text)} outside {shortest}-{longest}", file=sys.stderr)
        lines.append(json.dumps(doc, ensure_ascii=False))
    if failed:
        return 1
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} documents to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
