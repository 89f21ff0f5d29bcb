"""Passphrases for the families' PDFs: typed on a phone by someone who heard them read aloud.

A generated passphrase is five groups of consonant-vowel syllables ("kobi-tanu-rezo-mesa-dupi"):
ASCII lower case, no letter that sounds or looks like another (no c/k, l/1, o/0 pairs of both),
about 60 bits of randomness. A passphrase from a file must be ASCII too: some phone readers
cannot take other characters, and a relative may have only a Latin keyboard.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from exports.common import ExportError

MIN_PASSPHRASE = 12
MAX_PASSPHRASE = 127  # PDF AES-256 (revision 6) reads at most 127 bytes of a password
_CONSONANTS = "bdfgkmnprstvz"
_VOWELS = "aeiu"  # no 'o': read aloud next to digits it is taken for zero
GROUPS = 5


def generate() -> str:
    """Five two-syllable groups joined by hyphens."""
    def syllable() -> str:
        return secrets.choice(_CONSONANTS) + secrets.choice(_VOWELS)

    return "-".join(syllable() + syllable() for _ in range(GROUPS))


def check(phrase: str, where: str) -> str:
    """The passphrase itself, or an ExportError saying what is wrong with it (never the passphrase)."""
    if len(phrase) < MIN_PASSPHRASE:
        raise ExportError(f"the passphrase {where} is shorter than {MIN_PASSPHRASE} characters")
    if len(phrase) > MAX_PASSPHRASE:
        raise ExportError(f"the passphrase {where} is longer than {MAX_PASSPHRASE} characters")
    if not (phrase.isascii() and phrase.isprintable()):
        raise ExportError(f"the passphrase {where} must be ASCII letters, digits, spaces and punctuation "
                          "(phone readers and Latin keyboards cannot take other characters)")
    return phrase


def read(path: Path) -> str:
    """The first line of the file, checked."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ExportError(f"cannot read the passphrase file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ExportError(f"the passphrase file {path} is not UTF-8 text") from None
    return check(lines[0].strip() if lines else "", f"in {path}")
