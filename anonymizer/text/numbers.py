"""Account, card, passport and personal ID numbers, and other digit runs long enough to identify."""

from __future__ import annotations

import re

from anonymizer.text.spans import Hit

IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){11,30}\b")
CARD = re.compile(r"(?<![\d-])\d{4}(?:[ \u00a0-]?\d{4}){2,3}(?:[ \u00a0-]?\d{1,3})?(?![\d-])")
# Belarusian passport series + 7 digits (MP1234567, AB1234567, KH…), other two-letter series too.
PASSPORT = re.compile(r"\b[A-ZА-Я]{2}[ \u00a0№]?\d{7}\b")
# Belarusian personal number: 7 digits, letter, 3 digits, 2 letters, check digit (3140583A001PB5).
PERSONAL_ID = re.compile(r"\b\d{7}[A-ZА-Я]\d{3}[A-ZА-Я]{2}\d\b", re.IGNORECASE)
# Any run of six or more digits, allowing single separators between groups.
DIGITS = re.compile(r"(?<![\w])\d(?:[ \u00a0./-]?\d){5,}(?![\w])")
# "1 000 000 people", "2 500 000" — grouping in thousands is a quantity, not an identifier.
THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0,.]\d{3})+")
DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|\d{4}-\d\d-\d\d|(?:1[89]|20)\d\d-(?:1[89]|20)\d\d")
# Tax / company numbers carry their label: УНП 291457803, NIP 123-456-32-18, ИНН …
LABELLED = re.compile(r"\b(?:УНП|УНН|ИНН|ІНН|ОГРН|NIP|REGON|PESEL|ИПН|ЕДРПОУ|VAT)\s*:?\s*[\d -]{6,}\d", re.IGNORECASE)


def _luhn(digits: str) -> bool:
    total = 0
    for n, char in enumerate(reversed(digits)):
        value = int(char) * (2 if n % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _iban_ok(candidate: str) -> bool:
    compact = re.sub(r"\s", "", candidate)
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def find(text: str) -> list[Hit]:
    """Checksummed numbers by name, then any other long digit run that is not a date or amount."""
    hits = [Hit(m.start(), m.end(), "number", "iban") for m in IBAN.finditer(text) if _iban_ok(m.group())]
    for match in CARD.finditer(text):
        if _luhn(re.sub(r"\D", "", match.group())):
            hits.append(Hit(match.start(), match.end(), "number", "payment card"))
    hits += [Hit(m.start(), m.end(), "number", "passport") for m in PASSPORT.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "personal id") for m in PERSONAL_ID.finditer(text)]
    hits += [Hit(m.start(), m.end(), "number", "registration number") for m in LABELLED.finditer(text)]
    for match in DIGITS.finditer(text):
        run = match.group()
        if THOUSANDS.fullmatch(run) or DATE.fullmatch(run):
            continue
        hits.append(Hit(match.start(), match.end(), "number", "long digit run"))
    return hits
