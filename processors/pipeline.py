"""fingerprint → dedupe → seal → anonymise → commit. Acknowledging to the source is the caller's job,
and happens only after `process_batch` returns, i.e. after the commit."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from anonymizer.model import AnonymizedLetter
from intake.source import RawLetter
from napishy.fingerprint import Fingerprinter
from napishy.storage.database import Database
from napishy.storage.models import Attachment, Letter, Revision, SealedOriginal, new_letter_id
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
        """Store a batch in one transaction; fall back to one-by-one if another service raced us."""
        try:
            with self.database.session() as session:
                return self._store(session, letters)
        except IntegrityError:
            log.info("a concurrent service stored some of this batch; storing one by one")
            outcomes = []
            for letter in letters:
                try:
                    with self.database.session() as session:
                        outcomes.extend(self._store(session, [letter]))
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
        with self.database.session() as session:
            existing = session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint))
            if existing:
                return Outcome(existing, "duplicate")
            row = Letter(
                id=new_letter_id(),
                mailbox=mailbox,
                fingerprint=fingerprint,
                received_on=today(),
                status="quarantined",
                quarantine_reason=reason[:200],
            )
            session.add(row)
        return Outcome(row.id, "quarantined")

    def _existing_id(self, letter: RawLetter) -> str:
        fingerprint = self.fingerprinter.of(letter.data)
        with self.database.session() as session:
            return session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint)) or ""

    def _store(self, session: Session, letters: Sequence[RawLetter]) -> list[Outcome]:
        fingerprints = [self.fingerprinter.of(letter.data) for letter in letters]
        query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(set(fingerprints)))
        known = {fingerprint: letter_id for fingerprint, letter_id in session.execute(query)}
        outcomes = []
        for letter, fingerprint in zip(letters, fingerprints, strict=True):
            if fingerprint in known:
                outcomes.append(Outcome(known[fingerprint], "duplicate"))
                continue
            row = self._build(letter, fingerprint)
            session.add(row)
            known[fingerprint] = row.id
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
            log.warning("letter %s quarantined: %s", row.id, row.quarantine_reason)
            return row
        apply_anonymized(row, anonymized)
        return row


def apply_anonymized(row: Letter, anonymized: AnonymizedLetter, author: str = SYSTEM_AUTHOR) -> None:
    """Copy what the anonymizer produced onto a queue entry, keeping the text as a revision."""
    row.text = anonymized.text
    row.kind = anonymized.kind
    row.recipients = list(anonymized.recipients)
    row.language = anonymized.language
    row.redactions = dict(anonymized.redactions)
    row.defects = list(anonymized.defects)
    row.attachments = [
        Attachment(position=i, name=a.name, content_type=a.content_type, sha256=a.sha256, data=a.data)
        for i, a in enumerate(anonymized.attachments)
    ]
    number = len(row.revisions) + 1
    row.revisions.append(Revision(number=number, text=anonymized.text, author=author, created_on=today()))
