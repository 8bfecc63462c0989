"""Organisations: a grammar of Vietnamese organisation names.

A name is ``HEAD COMPLEMENT* [ADMINISTRATIVE SUFFIX]`` (``data/organisations.yaml``):

- the HEAD is a head noun ("Bộ", "Ủy ban nhân dân", "Ngân hàng", "Tỉnh ủy") or an acronym
  of ``data/acronyms.tsv`` ("UBND", "NHCSXH");
- the COMPLEMENT is a run of capitalised words, where a capitalised syllable carries the
  lowercase syllables that make it a dictionary word ("Tài chính", "Y tế"; the dictionary
  is underthesea's Viet74K word list), acronyms ("GD&ĐT"), further heads ("Ban Thường vụ
  Tỉnh ủy"), place names, and the lowercase domain words of the data ("Ngân hàng Chính
  sách xã hội"); "và", commas and hyphens join parts only where a name goes on after them
  ("Bộ Văn hóa, Thể thao và Du lịch");
- the SUFFIX is an administrative word with or without its place ("tỉnh Hưng Yên", "TP.HCM",
  "tỉnh").

Capital letters do not mark the boundaries; a following person's name ("Sở Tài chính Nguyễn
Văn A"), a title, a verb or punctuation does.  An acronym defined in brackets after a name
("Tổ chức Thương mại Thế giới (WTO)") names that body wherever it recurs in the document.

>>> from vnextract.context import Context
>>> text = ("Giám đốc Sở Tài chính Nguyễn Văn An làm việc với Ngân hàng Chính sách xã hội "
...         "và UBND tỉnh Hưng Yên. UBND tỉnh đề nghị Bộ Văn hóa, Thể thao và Du lịch hỗ trợ.")
>>> for o in find_organisations(Context(text=text, published=None)):
...     print(o.name, "|", o.kind, "|", o.expansion, "|", o.place)
Sở Tài chính | state | None | None
Ngân hàng Chính sách xã hội | bank | None | None
UBND tỉnh Hưng Yên | state | Ủy ban nhân dân tỉnh Hưng Yên | Hưng Yên
UBND tỉnh | state | Ủy ban nhân dân tỉnh | Hưng Yên
Bộ Văn hóa, Thể thao và Du lịch | state | None | None
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import re
import regex
import threading
import yaml

from ..context import Context
from ..normalize.tone import place_tones
from ..schema import Organisation, OrganisationKind
from .locations import PROVINCE_CITIES, Place, find_at, gazetteer, longest_place, place_at
from .names import surnames as family_names

__all__ = ["find_organisations", "Head", "grammar"]

MAX_PARTS = 12
"""Most complement parts one name may take (bounds the walk)."""

MAX_INNER = 4
"""Most names inside one name that are read as names of their own."""


@dataclass(frozen=True)
class Head:
    """A head noun or acronym that starts a name."""

    head: str
    kind: OrganisationKind | None
    alone: bool = False
    lower: bool = False
    joins: bool = False
    numbered: bool = False
    level: str | None = None  # "tỉnh": a bare mention names the text's province
    about: bool = False  # "về" may open the complement ("Ban Chỉ đạo về ...")
    unit: bool = False  # a name with a bare unit word ("Công an tỉnh")
    expansion: str | None = None  # for acronyms


@dataclass
class Grammar:
    """The organisation grammar, composed once from the data files."""

    heads: dict[str, Head]  # key: casefolded head
    acronyms: dict[str, Head]  # key: acronym as written
    complement_words: frozenset[str]
    medial_words: frozenset[str]
    first_syllables: frozenset[str]  # of complement and medial words: a quick test
    complement_len: dict[str, int]  # first syllable -> most words of a complement word
    joining_words: frozenset[str]
    admin_words: frozenset[str]
    city_abbreviations: tuple[str, ...]
    stop_capitalised: frozenset[str]
    surnames: frozenset[str]  # casefolded, data/surnames.txt
    common_surnames: frozenset[str]  # as written: a person even before a dictionary word
    plural_words: frozenset[str]
    plural_last_words: frozenset[str]
    generic_after: tuple[str, ...]
    named_after_people: frozenset[str]  # kinds of heads
    of_heads: frozenset[str]  # casefolded heads
    part_heads: frozenset[str]  # casefolded heads
    after_place_words: frozenset[str]
    dictionary: frozenset[str]
    head_re: regex.Pattern[str] = field(repr=False)
    head_starts: re.Pattern[str] = field(repr=False)  # where head_re may match: a quick scan
    capital_starts: re.Pattern[str] = field(repr=False)  # the same, of those not lowercase
    lower_starts: tuple[tuple[str, re.Pattern[str]], ...] = field(repr=False)
    # (first syllable, the rest) of the lowercase heads ("ngân hàng"): see _head_matches()


def _data(name: str) -> str:
    return resources.files("vnextract.data").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return " ".join(place_tones(text, "new").casefold().split())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Vietnamese words of 2-3 syllables from underthesea's Viet74K list (empty if absent)."""
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text("utf-8").splitlines():
        n = line.count(" ")
        if 1 <= n <= 2:  # (not through the cached _key: 55,000 words would flush it)
            words.add(" ".join(place_tones(line, "new").casefold().split()))
    return frozenset(words)


def _atoms(entry: str, escape: Callable[[str], str] = regex.escape) -> list[str]:
    """Regex atoms of a literal head; a space also matches a line break."""
    return [r"[ \n]" if c == " " else escape(c) for c in entry]


def _head_atoms(entry: str, lower: bool, escape: Callable[[str], str] = regex.escape) -> list[str]:
    r"""Regex atoms of a head: each syllable's first letter in either case (the head's
    first letter lowercase only if ``lower``), the other letters as written.

    >>> print("".join(_head_atoms("Ban Chỉ đạo", False)))
    Ban[ \n][Cc]hỉ[ \n][Đđ]ạo
    """
    out: list[str] = []
    for i, c in enumerate(entry):
        if c == " ":
            out.append(r"[ \n]")
        elif (i == 0 and lower) or (i > 0 and entry[i - 1] == " "):
            out.append(f"[{escape(c.upper())}{escape(c.lower())}]")
        else:
            out.append(escape(c))
    return out


def _start_atoms(entry: str, lower: bool) -> list[list[str]]:
    r"""``re`` atoms of a head as :func:`_head_atoms`, one alternative per way of writing
    its first letter (alternatives that start with plain letters let ``re`` skip to them).

    >>> ["".join(a) for a in _start_atoms("bộ", True)]
    ['Bộ', 'bộ']
    """
    rest = _head_atoms(entry, lower, re.escape)[1:]
    firsts = sorted({entry[0].upper(), entry[0].lower()}) if lower else [entry[0]]
    return [[re.escape(c), *rest] for c in firsts]


