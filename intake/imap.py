"""One pass over an IMAP mailbox: fetch in chunks, commit, and only then acknowledge.

The chunks of a pass flow through one `Pipeline.process_stream`: FETCH (peek, nothing marked) →
fingerprint, seal, anonymise in the pool → commit in groups (a chunk each, or less when its
letters are slow) → UID MOVE of each committed group to the processed folder. The stages overlap:
while chunk N is committed and moved (in the pipeline's committer thread), the pool's children
already anonymise chunk N+1, and the FETCH of N+2 runs in a fetcher thread; the fetcher and the
committer share the one connection under a lock, a command at a time. Groups are committed and
moved strictly in order, so what is moved is always the oldest part of what was fetched.
A crash anywhere leaves each letter either in the inbox, or committed and still in the inbox; the
next pass fetches it again and the keyed fingerprint turns it into a duplicate. So nothing is lost
and nothing is stored twice. A stop is looked at between letters: the group in hand is committed
and acknowledged, the letters after it stay in the inbox.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from foundation.beacon import prepare_beacon, record_unrecorded_failure
from foundation.errors import NapishyError
from foundation.phases import Phases
from foundation.settings import MailboxSettings
from foundation.source import RawLetter
from intake.imap_connect import close, connect
from intake.lease import MailboxLease
from intake.mailbox_state import describe, known_uidvalidity, record_failure, record_success
from intake.tally import TALLY

if TYPE_CHECKING:
    from foundation.source import Outcome
    from intake.ports import Services

log = logging.getLogger(__name__)

# Where a pass spends its time (foundation.phases), in the order the bench prints them. In this
# thread: waiting for a FETCH, reading a chunk into the pipeline (fingerprints, the dedupe query),
# waiting for the pool's next letter, waiting for the committer to take the next group; in the
# committer thread: the group's transaction, its UID MOVE; in the pool's threads: sealing.
PHASES = ("fetch", "feed", "pool", "handoff", "commit", "ack", "seal")
LEASE_RENEW_SECONDS = 30.0  # the lease lasts LEASE_SECONDS (300): renewing every group would cost an fsync each
SIZE_CHUNK = 500  # UIDs per `UID FETCH RFC822.SIZE`: sizes are tiny, but a command line has a limit
CHUNK_BYTES = 16 * 1024 * 1024  # bytes of letters per `UID FETCH BODY.PEEK[]` (at least one letter)
DELETED = rb"\Deleted"
PIECE_BYTES = 1024 * 1024  # an oversized letter is fetched and sealed this much at a time
MAX_SEALED_BYTES = 256 * 1024 * 1024  # beyond this not even the sealed copy is held: set aside unread


class NoMailboxes(NapishyError):
    """Raised by `poll` and `run` when no mailbox is configured."""

    exit_code = 2


@dataclass
class MailboxSummary:
    """What one pass did. Counts only: nothing about any letter."""

    mailbox: str
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    oversized: int = 0
    skipped: bool = False
    error: str | None = None
    chunks: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per phase (`PHASES`), summed over the pass

    @property
    def ok(self) -> bool:
        return self.error is None

    def count(self, outcomes: Sequence[Outcome]) -> None:
        self.fetched += len(outcomes)
        for outcome in outcomes:
            if outcome.result == "stored":
                self.stored += 1
            elif outcome.result == "duplicate":
                self.duplicates += 1
            else:
                self.quarantined += 1

    def line(self) -> str:
        if self.skipped:
            return f"{self.mailbox}: skipped, another napishy service holds its lease"
        text = (
            f"{self.mailbox}: {self.fetched} fetched, {self.stored} stored, {self.duplicates} duplicates, "
            f"{self.quarantined} quarantined, {self.oversized} oversized"
        )
        return text + (f"; FAILED: {self.error}" if self.error else "")


def plan_chunks(uids: Sequence[int], sizes: dict[int, int], max_count: int, max_bytes: int) -> Iterator[list[int]]:
    """Group UIDs so one FETCH carries at most `max_count` letters and `max_bytes` bytes,
    except that a single letter larger than the budget still travels (alone)."""
    chunk: list[int] = []
    total = 0
    for uid in uids:
        size = sizes[uid]
        if chunk and (len(chunk) >= max_count or total + size > max_bytes):
            yield chunk
            chunk, total = [], 0
        chunk.append(uid)
        total += size
    if chunk:
        yield chunk


def batched(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MailboxPass:
    """One pass over one mailbox with an open, logged-in client, while holding its lease."""

    def __init__(self, app: Services, mailbox: MailboxSettings, client: IMAPClient, lease: MailboxLease,
                 stop: threading.Event | None = None) -> None:
        self.app = app
        self.mailbox = mailbox
        self.client = client
        self.lease = lease
        self.stop = stop
        self.summary = MailboxSummary(mailbox.id)
        self.phases = Phases(*PHASES)
        self.summary.seconds = self.phases.seconds
        self._client_lock = threading.Lock()  # the fetcher and the committer threads share the client
        self._unacknowledged: deque[int] = deque()  # UIDs fetched and handed to the pipeline, in order
        self._renew_lock = threading.Lock()
        self._renewed = time.monotonic()  # `locked_pass` has just taken the lease

    def run(self) -> MailboxSummary:
        self._ensure_folders()
        uidvalidity = self._select_inbox()
        uids = sorted(self.client.search(["NOT", "DELETED"]))
        sizes = self._sizes(uids)
        wanted = self._set_aside_oversized(uidvalidity, [uid for uid in uids if uid in sizes], sizes)
        chunks = list(plan_chunks(wanted, sizes, self.app.settings.fetch_chunk, CHUNK_BYTES))
        if chunks:
            with contextlib.closing(self._fetched(chunks)) as letters:
                self.app.pipeline.process_stream(letters, self.stop, self._committed, self.phases)
            if self._unacknowledged:
                log.info("mailbox %s: stopping; %d fetched letters stay in the mailbox",
                         self.mailbox.id, len(self._unacknowledged))
        self._purge_processed()
        record_success(self.app.database, self.mailbox.id, uidvalidity)
        return self.summary

    def _fetched(self, chunks: list[list[int]]) -> Generator[list[RawLetter], None, None]:
        """The chunks' letters, one chunk at a time, as the pipeline asks for them. One chunk is
        fetched ahead in a thread: its FETCH runs while the pool anonymises the chunks before it."""
        with ThreadPoolExecutor(1, thread_name_prefix="imap-fetch") as fetcher:
            ahead: Future[tuple[list[RawLetter], list[int]]] = fetcher.submit(self._fetch, chunks[0])
            for index in range(len(chunks)):
                if self._stopping():
                    log.info("mailbox %s: stopping; the letters not yet fetched wait for the next pass",
                             self.mailbox.id)
                    return
                self._renew_lease()
                with self.phases.timing("fetch"):
                    letters, fetched = ahead.result()
                if index + 1 < len(chunks):
                    ahead = fetcher.submit(self._fetch, chunks[index + 1])
                self._unacknowledged.extend(fetched)
                self.summary.chunks += 1
                yield letters

    def _committed(self, outcomes: Sequence[Outcome]) -> None:
        """Called once a group is committed (in the pipeline's committer thread, in order): only now
        may the server forget its letters, the oldest fetched first."""
        uids = [self._unacknowledged.popleft() for _ in outcomes]
        with self.phases.timing("ack"):
            self._acknowledge(uids, self.mailbox.processed_folder)
        self.summary.count(outcomes)
        self._renew_lease()  # a chunk of slow letters can outlast the lease

    def _renew_lease(self) -> None:
        """Renew at most every `LEASE_RENEW_SECONDS`: each renewal is a committed write (an fsync),
        and the lease lasts far longer than that."""
        with self._renew_lock:
            if time.monotonic() - self._renewed >= LEASE_RENEW_SECONDS:
                self.lease.renew()
                self._renewed = time.monotonic()

    def _ensure_folders(self) -> None:
        for folder in (self.mailbox.processed_folder, self.mailbox.oversized_folder):
            if self.client.folder_exists(folder):
                continue
            try:
                self.client.create_folder(folder)
            except Exception:
                if not self.client.folder_exists(folder):  # else another client created it first
                    raise
            log.info("mailbox %s: created folder %s", self.mailbox.id, folder)

    def _select_inbox(self) -> int:
        info = self.client.select_folder(self.mailbox.folder)
        uidvalidity = int(info[b"UIDVALIDITY"])
        known = known_uidvalidity(self.app.database, self.mailbox.id)
        if known is not None and known != uidvalidity:
            # Every pass fetches all undeleted messages anyway, so reconciling needs no UID map:
            # each one already committed comes back as a duplicate and is then moved.
            log.warning(
                "mailbox %s: UIDVALIDITY changed from %d to %d; re-fetching every message, "
                "fingerprints recognise the ones already stored", self.mailbox.id, known, uidvalidity,
            )
        return uidvalidity

    def _sizes(self, uids: Sequence[int]) -> dict[int, int]:
        """UID → size; a UID missing here was expunged by someone else since the SEARCH."""
        sizes: dict[int, int] = {}
        for batch in batched(uids, SIZE_CHUNK):
            for uid, item in self.client.fetch(batch, ["RFC822.SIZE"]).items():
                if uid in batch and b"RFC822.SIZE" in item:
                    sizes[uid] = int(item[b"RFC822.SIZE"])
        return sizes

    def _set_aside_oversized(self, uidvalidity: int, uids: list[int], sizes: dict[int, int]) -> list[int]:
        """Seal each letter over NAPISHY_MAX_LETTER_BYTES as it is read, queue it quarantined and
        acknowledge it like any other; returns the letters of ordinary size."""
        limit = self.app.settings.max_letter_bytes
        for uid in (uid for uid in uids if sizes[uid] > limit):
            if self.stop is not None and self.stop.is_set():
                break  # the rest stay in the mailbox for the next pass
            self._seal_oversized(uidvalidity, uid, sizes[uid])
        return [uid for uid in uids if sizes[uid] <= limit]

    def _seal_oversized(self, uidvalidity: int, uid: int, size: int) -> None:
        reason = f"larger than NAPISHY_MAX_LETTER_BYTES ({size} bytes): sealed unread, `napishy retry` anonymises it"
        if size <= MAX_SEALED_BYTES:
            first = self._piece(uid, 0)
            if first is None:
                return  # expunged by another client since the SEARCH
            try:
                self.app.pipeline.store_sealed_only(self.mailbox.id, self._pieces(uid, first), reason)
            except (IMAPClientError, OSError):
                raise  # the link failed: the pass fails, the letter stays in the mailbox
            except Exception as error:  # the database would not take it: set it aside, as below
                log.warning("mailbox %s: could not store an oversized letter (%s); moving it to %s",
                            self.mailbox.id, describe(error), self.mailbox.oversized_folder)
            else:
                self._acknowledge([uid], self.mailbox.processed_folder)
                self.summary.oversized += 1
                return
        # Too large even to hold sealed: recorded first, then moved, so a crash in between leaves
        # a record and the letter, never neither.
        self.app.pipeline.record_unfetched(self.mailbox.id, f"{uidvalidity}:{uid}", f"larger than "
                                           f"NAPISHY_MAX_LETTER_BYTES ({size} bytes), not fetched")
        self._acknowledge([uid], self.mailbox.oversized_folder)
        log.warning("mailbox %s: a letter too large to seal moved to %s and recorded as quarantined",
                    self.mailbox.id, self.mailbox.oversized_folder)
        self.summary.oversized += 1

    def _piece(self, uid: int, offset: int) -> bytes | None:
        """`BODY.PEEK[]<offset.PIECE_BYTES>`: one piece of a letter, or None past its end."""
        response = self.client.fetch([uid], [f"BODY.PEEK[]<{offset}.{PIECE_BYTES}>"])
        item = response.get(uid, {})
        piece = next((value for key, value in item.items() if key.upper().startswith(b"BODY[]")), None)
        return bytes(piece) if piece else None

    def _pieces(self, uid: int, first: bytes) -> Iterator[bytes]:
        piece: bytes | None = first
        offset = 0
        while piece:
            yield piece
            offset += len(piece)
            piece = self._piece(uid, offset) if len(piece) == PIECE_BYTES else None

    def _stopping(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def _fetch(self, chunk: list[int]) -> tuple[list[RawLetter], list[int]]:
        """The chunk's letters and their UIDs (none once a stop is asked for: they wait for the next pass)."""
        if self._stopping():
            return [], []
        with self._client_lock:
            response = self.client.fetch(chunk, ["BODY.PEEK[]"])
        letters, fetched = [], []
        for uid in chunk:
            body = response.get(uid, {}).get(b"BODY[]")
            if body is None:
                continue  # expunged by another client since the SEARCH: nothing to acknowledge
            letters.append(RawLetter(bytes(body), self.mailbox.id))
            fetched.append(uid)
        return letters, fetched

    def _acknowledge(self, uids: Sequence[int], folder: str) -> None:
        with self._client_lock:
            acknowledge(self.client, uids, folder)

    def _purge_processed(self) -> None:
        """Expunge processed letters past the retention period (all of them with retention 0):
        the provider is an adversary too, so its copy must not outlive the grace period."""
        days = self.app.settings.mailbox_retention_days
        self.client.select_folder(self.mailbox.processed_folder)
        if days == 0:
            uids = self.client.search(["ALL"])
        else:
            cutoff = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=days)
            uids = self.client.search(["BEFORE", cutoff])
        for batch in batched(sorted(uids), SIZE_CHUNK):
            self.client.add_flags(batch, [DELETED], silent=True)
            expunge(self.client, batch)
        if uids:
            log.debug("mailbox %s: expunged %d processed letters", self.mailbox.id, len(uids))


