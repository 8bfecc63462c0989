"""Party and State document references: find, canonicalise, link and enrich.

Forms of number-and-symbol, each with its rule id (see ``data/directive_types.tsv``
for type codes, ``data/directive_issuers.tsv`` for issuer codes and
``data/directive_words.yaml`` for the type words that introduce them):

- ``directives.party``: Party numbering ``40-CT/TW``, ``59-NQ/TƯ``, ``532 - TB/TU``
  (number-type/issuer);
- ``directives.state``: State numbering with a year ``15/2018/NĐ-CP``,
  ``30a/2008/NQ-CP``, ``59/2020/QH14``;
- ``directives.admin``: without a year ``123/QĐ-TTg``, ``1088/VPCP-KTTH``
  (number/type-issuer, or number/issuer-unit: an official letter, kind "Công văn");
- loose forms that count only after a type word (or "số" when they start with a type
  code, or in a list right after a counted one): ``directives.old`` ``262/NĐA``,
  ``98/SL``, ``56-CP``, ``12/CP``, ``27-BNV/HC/NĐ``; ``directives.spaced``
  ``1177/QĐ BGDĐT``; ``directives.no_slash`` ``5171 QĐ-UBND`` (code ``5171/QĐ-UBND``);
  ``directives.lower`` ``40-ct/tw`` (code ``40-CT/TW``, spelt as the issuer writes it).

A symbol is recognised by its shape alone (the families above), so it needs no
type word; spaces and one line break are allowed around ``-`` and ``/``.  The span
of a mention reaches back over the type word and "số" that introduce it
("Luật Đầu tư công số 49/2014/QH13").  ``kind`` comes from the symbol's type code
(``TT`` is a Thông tư of the State but a Thông tri of the Party), else from the type
word, and for loose forms from the type word first.  ``issued``, ``issuer`` and
``title`` are read from the words right after a mention: ``ngày 22/11/2014``,
``của Ban Bí thư Trung ương Đảng``, ``về ...`` or a quoted title; ``issuer`` falls
back to the body named by an unambiguous issuer code (CP: Chính phủ).

Short references ("Chỉ thị số 40", "Chỉ thị 40") are linked to the full reference
of the same type and number given elsewhere in the text; a type and number never
given in full becomes the code ``"Chỉ thị 40"`` (rule ``directives.short``; a bare
number counts only after a capitalised type word, or an unambiguous noun such as
"nghị quyết", and not before a counted noun: "Kế hoạch 5 năm"; one near an
international body, "Nghị quyết 1244 của Hội đồng Bảo an", is left out).  One
:class:`Directive` is emitted per document: its span is the first full mention (type
word and "số" included), ``mentions`` holds every mention, that one included.  Two
full mentions are the same document when their codes agree without case, spaces and
hyphens, with ``TƯ`` = ``TW``.

>>> from vnextract.context import Context
>>> text = ("Thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư Trung ương "
...         "Đảng về tăng cường tín dụng chính sách. Chỉ thị số 40 được triển khai.")
>>> [d] = find_directives(Context(text=text, published=None))
>>> d.code, d.kind, d.number, d.issuer_code, str(d.issued), d.issuer
('40-CT/TW', 'Chỉ thị', '40', 'TW', '2014-11-22', 'Ban Bí thư Trung ương Đảng')
>>> d.title
'tăng cường tín dụng chính sách'
>>> [m.text for m in d.mentions]
['Chỉ thị số 40-CT/TW', 'Chỉ thị số 40']
>>> [d.code for d in find_directives(Context(text="Nghị quyết 11 đã phát huy tác dụng", published=None))]
['Nghị quyết 11']
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator, NamedTuple

import regex
import yaml

from ..context import Context
from ..schema import Directive, Mention, Span

__all__ = ["find_directives", "canonical_code", "code_key"]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class TypeWord:
    """A word naming a document type ("Chỉ thị"), from ``directive_words.yaml``."""

    word: str
    kind: str | None
    short: str  # "bare", "so" or "no"
    lower: bool = False  # a bare short reference may be written in lower case


@dataclass(frozen=True)
class Tables:
    """The rule data, read once from ``vnextract/data``."""

    type_codes: dict[str, tuple[str, str]]  # code -> (state kind, party kind)
    issuer_names: dict[str, str]  # issuer code -> body name ("" when ambiguous)
    mixed_tokens: tuple[str, ...]  # codes with a small letter ("TTg", "QĐi")
    words: dict[str, TypeWord]  # casefolded word -> entry
    not_after_number: frozenset[str]
    not_documents: tuple[str, ...]
    not_document_codes: frozenset[str]
    glued_after_symbol: tuple[str, ...]
    issuer_lower_words: tuple[str, ...]
    issuer_stop_words: tuple[str, ...]
    foreign_bodies: tuple[str, ...]


def _tsv_rows(name: str) -> list[list[str]]:
    text = resources.files("vnextract.data").joinpath(name).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # the first non-comment line is the header


@lru_cache(maxsize=None)
def tables() -> Tables:
    """Load the directive rule data (cached).

    >>> tables().type_codes["CT"]
    ('Chỉ thị', 'Chỉ thị')
    >>> tables().type_codes["TT"]
    ('Thông tư', 'Thông tri')
    >>> tables().issuer_names["TTg"]
    'Thủ tướng Chính phủ'
    """
    types = {r[0].strip(): (r[1].strip(), r[2].strip()) for r in _tsv_rows("directive_types.tsv")}
    issuers = {
        r[0].strip(): (r[2].strip() if len(r) > 2 else "") for r in _tsv_rows("directive_issuers.tsv")
    }
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("vnextract.data").joinpath("directive_words.yaml").read_text("utf-8")
    )
    words = {
        str(w["word"]).casefold(): TypeWord(
            str(w["word"]), w.get("kind"), str(w.get("short", "no")), bool(w.get("lower", False))
        )
        for w in raw["words"]
    }
    mixed = tuple(c for c in list(types) + list(issuers) if c != c.upper())
    return Tables(
        type_codes=types,
        issuer_names=issuers,
        mixed_tokens=mixed,
        words=words,
        not_after_number=frozenset(str(w).casefold() for w in raw["not_after_number"]),
        not_documents=tuple(str(w) for w in raw["not_documents"]),
        not_document_codes=frozenset(str(w) for w in raw["not_document_codes"]),
        glued_after_symbol=tuple(str(w) for w in raw["glued_after_symbol"]),
        issuer_lower_words=tuple(str(w) for w in raw["issuer_lower_words"]),
        issuer_stop_words=tuple(str(w) for w in raw["issuer_stop_words"]),
        foreign_bodies=tuple(str(w) for w in raw["foreign_bodies"]),
    )


def _alternation(items: list[str] | tuple[str, ...], *, spaces: bool = False) -> str:
    """Longest-first alternation of literal items (a space may match any one white space)."""
    parts = []
    for item in sorted(set(items), key=len, reverse=True):
        escaped = regex.escape(item)
        if spaces:
            escaped = escaped.replace("\\ ", " ").replace(" ", r"\s")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


# ------------------------------------------------------------------------ patterns
#
# Groups are read by position, not by name: the regex module looks a group name up only
# after failing to read it as a number, and that failure builds an exception (about eight
# times the cost of ``m.group(1)``).  :func:`_groups` checks the positions once.


class _Code(NamedTuple):
    """The groups of a ``code`` match, in the pattern's order (``_Code._make(m.groups())``)."""

    num: str
    ptype: str | None
    pissuer: str | None
    pend: str | None
    year: str | None
    ysym: str | None
    yend: str | None
    asym: str | None
    aend: str | None
    stype: str | None
    sissuer: str | None
    ntype: str | None
    nissuer: str | None
    osym: str | None
    lyear: str | None
    lsym: str | None
    lptype: str | None
    lpissuer: str | None
    lasym: str | None


