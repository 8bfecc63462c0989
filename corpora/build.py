"""Build ``corpora/samples.jsonl`` from ``corpora/src/*.txt`` and ``corpora/annotations.yaml``.

Run from the project root: ``python corpora/build.py``. Before writing, every annotated
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
    for code in doc["directives"]:
        if code.replace(" ", "") not in text.replace(" ", ""):
            problems.append(f"directive not in text: {code!r}")
    for date in doc["dates"]:
        for year in re.findall(r"\d{4}", date):
            if year not in text:
                problems.append(f"date year not in text: {date!r}")
    for money in doc["money"]:
        lead = money["amount"].rstrip("0")[:2] or "0"
        if lead not in digits:
            problems.append(f"money digits not in text: {money!r}")
    return problems


def main() -> int:
    """Build the JSONL file; return a process exit code."""
    annotations = yaml.safe_load((HERE / "annotations.yaml").read_text(encoding="utf-8"))
    lines: list[str] = []
    failed = False
    for ann in annotations:
        text = (HERE / "src" / f"{ann['id']}.txt").read_text(encoding="utf-8")
        doc = {
            "id": ann["id"],
            "source": SOURCE,
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
        if not 1500 <= len(text) <= 3500:
            failed = True
            print(f"{doc['id']}: length {len(text)} outside 1500-3500", file=sys.stderr)
        lines.append(json.dumps(doc, ensure_ascii=False))
    if failed:
        return 1
    (HERE / "samples.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} documents to {HERE / 'samples.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
