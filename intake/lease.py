"""A lease row per mailbox, so two services sharing one database never fetch the same mailbox at once.

Taking it is one atomic statement on both SQLite and PostgreSQL: an UPDATE that only matches an
expired row (or our own), else an INSERT that the primary key lets only one racer win.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, or_, update
from sqlalchemy.exc import IntegrityError

from foundation.errors import NapishyError
from foundation.storage.database import Database
from foundation.storage.models import Lease

log = logging.getLogger(__name__)

LEASE_SECONDS = 300
# Holders in this process that hold their lease right now. A row naming this process but a holder
# not in here was left behind by a release that failed (e.g. the database was locked at that
# moment): without this, the same service would skip its own mailbox until the row expired.
_live_holders: set[str] = set()
_live_lock = threading.Lock()



def _changed(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed (a bulk statement's result is a cursor result)."""
    return cast(CursorResult[Any], result).rowcount

class LeaseLost(NapishyError):
    """Raised when a renewal finds the lease expired and taken over: the pass must stop at once."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _host() -> str:
    return socket.gethostname()[:32]


def new_holder() -> str:
    """`host/pid/token`: host and pid let a restarted service on the same machine take over from
    a crashed one at once instead of waiting for the expiry; the token makes it unique."""
    return f"{_host()}/{os.getpid()}/{secrets.token_hex(6)}"


def _holder_is_dead(holder: str) -> bool:
    """True only when the holder ran on this host and its process is gone, or it is an abandoned
    holder of this very process. A pid reused by another process reads as alive: then we wait for
    the expiry, which is the safe side."""
    host, _, rest = holder.partition("/")
    pid_text = rest.partition("/")[0]
    if host != _host() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        with _live_lock:
            return holder not in _live_holders
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a live process of another user
    return False


class MailboxLease:
    """Not a context manager on purpose: a caller must handle "not acquired" (skip the mailbox)."""

    def __init__(self, database: Database, mailbox_id: str, holder: str | None = None,
                 seconds: int = LEASE_SECONDS) -> None:
        self.database = database
        self.name = f"imap:{mailbox_id}"
        self.holder = holder or new_holder()
        self.seconds = seconds
        self.held = False

    def acquire(self) -> bool:
        """True if we now hold the lease (fresh, taken over after expiry, or already ours)."""
        now = _now()
        expires = now + dt.timedelta(seconds=self.seconds)
        with self.database.session() as session:
            taken = _changed(session.execute(
                update(Lease)
                .where(Lease.name == self.name, or_(Lease.holder == self.holder, Lease.expires_at < now))
                .values(holder=self.holder, expires_at=expires)
            ))
        if taken != 1:
            try:
                with self.database.session() as session:
                    session.add(Lease(name=self.name, holder=self.holder, expires_at=expires))
            except IntegrityError:
                # a live lease held by someone else, or a racer inserted first
                if not self._take_from_dead_holder(expires):
                    return False
        self._set_held(True)
        return True

    def _set_held(self, held: bool) -> None:
        self.held = held
        with _live_lock:
            if held:
                _live_holders.add(self.holder)
            else:
                _live_holders.discard(self.holder)

    def _take_from_dead_holder(self, expires: dt.datetime) -> bool:
        with self.database.session() as session:
            current = session.get(Lease, self.name)
            if current is None or not _holder_is_dead(current.holder):
                return False
            dead = current.holder
            # Compare-and-swap on the holder: of two services racing for it, one wins.
            taken = _changed(session.execute(
                update(Lease).where(Lease.name == self.name, Lease.holder == dead)
                .values(holder=self.holder, expires_at=expires)
            ))
        if taken == 1:
            log.info("lease %s: taken over from a holder that is gone (a crashed service on this host, "
                     "or one of ours whose release failed)", self.name)
        return taken == 1

    def renew(self) -> None:
        """Push the expiry forward; raises `LeaseLost` if someone took the lease over meanwhile."""
        expires = _now() + dt.timedelta(seconds=self.seconds)
        with self.database.session() as session:
            renewed = _changed(session.execute(
                update(Lease).where(Lease.name == self.name, Lease.holder == self.holder).values(expires_at=expires)
            ))
        if renewed != 1:
            self._set_held(False)
            raise LeaseLost(f"lease {self.name} was taken over by another service")

    def release(self) -> None:
        if not self.held:
            return
        self._set_held(False)  # first: if the delete fails, a later pass of ours may take the row over
        with self.database.session() as session:
            session.execute(delete(Lease).where(Lease.name == self.name, Lease.holder == self.holder))