_NTYPE = _Code._fields.index("ntype") + 1  # group number of ``ntype`` in ``code``
_HEAD_GROUPS = ("tw", "so1", "so2")
_SHORT_GROUPS = ("tw", "so", "num", "year", "next")
_S_TW, _S_NUM, _S_YEAR = (_SHORT_GROUPS.index(g) + 1 for g in ("tw", "num", "year"))


def _groups(pattern: Any, *names: str) -> Any:
    """``pattern``, checked to have exactly the groups ``names``, in this order."""
    if sorted(pattern.groupindex, key=pattern.groupindex.get) != list(names) or pattern.groups != len(
        names
    ):
        raise ValueError(f"the groups of {pattern.pattern[:40]!r} are not {names}")
    return pattern


@dataclass(frozen=True)
class Patterns:
    """Compiled regexes, composed from :func:`tables` (built once)."""

    code: Any
    head: Any
    short: Any
    date: Any
    issuer: Any
    about: Any
    quoted: Any
    not_document: Any
    foreign: Any
    starts: Any  # where ``code`` or ``short`` may match (see _starts)


@lru_cache(maxsize=None)
def patterns() -> Patterns:
    """Compile the regexes once."""
    t = tables()
    type_code = _alternation(list(t.type_codes))
    mixed = _alternation(t.mixed_tokens)
    glued = _alternation(t.glued_after_symbol)
    type_words = _alternation([w.word for w in t.words.values()], spaces=True)
    # One part of a symbol: a mixed-case code ("TTg") or an upper-case run ("BGDĐT", "QH14").
    # (at least two characters: "X" in "147x/KLJ-X" is a model name, not an issuer).
    seg = rf"(?:{mixed}(?![\p{{L}}\p{{N}}])|\p{{Lu}}[\p{{Lu}}\p{{N}}]++)"
    code = regex.compile(
        rf"""
        (?<![\p{{L}}\p{{N}}/.\-])               # not inside a word, a number or a longer code
        (?P<num>\d{{1,5}}(?:\.\d{{1,2}})?[a-z]?)  # the number: 40, 30a, 66.4
        (?:
            \s?-\s?(?P<ptype>{type_code})       # Party: -CT (spaces and a line break allowed)
            \s?/\s?(?P<pissuer>{seg}(?:-{seg})*+)   # /TW, /TU, /BTGTW
            (?P<pend>)
          | \s?/\s?(?P<year>(?:19|20)\d\d)      # State with a year: /2018
            \s?/\s?(?P<ysym>{seg}(?:\s?-\s?{seg})?(?:-\n?{seg})*+)  # /NĐ-CP, /QH14, /TTLT-BTC-BYT
            (?P<yend>)
          | \s?/\s?(?P<asym>{seg}\s?-\s?{seg}(?:-\n?{seg})*+)  # /QĐ-TTg, /VPCP-KTTH
            (?P<aend>)
          | \s?/\s?(?P<stype>{type_code})[ ](?P<sissuer>\p{{Lu}}[\p{{Lu}}\p{{N}}]++)  # /QĐ BGDĐT
            (?![\p{{L}}\p{{N}}])
          | [ ]?(?P<ntype>{type_code})-(?P<nissuer>{seg}(?:-{seg})*+)  # slash left out: 5171 QĐ-UBND
            (?![\p{{L}}\p{{N}}])
          | \s?[-/]\s?(?P<osym>{seg}(?:[-/]{seg}){{0,3}}+)  # old: /NĐA, /SL, -CP, /CP, -BNV/HC/NĐ
            (?![\p{{L}}\p{{N}}])
          | \s?/\s?(?P<lyear>(?:19|20)\d\d)     # lower case: /2015/tt-bkhđt
            \s?/\s?(?P<lsym>\p{{Ll}}{{2,6}}+(?:\s?-\s?[\p{{Ll}}\p{{N}}]{{2,10}}+){{1,3}}+)
            (?![\p{{L}}\p{{N}}])
          | \s?-\s?(?P<lptype>\p{{Ll}}{{2,4}}+)\s?/\s?(?P<lpissuer>\p{{Ll}}{{2,8}}+)  # lower case: -ct/tw
            (?![\p{{L}}\p{{N}}])
          | \s?/\s?(?P<lasym>\p{{Ll}}{{2,6}}+\s?-\s?[\p{{Ll}}\p{{N}}]{{2,10}}+)  # lower case: /qđ-ttg
            (?![\p{{L}}\p{{N}}])
        )
        (?:(?![\p{{L}}\p{{N}}])                  # the symbol ends at a non-letter ...
          | (?={glued}(?!\p{{L}}))                # ... or at a word glued to it ("NĐ-CPngày")
        )
        """,
        regex.VERBOSE,
    )
    # What introduces a code, read backwards from it: "Chỉ thị số", "Luật Đầu tư công số",
    # "Quyết định", "Số:".  Applied to a short window ending at the code.
    head = regex.compile(
        rf"""
        (?:
            (?<![\p{{L}}\p{{N}}])(?P<tw>(?i:{type_words}))  # a type word, any case
            (?:
                (?:\s(?!(?i:{type_words})(?![\p{{L}}]))[^\s.;:!?()"\[\]]++){{0,8}}?  # its name
                \s(?P<so1>(?i:số)):?              # then "số"
            )?
          | (?<![\p{{L}}\p{{N}}])(?P<so2>(?i:số)):?   # or "số" alone
        )
        \s?\Z                                    # right before the code
        """,
        regex.VERBOSE | regex.REVERSE,  # matched from the code backwards: one try, not one per position
    )
    short_list = [w.word for w in t.words.values() if w.short != "no"]
    short_words = _alternation(short_list, spaces=True)
    # What comes right before a short reference's number (without groups: a look-behind
    # that captures is several times slower to try), first tried with the last letter of
    # the type word only (a quick test that most numbers fail)
    last_letters = regex.escape("".join(sorted({w[-1] for w in short_list})))
    short_before = (
        rf"(?<=(?i:[{last_letters}])\s(?:(?i:số):?\s?)?\d)"
        rf"(?<=(?<![\p{{L}}\p{{N}}])(?i:{short_words})\s(?:(?i:số):?\s?)?\d)"
    )
    short = regex.compile(
        rf"""
        (?<![\p{{L}}\p{{N}}])(?=\d)               # start at a number, then look back:
        (?<=
            (?<![\p{{L}}\p{{N}}])
            (?P<tw>(?i:{short_words}))           # "Chỉ thị", "công văn"
            \s(?:(?P<so>(?i:số)):?\s?)?            # optional "số"
        )
        (?P<num>\d{{1,5}}[a-zA-Z]?)              # the number
        (?:\s?/\s?(?P<year>(?:19|20)\d\d)(?![\p{{L}}\p{{N}}/]))?  # a year: "Nghị định 100/2019"
        (?![\p{{L}}\p{{N}}]|[.,]\d|\s?[/\-]\s?[\p{{L}}\p{{N}}])  # not a longer number or code
        (?P<next>\s(?:%|\p{{L}}++(?:\s\p{{L}}++)?))?   # the words after, to rule out counts
        """,
        regex.VERBOSE,
    )
    date = regex.compile(
        r"""
        (?:\s?,)?\s?                           # right after what came before
        (?:(?:được\s)?(?:ban\shành|ký)\s)?       # "ban hành ngày", "ký ngày"
        [Nn]gày\s
        (?:
            (?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})    # 22/11/2014
          | (?P<d2>\d{1,2})\stháng\s(?P<m2>\d{1,2})\s(?:năm\s)?(?P<y2>\d{4})  # 22 tháng 11 năm 2014
        )
        (?!\d)
        """,
        regex.VERBOSE,
    )
    lower = _alternation(t.issuer_lower_words, spaces=True)
    stop = _alternation(t.issuer_stop_words, spaces=True)
    # A capitalised word with up to two small syllables that are not stop words: "Bí thư".
    cap_word = (
        rf"\p{{Lu}}[\p{{L}}\p{{N}}]*+"
        rf"(?:\s(?!(?:{stop}|{lower})(?![\p{{L}}]))\p{{Ll}}++){{0,2}}+"
    )
    issuer = regex.compile(
        rf"""
        (?:\s?,)?\s                             # right after what came before
        của\s
        (?P<issuer>
            {cap_word}                           # "Ban", "Bí thư", "Bộ trưởng"
            (?:\s(?:
                (?:{lower}\s){{1,3}}(?=\p{{Lu}})   # "nhân dân thành phố" before a name
              | và\s(?=\p{{Lu}})                 # "Thể thao và Du lịch"
            )?{cap_word}){{0,10}}                 # further capitalised words
            (?:\s{lower}(?![\p{{L}}])){{0,3}}     # "Tòa án nhân dân tối cao", "HĐND tỉnh"
        )
        """,
        regex.VERBOSE,
    )
    about = regex.compile(
        r"""
        (?:\s?,)?\s
        về\s(?:việc\s)?                          # "về", "về việc"
        (?P<title>(?:[^.;:()"\[\]\n]|(?<=\d)\.(?=\d)|\n(?!\n)){3,300}+)  # up to a stop
        """,
        regex.VERBOSE,
    )
    quoted = regex.compile(r'(?:\s?,)?\s?"(?P<title>[^"\n]{3,300}+)"')
    not_document = regex.compile(
        rf"(?<![\p{{L}}])(?i:{_alternation(t.not_documents, spaces=True)})\s(?:(?i:số):?\s?)?\Z",
        regex.REVERSE,
    )
    foreign = regex.compile(rf"(?<![\p{{L}}]){_alternation(t.foreign_bodies, spaces=True)}(?![\p{{L}}])")
    # Where a code may start: its number, then a dash or slash, or the first letter of a type
    # code (every form goes on with one of them); and where a short reference may start: a
    # number right after its type word.  Both start with a digit, which one scan finds fast;
    # the full patterns are then tried only there (_starts, _codes, _shorts).
    # (After a dash or slash, every form goes on with a letter, or a year: not "22/11", "5-7".)
    initials = regex.escape("".join(sorted({c[0] for c in t.type_codes})))
    if not all(regex.match(r"\p{L}", c) for c in list(t.type_codes) + list(t.mixed_tokens)):
        raise ValueError("a type or issuer code must start with a letter")
    code_at = rf"""
        (?<![/.\-]\d)                              # as in ``code``: not in a longer code,
        (?=\d{{0,4}}(?:\.\d{{1,2}})?[a-z]?           # the rest of its number,
           (?:\s?[-/]\s?(?:\p{{L}}|(?:19|20)\d\d)|[ ]?[{initials}]))  # what every form goes on with
    """
    starts = regex.compile(
        rf"""
        \d(?<![\p{{L}}\p{{N}}]\d)                      # a number's first digit
        (?:
            {short_before}(?P<short>)               # ``short`` may start here
            (?:{code_at}(?P<code>))?             # (and ``code`` too)
          | {code_at}(?P<code>)                  # ``code`` may start here
        )
        """,
        regex.VERBOSE,
    )
    return Patterns(
        _groups(code, *_Code._fields),
        _groups(head, *_HEAD_GROUPS),
        _groups(short, *_SHORT_GROUPS),
        _groups(date, "d", "m", "y", "d2", "m2", "y2"),
        _groups(issuer, "issuer"),
        _groups(about, "title"),
        _groups(quoted, "title"),
        _groups(not_document),
        _groups(foreign),
        _groups(starts, "short", "code"),
    )


