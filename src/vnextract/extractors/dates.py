"""Dates: every Vietnamese calendar reference, resolved to an ISO 8601 value.

Find, then resolve.  *Find* runs a handful of patterns composed by name from the
vocabulary of ``data/dates.yaml`` (month names, weekday and part-of-day words, period
words, relative phrases ...); every match becomes a candidate holding the calendar parts it
names (year, month, day, quarter) or a relative offset.  Overlapping candidates are settled
longest first, then two adjacent candidates joined by "đến", "tới" or "-" become one range
("từ ngày 1/1 đến ngày 31/3/2024").  *Resolve* is a set of plain functions that turn the
parts into the values of ``corpora/README.md``: ``2014-11-22``, ``2024-06``, ``2019``,
``2024-Q2``, ranges ``2014/2024``; a day or month without a year takes the most recent
such date not after ``ctx.published``, or stays ``--06-14`` / ``--10`` without one.
Relative phrases ("hôm qua", "năm ngoái") need ``ctx.published`` and are dropped without it.

>>> import datetime as dt
>>> from vnextract.context import Context
>>> ctx = Context(text="Ngày 14/6, Chỉ thị số 40-CT/TW ngày 22/11/2014 trong giai đoạn 2014-2024.",
...               published=dt.date(2024, 6, 15))
>>> [(d.text, d.value) for d in find_dates(ctx)]
[('Ngày 14/6', '2024-06-14'), ('ngày 22/11/2014', '2014-11-22'), ('giai đoạn 2014-2024', '2014/2024')]
>>> [d.value for d in find_dates(Context(text="sáng 14/6, 6 tháng đầu năm 2024", published=None))]
['--06-14', '2024-01/2024-06', '2024']
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterator

import regex
import yaml

from ..context import Context
from ..schema import DateMention, Granularity, Span
from . import numbers
from .backward import backward
from .casefold import literals, lowered

__all__ = ["find_dates", "RULES", "vocabulary"]

RULES: dict[str, str] = {
    "dates.day.numeric": 'a numeric day with its year: "22/11/2014", "22-11-2014", "22.11.2014", "05/03/21"',
    "dates.day.iso": 'an ISO day: "2024-06-15"',
    "dates.day.cued": 'a day and month after a day, weekday or part-of-day word: "ngày 5/3", "sáng 14/6"',
    "dates.day.bare": 'a bare "D/M" where a day is the only reading: "đến hết 15/10", "4/10 -"',
    "dates.day.list": 'a day number completed by the next day of a list: the "5" of "ngày 5 và 6/3/2024"',
    "dates.day.written": 'a day in words: "ngày 5 tháng 3 năm 2021", "mồng 3 tháng Giêng"',
    "dates.month.numeric": 'a month: "tháng 6/2024", "tháng 6 năm 2024", "tháng 6"',
    "dates.month.name": 'a month by name: "tháng Sáu", "tháng Giêng năm 2024"',
    "dates.quarter": 'a quarter: "quý I/2024", "quý 2 năm 2023", "quý IV"',
    "dates.year.nam": 'a year after "năm": "năm 2019"',
    "dates.year.list": 'a further year in a list after "năm": the "2012" of "năm 2011 và 2012"',
    "dates.year.canchi": 'a year given with its lunar name: "Canh Thìn - 2000"',
    "dates.year.in_period": 'the year inside a period of months: the "năm 2024" of "6 tháng đầu năm 2024"',
    "dates.range.years": 'a period of years: "giai đoạn 2014-2024", "2021 - 2025", "năm học 2024-25"',
    "dates.range.days": 'days of one month: "từ 5-7/3", "ngày 18-20/11/2024"',
    "dates.range.joined": 'two dates joined: "từ ngày 1/1 đến ngày 31/3/2024", "từ năm 2011 đến hết năm 2020"',
    "dates.range.months_of_year": 'months of a year: "6 tháng đầu năm 2024", "9 tháng 2021", "nửa cuối năm"',
    "dates.relative.day": 'a day relative to publication: "hôm qua", "sáng nay"',
    "dates.relative.week": 'a week relative to publication (Monday to Sunday): "tuần tới"',
    "dates.relative.month": 'a month relative to publication: "tháng trước"',
    "dates.relative.quarter": 'a quarter relative to publication: "quý này"',
    "dates.relative.year": 'a year relative to publication: "năm ngoái", "năm nay"',
}
"""Every rule id the extractor can put in ``DateMention.rule``, with what it covers."""


# --------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=None)
def vocabulary() -> dict[str, Any]:
    """The parsed ``data/dates.yaml`` (read once).

    >>> vocabulary()["month_names"]["Chạp"]
    12
    """
    text = resources.files("vnextract.data").joinpath("dates.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces as ``\\s+``.

    >>> _alt(["ngày", "ngày mồng"])
    '(?:ngày\\\\s+mồng|ngày)'
    """
    items = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in items) + ")"


def _fold(text: str) -> str:
    """Lower case with runs of white space as one space, for table look-ups."""
    return " ".join(text.lower().split())


# --------------------------------------------------------------------------- patterns

_B = r"(?<![\p{L}\p{N}_])"  # a word starts here
_E = r"(?![\p{L}\p{N}_])"  # a word ends here
_NUM_START = r"(?<![\p{L}\p{N}_/.,\-])"  # a number starts here (not inside 1.500 or 15/2018)
_NUM_END = r"(?![\p{N}/]|[.,\-]\p{N})"  # a number ends here (not 15/2018/NĐ, not 1.500)
_YEAR = r"(?:1\d{3}|20\d{2})"  # a four-digit year, 1000-2099