def acknowledge(client: IMAPClient, uids: Sequence[int], folder: str) -> None:
    """UID MOVE; without MOVE, COPY + \\Deleted + UID EXPUNGE. A crash between COPY and EXPUNGE
    leaves a copy in both folders: the next pass sees a duplicate, never a loss."""
    if client.has_capability("MOVE"):
        client.move(uids, folder)
        return
    client.copy(uids, folder)
    client.add_flags(uids, [DELETED], silent=True)
    expunge(client, uids)


def expunge(client: IMAPClient, uids: Sequence[int]) -> None:
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:  # without UIDPLUS, EXPUNGE also removes what other clients flagged \Deleted; no better option
        client.expunge()


def locked_pass(app: Services, mailbox: MailboxSettings, client: IMAPClient,
                stop: threading.Event | None = None) -> MailboxSummary:
    """A pass under the mailbox's lease, or a `skipped` summary if another service holds it."""
    lease = MailboxLease(app.database, mailbox.id)
    if not lease.acquire():
        log.info("mailbox %s: another napishy service holds the lease; skipping this pass", mailbox.id)
        return MailboxSummary(mailbox.id, skipped=True)
    try:
        summary = MailboxPass(app, mailbox, client, lease, stop).run()
    finally:
        try:
            lease.release()
        except Exception as error:  # it expires on its own; the pass result matters more
            log.warning("mailbox %s: could not release the lease (%s)", mailbox.id, describe(error))
    if summary.fetched or summary.oversized:
        log.debug("%s", summary.line())  # with its time, a list of arrivals: DEBUG only (intake.tally)
        TALLY.add(mailbox.id, summary.stored + summary.quarantined + summary.oversized)
    return summary


