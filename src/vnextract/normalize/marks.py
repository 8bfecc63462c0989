"""Tone marks on the wrong letter: typed before the vowel, on a consonant, or twice.

Keyboards and old input methods leave marks where they do not belong: a tone typed
before its vowel lands on the consonant ("h" + grave + "oa"; NFC even makes it a
letter of its own, "ǹ"), a mark can start a word, or be doubled ("a" + acute +
acute).  In a word with exactly one distinct tone mark, the mark is moved to the
vowel that carries the tone (the tone-placement step then applies the chosen
style); the word is changed only when the result is a well-formed Vietnamese
syllable.  Words with two different tones are left alone.

>>> nfc = lambda s: unicodedata.normalize("NFC", s)
>>> nfc(fix_marks("h\\u0300oa bi\\u0300nh, \\u0301Nguye\\u0302n, ca\\u0301\\u0301c")[0])
'hòa bình, Nguyến, các'
>>> fix_marks("hòa bình")[0]   # nothing to fix: the same string
'hòa bình'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from .characters import quick_class
from .encodings import is_syllable, syllable_parts
from .offsets import OffsetMap, OffsetMapBuilder

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
"""grave, acute, tilde, hook above, dot below."""


@lru_cache(maxsize=None)
def _precomposed() -> str:
    """Precomposed consonants with a Vietnamese tone mark (``ǹ``, ``ḿ``)."""
    return "".join(
        chr(c)
        for c in range(0xC0, 0x2000)
        if len(d := unicodedata.normalize("NFD", chr(c))) == 2
        and d[0].lower() in "bcdfghjklmnpqrstvwxz"
        and d[1] in TONE_MARKS
    )


@lru_cache(maxsize=None)
def _suspect() -> regex.Pattern[str]:
    """A combining mark, or a precomposed consonant with a Vietnamese tone mark."""
    return regex.compile(rf"\p{{M}}|[{regex.escape(_precomposed())}]")


@lru_cache(maxsize=None)
def _maybe_suspect() -> re.Pattern[str]:
    """A superset of :func:`_suspect` that the standard library scans faster."""
    return quick_class(_suspect())


INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Characters the normaliser deletes: a word runs on across them (keep in sync with
the empty replacements of ``data/characters.tsv``)."""
_WORD = regex.compile(rf"[\p{{L}}\p{{M}}{INVISIBLE}]{{1,40}}+")


def fix_marks(text: str) -> tuple[str, OffsetMap]:
    """Move misplaced and doubled tone marks onto their vowel; one segment per word."""
    if _maybe_suspect().search(text) is None or _suspect().search(text) is None:
        return text, OffsetMap(original_length=len(text))
    builder = OffsetMapBuilder(text)
    pos = 0
    at = 0
    suspect = _suspect()
    while (hit := suspect.search(text, at)) is not None:
        # the word around the suspect character (at most 40 characters each side)
        start = hit.start()
        while start > max(at, hit.start() - 40) and _is_word_char(text[start - 1]):
            start -= 1  # (never back into the stretch already read: linear time)
        m = _WORD.match(text, start)
        if m is None or m.end() <= hit.start():
            at = hit.end()
            continue
        at = max(m.end(), hit.end())
        fixed = _fix_word(m.group()) if m.start() >= pos else None
        if fixed is None:
            continue
        builder.copy(pos, m.start())
        builder.replace(m.start(), m.end(), fixed)
        pos = m.end()
    builder.copy(pos, len(text))
    offsets = builder.finish(len(text))
    return (text if offsets.is_identity else builder.text()), offsets


_LETTER_MARKS = "\u0302\u0306\u031b"


@lru_cache(maxsize=None)
def _letter_lookalikes() -> dict[int, str]:
    """Letters the character table replaces by a letter (Ð -> Đ), applied first so that
    a word is judged as the later steps will spell it (normalising stays idempotent)."""
    from .characters import table

    return {ord(c): r for c, r in table().items() if c.isalpha() and len(r) == 1 and r.isalpha()}


def _is_word_char(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c) in ("Mn", "Mc", "Me") or c in INVISIBLE


def _fix_word(word: str) -> str | None:
    """The word with its tone mark on the right vowel, or None to leave it.

    A tone is moved when it is doubled, sits on a consonant or before the word,
    comes before the vowel's own mark (e + tilde + circumflex), or misses the
    vowel with a mark (â ê ô ơ ư ă) that Vietnamese spelling gives it.
    """
    visible = "".join(c for c in word if c not in INVISIBLE)
    decomposed = unicodedata.normalize("NFD", visible.translate(_letter_lookalikes()))
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(set(tones)) != 1:
        return None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    parts = syllable_parts(base)
    if parts is None:
        return None
    start, cluster, coda = parts
    i = _tone_index(start, cluster, coda)
    current, reordered = _tone_position(decomposed)
    in_cluster = start <= current < start + len(cluster)
    has_marked = any(c in "ăâêôơư" for c in cluster)
    if len(tones) == 1 and not reordered and in_cluster and (current == i or not has_marked):
        return None  # on a vowel of the syllable: tone placement handles the style
    out = unicodedata.normalize("NFC", base[: i + 1] + tones[0] + base[i + 1 :])
    if not is_syllable(out) or out == unicodedata.normalize("NFC", visible):
        return None
    return out


def _tone_position(decomposed: str) -> tuple[int, bool]:
    """(index of the letter the first tone sits on, -1 before any; a letter mark follows it)."""
    letter = -1
    position: int | None = None
    reordered = False
    for c in decomposed:
        if not unicodedata.combining(c):
            if position is not None:
                break
            letter += 1
        elif c in TONE_MARKS and position is None:
            position = letter
        elif c in _LETTER_MARKS and position is not None:
            reordered = True
    return (letter if position is None else position), reordered


def _tone_index(start: int, cluster: str, coda: str) -> int:
    """Index in the syllable of the vowel that takes the tone (new style)."""
    marked = [k for k, c in enumerate(cluster) if c in "ăâêôơư"]
    if marked:
        k = marked[-1]
    elif len(cluster) == 1:
        k = 0
    elif coda:
        k = len(cluster) - 1
    elif len(cluster) == 3:
        k = 1
    else:
        k = 0
    return start + k
