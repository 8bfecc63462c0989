"""Vietnamese numerals, written with digits or with words, resolved to exact Decimals.

Shared by money, percentages and quantities (and usable by any extractor that reads numbers).

Vietnamese groups thousands with "." and marks decimals with ",": ``4.321`` is 4321 and
``124,8`` is 124.8.  Real text also carries the English convention (``39.6 tỷ USD``,
``105,000 tỷ đồng``); :func:`read_digits` resolves a digit string with the help of the
document's own dominant convention (:func:`detect_convention`) and says when it stayed
ambiguous.

>>> read_digits("4.321")
Reading(value=Decimal('4321'), ambiguous=False)
>>> read_digits("124,8")
Reading(value=Decimal('124.8'), ambiguous=False)
>>> read_digits("13.646,269")
Reading(value=Decimal('13646.269'), ambiguous=False)
>>> read_digits("39.6")  # one digit after "." cannot be a thousands group
Reading(value=Decimal('39.6'), ambiguous=False)
>>> read_digits("105,000")  # a decimal is never written with trailing ",000"
Reading(value=Decimal('105000'), ambiguous=False)
>>> read_digits("3,515")  # Vietnamese reading, but English text means 3515
Reading(value=Decimal('3.515'), ambiguous=True)
>>> read_digits("3,515", "vi")
Reading(value=Decimal('3.515'), ambiguous=False)

Numerals with scale words, combinations and number words (:func:`find_numerals`):

>>> [str(n.value) for n in find_numerals("1 tỷ 200 triệu, 1,2 nghìn tỷ, năm trăm triệu")]
['1200000000', '1200000000000', '500000000']
>>> [str(n.value) for n in find_numerals("hai mươi lăm nghìn và 2 triệu rưỡi, 50k")]
['25000', '2500000', '50000']

And the other way round:

>>> format_vi(Decimal("4321000.5"))
'4.321.000,5'
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Callable, Iterator, Literal, NamedTuple

import regex
import yaml

from .casefold import literals, lowered

Convention = Literal["vi", "en", "mixed", "unknown"]
"""A document's digit grouping: "vi" (``1.000,5``), "en" (``1,000.5``), both, or unknown."""

ConventionOf = Callable[[], Convention]
"""A document's convention found only when asked (it is needed by few numbers, ``4.321``)."""


class Reading(NamedTuple):
    """A resolved digit string: its value and whether the grouping stayed ambiguous."""

    value: Decimal
    ambiguous: bool


class Numeral(NamedTuple):
    """A numeral found in a text: ``text[start:end]`` read as ``value`` (a named tuple: made
    for every number of a text, it is cheaper to build than a dataclass).

    ``scaled`` is True when a scale word (nghìn, triệu, tỷ) or an informal suffix is part of
    it; ``informal`` is that suffix ("k", "tr") if any; ``words`` is True when (part of) the
    number is spelled out; ``word_count`` counts the spelled-out number words; ``scale`` is the
    multiplier of the last part (10**9 for "1 tỷ", 10**6 for "1 tỷ 200 triệu", 1 for "5").
    """

    start: int
    end: int
    value: Decimal
    ambiguous: bool
    scaled: bool
    informal: str | None
    words: bool
    word_count: int
    scale: int


# --------------------------------------------------------------------------------------------
# Data