def poll_mailbox(app: Services, mailbox: MailboxSettings, stop: threading.Event | None = None) -> MailboxSummary:
    """Connect, pass, log out. Never raises for a mailbox problem: the summary carries the error."""
    client = None
    try:
        client = connect(mailbox)
        return locked_pass(app, mailbox, client, stop)
    except Exception as error:
        return failed(app, mailbox.id, error)
    finally:
        close(client)


def failed(app: Services, mailbox_id: str, error: BaseException) -> MailboxSummary:
    """Log and record a failed pass. When the database cannot take the record (disk full, locked,
    gone), the beacon file does, so `napishy status` fails rather than shows the last good poll."""
    text = describe(error)
    log.warning("mailbox %s: pass failed: %s", mailbox_id, text)
    try:
        record_failure(app.database, mailbox_id, error)
    except Exception as db_error:
        noted = record_unrecorded_failure(app.data_dir, mailbox_id, dt.datetime.now(dt.UTC))
        log.warning("mailbox %s: could not record the failure (%s)%s", mailbox_id, describe(db_error),
                    "; noted in the beacon file for `napishy status`" if noted else "")
    return MailboxSummary(mailbox_id, error=text)


def prepare(app: Services) -> None:
    """Open the database and build the pipeline now, so a bad key file or database URL is reported
    once, as one line, before any mailbox is touched. (App serialises a first start on a fresh
    data dir: migrations under a file lock, the fingerprint key created atomically.)"""
    app.database  # noqa: B018 - cached properties, evaluated for their checks
    app.pipeline  # noqa: B018
    prepare_beacon(app.data_dir)  # sized now, while the disk has room


def poll_once(app: Services, stop: threading.Event | None = None) -> list[MailboxSummary]:
    """One pass over every configured mailbox; a failing mailbox does not stop the others."""
    if not app.settings.mailboxes:
        raise NoMailboxes("no mailboxes configured: set NAPISHY_MAILBOXES and NAPISHY_MAILBOX_<ID>_HOST etc.")
    prepare(app)
    summaries = []
    for mailbox in app.settings.mailboxes:
        if stop is not None and stop.is_set():
            break  # asked to stop: the mailboxes not yet passed wait for the next one
        summaries.append(poll_mailbox(app, mailbox, stop))
    return summaries
