"""fingerprint → dedupe → seal → anonymise → commit. Acknowledging to the source is the caller's job,
and happens only for letters whose group was committed (`process_batch`'s `on_commit`, or its result).

A batch is committed in groups bounded by time (`GROUP_SECONDS` plus the letter in hand), not in
one transaction: a stop is looked at between letters, so it never waits for fifty slow letters,
and what was done before it is committed, not rolled back. With a pool of anonymiser children
(`NAPISHY_WORKERS`) the letters are anonymised side by side and ahead of the commit
(`processors.lookahead`), but taken in order: a group is always a prefix of the batch, so what is
acknowledged is what was committed. Each letter goes to a free child of the pool (in-process, to
the pipeline's lock), so the other mailbox's letters take turns with ours instead of waiting a chunk.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import cast

from sqlalchemy import Insert, Table, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from anonymizer.defects import (
    BinaryTextPartDefect,
    BoundaryMismatchDefect,
    NonAsciiBoundaryDefect,
    UnsplittableMultipartDefect,
)
from anonymizer.model import AnonymizedLetter
from anonymizer.vocabulary import Status
from foundation.fingerprint import Fingerprinter
from foundation.source import Outcome, RawLetter
from foundation.storage.database import Database
from foundation.storage.models import Attachment, Base, Letter, Revision, SealedOriginal, new_letter_id
from foundation.vault import Sealer
from processors import near_duplicates
from processors.lookahead import InOrder, Stopped
from processors.sandbox import IsolatedAnonymizer, WorkerStopped

log = logging.getLogger(__name__)

Anonymize = Callable[[bytes], AnonymizedLetter]
SYSTEM_AUTHOR = "napishy"
# A letter with one of these is quarantined although the anonymiser finished: its MIME structure
# could not be read as declared, so some of what it made of it may be structure, headers or base64
# (a file name, EXIF GPS) rather than letter text. Fail closed; the sealed original keeps it all.
FAIL_CLOSED_DEFECTS = tuple(d.__name__ for d in (NonAsciiBoundaryDefect, BoundaryMismatchDefect,
                                                 UnsplittableMultipartDefect))
GROUP_SECONDS = 2.0  # a group's transaction closes after the first letter that ends past this
OnCommit = Callable[[Sequence[Outcome]], None]


def today() -> dt.date:
    """Only the day is kept: an exact time of arrival can be matched against provider logs."""
    return dt.datetime.now(dt.UTC).date()


def unfit_reason(anonymized: AnonymizedLetter) -> str | None:
    """Why a letter the anonymiser returned must still be quarantined, or None. Fixed phrases and
    defect names only: nothing from the letter."""
    for defect in FAIL_CLOSED_DEFECTS:
        if defect in anonymized.defects:
            return f"{defect}: the MIME structure cannot be read as declared; see the sealed original"
    unreadable = BinaryTextPartDefect.__name__ in anonymized.defects
    if anonymized.kind == "empty" and (anonymized.dropped_attachments or unreadable):
        # Garbage, or only parts nothing could be read from: not an "empty" letter that a bulk
        # `reject --kind empty` would sweep away unseen.
        return "UnreadableLetter: no readable text, only binary or unreadable parts; see the sealed original"
    return None


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
        self._lock = threading.Lock()
        # Letters anonymised at once: one per child of the pool; in-process, one at a time.
        self.width = anonymize.workers if isinstance(anonymize, IsolatedAnonymizer) else 1

    def process_batch(self, letters: Sequence[RawLetter], stop: threading.Event | None = None,
                      on_commit: OnCommit | None = None) -> list[Outcome]:
        """Store `letters` in groups bounded by time, one transaction each, calling `on_commit` with
        each committed group's outcomes. Returns the outcomes of `letters[:n]`: all of them, unless
        `stop` was set, then of the letters committed before it.

        The pool keeps anonymising the next letters while a group is committed and acknowledged
        (`processors.lookahead`). A letter another service stored meanwhile is skipped by `INSERT …
        ON CONFLICT (fingerprint) DO NOTHING` and reported as a duplicate, so a race costs nothing.
        A lost database connection repeats the group's insert once (`Database.run`): safe, because
        a letter that did land comes back as a duplicate. Any other integrity error (not expected:
        ids are random) falls back to one letter per transaction so one bad letter cannot block the rest."""
        fingerprints = [self.fingerprinter.of(letter.data) for letter in letters]
        ids = self._known_ids(fingerprints)  # fingerprint → id of letters already stored, then ours too
        jobs: list[tuple[RawLetter, str] | None] = []
        seen = set(ids)
        for letter, fingerprint in zip(letters, fingerprints, strict=True):
            jobs.append(None if fingerprint in seen else (letter, fingerprint))  # stored, or twice in a batch
            seen.add(fingerprint)
        outcomes: list[Outcome] = []

        def build(job: tuple[RawLetter, str]) -> Letter:
            return self._build(*job, stop=stop)

        isolated = isinstance(self.anonymize, IsolatedAnonymizer)  # in-process: built in turn, in this thread
        with InOrder(build, jobs, lambda job: len(job[0].data), self.width, stop, threads=isolated) as ahead:
            while not ahead.done:
                built = self._next_group(ahead, fingerprints)
                if not built:  # stopped before a letter of this group was done
                    break
                try:
                    group = self.database.run(functools.partial(self._commit, built=built, ids=ids))
                except IntegrityError:
                    log.info("a group hit a constraint other than the fingerprint; storing one by one")
                    group = self._one_by_one(built, ids)
                for (fingerprint, _), outcome in zip(built, group, strict=True):
                    ids.setdefault(fingerprint, outcome.letter_id)
                outcomes.extend(group)
                if on_commit is not None:
                    on_commit(group)
                if stop is not None and stop.is_set():
                    break
        return outcomes

    def _known_ids(self, fingerprints: Sequence[str]) -> dict[str, str]:
        if not fingerprints:
            return {}
        with self.database.session() as session:
            query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(set(fingerprints)))
            return {fingerprint: letter_id for fingerprint, letter_id in session.execute(query)}

    @staticmethod
    def _next_group(ahead: InOrder[tuple[RawLetter, str], Letter],
                    fingerprints: Sequence[str]) -> list[tuple[str, Letter | None]]:
        """Take built letters in order until the group's time is up, the batch ends or a stop
        catches a letter: (fingerprint, the letter built, or None for one already stored)."""
        started = time.monotonic()
        built: list[tuple[str, Letter | None]] = []
        while not ahead.done and not (built and time.monotonic() - started >= GROUP_SECONDS):
            position = ahead.taken
            try:
                row = ahead.take()
            except Stopped:
                break  # this letter and those after it stay unacknowledged
            built.append((fingerprints[position], row))
        return built

    def _one_by_one(self, built: Sequence[tuple[str, Letter | None]], ids: dict[str, str]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for fingerprint, row in built:
            one = [(fingerprint, row)]
            try:
                (outcome,) = self.database.run(functools.partial(self._commit, built=one, ids=ids))
            except IntegrityError:
                outcome = Outcome(self._existing_id(fingerprint), "duplicate")
            ids.setdefault(fingerprint, outcome.letter_id)
            outcomes.append(outcome)
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
            status=Status.QUARANTINED,
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

    def store_sealed_only(self, mailbox: str, pieces: Iterable[bytes], reason: str) -> Outcome:
        """Seal a letter as its pieces arrive and queue it quarantined, unread: for letters too large
        to anonymise at intake. Only one piece of it is in the clear at a time; the sealed blob is
        held once, for the insert. `napishy retry` anonymises it when an organiser asks."""
        mac = self.fingerprinter.of_pieces()

        def fingerprinted() -> Iterator[bytes]:
            for piece in pieces:
                mac.update(piece)
                yield piece

        blob = b"".join(self.sealer.seal_stream(fingerprinted()))
        fingerprint = mac.hexdigest()
        row = Letter(id=new_letter_id(), mailbox=mailbox, fingerprint=fingerprint, received_on=today(),
                     status=Status.QUARANTINED, quarantine_reason=reason[:200], kind="letter", recipients=[],
                     redactions={}, defects=[], text="", checks=[])
        row.sealed = SealedOriginal(key_id=self.sealer.key_id, blob=blob)
        del blob
        with self.database.session() as session:
            inserted = _insert_new(session, [row])
            if fingerprint in inserted:
                return Outcome(row.id, "quarantined")
            existing = session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint))
        return Outcome(existing or "", "duplicate")

    def _existing_id(self, fingerprint: str) -> str:
        with self.database.session() as session:
            return session.scalar(select(Letter.id).where(Letter.fingerprint == fingerprint)) or ""

    def _commit(self, session: Session, built: Sequence[tuple[str, Letter | None]],
                ids: dict[str, str]) -> list[Outcome]:
        """Insert a group's new letters; the outcome of each of its letters, in order. `ids` (read
        only here: this may run twice) holds the letters stored before, ours of this batch too."""
        fresh = {fingerprint: row for fingerprint, row in built if row is not None}
        inserted = _insert_new(session, [fresh[f] for f in sorted(fresh)])
        raced = [f for f in fresh if f not in inserted]
        known = dict(ids)
        if raced:  # committed by another service after our SELECT: READ COMMITTED sees it now
            log.info("%d letters of this batch were stored meanwhile by another service", len(raced))
            query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(raced))
            known.update({fingerprint: letter_id for fingerprint, letter_id in session.execute(query)})
        outcomes = []
        for fingerprint, row in built:
            if row is None or fingerprint not in inserted:
                outcomes.append(Outcome(known.get(fingerprint) or inserted.get(fingerprint, ""), "duplicate"))
                continue
            outcomes.append(Outcome(row.id, "quarantined" if row.status == Status.QUARANTINED else "stored"))
        return outcomes

    def _anonymize(self, raw: bytes, stop: threading.Event | None) -> AnonymizedLetter:
        """In-process, one letter at a time across threads: the NLP models are not documented as
        thread-safe. The children of a pool need no lock: each takes one letter at a time, and
        callers wait for a free one."""
        if isinstance(self.anonymize, IsolatedAnonymizer):
            return self.anonymize(raw, stop)
        with self._lock:
            return self.anonymize(raw)

    def _build(self, letter: RawLetter, fingerprint: str, stop: threading.Event | None = None) -> Letter:
        sealed = self.sealer.seal(letter.data)
        row = Letter(
            id=new_letter_id(),
            mailbox=letter.mailbox,
            fingerprint=fingerprint,
            received_on=today(),
            status=Status.PENDING,
        )
        row.sealed = SealedOriginal(key_id=sealed.key_id, blob=sealed.blob)
        try:
            anonymized = self._anonymize(letter.data, stop)
        except WorkerStopped:
            raise  # the service is stopping: not the letter's fault, so no quarantine
        except Exception as error:  # the daemon never dies on a bad letter: it is quarantined
            return _quarantined(row, safe_reason(error))
        reason = unfit_reason(anonymized)
        if reason is not None:
            return _quarantined(row, reason)
        apply_anonymized(row, anonymized)
        return row


def _quarantined(row: Letter, reason: str) -> Letter:
    row.status = Status.QUARANTINED
    row.quarantine_reason = reason[:200]
    row.kind, row.recipients, row.redactions, row.defects, row.text = "letter", [], {}, [], ""
    row.checks, row.likeness = [], near_duplicates.NOTHING
    # No id at WARNING: an id with the time of the line would say when that letter arrived.
    log.warning("a letter was quarantined: %s", row.quarantine_reason)
    log.debug("letter %s quarantined", row.id)
    return row


def _upsert_ignoring_duplicates(session: Session) -> Insert:
    """`INSERT INTO letters … ON CONFLICT (fingerprint) DO NOTHING` in the session's dialect."""
    dialect, table = session.get_bind().dialect.name, cast(Table, Letter.__table__)
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
            session.execute(insert(cast(Table, model.__table__)), values)
    _shuffle_sqlite_rowids(session, kept)
    near_duplicates.join(session, [(row.id, row.likeness) for row in kept if row.likeness], fresh=True)
    return inserted