def _starts(text: str) -> tuple[list[int], list[int]]:
    """Where ``patterns().code`` may match in ``text``, and where ``patterns().short`` may:
    one scan that starts with a digit (fast; a scan that starts with a look-behind tries
    every position).

    >>> _starts("Chỉ thị 40-CT/TW, Chỉ thị 41, 5 người")
    ([8], [8, 26])
    """
    codes: list[int] = []
    shorts: list[int] = []
    for s in patterns().starts.finditer(text):
        if s.group(2) is not None:
            codes.append(s.start())
        if s.group(1) is not None:
            shorts.append(s.start())
    return codes, shorts


def _tried(pattern: Any, text: str, starts: list[int]) -> Iterator[Any]:
    """The matches of ``pattern`` in ``text``, as its ``finditer`` gives them, when it can
    match nowhere but at ``starts`` (sorted)."""
    end = 0
    match = pattern.match
    for start in starts:
        if start < end:
            continue
        m = match(text, start)
        if m is not None:
            end = m.end()  # (never empty: the patterns start with a number)
            yield m


def _codes(text: str, starts: list[int] | None = None) -> Iterator[Any]:
    """The matches of ``patterns().code`` in ``text``, as its ``finditer`` gives them, but
    tried only where they may start (``_starts(text)[0]``).

    >>> [m.group() for m in _codes("Chỉ thị 40-CT/TW, 15/2018/NĐ-CP, 5 người")]
    ['40-CT/TW', '15/2018/NĐ-CP']
    """
    return _tried(patterns().code, text, _starts(text)[0] if starts is None else starts)


