"""Append-only audit log of operator and organiser actions, chained by hash.

Each entry says who did what to which letter and when, never what the letter says: the log
is kept as long as the database, and a seized log must not be a second copy of the letters.
`hash = sha256(prev_hash + canonical JSON of the entry)`, so removing, altering or reordering
an entry breaks the chain from that point on (`verify`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from napishy.errors import NapishyError
from napishy.settings import Settings
from napishy.storage.database import Database
from napishy.storage.models import AuditEntry

GENESIS = "0" * 64
ACTIONS = (
    "approve", "reject", "reset", "undo", "edit", "restore", "retry", "purge", "export-publication", "export-relatives",
)
MAX_DETAIL = 200
_LOCK_KEY = 0x6E617069  # "napi": the advisory lock that serialises appends on PostgreSQL


@dataclass(frozen=True)
class Entry:
    """A plain copy of one row, for printing and JSON without a live session."""

    seq: int
    at: str
    operator: str
    action: str
    letter_id: str | None
    detail: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "at": self.at, "operator": self.operator, "action": self.action,
            "letter_id": self.letter_id, "detail": self.detail, "hash": self.hash,
        }


def current_operator(settings: Settings | None) -> str:
    """NAPISHY_OPERATOR when set (shared service accounts), else the OS user running the command."""
    if settings is not None and settings.operator:
        return settings.operator[:64]
    try:
        return getpass.getuser()[:64]
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return "unknown"


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _canonical(seq: int, at: dt.datetime, operator: str, action: str, letter_id: str | None, detail: str) -> bytes:
    fields = {
        "seq": seq,
        "at": _utc(at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "operator": operator,
        "action": action,
        "letter_id": letter_id,
        "detail": detail,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, operator: str, action: str,
               letter_id: str | None, detail: str) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(seq, at, operator, action, letter_id, detail)).hexdigest()


def _take_append_lock(session: Session) -> None:
    """Two writers must not both read the same last hash and fork the chain.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: any write statement takes the
    database write lock until commit, so a no-op UPDATE makes the read below consistent."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif dialect == "sqlite":
        session.execute(text("UPDATE audit_log SET seq = seq WHERE 0"))


def record(session: Session, operator: str, action: str, letter_id: str | None = None,
           detail: str = "") -> AuditEntry:
    """Append one entry in the caller's transaction, so the log and the change commit together."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.flush()
    _take_append_lock(session)
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)  # whole seconds round-trip exactly in every backend
    operator, detail = operator[:64], " ".join(detail.split())[:MAX_DETAIL]
    entry = AuditEntry(
        seq=seq, at=at, operator=operator, action=action, letter_id=letter_id, detail=detail, prev_hash=prev,
        hash=entry_hash(prev, seq, at, operator, action, letter_id, detail),
    )
    session.add(entry)
    session.flush()
    return entry


def verify(database: Database) -> list[str]:
    """Every problem found; an empty list means the chain is intact.

    Deleting the newest entries leaves a shorter chain that still verifies: compare the head
    hash `audit verify` prints with one written down earlier to catch that."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    with database.session() as session:
        for row in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
            if row.seq != expected_seq:
                problems.append(f"entry {row.seq}: expected entry {expected_seq} here; entries are missing")
            if row.prev_hash != prev:
                problems.append(f"entry {row.seq}: does not follow the entry before it (removed or reordered)")
            actual = entry_hash(row.prev_hash, row.seq, row.at, row.operator, row.action, row.letter_id, row.detail)
            if actual != row.hash:
                problems.append(f"entry {row.seq}: its content was altered after it was written")
            prev, expected_seq = row.hash, row.seq + 1
    return problems


def head(database: Database) -> tuple[int, str]:
    """How many entries there are and the newest hash: write it down to detect truncation later."""
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        newest = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
    return count, newest or GENESIS


def entries(database: Database, *, letter_id: str | None = None, limit: int | None = None) -> list[Entry]:
    """Newest last; `limit` keeps the newest N."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if letter_id:
        query = query.where(AuditEntry.letter_id == letter_id)
    if limit:
        query = query.limit(limit)
    with database.session() as session:
        rows = [
            Entry(r.seq, _utc(r.at).strftime("%Y-%m-%dT%H:%M:%SZ"), r.operator, r.action, r.letter_id, r.detail,
                  r.hash)
            for r in session.scalars(query)
        ]
    return rows[::-1]


class ChainBroken(NapishyError):
    """Raised by `napishy audit verify` when the log was altered, truncated or reordered."""

    exit_code = 5


def contains(database: Database, hash_prefix: str) -> bool:
    """Whether an entry with this hash (or a prefix of at least 12 characters) is still in the log."""
    if len(hash_prefix) < 12:
        raise NapishyError("give at least the first 12 characters of the head hash")
    with database.session() as session:
        return session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.hash.startswith(hash_prefix.lower()))
        ) == 1