def _trie(alternatives: list[list[str]]) -> str:
    """One regex for many alternatives, factored by common prefix (much faster than a
    flat alternation); longer alternatives are tried first.

    >>> _trie([["a", "b"], ["a"], ["c"]])
    '(?:a(?:b|)|c)'
    """
    root: dict[str, Any] = {}
    for atoms in alternatives:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Load ``data/organisations.yaml`` and ``data/acronyms.tsv`` (once per process)."""
    data: dict[str, Any] = yaml.safe_load(_data("organisations.yaml"))
    heads: dict[str, Head] = {}
    for row in data["heads"]:
        h = Head(
            head=row["head"], kind=row.get("kind"), alone=bool(row.get("alone")),
            lower=bool(row.get("lower")), joins=bool(row.get("joins")),
            numbered=bool(row.get("numbered")), level=row.get("level"),
            about=bool(row.get("about")), unit=bool(row.get("unit")),
        )
        heads[_key(h.head)] = h
    acronyms: dict[str, Head] = {}
    for line in _data("acronyms.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        acr, expansion, kind, alone = (line.split("\t") + ["", "", ""])[:4]
        acronyms[acr.strip()] = Head(
            head=acr.strip(), kind=kind.strip() or None,  # type: ignore[arg-type]
            alone=alone.strip() == "yes", expansion=expansion.strip(),
        )
    parts = sorted(heads.values(), key=lambda h: len(h.head), reverse=True)
    alternatives = [_head_atoms(h.head, h.lower) for h in parts]
    alternatives += [_atoms(h.head.upper()) for h in parts]  # "CHÍNH PHỦ"
    alternatives += [_atoms(a) for a in acronyms if acronyms[a].alone]  # "UBND"
    starts = [a for h in parts for a in _start_atoms(h.head, h.lower)]
    starts += [_atoms(h.head.upper(), re.escape) for h in parts]
    starts += [_atoms(a, re.escape) for a in acronyms if acronyms[a].alone]
    # one prefix-factored alternation between word boundaries is several times faster
    # than named groups per kind; _branch() tells the kinds apart afterwards
    head_re = regex.compile(
        rf"""
        \b(?<![&.-])                   # starts a word, not inside "GD&ĐT" or "TP.HCM"
        {_trie(alternatives)}          # a head noun, a head in capitals, or an acronym
        \b(?![&-]\w)                   # ends a word
        """,
        regex.VERBOSE,
    )
    return Grammar(
        heads=heads,
        acronyms=acronyms,
        complement_words=frozenset(_key(w) for w in data["complement_words"]),
        medial_words=frozenset(_key(w) for w in data["medial_words"]),
        first_syllables=frozenset(
            _key(w).split(" ")[0].rstrip(",")
            for w in data["complement_words"] + data["medial_words"]
        ),
        complement_len=_longest(data["complement_words"]),
        joining_words=frozenset(_key(w) for w in data["joining_words"]),
        admin_words=frozenset(data["admin_words"]),
        city_abbreviations=tuple(sorted(data["city_abbreviations"], key=len, reverse=True)),
        stop_capitalised=frozenset(_key(w) for w in data["stop_capitalised"]),
        surnames=family_names() - {_key(w) for w in data["not_surnames"]},
        common_surnames=frozenset(data["person_surnames"]),
        plural_words=frozenset(data["plural_words"]),
        plural_last_words=frozenset(w.split(" ")[-1] for w in data["plural_words"]),
        generic_after=tuple(data["generic_after"]),
        named_after_people=frozenset(data["named_after_people"]),
        of_heads=frozenset(_key(h) for h in data["of_heads"]),
        part_heads=frozenset(_key(h) for h in data["part_heads"]),
        after_place_words=frozenset(_key(h) for h in data["after_place_words"]),
        dictionary=_dictionary(),
        head_re=head_re,
        head_starts=re.compile(_trie(starts)),
        capital_starts=re.compile(_trie([a for a in starts if not a[0].islower()])),
        lower_starts=_lower_starts([a for a in starts if a[0].islower()]),
    )


def _lower_starts(alternatives: list[list[str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    r"""The ``re`` atoms of lowercase heads grouped by first syllable: (the syllable, the
    pattern of the group).

    >>> [(s, p.pattern) for s, p in _lower_starts([["b", "a", "n"], ["b", "a", "n", r"[ \n]", "[Xx]"]])]
    [('ban', 'ban(?:[ \\n][Xx]|)')]
    """
    groups: dict[str, list[list[str]]] = {}
    for atoms in alternatives:
        n = atoms.index(r"[ \n]") if r"[ \n]" in atoms else len(atoms)
        syllable = "".join(a[-1] for a in atoms[:n])  # (re.escape()d letters: as written)
        groups.setdefault(syllable, []).append(atoms)
    return tuple((syllable, re.compile(_trie(g))) for syllable, g in groups.items())


def _longest(words: list[str]) -> dict[str, int]:
    """First syllable -> the most words of the ``words`` that start with it.

    >>> _longest(["tài chính", "tài nguyên môi trường", "phòng, chống"])
    {'tài': 4, 'phòng': 2}
    """
    out: dict[str, int] = {}
    for w in words:
        parts = _key(w).split(" ")
        first = parts[0].rstrip(",")
        out[first] = max(out.get(first, 0), len(parts))
    return out


# One token after a separator: a space, or one line break (a wrapped line of a legal text).
_TOKEN = regex.compile(
    r"""
    (?P<sep>\ |\ ?&\ |\ -\ |\n(?=\p{Ll})        # a space, "&", " - ", a break before lowercase
      |\n(?=Thành\ phố|Tỉnh\ |TP)                # or before a unit word
      |\n(?=(?:TỈNH|THÀNH\ PHỐ|HUYỆN|QUẬN|THỊ\ XÃ|XÃ|PHƯỜNG|ĐẶC\ KHU)\ \p{Lu})
                                                 # or a header's unit line ("ỦY BAN NHÂN DÂN"
                                                 #   then "TỈNH HƯNG YÊN" below it)
      |\n(?=VÀ\ \p{Lu}\p{Lu})                    # or a header in capitals wrapped before "VÀ"
      |(?<=(?:^|\s)(?:và|tỉnh|phố|huyện|quận|xã|phường|trấn))\n(?!\n))  # or after "và", "tỉnh"
    (?P<tok>[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+     # a syllable, acronym or number
       (?:[&.-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*+){0,4}+)  # joined parts: "GD&ĐT", "TP.HCM", "Covid-19"
    """,
    regex.VERBOSE,
)
RUN = 5
"""Most tokens one look-ahead reads."""

_WORD_TOKEN = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+(?:[&.-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*+){0,4}+"
"""_TOKEN's token alone: after a space, _TOKEN matches " " and this."""
AHEAD = 8
"""Most tokens one regex call reads ahead (the walk reads ``RUN`` at each step)."""

_SPACED_AHEAD = regex.compile(rf"(?:\ ({_WORD_TOKEN})){{1,{AHEAD}}}")
"""Up to ``AHEAD`` tokens after single spaces: what ``_TOKEN`` reads there, in one match."""
_ACRONYM = regex.compile(r"\p{Lu}[\p{Lu}\p{N}]*+(?:[&-]\p{Lu}[\p{Lu}\p{N}]*+)*+")
_ROMAN = regex.compile(r"[IVXLC]+")
_COMMA_LIST = regex.compile(
    r"""
    ,\ (?:\p{Lu}[\p{L}\p{M}]*+\ ?){1,3}?        # ", Thể thao" (one to three words) ...
    (?:[\p{Ll}\p{M}]+\ )?                       # ... maybe with a lowercase syllable
    và\ \p{Lu}                                  # ... then "và" and a capitalised word
    """,
    regex.VERBOSE,
)
_DEFINITION = regex.compile(r"\ ?\((?P<acr>\p{Lu}[\p{Lu}\p{N}&-]{1,11})(?:\)|[,;]\ )")


def _definition_at(text: str, pos: int) -> regex.Match[str] | None:
    """``_DEFINITION.match(text, pos)``, tried only after a bracket (a quick test)."""
    return _DEFINITION.match(text, pos) if text.startswith(("(", " ("), pos) else None

_COMMA_WORD = regex.compile(r"[\p{L}\p{M}]+, [\p{L}\p{M}]+")  # "phòng, chống"
_TP_JOINED = regex.compile(r"(?:TP|Tp)\.(?=\p{Lu})")  # "TP.Đà Nẵng"
_PREV_WORD = regex.compile(r"([\p{L}\p{M}]+)\ $")  # the word before a position
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_PLACE_MENTION = regex.compile(
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tỉnh ủy|Thành ủy|UBND tỉnh|UBND TP)\ ?"
    r"(?P<name>HCM|\p{Lu}[\p{L}\p{M}]*+(?:\ \p{Lu}[\p{L}\p{M}]*+){0,3})"
)
_PLACE_MENTION_STARTS = re.compile("[Tt]ỉnh|[Tt]hành|TP|UBND")  # where it may match


@dataclass(slots=True)
class _Walk:
    """The state of one name being read."""

    end: int
    parts: int = 0
    capital_parts: int = 0
    place: Place | None = None
    bare_admin: str | None = None
    last: str = "head"
    upper: bool = False
    first: str = ""
    inner: list[int] = field(default_factory=list)
    head_end: int = 0
    defined: int = -1  # where an acronym defined in brackets inside the name starts


def _is_cap(tok: str) -> bool:
    return tok[0].isupper()


def _is_upper(tok: str) -> bool:
    return tok.isupper() and len(tok) > 1


class _Tok:
    """One token of ``_TOKEN``: its separator, its text, where the text starts and ends
    (plain attributes: the walk reads them many times, far faster than ``Match.group``)."""

    __slots__ = ("sep", "tok", "ts", "te")

    def __init__(self, sep: str, tok: str, te: int) -> None:
        self.sep = sep
        self.tok = tok
        self.ts = te - len(tok)  # (the token ends the match)
        self.te = te


_Run = tuple[tuple[_Tok, ...], tuple[str, ...]]


class _DocTokens:
    """Tokens of one document, by position, and runs of them."""

    __slots__ = ("at", "runs", "text")

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.at: dict[int, _Tok | None] = {}
        self.runs: dict[int, _Run] = {}


class _TokenCache(threading.local):
    """The tokens of the document being read (one per thread; the one attribute is read
    once per call: a thread-local's attributes are slow to read)."""

    def __init__(self) -> None:
        self.doc = _DocTokens(None)


_TOKENS = _TokenCache()


def _token_at(text: str, pos: int) -> _Tok | None:
    """The token after ``pos`` (cached per document: the walk looks a few tokens ahead,
    and a name's words are read again by inner names and lists)."""
    doc = _TOKENS.doc
    if doc.text is not text:
        doc = _TOKENS.doc = _DocTokens(text)
    at = doc.at
    tok = at.get(pos, _UNREAD)
    return _read_tokens(text, pos, at) if tok is _UNREAD else tok


_UNREAD = _Tok("", "", 0)
"""What ``_DocTokens.at`` gives for a position not read yet."""


def _read_tokens(text: str, pos: int, at: dict[int, _Tok | None]) -> _Tok | None:
    """Read the token after ``pos`` into ``at``, and in the same regex call the tokens that
    single spaces separate after it (the walk reads them next: one call per few steps)."""
    if text.startswith(" ", pos) and (m := _SPACED_AHEAD.match(text, pos)) is not None:
        for word, end in zip(m.captures(1), m.ends(1)):
            start = end - len(word) - 1  # where its space is
            if start not in at:
                at[start] = _Tok(" ", word, end)
        return at[pos]
    # (every separator of _TOKEN starts with a space, "&" or a line break)
    m = _TOKEN.match(text, pos) if text[pos:pos + 1] in (" ", "&", "\n") else None
    if m is None:
        at[pos] = None
        return None
    sep, word = m.groups()
    tok = at[pos] = _Tok(sep, word, m.end())
    return tok


def _clear_tokens() -> None:
    _TOKENS.doc = _DocTokens(None)


def _run(text: str, pos: int) -> _Run:
    """The tokens (up to ``RUN``) that follow ``pos`` separated by single spaces/breaks,
    and their words (cached per document: the walk reads them at each step, inner names
    and lists read them again)."""
    doc = _TOKENS.doc
    if doc.text is not text:
        doc = _TOKENS.doc = _DocTokens(text)
    runs = doc.runs
    run = runs.get(pos)
    if run is not None:
        return run
    at = doc.at
    toks: list[_Tok] = []
    p = pos
    while len(toks) < RUN:  # (each token leads to the next through ``at``)
        tok = at.get(p, _UNREAD)
        if tok is _UNREAD:
            tok = _read_tokens(text, p, at)
        if tok is None:
            break
        toks.append(tok)
        p = tok.te
    run = runs[pos] = (tuple(toks), tuple([t.tok for t in toks]))
    return run


def _tokens(text: str, pos: int, n: int) -> tuple[_Tok, ...]:
    """Up to ``n`` (at most ``RUN``) tokens that follow ``pos``."""
    toks = _run(text, pos)[0]
    return toks if n >= RUN else toks[:n]


def _head_matches(text: str, g: Grammar) -> Iterator[regex.Match[str]]:
    """``g.head_re.finditer(text)``, tried only where a head may start: where
    ``g.capital_starts`` matches (one ``re`` scan for the few letters that begin heads in
    capitals, many times faster than ``regex`` scans for the whole pattern) and where
    ``str.find`` finds the first syllable of a lowercase head (faster still: such a
    scan's letters, "b", "c", "n", "t", are everywhere in Vietnamese text)."""
    lower: list[int] = []
    for syllable, rest in g.lower_starts:
        i = text.find(syllable)
        while i >= 0:
            if rest.match(text, i):
                lower.append(i)
            i = text.find(syllable, i + 1)
    lower.sort()
    search, match = g.capital_starts.search, g.head_re.match
    pos = k = 0
    capital = search(text)
    while True:  # the next head start of either kind, as find_at() goes
        if capital is not None and capital.start() < pos:
            capital = search(text, pos)
        while k < len(lower) and lower[k] < pos:
            k += 1
        if capital is not None and (k == len(lower) or capital.start() < lower[k]):
            at = capital.start()
        elif k < len(lower):
            at = lower[k]
        else:
            return
        m = match(text, at)
        if m is None:
            pos = at + 1
        else:
            yield m
            pos = max(m.end(), at + 1)


def _head_at(text: str, pos: int, g: Grammar) -> regex.Match[str] | None:
    """``g.head_re.match(text, pos)``, tried only where ``g.head_starts`` matches."""
    return g.head_re.match(text, pos) if g.head_starts.match(text, pos) else None


def _walk(text: str, start: int, head_end: int, head: Head, barrier: int,
          upper: bool, restricted: bool = False) -> _Walk:
    """Read the complement and suffix after a head; returns where the name ends.

    ``restricted`` (after an acronym head, "UBND", "NHCSXH"): only heads, known
    acronyms, places and the administrative suffix follow, not free capitalised words
    ("Vietlott MAX 3D" is a product, "NHCSXH Việt Nam" the bank).
    """
    g = grammar()
    w = _Walk(end=head_end, upper=upper, head_end=head_end)
    pos = head_end
    while w.parts < MAX_PARTS:
        if head.about and w.last == "lower" and text.startswith(", ", pos):
            # ", " between two domain words after such a head ("tham nhũng, tiêu cực")
            nxt = _tokens(text, pos + 1, 4)
            if nxt and nxt[0].ts < barrier and not _is_cap(nxt[0].tok) \
                    and _complement_word(text, nxt, g) is not None:
                pos += 1
        toks, words = _run(text, pos)
        if not toks or toks[0].ts >= barrier:
            break
        t0 = words[0]
        cap = _is_cap(t0)
        if toks[0].sep == " - ":
            break  # a hyphen goes on only where _continue_punct says so
        if not w.parts:
            w.first = _first_kind(t0, g)
        # 1. domain words ("xã hội", "phòng, chống", "Kinh tế"): longest first
        if (not cap or t0.istitle()) and not restricted:
            hit = _complement_word(text, toks, g)
            if hit is not None and not cap and w.last == "place" \
                    and _key(text[toks[0].ts:hit]) not in g.after_place_words:
                break  # a lowercase word after a place is the sentence ("Thanh Hóa tư vấn")
            if hit is not None:
                pos = w.end = hit
                w.parts += 1
                w.capital_parts += cap
                w.last = "lower"
                continue
            # 1b. words that go on only when the name does ("quản lý kinh tế")
            hit = _medial_word(text, toks, g)
            if hit is not None:
                pos = w.end = hit
                w.parts += 1
                w.capital_parts += cap
                w.last = "lower"
                continue
        if cap:
            # 2. another head inside the name ("Ban Thường vụ Tỉnh ủy"): an inner name
            hm = _head_at(text, toks[0].ts, g)
            if hm is not None and _key(hm.group(0)) not in g.stop_capitalised \
                    and not (w.parts == 0 and _key(hm.group(0)) == _key(head.head)) \
                    and not (_branch(hm, g.acronyms) == "head" and _is_admin_start(words, g)):
                w.inner.append(toks[0].ts)
                pos = w.end = hm.end()
                w.parts += 1
                w.capital_parts += 1
                inner_head = g.heads.get(_key(hm.group(0)))
                w.last = "numbered" if inner_head is not None and inner_head.numbered else "head"
                continue
        # 3. administrative suffix: ends the name
        if _admin(text, toks, g, w):
            break
        if not cap:
            # 4. joining words: "châu Á"
            if _key(t0) in g.joining_words and len(words) > 1 and _is_cap(words[1]) \
                    and not restricted:
                pos = w.end = toks[1].te
                w.parts += 1
                w.capital_parts += 1
                w.last = "cap"
                continue
            # 5. a number after a numbered head ("Ban Chỉ đạo 138")
            if t0.isdigit() and len(t0) <= 4 and (
                    w.parts == 0 and head.numbered or w.last == "numbered"):
                pos = w.end = toks[0].te
                w.parts += 1
                w.last = "number"
                continue
            # 5b. "về" opening the complement of some heads ("Ban Chỉ đạo về phòng, chống
            # tham nhũng")
            if head.about and len(toks) > 1 and t0 == "về" and w.parts == 0 \
                    and _complement_word(text, toks[1:], g) is not None:
                pos = toks[0].te
                continue
            # 6. "và" joining two parts of one name ("Bộ Kế hoạch và Đầu tư")
            if t0 == "và" and w.parts > 0 and len(toks) > 1 and _joins(text, toks, head, g):
                pos = toks[0].te
                continue
            break
        # 7. acronym ("GD&ĐT", "THADS", "PC67")
        if _is_upper(t0) and _ACRONYM.fullmatch(t0) and not _ROMAN.fullmatch(t0) \
                and _key(t0) not in g.stop_capitalised:
            if restricted and t0 not in g.acronyms:
                break
            pos = w.end = toks[0].te
            w.parts += 1
            w.capital_parts += 1
            w.last = "acronym"
            continue
        # 8. a place ("Việt Nam", "Hà Nội", "Bà Rịa - Vũng Tàu")
        found = place_at(_place_words(toks))
        if found is not None and all(_is_cap(x) for x in words[: found[0]]) and (
                found[0] > 1 or found[1].level in _HIGH_LEVELS):
            pos = w.end = toks[found[0] - 1].te
            if not w.parts:
                w.first = "place"
            w.parts += 1
            w.capital_parts += 1
            w.place = w.place or found[1]
            w.last = "place"
            continue
        # 9. a title, a phrase opener or a person's name ends the name, but a school is
        # named after a person ("Trường THPT Trần Quốc Tuấn"): the name then ends after it
        if _starts_stop(words, g):
            break
        if _starts_person(words, g):
            if head.kind in g.named_after_people and w.parts and \
                    w.last in ("acronym", "head", "lower"):
                k = 1
                while k < min(len(toks), 4) and _is_cap(words[k]) \
                        and toks[k].sep == " " and toks[k].ts < barrier \
                        and not _starts_stop(words[k:], g) \
                        and not (k == 3 and words[k] in g.common_surnames):
                    # (a fourth word that is a common family name begins the next person:
                    # "Trường THPT Chu Văn An Nguyễn Văn B")
                    k += 1
                w.end = toks[k - 1].te
                w.parts += 1
                w.capital_parts += 1
            break
        if restricted:
            break
        # 10. a capitalised word, with the lowercase syllables that make it a word
        pos = w.end = toks[0].te
        w.parts += 1
        w.capital_parts += 1
        w.last = "cap"
        for k in (3, 2):
            if len(words) >= k and not any(_is_cap(x) for x in words[1:k]) \
                    and toks[k - 1].ts < barrier \
                    and _key(" ".join(words[:k])) in g.dictionary:
                pos = w.end = toks[k - 1].te
                w.last = "capword"
                break
    return w


def _first_kind(tok: str, g: Grammar) -> str:
    """"cap" for a capitalised word or a part-acronym ("TNHH": lowercase expansion), or an
    acronym of no known body ("VTC"); "other" for the rest ("ĐH", lowercase words)."""
    if not _is_cap(tok):
        return "other"
    if not _is_upper(tok):
        return "cap"
    known = g.acronyms.get(tok)
    if known is None or (known.expansion or "x")[0].islower():
        return "cap"
    return "other"


_HIGH_LEVELS = frozenset({"province", "city", "country", "region"})


def _is_admin_start(words: Sequence[str], g: Grammar) -> bool:
    """A capitalised administrative word with its place ("Tỉnh Hưng Yên", not "Tỉnh ủy")."""
    return words[0] in g.admin_words and len(words) > 1 and _is_cap(words[1])


def _joins(text: str, toks: Sequence[_Tok], head: Head, g: Grammar) -> bool:
    """Does "và" at ``toks[0]`` join two parts of one name?"""
    words = [t.tok for t in toks]
    nxt = words[1]
    if _head_at(text, toks[1].ts, g) is not None:
        return head.joins and _is_cap(nxt)  # "Văn phòng HĐND và UBND"
    if _is_cap(nxt):
        if _foreign(nxt, g) or _foreign(_word_before(text, toks[0].ts), g):
            return False  # "Tập đoàn Airbus và EDF": two companies
        return not (_starts_stop(words[1:], g) or _starts_person(words[1:], g))
    return _complement_word(text, toks[1:], g) is not None


def _continue_punct(text: str, w: _Walk, head: Head) -> int | None:
    """Position after a ", X ... và" list or a " - " that the name goes on through."""
    pos = w.end
    if w.parts == 0:
        return None
    g = grammar()
    if text.startswith(", ", pos) and _COMMA_LIST.match(text, pos):
        nxt = _token_at(text, pos + 1)
        if nxt is not None and _head_at(text, nxt.ts, g) is None \
                and not _foreign(nxt.tok, g) \
                and not _foreign(_word_before(text, pos + 1), g):
            return pos + 1
    for dash in (" - ", "-"):
        if text.startswith(dash, pos):
            nxt = _token_at(text, pos + len(dash) - 1) if dash == " - " else None
            if nxt is not None and _is_cap(nxt.tok) \
                    and _head_at(text, nxt.ts, g) is None:
                return pos + len(dash) - 1
    return None


_LAST_WORD = regex.compile(r"[\p{L}\p{M}\p{N}&.-]+[ ,]?$")


def _word_before(text: str, pos: int) -> str:
    """The word that ends just before ``pos`` (a space or comma between)."""
    m = _LAST_WORD.search(text, max(0, pos - 24), pos)
    return m.group(0).rstrip(" ,") if m is not None else ""


def _foreign(tok: str, g: Grammar) -> bool:
    """A word that names a body by itself or is not Vietnamese-looking: an acronym of a
    body ("EDF"), a company name with capitals inside ("TotalEnergies"); such words are
    listed, not joined into one name by "và" or commas."""
    if not tok:
        return False
    known = g.acronyms.get(tok)
    if known is not None:
        return known.alone
    return any(c.isupper() for c in tok[1:]) and not tok.isupper()


def _place_words(toks: Sequence[_Tok]) -> list[str]:
    """Words for a gazetteer lookup, " - " kept: "Bà Rịa - Vũng Tàu"."""
    out: list[str] = []
    for i, t in enumerate(toks):
        if i and t.sep == " - ":
            out[-1] += " -"
        out.append(t.tok)
    return out




def _complement_word(text: str, toks: Sequence[_Tok], g: Grammar) -> int | None:
    """End of the longest lowercase complement word at ``toks[0]``, or None."""
    if not toks:
        return None
    first = toks[0].tok
    if first[0].isupper() and not first.istitle():
        return None
    key = _key(first)
    if key not in g.first_syllables:
        return None
    # "phòng, chống": a comma inside the word
    start = toks[0].ts
    longest = g.complement_len.get(key, 0)  # (n tokens make n words or more)
    for n in (4, 3, 2, 1):
        if len(toks) < n or n > longest:
            continue
        end = toks[n - 1].te
        if _key(text[start:end]) in g.complement_words and not any(
            _is_cap(t.tok) for t in toks[1:n]
        ):
            return end
    m = _COMMA_WORD.match(text, start)
    if m is not None and _key(m.group(0)) in g.complement_words:
        return m.end()
    return None


def _medial_word(text: str, toks: Sequence[_Tok], g: Grammar) -> int | None:
    """End of a medial word at ``toks[0]`` when a complement word or a capitalised word
    follows it, else None."""
    if _key(toks[0].tok) not in g.first_syllables:
        return None
    for n in (2, 1):
        if len(toks) <= n:
            continue
        if _key(" ".join(t.tok for t in toks[:n])) not in g.medial_words:
            continue
        nxt = toks[n].tok
        if _complement_word(text, toks[n:], g) is not None or (
                _is_cap(nxt) and not _starts_stop([nxt], g)
                and not _starts_person([t.tok for t in toks[n:]], g)):
            return toks[n - 1].te
    return None


def _admin(text: str, toks: Sequence[_Tok], g: Grammar, w: _Walk) -> bool:
    """Read an administrative suffix at ``toks[0]`` into ``w``; True if there was one."""
    start = toks[0].ts
    abbreviations = g.city_abbreviations
    for abbr in abbreviations if text.startswith(abbreviations, start) else ():
        if text.startswith(abbr, start) and not _word_char(text, start + len(abbr)):
            w.end = start + len(abbr)
            w.place = gazetteer().get("hồ chí minh")
            w.parts += 1
            return True
    word = toks[0].tok
    n_word = 1
    if len(toks) > 1 and f"{word} {toks[1].tok}" in g.admin_words:
        word, n_word = f"{word} {toks[1].tok}", 2
    elif word not in g.admin_words:
        # "TP.Đà Nẵng": the abbreviation written together with the place
        m = _TP_JOINED.match(word) if word.startswith(("TP.", "Tp.")) else None
        if m is None:
            return False
        rest = [word[m.end():]] + [t.tok for t in toks[1:]]
        found = place_at(rest)
        n = found[0] if found else 1
        w.end = toks[n - 1].te
        w.place = found[1] if found else None
        w.parts += 1
        return True
    after = [t.tok for t in toks[n_word:]]
    end_word = toks[n_word - 1].te
    abbreviated = word in _CITY_ABBREVIATIONS  # (capitals by nature, not a capitalised word)
    if abbreviated and text.startswith(". ", end_word):  # "TP. Huế"
        more = _run(text, end_word + 1)[0]
        found = place_at([t.tok for t in more]) if more else None
        if found is not None:
            w.end = more[found[0] - 1].te
            w.place = found[1]
            w.parts += 1
            return True
    if after and _is_cap(after[0]) and not (word == "Tỉnh" or word == "Thành phố"
                                            or word[0].isupper() and w.upper and not abbreviated):
        found = place_at(after)
        if found is not None:
            w.end = toks[n_word + found[0] - 1].te
            w.place = found[1]
            w.parts += 1
            return True
        if after[0] == "HCM":
            w.end = toks[n_word].te
            w.parts += 1
            return True
        if not _starts_person(after, g) and not _starts_stop(after, g):
            k = 0
            while k < min(len(after), 3) and _is_cap(after[k]) and not _starts_person(
                    after[k:], g) and _key(after[k]) not in g.stop_capitalised:
                k += 1
            if k:
                w.end = toks[n_word + k - 1].te
                w.parts += 1
                return True
    if word[0].isupper() and word not in ("Thành phố", "Tỉnh") and not abbreviated:
        return False  # "Quận" etc. capitalised without a place: not a suffix
    # a bare administrative word: "UBND tỉnh", "HĐND Thành phố"
    if after and after[0].isdigit():
        w.end = toks[n_word].te
        w.parts += 1
        return True
    w.end = end_word
    w.bare_admin = "tp" if abbreviated else word.casefold()
    w.parts += 1
    return True


_CITY_ABBREVIATIONS = frozenset({"TP", "TP.", "Tp."})
"""The abbreviations of "thành phố" among the administrative words."""


def _word_char(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalnum())


def _starts_stop(words: Sequence[str], g: Grammar) -> bool:
    for n in (3, 2, 1):
        if len(words) >= n and _key(" ".join(words[:n])) in g.stop_capitalised:
            return True
    return False


def _starts_person(words: Sequence[str], g: Grammar) -> bool:
    """A family name followed by more capitalised syllables that are not a place."""
    if len(words) < 2 or not _is_cap(words[1]) or _is_upper(words[0]) \
            or words[0].casefold() not in g.surnames:
        return False
    if words[0] not in g.common_surnames and _key(f"{words[0]} {words[1]}") in g.dictionary:
        return False  # "Văn Hóa", "Y Tế": a word written with capitals, not a person
    found = place_at(words)
    return found is None or found[0] < 2


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    head: Head
    walk: _Walk
    rule: str


def _branch(m: regex.Match[str], acronyms: dict[str, Head]) -> str:
    """What a head match is: "acr" (an acronym that names a body by itself), "upper" (a
    head written in capitals) or "head"."""
    surface = m.group(0)
    if surface in acronyms and acronyms[surface].alone:
        return "acr"
    if len(surface) > 1 and surface.isupper():
        return "upper"
    return "head"


_CAPS_BEFORE = regex.compile(r"[\p{Lu}\p{M}]\ $")  # a word in capitals just before


def _head_of(text: str, m: regex.Match[str],
             heads: dict[str, Head]) -> tuple[Head, bool, bool] | None:
    """(head, written in capitals, restricted) of a head match, or None if it is none."""
    g = grammar()
    surface = m.group(0)
    if heads is not g.heads:  # learned acronyms
        return heads[surface], False, True
    branch = _branch(m, g.acronyms)
    if branch == "acr":
        return g.acronyms[surface], False, True
    if branch == "upper" and " " not in surface and \
            _CAPS_BEFORE.search(text, max(0, m.start() - 2), m.start()):
        return None  # a one-word head inside a line of capitals ("XÃ HỘI")
    head = g.heads.get(_key(surface))
    if head is None:
        return None
    return head, branch == "upper", False


def _read(text: str, m: regex.Match[str], heads: dict[str, Head],
          barriers: list[tuple[int, int]], rule: str) -> _Found | None:
    """The name that starts with head match ``m``, or None if it is not a name."""
    g = grammar()
    start, surface = m.start(), m.group(0)
    got = _head_of(text, m, heads)
    if got is None:
        return None
    head, upper, restricted = got
    lower = surface[0].islower()
    if lower and _lower_blocked(text, start, g):
        return None
    if lower and not head.about and not _after_title(text, start):
        first = _token_at(text, m.end())
        if first is None or not _is_cap(first.tok):
            return None  # (a quick test: a lowercase head needs a capitalised first part)
    if _inside_place(text, start) or (" " not in surface and _starts_place(text, m)):
        return None  # "Ban" in "Tây Ban Nha", "Bộ" in "Nam Bộ", "Hội An", "Trường Sa"
    i = bisect_left(barriers, (m.end(), -1))  # the first person or code after the head
    barrier = barriers[i][0] if i < len(barriers) else len(text)
    w = _walk(text, start, m.end(), head, barrier, upper, restricted)
    # go on through ", X và Y" lists and " - " hyphens inside the name
    for _ in range(4):
        nxt = _continue_punct(text, w, head)
        if nxt is None:
            break
        w2 = _walk(text, start, nxt, head, barrier, upper, restricted)
        if w2.end <= nxt:
            break
        w2.parts += w.parts
        w2.capital_parts += w.capital_parts
        w2.place = w.place or w2.place
        w2.inner = w.inner + w2.inner
        w2.first = w.first
        w = w2
    # an acronym in brackets before the suffix: "Trung tâm Kiểm soát bệnh tật (CDC) tỉnh X"
    d = _definition_at(text, w.end) if w.parts and w.place is None else None
    if d is not None and d.group(0).endswith(")"):
        after = _tokens(text, d.end(), 5)
        w2 = replace(w)
        if after and after[0].sep == " " and after[0].ts < barrier \
                and after[0].tok in g.admin_words and _admin(text, after, g, w2):
            w2.defined = d.start("acr")
            w = w2
    if not head.alone and w.parts == 0:
        return None
    if w.parts == 0 and _before_plural(text, w.end, g):
        return None  # "UBND các huyện": every such body, not one
    if (lower or head.alone or w.capital_parts == 0) and _after_plural(text, start, g):
        return None  # "các bệnh viện Nhật Bản", "các Chính phủ": generic, not a name
    if lower and (w.capital_parts == 0 or w.first != "cap" and not _after_title(text, start)):
        return None  # "ngân hàng thương mại", "bộ TTHC": common nouns, not names
    if w.capital_parts == 0 and w.place is None and not head.alone and not _specific(head) \
            and not (w.bare_admin is not None and head.unit):
        return None  # "Báo điện tử", "Tạp chí khoa học": a kind of body, not a name
    if head.level and w.place is None and w.bare_admin is None and w.parts == 0:
        w.bare_admin = head.level  # "Tỉnh ủy": the province of the text
    return _Found(start, w.end, head, w, rule)


_PLURAL_BEFORE = regex.compile(r"([\p{L}\p{M}]+(?:\ [\p{L}\p{M}]+)?)\ $")
_TITLE_BEFORE = regex.compile(r"(?:[Tt]rưởng|[Pp]hó)\ $")


def _after_plural(text: str, start: int, g: Grammar) -> bool:
    """Is the head at ``start`` after a plural word ("các", "những", "một số")?"""
    if start < 2 or text[start - 1] != " ":
        return False
    prev = text[text.rfind(" ", max(0, start - 16), start - 1) + 1:start - 1]
    if prev.isalpha() and prev not in g.plural_last_words:
        return False  # (a quick test: the word before is no plural word's last word)
    m = _PLURAL_BEFORE.search(text, max(0, start - 16), start)
    if m is None:
        return False
    words = m.group(1)
    return words in g.plural_words or words.split(" ")[-1] in g.plural_words


def _before_plural(text: str, end: int, g: Grammar) -> bool:
    """Does a plural word ("UBND các huyện") or words of ``generic_after`` ("HĐND cùng
    cấp", "BHXH tự nguyện") follow ``end``?"""
    nxt = _token_at(text, end)
    if nxt is None or nxt.sep != " ":
        return False
    if nxt.tok in g.plural_words:
        return True
    return any(
        text.startswith(words, nxt.ts) and not text[nxt.ts + len(words):][:1].isalpha()
        for words in g.generic_after
    )


def _after_title(text: str, start: int) -> bool:
    """Is a lowercase head the body of a title ("Trưởng ban đại diện HĐQT ...")?"""
    return _TITLE_BEFORE.search(text, max(0, start - 8), start) is not None


def _named_alone(text: str, found: _Found) -> bool:
    """Is a name inside a longer one a name by itself?  Two words or more, and a place,
    an acronym or a head that stands alone ("HĐND tỉnh" in "Ban Pháp chế HĐND tỉnh", not
    "Tổ chức cán bộ" in "Vụ Tổ chức cán bộ")."""
    words = text[found.start:found.end].split()
    if len(words) < 2:
        return False
    w = found.walk
    return (w.place is not None or w.bare_admin is not None or found.head.alone
            or any(_is_upper(x) for x in words[1:]))


def _scan(text: str, matches: Iterable[regex.Match[str]], pattern: regex.Pattern[str],
          heads: dict[str, Head], barriers: list[tuple[int, int]], rule: str) -> list[_Found]:
    """Names whose heads ``matches`` (of ``pattern``) are, and the names inside them."""
    out: list[_Found] = []
    last_end = -1
    starts = [s for s, _e in barriers]
    for m in matches:
        if m.start() < last_end:
            continue
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < barriers[i][1]:
            continue  # inside a person's name or a document code ("1088/VPCP-KTTH")
        found = _read(text, m, heads, barriers, rule)
        if found is None:
            continue
        out.append(found)
        last_end = found.end
        # an inner name is a mention too ("HĐND tỉnh" in "Ban Pháp chế HĐND tỉnh")
        for pos in found.walk.inner[:MAX_INNER]:
            im, inner_heads = pattern.match(text, pos), heads
            if im is None:
                im, inner_heads = _head_at(text, pos, grammar()), grammar().heads
            if im is None:
                continue
            inner = _read(text, im, inner_heads, barriers, rule + ".inner")
            if inner is not None and inner.end <= found.end and _named_alone(text, inner) \
                    and not _continues_head(text, found, inner):
                out.append(inner)
    return out


def _continues_head(text: str, outer: _Found, inner: _Found) -> bool:
    """Is the inner name the rest of the outer one, not a body of its own?  It follows the
    outer head at once and is a dependent name ("Hội" + "Liên hiệp Phụ nữ tỉnh",
    "Vietcombank" + "Chi nhánh Trà Vinh"), or follows a bare "Ủy ban" ("Ủy ban" + "MTTQ
    Việt Nam tỉnh"); "Văn phòng" + "UBND tỉnh" keeps both (``of_heads`` and ``part_heads``
    of the data)."""
    if text[outer.walk.head_end:inner.start].strip():
        return False
    g = grammar()
    return _key(outer.head.head) in g.of_heads or _key(inner.head.head) in g.part_heads


def _specific(head: Head) -> bool:
    """A head that names one kind of body by itself ("Ban Chỉ đạo", "Cục Thuế"): more than
    one word, a later one capitalised."""
    return any(_is_cap(x) for x in head.head.split()[1:])


_PREV_CAPS = regex.compile(r"(?:\p{Lu}[\p{L}\p{M}]*+\ ){1,2}$")  # capitalised words before


def _inside_place(text: str, start: int) -> bool:
    """Is the head at ``start`` the inside of a place name ("Tây Ban Nha", "Nam Bộ")?"""
    if start < 2 or text[start - 1] != " ":
        return False
    prev = text[text.rfind(" ", max(0, start - 40), start - 1) + 1:start - 1]
    if prev.islower() or not any(c.isupper() for c in prev):
        return False  # (a quick test: _PREV_CAPS ends with a capitalised word)
    m = _PREV_CAPS.search(text, max(0, start - 30), start)
    if m is None:
        return False
    before = m.group(0).split()
    if all(longest_place(before[-k]) <= k for k in range(1, len(before) + 1)):
        return False  # (a quick test: no place of more words starts with one of them)
    after = [t.tok for t in _tokens(text, start - 1, 3)] if start else []
    for k in range(1, len(before) + 1):
        found = place_at(before[-k:] + after)
        if found is not None and found[0] > k and found[1].level in _HIGH_LEVELS:
            return True
    return False


def _starts_place(text: str, m: regex.Match[str]) -> bool:
    """Does a one-word head begin a place name ("Hội An", "Trường Sa")?"""
    if longest_place(m.group(0)) < 2:
        return False  # (a quick test: no place of two words or more starts with it)
    nxt = _token_at(text, m.end())
    if nxt is None or not _is_cap(nxt.tok):
        return False
    words = [m.group(0)] + [t.tok for t in _tokens(text, m.end(), 3)]
    if len(words) < 2 or not _is_cap(words[1]):
        return False
    found = place_at(words)
    return found is not None and found[0] > 1


def _lower_blocked(text: str, start: int, g: Grammar) -> bool:
    """A lowercase head that is the end of a word ("cán bộ", "toàn bộ")."""
    m = _PREV_WORD.search(text, max(0, start - 20), start)
    if m is None:
        return False
    prev = m.group(1)
    first = _WORD.match(text, start)
    if first is None:
        return False
    if prev.casefold() in ("trưởng", "phó"):
        return False  # "Trưởng ban Kinh tế": the body of a title
    return _key(f"{prev} {first.group(0)}") in g.dictionary


@lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...]) -> regex.Pattern[str]:
    """A pattern for any of ``words`` as whole words (compiled once per set of words)."""
    alts = "|".join(regex.escape(w) for w in words)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alts})(?![\p{{L}}\p{{N}}])")


