"""Detect Vietnamese text in a legacy encoding and convert it to Unicode.

Old documents reach us as Unicode strings that were decoded the wrong way:
TCVN3/ABC, VNI Windows and VISCII bytes read as Windows-1252 (or Latin-1), UTF-8
bytes read as Windows-1252 ("mojibake"), or VIQR, which spells the marks in ASCII.
The tables are data (``data/legacy/*.tsv``, built by ``tools/build_legacy_tables.py``).

>>> fix_encoding("C\\u00e9ng ho\\u00b5 x\\u00b7 h\\u00e9i").text      # TCVN3
'Cộng hoà xã hội'
>>> fix_encoding("Vie\\u00e4t Nam, \\u00d1a\\u00fbng").text        # VNI
'Việt Nam, Đảng'
>>> fix_encoding("Vie^.t Nam, DDa?ng").text                       # VIQR
'Việt Nam, Đảng'
>>> fix_encoding("Vi\\u00e1\\u00bb\\u2021t Nam, \\u00c4\\u0090\\u00e1\\u00ba\\u00a3ng").text
'Việt Nam, Đảng'
>>> fixed = fix_encoding("Vie\\u00e4t Nam, \\u00d1a\\u00fbng")
>>> fixed.encoding, fixed.offsets.span(0, 4)   # "Việt" came from 5 characters
('vni', (0, 5))

Detection (``mode="auto"``) looks only at words holding characters that clean
Vietnamese, English or numbers do not put inside words (``¸``, ``µ``, ``ä``, ``»`` ...),
or at VIQR marks; it converts when several such words, decoded, become valid
Vietnamese syllables.  Lines that already hold Unicode-only Vietnamese letters
(``ạ``, ``ư``, ``đ`` ...) are never converted.

>>> fix_encoding("Hội nghị ngày 14/6; Müller, 30°C, U.S. o'clock").encoding is None
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import regex

from .offsets import OffsetMap, OffsetMapBuilder

Encoding = Literal["tcvn3", "vni", "viscii", "viqr", "mojibake"]
FixEncoding = Literal["auto", "off", "tcvn3", "vni", "viscii", "viqr", "mojibake"]
ENCODINGS: tuple[str, ...] = get_args(Encoding)
FIX_ENCODING_MODES: tuple[str, ...] = get_args(FixEncoding)

__all__ = [
    "Encoding", "FixEncoding", "Fixed", "detect", "decode", "fix_encoding", "encode", "representable"
]


@dataclass(frozen=True)
class Fixed:
    """A text after the encoding fix, the map back to its input, and what was found."""

    text: str
    offsets: OffsetMap
    encoding: Encoding | None


# ---------------------------------------------------------------- tables


def _read(name: str) -> list[list[str]]:
    text = resources.files("vnextract.data").joinpath(f"legacy/{name}").read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _views(byte: int) -> set[str]:
    """How one byte shows up once wrongly decoded: as Windows-1252 and as Latin-1."""
    out = {chr(byte)}
    try:
        out.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:
        pass
    return out


@lru_cache(maxsize=None)
def byte_table(name: str) -> dict[str, str]:
    """Letter -> its bytes as a Latin-1 string, for ``tcvn3``, ``vni`` or ``viscii``.

    >>> byte_table("tcvn3")["đ"], byte_table("vni")["ệ"]
    ('®', 'eä')
    """
    return {row[0]: "".join(chr(int(h, 16)) for h in row[1].split()) for row in _read(f"{name}.tsv")}


@lru_cache(maxsize=None)
def _decoder(name: str) -> tuple[regex.Pattern[str], dict[str, str]]:
    """A pattern of encoded sequences (every wrongly-decoded view) and their letters."""
    table: dict[str, str] = {}
    for letter, raw in byte_table(name).items():
        views = [""]
        for ch in raw:
            views = [v + c for v in views for c in sorted(_views(ord(ch)))]
        for view in views:
            if view != letter:
                table[view] = letter
    keys = sorted(table, key=len, reverse=True)  # longest first: "ô"+"ù" before "ô"
    return regex.compile("|".join(regex.escape(k) for k in keys)), table


@lru_cache(maxsize=None)
def _viqr() -> tuple[regex.Pattern[str], dict[str, tuple[str, str]]]:
    """The VIQR syllable pattern and mark -> (combining mark, vowels it may follow)."""
    marks = {row[0]: (chr(int(row[1][2:], 16)), row[3]) for row in _read("viqr.tsv")}
    letter_marks = "".join(regex.escape(m) for m, (c, _) in marks.items() if c in "\u0302\u0306\u031b")
    tone_marks = "".join(regex.escape(m) for m, (c, _) in marks.items() if c not in "\u0302\u0306\u031b")
    pattern = regex.compile(
        rf"""
        (?P<esc>\\[{letter_marks}{tone_marks}\\])              # escaped literal mark
        | (?<!\p{{L}})(?P<dd>dd|DD|Dd)(?![b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ])  # đ / Đ at a word start
        | (?<![\p{{Ll}}D])(?P<DD>DD)(?![\p{{Ll}}D])            # Đ in upper case ("QDD-TTg")
        | (?P<v>[aeiouyAEIOUY])                                # a vowel, then
          (?P<q>[{letter_marks}])?+                            #   a letter mark, then
          (?P<t>[{tone_marks}])?+                              #   a tone mark
        """,
        regex.VERBOSE,
    )
    return pattern, marks


# ---------------------------------------------------------------- decoding

_UNICODE_ONLY_VI = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
"""Vietnamese letters outside Latin-1: no legacy text read as cp1252 can hold them."""


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, already Unicode Vietnamese) of each line of ``text``."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end, _UNICODE_ONLY_VI.search(line) is not None))
        pos = end + 1
    return out


def _decode_table(name: str, text: str, builder: OffsetMapBuilder, start: int, end: int) -> int:
    pattern, table = _decoder(name)
    pos = start
    for m in pattern.finditer(text, start, end):
        builder.copy(pos, m.start())
        builder.replace(m.start(), m.end(), table[m.group()])
        pos = m.end()
    return pos


@lru_cache(maxsize=None)
def _cp1252_bytes() -> dict[str, int]:
    out: dict[str, int] = {}
    for b in range(256):
        for v in _views(b):
            out.setdefault(v, b)
    return out


def _class(codes: range) -> str:
    bytes_of = _cp1252_bytes()
    return "".join(regex.escape(c) for c, b in sorted(bytes_of.items()) if b in codes)


@lru_cache(maxsize=None)
def _mojibake() -> regex.Pattern[str]:
    cont = f"[{_class(range(0x80, 0xC0))}]"
    return regex.compile(
        rf"""
        [{_class(range(0xC2, 0xE0))}]{cont}          # two-byte UTF-8 sequence
        | [{_class(range(0xE0, 0xF0))}]{cont}{{2}}   # three-byte (all of Vietnamese's extra letters)
        | [{_class(range(0xF0, 0xF5))}]{cont}{{3}}   # four-byte
        | (?<=\p{{Ll}})Ã(?=\ )                      # "à" (C3 A0) whose no-break space became a space
        """,
        regex.VERBOSE,
    )


def _mojibake_char(seq: str) -> str | None:
    if seq == "Ã":
        return "à"
    bytes_of = _cp1252_bytes()
    try:
        return bytes(bytes_of[c] for c in seq).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


def _decode_mojibake(text: str, builder: OffsetMapBuilder, start: int, end: int) -> int:
    pos = start
    for m in _mojibake().finditer(text, start, end):
        if m.group() == "Ã":
            builder.copy(pos, m.start())
            builder.replace(m.start(), m.end() + 1, "à")  # takes the space along
            pos = m.end() + 1
            continue
        char = _mojibake_char(m.group())
        if char is None:
            continue
        builder.copy(pos, m.start())
        builder.replace(m.start(), m.end(), char)
        pos = m.end()
    return pos


def _viqr_strict(text: str) -> bool:
    """Does the text escape literal marks (RFC 1456)?  Then every mark is a mark."""
    return "\\." in text or "\\?" in text


def _decode_viqr(text: str, builder: OffsetMapBuilder, start: int, end: int) -> int:
    pattern, marks = _viqr()
    strict = _viqr_strict(text)
    pos = start
    for m in pattern.finditer(text, start, end):
        if m.group("esc"):
            replacement = m.group()[1]
        elif m.group("dd"):
            replacement = "đ" if m.group("dd") == "dd" else "Đ"
        elif m.group("DD"):
            replacement = "Đ"
        else:
            vowel, q, t = m.group("v"), m.group("q"), m.group("t")
            marks_out = ""
            if q and vowel.lower() in marks[q][1]:
                marks_out += marks[q][0]
            elif q:
                continue  # "u^": not a VIQR letter; leave the text alone
            if t and _is_tone(text, m.end(), t, strict):
                marks_out += marks[t][0]
            elif t:
                q_end = m.end("q") if q else m.end("v")
                if not marks_out:
                    continue
                replacement = unicodedata.normalize("NFC", vowel + marks_out)
                builder.copy(pos, m.start())
                builder.replace(m.start(), q_end, replacement)
                pos = q_end
                continue
            if not marks_out:
                continue
            replacement = unicodedata.normalize("NFC", vowel + marks_out)
        builder.copy(pos, m.start())
        builder.replace(m.start(), m.end(), replacement)
        pos = m.end()
    return pos


_LINE_END = regex.compile(r"[ \t]*+(?:\n(?!\p{Ll})|$)")


def _is_tone(text: str, after: int, mark: str, strict: bool) -> bool:
    """Is a ``.``/``?`` after a vowel a tone mark?  Other marks always are.

    With escapes in the text (RFC 1456: ``\\.`` is a full stop) every mark is a mark.
    Without, a ``.``/``?`` that ends a word is read as a full stop or question mark only
    at the end of a line (or of the text): "Bo^. Tu+ pha'p" is "Bộ Tư pháp".
    """
    if mark not in ".?" or strict:
        return True
    return _LINE_END.match(text, after) is None


_DECODERS: dict[str, Callable[[str, OffsetMapBuilder, int, int], int]] = {
    "tcvn3": lambda t, b, s, e: _decode_table("tcvn3", t, b, s, e),
    "vni": lambda t, b, s, e: _decode_table("vni", t, b, s, e),
    "viscii": lambda t, b, s, e: _decode_table("viscii", t, b, s, e),
    "viqr": _decode_viqr,
    "mojibake": _decode_mojibake,
}


def decode(text: str, encoding: Encoding) -> tuple[str, OffsetMap]:
    """Convert ``text`` read in ``encoding`` to Unicode, with the map back to ``text``.

    Lines that already hold Unicode-only Vietnamese letters are left alone (except
    for mojibake, whose byte sequences identify themselves).

    >>> decode("Th\\u00b8ng 6", "tcvn3")[0]
    'Tháng 6'
    """
    if encoding not in _DECODERS:
        raise ValueError(f"E105: unknown encoding {encoding!r}; choose from {ENCODINGS}")
    run = _DECODERS[encoding]
    builder = OffsetMapBuilder(text)
    pos = 0
    for start, end, unicode_line in _lines(text):
        if unicode_line and encoding != "mojibake":
            continue
        builder.copy(pos, start)
        pos = run(text, builder, start, end)
    builder.copy(pos, len(text))
    offsets = builder.finish(len(text))
    return (text if offsets.is_identity else builder.text()), offsets


# ---------------------------------------------------------------- detection

_VI_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
_CLEAN_INSIDE_WORDS = _VI_LETTERS + _VI_LETTERS.upper() + "\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
"""Characters of the suspect range that clean text does put next to letters."""


def _odd_class() -> str:
    suspects = {chr(c) for c in range(0x80, 0x100)} | set(_cp1252_bytes()) | set("\x02\x05\x06\x14\x19\x1e")
    odd = sorted(c for c in suspects if not c.isascii() or c in "\x02\x05\x06\x14\x19\x1e")
    return "".join(regex.escape(c) for c in odd if c not in _CLEAN_INSIDE_WORDS)


_ODD_CLASS = f"[{_odd_class()}]"
_ODD = regex.compile(_ODD_CLASS)
"""A character legacy text shows and clean text does not put inside a word."""

_TOKEN = regex.compile(r"\S{1,40}")
_ODD_TOKEN = regex.compile(
    rf"""
    \S{{0,20}}?                               # the start of a word (lazy, bounded)
    (?:\p{{L}}{_ODD_CLASS}|{_ODD_CLASS}\p{{L}}|{_ODD_CLASS}{{2}})  # a suspect character touching a letter
    \S{{0,20}}+                               # the rest of the word
    """,
    regex.VERBOSE,
)
_VIQR_HINT = regex.compile(
    r"""
    [aeoAEO]\^ | [ouOU]\+ | [aA]\( | (?<!\p{L})(?:dd|DD|Dd)[aeiouyAEIOUY]
    | [aeiouyAEIOUY][`'?~.](?=\p{L})
    """,
    regex.VERBOSE,
)
_WORD = regex.compile(r"\p{L}+")

_SYLLABLE = regex.compile(
    r"""
    ^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?    # onset
    (?P<vowels>[aăâeêioôơuưy]{1,3}+)                               # vowels (tone removed), then
    (?P<coda>ch|ng|nh|[cmnpt])?$                                   # final consonant
    """,
    regex.VERBOSE,
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu".split()
)
"""The vowel clusters of Vietnamese syllables (after "qu"/"gi", the rest of the cluster)."""


def syllable_parts(word: str) -> tuple[int, str, str] | None:
    """(start, vowel cluster, final consonant) of a syllable without tone marks, or None.

    >>> syllable_parts("Nguyên"), syllable_parts("quân"), syllable_parts("xyz")
    ((2, 'uyê', 'n'), (2, 'â', 'n'), None)
    """
    m = _SYLLABLE.match(word.lower())
    if m is None or m.group("vowels") not in _NUCLEI:
        return None
    return m.start("vowels"), m.group("vowels"), m.group("coda") or ""


def is_syllable(word: str) -> bool:
    """Is ``word`` a well-formed Vietnamese syllable (at most one tone; c/ch/p/t take only
    the acute or dot below)?

    >>> [is_syllable(w) for w in ("Việt", "nghiêng", "ồc", "Mỹller", "tháng")]
    [True, True, False, False, True]
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if len(tones) > 1:
        return False
    m = _SYLLABLE.match(base)
    if m is None or m.group("vowels") not in _NUCLEI:
        return False
    if m.group("coda") in ("c", "ch", "p", "t") and tones and tones[0] not in ("\u0301", "\u0323"):
        return False
    return True


def _suspects(text: str, limit: int = 400) -> list[str]:
    """Words that hold characters legacy text shows (at most ``limit``), on lines that
    are not already Unicode Vietnamese."""
    out = []
    for start, end, unicode_line in _lines(text):
        if unicode_line:
            continue
        for m in _ODD_TOKEN.finditer(text, start, end):
            out.append(m.group())
            if len(out) >= limit:
                return out
    return out


def _fixes(word: str, encoding: Encoding) -> bool:
    """Does decoding ``word`` give Vietnamese syllables and no suspect character?"""
    decoded, _ = decode(word, encoding)
    if decoded == word or _ODD.search(decoded):
        return False
    words = _WORD.findall(decoded)
    return bool(words) and all(w.isascii() or is_syllable(w) for w in words) and any(
        not w.isascii() for w in words
    )


MIN_EVIDENCE = 2
"""Words that must decode to Vietnamese before ``auto`` converts a text."""


def detect(text: str) -> Encoding | None:
    """The legacy encoding ``text`` is in, or None (clean Unicode, English, numbers).

    >>> detect("Ch\\u00d6 th\\u00de s\\u00e8 40 cña Ban B\\u00ed th\\u00ad"), detect("Chỉ thị số 40")
    ('tcvn3', None)
    """
    suspects = _suspects(text)
    if suspects:
        best: tuple[int, Encoding | None] = (0, None)
        candidates: tuple[Encoding, ...] = ("mojibake", "vni", "tcvn3", "viscii")
        for encoding in candidates:
            fixed = sum(_fixes(w, encoding) for w in suspects)
            if fixed > best[0]:
                best = (fixed, encoding)
        n, found = best
        if n >= MIN_EVIDENCE and n >= 0.5 * len(suspects):
            return found
        return None
    return _detect_viqr(text)


def _detect_viqr(text: str) -> Encoding | None:
    hints = [m.start() for m in _VIQR_HINT.finditer(text)]
    if len(hints) < MIN_EVIDENCE or _UNICODE_ONLY_VI.search(text):
        return None
    words = len(_TOKEN.findall(text))
    if len(hints) < 0.15 * words:
        return None
    decoded, _ = decode(text, "viqr")
    changed = [w for w in _WORD.findall(decoded) if not w.isascii()]
    good = sum(is_syllable(w) for w in changed)
    return "viqr" if good >= MIN_EVIDENCE and good >= 0.8 * len(changed) else None


def fix_encoding(text: str, mode: FixEncoding = "auto") -> Fixed:
    """Detect (``"auto"``) or apply a given legacy ``encoding``; ``"off"`` does nothing."""
    if mode == "off":
        return Fixed(text, OffsetMap(original_length=len(text)), None)
    if mode != "auto" and mode not in ENCODINGS:
        raise ValueError(
            f"E106: fix_encoding={mode!r}; choose from {', '.join(FIX_ENCODING_MODES)}"
        )
    found: Encoding | None = detect(text) if mode == "auto" else mode
    if found is None:
        return Fixed(text, OffsetMap(original_length=len(text)), None)
    out, offsets = decode(text, found)
    return Fixed(out, offsets, found)


# ---------------------------------------------------------------- encoding (for tests)


def representable(text: str, encoding: Encoding) -> str:
    """``text`` with each character ``encoding`` cannot hold replaced by the nearest one it
    can (same length): TCVN3 has no upper-case toned letters, so ABC users wrote them in
    lower case; VISCII uses the bytes of curly quotes and the no-break space for letters.

    >>> representable("ỦY BAN “Ấn”", "tcvn3"), representable("“Ấn”\u00a0", "viscii")
    ('ủY BAN “ấn”', '"Ấn" ')
    """
    if encoding in ("viqr", "mojibake"):
        return text
    table = byte_table(encoding)
    taken = _decoder(encoding)[1]
    chars = _character_table()
    out = []
    for ch in text:
        if ch.isascii() or ch in table:
            out.append(ch)
        elif ch.lower() in table:
            out.append(ch.lower())
        elif ch not in taken and not any(v in taken for v in _views(_cp1252_bytes().get(ch, 0))):
            out.append(ch)
        elif len(chars.get(ch, "")) == 1:
            out.append(chars[ch])
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else "?")
    return "".join(out)


def _character_table() -> dict[str, str]:
    from .characters import table

    return table()


def encode(text: str, encoding: Encoding) -> tuple[str, list[int]]:
    """``text`` (NFC Unicode) written in ``encoding`` as a wrongly-decoded string would
    show it, and for each character of ``text`` its start in the result (plus the end).
    Apply :func:`representable` first: characters the encoding cannot hold stay as they are.

    >>> encode("Việt", "vni")
    ('Vieät', [0, 1, 2, 4, 5])
    >>> encode("Việt đã.", "viqr")[0]
    'Vie^.t dda~\\\\.'
    """
    out: list[str] = []
    starts: list[int] = []
    size = 0
    prev = ""
    viqr_marks = _viqr()[1] if encoding == "viqr" else {}
    for ch in text:
        starts.append(size)
        piece = _encode_char(ch, encoding, prev, viqr_marks)
        out.append(piece)
        size += len(piece)
        prev = piece[-1:] if piece else prev
    starts.append(size)
    return "".join(out), starts


_LETTER_MARKS = ("\u0302", "\u0306", "\u031b")


def _encode_char(ch: str, encoding: Encoding, prev: str, viqr_marks: dict[str, tuple[str, str]]) -> str:
    if encoding == "mojibake":
        raw = ch.encode("utf-8")
        return ch if len(raw) == 1 else "".join(_latin_view(b) for b in raw)
    if encoding == "viqr":
        if ch in viqr_marks and prev and (prev.lower() in "aeiouy" or prev in viqr_marks):
            return "\\" + ch
        if ch == "\\":
            return "\\\\"
        if ch in "đĐ":
            return "dd" if ch == "đ" else "DD"
        d = unicodedata.normalize("NFD", ch)
        if len(d) == 1 or not d[0].isascii():
            return ch
        by_combining = {c: m for m, (c, _) in viqr_marks.items()}
        marks = sorted(d[1:], key=lambda c: c not in _LETTER_MARKS)  # letter mark, then tone
        if any(c not in by_combining for c in marks):
            return ch
        return d[0] + "".join(by_combining[c] for c in marks)
    table = byte_table(encoding)
    if ch in table:
        return "".join(_latin_view(ord(b)) for b in table[ch])
    return ch


def _latin_view(byte: int) -> str:
    """A byte as Windows-1252 shows it (Latin-1 for the five bytes cp1252 leaves out)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)
