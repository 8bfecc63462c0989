"""Read bytes that are not UTF-8 as Vietnamese in a legacy encoding, or give up.

Old archives hold files typed with TCVN3/ABC (``.VnTime``), VNI or VISCII fonts,
which are 8-bit: the bytes are ordinary Windows-1252 characters that a Vietnamese
font draws as Vietnamese letters, so they are almost never valid UTF-8.  Others were
saved in Windows-1258, the Vietnamese Windows code page, which writes most tone
marks as separate combining characters.  :func:`guess` tells these apart from a
damaged UTF-8 file and from text in some other language:

1. Bytes that look like UTF-8 (most of their non-ASCII bytes form valid UTF-8
   sequences: a damaged UTF-8 file) are not guessed at: None.
2. The **Windows view** of the bytes (:func:`windows_view`: Windows-1252, and
   Latin-1 for the five bytes Windows-1252 leaves undefined) is one character a
   byte, so offsets into it are byte offsets of the file, and it is exactly what
   :func:`vnextract.normalize.encodings.detect` reads (its tables hold both the
   Windows-1252 and the Latin-1 view of bytes 0x80-0x9F).  TCVN3 and VNI keep
   0x80-0x9F for Windows' curly quotes and dashes, which this view shows as such
   (the Latin-1 view would show invisible C1 control characters).  When
   ``detect`` (or the forced ``mode``) names ``tcvn3``, ``vni`` or ``viscii``, that
   view is the text: the normaliser converts it to Unicode, records' offsets point
   into it.
3. Else, when the bytes decode as Windows-1258 without error and the result reads
   as Vietnamese (:func:`reads_as_vietnamese`), that decoded text (combining marks
   as they are: the normaliser composes them, offsets kept).
4. Else None: the caller reports E202.

>>> guess("Ủy ban nhân dân".encode() + b"\\xff", "auto") is None   # damaged UTF-8
True
>>> guess(b"U\\xdby ban nha\\xe2n da\\xe2n t\\xe6nh Ho\\xf8a B\\xecnh", "auto")   # VNI
('UÛy ban nhaân daân tænh Hoøa Bình', 'vni')
>>> text, found = guess(b"H\\xf4\\xf2i nghi\\xf2 ti\\xd2nh", "auto")   # Windows-1258
>>> found, text == "Hô\\u0323i nghi\\u0323 ti\\u0309nh"
('cp1258', True)
>>> guess(bytes(range(128, 256)), "auto") is None
True
"""

from __future__ import annotations

import codecs
import unicodedata

import regex

from ..normalize.encodings import FixEncoding, detect, is_syllable

__all__ = ["EIGHT_BIT", "guess", "looks_like_utf8", "reads_as_vietnamese", "windows_view"]

EIGHT_BIT = ("tcvn3", "vni", "viscii")
"""The legacy encodings that are 8-bit font encodings (VIQR is ASCII, mojibake UTF-8)."""


def _windows_table() -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))  # 0x81 0x8D 0x8F 0x90 0x9D: Latin-1
    return "".join(chars)


_WINDOWS = _windows_table()
"""Byte -> the character Windows-1252 shows (Latin-1 where it shows none): 256 characters."""


def windows_view(data: bytes) -> str:
    """``data`` one character a byte, as Windows-1252 (Latin-1 for its five undefined bytes).

    >>> windows_view(b"\\x93S\\xb8ng\\x94 \\x81")
    '“S¸ng” \\x81'
    """
    return codecs.charmap_decode(data, "strict", _WINDOWS)[0]


_HIGH_BYTES = bytes(range(0x80, 0x100))


def looks_like_utf8(data: bytes) -> bool:
    """Do most non-ASCII bytes of ``data`` form valid UTF-8 sequences (a damaged UTF-8
    file rather than a legacy one)?

    >>> looks_like_utf8("Ủy ban".encode() + b"\\xff"), looks_like_utf8(b"Uy\\xdb ban")
    (True, False)
    """
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    # the valid sequences survive "ignore"; ASCII bytes are always valid
    inside = len(data.decode("utf-8", "ignore").encode("utf-8")) - (len(data) - high)
    return high > 0 and inside >= 0.5 * high


_WORD = regex.compile(r"[\p{L}\p{M}]++")
_OUTSIDE_LATIN1 = regex.compile(r"[^\x00-\xff]")
_NOT_TEXT = regex.compile(r"[^\x00-\x7f\p{L}\p{M}\p{Pi}\p{Pf}\p{Pd}\u00a0\u2026\u20ab]")
"""A non-ASCII character Vietnamese text does not hold: not a letter, a mark, a quote,
a dash, a no-break space, an ellipsis or the đồng sign."""
MAX_WORDS = 2000
"""Non-ASCII words :func:`reads_as_vietnamese` looks at (the first ones)."""
MIN_VIETNAMESE = 2
"""Syllables with a letter only Vietnamese uses (ă, ơ, ư, đ, ệ ...) that must be seen."""
SHARE = 0.8
"""The share of non-ASCII words that must be Vietnamese syllables."""


def reads_as_vietnamese(text: str) -> bool:
    """After NFC, are most words holding non-ASCII letters Vietnamese syllables, do at
    least two use letters outside Latin-1 (so French or German text is not), and are
    most non-ASCII characters letters, marks or punctuation (not symbols of random bytes)?
    The first :data:`MAX_WORDS` such words are looked at.

    >>> reads_as_vietnamese("ta\\u0323i \\u0111\\u00e2y n\\u0103m nay, tha\\u0301ng 6")  # tại đây năm nay
    True
    >>> reads_as_vietnamese("Ho\\u0300a Bi\\u0300nh n\\u0103m nay")  # one letter beyond Latin-1
    False
    >>> reads_as_vietnamese("Müller café résumé à l'école")
    False
    """
    words = []
    end = len(text)
    for m in _WORD.finditer(text):
        if not m.group().isascii():
            words.append(unicodedata.normalize("NFC", m.group()))
            if len(words) >= MAX_WORDS:
                end = m.end()
                break
    seen = text[:end]
    high = len(seen) - len(seen.encode("ascii", "ignore"))
    others = len(_NOT_TEXT.findall(seen))
    good = [w for w in words if is_syllable(w)]
    vietnamese = sum(1 for w in good if _OUTSIDE_LATIN1.search(w))
    return (
        vietnamese >= MIN_VIETNAMESE
        and len(good) >= SHARE * len(words)
        and others <= (1 - SHARE) * high
    )


def guess(data: bytes, mode: FixEncoding) -> tuple[str, str] | None:
    """``(text, encoding)`` for bytes that are not valid UTF-8, or None (see the module
    docstring); ``encoding`` is ``tcvn3``, ``vni``, ``viscii`` or ``cp1258``.

    ``mode`` is ``--fix-encoding``: ``"off"`` guesses nothing; ``"tcvn3"``, ``"vni"`` or
    ``"viscii"`` take the Windows view without detection; ``"auto"`` detects;
    ``"viqr"`` and ``"mojibake"`` (which are not 8-bit) only try Windows-1258.
    """
    if mode == "off":
        return None
    if mode in EIGHT_BIT:
        return windows_view(data), mode
    if looks_like_utf8(data):
        return None
    if mode == "auto":
        view = windows_view(data)
        found = detect(view)
        if found in EIGHT_BIT:
            return view, found
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    return (text, "cp1258") if reads_as_vietnamese(text) else None
