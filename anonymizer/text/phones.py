"""Telephone numbers: every Belarusian habit (+375 29 …, 8 (029) …, 80 29 …, 375291234567) and foreign ones."""

from __future__ import annotations

import re

import phonenumbers

from anonymizer.text.spans import Hit

# One line break may fall inside a number: a mail client wraps "+375 29\n123 45 67" at 72 columns.
CANDIDATE = re.compile(r"(?<![\w+])(?:\+[ \u00a0]?)?\(?\d[\d \u00a0().\-–]{0,24}(?:\n[\d \u00a0().\-–]{0,24})?\d(?!\w)")
_SEP_RUN = re.compile(r"[ \u00a0().\-–]{4,}")
DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d\d-\d\d")
YEARS = re.compile(r"(?:1[89]|20)\d\d[ \u00a0]*[-–][ \u00a0]*(?:1[89]|20)\d\d")
THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+")
KEYWORD = re.compile(
    r"(?:тел|моб|phone|tel|mob|cell|звоните|званіце|телефон|тэлефон|whatsapp|viber|signal|номер|numer|"
    r"telefon|комм?|факс|fax)[^\n\d]{0,20}$",
    re.IGNORECASE,
)
REGIONS = ("BY", "RU", "UA", "PL", "LT", "LV", "DE", "GB", "US")


def _valid_somewhere(raw: str) -> bool:
    """Ask libphonenumber whether this is a possible number in any region letters come from."""
    for region in (None,) if raw.lstrip().startswith("+") else REGIONS:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


def _trim_separators(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and not text[end - 1].isdigit():
        end -= 1
    return start, end


def find(text: str) -> list[Hit]:
    """Phone-shaped runs of 7 to 15 digits that are not dates, year ranges or plain quantities."""
    hits = []
    for match in CANDIDATE.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or _SEP_RUN.search(raw):
            continue
        if DATE.fullmatch(raw) or YEARS.fullmatch(raw):
            continue
        plus = raw.startswith("+")
        keyword = bool(KEYWORD.search(text[max(0, match.start() - 40): match.start()]))
        if "\n" in raw and not (plus or keyword or _valid_somewhere(raw.replace("\n", " "))):
            continue  # two lines of figures, not one number wrapped
        if THOUSANDS.fullmatch(raw) and not keyword:
            continue
        if len(digits) <= 8 and not (plus or keyword or re.search(r"\d{2,3}-\d\d-\d\d$", raw)):
            continue
        if len(digits) >= 9 or plus or keyword or _valid_somewhere(raw):
            start, end = _trim_separators(text, match.start(), match.end())
            hits.append(Hit(start, end, "phone", "phone number"))
    return hits
