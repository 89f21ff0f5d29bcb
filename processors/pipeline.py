"""fingerprint → dedupe → seal → anonymise → commit. Acknowledging to the source is the caller's job,
and happens only after `process_batch` returns, i.e. after the commit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Insert, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from anonymizer.model import AnonymizedLetter
from intake.source import RawLetter
from napishy.fingerprint import Fingerprinter
from napishy.storage.database import Database
from napishy.storage.models import Attachment, Base, Letter, Revision, SealedOriginal, new_letter_id
from napishy.vault import Sealer

log = logging.getLogger(__name__)

Anonymize = Callable[[bytes], AnonymizedLetter]
Result = Literal["stored", "duplicate", "quarantined"]
SYSTEM_AUTHOR = "napishy"


@dataclass(frozen=True)
class Outcome:
    letter_id: str
    result: Result


def today() -> dt.date:
    """Only the day is kept: an exact time of arrival can be matched against provider logs."""
    return dt.datetime.now(dt.UTC).date()


def safe_reason(error: BaseException) -> str:
    """A quarantine reason that cannot carry letter content: the class name, plus the message
    only for errors whose messages are written by us and known to be content-free."""
    from anonymizer.errors import AnonymizerError

    if isinstance(error, AnonymizerError):
        return f"{type(error).__name__}: {error}"[:200]
    return f"processing failed: {type(error).__name__}"


class Pipeline:
    def __init__(self, database: Database, sealer: Sealer, fingerprinter: Fingerprinter, anonymize: Anonymize) -> None:
        self.database = database
        self.sealer = sealer
        self.fingerprinter = fingerprinter
        self.anonymize = anonymize

    def process_batch(self, letters: Sequence[RawLetter]) -> list[Outcome]:
        """Store a batch in one transaction.

        A letter another service stored meanwhile is skipped by `INSERT … ON CONFLICT
        (fingerprint) DO NOTHING` and reported as a duplicate, so a race costs nothing. A lost
        database connection repeats the batch once (`Database.run`): safe, because a letter that
        did land comes back as a duplicate. Any other integrity error (not expected: ids are
        random) falls back to one letter per transaction so one bad letter cannot block the rest."""
        try:
            return self.database.run(lambda session: self._store(session, letters))
        except IntegrityError:
            log.info("a batch hit a constraint other than the fingerprint; storing one by one")
            outcomes = []
            for letter in letters:
                try:
                    outcomes.extend(self.database.run(lambda session, one=letter: self._store(session, [one])))
                except IntegrityError:
                    outcomes.append(Outcome(self._existing_id(letter), "duplicate"))
            return outcomes

    def process(self, letter: RawLetter) -> Outcome:
        return self.process_batch([letter])[0]

    def record_unfetched(self, mailbox: str, token: str, reason: str) -> Outcome:
        """Record a letter we refused to download (e.g. oversized) so it is never lost silently.

        `token` names the message in its mailbox (UIDVALIDITY and UID), so a second pass over the
        same message is a duplicate. Nothing about the sender is known or kept."""
        fingerprint = self.fingerprinter.of(f"unfetched:{mailbox}:{token}".encode())
        row = Letter(
            id=new_letter_id(),
            mailbox=mailbox,
            fingerprint=fingerprint,
            received_on=today(),
            status="quarantined",
            quarantine_reason=reason[:200],
        )
        with self.database.session() as session:
            # The same ON CONFLICT insert as the batch path: two services meeting the same
            # oversized message record it once, and the loser reports a duplicate, not an error.
            inserted = _insert_new(session, [row])
            if fingerprint in inserted:
                return Outcome(row.id, "quarantined")
            existing = session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint))
        return Outcome(existing or "", "duplicate")

    def _existing_id(self, letter: RawLetter) -> str:
        fingerprint = self.fingerprinter.of(letter.data)
        with self.database.session() as session:
            return session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint)) or ""

    def _store(self, session: Session, letters: Sequence[RawLetter]) -> list[Outcome]:
        fingerprints = [self.fingerprinter.of(letter.data) for letter in letters]
        query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(set(fingerprints)))
        known = {fingerprint: letter_id for fingerprint, letter_id in session.execute(query)}
        fresh: dict[str, Letter] = {}
        for letter, fingerprint in zip(letters, fingerprints, strict=True):
            if fingerprint not in known and fingerprint not in fresh:  # the same letter twice in a batch
                fresh[fingerprint] = self._build(letter, fingerprint)
        inserted = _insert_new(session, [fresh[f] for f in sorted(fresh)])
        raced = [f for f in fresh if f not in inserted]
        if raced:  # committed by another service after our SELECT: READ COMMITTED sees it now
            log.info("%d letters of this batch were stored meanwhile by another service", len(raced))
            query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(raced))
            known.update({fingerprint: letter_id for fingerprint, letter_id in session.execute(query)})
        outcomes, reported = [], set()
        for fingerprint in fingerprints:
            row = fresh.get(fingerprint)
            if row is None or fingerprint not in inserted or fingerprint in reported:
                outcomes.append(Outcome(known.get(fingerprint) or inserted.get(fingerprint, ""), "duplicate"))
                continue
            reported.add(fingerprint)
            outcomes.append(Outcome(row.id, "quarantined" if row.status == "quarantined" else "stored"))
        return outcomes

    def _build(self, letter: RawLetter, fingerprint: str) -> Letter:
        sealed = self.sealer.seal(letter.data)
        row = Letter(
            id=new_letter_id(),
            mailbox=letter.mailbox,
            fingerprint=fingerprint,
            received_on=today(),
            status="pending",
        )
        row.sealed = SealedOriginal(key_id=sealed.key_id, blob=sealed.blob)
        try:
            anonymized = self.anonymize(letter.data)
        except Exception as error:  # the daemon never dies on a bad letter: it is quarantined
            row.status = "quarantined"
            row.quarantine_reason = safe_reason(error)
            row.kind, row.recipients, row.redactions, row.defects, row.text = "letter", [], {}, [], ""
            row.checks = []
            log.warning("letter %s quarantined: %s", row.id, row.quarantine_reason)
            return row
        apply_anonymized(row, anonymized)
        return row


def _upsert_ignoring_duplicates(session: Session) -> Insert:
    """`INSERT INTO letters … ON CONFLICT (fingerprint) DO NOTHING` in the session's dialect."""
    dialect, table = session.get_bind().dialect.name, Letter.__table__
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[table.c.fingerprint])
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=[table.c.fingerprint])
    raise NotImplementedError(f"napishy runs on SQLite and PostgreSQL, not {dialect}")