def _shuffle_sqlite_rowids(session: Session, rows: Sequence[Letter]) -> None:
    """SQLite numbers the rows of `letters` and `sealed_originals` (their keys are text) with a
    hidden rowid that grows with each insert, and keeps them in that order on disk: the order
    letters arrived. A random rowid puts each where it says nothing. (Attachments and revisions
    get random keys in the models; PostgreSQL has no rowid.)"""
    if not rows or session.get_bind().dialect.name != "sqlite":
        return
    for table, key in (("letters", "id"), ("sealed_originals", "letter_id")):
        session.execute(text(f"UPDATE {table} SET rowid = :rowid WHERE {key} = :id"),  # noqa: S608 - fixed names
                        [{"rowid": secrets.randbelow(2**62) + 1, "id": row.id} for row in rows])


def apply_anonymized(row: Letter, anonymized: AnonymizedLetter, author: str = SYSTEM_AUTHOR) -> None:
    """Copy what the anonymizer produced onto a queue entry, keeping the text as a revision."""
    row.text = anonymized.text
    row.kind = anonymized.kind
    row.recipients = list(anonymized.recipients)
    row.language = anonymized.language
    row.redactions = dict(anonymized.redactions)
    row.defects = list(anonymized.defects)
    row.checks = list(anonymized.checks)  # already in the text: the operator looks twice at them
    row.likeness = near_duplicates.stored_signature(anonymized.text)  # over the anonymised text only
    row.attachments = [  # never approved here: only an operator publishes an image
        Attachment(position=i, name=a.name, content_type=a.content_type, sha256=a.sha256, data=a.data,
                   ocr_status=a.ocr_status, ocr_text=a.ocr_text, withheld_reason=a.withheld_reason, approved=False)
        for i, a in enumerate(anonymized.attachments)
    ]
    number = len(row.revisions) + 1
    row.revisions.append(Revision(number=number, text=anonymized.text, author=author, created_on=today()))