def _shorts(text: str, starts: list[int] | None = None) -> Iterator[Any]:
    """The matches of ``patterns().short`` in ``text``, as its ``finditer`` gives them, but
    tried only where they may start (``_starts(text)[1]``).

    >>> [m.group() for m in _shorts("Chỉ thị 40-CT/TW, Chỉ thị 41, 5 người")]
    ['41']
    """
    return _tried(patterns().short, text, _starts(text)[1] if starts is None else starts)


# ---------------------------------------------------------------------- resolving


_WHITE = regex.compile(r"\s+")
# (compiled once: a module-level regex.sub/match call looks its pattern up in a cache each time)
_SLASH_DASH = regex.compile(r"[-/]")
_WORD = regex.compile(r"\p{L}[\p{L}\p{N}]*")
_LOWER_NEXT = regex.compile(r"\s?\p{Ll}")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_TRAILING_DIGITS = regex.compile(r"\d+$")
_LIST_GAP = regex.compile(r"(?:\s?,\s?|\s?;\s?|\s(?:và|hoặc)\s)(?:(?i:số):?\s?)?")  # "25-CP và 26-CP"
# White space as ``\s`` of the regex module sees it (Unicode White_Space; a test checks it),
# for str.translate: one call, where a regex sub costs several times more on a short code.
_WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_NO_WHITE_AND_ETH = {**dict.fromkeys(map(ord, _WHITE_SPACE)), ord("Ð"): "Đ"}
_NO_WHITE_OR_HYPHEN = dict.fromkeys(map(ord, _WHITE_SPACE + "-"))


