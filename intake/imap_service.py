"""`napishy run`: one watcher thread per mailbox, until the stop event is set.

IDLE is only a wake-up hint. What guarantees that no letter waits forever is the full rescan
on a timer and after every reconnect; what guarantees a dead link is noticed is the watchdog:
every IDLE ends within `WATCHDOG_SECONDS` with a DONE the server must answer within the socket
read timeout (without IDLE, a NOOP as often), so a link that froze silently is noticed within
10 + 15 s, and TCP keepalive covers a peer that vanished outright.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from typing import TYPE_CHECKING

from imapclient import IMAPClient

from foundation.settings import MailboxSettings
from foundation.storage.reshuffle import Reshuffler
from intake.imap import MailboxSummary, NoMailboxes, failed, locked_pass, prepare
from intake.imap_connect import READ_TIMEOUT, ImapError, close, connect
from intake.tally import TALLY

if TYPE_CHECKING:
    from intake.ports import Services

log = logging.getLogger(__name__)

MAX_IDLE_SECONDS = 600  # RFC 2177: re-issue IDLE at least every 29 minutes; providers cut sooner
WATCHDOG_SECONDS = 10.0  # the server must prove it is alive this often: DONE (or NOOP) answered
IDLE_TICK = 1.0  # how often an IDLE wait looks at the stop event
_jitter = random.SystemRandom()


class ConnectionLost(ImapError):
    """Raised when the server ends the session (BYE or end of stream) while we wait in IDLE."""


class Backoff:
    """Exponential delays with jitter, so two services (or a provider's many clients) do not
    reconnect in lockstep after an outage; capped at 8 s, so the service is back within 10 s of
    the server. A failed attempt is one cheap connection refused, not a load on anyone."""

    def __init__(self, first: float = 1.0, maximum: float = 8.0) -> None:
        self.first = first
        self.maximum = maximum
        self.attempt = 0

    def next(self) -> float:
        delay = min(self.maximum, self.first * 2**self.attempt)
        self.attempt += 1
        return delay * _jitter.uniform(0.5, 1.0)

    def reset(self) -> None:
        self.attempt = 0


class MailboxWatcher:
    """Connect, pass, IDLE, pass again; on any failure log it, back off and reconnect."""

    read_timeout = READ_TIMEOUT  # how long the server may stay silent when it owes us an answer

    def __init__(self, app: Services, mailbox: MailboxSettings, stop: threading.Event,
                 backoff: Backoff | None = None) -> None:
        self.app = app
        self.mailbox = mailbox
        self.stop = stop
        self.backoff = backoff or Backoff()
        self.passes = 0

    def run(self) -> None:
        while not self.stop.is_set():
            client = None
            try:
                client = connect(self.mailbox, read_timeout=self.read_timeout)
                self._serve(client)
            except Exception as error:
                failed(self.app, self.mailbox.id, error)
                delay = self.backoff.next()
                log.info("mailbox %s: reconnecting in %.1f s", self.mailbox.id, delay)
                self.stop.wait(delay)
            finally:
                close(client)

    def _serve(self, client: IMAPClient) -> None:
        """A full pass right after connecting (whatever arrived while we were away), then one per
        wake-up and at least one every `rescan_seconds`."""
        next_rescan = 0.0
        woke = True
        while not self.stop.is_set():
            if woke or time.monotonic() >= next_rescan:
                summary = locked_pass(self.app, self.mailbox, client, self.stop)
                self.passes += 1
                self.backoff.reset()
                next_rescan = time.monotonic() + self.app.settings.rescan_seconds
                if self.stop.is_set():
                    return
                if self._more_waiting(client, summary):
                    continue
            woke = self._wait(client, next_rescan)

    def _more_waiting(self, client: IMAPClient, summary: MailboxSummary) -> bool:
        """Letters that arrived during a productive pass are fetched at once rather than after IDLE;
        after an idle or skipped pass we wait, so a stuck message cannot spin the loop."""
        client.select_folder(self.mailbox.folder)
        if summary.skipped or not (summary.fetched or summary.oversized):
            return False
        return bool(client.search(["NOT", "DELETED"]))

    def _wait(self, client: IMAPClient, next_rescan: float) -> bool:
        """Wait for new mail, the rescan time, the IDLE limit or the stop event. True if mail came."""
        limit = min(self.app.settings.idle_seconds, MAX_IDLE_SECONDS, WATCHDOG_SECONDS)
        deadline = min(next_rescan, time.monotonic() + limit)
        if not client.has_capability("IDLE"):
            self.stop.wait(max(0.0, deadline - time.monotonic()))
            client.noop()  # answered within the read timeout, or the link is dead
            return False
        client.idle()
        woke = self._idle_until(client, deadline)
        client.idle_done()  # the server must answer DONE within the read timeout: the watchdog
        return woke

    def _idle_until(self, client: IMAPClient, deadline: float) -> bool:
        while not self.stop.is_set() and time.monotonic() < deadline:
            began = time.monotonic()
            responses = client.idle_check(timeout=IDLE_TICK)
            # idle_check leaves the socket blocking without a timeout; put the watchdog back.
            client.socket().settimeout(self.read_timeout)
            for response in responses:
                if response and response[0] == b"BYE":
                    raise ConnectionLost(f"mailbox {self.mailbox.id}: the server closed the session")
                if len(response) > 1 and response[1] in (b"EXISTS", b"RECENT"):
                    return True
            if not responses and time.monotonic() - began < IDLE_TICK / 2:
                # Readable yet nothing parsed: the stream ended without a BYE.
                raise ConnectionLost(f"mailbox {self.mailbox.id}: the connection ended")
        return False


def run(app: Services, stop: threading.Event) -> None:
    """Watch every mailbox until `stop` is set; each watcher finishes the letter in hand first."""
    if not app.settings.mailboxes:
        raise NoMailboxes("no mailboxes configured: set NAPISHY_MAILBOXES and NAPISHY_MAILBOX_<ID>_HOST etc.")
    prepare(app)
    threads = [
        threading.Thread(target=MailboxWatcher(app, mailbox, stop).run, name=f"napishy-imap-{mailbox.id}")
        for mailbox in app.settings.mailboxes
    ]
    for thread in threads:
        thread.start()
    log.info("service started, watching %d mailboxes", len(threads))
    announced = False
    reshuffler = Reshuffler(app.database.engine)  # PostgreSQL keeps rows in arrival order otherwise
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=0.2)
        if not stop.is_set():
            reshuffler.maybe_run(stop.is_set)
        if stop.is_set() and not announced:
            log.info("stop requested: finishing the letter in hand")
            announced = True
    TALLY.flush()
    log.info("service stopped")