@cache
def vocabulary() -> dict[str, Any]:
    """The number words of ``data/numerals.yaml``."""
    raw = resources.files("vnextract.data").joinpath("numerals.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def _alt(words: list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(
        regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# --------------------------------------------------------------------------------------------
# Digit strings


def read_digits(raw: str, convention: Convention | ConventionOf = "unknown") -> Reading | None:
    """Read a digit string with "." / "," separators; None when it is no number (``1.2.3``).
    ``convention`` may be a function that gives it: it is called only when it decides.

    >>> read_digits("1.000.000").value
    Decimal('1000000')
    >>> read_digits("1,234,567.5").value
    Decimal('1234567.5')
    >>> read_digits("1.552", "en")  # an English-style document: 1.552
    Reading(value=Decimal('1.552'), ambiguous=False)
    >>> read_digits("1.2.3") is None
    True
    """
    read = _read_digits(raw)
    if not isinstance(read, _EitherReading):
        return read
    sep, as_group, as_decimal = read
    vi_reading = as_group if sep == "." else as_decimal
    en_reading = as_decimal if sep == "." else as_group
    if callable(convention):
        convention = convention()
    if convention == "vi":
        return vi_reading
    if convention == "en":
        return en_reading
    if convention == "mixed" or sep == ",":
        # "3,515" is as often English grouping as a Vietnamese decimal: say so.
        return Reading(vi_reading.value, True)
    return vi_reading  # "4.321" with no counter-evidence: Vietnamese grouping


class _EitherReading(NamedTuple):
    """A digit string with one separator that groups thousands or marks decimals."""

    sep: str
    as_group: Reading
    as_decimal: Reading


@lru_cache(maxsize=4096)
def _read_digits(raw: str) -> Reading | _EitherReading | None:
    """:func:`read_digits` up to where the convention decides (cached: texts repeat numbers)."""
    raw = raw.replace(" ", "")  # "30 000": grouped with a space
    if len(raw) > 40:
        return None  # a digit run this long is an identifier, not a quantity
    has_dot, has_comma = "." in raw, "," in raw
    if not has_dot and not has_comma:
        return Reading(Decimal(raw), False)
    if has_dot and has_comma:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _, frac = raw.rpartition(decimal_sep)
        if decimal_sep in whole or not _valid_groups(whole.split(group_sep)):
            return None
        return Reading(Decimal(whole.replace(group_sep, "") + "." + frac), False)
    sep = "." if has_dot else ","
    groups = raw.split(sep)
    if len(groups) > 2:
        if not _valid_groups(groups):
            return None
        return Reading(Decimal("".join(groups)), False)
    whole, frac = groups
    if len(frac) != 3 or len(whole) > 3 or whole == "0" or whole.startswith("0"):
        return Reading(Decimal(whole + "." + frac), False)  # only a decimal reading fits
    if frac == "000":
        return Reading(Decimal(whole + frac), False)  # nobody writes a decimal as "5,000"
    as_group = Reading(Decimal(whole + frac), False)
    return _EitherReading(sep, as_group, Reading(Decimal(whole + "." + frac), False))


def _valid_groups(groups: list[str]) -> bool:
    """``["1", "000", "000"]``: a 1-3 digit head then groups of exactly three digits."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


_EVIDENCE_VI = regex.compile(
    r"""
    (?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d])     # 1.000.000: several "." groups
    | \d\.\d{3},\d                                # 1.000,5: "." groups then "," decimal
    | (?<![\d.,])\d+,\d{1,2}(?![\d.,])            # 124,8: "," with one or two decimals
    """,
    regex.VERBOSE,
)
_EVIDENCE_EN = None  # built lazily (needs the scale words)


def _evidence_en() -> regex.Pattern[str]:
    global _EVIDENCE_EN
    if _EVIDENCE_EN is None:
        scales = _alt(list(vocabulary()["scales"]))
        _EVIDENCE_EN = regex.compile(
            rf"""
            (?<![\d.,])\d{{1,3}}(?:,\d{{3}}){{2,}}(?![\d])   # 1,000,000: several "," groups
            | \d,\d{{3}}\.\d                                 # 1,000.5: "," groups then "." decimal
            | (?<![\d.,])\d+\.\d{{1,2}}(?![\d.,])             # 39.6 followed by a scale or "%":
              (?=\s?+(?:%|(?:{scales})(?!\w)))               # (not a date "15.6", a section "1.2")
            """,
            regex.VERBOSE,
        )
    return _EVIDENCE_EN


def detect_convention(text: str) -> Convention:
    """The document's dominant digit convention, from the unambiguous numbers it writes.

    >>> detect_convention("tăng 124,8% so với 1.000.000 người")
    'vi'
    >>> detect_convention("nợ công là 128.9 tỷ USD")
    'en'
    >>> detect_convention("không có số")
    'unknown'
    """
    vi = sum(1 for _ in _EVIDENCE_VI.finditer(text))
    en = sum(1 for _ in _evidence_en().finditer(text))
    if vi > en:
        return "vi"
    if en > vi:
        return "en"
    return "mixed" if vi else "unknown"


# --------------------------------------------------------------------------------------------
# Number words


def read_words(words: list[str]) -> Decimal | None:
    """A spelled-out number below 1000 (scale words excluded), or None if malformed.

    >>> [read_words(w.split()) for w in ["hai mươi lăm", "một trăm linh năm", "ba tư"]]
    [Decimal('25'), Decimal('105'), Decimal('34')]
    >>> read_words("hai lăm".split()), read_words("năm năm".split()) is None
    (Decimal('25'), True)
    """
    voc = vocabulary()
    digits: dict[str, int] = voc["digits"]
    total = 0
    pending: int | None = None
    last = ""
    for word in (w.lower() for w in words):
        if word in voc["half"]:
            return Decimal("0.5") if len(words) == 1 else None
        if word in digits:
            if pending is not None:
                if last not in digits or word not in voc["after_tens"] or total % 100:
                    return None
                total += pending * 10  # "hai lăm" = 25, "ba tư" = 34 (tens word left out)
            pending = digits[word]
        elif word in voc["hundred"]:
            if last in voc["hundred"] or total >= 100:
                return None
            total += (1 if pending is None else pending) * 100
            pending = None
        elif word in voc["tens"]:
            if pending is None or total % 100:
                return None
            total += pending * 10
            pending = None
        elif word in voc["ten"]:
            if pending is not None or total % 100:
                return None
            total += 10
        elif word in voc["filler"]:
            if total % 100 or last not in voc["hundred"]:
                return None
        else:
            return None
        last = word
    return Decimal(total + (pending or 0))


# --------------------------------------------------------------------------------------------
# The numeral pattern


@cache
def numeral_pattern() -> str:
    """The verbose regex source of one numeral (digits or words, with scales)."""
    voc = vocabulary()
    return _numeral_source(rf"(?=[\d{_initials(voc['first'] + voc['half'])}])")


@cache
def _numeral_source(guard: str, words: bool = True) -> str:
    """:func:`numeral_pattern` with ``guard`` (a look-ahead) in front instead of its own;
    without ``words``, only its numerals that start with a digit."""
    voc = vocabulary()
    number_words = list(voc["digits"]) + voc["tens"] + voc["ten"] + voc["hundred"] + voc["filler"]
    scales = (
        r"(?:\s*+(?i:" + _alt(list(voc["scales"])) + r")(?:(?!\w)|(?=[đĐ]))"  # a scale word
        r"(?!\s++(?:" + _alt(voc["scale_not_before"]) + r")(?!\w))"  # not "tỷ lệ"
        r")++(?:\s++(?:" + _alt(voc["and_a_half"]) + r")(?!\w))?"  # "rưỡi": and a half
    )
    first = r"(?<!\w)(?i:" + _alt(voc["first"] + voc["half"]) + r")(?!\w)"  # "hai", "năm" ...
    more = r"(?:\s++(?i:" + _alt(number_words) + r")(?!\w))"  # "mươi", "lăm", "trăm" ...
    digits = r"(?<![\w.,/])\d{1,3}+(?:\x20\d{3}+(?!\d))++|(?<![\w.,/])\d++(?:[.,]\d++)*+"
    informal = r"(?:" + _alt(list(voc["informal"])) + r")(?:(?!\w)|(?=[đĐ]))"  # 50k, 5tr
    parts = rf"(?:\s++(?:(?:{digits}){scales}|{first}{more}*+{scales}))*+"  # "1 tỷ 200 triệu"
    in_words = rf"""
      | {first} (?: {more}++ (?: {scales} {parts} )?  # number words ("hai mươi lăm"), scales,
                  | {scales} {parts} )             #   or one word with a scale ("năm triệu")
    """
    return rf"""
    {guard}  # cheap guard: a digit or a word's initial
    (?:
        (?:{digits}) (?: {informal}                # 4.321, 124,8, 30 000; "50k"
                       | {scales} {parts} )?       #   or scale words, then smaller scaled parts
      {in_words if words else ""}
    )
    """


def _initials(items: list[str]) -> str:
    """The first letters of ``items``, both cases, for a character class."""
    letters = {w[0] for w in items}
    return "".join(sorted(letters | {c.upper() for c in letters}))


_TOKEN = None


def _token_re() -> regex.Pattern[str]:
    global _TOKEN
    if _TOKEN is None:
        _TOKEN = regex.compile(r"\d{1,3}+(?:\x20\d{3}+(?!\d))++|\d++(?:[.,]\d++)*+|[^\W\d]++")
    return _TOKEN


_NUMERAL: regex.Pattern[str] | None = None


def numeral_re() -> regex.Pattern[str]:
    """The compiled numeral regex (compiled once)."""
    global _NUMERAL
    if _NUMERAL is None:
        _NUMERAL = regex.compile(numeral_pattern(), regex.VERBOSE | regex.UNICODE)
    return _NUMERAL


_SCANNERS: tuple[regex.Pattern[str], regex.Pattern[str], re.Pattern[str]] | None = None


def _scanners() -> tuple[regex.Pattern[str], regex.Pattern[str], re.Pattern[str]]:
    """The numeral regex split in two, for :func:`_numeral_matches`: the numerals that start
    with a digit, those that start with a word, and where the latter may start in the
    lower-cased text: a first word, then a number word or a scale word.  The last is one
    ``re`` scan (an alternation of literals, which ``re`` skips through fast where ``regex``
    would need one scan per word) and finds a superset of the places: no word-start check
    (the word pattern has its own; a first word is one word of letters, so no place is
    skipped inside a match), and ``re``'s \\s holds every white space of ``regex``."""
    global _SCANNERS
    if _SCANNERS is None:
        voc = vocabulary()
        flags = regex.VERBOSE | regex.UNICODE
        if not all(w.isalpha() for w in voc["first"] + voc["half"]):
            raise ValueError("a first number word must be one word of letters")  # (see above)
        firsts = literals({w: "" for w in word_heads()})
        _SCANNERS = (
            regex.compile(_numeral_source("", words=False), flags),  # (a guard costs more here)
            regex.compile(_numeral_source(rf"(?=[{_initials(voc['first'] + voc['half'])}])"), flags),
            re.compile(rf"(?:{firsts})(?={word_head_next()})"),
        )
    return _SCANNERS


