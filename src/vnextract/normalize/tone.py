"""Tone-mark placement: "new" style (hòa, thủy, Ủy) or "old" style (hoà, thuỷ, Uỷ).

Only the clusters in ``data/tone_clusters.tsv`` differ between the styles, and only
where the cluster ends the syllable: "Hoàng", "khuyến" and "quý" never change.
The change swaps a mark between two neighbouring letters, so the text keeps its
length and offsets are unaffected.

>>> place_tones("Uỷ ban nhân dân, hoà bình, Hoàng, quý", "new")
'Ủy ban nhân dân, hòa bình, Hoàng, quý'
>>> place_tones("Ủy ban, thủy lợi", "old")
'Uỷ ban, thuỷ lợi'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Literal

import regex

ToneStyle = Literal["new", "old", "keep"]

# grave, acute, hook above, tilde, dot below
_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _load_clusters() -> list[tuple[str, str]]:
    text = resources.files("vnextract.data").joinpath("tone_clusters.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cluster, _, not_after = line.partition("\t")
        rows.append((cluster.strip(), not_after.strip()))
    return rows


def _case_variants(cluster: str) -> list[str]:
    """'oa' -> ['oa', 'oA', 'Oa', 'OA']."""
    out = [""]
    for ch in cluster:
        out = [p + c for p in out for c in (ch, ch.upper())]
    return out


@lru_cache(maxsize=None)
def _tables() -> dict[str, tuple[re.Pattern[str], regex.Pattern[str], dict[str, str]]]:
    """For each target style: a quick test that the text may hold a cluster written in
    the other style (two letter classes), the pattern of those clusters, and the
    replacement of each."""
    tables: dict[str, dict[str, str]] = {"new": {}, "old": {}}
    alternatives: dict[str, list[str]] = {"new": [], "old": []}
    for cluster, not_after in _load_clusters():
        guard = f"(?<![{not_after}{not_after.upper()}])" if not_after else ""
        keys: dict[str, list[str]] = {"new": [], "old": []}
        for variant in _case_variants(cluster):
            first, second = variant[0], variant[1:]
            for mark in _TONE_MARKS:
                old = first + unicodedata.normalize("NFC", second[0] + mark) + second[1:]
                new = unicodedata.normalize("NFC", first + mark) + second
                tables["new"][old] = new
                tables["old"][new] = old
                keys["new"].append(regex.escape(old))
                keys["old"].append(regex.escape(new))
        for style in ("new", "old"):
            alternatives[style].append(f"{guard}(?:{'|'.join(keys[style])})")
    # the cluster must end the syllable: no letter or combining mark follows it
    def two_letters(keys: dict[str, str]) -> re.Pattern[str]:
        firsts = "".join(sorted({k[0] for k in keys}))
        seconds = "".join(sorted({k[1] for k in keys}))
        return re.compile(f"[{re.escape(firsts)}][{re.escape(seconds)}]")

    return {
        style: (
            two_letters(tables[style]),
            regex.compile(f"(?:{'|'.join(alternatives[style])})(?![\\p{{L}}\\p{{M}}])"),
            tables[style],
        )
        for style in ("new", "old")
    }


def place_tones(text: str, style: ToneStyle) -> str:
    """Rewrite the tone placement of ``text`` (NFC) into ``style``; ``"keep"`` returns it as is."""
    if style == "keep":
        return text
    if style not in ("new", "old"):
        raise ValueError(f"E101: tone style {style!r} is not one of 'new', 'old', 'keep'")
    trigger, pat, table = _tables()[style]
    if trigger.search(text) is None:
        return text
    return pat.sub(lambda m: table[m.group()], text)
