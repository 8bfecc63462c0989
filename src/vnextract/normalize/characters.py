"""The look-alike character table of ``data/characters.tsv``.

>>> table()["\\u00d0"]
'Đ'
>>> table()["\\u200b"]
''
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _unescape(value: str) -> str:
    return value.replace("\\s", " ").replace("\\n", "\n")


@lru_cache(maxsize=None)
def table() -> dict[str, str]:
    """Character -> replacement ("" deletes it)."""
    text = resources.files("vnextract.data").joinpath("characters.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, replacement, _name = (line.split("\t") + ["", ""])[:3]
        out[chr(int(code.strip()[2:], 16))] = _unescape(replacement)
    return out
