"""Officials: people named together with one or more titles, each split into role and body.

Rule-based and fast.  The vocabulary lives in ``data/titles.yaml`` (roles, modifiers,
ranks, honorifics, academic prefixes, the lower-case words an organisation name may
hold) and ``data/surnames.txt`` (family names); this module only composes it.

How a text is read:

1. **Tokens.**  Words (``TP.HCM``, ``GD&ĐT``, ``Xê-út`` and ``H.T.P`` stay one token) and
   single punctuation marks, with their offsets into ``ctx.text``.
2. **Names.**  Every maximal run of capitalised words is a candidate; its name is the
   suffix that opens with a family name (``Hà Nội Bùi Thị Minh Hoài`` -> ``Bùi Thị Minh
   Hoài``), 2-5 syllables, or a run of foreign-looking words (``Annegret
   Kramp-Karrenbauer``), or initials after an honorific (``ông H.T.P``).  Known places
   (``tỉnh Hà Giang``, ``thành phố Hồ Chí Minh``), streets, wards, schools and ideas
   (``đường Lê Lợi``, ``tư tưởng Hồ Chí Minh``) are not names.
3. **Titles around a name.**  Leftwards: ``[title ,|kiêm]* title [honorific|academic] NAME``
   where a title is ``ROLE BODY`` and the body runs exactly up to the name.  Rightwards:
   ``NAME , title`` / ``NAME - title`` / ``NAME (title)`` / ``NAME [short verb phrase]
   làm|giữ chức|là title``, the body read greedily by the body grammar (capitalised words,
   acronyms, listed lower-case organisation words; it stops at verbs and punctuation).
   A military or police rank is a title of its own.  ``các bộ trưởng A (...) và B``
   gives the shared title to every name of the list.
4. **Signature blocks.**  An all-caps title line above a name line, skipping ``(Đã ký)``
   and a ``KT.``/``TM.`` line (``KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Văn A``).
5. **One Official per person.**  Mentions of the same name are merged; short mentions
   (``ông Toản``, ``Bộ trưởng Thắng``) are linked to the full name by its last syllable.
   Only people with at least one title are returned.

>>> from vnextract.context import Context
>>> text = ("Dự có Phó Chủ tịch Thường trực UBND tỉnh, Trưởng ban đại diện HĐQT NHCSXH "
...         "tỉnh Nguyễn Lê Huy. Ông Huy cho biết ...")
>>> [o] = find_officials(Context(text=text, published=None))
>>> o.name
'Nguyễn Lê Huy'
>>> [(t.role, t.organisation) for t in o.titles]  # doctest: +NORMALIZE_WHITESPACE
[('Phó Chủ tịch Thường trực', 'UBND tỉnh'),
 ('Trưởng ban', 'Ban đại diện HĐQT NHCSXH tỉnh')]
>>> [m.text for m in o.mentions]
['Nguyễn Lê Huy', 'Huy']
>>> find_officials(Context(text="Đường Lê Lợi, thành phố Hồ Chí Minh.", published=None))
[]
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, count, repeat
from typing import TYPE_CHECKING, Any

import regex
import yaml

from ..context import Context
from ..schema import Mention, Official, Title
from .locations import place_at
from .names import surnames as family_names

if TYPE_CHECKING:
    from typing_extensions import Self  # (typing.Self: Python 3.11+)

__all__ = ["find_officials", "Vocabulary", "vocabulary"]


# --------------------------------------------------------------------------- data


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    return _nfc(text).casefold()


@dataclass(frozen=True)
class Vocabulary:
    """The title vocabulary of ``data/titles.yaml`` and the family names, ready to match."""

    roles: dict[str, dict[str, Any]]
    """Folded role -> {"role", "head", "needs_body"}."""
    ranks: frozenset[str]
    surnames: frozenset[str]
    body_words: Phrases
    """Folded lower-case organisation words, as syllable tuples, longest first."""
    body_words_inner: Phrases
    body_of: Phrases
    pronouns: frozenset[str]
    province_starts: frozenset[tuple[str, ...]]
    """The first two syllables of every province of ``data/provinces_2025.tsv``."""
    company_words: frozenset[str]
    """Every syllable of the folded company heads ("công", "ty", "tnhh" ...)."""
    company_heads: Phrases
    countries: frozenset[tuple[str, ...]]
    """Folded country names of ``data/countries.tsv`` ("Tổng thống Pháp Macron")."""
    body_stop: frozenset[str]
    places: Phrases
    people_places: frozenset[tuple[str, ...]]
    """Places named after a person: a place only after a place word."""
    place_words: Phrases
    place_words_soft: Phrases
    not_name_before: Phrases
    honorifics: Phrases
    plural_markers: frozenset[str]
    predicate_gap_stops: Phrases
    not_title_after: frozenset[str]
    signature_prefixes: tuple[str, ...]
    signature_notes: frozenset[str]
    role_re: Any = field(repr=False)
    """Matches a full role with its modifiers (``Phó Chủ tịch Thường trực``)."""
    role_scan_re: Any = field(repr=False)
    """``role_re`` after the non-word character before it (group ``role``); None if a
    role may end with a mark (see :func:`_find_roles`)."""
    prefix_re: Any = field(repr=False)
    """Matches an honorific or academic prefix (``đồng chí``, ``PGS.TS.``)."""
    academic_re: Any = field(repr=False)
    connector_re: Any = field(repr=False)
    predicate_re: Any = field(repr=False)


def _trie(words: Iterable[str]) -> str:
    """A regex for a set of literal lower-case phrases as a prefix tree (fast to scan).

    >>> _trie(["phó", "phó chủ tịch", "phòng"])
    'ph(?:ó(?:\\\\s+chủ\\\\s+tịch)?|òng)'
    """
    tree: dict[str, Any] = {}
    for w in {_nfc(x).lower() for x in words}:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = []
        for ch, sub in sorted(node.items(), reverse=True):
            if ch:
                alts.append((r"\s+" if ch == " " else re.escape(ch)) + build(sub))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(tree)


def _alternation(words: Iterable[str], *, lower: bool = False) -> str:
    """A regex alternation of literal phrases, longest first, spaces as ``\\s+``."""
    parts = sorted({_nfc(w).lower() if lower else _nfc(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in parts)


class Phrases(frozenset[tuple[str, ...]]):
    """Folded phrases as syllable tuples, indexed by their first and last syllable.

    A frozenset itself, so that ``("ông",) in phrases`` costs no Python call.

    >>> p = Phrases(["Đồng chí", "ông"])
    >>> ("ông",) in p, p.by_first["đồng"]
    (True, [('đồng', 'chí')])
    """

    fold: bool
    by_first: dict[str, list[tuple[str, ...]]]
    by_last: dict[str, list[tuple[str, ...]]]

    def __new__(cls, words: Iterable[str], *, fold: bool = True) -> Self:
        self = super().__new__(cls, (tuple((_fold(w) if fold else _nfc(w)).split()) for w in words))
        self.fold = fold
        self.by_first = {}
        self.by_last = {}
        for ph in sorted(self, key=len, reverse=True):
            self.by_first.setdefault(ph[0], []).append(ph)
            self.by_last.setdefault(ph[-1], []).append(ph)
        return self


def _phrases(words: Iterable[str]) -> Phrases:
    return Phrases(words)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load and compile the vocabulary once.

    >>> v = vocabulary()
    >>> v.role_re.fullmatch("phó chủ tịch thường trực") is not None
    True
    >>> "nguyễn" in v.surnames
    True
    """
    base = resources.files("vnextract.data")
    data = yaml.safe_load(base.joinpath("titles.yaml").read_text(encoding="utf-8"))
    surnames = family_names()
    roles: dict[str, dict[str, Any]] = {}
    for entry in data["roles"]:
        spec = {"role": entry} if isinstance(entry, str) else dict(entry)
        spec.setdefault("head", None)
        spec.setdefault("needs_body", False)
        roles[_fold(spec["role"])] = spec
    ranks = [_nfc(r) for r in data["ranks"]]
    # role_re and prefix_re run over the LOWER-CASED text (see _lowered): case-insensitive
    # matching in the regex module is many times slower than this.
    role_words = _trie(r["role"] for r in roles.values())
    # The stdlib ``re`` scans this generated prefix tree about 3x faster than ``regex``
    # does (measured on bench.jsonl.gz); it is a plain alternation, no backtracking risk.
    # Every match opens with the first letter of a rank, a modifier or a role: testing
    # that letter first spares most word starts the whole alternation (~10% faster).
    # Then the first word must be the first word of one of them: one small prefix tree
    # (no groups, no repetition) turns down most other word starts before the three
    # trees below are tried in turn (about half the instructions of the scan).
    starters = [*ranks, *data["pre_modifiers"], *(r["role"] for r in roles.values())]
    openers = {_nfc(w).lower()[0] for w in starters}
    first_words = _trie(_nfc(w).lower().split()[0] for w in starters)
    opener = rf"""(?=[{"".join(map(re.escape, sorted(openers)))}])"""
    role = rf"""
        (?=(?:{first_words})(?!\w))          # the first word of a match
        (?:
          (?P<rank>{_trie(ranks)})           # a rank: a title on its own
        |
          (?:(?:{_trie(data["pre_modifiers"])})\s+){{0,2}}   # Phó, Quyền, Nguyên ...
          (?P<core>{role_words})             # the office itself
          (?:\s+(?:{_trie(data["post_modifiers"])}))?       # Thường trực, Thứ nhất
        )
        (?!\w)                               # end of a word
        """
    role_re = re.compile(rf"{opener} (?<!\w) {role}", re.VERBOSE)  # (?<!\w): a word start
    # The same, opening with the character before the role: a pattern that opens with a
    # set lets sre skip to the next such character in C instead of trying the pattern at
    # every position (see _find_roles).  This finds what role_re finds only while every
    # match ends with a letter (the character after it, not taken, may open the next).
    ends_in_word = all(
        re.search(r"\w\Z", w) for w in [*starters, *data["post_modifiers"], *ranks]
    )
    role_scan_re = (
        re.compile(rf"\W {opener} (?P<role>{role})", re.VERBOSE) if ends_in_word else None
    )
    academic = _alternation(data["academic"])
    prefix_re = re.compile(
        rf"""
        (?<!\w)                              # start of a word
        (?:{_trie(list(data["honorifics"]) + list(data["academic"]))})
        (?!\w)                               # end of a word (a final dot is inside)
        """,
        re.VERBOSE,
    )
    academic_re = regex.compile(
        rf"(?<![\p{{L}}\p{{M}}\d])(?:{academic})(?![\p{{L}}\p{{M}}\d])",
        regex.IGNORECASE | regex.V1,
    )
    connector_re = regex.compile(
        rf"(?:{_alternation(data['connectors'])})(?![\p{{L}}\p{{M}}\d])", regex.IGNORECASE
    )
    predicate_re = regex.compile(
        rf"(?:{_alternation(data['predicates'])})(?![\p{{L}}\p{{M}}\d])", regex.IGNORECASE
    )
    return Vocabulary(
        roles=roles,
        ranks=frozenset(_fold(r) for r in ranks),
        surnames=surnames,
        body_words=_phrases(data["body_words"]),
        body_words_inner=_phrases(data["body_words_inner"]),
        body_of=_phrases(data["body_of"]),
        pronouns=frozenset(_fold(w) for w in data["pronouns"]),
        province_starts=frozenset(
            tuple(_fold(line.split("\t")[0]).split()[:2])
            for line in base.joinpath("provinces_2025.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ),
        company_words=frozenset(w for h in data["company_heads"] for w in _fold(h).split()),
        company_heads=_phrases(data["company_heads"]),
        countries=frozenset(
            tuple(_fold(line.split("\t")[0]).split())
            for line in base.joinpath("countries.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ),
        body_stop=frozenset(_fold(w) for w in data["body_stop"]),
        places=_phrases(data["places"]),
        people_places=frozenset(tuple(_fold(p).split()) for p in data["people_places"]),
        place_words=_phrases(data["place_words"]),
        place_words_soft=_phrases(data["place_words_soft"]),
        not_name_before=Phrases(data["not_name_before"], fold=False),
        honorifics=_phrases(data["honorifics"]),
        plural_markers=frozenset(_fold(w) for w in data["plural_markers"]),
        predicate_gap_stops=_phrases(data["predicate_gap_stops"]),
        not_title_after=frozenset(_fold(w) for w in data["not_title_after"]),
        signature_prefixes=tuple(_nfc(p) for p in data["signature_prefixes"]),
        signature_notes=frozenset(_fold(n) for n in data["signature_notes"]),
        role_re=role_re,
        role_scan_re=role_scan_re,
        prefix_re=prefix_re,
        academic_re=academic_re,
        connector_re=connector_re,
        predicate_re=predicate_re,
    )


_OLD_TONES = re.compile("[ou][àáảãạ]|[oòóỏõọ][aăe]|u[ỳýỷỹỵ]|[ùúủũụ]y")


@lru_cache(maxsize=1)
def words2() -> frozenset[str]:
    """Two-syllable Vietnamese words (folded, new tone style) from underthesea's Viet74K list.

    Tells "Tỉnh ủy", "Kinh tế", "Cộng sản" (one word: the body goes on) from "Hà Nội
    kiểm tra" (a verb starts).  The list ships inside the installed underthesea package
    (read as a file, underthesea is not imported); without it the set is empty and a
    lower-case syllable after a capitalised word is never taken into a body.

    >>> "tỉnh ủy" in words2() or not words2()
    True
    """
    import importlib.util
    from pathlib import Path

    from ..normalize.tone import place_tones

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    for root in spec.submodule_search_locations:
        path = Path(root) / "corpus" / "data" / "Viet74K.txt"
        if path.is_file():
            out = set()
            for line in path.read_text(encoding="utf-8").lower().splitlines():
                if line.count(" ") == 1:
                    word = line.strip()
                    out.add(word)
                    if _OLD_TONES.search(word):
                        out.add(place_tones(word, "new"))  # "tỉnh uỷ" -> "tỉnh ủy"
            return frozenset(out)
    return frozenset()


# --------------------------------------------------------------------------- tokens

# stdlib ``re`` (faster here than ``regex``); the text is NFC, so letters are \w.
_TOKEN_RE = re.compile(
    r"""
    (                                       # the token:
      [\S\n]                                # its first character: a pattern that opens
                                            # with a set lets sre skip the white space
                                            # between tokens in C, not one match a space
      (?:
        (?<=[^\W_])[^\W_]*                  # letters and digits
        (?:['’][^\W\d_]+)?                  # K'Nhiễu, H'Hen
        (?:[.&\-][^\W_]+){0,6}              # TP.HCM, GD&ĐT, Xê-út, H.T.P
      | (?<=\n)[^\S\n]*\n\s*                # a blank line ends a segment (a single
                                            # line break is a space: hard-wrapped text)
      | (?<=[^\s\w]|_)                      # any other mark, one at a time
      )
    )
    """,
    re.VERBOSE,
)
"""A token; what lies between two tokens is white space (a gap) with at most one line
break.  ``_TOKEN_RE.split`` gives gaps and tokens in turn, so that the offsets follow
from the lengths alone (cheaper than ``findall`` with a second group for the gap)."""

_VN_SYLLABLE = regex.compile(
    r"""
    ^(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?+   # onset
    [aăâeêioôơuưy]{1,3}+                                          # nucleus (tones stripped)
    (?:ch|nh|ng|[cmnpt])?+$                                        # coda
    """,
    regex.VERBOSE,
)
_VN_LETTERS = regex.compile(r"[ăâêôơưđ\u0309\u0323]")
"""Letters and marks (hook above, dot below) only Vietnamese spelling uses."""
_FOREIGN_PARTICLES = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "al",
        "de",
        "van",
        "von",
        "der",
        "da",
        "di",
        "du",
        "dos",
        "el",
        "la",
        "le",
    }
)
_INITIALS = regex.compile(r"^(?:\p{Lu}\.){1,4}\p{Lu}\.?$|^(?:\p{Lu}\.){2,4}$")


@dataclass(slots=True)
class Tok:
    """One token of the text."""

    start: int
    end: int
    text: str
    kind: str  # "cap", "upper", "lower", "num", "punct", "nl"
    fold: str
    line_start: bool = False
    """Whether a line break comes before the token (headlines end without a full stop)."""


def _kind_fold(text: str) -> tuple[str, str]:
    """The kind of a token and its case-folded text (a pure function of the text).

    >>> [_kind_fold(t)[0] for t in ["ủy", "Hà", "UBND", "TP.HCM", "12", "3G", ",", "\\n\\n"]]
    ['lower', 'cap', 'upper', 'upper', 'num', 'upper', 'punct', 'nl']
    """
    first = text[0]
    if first.isalnum():  # a word: _TOKEN_RE's words open with a letter or digit
        if text.islower() and not first.isdigit():
            kind = "lower"
        elif first.isupper():
            kind = "upper" if len(text) > 1 and text.isupper() else "cap"
        elif first.isdigit():
            kind = "num" if text.isdigit() else "upper"
        else:
            kind = "lower"
    else:
        kind = "nl" if first.isspace() else "punct"
    return kind, text.casefold()


_KIND_FOLD: dict[str, tuple[str, str]] = {}
"""``_kind_fold`` by token text (a plain dict: a look-up is cheaper than ``lru_cache``'s)."""
_KIND_FOLD_MAX = 200_000
"""The cache is emptied when it grows past this many words (it stays bounded)."""


def _kinds_folds(words: Sequence[str]) -> list[tuple[str, str]]:
    """``_kind_fold`` of each of ``words``, through the cache."""
    cache = _KIND_FOLD
    try:
        return list(map(cache.__getitem__, words))  # the common case: every word known
    except KeyError:
        pass
    if len(cache) > _KIND_FOLD_MAX:
        cache.clear()
    out = []  # (built here, not read back from the shared cache: another thread may clear it)
    for w in words:
        kind_fold = cache.get(w)
        if kind_fold is None:
            kind_fold = cache[w] = _kind_fold(w)
        out.append(kind_fold)
    return out


_Columns = tuple[list[int], list[int], Sequence[str], Sequence[str], Sequence[str], list[bool]]
"""The tokens as (starts, ends, texts, kinds, folds, line_starts): see :class:`Tok`."""


def _columns(text: str, start: int, end: int) -> _Columns:
    """:func:`tokenize` as one list per field (no object per token: the reader's hot spot).

    Every step is a C-level pass over the whole list: one ``split`` for the gaps and
    the tokens in turn, the offsets accumulated from their lengths.
    """
    parts = _TOKEN_RE.split(text[start:end])
    if len(parts) == 1:
        return [], [], (), (), (), []
    words = parts[1::2]
    kinds, folds = zip(*_kinds_folds(words))
    # where each part ends: a gap ends where its token starts (the last part: the
    # white space after the last token)
    bounds = list(accumulate(map(len, parts), initial=start))
    line_starts = list(map(operator.contains, parts[0:-1:2], repeat("\n")))  # a line break before
    return bounds[1:-1:2], bounds[2::2], words, kinds, folds, line_starts


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Words and punctuation marks of ``text[start:end]`` with offsets into ``text``.

    >>> [t.text for t in tokenize("UBND TP.HCM, Bộ GD&ĐT (Xê-út)")]
    ['UBND', 'TP.HCM', ',', 'Bộ', 'GD&ĐT', '(', 'Xê-út', ')']
    >>> [(t.start, t.line_start) for t in tokenize("a\\nb\\n\\nc", 1)]
    [(2, True), (3, False), (5, False)]
    """
    return list(map(Tok, *_columns(text, start, len(text) if end is None else end)))


def _strip_marks(fold: str) -> str:
    decomposed = unicodedata.normalize("NFD", fold)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


_PARTS = regex.compile(r"[-']")


def _foreign(doc: _Doc, k: int) -> bool:
    """Is token ``k`` a capitalised word that is no Vietnamese syllable (``Annegret``,
    ``Kramp-Karrenbauer``)?"""
    if doc.kinds[k] not in ("cap", "upper") or len(doc.texts[k]) < 2:
        return False
    return _foreign_word(doc.folds[k])


@lru_cache(maxsize=65536)
def _foreign_word(fold: str) -> bool:
    if _VN_LETTERS.search(unicodedata.normalize("NFD", fold)):
        return False
    return any(not _VN_SYLLABLE.match(_strip_marks(p)) for p in _PARTS.split(fold) if p)


def _plain_latin(kind: str, fold: str) -> bool:
    """A capitalised word with no Vietnamese marks (``Xi``, ``Kim``, ``Joe``)."""
    return kind == "cap" and fold.isascii()


# --------------------------------------------------------------------------- reading state


@dataclass
class _Doc:
    """The tokens read, as one list per attribute (the ``Tok`` fields): token ``k`` is
    ``texts[k]`` from ``starts[k]`` to ``ends[k]``, of ``kinds[k]``, folded ``folds[k]``,
    after a line break if ``line_starts[k]`` (lists are cheaper to build than objects)."""

    text: str
    starts: list[int]
    ends: list[int]
    texts: list[str]
    kinds: list[str]
    folds: list[str]
    line_starts: list[bool]
    v: Vocabulary
    by_start: dict[int, int]
    by_end: dict[int, int]
    roles_at: dict[int, tuple[int, str | None, str]]
    """token index -> (index after the role's last token, core role folded or None for a
    rank, "role"|"rank")."""
    prefix_end_at: dict[int, int]
    """token index after a prefix (honorific/academic) -> index of its first token."""
    capitals: list[int]
    """Indices of the capitalised tokens ("cap" and "upper" ones), in order."""
    names: dict[int, int] = field(default_factory=dict)
    """first token of a name candidate -> index after its last token."""


_BEFORE = 90
"""Characters read before a role: a name with its title after it ("ông A, Giám đốc ...")."""
_AFTER = 170
"""Characters read after a role: its body and the name that follows."""


def _windows(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged stretches of text around ``spans``, cut at white space."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for a, b in sorted(spans):
        a = max(0, a)
        b = min(n, b)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < n and not text[b].isspace():
            b += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _lowered(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid).

    >>> _lowered("İ Ủy")
    'İ ủy'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_CAPITALISED = frozenset({"cap", "upper"})


_Role = tuple[int, int, str | None, str | None]
"""A match of ``role_re``: (start, end, its group ``rank``, its group ``core``)."""


def _find_roles(v: Vocabulary, low: str, start: int = 0, end: int | None = None) -> list[_Role]:
    """The matches of ``v.role_re`` in ``low[start:end]``, as ``finditer`` finds them.

    ``role_scan_re`` finds all but one at ``start`` itself, faster (it opens with the
    character before the role).

    >>> _find_roles(vocabulary(), "chủ tịch, phó chủ tịch tỉnh")
    [(0, 8, None, 'chủ tịch'), (10, 22, None, 'chủ tịch')]
    """
    if end is None:
        end = len(low)
    if v.role_scan_re is None:
        return [
            (m.start(), m.end(), m.group("rank"), m.group("core"))
            for m in v.role_re.finditer(low, start, end)
        ]
    out: list[_Role] = []
    m = v.role_re.match(low, start, end)
    if m is not None:
        out.append((m.start(), m.end(), m.group("rank"), m.group("core")))
        start = m.end()
    out += [
        (m.start("role"), m.end(), m.group("rank"), m.group("core"))
        for m in v.role_scan_re.finditer(low, start, end)
    ]
    return out


def _build(
    text: str,
    windows: Sequence[tuple[int, int]],
    low: str,
    role_matches: Sequence[_Role] | None = None,
) -> _Doc:
    """Read the parts of ``text`` in ``windows`` (the rest is never tokenised: speed).

    ``role_matches``: the matches of ``role_re`` over the whole of ``low`` when the caller
    has them (each lies inside a window, as the windows are opened around them), so that
    the windows are not scanned a second time.
    """
    v = vocabulary()
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    kinds: list[str] = []
    folds: list[str] = []
    line_starts: list[bool] = []
    by_start: dict[int, int] = {}
    by_end: dict[int, int] = {}
    capitals: list[int] = []
    for a, b in windows:
        if texts:  # windows never join: an empty "nl" token between them
            starts.append(a)
            ends.append(a)
            texts.append("")
            kinds.append("nl")
            folds.append("")
            line_starts.append(False)
        w_starts, w_ends, w_texts, w_kinds, w_folds, w_line_starts = _columns(text, a, b)
        first = len(texts)
        by_start.update(zip(w_starts, count(first)))
        by_end.update(zip(w_ends, count(first)))
        capitals.extend(compress(count(first), map(_CAPITALISED.__contains__, w_kinds)))
        starts += w_starts
        ends += w_ends
        texts += w_texts
        kinds += w_kinds
        folds += w_folds
        line_starts += w_line_starts
    roles_at: dict[int, tuple[int, str | None, str]] = {}
    prefix_end_at: dict[int, int] = {}
    if role_matches is None:
        role_matches = [r for a, b in windows for r in _find_roles(v, low, a, b)]
    for start, end, rank, core in role_matches:
        i, j = by_start.get(start), by_end.get(end)
        if i is None or j is None:
            continue
        if rank:
            roles_at[i] = (j + 1, None, "rank")
        else:
            roles_at[i] = (j + 1, _fold(core or ""), "role")
    for a, b in windows:
        for m in v.prefix_re.finditer(low, a, b):
            i = by_start.get(m.start())
            end = m.end()
            j = by_end.get(end)
            if j is None and end < len(text) and text[end] == ".":
                j = by_end.get(end + 1)
            if i is None or j is None:
                continue
            prefix_end_at[j + 1] = i
    doc = _Doc(
        text,
        starts,
        ends,
        texts,
        kinds,
        folds,
        line_starts,
        v,
        by_start,
        by_end,
        roles_at,
        prefix_end_at,
        capitals,
    )
    _find_names(doc)
    return doc


def _phrase_before(doc: _Doc, i: int, phrases: Phrases) -> bool:
    """Does one of ``phrases`` end right before token ``i``?"""
    if i <= 0:
        return False
    texts, folds = doc.texts, doc.folds
    if phrases.fold:
        for ph in phrases.by_last.get(folds[i - 1], ()):
            n = len(ph)
            if i - n >= 0 and all(folds[i - n + k] == ph[k] for k in range(n)):
                return True
    else:
        for ph in phrases.by_last.get(texts[i - 1], ()):
            n = len(ph)
            if i - n >= 0 and all(texts[i - n + k] == ph[k] for k in range(n)):
                return True
    return False


def _phrase_len_before(doc: _Doc, i: int, phrases: Phrases) -> int:
    """Length of the longest of ``phrases`` ending right before token ``i`` (0: none)."""
    if i <= 0:
        return 0
    words = doc.folds if phrases.fold else doc.texts
    for ph in phrases.by_last.get(words[i - 1], ()):  # longest first
        n = len(ph)
        if i - n >= 0 and all(words[i - n + k] == ph[k] for k in range(n)):
            return n
    return 0


def _starts_place(doc: _Doc, i: int, j: int) -> int:
    """Length of the longest known place at tokens ``i..j``, 0 if none."""
    best = 0
    if i >= j or doc.folds[i] not in doc.v.places.by_first:
        return 0
    folds = tuple(doc.folds[i:j])
    for place in doc.v.places.by_first[doc.folds[i]]:
        n = len(place)
        if n > best and folds[:n] == place:
            best = n
    return best


_ACRONYM_TAIL = re.compile(r"-[^\W\d_a-zà-ỹđ]{2,}$")


def _namable(kind: str, text: str) -> bool:
    if kind == "cap":  # "Kết-UVBTV": a name glued to an acronym
        return "-" not in text or not _ACRONYM_TAIL.search(text)
    return kind == "upper" and "." in text and bool(_INITIALS.match(text))


def _find_names(doc: _Doc) -> None:
    texts, kinds, folds, line_starts = doc.texts, doc.kinds, doc.folds, doc.line_starts
    n = len(texts)
    surnames = doc.v.surnames
    caps: list[int] = []  # all-caps family names: "NGUYỄN VĂN AN"
    j = 0  # the end of the last run
    for i in doc.capitals:  # a run opens with a capitalised word
        if i < j:
            continue  # inside the last run
        if not _namable(kinds[i], texts[i]):
            if kinds[i] == "upper" and folds[i] in surnames:
                caps.append(i)
            continue
        j = i + 1
        while j < n and not line_starts[j]:
            kind = kinds[j]
            if kind == "cap" or kind == "upper":
                if not _namable(kind, texts[j]):
                    break
            elif not (
                kind == "lower"
                and folds[j] in _FOREIGN_PARTICLES
                and j + 1 < n
                and _foreign(doc, j + 1)
                and _foreign(doc, j - 1)
            ):
                break
            j += 1
        if j - i == 1 and "." not in texts[i]:
            continue  # one word without initials: no name (see _name_in_run); most runs
        _name_in_run(doc, i, j)
    if caps:
        _caps_names(doc, caps)


def _caps_names(doc: _Doc, firsts: Sequence[int]) -> None:
    """All-caps names in running text: "Chủ tịch UBND tỉnh NGUYỄN VĂN AN yêu cầu ...".

    A run of all-caps Vietnamese syllables (acronyms such as "UBND" are no syllables) from
    a family name that does not open a word ("VĂN PHÒNG", "LÂM NGHIỆP"), 2-4 words, on a line that also holds lower-case text (an all-caps line
    is a headline or a signature block, read elsewhere), and not a known place.
    ``firsts``: the all-caps family names of the text, in order.
    """
    starts, kinds, folds, line_starts = doc.starts, doc.kinds, doc.folds, doc.line_starts
    n = len(kinds)
    after = -1
    for i in firsts:
        if i < after or i in doc.names:
            continue
        j = i + 1
        while j < n and j - i < 5 and kinds[j] == "upper" and not line_starts[j]:
            j += 1
        if (
            2 <= j - i <= 4
            and (j == n or kinds[j] != "upper")
            and all(_syllable(fold) for fold in folds[i:j])
            and f"{folds[i]} {folds[i + 1]}" not in words2()  # "VĂN PHÒNG"
            and not _starts_place(doc, i, j)
            and _line_has_lower(doc.text, starts[i])
        ):
            doc.names[i] = j
        after = j


def _syllable(fold: str) -> bool:
    """Is ``fold`` one Vietnamese syllable (not an acronym such as "ubnd")?"""
    return bool(_VN_SYLLABLE.match(_strip_marks(fold)))


def _line_has_lower(text: str, pos: int) -> bool:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return any(c.islower() for c in text[a : len(text) if b < 0 else b])


def _name_in_run(doc: _Doc, i: int, j: int) -> None:
    texts, kinds, folds = doc.texts, doc.kinds, doc.folds
    v = doc.v
    if (
        j - i >= 2
        and j - i <= 4
        and _foreign(doc, j - 1)
        and tuple(folds[i : j - 1]) in v.countries
        and any(end == i for end, _, _ in doc.roles_at.values())
    ):
        doc.names[j - 1] = j  # "Tổng thống Pháp Macron": one foreign word after a country
        return
    # honorifics written with a capital at a sentence start are not part of the run
    honoured = False
    while i < j and (folds[i],) in v.honorifics:
        i += 1
        honoured = True
    if i >= j:
        return
    if j - i == 1:
        # one word is a name only as initials, "ông H.T.P" (every other kind of name
        # below needs two words): most runs are one capitalised word, so this is early
        if "." in texts[i] and _INITIALS.match(texts[i]):
            if i > 0 and (_phrase_before(doc, i, v.honorifics) or i in doc.prefix_end_at):
                doc.names[i] = j
        return
    honoured = honoured or _phrase_before(doc, i, v.honorifics)
    if j - i >= 4 and _phrase_before(doc, i, v.place_words_soft):
        # "UBND huyện Văn Giang Nguyễn Văn An", "Huyện ủy Tiên Lữ Trần Văn Bình": the run
        # opens with a district or commune of the gazetteer, and the name follows it
        found = place_at(texts[i:j])
        if found is not None and found[1].level in _UNIT_LEVELS:
            n = i + found[0]
            if 2 <= j - n <= 4 and folds[n] in v.surnames:
                doc.names[n] = j
                return
    # foreign names: a run of foreign-looking words at the end of the run
    k = j
    while k > i and (
        _foreign(doc, k - 1)
        or folds[k - 1] in _FOREIGN_PARTICLES
        or (_plain_latin(kinds[k - 1], folds[k - 1]) and k < j)
    ):
        k -= 1
    while k < j and (folds[k],) in v.places:
        k += 1  # "Bộ trưởng Y tế Nga Mikhail Murashko"
    places_first = v.places.by_first  # (_starts_place is 0 unless its first word is here)
    if folds[i] in places_first:
        k = max(k, i + _starts_place(doc, i, j))  # "... tại Việt Nam Gareth Ward"
    if j - k >= 2 and any(_foreign(doc, m) for m in range(k, j)) and kinds[k] == "cap":
        doc.names[k] = j
        return
    if (
        2 <= j - i <= 3
        and all(map(_plain_latin, kinds[i:j], folds[i:j]))
        and i > 0
        and (folds[i - 1],) in v.places
    ):
        doc.names[i] = j  # "Thủ tướng Campuchia Hun Sen"
        return
    # Vietnamese names: the suffix opening with a family name (of two words at least)
    best: int | None = None
    fallback: int | None = None
    surnames = v.surnames
    family = [
        s for s in range(i, j - 1) if folds[s] in surnames or folds[s].startswith(("h'", "k'"))
    ]
    # a run named by the word before it ("Trường THPT Chu Văn An") keeps its short tail
    run_blocked = bool(family) and _blocked_before(doc, i, j - i)
    inside_place: set[int] = set()  # "Bồ Đào Nha": "Đào Nha" is no name
    if family:
        for p in range(i, j):
            if folds[p] in places_first:
                n = _starts_place(doc, p, j)
                inside_place.update(range(p + 1, p + n))
    for s in family:
        if s in inside_place:
            continue
        length = j - s
        if length > 5 or (run_blocked and s > i and length < 3):
            continue
        if _starts_place(doc, s, j) and (
            tuple(folds[s:j]) not in v.people_places or _phrase_before(doc, s, v.place_words_soft)
        ):
            continue
        if s == i and run_blocked:
            continue
        if length == 5 and s != i:
            continue
        if run_blocked and s == i + 1 and j - i >= 5 and fallback is None:
            # "Bệnh viện Bạch Mai Đào Xuân Cơ": a named place keeps two syllables
            # when a three-syllable name still follows
            fallback = s
            continue
        best = s
        if length <= 4 or s == i:
            break
    if best is None:
        best = fallback
    if best is not None:
        if j - best == 2 and _compound_follows(doc, j):
            return  # "Phó Chủ nhiệm Đoàn Luật sư": a word goes on, not a name
        doc.names[best] = j
    elif honoured and 2 <= j - i <= 4 and not any(_foreign(doc, m) for m in range(i, j)):
        # "ông Nhữ Văn Cẩn": a family name missing from the list
        doc.names[i] = j


_UNIT_LEVELS = frozenset({"province", "city", "district", "commune"})
"""Gazetteer levels of the places named after an administrative word."""


def _compound_follows(doc: _Doc, j: int) -> bool:
    """Is token ``j`` a lower-case syllable that would go on the word before it?"""
    if j >= len(doc.kinds):
        return False
    return doc.kinds[j] == "lower" and doc.folds[j] not in doc.v.body_stop and j not in doc.roles_at


def _blocked_before(doc: _Doc, s: int, length: int) -> bool:
    """Is the run starting at ``s`` a street, ward, school or idea rather than a person?"""
    v = doc.v
    hard = max(
        _phrase_len_before(doc, s, v.place_words), _phrase_len_before(doc, s, v.not_name_before)
    )
    if hard == 1 and s >= 2 and f"{doc.folds[s - 2]} {doc.folds[s - 1]}" in words2():
        hard = 0  # "Môi trường Hà Văn Tuấn": the word before is "môi trường", not "trường"
    if hard:
        return True
    if _phrase_before(doc, s, v.place_words_soft) and length < 3:
        if (
            length == 2
            and s > 0
            and doc.folds[s - 1] == "tỉnh"
            and (doc.folds[s], doc.folds[s + 1]) not in v.province_starts
        ):
            return False  # "UBND tỉnh H'Yim Kđoh": no province is named so
        return True
    return False


# --------------------------------------------------------------------------- bodies


def _phrase_at(doc: _Doc, k: int, limit: int, phrases: Phrases) -> int:
    """Length of the longest of ``phrases`` at token ``k`` (0: none)."""
    folds = doc.folds
    for ph in phrases.by_first.get(folds[k], ()):
        n = len(ph)
        if k + n <= limit and all(folds[k + m] == ph[m] for m in range(n)):
            return n
    return 0


def _body_goes_on(doc: _Doc, k: int, limit: int) -> bool:
    """Does an organisation body continue at token ``k``?"""
    if k >= limit:
        return False
    if doc.line_starts[k] or k in doc.names:
        return False
    kind = doc.kinds[k]
    if kind in ("cap", "upper"):
        return (doc.folds[k],) not in doc.v.honorifics
    if kind == "num":
        return True  # "Đội CSGT số 1"
    return kind == "lower" and bool(_phrase_at(doc, k, limit, doc.v.body_words))


def _is_role_start(doc: _Doc, k: int) -> bool:
    return k in doc.roles_at


_DOT_ABBREVIATIONS = frozenset({"TP", "Tp", "TX", "TT", "Q", "P"})
"""Abbreviated place words written with a dot and a space: "TP. Hà Nội", "Q. Ba Đình"."""


def _parse_body(doc: _Doc, k: int, limit: int, *, stop_at_names: bool) -> tuple[int, int]:
    """Read an organisation body from token ``k``; return (end of body, end of title text).

    The title text ends before a trailing parenthesised acronym ("... Trung ương (UBKT)").
    """
    starts, ends, texts, kinds, folds, line_starts = (
        doc.starts,
        doc.ends,
        doc.texts,
        doc.kinds,
        doc.folds,
        doc.line_starts,
    )
    start = k
    end_text = k
    count = 0
    while k < limit and count < 24:
        if stop_at_names and k in doc.names:
            break
        kind, fold, text = kinds[k], folds[k], texts[k]
        # the token before, if inside the body: kinds[k - 1], texts[k - 1], folds[k - 1]
        after_start = k > start
        if line_starts[k]:
            break  # a headline, or a line of a signature block, ends at its line
        if kind in ("cap", "upper"):
            if after_start and (fold,) in doc.v.honorifics:
                break  # "... Chủ tịch SCIC\nÔng Nguyễn Chí Thành"
            k += 1
            end_text = k
        elif kind == "num" and after_start and kinds[k - 1] in ("cap", "lower", "upper"):
            # "Quân khu 7", "Sư đoàn 312"
            if k + 1 < len(texts) and texts[k + 1] in ("/", "-"):  # a date, a range
                break
            k += 1
            end_text = k
        elif fold in ("và", "&", "-") and after_start:
            if k + 1 >= limit or kinds[k + 1] not in ("cap", "upper") or _is_role_start(doc, k + 1):
                break
            if stop_at_names and (k + 1) in doc.names:
                break
            k += 1
        elif (
            text == "."
            and after_start
            and texts[k - 1] in _DOT_ABBREVIATIONS
            and k + 1 < limit
            and kinds[k + 1] == "cap"
            and not line_starts[k + 1]
            and starts[k + 1] == ends[k] + 1
        ):
            k += 1  # "UBND TP. Hà Nội"
        elif text == "(" and after_start:
            # a parenthesised acronym: "Ủy ban Kiểm tra Trung ương (UBKT)"
            if k + 2 < limit and kinds[k + 1] == "upper" and texts[k + 2] == ")":
                k += 3
            else:
                break
        elif text == "," and after_start and _comma_inside_name(doc, k, limit):
            k += 1
        elif kind == "lower":
            n = _phrase_at(doc, k, limit, doc.v.body_words)
            if n:
                k += n
                end_text = k
            elif (
                after_start
                and kinds[k - 1] == "cap"
                and fold not in doc.v.body_stop
                and f"{folds[k - 1]} {fold}" in words2()
                and not _is_role_start(doc, k)
            ):
                k += 1  # second syllable of a capitalised word: "Kinh tế", "Cộng sản"
                end_text = k
            elif (n := _phrase_at(doc, k, limit, doc.v.body_words_inner)) and _body_goes_on(
                doc, k + n, limit
            ):
                k += n  # "Cục Quản lý xây dựng công trình": a verb-like word inside a name
                end_text = k
            elif after_start and (n := _phrase_at(doc, k, limit, doc.v.body_of)):
                k += n  # "Ủy ban Kinh tế của Quốc hội"
                end_text = k
            elif gap := _company_gap(doc, start, k, limit, stop_at_names=stop_at_names):
                k += gap  # "Công ty cổ phần Xây lắp điện Tâm Phát"
            elif (
                fold == "tại"
                and k + 1 < limit
                and kinds[k + 1] == "cap"
                and after_start
                and kinds[k - 1] in ("cap", "upper")
            ):
                k += 1  # "Đại sứ Việt Nam tại Mỹ"
            else:
                break
        else:
            break
        count += 1
    return end_text, end_text


def _company_gap(doc: _Doc, start: int, k: int, limit: int, *, stop_at_names: bool) -> int:
    """Lower-case words at ``k`` inside a company's name, before more of it; 0 if none.

    The body from ``start`` must already hold a company head (``data: company_heads``),
    and a capitalised word that is no name, role or
    honorific follow one or two lower-case words that may not end a body.
    """
    kinds, folds = doc.kinds, doc.folds
    v = doc.v
    if k <= start:
        return 0
    for m in range(k, min(k + 3, limit)):
        if doc.line_starts[m] or m in doc.roles_at:
            return 0
        if kinds[m] == "lower":
            if folds[m] in v.body_stop or (folds[m],) in v.honorifics:
                return 0
            continue
        if (
            m > k
            and kinds[m] in ("cap", "upper")
            and (folds[m],) not in v.honorifics
            and not (stop_at_names and m in doc.names)
        ):
            break
        return 0
    else:
        return 0
    if not any(
        folds[p] in v.company_words
        and any(
            tuple(folds[p : p + len(h)]) == h for h in v.company_heads.by_first.get(folds[p], ())
        )
        for p in range(start, k)
    ):
        return 0
    return m - k


def _comma_inside_name(doc: _Doc, k: int, limit: int) -> bool:
    """A comma inside a ministry's name: "Bộ Văn hóa, Thể thao và Du lịch"."""
    kinds, folds = doc.kinds, doc.folds
    m = k + 1
    seen_cap = False
    while m < limit and m < k + 8:
        if _is_role_start(doc, m) or m in doc.names:
            return False
        if kinds[m] == "cap":
            seen_cap = True
        elif kinds[m] == "lower" and kinds[m - 1] == "cap" and folds[m] not in doc.v.body_stop:
            pass
        elif folds[m] == "và" and seen_cap:
            return m + 1 < limit and kinds[m + 1] == "cap"
        else:
            return False
        m += 1
    return False


# --------------------------------------------------------------------------- titles


@dataclass
class _Title:
    start: int  # token index
    end: int  # token index after the title text
    role_end: int  # token index after the role
    kind: str  # "role" | "rank"
    core: str | None
    rule: str


def _title_at(doc: _Doc, k: int, limit: int, *, exact: bool) -> _Title | None:
    """A title starting at token ``k``; with ``exact`` its body must end at ``limit``."""
    spec = doc.roles_at.get(k)
    if spec is None:
        return None
    role_end, core, kind = spec
    if role_end > limit:
        return None
    if kind == "rank":
        if exact and role_end != limit:
            return None
        return _Title(k, role_end, role_end, kind, None, "officials.rank")
    body_end, text_end = (
        _parse_body(doc, role_end, limit, stop_at_names=True)
        if role_end < limit
        else (role_end, role_end)
    )
    if exact:
        # the body must reach the limit (a trailing "(UBKT)" is allowed)
        if body_end != limit and not _paren_acronym_until(doc, body_end, limit):
            return None
    needs_body = bool(doc.v.roles.get(core or "", {}).get("needs_body"))
    if needs_body and text_end == role_end:
        return None
    return _Title(k, text_end, role_end, kind, core, "officials.title")


def _paren_acronym_until(doc: _Doc, k: int, limit: int) -> bool:
    texts = doc.texts
    return (
        k + 3 == limit and texts[k] == "(" and doc.kinds[k + 1] == "upper" and texts[k + 2] == ")"
    )


_LEFT_SEPARATORS = frozenset({",", "kiêm", "-"})
_SEGMENT_BREAKS = frozenset({".", ";", ":", "(", ")", "!", "?", '"', "\n", "[", "]", "|", "*"})


def _segment_start(doc: _Doc, end: int) -> int:
    """First token of the comma-free segment that ends before token ``end``."""
    texts, kinds = doc.texts, doc.kinds
    k = end
    while k > 0:
        text = texts[k - 1]  # the token before k
        if text == ")" and k >= 3 and kinds[k - 2] == "upper" and texts[k - 3] == "(":
            k -= 3  # "Ủy ban Kiểm tra Trung ương (UBKT) Trần Cẩm Tú"
            continue
        if kinds[k - 1] == "nl" or text in _SEGMENT_BREAKS or doc.folds[k - 1] == "kiêm":
            break
        if text in (",", "-"):
            if (
                k < end
                and kinds[k] in ("cap", "upper")
                and not any(m in doc.roles_at for m in range(k, end))
                and (text == "-" or _comma_inside_name(doc, k - 1, end))
            ):
                k -= 1  # inside a body: "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, ..."
                continue
            break
        k -= 1
    return k


def _titles_left(doc: _Doc, name_start: int) -> tuple[list[_Title], bool]:
    """Titles written before the name; also whether they are shared by a list ("các")."""
    texts, kinds, folds = doc.texts, doc.kinds, doc.folds
    p = name_start
    skipped_prefix = False
    while p in doc.prefix_end_at:
        q = doc.prefix_end_at[p]
        if (
            kinds[q] == "cap"
            and (folds[q],) in doc.v.countries
            and any(end == q for end, _, _ in doc.roles_at.values())
        ):
            break  # "Thủ tướng Anh Whitfield": a country, not the honorific "anh"
        p = q
        skipped_prefix = True
    titles: list[_Title] = []
    via_comma = False
    if skipped_prefix and p > 0 and texts[p - 1] == ",":
        via_comma = True
        # "Phó cục trưởng Cục ..., Bộ GD-ĐT, tiến sĩ Sái Công Hồng"
        p -= 1
        seg = _segment_start(doc, p)
        if seg < p and seg not in doc.roles_at and kinds[seg] in ("cap", "upper"):
            body_end, _ = _parse_body(doc, seg, p, stop_at_names=True)
            if body_end == p and seg > 0 and texts[seg - 1] == ",":
                p = seg - 1
        end = p
    else:
        end = p
    while end > 0:
        seg = _segment_start(doc, end)
        found: _Title | None = None
        for k in range(seg, end):
            if k in doc.roles_at:
                found = _title_at(doc, k, end, exact=True)
                if found is not None:
                    break
        if found is None:
            break
        if titles and found.start > 0 and folds[found.start - 1] in doc.v.not_title_after:
            break  # "theo đề nghị của Bộ trưởng X, Chủ tịch Y": X's title is not Y's
        if via_comma and not titles and found.start != seg:
            break  # "A nhậm chức Tổng thống, ông B ...": the title ends A's clause
        titles.append(found)
        if found.start != seg or seg == 0:
            break
        if folds[seg - 1] not in _LEFT_SEPARATORS:
            break
        end = seg - 1
        if end > 0 and folds[end - 1] == "kiêm":
            end -= 1
    titles.reverse()
    if titles and (
        _phrase_before(doc, titles[0].start, doc.v.not_name_before)
        or _phrase_before(doc, titles[0].start, doc.v.place_words)
    ):
        return [], False  # "Lăng Chủ tịch Hồ Chí Minh", "Văn phòng Chủ tịch nước"
    shared = False
    if titles:
        k = titles[0].start
        if k > 0 and folds[k - 1] in doc.v.plural_markers:
            shared = True
    return titles, shared


def _titles_right(doc: _Doc, name_end: int) -> list[_Title]:
    """Titles written after the name: apposition, dash, brackets, "làm"/"giữ chức"."""
    texts, kinds, folds, line_starts = doc.texts, doc.kinds, doc.folds, doc.line_starts
    n = len(texts)
    titles: list[_Title] = []
    k = name_end
    # "(Thống đốc NHNN)"
    if k < n and texts[k] == "(":
        close = k + 1
        while close < n and close < k + 20 and texts[close] != ")":
            close += 1
        if close < n and texts[close] == ")":
            inside = _title_at(doc, k + 1, close, exact=True)
            if inside is not None:
                return [inside]
        return []
    first = True
    while k < n:
        nxt = k + 1
        if texts[k] in (",", "-") or (folds[k] == "và" and not first):
            p = None
            if texts[k] == "," and titles and k + 1 < n:
                # "A, Giám đốc Sở X, được bổ nhiệm làm Phó Chủ tịch ...": the title the
                # verb gives after the apposition is A's too (the verb right after the comma)
                p = _predicate_after(doc, k + 1, allow_gap=False)
            if p is not None:
                nxt = p
        elif first or titles:
            m = doc.v.connector_re.match(doc.text, doc.starts[k]) if not first else None
            p = _predicate_after(doc, k, allow_gap=first or bool(titles))
            if m is not None and m.end() in doc.by_end:
                nxt = doc.by_end[m.end()] + 1
            elif p is not None:
                nxt = p
            else:
                break
        else:
            break
        title = _title_at(doc, nxt, n, exact=False)
        if title is None:
            break
        if (
            title.end < n
            and kinds[title.end] == "cap"
            and not line_starts[title.end]
            and folds[title.end] not in doc.v.body_stop
        ):
            break  # "A, Ngoại trưởng Pháp Faure cho rằng": the title of the next name
        titles.append(title)
        k = title.end
        first = False
    return titles


def _predicate_after(doc: _Doc, k: int, *, allow_gap: bool) -> int | None:
    """Token index after "làm"/"giữ chức ..." found at ``k`` or after a short verb phrase.

    The phrase may name who acts, by office: "được Thủ tướng Chính phủ bổ nhiệm giữ chức".
    """
    folds = doc.folds
    n = len(folds)
    commas = 0
    m = k
    steps = 0
    while m < n and steps < 10:
        steps += 1
        if m in doc.names:
            return None  # someone else acts or is named
        pm = doc.v.predicate_re.match(doc.text, doc.starts[m])
        if pm is not None and pm.end() in doc.by_end:
            after = doc.by_end[pm.end()] + 1
            if folds[m] == "là" and m != k:
                return None
            if after in doc.roles_at:
                return after
            return None
        if not allow_gap:
            return None
        if doc.texts[m] == ",":
            commas += 1
            if commas > 1:
                return None
            m += 1
            continue
        if m in doc.roles_at and m > k and folds[m - 1] == "được":
            role_end = doc.roles_at[m][0]
            m, _ = _parse_body(doc, role_end, n, stop_at_names=True)
            continue
        if (
            doc.kinds[m] != "lower"
            or doc.line_starts[m]
            or (folds[m],) in doc.v.predicate_gap_stops
        ):
            return None
        if any(
            all(m + i < n and folds[m + i] == w for i, w in enumerate(ph))
            for ph in doc.v.predicate_gap_stops.by_first.get(folds[m], ())
        ):
            return None  # "A ký quyết định bổ nhiệm ông B giữ chức ...": B's title
        m += 1
    return None


# --------------------------------------------------------------------------- signatures

_SIG_STRIP = "*_|# \t"


def _line_at(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def _lines_after_roles(doc: _Doc) -> list[tuple[int, tuple[int, int]]]:
    """The lines (numbered locally) that follow an all-caps line holding a role."""
    text = doc.text
    seen: set[int] = set()
    out: list[tuple[int, tuple[int, int]]] = []
    for i in doc.roles_at:
        if doc.kinds[i] != "upper":
            continue
        a, b = _line_at(text, doc.starts[i])
        for _ in range(9):
            if a not in seen:
                seen.add(a)
                out.append((a, (a, b)))
            if b >= len(text):
                break
            a, b = _line_at(text, b + 1)
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _SIG_STRIP:
        a += 1
    while b > a and text[b - 1] in _SIG_STRIP:
        b -= 1
    return a, b


def _signatures(doc: _Doc) -> list[tuple[int, int, _Title]]:
    """(name start token, name end token, title) for each signature block."""
    text, v = doc.text, doc.v
    out: list[tuple[int, int, _Title]] = []
    for a0, (a, b) in _lines_after_roles(doc):
        a, b = _stripped(text, a, b)
        if a >= b:
            continue
        i, j = doc.by_start.get(a), doc.by_end.get(b)
        if i is None or j is None:
            continue
        j += 1
        name = _line_name(doc, i, j)
        if name is None:
            continue
        # look upwards for the title line
        la = a0
        found_line: tuple[int, int] | None = None
        for _ in range(8):
            if la == 0:
                break
            ua, ub = _stripped(text, *_line_at(text, la - 1))
            la = _line_at(text, la - 1)[0]
            if ua >= ub or _fold(text[ua:ub]) in v.signature_notes:
                continue
            found_line = (ua, ub)
            break
        if found_line is None:
            continue
        ua, ub = found_line
        line_text = text[ua:ub]
        if any(c.isalpha() and not c.isupper() for c in line_text):
            continue
        for prefix in v.signature_prefixes:
            if line_text.startswith(prefix):
                ua += len(prefix)
                while ua < ub and text[ua] == " ":
                    ua += 1
                break
        ti, tj = doc.by_start.get(ua), doc.by_end.get(ub)
        if ti is None or tj is None:
            continue
        title = _title_at(doc, ti, tj + 1, exact=True)
        if title is None:
            continue
        title.rule = "officials.signature"
        out.append((name[0], name[1], title))
    return out


def _line_name(doc: _Doc, i: int, j: int) -> tuple[int, int] | None:
    """A line that is only a name (title case or all caps)."""
    folds = doc.folds
    if not 2 <= j - i <= 5:
        return None
    if doc.names.get(i) == j:
        return i, j
    if all(kind == "upper" for kind in doc.kinds[i:j]) and folds[i] in doc.v.surnames:
        return i, j
    return None


# --------------------------------------------------------------------------- assembly


@dataclass
class _Person:
    name: str
    full: list[tuple[int, int]] = field(default_factory=list)  # char spans
    short: list[tuple[int, int]] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)


def _display_name(doc: _Doc, i: int, j: int) -> str:
    words = [doc.texts[k] for k in range(i, j)]
    if j - i > 1 and all(doc.kinds[k] == "upper" for k in range(i, j)):
        words = [w[:1] + w[1:].lower() for w in words]  # "NGUYỄN VĂN AN" in a signature
    return _nfc(" ".join(words))


def _make_title(doc: _Doc, t: _Title) -> Title:
    starts, ends = doc.starts, doc.ends
    v = doc.v
    a, b = starts[t.start], ends[t.end - 1]
    role_text = doc.text[a : ends[t.role_end - 1]]
    organisation: str | None = None
    if t.end > t.role_end:
        organisation = doc.text[starts[t.role_end] : b]
        head = v.roles.get(t.core or "", {}).get("head")
        if head and not _fold(organisation).startswith(_fold(head)):
            organisation = f"{head} {organisation}"
    return Title(
        text=doc.text[a:b], start=a, end=b, rule=t.rule, role=role_text, organisation=organisation
    )


def find_officials(ctx: Context) -> list[Official]:
    """People named with at least one title in ``ctx.text``; one :class:`Official` each.

    >>> from vnextract.context import Context
    >>> t = "Thiếu tướng Vũ Văn A - Trưởng Ban Cơ yếu Chính phủ thay mặt Nhà nước."
    >>> [(o.name, [x.text for x in o.titles]) for o in find_officials(Context(t, None))]
    [('Vũ Văn A', ['Thiếu tướng', 'Trưởng Ban Cơ yếu Chính phủ'])]
    """
    text = ctx.text
    v = vocabulary()
    low = _lowered(text)
    role_matches = _find_roles(v, low)
    if not role_matches:
        return []
    windows = _windows(text, [(a - _BEFORE, b + _AFTER) for a, b, _, _ in role_matches])
    people, order, doc = _read(text, windows, low, role_matches)
    named = [p for p in people.values() if p.titles]
    if named:
        # second pass: read around the other mentions of the people found that the
        # first pass did not see (a role always opens a window, so only names and
        # honorifics are looked for there)
        starts = [a for a, _ in windows]
        extra = []
        for a, b in _occurrences(text, {w for p in named for w in (p.name, p.name.split()[-1])}):
            w = bisect.bisect_right(starts, a) - 1
            if w < 0 or b > windows[w][1] or a - windows[w][0] < 40:
                extra.append((a - 40, b + 30))
        if extra:
            more = _build(text, _windows(text, extra), low)
            for i, j in more.names.items():
                key = _display_name(more, i, j)
                if key in people:
                    people[key].full.append((more.starts[i], more.ends[j - 1]))
            _short_mentions(more, people)
    return _officials(doc, people, order)


def _is_word_char(c: str) -> bool:
    """``\\w`` of the standard ``re``: a letter, a digit or ``_``."""
    return c.isalnum() or c == "_"


def _occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of ``words`` in ``text`` as whole words, left to right, never overlapping.

    Where several start at one place the longest is taken (what a regex alternation
    of the words, longest first, between word boundaries would find; ``str.find`` needs
    no pattern compiled per document).

    >>> _occurrences("Ông Lê Văn Huy, Huy và Huyền", ["Huy", "Lê Văn Huy"])
    [(4, 14), (16, 19)]
    """
    found: list[tuple[int, int]] = []
    for w in words:
        n = len(w)
        a = text.find(w)
        while a >= 0:
            b = a + n
            if (a == 0 or not _is_word_char(text[a - 1])) and (
                b == len(text) or not _is_word_char(text[b])
            ):
                found.append((a, b))
            a = text.find(w, a + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    out: list[tuple[int, int]] = []
    for a, b in found:
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


def _read(
    text: str,
    windows: Sequence[tuple[int, int]],
    low: str,
    role_matches: Sequence[_Role],
) -> tuple[dict[str, _Person], list[str], _Doc]:
    doc = _build(text, windows, low, role_matches)
    starts, ends = doc.starts, doc.ends
    people: dict[str, _Person] = {}
    order: list[str] = []

    def person(i: int, j: int) -> _Person:
        key = _display_name(doc, i, j)
        if key not in people:
            people[key] = _Person(key)
            order.append(key)
        return people[key]

    def add_title(p: _Person, t: _Title) -> None:
        title = _make_title(doc, t)
        if all(_fold(x.text) != _fold(title.text) for x in p.titles):
            p.titles.append(title)

    names = sorted(doc.names.items())
    rights = {i: _titles_right(doc, j) for i, j in names}
    for i, j in reversed(names):
        # "A và ông B được bầu làm Phó Bí thư": the predicate's title is A's too
        nxt = _next_in_list(doc, j)
        if not rights[i] and nxt is not None and rights[nxt]:
            if doc.texts[doc.names[nxt]] not in (",", "-", "("):
                rights[i] = rights[nxt]
    shared: list[_Title] = []
    shared_until = -1
    for i, j in names:
        p = person(i, j)
        p.full.append((starts[i], ends[j - 1]))
        left, is_shared = _titles_left(doc, i)
        right = rights[i]
        if shared and i <= shared_until and not left:
            for t in shared:
                add_title(p, t)
        for t in left + right:
            add_title(p, t)
        if is_shared:
            shared = left
        if shared:
            shared_until = _list_continues(doc, j)
            if shared_until < 0:
                shared = []
    for i, j, titles in _pronoun_titles(doc, names):
        p = person(i, j)
        for t in titles:
            add_title(p, t)
    for i, j, t in _signatures(doc):
        p = person(i, j)
        span = (starts[i], ends[j - 1])
        if span not in p.full:
            p.full.append(span)
        add_title(p, t)
    _short_mentions(doc, people)
    return people, order, doc


def _officials(doc: _Doc, people: dict[str, _Person], order: list[str]) -> list[Official]:
    out: list[Official] = []
    for key in order:
        p = people[key]
        if not p.titles:
            continue
        p.full = sorted(set(p.full))
        p.short = sorted(set(p.short) - set(p.full))
        a, b = p.full[0]
        mentions = [
            Mention(text=doc.text[s:e], start=s, end=e, rule="officials.full") for s, e in p.full
        ]
        mentions += [
            Mention(text=doc.text[s:e], start=s, end=e, rule="officials.short") for s, e in p.short
        ]
        mentions.sort(key=lambda m: m.start)
        out.append(
            Official(
                text=doc.text[a:b],
                start=a,
                end=b,
                rule="officials.name",
                name=p.name,
                titles=sorted(p.titles, key=lambda t: t.start),
                mentions=mentions,
            )
        )
    out.sort(key=lambda o: o.start)
    return out


_PRONOUN_REACH = 400
"""Characters between a full name and a pronoun standing for that person, at most."""


def _pronoun_titles(
    doc: _Doc, names: Sequence[tuple[int, int]]
) -> list[tuple[int, int, list[_Title]]]:
    """Titles given to a clause-initial pronoun, with the name they go to.

    "Ông Nguyễn Văn A sinh năm 1961. Ông từng là Bí thư Huyện ủy ...": the title is A's
    when A is the nearest name before, in the same paragraph, within ``_PRONOUN_REACH``
    characters, and the honorific before A (if any) is the pronoun's word.  Both must
    open their sentences (A after its honorific or titles; the pronoun after a short
    opening phrase such as "Năm 2010,"): the subject of one sentence taken up by the
    next, not a name met in passing ("trao Giải Enrico Fermi ... Ông là").
    """
    ends, kinds, folds = doc.ends, doc.kinds, doc.folds
    v = doc.v
    out: list[tuple[int, int, list[_Title]]] = []
    name_starts = [i for i, _ in names]
    # a pronoun is an honorific word, so prefix_re found it: its token -> the one after
    for k in sorted(set(doc.prefix_end_at.values())):
        if folds[k] not in v.pronouns or k + 1 >= len(folds):
            continue
        if k + 1 in doc.names or kinds[k + 1] in ("cap", "upper"):
            continue  # "ông Nguyễn Văn A": an honorific, not a pronoun
        if not _opens_sentence(doc, k, lead=6):
            continue  # "cảm ơn ông", "Tuy A ..., ông là": not the subject of a sentence
        titles = _titles_right(doc, k + 1)
        if not titles:
            continue
        n = bisect.bisect_left(name_starts, k) - 1
        if n < 0:
            continue
        i, j = names[n]
        if doc.starts[k] - ends[j - 1] > _PRONOUN_REACH:
            continue
        if any(kinds[m] == "nl" for m in range(j, k)):
            continue  # another paragraph
        h = i
        while h in doc.prefix_end_at:
            h = doc.prefix_end_at[h]
        if h < i and folds[h] in v.pronouns and folds[h] != folds[k]:
            continue  # "bà A ... Ông từng là": someone else
        left, _ = _titles_left(doc, i)
        if not _opens_sentence(doc, left[0].start if left else h, lead=0):
            continue
        out.append((i, j, titles))
    return out


_SENTENCE_ENDS = frozenset({".", "!", "?", ":"})


def _opens_sentence(doc: _Doc, k: int, *, lead: int) -> bool:
    """Does token ``k`` open its sentence, or follow an opening phrase of at most ``lead``
    lower-case words, numbers and capitalised words and a comma ("Năm 2010, ông")?"""
    texts, kinds, line_starts = doc.texts, doc.kinds, doc.line_starts
    if k == 0 or line_starts[k] or texts[k - 1] in _SENTENCE_ENDS:
        return True
    if kinds[k - 1] == "nl":
        return True
    if not lead or texts[k - 1] != ",":
        return False
    m = k - 2
    while m >= 0 and k - 2 - m < lead:
        if m in doc.names or m in doc.roles_at or kinds[m] == "punct" and texts[m] != "/":
            return False
        if m == 0 or line_starts[m] or texts[m - 1] in _SENTENCE_ENDS or kinds[m - 1] == "nl":
            return True
        m -= 1
    return False


def _next_in_list(doc: _Doc, j: int) -> int | None:
    """The start of a name joined by "và" to the name ending before token ``j``."""
    folds = doc.folds
    k = j
    if k >= len(folds) or folds[k] != "và":
        return None
    k += 1
    if k < len(folds):
        for ph in doc.v.honorifics.by_first.get(folds[k], ()):  # "và ông B"
            if tuple(folds[k : k + len(ph)]) == ph:
                k += len(ph)
                break
    return k if k in doc.names and doc.names[k] < len(folds) else None


def _list_continues(doc: _Doc, j: int) -> int:
    """If a list of names goes on after token ``j`` ("A (...) và B"), the next name's start."""
    texts, folds = doc.texts, doc.folds
    n = len(texts)
    k = j
    if k < n and texts[k] == "(":
        depth = 0
        while k < n and k < j + 20:
            if texts[k] == "(":
                depth += 1
            elif texts[k] == ")":
                depth -= 1
                if depth == 0:
                    k += 1
                    break
            k += 1
    if k < n and folds[k] in (",", "và"):
        k += 1
        if k in doc.names:
            return k
    return -1


def _short_mentions(doc: _Doc, people: dict[str, _Person]) -> None:
    """Link "ông Toản", "Bộ trưởng Thắng" to the full name; a role there is a title too."""
    starts, ends, kinds, folds, line_starts = (
        doc.starts,
        doc.ends,
        doc.kinds,
        doc.folds,
        doc.line_starts,
    )
    v = doc.v
    by_given: dict[str, list[_Person]] = {}
    for p in people.values():
        given = _fold(p.name.split()[-1])
        by_given.setdefault(given, []).append(p)
    in_names: set[int] = set()
    for i, j in doc.names.items():
        in_names.update(range(i, j))
    for k in doc.capitals:
        fold = folds[k]
        if kinds[k] != "cap" or k in in_names or fold not in by_given:
            continue
        if k + 1 < len(folds) and (
            kinds[k + 1] == "cap"
            or (
                kinds[k + 1] == "lower"
                and not line_starts[k + 1]
                and f"{fold} {folds[k + 1]}" in words2()
            )
        ):
            continue  # "Chính phủ", "Sơn La": not a short mention
        if (
            k > 0
            and kinds[k - 1] == "cap"
            and k - 1 not in doc.roles_at
            and not _phrase_before(doc, k, v.honorifics)
        ):
            # part of a longer capitalised run that is not a role ("Thủ" of "Phó Thủ")
            if not any(k == end for end, _, _ in doc.roles_at.values()):
                continue
        role: _Title | None = None
        honor = _phrase_before(doc, k, v.honorifics)
        if not honor:
            for s in range(max(0, k - 5), k):
                if s in doc.roles_at and doc.roles_at[s][0] == k:
                    role = _title_at(doc, s, k, exact=True)
                    break
        if not honor and role is None:
            continue
        candidates = by_given[fold]
        target = None
        if len(candidates) == 1:
            target = candidates[0]
        else:
            before = [
                (max(s for s, _ in c.full if s < starts[k]), c)
                for c in candidates
                if any(s < starts[k] for s, _ in c.full)
            ]
            if before:
                target = max(before, key=lambda x: x[0])[1]
        if target is None:
            continue
        target.short.append((starts[k], ends[k]))
        if role is not None and target.titles:
            title = _make_title(doc, role)
            if all(_fold(x.text) != _fold(title.text) for x in target.titles):
                target.titles.append(title)
