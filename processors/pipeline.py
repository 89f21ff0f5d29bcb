"""fingerprint → dedupe → seal → anonymise → commit. Acknowledging to the source is the caller's job,
and happens only for letters whose group was committed (`process_stream`'s `on_commit`, or its result).

Letters come in batches (an IMAP chunk, an import batch) and are committed in groups: a batch, or
less when its letters are slow (`GROUP_SECONDS` plus the letter in hand), one transaction each.
A stop is looked at between letters, so it never waits for fifty slow letters, and what was done
before it is committed, not rolled back. With a pool of anonymiser children (`NAPISHY_WORKERS`)
the letters are anonymised side by side and ahead of the commit (`processors.lookahead`), across
batch boundaries, while a committer thread commits the group before (and the caller acknowledges
it); groups are taken in order and committed one after the other, so a group is always a prefix
of what is left, and what is acknowledged is what was committed. Each letter goes to a free child
of the pool (in-process, to the pipeline's lock), so the other mailbox's letters take turns with
ours instead of waiting a chunk.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
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
from foundation.phases import Phases
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
        """`process_stream` of one batch."""
        return self.process_stream([letters], stop, on_commit)

    def process_stream(self, batches: Iterable[Sequence[RawLetter]], stop: threading.Event | None = None,
                       on_commit: OnCommit | None = None, phases: Phases | None = None) -> list[Outcome]:
        """Store the letters of `batches` in groups, one transaction each, calling `on_commit` with
        each committed group's outcomes. Returns the outcomes of the first n letters: all of them,
        unless `stop` was set, then of the letters committed before it.

        A group ends with its batch, or after the first letter that ends past `GROUP_SECONDS`. It is
        committed, and `on_commit` called, in a committer thread while this one takes the next
        group's letters from the pool, and the pool goes on anonymising them (`processors.lookahead`):
        neither waits for the other. Groups are committed one at a time and in order, each after the
        one before it, so what a caller acknowledges is always a prefix of what it fed; a batch is
        read from `batches` only when the pool is about to need its letters. A letter another
        service stored meanwhile is skipped by `INSERT … ON CONFLICT (fingerprint) DO NOTHING` and
        reported as a duplicate, so a race costs nothing. A lost database connection repeats the
        group's insert once (`Database.run`): safe, because a letter that did land comes back as a
        duplicate. Any other integrity error (not expected: ids are random) falls back to one letter
        per transaction so one bad letter cannot block the rest. A failed commit (or `on_commit`)
        ends the stream with its error, and no later group is committed; an error reading `batches`
        ends it too, raised once the letters read before it are committed."""
        phases = phases if phases is not None else Phases()
        ids: dict[str, str] = {}  # fingerprint → id of letters already stored, then ours too
        ids_lock = threading.Lock()  # the feed adds to `ids` in this thread, the committer in its own
        fingerprints: list[str] = []  # of every letter fed, in order
        seen: set[str] = set()

        def jobs() -> Iterator[list[tuple[RawLetter, str] | None]]:
            for letters in batches:
                with phases.timing("feed"):
                    prints = [self.fingerprinter.of(letter.data) for letter in letters]
                    known = self._known_ids(prints)
                    with ids_lock:
                        for fingerprint, letter_id in known.items():
                            ids.setdefault(fingerprint, letter_id)
                    batch: list[tuple[RawLetter, str] | None] = []
                    for letter, fingerprint in zip(letters, prints, strict=True):
                        # None: stored before, or already fed (twice in the mailbox)
                        batch.append(None if fingerprint in seen or fingerprint in known else (letter, fingerprint))
                        seen.add(fingerprint)
                    fingerprints.extend(prints)
                yield batch

        outcomes: list[Outcome] = []

        def store(built: list[tuple[str, Letter | None]]) -> None:
            """In the committer thread: commit a group, then let the caller acknowledge it."""
            with phases.timing("commit"):
                with ids_lock:
                    before = dict(ids)
                group = self._commit_group(built, before)
            with ids_lock:
                for (fingerprint, _), outcome in zip(built, group, strict=True):
                    ids.setdefault(fingerprint, outcome.letter_id)
            outcomes.extend(group)
            if on_commit is not None:
                on_commit(group)

        def build(job: tuple[RawLetter, str]) -> Letter:
            return self._build(*job, stop=stop, phases=phases)

        isolated = isinstance(self.anonymize, IsolatedAnonymizer)  # in-process: built in turn, in this thread
        pending: Future[None] | None = None
        with (ThreadPoolExecutor(1, thread_name_prefix="commit") as committer,
              InOrder(build, jobs(), lambda job: len(job[0].data), self.width, stop, threads=isolated) as ahead):
            try:
                while not ahead.done:
                    built = self._next_group(ahead, fingerprints, phases)
                    if not built:  # stopped before a letter of this group was done
                        break
                    if pending is not None:
                        with phases.timing("handoff"):
                            pending.result()  # the group before is committed and acknowledged
                    pending = committer.submit(store, built)
                    if stop is not None and stop.is_set():
                        break
                last: Future[None] | None
                pending, last = None, pending
                if last is not None:
                    with phases.timing("handoff"):
                        last.result()
                if ahead.feed_error is not None:  # the letters fed before it are committed; now fail
                    raise ahead.feed_error
            finally:
                if pending is not None:  # an error here: the group handed over still ends first
                    wait([pending])
        return outcomes

    def _known_ids(self, fingerprints: Sequence[str]) -> dict[str, str]:
        if not fingerprints:
            return {}
        with self.database.session() as session:
            query = select(Letter.fingerprint, Letter.id).where(Letter.fingerprint.in_(set(fingerprints)))
            return {fingerprint: letter_id for fingerprint, letter_id in session.execute(query)}

    @staticmethod
    def _next_group(ahead: InOrder[tuple[RawLetter, str], Letter], fingerprints: Sequence[str],
                    phases: Phases) -> list[tuple[str, Letter | None]]:
        """Take built letters in order until the batch ends, the group's time is up, the feed ends
        or a stop catches a letter: (fingerprint, the letter built, or None for one already stored)."""
        started = time.monotonic()
        began, fed = time.perf_counter(), phases.seconds.get("feed", 0.0)
        built: list[tuple[str, Letter | None]] = []
        try:
            while not (built and (ahead.at_batch_end or time.monotonic() - started >= GROUP_SECONDS)):
                if ahead.done:
                    break
                position = ahead.taken
                try:
                    row = ahead.take()
                except Stopped:
                    break  # this letter and those after it stay unacknowledged
                built.append((fingerprints[position], row))
        finally:  # waiting for the pool: what reading the feed took (in this thread) is counted there
            phases.add("pool", time.perf_counter() - began - (phases.seconds.get("feed", 0.0) - fed))
        return built

    def _commit_group(self, built: Sequence[tuple[str, Letter | None]], ids: dict[str, str]) -> list[Outcome]:
        """One group's transaction (one letter per transaction after an unexpected integrity error)."""
        try:
            return self.database.run(functools.partial(self._commit, built=built, ids=ids))
        except IntegrityError:
            log.info("a group hit a constraint other than the fingerprint; storing one by one")
            return self._one_by_one(built, ids)

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

    def _build(self, letter: RawLetter, fingerprint: str, stop: threading.Event | None = None,
               phases: Phases | None = None) -> Letter:
        began = time.perf_counter()
        sealed = self.sealer.seal(letter.data)
        if phases is not None:
            phases.add("seal", time.perf_counter() - began)
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
    row.language = ""  # every column set, as on a letter stored: the group's rows share one INSERT
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
    values = [_columns(row, version=1) for row in rows]
    if len({frozenset(v) for v in values}) == 1:
        # One statement for the group: SQLAlchemy sends it as INSERT … VALUES (…), (…) … RETURNING
        # ("insertmanyvalues"), whose rows go in in the order given, so the lock order stays the
        # fingerprint order. RETURNING names only the letters that went in.
        got = session.execute(statement, values).all()
    else:  # rows with different columns set cannot share one statement: one each, in the same order
        got = [one for v in values if (one := session.execute(statement, v).first()) is not None]
    inserted = {found.fingerprint: found.id for found in got}
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
