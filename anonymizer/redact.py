"""Replace everything that identifies a sender in a letter's text by a visible marker.

Pure: text and roster in, `Redaction` out. Models (natasha) load on first use or on
`warm_up()`, never at import, so the CLI starts fast.
"""

from __future__ import annotations

from anonymizer.model import Redaction
from anonymizer.roster import Roster
from anonymizer.text import (
    addresses,
    arrests,
    dictionaries,
    emails,
    institutions,
    links,
    names,
    ner,
    numbers,
    phones,
    units,
    workplaces,
)
from anonymizer.text.normalize import digits_view
from anonymizer.text.recase import recase
from anonymizer.text.spans import CHECK, Hit, apply


def warm_up() -> None:
    """Load the NER models and the dictionaries now (before a benchmark, or at service start)."""
    ner.load()
    dictionaries.load()


def redact(text: str, roster: Roster, known: tuple[str, ...] = ()) -> Redaction:
    """`text` with e-mails, links, handles, phones, numbers, addresses, workplaces and names marked.

    Structured identifiers are found first; name detection then runs on the text with
    those spans blanked, so "ivan.petrov@…" cannot feed "Petrov" into name rules twice.
    `known` are names the letter's headers give (`header_names`): they go wherever they stand.
    """
    hits: list[Hit] = []
    for detector in (emails.find, links.find, addresses.find, workplaces.find, units.find, arrests.find):
        hits += detector(text)
    hits += institutions.find(text, roster)
    digits = digits_view(text)  # "29 l23 45 6O": same length, letters that pose as digits made digits
    for detector in (phones.find, numbers.find):
        hits += detector(digits)
    blanked = _blank(recase(text, roster), hits)  # names need capitals: see `recase`
    hits += names.find(blanked, roster, known)
    return apply(text, hits)


def _blank(text: str, hits: list[Hit]) -> str:
    """Same length as `text`, with found spans replaced by spaces so offsets still line up."""
    chars = list(text)
    for hit in hits:
        if hit.kind != CHECK:  # a kept street still has its words judged: "улице Ипатовой"
            chars[hit.start: hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)