def canonical_code(text: str) -> str:
    """A symbol as written with white space removed and ``Ð`` as ``Đ``.

    >>> canonical_code("532 - TB/TU")
    '532-TB/TU'
    >>> canonical_code("1177/QĐ BGDĐT")
    '1177/QĐBGDĐT'
    """
    return text.translate(_NO_WHITE_AND_ETH)


def code_key(code: str) -> str:
    """Identity of a document code: no case, spaces or hyphens, ``TƯ`` = ``TW``.

    >>> code_key("59-NQ/TƯ") == code_key("59-NQ/TW")
    True
    """
    return code.translate(_NO_WHITE_OR_HYPHEN).upper().replace("TƯ", "TW").replace("Ð", "Đ")


def _number_key(number: str) -> str:
    return number.lstrip("0").lower() or "0"


def _date(match: Any) -> dt.date | None:
    d, m, y, d2, m2, y2 = match.groups()
    if d is None:
        d, m, y = d2, m2, y2
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _clean(text: str) -> str:
    return _WHITE.sub(" ", text).strip(" ,-*")


@dataclass
class _Doc:
    """A document being assembled from its mentions."""

    code: str
    key: str
    kind: str | None
    number: str
    issuer_code: str | None
    year: int | None
    first: Mention
    rule: str
    issued: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)


