"""Money, percentages and quantities: numerals with a currency, a "%" or a unit noun.

Find, then resolve: :mod:`vnextract.extractors.numbers` finds every numeral (digits or words,
with scale words); each is then classified by what follows it (a currency from
``data/currencies.tsv``, "%" / "phần trăm", a unit noun from ``data/amounts.yaml``), given the
qualifier before it ("trên", "khoảng" ...), and joined with its neighbour into a range when a
connector ("-", "đến", "tới") links them.

>>> from vnextract.context import Context
>>> recs = find_money(Context(text="đạt trên 4.321 tỷ đồng, tăng 124,8%", published=None))
>>> [(type(r).__name__, r.text, str(getattr(r, "amount", getattr(r, "value", ""))))
...  for r in recs]
[('Money', 'trên 4.321 tỷ đồng', '4321000000000'), ('Percentage', '124,8%', '124.8')]
>>> ctx = Context(text="phạt từ 5 đến 10 triệu đồng/tháng", published=None)
>>> r = find_money(ctx)[0]
>>> (str(r.amount), str(r.amount_max), r.currency, r.per)
('5000000', '10000000', 'VND', 'tháng')

Numbers inside dates and document numbers found by the "dates" and "directives" extractors are
skipped; on its own the extractor also refuses years, day/month forms and references.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any

import regex
import yaml

from ..context import Context
from ..schema import Money, Percentage, Quantity, Span
from .backward import backward
from .numbers import Numeral, clean, find_numerals

# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class _Currency:
    surface: str
    code: str
    position: str
    not_before: tuple[str, ...]
    not_before_scaled: tuple[str, ...]


@cache
def currencies() -> tuple[_Currency, ...]:
    """The rows of ``data/currencies.tsv``, longest surface first."""
    raw = resources.files("vnextract.data").joinpath("currencies.tsv").read_text("utf-8")
    rows: list[_Currency] = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + ["", "", "", "", ""])[:5]
        rows.append(
            _Currency(cols[0], cols[1], cols[2], tuple(cols[3].split()), tuple(cols[4].split()))
        )
    return tuple(sorted(rows, key=lambda c: -len(c.surface)))


@cache
def words() -> dict[str, Any]:
    """The word lists of ``data/amounts.yaml``."""
    raw = resources.files("vnextract.data").joinpath("amounts.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def _lit(word: str) -> str:
    """A literal word as a regex; its spaces match any run of white space."""
    return regex.escape(word).replace(r"\ ", r"\s++")


def _alt(items: list[str]) -> str:
    return "|".join(_lit(w) for w in sorted(items, key=len, reverse=True))


def _key(surface: str) -> str:
    return " ".join(surface.replace("-", " - ").split()).replace(" - ", "-")


# --------------------------------------------------------------------------------------------
# Patterns (compiled once, lazily)


@dataclass
class _Patterns:
    # A pattern has at most one group (cur, per, unit, q), read by number as ``m[1]``: a group
    # asked for by name costs several times more (``regex`` first tries the name as a number).
    cur_after: regex.Pattern[str]
    cur_after_scale: regex.Pattern[str]
    after: regex.Pattern[str]  # cur_after, percent or unit, the first that matches: (cur, pct, unit)
    after_scale: regex.Pattern[str]  # the same with cur_after_scale (one match call, not three)
    cur_before: regex.Pattern[str]
    code_after: dict[str, str]
    code_before: dict[str, str]
    per: regex.Pattern[str]
    percent: regex.Pattern[str]
    unit: regex.Pattern[str]
    qualifier: regex.Pattern[str]
    range_from: regex.Pattern[str]
    connector: regex.Pattern[str]
    bare_next: regex.Pattern[str]
    bare_cue: regex.Pattern[str]
    not_quantity: regex.Pattern[str]
    informal_not: regex.Pattern[str]
    sentence_end: regex.Pattern[str] = field(
        default_factory=lambda: regex.compile(r"[.!?;\n](?!\d)")  # not "4.321"
    )


def _surface_re(cur: _Currency, *, scaled: bool = False) -> str:
    body = _lit(cur.surface)
    if cur.surface[-1].isalnum():
        body += r"(?!\w)"  # "đ" but not "đi", "USD" but not "USDT"
    blockers = cur.not_before_scaled if scaled else cur.not_before  # "tỷ đồng bộ" is money
    if blockers:
        body += r"(?!\s++(?:" + _alt(list(blockers)) + r")(?!\w))"  # not "đồng chí"
    if cur.surface[0].isupper() and cur.surface[1:2].islower():
        body += r"(?!\s++\p{Lu})"  # "Đồng" before a capital is a name: "Đồng Tháp"
    return body


_PATTERNS: _Patterns | None = None


def patterns() -> _Patterns:
    """The compiled patterns, built from the data files on first use."""
    global _PATTERNS
    if _PATTERNS is not None:
        return _PATTERNS
    w = words()
    after = [c for c in currencies() if c.position == "after"]
    before = [c for c in currencies() if c.position == "before"]
    cur_after = r"\s*+(?P<cur>" + "|".join(_surface_re(c) for c in after) + ")"  # "5 tỷ đồng", "284USD"
    cur_after_scale = r"\s*+(?P<cur>" + "|".join(_surface_re(c, scaled=True) for c in after) + ")"
    percent = r"\s*+%|\s++(?:" + _alt(w["percent"]) + r")(?!\w)"  # "124,8%", "5 phần trăm"
    unit = r"\s++(?P<unit>(?i:" + _alt(w["units"]) + r"))(?!\w)"
    _PATTERNS = _Patterns(
        cur_after=regex.compile(cur_after),
        cur_after_scale=regex.compile(cur_after_scale),
        after=regex.compile(f"{cur_after}|(?P<pct>{percent})|{unit}"),
        after_scale=regex.compile(f"{cur_after_scale}|(?P<pct>{percent})|{unit}"),
        cur_before=backward(
            r"(?<![\w$])(?P<cur>" + "|".join(_surface_re(c) for c in before) + r")\s?+\Z"  # "US$ 5"
        ),
        code_after={_key(c.surface): c.code for c in after},
        code_before={_key(c.surface): c.code for c in before},
        per=regex.compile(
            r"""
            (?: \s*+ / \s*+                           # "đồng/tháng", "USD / tấn"
                (?P<per> (?:(?:1|một)\s++)?           #   "đ/1 vòng"
                         \p{L}[\p{L}\d]*+             #   the unit
                         (?:\s*+/\s*+\p{L}[\p{L}\d]*+){0,2} )  # "đồng/người/năm"
              | \s++ (?:"""
            + _alt(w["per_words"])
            + r""") \s++   # "mỗi tháng"
                (?P<per> \p{L}++ ) )
            (?!\w)
            """,
            regex.VERBOSE,
        ),
        percent=regex.compile(percent),
        unit=regex.compile(unit),
        qualifier=backward(
            r"(?<!\w)(?P<q>(?i:" + _alt(w["qualifiers"]) + r"))\s++\Z"  # "trên 4.321 tỷ"
        ),
        range_from=backward(r"(?<!\w)(?i:" + _alt(w["range_from"]) + r")\s++\Z"),
        connector=regex.compile(
            r"\s*+(?:-|(?:" + _alt(w["range_to"]) + r")(?!\w))\s*+"  # "5 - 10", "5 đến 10"
            r"(?:(?:" + _alt(w["range_bound"]) + r")\s++)?"  # "đến dưới 100 triệu"
        ),
        bare_next=regex.compile(
            r"\s*+(?:[.,;:)!?\"'\]]|\Z|\n)|\s++(?:" + _alt(w["bare_next"]) + r")(?!\w)"
        ),
        bare_cue=regex.compile(r"(?<!\w)(?i:" + _alt(w["bare_cues"]) + r")(?!\w)"),
        not_quantity=backward(
            r"(?<!\w)(?i:" + _alt(w["not_quantity_after"]) + r")\s*+\Z"  # "năm 2020", "Điều 5"
        ),
        informal_not=backward(r"(?<!\w)(?i:" + _alt(w["informal_not_after"]) + r")\s*+\Z"),
    )
    return _PATTERNS


# --------------------------------------------------------------------------------------------
# Classification


@dataclass
class _Item:
    num: Numeral
    kind: str | None = None  # "money", "percent", "quantity" or None (a bare number)
    start: int = 0  # span start (currency written before the number included)
    end: int = 0  # span end (currency, %, unit and per-unit included)
    currency: str | None = None
    per: str | None = None
    unit: str | None = None
    rule: str = ""


_WORD_CHAR = regex.compile(r"\w")


def _classify(text: str, num: Numeral, p: _Patterns) -> _Item:
    item = _Item(num, start=num.start, end=num.end)
    pos = num.end
    if num.informal and p.informal_not.search(text, max(0, num.start - 20), num.start):
        return item  # "vàng 24k" is a carat, not money
    before = None if num.words else p.cur_before.search(text, max(0, num.start - 6), num.start)
    m = (p.after_scale if num.scaled else p.after).match(text, pos)
    cur, pct, unit = (None, None, None) if m is None else m.groups()
    if cur is not None:
        assert m is not None
        item.kind, item.currency, item.end = "money", p.code_after[_key(cur)], m.end()
        item.rule = "money.words" if num.words else "money.scaled" if num.scaled else "money.digits"
    elif before:
        item.kind, item.currency = "money", p.code_before[_key(before[1])]
        item.start, item.rule = before.start(), "money.symbol"
    elif num.informal:
        if _WORD_CHAR.match(text, pos, pos + 1) or (
            pos < len(text) - 1
            and text[pos] == " "
            and text[pos + 1].isalpha()
            and not p.bare_next.match(text, pos)
        ):
            return item  # "10k bước": a count
        item.kind, item.currency, item.rule = "money", "VND", "money.informal"
    else:
        if pct is not None:  # (no currency matched: percent is next)
            assert m is not None
            item.kind, item.end, item.rule = "percent", m.end(), "percent"
            return item
        if unit is not None:  # (nor percent)
            assert m is not None
            item.kind, item.end, item.unit = "quantity", m.end(), unit
            item.rule = "quantity"
            return item
        if num.scaled and not num.words and p.bare_next.match(text, pos):
            sent = max(0, num.start - 60)
            for stop in p.sentence_end.finditer(text, sent, num.start):
                sent = stop.end()
            if p.bare_cue.search(text, sent, num.start):
                item.kind, item.currency, item.rule = "money", "VND", "money.bare"
        if item.kind is None:
            return item
    if not num.scaled and num.value.as_tuple().exponent == -3:
        # "20,972 USD": no currency is counted in thousandths, so the "," groups thousands
        item.num = num._replace(value=clean(num.value * 1000), ambiguous=False)
    per = p.per.match(text, item.end)
    if per:
        item.per, item.end = " ".join(per[1].split()), per.end()
    return item


class _Taken:
    """Sorted spans (of dates and document numbers), asked whether a span overlaps one.

    >>> t = _Taken([(0, 4), (2, 10), (20, 25)])
    >>> t.overlaps(9, 12), t.overlaps(10, 20), t.overlaps(24, 30)
    (True, False, True)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps one of the spans (a binary search)."""
        i = bisect_left(self.starts, end)  # the spans that start before ``end``
        return i > 0 and self.reach[i - 1] > start


def _skip(text: str, num: Numeral, taken: _Taken) -> bool:
    """Numbers inside a date or a document number, or that look like one."""
    if taken.overlaps(num.start, num.end):
        return True
    nxt = text[num.end : num.end + 2]
    if len(nxt) == 2 and nxt[0] in "/-" and nxt[1].isdigit() and not num.scaled:
        j = num.end + 1
        while j < len(text) and text[j].isdigit():
            j += 1
        if nxt[0] == "/" or text[j : j + 1] in ("-", "/"):
            return True  # 15/6, 1/500, 19-3-2012
    return False


def find_money(ctx: Context) -> list[Span]:
    """Money, percentages and quantities in ``ctx.text``.

    >>> from vnextract.context import Context
    >>> text = "2 đồng chí góp 800.000đ - 3.000.000đ/1 vòng"
    >>> [r.text for r in find_money(Context(text=text,
    ...                                     published=None))]
    ['800.000đ - 3.000.000đ/1 vòng']
    """
    text = ctx.text
    p = patterns()
    taken = _Taken(ctx.taken("dates", "directives"))
    # (the digit convention is detected by find_numerals, only if a number needs it)
    items = [_classify(text, n, p) for n in find_numerals(text) if not _skip(text, n, taken)]
    out: list[Span] = []
    i = 0
    while i < len(items):
        a = items[i]
        b = items[i + 1] if i + 1 < len(items) else None
        if b is not None and b.kind in ("money", "percent") and a.kind in (None, b.kind):
            conn = p.connector.match(text, a.end)
            if conn and conn.end() == b.start and (a.kind is None or a.currency == b.currency):
                rec = _range(text, a, b, p)
                if rec is not None:
                    out.append(rec)
                    i += 2
                    continue
        if a.rule == "money.bare" and out and isinstance(out[-1], Money):
            last = out[-1]
            if not p.sentence_end.search(text, last.end, a.start):
                # "5 triệu USD năm đầu và 11 triệu năm sau": USD
                a.currency = last.currency
        rec = _record(text, a, p)
        if rec is not None:
            out.append(rec)
        i += 1
    return out


def _qualifier(text: str, start: int, p: _Patterns) -> tuple[int, str | None]:
    q = p.qualifier.search(text, max(0, start - 30), start)
    if q:
        return q.start(), " ".join(q[1].lower().split())
    return start, None


def _record(text: str, it: _Item, p: _Patterns) -> Span | None:
    num = it.num
    if it.kind is None:
        return None
    if it.kind == "quantity":
        if num.words and num.word_count < 2 and not num.scaled:
            return None  # "một người", "hai hộ": too often not a figure
        if p.not_quantity.search(text, max(0, num.start - 15), num.start):
            return None  # "năm 2020", "Điều 5", "số 40"
        raw = text[num.start : num.end]
        if raw.startswith("0") and len(raw.replace(".", "").replace(" ", "")) >= 9:
            return None  # a phone number
        start, qual = _qualifier(text, it.start, p)
        return Quantity(
            text=text[start : it.end],
            start=start,
            end=it.end,
            rule=it.rule,
            value=num.value,
            unit=it.unit or "",
            qualifier=qual,
        )
    start, qual = _qualifier(text, it.start, p)
    if it.kind == "percent":
        return Percentage(
            text=text[start : it.end],
            start=start,
            end=it.end,
            rule=it.rule,
            value=num.value,
            qualifier=qual,
        )
    return Money(
        text=text[start : it.end],
        start=start,
        end=it.end,
        rule=it.rule,
        amount=num.value,
        currency=it.currency or "VND",
        qualifier=qual,
        per=it.per,
        ambiguous=num.ambiguous,
    )


def _range(text: str, a: _Item, b: _Item, p: _Patterns) -> Span | None:
    low = a.num.value
    if a.kind is None and not a.num.scaled and b.num.scale > 1:
        scaled = low * b.num.scale  # "từ 5 đến 10 triệu": 5 triệu
        if scaled <= b.num.value:
            low = scaled
    if low > b.num.value:
        return None
    rf = p.range_from.search(text, max(0, a.start - 25), a.start)
    if rf:
        start, qual = rf.start(), None
    else:
        start, qual = _qualifier(text, a.start, p)
    span = text[start : b.end]
    if b.kind == "percent":
        return Percentage(
            text=span,
            start=start,
            end=b.end,
            rule="percent.range",
            value=low,
            value_max=b.num.value,
            qualifier=qual,
        )
    return Money(
        text=span,
        start=start,
        end=b.end,
        rule="money.range",
        amount=low,
        amount_max=b.num.value,
        currency=b.currency or "VND",
        qualifier=qual,
        per=b.per,
        ambiguous=a.num.ambiguous or b.num.ambiguous,
    )