def _dominant_place(text: str) -> Place | None:
    """The province or city the text is about: the one it names most after a unit word."""
    counts: Counter[str] = Counter()
    places: dict[str, Place] = {}
    for m in find_at(_PLACE_MENTION, _PLACE_MENTION_STARTS, text):
        found = place_at(m.group("name").split())
        if found is not None and found[1].level in ("province", "city"):
            counts[found[1].name] += 1
            places[found[1].name] = found[1]
    if not counts:
        return None
    name, _n = counts.most_common(1)[0]
    return places[name]


def _expand(name: str, g: Grammar, learned: dict[str, str]) -> tuple[str | None, str | None]:
    """(first acronym used, the name with its acronyms expanded) or (None, None)."""
    words = name.split(" ")
    if g.acronyms.keys().isdisjoint(words) and learned.keys().isdisjoint(words):
        return None, None  # (a quick test: no word is an acronym)
    acronym: str | None = None
    out: list[str] = []
    changed = False
    for tok in words:
        hit = g.acronyms.get(tok)
        expansion = hit.expansion if hit is not None else learned.get(tok)
        if expansion:
            acronym = acronym or tok
            out.append(expansion)
            changed = True
        else:
            out.append(tok)
    return (acronym, " ".join(out)) if changed else (None, None)