def _symbol_parts(g: _Code) -> tuple[str | None, str | None, bool, str]:
    """(type code, issuer code, Party numbering?, rule) of a code match's groups."""
    t = tables()
    if g.ptype is not None:
        assert g.pissuer is not None
        return g.ptype, canonical_code(g.pissuer), True, "directives.party"
    if g.stype is not None:
        return g.stype, g.sissuer, False, "directives.spaced"
    if g.ntype is not None:
        return g.ntype, g.nissuer, False, "directives.no_slash"
    if g.osym is not None:
        parts = _SLASH_DASH.split(canonical_code(g.osym))
        first, rest = parts[0], "-".join(parts[1:]) or None
        if first in t.type_codes:
            return first, rest, False, "directives.old"
        if first in t.issuer_names:
            return None, first, False, "directives.old"
        for n in range(len(first) - 1, 0, -1):  # "NĐA": NĐ of A, "QĐQP": QĐ of QP
            if first[:n] in t.type_codes:
                return first[:n], first[n:], False, "directives.old"
        return None, first, False, "directives.old"
    lower = g.lsym or g.lasym
    if g.lptype is not None:
        assert g.lpissuer is not None
        return _known(g.lptype), _known(g.lpissuer), True, "directives.lower"
    if lower is not None:
        parts = [_known(p) for p in canonical_code(lower).split("-")]
        if parts[0] in t.type_codes:
            return parts[0], "-".join(parts[1:]), False, "directives.lower"
        return None, parts[0], False, "directives.lower"
    sym = canonical_code((g.ysym if g.year is not None else g.asym) or "")
    parts = sym.split("-")
    rule = "directives.state" if g.year is not None else "directives.admin"
    if parts[0] in t.type_codes:
        return parts[0], ("-".join(parts[1:]) or None), False, rule
    return None, parts[0], False, rule


@lru_cache(maxsize=None)
def _known_codes() -> dict[str, str]:
    t = tables()
    known: dict[str, str] = {}
    for code in list(t.type_codes) + list(t.issuer_names):  # the first spelling listed wins
        known.setdefault(code.casefold(), code)
    return known


def _known(token: str) -> str:
    """A symbol part written in lower case, as the issuer writes it: "ttg" -> "TTg".

    >>> _known("ttg"), _known("bkhđt"), _known("qđi")
    ('TTg', 'BKHĐT', 'QĐi')
    """
    return _known_codes().get(token.casefold(), token.upper())


def _lower_code(text: str) -> str:
    """A lower-case symbol spelt as the issuer writes it: "22/2015/tt-bkhđt" -> "22/2015/TT-BKHĐT"."""
    return _WORD.sub(lambda m: _known(m.group()), canonical_code(text))


def _kind(
    type_code: str | None, party: bool, head_kind: str | None, year: bool, loose: bool = False
) -> str | None:
    """The document type: from the type code of the symbol, else from the word before it.

    For old, loose symbols ("Nghị quyết số 30-HĐBT") the word before it comes first.
    """
    t = tables()
    if loose and head_kind is not None:
        return head_kind
    if type_code is not None and type_code in t.type_codes:
        state, party_kind = t.type_codes[type_code]
        return party_kind if party else state
    if head_kind is not None:
        return head_kind
    if type_code is None and not year:
        return "Công văn"  # number/issuer-unit is the symbol of an official letter
    return None


def _enrich(doc: _Doc, text: str, end: int) -> None:
    """Read date, issuer and title from the words right after a full mention.

    Each pattern is tried only where the word it starts with is near enough for it to
    match: "gày" (of "ngày") within 18 characters, "của", "về" or a quote within 3.
    """
    p = patterns()
    rest = text[end : end + 400]
    pos = 0
    for _ in range(2):  # "ngày ... của ..." or "của ... ngày ..."
        dm = p.date.match(rest, pos) if rest.find("gày", pos, pos + 21) != -1 else None
        if dm:
            if doc.issued is None:
                doc.issued = _date(dm)
            pos = dm.end()
            continue
        im = p.issuer.match(rest, pos) if rest.find("của", pos, pos + 6) != -1 else None
        if im:
            if doc.issuer is None:
                doc.issuer = _clean(im.group(1))
            pos = im.end()
            continue
        break
    if doc.title is None:
        qm = p.quoted.match(rest, pos) if rest.find('"', pos, pos + 4) != -1 else None
        if qm:
            doc.title = _clean(qm.group(1)) or None
            return
        am = p.about.match(rest, pos) if rest.find("về", pos, pos + 5) != -1 else None
        if am:
            doc.title = _trim_title(am.group(1))


