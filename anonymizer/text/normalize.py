"""Undo the text tricks that hide an identifier from pattern and dictionary detectors.

A zero-width space inside a name, a soft hyphen inside an address, a full-width "＠", a
Latin "а" inside a Cyrillic surname or a pasted RFC 2047 word ("=?UTF-8?B?…?=") all read
the same to a person and differently to a regex. `clean` rewrites the letter's text once,
before any detector runs, so the published text carries no invisible characters either.
`digits_view` is a same-length copy for number detectors only: "+375 29 l23 45 6O".
"""

from __future__ import annotations

import re
import unicodedata
from email.header import decode_header

# Spaces and hyphens of other widths read as the ASCII ones.
_SPACES = dict.fromkeys([0x2000 + n for n in range(11)] + [0x202F, 0x205F, 0x3000, 0x1680], " ")
_HYPHENS = dict.fromkeys([0x2010, 0x2011, 0x2043, 0x2212, 0xFE63, 0xFF0D], "-")
_TRANSLATE = str.maketrans({**_SPACES, **_HYPHENS})
# Compatibility forms that spell letters, digits and "@" in disguise: full-width and
# half-width forms, mathematical alphanumerics, enclosed and super/subscript digits.
_COMPATIBLE = re.compile("[\uff01-\uffef\U0001d400-\U0001d7ff\u2460-\u24ff\U0001f100-\U0001f1ff\u2070-\u209f¹²³]+")
_ENCODED_WORD = re.compile(r"=\?[\w.-]+\?[BbQq]\?[^?\s]+\?=")

# Look-alike letters: a Latin letter in a Cyrillic word is a Cyrillic one typed on the wrong
# keyboard (or planted), and the other way round.
_LATIN_TO_CYRILLIC = dict(zip("aceopxyiABCEHKMOPTXI", "асеорхуіАВСЕНКМОРТХІ", strict=True))
_CYRILLIC_TO_LATIN = {c: latin for latin, c in _LATIN_TO_CYRILLIC.items()}
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f]")


def _invisible(char: str) -> bool:
    """Format characters (zero-width, soft hyphen, bidi controls, BOM, tags) and variation selectors."""
    return unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f"


def _decode_encoded_words(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        try:
            (value, charset), *_ = decode_header(match.group())
            return value.decode(charset or "ascii", "replace") if isinstance(value, bytes) else value
        except (LookupError, ValueError):
            return match.group()

    return _ENCODED_WORD.sub(decode, text) if "=?" in text else text


def _fold_word(word: str) -> str:
    """A word written in two scripts, in the one its other letters are written in."""
    cyrillic = [c for c in word if _CYRILLIC_LETTER.match(c)]
    latin = [c for c in word if _LATIN_LETTER.match(c)]
    if not cyrillic or not latin:
        return word
    only_cyrillic = any(c not in _CYRILLIC_TO_LATIN for c in cyrillic)
    only_latin = any(c not in _LATIN_TO_CYRILLIC for c in latin)
    to_cyrillic = only_cyrillic or (not only_latin and len(cyrillic) >= len(latin))
    table = _LATIN_TO_CYRILLIC if to_cyrillic else _CYRILLIC_TO_LATIN
    if any(c not in table for c in (latin if to_cyrillic else cyrillic)):
        return word  # a letter with no look-alike: leave the word as written
    return "".join(table.get(c, c) for c in word)


# "О л ь г а  П р о к о п е н к о": four or more single letters one space apart are one word
# spelled out; two spaces (or more) part the words.
_SPACED_OUT = re.compile(r"(?<![^\W\d_])[^\W\d_](?: [^\W\d_]){3,}(?![^\W\d_])")


# A right-to-left override shows what follows it backwards, up to its pop or the line's end:
# "\u202eвонаворИ" reads "Иванов" on screen. The text gets the order a reader sees.
_OVERRIDDEN = re.compile("\u202e([^\u202c\n]*)\u202c?")


def _visual_order(text: str) -> str:
    return _OVERRIDDEN.sub(lambda m: m.group(1)[::-1], text) if "\u202e" in text else text


def _join_spaced_letters(text: str) -> str:
    return _SPACED_OUT.sub(lambda m: m.group().replace(" ", ""), text)


def clean(text: str) -> str:
    """`text` without invisible characters, with disguised letters, digits and spaces made plain."""
    text = _join_spaced_letters(_decode_encoded_words(text))
    if not text.isascii():
        text = "".join(c for c in _visual_order(text) if not _invisible(c)).translate(_TRANSLATE)
        text = _COMPATIBLE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = _WORD.sub(lambda m: _fold_word(m.group()), text)
    return text


# Digits typed with letters that look like them, as phone numbers get typed or disguised: "l23", "6O",
# a Cyrillic "З" for 3, "б" for 6, "S" for 5.
_DIGIT_LOOKALIKES = str.maketrans("OoОоlI|ЗзбS", "00001113365")
_DIGITISH = re.compile(r"(?<![^\W\d_])[\dOoОоlI|ЗзбS]*\d[\dOoОоlI|ЗзбS]*(?![^\W\d_])")


def digits_view(text: str) -> str:
    """Same length as `text`; in a token of digits and look-alike letters, the letters become digits."""
    def fix(match: re.Match[str]) -> str:
        token = match.group()
        # a short group ("l2З") or a token mostly of digits: a phone number's part
        mostly_digits = sum(c.isdigit() for c in token) * 2 >= len(token)
        return token.translate(_DIGIT_LOOKALIKES) if mostly_digits or len(token) <= 4 else token

    return _DIGITISH.sub(fix, text)