def word_heads() -> list[str]:
    """The first words of the numerals written in words ("hai", "năm"), lower case."""
    voc = vocabulary()
    return sorted({w.lower() for w in voc["first"] + voc["half"]})


@cache
def word_head_next() -> str:
    """What follows a first word where a numeral in words may start, in ``re`` syntax (for a
    scan of lower-cased text): white space, then a number or scale word."""
    voc = vocabulary()
    words = list(voc["digits"]) + voc["tens"] + voc["ten"] + voc["hundred"] + voc["filler"] + list(voc["scales"])
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))  # longest first
    return r"\s+(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) + ")"


_KNOWN_WORD_STARTS: tuple[str, list[int]] = ("", [])


def known_word_starts(text: str, starts: list[int]) -> None:
    """Tell :func:`_numeral_matches` the places in ``text`` where a numeral written in words
    may start, found by a caller's scan of the lower-cased text (a superset, sorted: the
    places of :func:`word_heads` followed by :func:`word_head_next`, or more): its next call
    for this same text object takes them instead of scanning again.  (Dates looks for its
    anchor words and these with one scan, before money reads the numerals.)"""
    global _KNOWN_WORD_STARTS
    _KNOWN_WORD_STARTS = (text, starts)


def _numeral_matches(text: str) -> Iterator[regex.Match[str]]:
    """The matches of :func:`numeral_re` in ``text``, exactly as its ``finditer`` gives them,
    but found faster: numerals that start with a digit by their own scan, and those that
    start with a word ("hai mươi", "năm triệu": rare) tried only where a literal search of
    the lower-cased text finds their first word followed by a number or scale word (an
    alternation of words tried at every position is what makes a scan slow).

    >>> [m.group() for m in _numeral_matches("Năm triệu, 5 tỷ và năm 2024")]
    ['Năm triệu', '5 tỷ', '2024']
    """
    low = lowered(text)
    if low is None:
        yield from numeral_re().finditer(text)
        return
    digit_re, word_re, anchors = _scanners()
    known_text, known = _KNOWN_WORD_STARTS
    starts = known if text is known_text else [m.start() for m in anchors.finditer(low)]
    pos = i = 0
    digits = digit_re.finditer(text)
    d = next(digits, None)
    w: regex.Match[str] | None = None
    while True:
        # the next match of each kind at or after ``pos`` (a match found earlier stays
        # valid while it starts at or after ``pos``: nothing matched before it)
        if d is not None and d.start() < pos:  # a word numeral took it: scan again from pos
            digits = digit_re.finditer(text, pos)
            d = next(digits, None)
        if w is not None and w.start() < pos:
            w = None
        while w is None and i < len(starts):
            if starts[i] >= pos:
                w = word_re.match(text, starts[i])
            i += 1
        if d is None and w is None:
            return
        if w is None or (d is not None and d.start() < w.start()):
            assert d is not None
            yield d
            pos = d.end()
            d = next(digits, None)  # finditer goes on from d.end(), as a search from pos would
        else:
            yield w
            pos = w.end()


