"""Per-mailbox bookkeeping rows: UIDVALIDITY and health. Error texts are fixed phrases keyed by
exception class, because an exception message from a parser or a server can quote a letter."""

from __future__ import annotations

import datetime as dt
import socket
import ssl

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError
from sqlalchemy.exc import SQLAlchemyError

from foundation.storage.database import Database
from foundation.storage.models import MailboxState
from intake.imap_connect import ImapError

_DESCRIPTIONS: tuple[tuple[type[BaseException], str], ...] = (
    (IMAPClientAbortError, "IMAP connection lost"),
    (IMAPClientError, "IMAP command failed"),
    (ssl.SSLError, "TLS error"),
    (socket.timeout, "network timeout"),
    (OSError, "network error"),
    (SQLAlchemyError, "database error"),
)


def describe(error: BaseException) -> str:
    """A short text safe to store and log: ours for `ImapError` (we write those), fixed otherwise."""
    if isinstance(error, ImapError):
        return str(error)[:200]
    for kind, text in _DESCRIPTIONS:
        if isinstance(error, kind):
            return f"{type(error).__name__}: {text}"
    return f"{type(error).__name__}: unexpected failure"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def known_uidvalidity(database: Database, mailbox_id: str) -> int | None:
    with database.session() as session:
        state = session.get(MailboxState, mailbox_id)
        return state.uidvalidity if state else None


def record_success(database: Database, mailbox_id: str, uidvalidity: int) -> None:
    with database.session() as session:
        state = session.get(MailboxState, mailbox_id) or MailboxState(mailbox=mailbox_id)
        state.uidvalidity = uidvalidity
        state.last_poll_at = _now()  # the last error stays for diagnosis; healthy means poll after error
        session.add(state)


def record_failure(database: Database, mailbox_id: str, error: BaseException) -> None:
    with database.session() as session:
        state = session.get(MailboxState, mailbox_id) or MailboxState(mailbox=mailbox_id)
        state.last_error = describe(error)
        state.last_error_at = _now()
        session.add(state)
