"""The one value every source yields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawLetter:
    """A letter's exact bytes and the campaign mailbox it reached. Lives only in memory."""

    data: bytes
    mailbox: str