def _kind(found: _Found) -> OrganisationKind | None:
    kind = found.head.kind
    place = found.walk.place
    if place is not None and place.level == "country" and place.name != "Việt Nam" \
            and kind in ("state", "legislature", "military", "police", "court", None):
        return "foreign"
    return kind


def find_organisations(ctx: Context) -> list[Organisation]:
    """Every organisation mention of ``ctx.text`` (one record per mention).

    >>> from vnextract.context import Context
    >>> ctx = Context(text="Theo Tổ chức Thương mại Thế giới (WTO), WTO có 166 thành viên.",
    ...               published=None)
    >>> [(o.name, o.acronym) for o in find_organisations(ctx)]
    [('Tổ chức Thương mại Thế giới', None), ('WTO', 'WTO'), ('WTO', 'WTO')]
    """
    text = ctx.text
    g = grammar()
    barriers = _person_spans(ctx)
    found = _scan(text, _head_matches(text, g), g.head_re, g.heads, barriers,
                  "organisations.grammar")
    # acronyms defined in brackets after a name name that body where they recur
    learned: dict[str, str] = {}
    for f in found:
        d = _definition_at(text, f.end)
        if d is not None and d.group("acr") not in g.acronyms:
            learned.setdefault(d.group("acr"), " ".join(text[f.start:f.end].split()))
        if f.walk.defined >= 0:  # "Trung tâm Kiểm soát bệnh tật (CDC) tỉnh X"
            m = _ACRONYM.match(text, f.walk.defined)
            if m is not None and m.group(0) not in g.acronyms:
                learned.setdefault(m.group(0), " ".join(text[f.start:f.end].split()))
    # an unknown acronym inside a company's name names the company where it recurs alone
    # ("Công ty Cổ phần Xây dựng FLC Faros" ... "vốn điều lệ của FLC")
    for f in found:
        if f.head.kind == "enterprise":
            for tok in text[f.start:f.end].split()[1:]:
                if len(tok) >= 3 and tok.isalpha() and tok.isupper() and tok not in g.acronyms:
                    learned.setdefault(tok, "")
    if learned:
        heads = {a: Head(a, None, alone=True, expansion=e) for a, e in learned.items()}
        pattern = _words_pattern(tuple(sorted(learned, key=len, reverse=True)))
        extra = _scan(text, pattern.finditer(text), pattern, heads, barriers,
                      "organisations.defined_acronym")
        found = [f for f, inside in zip(found, _inside_any(found, extra)) if not inside]
        found += [e for e, inside in zip(extra, _inside_any(extra, found)) if not inside]
        kinds = {" ".join(text[f.start:f.end].split()): f.head.kind for f in found}
        for e in extra:
            e.head = replace(e.head, kind=kinds.get(learned.get(e.head.head, "")))
    found.sort(key=lambda f: f.start)
    dominant: Place | None = None
    dominant_done = False
    out: list[Organisation] = []
    for f in found:
        surface = text[f.start:f.end]
        name = " ".join(surface.split())
        acronym, expansion = _expand(name, g, learned)
        place = f.walk.place
        place_name = place.name if place is not None and place.level != "country" else None
        if place_name is None and f.walk.bare_admin in ("tỉnh", "thành phố", "tp"):
            if not dominant_done:
                dominant, dominant_done = _dominant_place(text), True
            if dominant is not None and (
                (f.walk.bare_admin == "tỉnh") == (dominant.name not in PROVINCE_CITIES)
            ):
                place_name = dominant.name
        # (the validated constructor: measured faster than model_construct, which is
        # pure Python)
        out.append(Organisation(
            text=surface, start=f.start, end=f.end, rule=f.rule, name=name,
            acronym=acronym, expansion=expansion, kind=_kind(f), place=place_name,
        ))
    _clear_tokens()
    return out