def read_numeral(
    text: str, start: int, end: int, convention: Convention | ConventionOf = "unknown"
) -> Numeral | None:
    """Read ``text[start:end]`` (a match of :func:`numeral_re`) as a :class:`Numeral`
    (``convention`` as for :func:`read_digits`).

    Parts must descend ("1 tỷ 200 triệu"); a part that does not is cut off, with the end moved.

    >>> read_numeral("3,59 triệu tỷ đồng", 0, 13).value
    Decimal('3590000000000000')
    """
    voc = vocabulary()
    scales: dict[str, int] = voc["scales"]
    informal: dict[str, int] = voc["informal"]
    total = Decimal(0)
    ambiguous = scaled = words_seen = False
    informal_seen: str | None = None
    word_count = 0
    last_end = start
    prev_scale: int | None = None
    tokens = list(_token_re().finditer(text, start, end))
    i = 0
    while i < len(tokens):
        tok = tokens[i].group()
        part_start = i
        if tok[0].isdigit():
            reading = read_digits(tok, convention)
            if reading is None:
                break
            base, amb = reading
            i += 1
        else:
            words: list[str] = []
            while (
                i < len(tokens)
                and tokens[i].group().lower() not in scales
                and (tokens[i].group().lower() not in voc["and_a_half"])
            ):
                words.append(tokens[i].group())
                i += 1
            value = read_words(words)
            if value is None:
                break
            base, amb = value, False
        mult = 1
        suffix: str | None = None
        while i < len(tokens):
            low = tokens[i].group().lower()
            if low in scales:
                mult *= scales[low]
            elif (
                low in informal and tokens[i].start() == tokens[i - 1].end() and i == part_start + 1
            ):
                mult *= informal[low]
                suffix = low
            else:
                break
            i += 1
        if mult == 1 and (part_start > 0 or base == Decimal("0.5") and not tok[0].isdigit()):
            break  # a later part needs its scale; "nửa" alone is no number
        if prev_scale is not None and mult >= prev_scale:
            break
        part = base * mult
        if i < len(tokens) and tokens[i].group().lower() in voc["and_a_half"] and mult > 1:
            part += Decimal(mult) / 2
            i += 1
        total += part
        ambiguous = ambiguous or amb
        scaled = scaled or mult > 1
        informal_seen = informal_seen or suffix
        if not tok[0].isdigit():
            words_seen = True
            word_count += i - part_start
        prev_scale = mult
        last_end = tokens[i - 1].end()
    if last_end == start:
        return None
    return Numeral(
        start,
        last_end,
        clean(total),
        ambiguous,
        scaled,
        informal_seen,
        words_seen,
        word_count,
        prev_scale or 1,
    )


