"""A lease row per mailbox, so two services sharing one database never fetch the same mailbox at once.

Taking it is one atomic statement on both SQLite and PostgreSQL: an UPDATE that only matches an
expired row (or our own), else an INSERT that the primary key lets only one racer win.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError

from napishy.errors import NapishyError
from napishy.storage.database import Database
from napishy.storage.models import Lease

log = logging.getLogger(__name__)

LEASE_SECONDS = 300


class LeaseLost(NapishyError):
    """Raised when a renewal finds the lease expired and taken over: the pass must stop at once."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_holder() -> str:
    """Names this process, not the host: the pid helps an operator, the token makes it unique."""
    return f"pid{os.getpid()}-{secrets.token_hex(6)}"


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
            taken = session.execute(
                update(Lease)
                .where(Lease.name == self.name, or_(Lease.holder == self.holder, Lease.expires_at < now))
                .values(holder=self.holder, expires_at=expires)
            ).rowcount
        if taken != 1:
            try:
                with self.database.session() as session:
                    session.add(Lease(name=self.name, holder=self.holder, expires_at=expires))
            except IntegrityError:
                return False  # a live lease held by someone else, or a racer inserted first
        self.held = True
        return True

    def renew(self) -> None:
        """Push the expiry forward; raises `LeaseLost` if someone took the lease over meanwhile."""
        expires = _now() + dt.timedelta(seconds=self.seconds)
        with self.database.session() as session:
            renewed = session.execute(
                update(Lease).where(Lease.name == self.name, Lease.holder == self.holder).values(expires_at=expires)
            ).rowcount
        if renewed != 1:
            self.held = False
            raise LeaseLost(f"lease {self.name} was taken over by another service")

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with self.database.session() as session:
            session.execute(delete(Lease).where(Lease.name == self.name, Lease.holder == self.holder))

