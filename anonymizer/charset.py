"""Decoding text whose charset is declared wrongly or not at all.

Belarusian and Russian mail still arrives in KOI8-R, windows-1251 and ISO-8859-5, often
mislabelled. We try the declared charset, then UTF-8, then choose between the Cyrillic
single-byte charsets by letter frequency, and record a named defect whenever we guessed:
text is never dropped silently, and never replaced by question marks when a guess exists.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from anonymizer.defects import CharsetGuessedDefect, CharsetMismatchDefect, NulByteDefect, UnknownCharsetDefect, note

# Codecs Python accepts for bytes.decode that are not real mail charsets: they interpret
# escapes or punycode, which would let a letter rewrite its own text.
_REFUSED = frozenset({"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined", "mbcs", "oem"})
_SINGLE_BYTE_CYRILLIC = frozenset({"cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic"})
_CYRILLIC_GUESSES = ("cp1251", "koi8_r", "iso8859_5")
# Latin single-byte charsets old clients declare by default while writing windows-1251.
_LATIN_DEFAULTS = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15", "ascii"})
# The most frequent Cyrillic letters in Belarusian, Russian and Ukrainian prose: correctly
# decoded text has most of its letters here, a mis-decoded one (a permutation) does not.
_FREQUENT = frozenset("оеаинтсрвлкіы")
_CYRILLIC = re.compile(r"[Ѐ-ӿ]")
# C0/C1 controls except tab and newline: they can drive a terminal (operators read letters in
# one) and carry nothing a reader needs.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SAMPLE = 8000
_BINARY_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"RIFF", b"%PDF-", b"PK\x03\x04", b"MZ", b"\x7fELF")
_PUNCTUATION = frozenset(".,;:!?-–—'\"«»„“”()[]/*@#%&+=<>«»…№_")
_MIN_LETTERS = 12


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec used, and the defects met on the way (names, no content)."""

    text: str
    charset: str
    defects: tuple[str, ...] = ()


def normalise_charset(declared: str | None) -> str | None:
    """The Python codec name for a declared charset, or None when unknown or refused."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    if name in {"unknown-8bit", "x-unknown", "8bit", "default"}:
        return None
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except (LookupError, ValueError):
        return None
    if codec in _REFUSED:
        return None
    return codec


def frequency_score(text: str) -> float:
    """Share of Cyrillic letters that are frequent ones; 0.0 when there are too few letters."""
    sample = text[:_SAMPLE]
    letters = _CYRILLIC.findall(sample)
    if len(letters) < _MIN_LETTERS:
        return 0.0
    frequent = sum(1 for ch in letters if ch.lower() in _FREQUENT)
    return frequent / len(letters)


def _best_cyrillic(data: bytes) -> tuple[str, str, float]:
    """Decode with each Cyrillic single-byte charset; keep the one that reads most like prose."""
    best: tuple[str, str, float] | None = None
    for codec in _CYRILLIC_GUESSES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = frequency_score(text)
        if best is None or score > best[2]:
            best = (text, codec, score)
    if best is None:  # unreachable in practice: koi8_r and iso8859_5 decode every byte
        return data.decode("utf-8", "replace"), "utf_8", 0.0
    return best


def _guess(data: bytes) -> tuple[str, str]:
    """Undeclared or undecodable bytes: UTF-8 when valid, else the likeliest Cyrillic codec."""
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    text, codec, _ = _best_cyrillic(data)
    return text, codec


def _second_opinion(data: bytes, text: str, codec: str) -> tuple[str, str] | None:
    """A better Cyrillic reading of text that decoded without error under a single-byte codec."""
    if codec not in _SINGLE_BYTE_CYRILLIC and codec not in _LATIN_DEFAULTS:
        return None
    if not any(b >= 0xC0 for b in data[:_SAMPLE]):
        return None
    try:
        # Multi-byte UTF-8 does not happen by chance in single-byte text.
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    current = frequency_score(text)
    if codec in _LATIN_DEFAULTS:
        # Latin text has no Cyrillic letters at all; re-read it as Cyrillic and compare.
        letters = sum(1 for ch in text[:_SAMPLE] if "À" <= ch <= "ÿ")
        if letters < _MIN_LETTERS:
            return None
    alt_text, alt_codec, alt = _best_cyrillic(data)
    if alt_codec != codec and alt > 0.55 and alt > current + 0.1:
        return alt_text, alt_codec
    return None


def looks_binary(data: bytes, share: float = 0.1) -> bool:
    """True for bytes that are not text in any charset: a known binary signature, or control
    bytes (NUL included) in more than `share` of them. A few stray NULs in a letter keep it
    text; an image pasted as a "text" body does not."""
    head = data[:_SAMPLE]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls > len(head) * share


def mostly_unreadable(text: str) -> bool:
    """True when under 70% of a sample is letters, digits, spaces or punctuation, or there are
    hardly any spaces: binary data a fallback charset decoded without error (KOI8-R decodes
    every byte)."""
    sample = text[:_SAMPLE]
    if len(sample) < 64:
        return False
    readable = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in _PUNCTUATION)
    spaces = sum(1 for ch in sample if ch.isspace())
    # Prose has a space every few letters; decoded noise has words hundreds of letters long.
    return readable < 0.7 * len(sample) or spaces < 0.03 * len(sample)


def clean_controls(text: str) -> str:
    """Normalise newlines and remove control characters (NUL included)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data`, trusting `declared` only as far as the bytes agree with it."""
    defects: list[str] = []
    codec = normalise_charset(declared)
    if declared and codec is None:
        defects.append(note(UnknownCharsetDefect()))
    text: str | None = None
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            defects.append(note(CharsetMismatchDefect()))
        else:
            better = _second_opinion(data, text, codec)
            if better is not None:
                text, codec = better
                defects.append(note(CharsetMismatchDefect()))
    if text is None:
        if data.isascii():
            text, codec = data.decode("ascii"), "ascii"
        else:
            text, codec = _guess(data)
            defects.append(note(CharsetGuessedDefect()))
    if "\x00" in text:
        defects.append(note(NulByteDefect()))
    return Decoded(clean_controls(text), codec or "ascii", tuple(defects))
