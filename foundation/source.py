"""The values passed between a source and the pipeline: the letter it yields, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Result = Literal["stored", "duplicate", "quarantined"]


@dataclass(frozen=True)
class RawLetter:
    """A letter's exact bytes and the campaign mailbox it reached. Lives only in memory."""

    data: bytes
    mailbox: str


@dataclass(frozen=True)
class Outcome:
    """What the pipeline made of one letter: a source acknowledges it only once this is committed."""

    letter_id: str
    result: Result