def _columns(row: Base, **extra: object) -> dict[str, object]:
    """A mapped object's column values for a Core insert; unset autoincrement ids and defaulted columns
    are left out. A nullable column without a default is always given, NULL included, so every row
    of one executemany has the same keys (an image withheld and one not)."""
    table = row.__table__
    values = {
        c.key: getattr(row, c.key) for c in table.columns
        if getattr(row, c.key) is not None
        or (c.nullable and not c.primary_key and c.default is None and c.server_default is None)
    }
    values.update(extra)
    return values


def _insert_new(session: Session, rows: Sequence[Letter]) -> dict[str, str]:
    """Insert built letters and their sealed originals, attachments and revisions; returns
    fingerprint → id of the letters that went in. A letter whose fingerprint is already there
    (another service won the race) is skipped with its children, without aborting the transaction.

    `rows` come sorted by fingerprint, so two services inserting overlapping batches wait for each
    other's unique-index entries in the same order and cannot deadlock. The ORM objects are only
    templates here (never added to the session), which is why the children are written explicitly."""
    if not rows:
        return {}
    # Core statements on the tables, not ORM ones on the classes: these rows need no identity map,
    # and the ORM's per-statement overhead was a third of the stub-anonymiser bench.
    table = Letter.__table__
    statement = _upsert_ignoring_duplicates(session).returning(table.c.fingerprint, table.c.id)
    inserted: dict[str, str] = {}
    for row in rows:  # one statement per letter keeps the insert order, hence the lock order, explicit
        got = session.execute(statement, _columns(row, version=1)).first()
        if got is not None:
            inserted[got.fingerprint] = got.id
    kept = [row for row in rows if row.fingerprint in inserted]
    children = (
        (SealedOriginal, [_columns(row.sealed, letter_id=row.id) for row in kept if row.sealed is not None]),
        (Attachment, [_columns(a, letter_id=row.id) for row in kept for a in row.attachments]),
        (Revision, [_columns(r, letter_id=row.id) for row in kept for r in row.revisions]),
    )
    for model, values in children:
        if values:
            session.execute(insert(model.__table__), values)
    return inserted


def apply_anonymized(row: Letter, anonymized: AnonymizedLetter, author: str = SYSTEM_AUTHOR) -> None:
    """Copy what the anonymizer produced onto a queue entry, keeping the text as a revision."""
    row.text = anonymized.text
    row.kind = anonymized.kind
    row.recipients = list(anonymized.recipients)
    row.language = anonymized.language
    row.redactions = dict(anonymized.redactions)
    row.defects = list(anonymized.defects)
    row.checks = list(anonymized.checks)  # already in the text: the operator looks twice at them
    row.attachments = [  # never approved here: only an operator publishes an image
        Attachment(position=i, name=a.name, content_type=a.content_type, sha256=a.sha256, data=a.data,
                   ocr_status=a.ocr_status, ocr_text=a.ocr_text, withheld_reason=a.withheld_reason, approved=False)
        for i, a in enumerate(anonymized.attachments)
    ]
    number = len(row.revisions) + 1
    row.revisions.append(Revision(number=number, text=anonymized.text, author=author, created_on=today()))