@dataclass(frozen=True)
class _Patterns:
    anchors: dict[str, tuple[regex.Pattern[str], ...]]  # searched in the original text
    low_anchors: dict[str, tuple[regex.Pattern[str], ...]]  # in the lower-cased text (some)
    word_anchors: re.Pattern[str]  # in the lower-cased text: the anchor words of the others
    anchor_names: dict[str, tuple[str, ...]]  # anchor word -> the names it is an anchor of
    day_prefix: regex.Pattern[str]
    period_before: regex.Pattern[str]
    day_range_before: regex.Pattern[str]
    numeric: regex.Pattern[str]
    iso: regex.Pattern[str]
    cued: regex.Pattern[str]
    bare: regex.Pattern[str]
    written: regex.Pattern[str]
    month: regex.Pattern[str]
    quarter: regex.Pattern[str]
    year: regex.Pattern[str]
    year_list: regex.Pattern[str]
    canchi: regex.Pattern[str]
    year_range: regex.Pattern[str]
    day_range: regex.Pattern[str]
    day_only: regex.Pattern[str]
    months_of_year: regex.Pattern[str]
    relative: regex.Pattern[str]
    lunar_after: regex.Pattern[str]
    joiner: regex.Pattern[str]
    list_joiner: regex.Pattern[str]
    opener_before: regex.Pattern[str]
    word_before: regex.Pattern[str]
    bare_end: regex.Pattern[str]
    duration_after: regex.Pattern[str]
    number_before: regex.Pattern[str]
    upper_after: regex.Pattern[str]
    sentence_end: regex.Pattern[str]
    range_after: regex.Pattern[str]
    decade_before: regex.Pattern[str]
    word_after: regex.Pattern[str]
    number_start: regex.Pattern[str]


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    """Compose and compile every pattern once, from the vocabulary by name."""
    v = vocabulary()
    names = {
        "weekday": _alt(v["weekdays"]),
        "part_of_day": _alt(v["part_of_day"]),
        "day_words": _alt(v["day_words"]),
        "month_name": _alt(v["month_names"]),
        "quarter_word": _alt(v["quarter_words"]),
        "quarter_num": _alt(v["quarter_numerals"]),
        "period_words": _alt(v["period_words"]),
        "number_words": _alt(v["number_words"]),
        "half_words": _alt(v["half_words"]),
        "half_year_words": _alt(v["half_year_words"]),
        "relative": _alt(v["relative"]),
        "can": _alt(v["can"]),
        "chi": _alt(v["chi"]),
        "joiners": _alt(v["range_joiners"]),
        "openers": _alt(v["range_openers"]),
        "year_joiners": _alt(v["year_list_joiners"]),
        "decade_words": _alt(v["decade_words"]),
        "YEAR": _YEAR,
        "B": _B,
        "E": _E,
        "NS": _NUM_START,
        "NE": _NUM_END,
    }

    def build(template: str) -> regex.Pattern[str]:
        return regex.compile(template.format(**names), regex.VERBOSE | regex.IGNORECASE)

    def build_back(template: str) -> regex.Pattern[str]:
        return backward(template.format(**names), regex.VERBOSE | regex.IGNORECASE)

    # The words that may open a day, looked for right before a day's digits (patterns
    # that start with a digit are far faster than ones that start with optional words).
    prefix = r"""
        {B}
        (?P<pre>
          (?:{weekday} \s*,?\s* )?                     # Thứ Năm, / thứ 2
          (?:{part_of_day} \s+)?                       # sáng / chiều / tối
          (?:{day_words} \s+)?                         # ngày / hôm / mồng
        )
        \Z                                             # ... right before the digits
    """
    def heads(*words: Any) -> list[str]:
        return sorted({str(w).split()[0] for group in words for w in group})

    def anchors(*words: Any) -> tuple[regex.Pattern[str], ...]:
        # Literal first words of a pattern, found fast (one literal search each); the
        # pattern is then tried only where one of them starts.
        return tuple(regex.compile(regex.escape(h), regex.IGNORECASE) for h in heads(*words))

    def low_anchors(words: Any, after: str = "") -> tuple[regex.Pattern[str], ...]:
        # The same heads searched case-sensitively in the lower-cased text (a literal
        # search without IGNORECASE is several times faster), at word starts only (every
        # anchored pattern starts with {B}: literal first, then the look-behind), and only
        # where the rest of one of the head's phrases follows, then ``after`` (what the
        # pattern requires next), so that the pattern is tried where it can match.
        rests: dict[str, set[str]] = {}
        for w in words:
            head, *rest = str(w).lower().split()
            rests.setdefault(head, set()).add("".join(r"\s+" + regex.escape(x) for x in rest) + after)
        out = []
        for head in sorted(rests):
            lit = regex.escape(head)
            ahead = "" if "" in rests[head] else "(?=" + "|".join(sorted(rests[head])) + ")"
            out.append(regex.compile(rf"{lit}(?<![\p{{L}}\p{{N}}_]{lit}){ahead}"))
        return tuple(out)

    # The anchor words of several patterns, all found by one scan of the lower-cased text
    # with ``re``: an alternation of literals that ``re`` skips through fast (it checks the
    # first letter of each position against a set), where ``regex`` would need one scan per
    # word.  Like ``low_anchors``, but a superset of the places: no word-start check
    # (the patterns start with {B}), and ``re``'s \s holds every white space of ``regex``.
    word_rests: dict[str, set[str]] = {}  # anchor word -> what may follow it (re syntax)
    word_names: dict[str, set[str]] = {}  # anchor word -> names of patterns

    def word_anchors(name: str, words: Any, after: str = "") -> None:
        for w in words:
            head, *rest = str(w).lower().split()
            if not head.isalpha():
                raise ValueError(f"an anchor word must be letters only: {head!r}")
            word_rests.setdefault(head, set()).add("".join(r"\s+" + re.escape(x) for x in rest) + after)
            word_names.setdefault(head, set()).add(name)

    word_anchors("canchi", v["can"], r"\s+(?:" + "|".join(re.escape(str(w).lower()) for w in v["chi"]) + ")")
    word_anchors("months_of_year", v["number_words"], r"\s+tháng")
    word_anchors("months_of_year", v["half_year_words"])
    word_anchors("relative", v["relative"])
    # and the first words of numerals in words, for money's numbers (numbers.known_word_starts)
    word_anchors("numerals", numbers.word_heads(), numbers.word_head_next())
    word_re = literals(
        {h: "" if "" in rests else "(?=" + "|".join(sorted(rests)) + ")" for h, rests in word_rests.items()}
    )
    # A word found may hide a shorter one that starts there (a longer word is tried first):
    # it stands for both.  (A match is letters only, so no word that starts after it inside
    # it is skipped: such a word would not start a word.)
    anchor_names = {
        h: tuple(sorted({n for o in word_rests if h.startswith(o) for n in word_names[o]})) for h in word_rests
    }

    return _Patterns(
        anchors={
            "canchi": anchors(v["can"]),
            "months_of_year": (regex.compile(r"(?<!\d)\d"),) + anchors(v["number_words"], v["half_year_words"]),
            "relative": anchors(v["relative"]),
            "nam": anchors(["năm"]),
            "ngay": anchors(["ngày"]),
        },
        low_anchors={
            "canchi": (),  # Canh Thìn (word_anchors)
            "months_of_year": (),  # "sáu tháng", "nửa đầu" (word_anchors); "6 tháng" (number_start)
            "relative": (),  # hôm qua, năm ngoái (word_anchors)
            "nam": low_anchors(["năm"], r"\s+\d"),  # năm 2019 (year, year_list)
            "ngay": low_anchors(["ngày"], r"\s+\d"),  # ngày 18 (day_only)
        },
        word_anchors=re.compile(word_re),
        anchor_names=anchor_names,
        day_prefix=build_back(prefix),
        numeric=build(
            r"""
            {NS} (?P<d>\d{{1,2}})                       # day
            (?P<s>[/.\-]) (?P<m>\d{{1,2}})              # separator, month
            (?P=s) (?P<y>\d{{4}}|\d{{2}})               # same separator, year
            {NE}
            """
        ),
        iso=build(
            r"""
            {NS} (?P<y>{YEAR}) - (?P<m>\d{{2}}) - (?P<d>\d{{2}})  # 2024-06-15
            {NE}
            """
        ),
        cued=build(
            r"""
            {NS} (?P<d>\d{{1,2}})                       # day
            (?P<s>[/.\-]) (?P<m>\d{{1,2}})              # separator, month
            (?![\p{{N}}] | [/.\-]\p{{N}})                # no year follows (that is numeric)
            """
        ),
        bare=build(
            r"""
            {NS} (?P<d>\d{{1,2}}) / (?P<m>\d{{1,2}})    # 15/10
            (?![\p{{N}}%] | [/.,\-]\p{{N}})              # not 15/10/..., 1/2%, 1/2,5
            """
        ),
        written=build(
            r"""
            {NS} (?P<d>\d{{1,2}}) \s+                   # day
            tháng \s+ (?: (?P<m>\d{{1,2}}) | (?P<mn>{month_name}) )  # month, number or name
            (?:
                \s*,?\s* năm \s+ (?P<y>{YEAR})          # năm 2021
              | [\ ] (?P<y>{YEAR})                     # 22 tháng 4 1864 (encyclopedia style)
              | \s* [/\-.] \s* (?P<y>{YEAR})           # /2021
            )?
            {NE} (?!\p{{L}})
            """
        ),
        month=build(
            r"""
            {B} tháng \s+ (?: (?P<m>\d{{1,2}}) | (?P<mn>{month_name}) )  # month
            (?:
                \s*,?\s* năm \s+ (?P<y>{YEAR})          # tháng 6 năm 2024
              | [\ ] (?P<y>{YEAR})                     # tháng 8 1916 (encyclopedia style)
              | \s* [/\-.] \s* (?P<y>{YEAR})           # tháng 6/2024, tháng 1-2013, tháng 1.2018
            )?
            (?![\p{{N}}] | [/.\-]\p{{N}}) {E}           # not "tháng 2/3"
            """
        ),
        quarter=build(
            r"""
            {B} {quarter_word} \s+ (?P<q>{quarter_num})   # quý IV / quý 2
            (?:
                \s* [/\-] \s* (?P<y>{YEAR})             # quý I/2024
              | \s*,?\s* năm \s+ (?P<y>{YEAR})          # quý 2 năm 2023
            )?
            {E} (?![/.\-]\p{{N}})
            """
        ),
        year=build(
            r"""
            {B} năm \s+ (?P<y>{YEAR})                   # năm 2019
            {NE} {E}
            """
        ),
        year_list=build(
            r"""
            {B} năm \s+ {YEAR} {NE}                     # năm 2011
            (?: \s* {year_joiners} \s* (?P<more>{YEAR}) {NE} {E} )+  # và 2012, 2013
            """
        ),
        canchi=build(
            r"""
            {B} (?P<name>{can} \s+ {chi})               # Canh Thìn
            \s* (?: [-(,] \s* )?                        # - / ( / ,
            (?P<y>{YEAR}) {NE} {E} \)?                  # 2000 or 2000)
            """
        ),
        year_range=build(
            r"""
            {NS} (?P<y1>{YEAR})                         # first year (period word: see period_before)
            \s* (?P<s>[-/]) \s*                         # - or /
            (?P<y2>{YEAR}|\d{{2}})                      # last year, or its last two digits
            {NE} {E}
            """
        ),
        period_before=build_back(
            r"""
            {B} (?P<pw>{period_words}) \s+ \Z          # giai đoạn / nhiệm kỳ / năm, before a period
            """
        ),
        day_range_before=build_back(
            r"""
            {B} (?:từ|{day_words}|các\s+ngày) \s+ \Z   # từ / ngày, before "5-7/3" (required)
            """
        ),
        day_range=build(
            r"""
            {NS} (?P<d1>\d{{1,2}}) \s* - \s* (?P<d2>\d{{1,2}})  # 5-7
            (?P<s>[/.]) (?P<m>\d{{1,2}})                # /3
            (?: (?P=s) (?P<y>{YEAR}) )?                 # /2024
            {NE}
            """
        ),
        day_only=build(
            r"""
            {B} ngày \s+ (?P<d>\d{{1,2}})               # ngày 18 (only as a range's first end)
            (?![\p{{N}}] | \s*[/.\-]\s*\p{{N}} | \s+tháng)
            """
        ),
        months_of_year=build(
            r"""
            {B}
            (?:
                (?P<n>\d{{1,2}}|{number_words}) \s+ tháng \s+      # 6 tháng / sáu tháng
                (?: (?P<half>{half_words}) \s+ (?P<yw>năm (?: \s+ (?P<y>{YEAR}) )? )  # đầu năm 2024
                  | (?P<yw>(?:năm \s+)? (?P<y>{YEAR})) )             # 9 tháng (năm) 2021
              | {half_year_words} \s+ (?P<half>{half_words}) \s+      # nửa đầu
                (?P<yw>năm (?: \s+ (?P<y>{YEAR}) )? )                  # năm 2024
            )
            {NE} {E}
            """
        ),
        relative=build(
            r"""
            {B} (?P<rel>{relative}) {E}                 # hôm qua / năm ngoái
            (?! \s+ đó )                                # not "năm sau đó" (after the story's time)
            """
        ),
        lunar_after=build(
            r"""
            \s* (?:\(?\s*âm \s+ lịch\s*\)?\s*)?          # optional "(âm lịch)" (used with match())
            ,?\s* năm \s+ {can} \s+ {chi} {E}           # năm Kỷ Mão
            """
        ),
        list_joiner=build(
            r"""
            \A \s* (?: ,\s*và | , | và | hoặc ) \s* \Z     # và / , / hoặc, between items of a list
            """
        ),
        joiner=build(
            r"""
            \A \s* ,? \s* {joiners} \s* \Z              # đến / đến hết / tới / -
            """
        ),
        opener_before=build_back(
            r"""
            {B} {openers} \s* \Z                        # từ / kể từ, right before a range
            """
        ),
        word_before=build_back(
            r"""
            (?P<w> [\p{{L}}\p{{N}}]+ (?: \s+ [\p{{L}}]+ )? ) \s* (?P<p>[(]?) \s* \Z   # last two words
            """
        ),
        bare_end=build(
            r"""
            \s* (?: [,;:)\]] | - | \n )                   # a comma, colon, bracket, dash or line end
                                                        # (not "." or the text's end: "giảm 1/2.")
            """
        ),
        upper_after=regex.compile(r"\s+ [\p{Lu}\p{N}]", regex.VERBOSE),  # (case matters)  # a capitalised word or a number next
        range_after=build(r"\s* {joiners} \s* (?:ngày \s+)? \d{{1,2}} [/.\-] \d"),  # "đến 28/4" next
        sentence_end=build(r"\s* (?: \. | \Z )"),  # the end of a sentence or of the text
        decade_before=build_back(r"{B} {decade_words} \s+ \Z"),  # những năm / thập niên, before a year
        number_before=build_back(r"\d \s* \Z"),  # a number right before (used with search())
        word_after=regex.compile(r"\s* \p{Ll}", regex.VERBOSE),  # (case matters)  # a lower-case word right after (used with match())
        # Where the patterns that start with a number (numeric, iso, cued, written,
        # year_range, day_range; months_of_year's "6 tháng") may start: a number start
        # whose first 1-4 digits go on with a separator or "tháng"; one fast scan (a digit
        # first) for all seven; _Starts tells the kinds of start apart from its groups.
        number_start=build(
            r"""
            \d (?<![\p{{L}}\p{{N}}_]\d)                 # a number starts here ({B}),
            (?= (?P<more>\d{{0,3}})                     # its other digits (all of them),
                (?P<sep> \s*[/.\-] | \s+tháng ) )      # then 5/3, 2024-06, 2014 - 2024, 5 tháng
            """
        ),
        duration_after=build(
            r"""
            \s+ (?: ngày | tuần | tuổi | lần | giờ | người | năm (?! \s+ \d) ) {E}
            """
        ),
    )


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Point:
    """Calendar parts named by the text; any may be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None


@dataclass
class _Cand:
    """A found date before resolution."""

    start: int
    end: int
    rule: str
    a: _Point | None = None  # a point, or the first end of a range
    b: _Point | None = None  # the last end of a range
    relative: tuple[str, int] | None = None  # (unit, offset) for relative phrases
    only_in_range: bool = False  # "ngày 18", bare "27/4 đến": kept only as a range's first end
    void: bool = False  # an impossible date ("31/4"): takes its span so that nothing inside is taken
    nested: bool = False  # a record inside another one (the year of "6 tháng đầu năm 2024")


@dataclass(frozen=True)
class _Words:
    """Look-up tables of the vocabulary, folded (built once)."""

    fraction: frozenset[str]  # "1/2 dân số"
    cues: frozenset[str]  # words before a bare day
    never: frozenset[str]  # bare forms that are never a day ("24/7")
    today: frozenset[str]  # relative phrases of a day
    numerals: dict[str, int]  # quarter numerals
    numbers: dict[str, int]  # number words
    halves: dict[str, str]  # "đầu" -> "first"
    blockers: frozenset[str]  # words before a relative phrase that void it
    relative: dict[str, tuple[str, int]]  # relative phrase -> (unit, offset)


@lru_cache(maxsize=None)
def _words() -> _Words:
    v = vocabulary()
    return _Words(
        fraction=frozenset(_fold(w) for w in v["fraction_words"]),
        cues=frozenset(_fold(w) for w in v["bare_day_cues"]),
        never=frozenset(v["bare_never"]),
        today=frozenset(_fold(k) for k, (unit, _o) in v["relative"].items() if unit == "day"),
        numerals={_fold(k): int(n) for k, n in v["quarter_numerals"].items()},
        numbers={_fold(k): int(n) for k, n in v["number_words"].items()},
        halves={_fold(k): str(n) for k, n in v["half_words"].items()},
        blockers=frozenset(_fold(w) for w in v["relative_blockers"]),
        relative={_fold(k): (str(u), int(o)) for k, (u, o) in v["relative"].items()},
    )


def _year(text: str | None) -> int | None:
    """A year from 4 digits, or from 2 digits (00-69 -> 20xx, 70-99 -> 19xx).

    >>> _year("21"), _year("1999"), _year(None)
    (2021, 1999, None)
    """
    if not text:
        return None
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _valid(p: _Point) -> bool:
    """Whether the parts can name a real date (31/2 and tháng 13 cannot).

    >>> _valid(_Point(2024, 2, 29)), _valid(_Point(2023, 2, 29)), _valid(_Point(None, 13))
    (True, False, False)
    """
    if p.month is not None and not 1 <= p.month <= 12:
        return False
    if p.day is not None:
        if p.month is None:
            return 1 <= p.day <= 31
        last = calendar.monthrange(p.year if p.year is not None else 2000, p.month)[1]
        return 1 <= p.day <= last
    return True


def _month_of(number: str | None, name: str) -> int | None:
    """The month of a match's ``m`` (number) or ``mn`` (name) group, or None if not a month.

    (Matches' groups are read by number, ``m.groups()``, throughout: a group asked for by
    name costs several times more, as ``regex`` first tries the name as a number.)
    """
    if number is not None:
        return int(number)
    name = " ".join(name.split())
    table, capitalised_only = _month_tables()
    if _fold(name) in capitalised_only and not name[0].isupper():
        return None
    return table.get(_fold(name))


@lru_cache(maxsize=None)
def _month_tables() -> tuple[dict[str, int], frozenset[str]]:
    """Folded month name -> number, and the names that count only when capitalised."""
    v = vocabulary()
    table = {_fold(k): int(n) for k, n in v["month_names"].items()}
    return table, frozenset(_fold(k) for k in v["month_names_capitalised_only"])


def _word_before(text: str, start: int) -> tuple[str, str, bool]:
    """The (last word, last two words) before ``start``, folded, and whether "(" precedes."""
    m = _patterns().word_before.search(text, max(0, start - 40), start)
    if m is None:
        return "", "", False
    words, paren = m.groups()
    two = _fold(words)
    return two.split(" ")[-1], two, bool(paren)


def _is_lunar(text: str, end: int) -> bool:
    """Whether a day ending at ``end`` is followed by a lunar year name ("năm Kỷ Mão")."""
    return _patterns().lunar_after.match(text, end, min(len(text), end + 40)) is not None


def _anchor_starts(text: str, low: str | None) -> dict[str, list[int]]:
    """Where the patterns that start with one of the anchors of a name may match: the
    sorted starts of those anchors, for every name of ``_Patterns.anchors``.  An alternation
    of words tried at every position of the text is what makes a scan slow; a search for
    one literal is fast, and so is ``word_anchors``.  ``low`` is :func:`lowered` ``(text)``:
    the anchors are then looked for in it.
    """
    p = _patterns()
    if low is None:
        return {
            name: sorted({m.start() for a in anchors for m in a.finditer(text)})
            for name, anchors in p.anchors.items()
        }
    found: dict[str, list[int]] = {name: [] for name in p.low_anchors}
    for name, anchors in p.low_anchors.items():
        for a in anchors:
            found[name].extend(m.start() for m in a.finditer(low))
    names = p.anchor_names
    found["numerals"] = []
    for m in p.word_anchors.finditer(low):
        for name in names[m.group()]:
            found[name].append(m.start())
    numbers.known_word_starts(text, found.pop("numerals"))  # for money, on the same text
    return {name: sorted(set(starts)) for name, starts in found.items()}


class _Starts:
    """Where the patterns tried only at chosen places may match in a text: those that start
    with a number (``number_start``) and those that start with an anchor word."""

    def __init__(self, text: str, low: str | None) -> None:
        self.anchors = _anchor_starts(text, low)
        self.dm: list[int] = []
        self.iso: list[int] = []
        self.written: list[int] = []
        self.years: list[int] = []
        self.days: list[int] = []
        months: list[int] = []
        # Which patterns may start at a number start follows from its length and what comes
        # after it (told apart here: optional groups with look-aheads in the pattern cost more)
        for m in _patterns().number_start.finditer(text):
            s = m.start()
            more, sep = m.groups()  # the number's other digits (at most three), what follows
            short, last = len(more) <= 1, sep[-1]
            at_ns = s == 0 or text[s - 1] not in "/.,-"  # {NS}: not inside 1.500 or 15/2018
            if last not in "/.-":  # 5 tháng
                if short:
                    months.append(s)  # "6 tháng": where a period of months may start
                    if at_ns:
                        self.written.append(s)  # 5 tháng 3
            elif at_ns and short:
                if len(sep) == 1:
                    self.dm.append(s)  # 5/3: numeric, cued
                if last == "-":
                    self.days.append(s)  # 5 -: day_range
            elif at_ns and len(more) == 3:
                if sep == "-":
                    self.iso.append(s)  # 2024-
                if last in "-/":
                    self.years.append(s)  # 2014 -: year_range
        if months:
            self.anchors["months_of_year"] = sorted({*self.anchors["months_of_year"], *months})


def _at(pattern: regex.Pattern[str], positions: list[int], text: str) -> Iterator[regex.Match[str]]:
    """Like ``pattern.finditer(text)``, given sorted ``positions`` that include every position
    where ``pattern`` can match: the pattern is tried only there.

    >>> [m.group() for m in _at(regex.compile(r"[0-9]+"), [0, 1, 4], "12 a 3")]
    ['12']
    """
    end = 0
    for pos in positions:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            end = m.end()
            yield m


def _cue_start(text: str, start: int) -> int:
    """Where the day words right before ``start`` begin ("Thứ Năm, ngày 8/1"), or ``start``."""
    m = _patterns().day_prefix.search(text, max(0, start - 40), start)
    return m.start() if m is not None and m[1] else start  # group 1: pre


def _days(text: str, out: list[_Cand], starts: _Starts) -> None:
    """Candidates for single days (``starts``: where the patterns may match)."""
    p = _patterns()
    for m in _at(p.numeric, starts.dm, text):
        d, sep, mo, y = m.groups()
        if sep == "." and len(y) == 2:
            continue  # 1.2.21 is a version or a section number, not a day
        point = _Point(_year(y), int(mo), int(d))
        if not _is_lunar(text, m.end()):
            start = _cue_start(text, m.start())
            out.append(_Cand(start, m.end(), "dates.day.numeric", point, void=not _valid(point)))
    for m in _at(p.iso, starts.iso, text):
        y, mo, d = m.groups()
        point = _Point(int(y), int(mo), int(d))
        if _valid(point):
            out.append(_Cand(m.start(), m.end(), "dates.day.iso", point))
    for m in _at(p.cued, starts.dm, text):
        start = _cue_start(text, m.start())
        if start == m.start():
            continue  # no cue word: a bare D/M, handled below (and "3-1" is a score)
        d, _sep, mo = m.groups()
        point = _Point(None, int(mo), int(d))
        if not _is_lunar(text, m.end()):
            out.append(_Cand(start, m.end(), "dates.day.cued", point, void=not _valid(point)))
    w = _words()
    fraction, cues, never, today = w.fraction, w.cues, w.never, w.today
    for m in p.bare.finditer(text):
        d, mo = m.groups()
        point = _Point(None, int(mo), int(d))
        if not _valid(point) or _is_lunar(text, m.end()):
            continue
        last, two, _paren = _word_before(text, m.start())
        if last in fraction or two in fraction:
            continue
        if m.group() in never:
            continue  # "24/7" is round the clock
        first_end = False
        if p.bare_end.match(text, m.end()):
            pass  # "15/10, ...", "(15/10)", "4/10 - ..."
        elif two in today and p.upper_after.match(text, m.end()):
            pass  # "hôm nay 9/10 XSMB" (but "tới 1/3 GDP" is a fraction)
        elif p.range_after.match(text, m.end()):
            first_end = True  # "27/4 đến 28/4": a day if the range's other end is one
        elif not ((last in cues or two in cues) and p.sentence_end.match(text, m.end())):
            continue  # "2/3 dân số": followed by a word, a fraction
        out.append(_Cand(m.start(), m.end(), "dates.day.bare", point, only_in_range=first_end))
    for m in _at(p.written, starts.written, text):
        d, mo, name, y = m.groups()
        month = _month_of(mo, name)
        if month is None:
            continue
        point = _Point(_year(y), month, int(d))
        start = _cue_start(text, m.start())
        if not _valid(point):
            out.append(_Cand(start, m.end(), "dates.day.written", point, void=True))
            continue
        if _is_lunar(text, m.end()):
            continue
        if start == m.start() and point.year is None:
            if p.duration_after.match(text, m.end()):
                continue  # "3 tháng 10 ngày" is a duration
        out.append(_Cand(start, m.end(), "dates.day.written", point))
    for m in _at(p.day_only, starts.anchors["ngay"], text):
        point = _Point(None, None, int(m[1]))  # group 1: d
        if _valid(point):
            out.append(_Cand(m.start(), m.end(), "dates.range.joined", point, only_in_range=True))


def _months_quarters_years(text: str, out: list[_Cand], starts: _Starts) -> None:
    """Candidates for months, quarters, years and periods of them."""
    p = _patterns()
    for m in p.month.finditer(text):
        mo, name, y = m.groups()
        month = _month_of(mo, name)
        if month is None or not 1 <= month <= 12:
            continue
        year = _year(y)
        if year is None and _is_lunar(text, m.end()):
            continue
        if year is None and p.number_before.search(text, max(0, m.start() - 8), m.start()):
            continue  # "3 tháng 10 ngày": a duration, not October
        rule = "dates.month.numeric" if mo is not None else "dates.month.name"
        out.append(_Cand(m.start(), m.end(), rule, _Point(year, month)))
    w = _words()
    numerals = w.numerals
    for m in p.quarter.finditer(text):
        raw_q, y = m.groups()
        q = numerals.get(_fold(raw_q))
        if q is not None:
            out.append(_Cand(m.start(), m.end(), "dates.quarter", _Point(_year(y), quarter=q)))
    for m in _at(p.year, starts.anchors["nam"], text):
        year = int(m[1])  # group 1: y
        decade = year % 10 == 0 and p.decade_before.search(text, max(0, m.start() - 20), m.start())
        # "những năm 1950" is the 1950s, which corpora/README.md gives no value for
        out.append(_Cand(m.start(), m.end(), "dates.year.nam", _Point(year), void=bool(decade)))
    for m in _at(p.year_list, starts.anchors["nam"], text):
        if p.decade_before.search(text, max(0, m.start() - 20), m.start()):
            continue  # "những năm 1930, 1940 và 1950"
        for start, end in m.spans(1):  # group 1: more
            out.append(_Cand(start, end, "dates.year.list", _Point(int(text[start:end]))))
    for m in _at(p.canchi, starts.anchors["canchi"], text):
        out.append(_Cand(m.start(), m.end(), "dates.year.canchi", _Point(int(m[2]))))  # group 2: y
    for m in _at(p.year_range, starts.years, text):
        raw1, sep, raw2 = m.groups()
        y1 = int(raw1)
        period = p.period_before.search(text, max(0, m.start() - 30), m.start())
        pw = period[1] if period is not None else None  # group 1: pw
        start = period.start() if period is not None else m.start()
        if len(raw2) == 2:
            if not pw:
                continue  # "2024-25" only after a period word
            y2 = y1 // 100 * 100 + int(raw2)
        else:
            y2 = int(raw2)
        if not pw and (sep == "/" or y1 < 1800 or p.word_after.match(text, m.end())):
            continue  # bare "1500-2000 người" is a count; "2008/2009" only after a period word
        if y1 < y2 <= y1 + 100:
            out.append(_Cand(start, m.end(), "dates.range.years", _Point(y1), _Point(y2)))
    for m in _at(p.day_range, starts.days, text):
        cue = p.day_range_before.search(text, max(0, m.start() - 20), m.start())
        if cue is None:
            continue  # "5-7/3" needs "từ" or "ngày" before it
        d1, d2, _sep, mo, raw_y = m.groups()
        y = _year(raw_y)
        a = _Point(y, int(mo), int(d1))
        b = _Point(y, int(mo), int(d2))
        if _valid(a) and _valid(b) and a.day is not None and b.day is not None and a.day < b.day:
            out.append(_Cand(cue.start(), m.end(), "dates.range.days", a, b))
    numbers, halves = w.numbers, w.halves
    for m in _at(p.months_of_year, starts.anchors["months_of_year"], text):
        if _cue_start(text, m.start()) != m.start():
            continue  # "ngày 10 tháng năm 2016" is 10 May written in lower case, not a period
        raw_n, raw_half, _yw, raw_y = m.groups()
        n = 6 if raw_n is None else (int(raw_n) if raw_n.isdigit() else numbers[_fold(raw_n)])
        if not 1 <= n <= 11:
            continue
        half = "first" if raw_half is None else halves[_fold(raw_half)]
        year = _year(raw_y)
        a, b = (_Point(year, 1), _Point(year, n)) if half == "first" else (_Point(year, 13 - n), _Point(year, 12))
        out.append(_Cand(m.start(), m.end(), "dates.range.months_of_year", a, b))
        if year is not None:
            ys, ye = m.span(3)  # group 3: yw
            out.append(_Cand(ys, ye, "dates.year.in_period", _Point(year), nested=True))
    blockers, table = w.blockers, w.relative
    for m in _at(p.relative, starts.anchors["relative"], text):
        last, _two, _paren = _word_before(text, m.start())
        if last in blockers or last.isdigit() or last in numbers:
            continue  # "3 tháng trước", "những năm tới": durations and vague spans
        unit, offset = table[_fold(m[1])]  # group 1: rel
        out.append(_Cand(m.start(), m.end(), f"dates.relative.{unit}", relative=(unit, offset)))


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Settle overlaps: longest first, then earliest; nested records ride along."""
    chosen: list[_Cand] = []
    starts: list[int] = []  # taken spans, sorted and disjoint
    ends: list[int] = []
    for c in sorted((c for c in cands if not c.nested), key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_right(starts, c.start)
        if (i == 0 or ends[i - 1] <= c.start) and (i == len(starts) or starts[i] >= c.end):
            chosen.append(c)
            starts.insert(i, c.start)
            ends.insert(i, c.end)
    spans = {(c.start, c.end, c.rule) for c in chosen}
    for c in cands:
        if c.nested and any(
            o.start <= c.start and c.end <= o.end and o.rule == "dates.range.months_of_year"
            for o in chosen
            if (o.start, o.end, o.rule) in spans
        ):
            chosen.append(c)
    chosen = [c for c in chosen if not c.void]
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def _key(p: _Point) -> tuple[int, int, int]:
    """Sort key of a (filled) point; missing parts sort first."""
    month = p.month if p.month is not None else ((p.quarter - 1) * 3 + 1 if p.quarter else 1)
    return (p.year or 0, month, p.day or 1)


def _fill(a: _Point, b: _Point) -> tuple[_Point, _Point] | None:
    """Complete the ends of a range from each other ("18 đến 20/11/2025"), or None if they clash."""
    if a.day is not None and a.month is None:
        if b.month is None or b.day is None:
            return None
        a = replace(a, month=b.month)
    if a.year is None and b.year is not None:
        a = replace(a, year=b.year)
        if _key(a) > _key(b):
            a = replace(a, year=b.year - 1)
    elif b.year is None and a.year is not None:
        b = replace(b, year=a.year)
        if _key(a) > _key(b):
            b = replace(b, year=a.year + 1)
    if not (_valid(a) and _valid(b)):
        return None
    if a.year is not None and b.year is not None and _key(a) >= _key(b):
        return None
    if a.year is None and b.year is None and (a.month, a.day or 0) >= (b.month, b.day or 0):
        return None
    return a, b


def _share(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Complete the first items of a list from the last one: "tháng 7 và tháng 8/2024",
    "quý I và quý II năm 2024", "ngày 5 và 6/3/2024" (walked backwards, so chains work)."""
    p = _patterns()
    out = list(cands)
    for i in range(len(out) - 2, -1, -1):
        c, nxt = out[i], out[i + 1]
        if (
            c.a is None
            or nxt.a is None
            or c.b is not None
            or nxt.b is not None
            or c.nested
            or nxt.nested
            or nxt.only_in_range
            or (c.a.year is not None and c.a.month is not None)
            or (c.a.year is not None and c.a.quarter is not None)
            or (c.a.year is not None and c.a.month is None and c.a.day is None)
            or not p.list_joiner.match(text[c.end : nxt.start])
        ):
            continue
        filled = _fill(c.a, nxt.a)
        if filled is not None:
            rule = "dates.day.list" if c.only_in_range else c.rule
            out[i] = replace(c, a=filled[0], only_in_range=False, rule=rule)
    return out


def _join(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Join adjacent dates into ranges ("từ ngày 1/1 đến ngày 31/3/2024"); drop lone day-only ends."""
    p = _patterns()
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if (
            nxt is not None
            and c.a is not None
            and c.b is None
            and nxt.a is not None
            and nxt.b is None
            and not c.nested
            and not nxt.nested
            and not nxt.only_in_range
            and c.a.quarter is None
            and nxt.a.quarter is None
            and p.joiner.match(text[c.end : nxt.start])
        ):
            filled = _fill(c.a, nxt.a)
            if filled is not None:
                start = c.start
                opener = p.opener_before.search(text, max(0, c.start - 12), c.start)
                if opener is not None:
                    start = opener.start()
                out.append(_Cand(start, nxt.end, "dates.range.joined", filled[0], filled[1]))
                i += 2
                continue
        if not c.only_in_range:
            out.append(c)
        i += 1
    return out


# --------------------------------------------------------------------------- resolution


def _resolve_point(p: _Point, published: dt.date | None) -> _Point | None:
    """Give a yearless day, month or quarter the year of the most recent such date not after
    ``published``; without ``published`` return it unchanged (a yearless quarter: None).

    >>> _resolve_point(_Point(None, 6, 14), dt.date(2024, 6, 15))
    _Point(year=2024, month=6, day=14, quarter=None)
    >>> _resolve_point(_Point(None, 12, 1), dt.date(2024, 6, 15)).year
    2023
    """
    if p.year is not None:
        return p
    if published is None:
        return None if p.quarter is not None else p
    year = published.year
    if p.quarter is not None:
        pub_q = (published.month - 1) // 3 + 1
        return replace(p, year=year if p.quarter <= pub_q else year - 1)
    month, day = p.month or 1, p.day or 1
    if (month, day) > (published.month, published.day):
        year -= 1
    while not _valid(replace(p, year=year)):  # 29/2: the latest leap year before
        year -= 1
    return replace(p, year=year)


def _iso(p: _Point) -> str:
    """The ISO value of a point: ``2024-06-14``, ``2024-06``, ``2024``, ``2024-Q2``, ``--06-14``, ``--06``.

    >>> _iso(_Point(None, 6, 14)), _iso(_Point(2024, quarter=2)), _iso(_Point(2024, 6))
    ('--06-14', '2024-Q2', '2024-06')
    """
    if p.quarter is not None:
        return f"{p.year:04d}-Q{p.quarter}"
    if p.year is None:
        return f"--{p.month:02d}-{p.day:02d}" if p.day is not None else f"--{p.month:02d}"
    if p.month is None:
        return f"{p.year:04d}"
    if p.day is None:
        return f"{p.year:04d}-{p.month:02d}"
    return f"{p.year:04d}-{p.month:02d}-{p.day:02d}"


def _granularity(p: _Point) -> Granularity:
    if p.quarter is not None:
        return "quarter"
    if p.day is not None:
        return "day"
    if p.month is not None:
        return "month"
    return "year"


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    """Move a month by ``offset`` months.

    >>> _shift_month(2024, 1, -1)
    (2023, 12)
    """
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _relative(unit: str, offset: int, published: dt.date) -> tuple[_Point, _Point | None]:
    """The point (or week range) a relative phrase names, counted from ``published``.

    >>> _relative("week", 1, dt.date(2024, 6, 15))
    (_Point(year=2024, month=6, day=17, quarter=None), _Point(year=2024, month=6, day=23, quarter=None))
    """
    if unit == "day":
        d = published + dt.timedelta(days=offset)
        return _Point(d.year, d.month, d.day), None
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
        sunday = monday + dt.timedelta(days=6)
        return _Point(monday.year, monday.month, monday.day), _Point(sunday.year, sunday.month, sunday.day)
    if unit == "month":
        y, m = _shift_month(published.year, published.month, offset)
        return _Point(y, m), None
    if unit == "quarter":
        index = published.year * 4 + (published.month - 1) // 3 + offset
        return _Point(index // 4, quarter=index % 4 + 1), None
    return _Point(published.year + offset), None


def _resolve(c: _Cand, text: str, published: dt.date | None) -> DateMention | None:
    """Turn a candidate into a record, or None when it cannot be resolved."""
    a: _Point | None
    b: _Point | None
    if c.relative is not None:
        if published is None:
            return None  # relative phrases are never guessed
        a, b = _relative(c.relative[0], c.relative[1], published)
    else:
        a, b = c.a, c.b
    if a is None:
        return None
    if c.rule == "dates.range.months_of_year" and a.year is None:
        if published is None:
            return None  # "9 tháng đầu năm" without a year or a published date
        assert b is not None  # a period of months has both ends
        a, b = replace(a, year=published.year), replace(b, year=published.year)
    if b is not None:
        if b.year is None and published is not None:
            b = _resolve_point(b, published)
            if b is None:
                return None
            filled = _fill(a, b)
            if filled is None:
                return None
            a, b = filled
        elif a.year is None and b.year is None and b.month is None:
            return None
    else:
        a = _resolve_point(a, published)
    if a is None:
        return None
    if b is None:
        value, granularity, vfrom, vto = _iso(a), _granularity(a), None, None
    else:
        vfrom, vto = _iso(a), _iso(b)
        value, granularity = f"{vfrom}/{vto}", "range"
    return DateMention(
        text=text[c.start : c.end],
        start=c.start,
        end=c.end,
        rule=c.rule,
        value=value,
        granularity=granularity,
        value_from=vfrom,
        value_to=vto,
    )


def find_dates(ctx: Context) -> list[Span]:
    """Every calendar reference in ``ctx.text`` as :class:`DateMention` records, in text order.

    >>> import datetime as dt
    >>> found = find_dates(Context(text="Từ ngày 18 đến ngày 20/11, hôm qua.", published=dt.date(2024, 11, 25)))
    >>> [(d.text, d.value, d.granularity) for d in found]
    [('Từ ngày 18 đến ngày 20/11', '2024-11-18/2024-11-20', 'range'), ('hôm qua', '2024-11-24', 'day')]
    >>> find_dates(Context(text="Nghị định 15/2018/NĐ-CP, tỷ số 3-1, giảm 1/2, 5-10 người, 10 năm", published=None))
    []
    """
    text = ctx.text
    cands: list[_Cand] = []
    starts = _Starts(text, lowered(text))
    _days(text, cands, starts)
    _months_quarters_years(text, cands, starts)
    records: list[Span] = []
    for c in _join(text, _share(text, _select(cands))):
        record = _resolve(c, text, ctx.published)
        if record is not None:
            records.append(record)
    return records


_Finder = Callable[[Context], list[Span]]
_check: _Finder = find_dates  # the extractor contract of context.py
