"""Adversarial inputs for the robustness tests and the benchmark (not used at run time).

Each builder returns a string of about ``size`` characters that a badly written
pattern would take quadratic (or worse) time on: long runs of digits, dots and
slashes, walls of capitalised syllables, a phrase that starts a directive reference
repeated without an end, and runs of HTML and legacy-encoding look-alikes.

>>> sorted(ADVERSARIAL)[:3]
['capitalised', 'chi_thi_so', 'digits']
>>> len(ADVERSARIAL["digits"](1000))
1000
"""

from __future__ import annotations

import random
from collections.abc import Callable


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


_SYLLABLES = (
    "Hà Nội Ủy Ban Nhân Dân Tỉnh Hưng Yên Nguyễn Văn Thị Minh Chính Phủ Bộ Tài Quốc Hội "
    "Đảng Cộng Sản Việt Nam Trần Lê Phạm Hoàng Thủ Tướng Bí Thư Chủ Tịch Sở Ngân Hàng"
).split()


def capitalised(size: int) -> str:
    """Capitalised syllables separated by spaces (10 000 of them: ~60 KB)."""
    rng = random.Random(9)
    out: list[str] = []
    n = 0
    while n < size:
        word = rng.choice(_SYLLABLES)
        out.append(word)
        n += len(word) + 1
    return " ".join(out)[:size]


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "digits": lambda n: _repeat("1234567890", n),
    "dots": lambda n: _repeat(".", n),
    "slashes": lambda n: _repeat("/", n),
    "digits_dots_slashes": lambda n: _repeat("12.3/4-5.678/90", n),
    "capitalised": capitalised,
    "chi_thi_so": lambda n: _repeat("Chỉ thị số ", n),
    "so_ngay_thang": lambda n: _repeat("số 12 ngày 3 tháng 4 năm ", n),
    "money_words": lambda n: _repeat("1.234 tỷ 5 triệu ", n),
    "html_open": lambda n: _repeat("<p <script <!-- &amp &#", n),
    "legacy_lookalike": lambda n: _repeat("Vieä ñ µ¸ á»", n),
    "nfd_marks": lambda n: _repeat("a\u0300\u0301\u0303\u0309", n),
    "titles": lambda n: _repeat("Phó Chủ tịch Thường trực ", n),
    "theo_anh": lambda n: _repeat("Theo (Ảnh: \n12\n", n),
    "place_names": lambda n: _repeat("Đoàn công tác tỉnh Hưng Yên làm việc tại Hà Nội và Đà Nẵng. ", n),
    "official_mentions": lambda n: _repeat(
        "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Hưng Yên, dự họp với Sở Tài chính. ", n
    ),
}
"""Name -> builder of an adversarial string of a given size."""