def _detected(text: str) -> ConventionOf:
    """:func:`detect_convention` ``(text)``, found on the first call (two scans of the text
    that most texts do not need)."""
    found: list[Convention] = []

    def convention() -> Convention:
        if not found:
            found.append(detect_convention(text))
        return found[0]

    return convention


def find_numerals(text: str, convention: Convention | None = None) -> list[Numeral]:
    """Every numeral in ``text``; the convention is detected from the text when not given.

    >>> [(n.start, n.end, str(n.value)) for n in find_numerals("đạt 5.800tỷđồng")]
    [(4, 11, '5800000000000')]
    """
    conv: Convention | ConventionOf = convention or _detected(text)
    out: list[Numeral] = []
    for m in _numeral_matches(text):
        raw = m.group()
        if raw[-1].isdigit() and raw[0].isdigit() and " " not in raw:  # fast path: plain digits
            reading = read_digits(raw, conv)
            if reading is not None:
                value = reading.value
                if value != value.to_integral_value():
                    value = value.normalize()
                out.append(
                    Numeral(m.start(), m.end(), value, reading.ambiguous, False, None, False, 0, 1)
                )
            continue
        num = read_numeral(text, m.start(), m.end(), conv)
        if num is not None:
            out.append(num)
    return out


# --------------------------------------------------------------------------------------------
# Formatting


def clean(value: Decimal) -> Decimal:
    """Drop trailing zeros without an exponent: ``1.20`` -> ``1.2``, ``5E+3`` -> ``5000``.

    >>> clean(Decimal("3590000000000000.00")), clean(Decimal("1.20"))
    (Decimal('3590000000000000'), Decimal('1.2'))
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_vi(value: Decimal) -> str:
    """Write a Decimal the Vietnamese way: "." groups thousands, "," marks decimals.

    Trailing fractional zeros are dropped (``1,50`` reads as an English group ``150`` in
    some texts; ``1,5`` does not).

    >>> format_vi(Decimal("1234567.890"))
    '1.234.567,89'
    >>> format_vi(Decimal("-0.5")), format_vi(Decimal("1E+3"))
    ('-0,5', '1.000')
    """
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = ".".join(reversed(groups))
    return sign + out + ("," + frac if frac else "")
