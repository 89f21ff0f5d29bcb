"""napishy's fixed words, each defined once: markers, letter kinds, statuses, roles, languages, OCR states.

Imports nothing but `enum`, so every layer (the anonymizer, the services, the exports and both
shells) reads it without loading the letter pipeline: a read-only command stays fast.
The members are `StrEnum`s, so they compare, store and print as the very strings of the
JSON contracts in DESIGN.md; the tuples are those plain strings, for argparse choices and SQL.
"""

from __future__ import annotations

from enum import StrEnum


class Marker(StrEnum):
    """What a redaction leaves in the text, `[name]`. Order is priority: when two detectors claim
    overlapping text, the earlier marker names it. QUOTE no detector leaves; an operator types it."""

    EMAIL = "email"
    LINK = "link"
    HANDLE = "handle"
    PHONE = "phone"
    NUMBER = "number"
    ADDRESS = "address"
    WORKPLACE = "workplace"
    SIGNATURE = "signature"
    NAME = "name"
    QUOTE = "quote"


class Kind(StrEnum):
    """What the classifier made of a letter (`napishy anonymize --json` "kind")."""

    LETTER = "letter"
    SPAM = "spam"
    AUTOREPLY = "autoreply"
    EMPTY = "empty"


class Status(StrEnum):
    """Where a letter stands in review (`napishy queue --status`)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    QUARANTINED = "quarantined"


class Role(StrEnum):
    """A web console user's role: organisers may also export."""

    OPERATOR = "operator"
    ORGANISER = "organiser"


class Language(StrEnum):
    """The languages napishy detects and anonymises, the publication's (Belarusian) first."""

    BE = "be"
    RU = "ru"
    UK = "uk"
    PL = "pl"
    EN = "en"


class OcrStatus(StrEnum):
    """What reading an image's text came to (stored per image; "" is an image stored before OCR)."""

    READ = "read"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    FAILED = "failed"
    OVER_BUDGET = "over-budget"


HAND_MARKERS: tuple[str, ...] = (Marker.QUOTE.value,)
ALL_MARKERS: tuple[str, ...] = tuple(m.value for m in Marker)
MARKERS: tuple[str, ...] = tuple(m for m in ALL_MARKERS if m not in HAND_MARKERS)  # what detectors leave
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
DECIDED: tuple[str, ...] = (Status.APPROVED.value, Status.REJECTED.value)  # what `reset` sends back to pending
ROLES: tuple[str, ...] = tuple(r.value for r in Role)
LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
OCR_STATUSES: tuple[str, ...] = ("", *(s.value for s in OcrStatus))  # "": never read
