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
from typing import TYPE_CHECKING, Any

from foundation.errors import NapishyError
from foundation.storage.reader import Source, as_datetime, reading

if TYPE_CHECKING:  # appending needs the ORM; reading and verifying do not (`napishy audit verify`)
    from sqlalchemy.orm import Session

    from foundation.settings import Settings
    from foundation.storage.database import Database
    from foundation.storage.models import AuditEntry

GENESIS = "0" * 64
ACTIONS = (
    "approve", "reject", "reset", "undo", "edit", "restore", "retry", "purge", "export-publication",
    "export-relatives", "login", "login-failed", "open", "claim", "release", "note",
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
    from sqlalchemy import text

    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif dialect == "sqlite":
        session.execute(text("UPDATE audit_log SET seq = seq WHERE 0"))


def record_now(database: Database, operator: str, action: str, letter_id: str | None = None,
               detail: str = "") -> None:
    """One entry in a transaction of its own: for events that change nothing else (a login, a
    failed login, an original opened). Never a password, never letter content."""
    with database.session() as session:
        record(session, operator, action, letter_id, detail)


def record(session: Session, operator: str, action: str, letter_id: str | None = None,
           detail: str = "") -> AuditEntry:
    """Append one entry in the caller's transaction, so the log and the change commit together."""
    from sqlalchemy import select

    from foundation.storage.models import AuditEntry

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


_ENTRY_COLUMNS = "seq, at, operator, action, letter_id, detail, prev_hash, hash"


def verify(source: Source) -> list[str]:
    """Every problem found; an empty list means the chain is intact.

    Deleting the newest entries leaves a shorter chain that still verifies: compare the head
    hash `audit verify` prints with one written down earlier to catch that."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    with reading(source) as query:
        for seq, at, operator, action, letter_id, detail, prev_hash, hash_ in query.each(
            f"SELECT {_ENTRY_COLUMNS} FROM audit_log ORDER BY seq"  # noqa: S608 - a constant column list
        ):
            if seq != expected_seq:
                problems.append(f"entry {seq}: expected entry {expected_seq} here; entries are missing")
            if prev_hash != prev:
                problems.append(f"entry {seq}: does not follow the entry before it (removed or reordered)")
            actual = entry_hash(prev_hash, seq, as_datetime(at), operator, action, letter_id, detail)
            if actual != hash_:
                problems.append(f"entry {seq}: its content was altered after it was written")
            prev, expected_seq = hash_, seq + 1
    return problems


def head(source: Source) -> tuple[int, str]:
    """How many entries there are and the newest hash: write it down to detect truncation later."""
    with reading(source) as query:
        (count,) = query.one("SELECT count(*) FROM audit_log") or (0,)
        newest = query.one("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return count or 0, newest[0] if newest else GENESIS


def entries(source: Source, *, letter_id: str | None = None, limit: int | None = None) -> list[Entry]:
    """Newest last; `limit` keeps the newest N."""
    sql = f"SELECT {_ENTRY_COLUMNS} FROM audit_log"  # noqa: S608 - a constant column list
    params: list[str | int] = []
    if letter_id:
        sql += " WHERE letter_id = ?"
        params.append(letter_id)
    sql += " ORDER BY seq DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    with reading(source) as query:
        rows = [
            Entry(seq, _utc(as_datetime(at)).strftime("%Y-%m-%dT%H:%M:%SZ"), operator, action, letter_id_, detail,
                  hash_)
            for seq, at, operator, action, letter_id_, detail, _prev, hash_ in query.all(sql, params)
        ]
    return rows[::-1]


class ChainBroken(NapishyError):
    """Raised by `napishy audit verify` when the log was altered, truncated or reordered."""

    exit_code = 5


def contains(source: Source, hash_prefix: str) -> bool:
    """Whether an entry with this hash (or a prefix of at least 12 characters) is still in the log."""
    if len(hash_prefix) < 12:
        raise NapishyError("give at least the first 12 characters of the head hash")
    prefix = hash_prefix.lower()
    with reading(source) as query:
        found = query.one("SELECT count(*) FROM audit_log WHERE substr(hash, 1, CAST(? AS INTEGER)) = ?",
                          (len(prefix), prefix))
    return found is not None and found[0] == 1
