"""Internal notes between operators on a letter ("asked Olga about the second paragraph").

Notes are operator text, so they must not become a side channel for what the anonymiser took
out: a note is run through the letter's own detectors (anonymizer.redact, with the deployment's
roster) and refused whole, naming only the kinds found, if they find anything (a name, a phone,
an address …). Nothing is stored then, so there is nothing to scrub later. Names of the roster's
attorneys and public figures pass, as they do in letters.

Notes are never exported: the exports and `show --json` read named columns of `letters` only,
and tests/test_notes.py proves a note's words reach none of them. Adding one is audited (who,
which letter, which note), never with its text: the log must not be a second copy of anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foundation.controls import strip_controls
from foundation.errors import NapishyError, NotFound
from foundation.storage.reader import Source, as_datetime, reading

if TYPE_CHECKING:
    from anonymizer.roster import Roster
    from foundation.storage.database import Database

MAX_NOTE = 1000  # characters: a note is a remark, not a second letter


class NoteRefused(NapishyError):
    """Raised when a note is empty, too long, or holds what looks like an identifier."""

    def __init__(self, message: str, *, kinds: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kinds = kinds


@dataclass(frozen=True)
class NoteView:
    id: int
    letter_id: str
    author: str
    created_at: dt.datetime
    text: str


def clean(text: str, roster: Roster) -> str:
    """The note as it would be stored, or NoteRefused: no control characters (terminal escapes in
    `show`), at most MAX_NOTE characters, and nothing the letter detectors would take out."""
    text = strip_controls(text).replace("\r\n", "\n").strip()
    if not text:
        raise NoteRefused("a note must say something")
    if len(text) > MAX_NOTE:
        raise NoteRefused(f"a note is at most {MAX_NOTE} characters; this one has {len(text)}")
    kinds = identifiers_in(text, roster)
    if kinds:
        raise NoteRefused(f"the note was not saved: it holds what looks like {', '.join(kinds)}; "
                          "notes must not identify anyone, so write it without them", kinds=kinds)
    return text


def identifiers_in(text: str, roster: Roster) -> tuple[str, ...]:
    """The kinds of identifier the anonymiser would remove from `text` (e.g. ('name', 'phone'))."""
    from anonymizer.redact import redact
    from anonymizer.text import normalize

    found = redact(normalize.clean(text), roster).counts
    return tuple(sorted(kind for kind, count in found.items() if count))


def add(database: Database, letter_id: str, author: str, text: str, roster: Roster) -> NoteView:
    """Store a checked note on a letter, with its audit entry, in one transaction."""
    from foundation.storage.models import Letter, Note
    from processors import audit

    text = clean(text, roster)
    at = dt.datetime.now(dt.UTC)  # to the microsecond: notes are listed in the order they were written
    with database.session() as session:
        if session.get(Letter, letter_id) is None:
            raise NotFound(f"no letter {letter_id}")
        note = Note(letter_id=letter_id, author=author[:64], created_at=at, text=text)
        session.add(note)
        session.flush()
        audit.record(session, author, "note", letter_id, f"note {note.id}")
        return NoteView(note.id, letter_id, note.author, at, text)


def of_letter(source: Source, letter_id: str) -> list[NoteView]:
    """A letter's notes, oldest first; plain SQL like `show`, so the CLI stays quick."""
    with reading(source) as query:
        rows = query.all("SELECT id, author, created_at, text FROM notes WHERE letter_id = ? ORDER BY created_at, id",
                         (letter_id,))
    return [NoteView(id_, letter_id, author, _utc(as_datetime(at)), text) for id_, author, at, text in rows]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
