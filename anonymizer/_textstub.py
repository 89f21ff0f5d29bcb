"""TEMPORARY stand-ins for the text half (quotes, roster, redact, language, kind).

Deleted as soon as the real modules exist; only `letter.py` imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from anonymizer.model import RedactedSpan, Redaction


@dataclass(frozen=True)
class Roster:
    """Stub roster: no attorneys."""

    ids: tuple[str, ...] = ()


def default_roster() -> Roster:
    return Roster()


def strip_quotes_and_signatures(text: str) -> tuple[str, tuple[RedactedSpan, ...]]:
    return text, ()


def find_recipients(text: str, roster: Roster) -> tuple[str, ...]:
    return ()


def redact(text: str, roster: Roster) -> Redaction:
    return Redaction(text=text)


def detect_language(text: str) -> str:
    return "en"


def classify_kind(headers: Mapping[str, str], text: str, *, has_attachments: bool = False) -> str:
    return "letter" if text.strip() or has_attachments else "empty"