def _trim_title(text: str) -> str | None:
    """Cut a title read after "về" where the sentence moves on.

    A comma continues the title only when a small word follows ("phòng, chống",
    "học tập, làm theo"); a capital, a number or a clause word ("trong đó",
    "kể từ") ends it.

    >>> _trim_title("phòng, chống dịch Covid-19 trên địa bàn, trong đó yêu cầu")
    'phòng, chống dịch Covid-19 trên địa bàn'
    >>> _trim_title("tiếp nhận và bổ nhiệm Nguyễn Văn A, Ủy viên Ban Thường vụ")
    'tiếp nhận và bổ nhiệm Nguyễn Văn A'
    """
    text = _CLAUSE.split(text, maxsplit=1)[0]
    parts = text.split(",")
    kept = [parts[0]]
    for part in parts[1:]:
        if not _LOWER_NEXT.match(part) or _CLAUSE_START.match(part):
            break
        kept.append(part)
    return _clean(",".join(kept)) or None


_CLAUSE_WORDS = r"(?:trong\sđó|theo\sđó|đồng\sthời|có\shiệu\slực|kể\stừ|nhằm|thì|song|nhưng|ông|bà)"
_CLAUSE = regex.compile(rf"\s{_CLAUSE_WORDS}\s")
_CLAUSE_START = regex.compile(rf"\s?(?:{_CLAUSE_WORDS}|với|được|đã|sẽ|là)(?!\p{{L}})")


class _Full(NamedTuple):
    """A full reference found by :func:`_full_mentions`."""

    mention: Mention
    match: Any  # of ``code``
    groups: _Code
    head: Any  # a match of ``head``, or None
    parts: tuple[str | None, str | None, bool, str]  # _symbol_parts(groups)


def _full_mentions(text: str, starts: list[int] | None = None) -> list[_Full]:
    """Every full reference, in text order (``starts``: where codes may start, as
    :func:`_codes` takes them)."""
    p = patterns()
    t = tables()
    found: list[_Full] = []
    prev: tuple[int, Any] | None = None  # end and head of the last full reference
    for m in _codes(text, starts):
        g = _Code._make(m.groups())
        at = m.start()
        window = text[max(0, at - 100) : at]
        head = p.head.search(window)
        parts: tuple[str | None, str | None, bool, str] | None = None
        lower = g.lyear or g.lptype or g.lasym
        if lower is not None or g.stype or g.ntype or g.osym:
            # loose forms count only after a type word ("Nghị định số 12/CP"), or after
            # "số" when they start with a type code ("số 98/SL"), or in a list after one
            typed = head is not None and head.group(1) is not None
            so_typed = (
                head is not None
                and g.osym is not None
                and _SLASH_DASH.split(canonical_code(g.osym))[0] in t.type_codes
            )
            listed = prev is not None and _LIST_GAP.fullmatch(text, prev[0], at) is not None
            if not (typed or so_typed or listed):
                continue
            if lower is not None:
                parts = _symbol_parts(g)
                if parts[0] is None and g.lasym is not None:
                    continue
                if g.lptype is not None and parts[0] not in t.type_codes:
                    continue
            if head is None and listed and prev is not None:
                head = prev[1]
        if p.not_document.search(window):
            continue
        if parts is None:
            parts = _symbol_parts(g)
        if parts[0] is None and parts[1] in t.not_document_codes:
            continue
        end = m.end()
        start = at - (len(window) - head.start()) if head and head.string is window else at
        mention = Mention(text=text[start:end], start=start, end=end, rule=parts[3])
        found.append(_Full(mention, m, g, head, parts))
        prev = (end, head)
    return found


@lru_cache(maxsize=1024)
def _word_key(word: str) -> str:
    """A type word as written ("Chỉ  thị", "CHỈ THỊ"), as a key of ``tables().words``."""
    return _WHITE.sub(" ", word).casefold()


def _head_kind(head: Any) -> str | None:
    if head is None:
        return None
    tw = head.group(1)
    if tw is None:
        return None
    word = tables().words.get(_word_key(tw))
    return word.kind if word else None