def _inside_any(spans: Sequence[_Found], boxes: Sequence[_Found]) -> list[bool]:
    """For each span, whether one of ``boxes`` holds it (in O(n log n): a long text has
    thousands of both).

    >>> f = lambda s, e: _Found(s, e, None, None, "")
    >>> _inside_any([f(2, 4), f(5, 9), f(0, 1)], [f(1, 6), f(0, 3)])
    [True, False, True]
    """
    ordered = sorted((b.start, b.end) for b in boxes)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far
    out = []
    for span in spans:
        i = bisect_right(starts, span.start)
        out.append(i > 0 and reach[i - 1] >= span.end)
    return out


def _person_spans(ctx: Context) -> list[tuple[int, int]]:
    """Spans of officials' name mentions and of document numbers: a name never runs into
    a person, and "VPCP" inside "1088/VPCP-KTTH" is a part of a code, not a mention."""
    spans: list[tuple[int, int]] = []
    for rec in ctx.found_of("officials"):
        for mention in getattr(rec, "mentions", []) or []:
            spans.append((mention.start, mention.end))
    for rec in ctx.found_of("directives"):
        spans.append((rec.start, rec.end))
        for mention in getattr(rec, "mentions", []) or []:
            spans.append((mention.start, mention.end))
    return sorted(spans)
