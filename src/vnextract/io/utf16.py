"""UTF-16 files (what Windows tools save as "Unicode"), read as a stream of UTF-8 bytes.

A file is taken as UTF-16 when it starts with a byte-order mark, or, without one, when
its first bytes have NULs at every other position (the high byte of the ASCII letters,
digits and spaces that make up most of Vietnamese text) and hardly any elsewhere; and
in both cases, when the bytes read that way are mostly Latin letters with hardly a
control character, as no binary format or 8-bit text does.  The readers then see UTF-8 bytes, decoded a chunk at a time, so
memory stays bounded; offsets are counted in the characters of the text as everywhere.

>>> import io
>>> data = "\\ufeffUBND tỉnh Hưng Yên\\n".encode("utf-16-le")
>>> encoding = utf16_encoding(data)
>>> encoding
'utf-16'
>>> Utf8Reader(io.BytesIO(data), encoding).read().decode("utf-8")
'UBND tỉnh Hưng Yên\\n'
>>> utf16_encoding("Hà Nội".encode("utf-8")) is None
True
"""

from __future__ import annotations

import codecs
import io
from typing import IO

CHUNK = 1 << 16
"""Bytes of UTF-16 decoded at a time."""

NUL_SHARE = 0.2
"""Without a byte-order mark: at least this share of the bytes in the NUL column."""

LATIN_SHARE = 0.5
"""At least this share of the text in Latin letters, marks and punctuation."""

BAD_SHARE = 0.01
"""At most this share of control characters or undecodable bytes in the text (a break in
the file, a character cut at the end of the probe) and, without a byte-order mark, of
NULs in the other column."""


def utf16_encoding(head: bytes) -> str | None:
    """``"utf-16"`` (with a byte-order mark), ``"utf-16-le"``/``"utf-16-be"`` (without
    one) for the first bytes of a UTF-16 file, else None.

    >>> utf16_encoding("Hà Nội là thủ đô".encode("utf-16-be"))
    'utf-16-be'
    >>> utf16_encoding(b"\\xff\\xfe\\x00\\x00") is None  # a UTF-32 mark
    True
    >>> utf16_encoding(b"\\xff\\xfe\\xfa not utf-16") is None  # a mark, then no text
    True
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    pairs = len(head) // 2
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif pairs < 8:
        return None
    else:
        even, odd = head[0 : 2 * pairs : 2], head[1 : 2 * pairs : 2]
        for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if nuls.count(0) >= NUL_SHARE * pairs and other.count(0) <= BAD_SHARE * pairs:
                break
        else:
            return None
    text = head[: 2 * pairs].decode(encoding, "replace")
    bad = sum(map(_is_bad, text))
    latin = sum(map(_is_latin, text))
    return encoding if bad <= BAD_SHARE * len(text) and latin >= LATIN_SHARE * len(text) else None


def _is_bad(char: str) -> bool:
    """A character that text does not hold: a control character or undecodable bytes."""
    return (char < " " and char not in "\t\n\r") or char == "\ufffd"


def _is_latin(char: str) -> bool:
    """A character of Vietnamese (or English) text: Latin letters, marks, punctuation."""
    return (
        char < "\u0250"
        or "\u0300" <= char <= "\u036f"
        or "\u1e00" <= char <= "\u1eff"
        or "\u2000" <= char <= "\u206f"
    )


class Utf8Reader(io.RawIOBase):
    """The UTF-8 bytes of a UTF-16 byte stream.

    Decoding stops at the first byte that is not UTF-16 (a lone surrogate, an odd
    last byte): the stream ends there and :attr:`error` says where, for the caller to
    report after the documents read before it.

    >>> reader = Utf8Reader(io.BytesIO("Hà".encode("utf-16-le") + b"\\x00\\xdc"), "utf-16-le")
    >>> reader.read(), reader.error
    (b'H\\xc3\\xa0', 'not valid UTF-16 at byte 4 (illegal encoding)')
    """

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        super().__init__()
        self._stream = stream
        self._consumed = 0
        if encoding == "utf-16":  # the mark says the byte order
            mark = stream.read(2)
            self._consumed = len(mark)
            encoding = "utf-16-le" if mark == codecs.BOM_UTF16_LE else "utf-16-be"
        self._encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._pending = b""
        self._done = False
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            chunk = self._stream.read(CHUNK)
            try:
                text = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                # (exc.object: the bytes held over from the last chunk, then this one)
                at = self._consumed - (len(exc.object) - len(chunk)) + exc.start
                self.error = f"not valid UTF-16 at byte {at} ({exc.reason})"
                text = exc.object[: exc.start].decode(self._encoding)
                chunk = b""
            self._consumed += len(chunk)
            self._done = not chunk
            self._pending = text.encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