def find_directives(ctx: Context) -> list[Span]:
    """Find every Party or State document reference in ``ctx.text``, one record per document.

    >>> from vnextract.context import Context
    >>> text = "Nghị định số 15/2018/NĐ-CP và Công văn 1088/VPCP-KTTH; số điện thoại 0912/345"
    >>> [(d.code, d.kind, d.year, d.issuer_code) for d in find_directives(Context(text=text, published=None))]
    [('15/2018/NĐ-CP', 'Nghị định', 2018, 'CP'), ('1088/VPCP-KTTH', 'Công văn', None, 'VPCP')]
    """
    text = ctx.text
    p = patterns()
    t = tables()
    docs: dict[str, _Doc] = {}
    taken: list[tuple[int, int]] = []
    code_starts, short_starts = _starts(text)
    for mention, m, g, head, parts in _full_mentions(text, code_starts):
        taken.append((mention.start, mention.end))
        code = canonical_code(m.group())  # (the match starts with its number)
        if g.ntype is not None:  # put back the slash the writer left out
            code = g.num + "/" + canonical_code(text[m.start(_NTYPE) : m.end()])
        elif g.lyear or g.lptype or g.lasym:
            code = _lower_code(code)
        key = code_key(code)
        doc = docs.get(key)
        if doc is None:
            type_code, issuer_code, party, rule = parts
            written_year = g.year or g.lyear
            year = int(written_year) if written_year else None
            doc = _Doc(
                code=code,
                key=key,
                kind=_kind(type_code, party, _head_kind(head), year is not None, g.osym is not None),
                number=g.num,
                issuer_code=issuer_code,
                year=year,
                first=mention,
                rule=rule,
            )
            docs[key] = doc
        doc.mentions.append(mention)
        _enrich(doc, text, m.end())
    taken.sort()

    shorts: list[tuple[Mention, str, str, int | None]] = []  # mention, kind, number, year
    for m in _shorts(text, short_starts):
        tw, so, number, written_year, nxt = m.groups()
        start, end = m.start(_S_TW), m.end(_S_YEAR) if written_year else m.end(_S_NUM)
        if _overlaps(taken, start, end):
            continue
        word = t.words[_word_key(tw)]
        has_so = so is not None
        if word.kind is None or word.short == "no" or (word.short == "so" and not has_so):
            continue
        if not has_so and not word.lower and not tw[0].isupper():
            continue  # "quyết định 3 ..." in lower case is a verb; "nghị quyết 116" is not
        if not has_so and _YEAR.fullmatch(number):
            continue  # "Luật 2013": a year, not a number
        nxt = (nxt or "").strip().casefold()
        if not has_so and nxt and (nxt in t.not_after_number or nxt.split(" ")[0] in t.not_after_number):
            continue  # "Kế hoạch 5 năm"; after "số" the number names a document
        mention = Mention(text=text[start:end], start=start, end=end, rule="directives.short")
        shorts.append((mention, word.kind, number, int(written_year) if written_year else None))

    foreign: set[tuple[str, str]] | None = None  # (read only when a short reference is unlinked)
    for mention, kind, number, year in shorts:
        target = _link(list(docs.values()), mention.start, kind, number, year)
        if target is None:
            if foreign is None:
                foreign = {
                    (other_kind, _number_key(other_number))
                    for other, other_kind, other_number, _ in shorts
                    if _near_foreign(text, other.start, other.end)
                }
            if (kind, _number_key(number)) in foreign:
                continue  # "Nghị quyết 1244" of the Security Council
            code = f"{kind} {number}"
            key = "short:" + code_key(code).casefold()
            target = docs.get(key)
            if target is None:
                target = _Doc(code, key, kind, number, None, year, mention, "directives.short")
                docs[key] = target
        target.mentions.append(mention)
        if target.issuer is None or target.issued is None:
            _enrich(target, text, mention.end)

    out: list[Span] = []
    for doc in docs.values():
        doc.mentions.sort(key=lambda x: x.start)
        issuer = doc.issuer
        if issuer is None and doc.issuer_code is not None:
            issuer = t.issuer_names.get(_TRAILING_DIGITS.sub("", doc.issuer_code)) or None
        out.append(
            Directive(
                text=doc.first.text,
                start=doc.first.start,
                end=doc.first.end,
                rule=doc.rule,
                code=doc.code,
                kind=doc.kind,
                number=doc.number,
                issuer_code=doc.issuer_code,
                year=doc.year,
                issued=doc.issued,
                issuer=issuer,
                title=doc.title,
                mentions=doc.mentions,
            )
        )
    out.sort(key=lambda r: (r.start, r.end))
    return out


def _near_foreign(text: str, start: int, end: int) -> bool:
    """Whether a foreign or international body is named in the paragraph around a mention."""
    lo = text.rfind("\n", max(0, start - 120), start) + 1 or max(0, start - 120)
    hi = text.find("\n", end, end + 80)
    window = text[lo : hi if hi != -1 else end + 80]
    return patterns().foreign.search(window) is not None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_left(spans, (end, end))
    return i > 0 and spans[i - 1][1] > start


def _link(docs: list[_Doc], at: int, kind: str, number: str, year: int | None) -> _Doc | None:
    """The full document a short reference stands for: same type and number, nearest before."""
    key = _number_key(number)
    candidates = [
        d
        for d in docs
        if not d.key.startswith("short:")
        and _number_key(d.number) == key
        and (d.kind == kind or d.kind is None)
        and (year is None or d.year is None or d.year == year)
    ]
    if not candidates:
        return None
    before = [d for d in candidates if d.first.start < at]
    if before:
        return max(before, key=lambda d: d.first.start)
    return min(candidates, key=lambda d: d.first.start)
