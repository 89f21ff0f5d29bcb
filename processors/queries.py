"""Read-only views of the queue, shaped as the JSON contracts of DESIGN.md.

Plain SQL through `foundation.storage.reader`, not the ORM: `napishy queue`, `show` and `status` must
start in under 0.2 s, and importing SQLAlchemy and the models alone takes longer. Each function
takes the `Database` or the stdlib reader `App.reader` gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from foundation.storage.reader import Source, as_date, as_datetime, as_json, reading
from processors.images import exportable, number

T = TypeVar("T")


@dataclass(frozen=True)
class QueueRow:
    id: str
    mailbox: str
    status: str
    kind: str
    recipients: tuple[str, ...]
    language: str
    received_on: dt.date
    # why it was rejected or quarantined: shown by `napishy queue`, not in the --json contract
    reason: str | None = field(default=None, kw_only=True)
    # its near-duplicate group when another letter is in it too (`napishy queue`, not in --json)
    group: str | None = field(default=None, kw_only=True)

    def summary(self) -> dict[str, Any]:
        """The `napishy queue --json` contract."""
        return {
            "id": self.id,
            "mailbox": self.mailbox,
            "status": self.status,
            "kind": self.kind,
            "recipients": list(self.recipients),
            "language": self.language,
            "received_on": self.received_on.isoformat(),
        }


_QUEUE_COLUMNS = ("id, mailbox, status, kind, recipients, language, received_on, reject_reason, quarantine_reason, "
                  "near_group")
_SHARED_GROUPS = "SELECT near_group FROM letters WHERE near_group IS NOT NULL GROUP BY near_group HAVING count(*) > 1"


def list_letters(source: Source, *, status: str | None = None, kind: str | None = None,
                 attorney: str | None = None, language: str | None = None, group: str | None = None,
                 only: set[str] | None = None, without: set[str] | None = None) -> list[QueueRow]:
    """The queue in review order (day received, then id), narrowed by whichever filters are given;
    `only` keeps just these ids (an operator's claims), `without` leaves these out (letters seen)."""
    where: list[str] = []
    params: list[str] = []
    if status:
        where.append("status = ?")
        params.append(status)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if language:
        where.append("language = ?")
        params.append(language)
    if group:
        where.append("near_group = ?")
        params.append(group)
    if attorney:
        # recipients is a JSON list of plain ids; its text holds `"znak"` exactly when it contains
        # znak, on SQLite and PostgreSQL alike. Callers pass a roster id, never free text.
        where.append("CAST(recipients AS TEXT) LIKE ?")
        params.append(f'%"{attorney}"%')
    clause = " WHERE " + " AND ".join(where) if where else ""
    sql = f"SELECT {_QUEUE_COLUMNS} FROM letters{clause} ORDER BY received_on, id"  # noqa: S608 - values bound
    with reading(source) as query:
        rows = query.all(sql, params)
        shared = {row[0] for row in query.all(_SHARED_GROUPS)}
    # Ten thousand letters share a few dozen recipient lists and days: decode each text once.
    if only is not None:
        rows = [row for row in rows if row[0] in only]
    if without:
        rows = [row for row in rows if row[0] not in without]
    texts: dict[Any, Any] = {}
    return [
        QueueRow(id_, mailbox, status_, kind_, _once(texts, recipients, _recipients), language,
                 _once(texts, received_on, as_date), reason=rejected or quarantined,
                 group=near_group if near_group in shared else None)
        for id_, mailbox, status_, kind_, recipients, language, received_on, rejected, quarantined, near_group in rows
    ]


def _recipients(value: Any) -> tuple[str, ...]:
    return tuple(as_json(value) or ())


def _once(cache: dict[Any, Any], value: Any, decode: Callable[[Any], T]) -> T:
    """`decode(value)`, remembered for a value that is text (SQLite); psycopg's are decoded already."""
    if not isinstance(value, str):
        return decode(value)
    key = (decode, value)
    if key not in cache:
        cache[key] = decode(value)
    return cache[key]


@dataclass(frozen=True)
class _Image:
    """An attachment's row without its bytes: `show` lists images, it does not draw them."""

    name: str
    content_type: str
    sha256: str
    position: int
    ocr_status: str
    ocr_text: str
    withheld_reason: str | None
    approved: bool


def letter_detail(source: Source, letter_id: str) -> dict[str, Any] | None:
    with reading(source) as query:
        row = query.one(
            "SELECT id, mailbox, status, kind, recipients, language, received_on, text, redactions, defects, checks,"
            " quarantine_reason, reject_reason FROM letters WHERE id = ?", (letter_id,))
        if row is None:
            return None
        images = [_Image(*image) for image in query.all(
            "SELECT name, content_type, sha256, position, ocr_status, ocr_text, withheld_reason, approved"
            " FROM attachments WHERE letter_id = ? ORDER BY position", (letter_id,))]
        (revisions,) = query.one("SELECT count(*) FROM revisions WHERE letter_id = ?", (letter_id,)) or (0,)
        sealed = query.one("SELECT key_id FROM sealed_originals WHERE letter_id = ?", (letter_id,))
    (id_, mailbox, status, kind, recipients, language, received_on, text, redactions, defects, checks,
     quarantine_reason, reject_reason) = row
    return {
        "id": id_,
        "mailbox": mailbox,
        "status": status,
        "kind": kind,
        "recipients": list(as_json(recipients) or ()),
        "language": language,
        "received_on": as_date(received_on).isoformat(),
        "text": text,
        "redactions": dict(as_json(redactions) or {}),
        "defects": list(as_json(defects) or ()),
        "checks": list(as_json(checks) or ()),
        "attachments": [
            {"name": a.name, "content_type": a.content_type, "sha256": a.sha256, "number": number(a),
             "ocr_status": a.ocr_status, "ocr_text": a.ocr_text, "withheld_reason": a.withheld_reason,
             "approved": bool(a.approved), "published": exportable(status, a)}
            for a in images
        ],
        "quarantine_reason": quarantine_reason,
        "reject_reason": reject_reason,
        "revisions": revisions,
        "sealed_key_id": sealed[0] if sealed else None,
    }


@dataclass(frozen=True)
class _MailboxState:
    last_poll_at: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None


def mailbox_health(
    source: Source, configured: list[str], *, now: dt.datetime, stale_after: int, grace: int = 0,
    unrecorded: dict[str, dt.datetime] | None = None,
) -> list[dict[str, Any]]:
    """Per mailbox: last poll, outage, counts. `alarm` is what `napishy status` fails on: overdue, or
    failing for longer than `grace` seconds after its last good poll (0: from the first failed one).
    `unrecorded` holds failures the database could not take (`foundation.beacon`): they count too."""
    unrecorded = unrecorded or {}
    with reading(source) as query:
        states = {
            mailbox: _MailboxState(as_datetime(last_poll) if last_poll is not None else None, error,
                                   as_datetime(error_at) if error_at is not None else None)
            for mailbox, last_poll, error, error_at in query.all(
                "SELECT mailbox, last_poll_at, last_error, last_error_at FROM mailbox_state")
        }
        counts: dict[str, dict[str, int]] = {}
        for mailbox, status, count in query.all(
            "SELECT mailbox, status, count(*) FROM letters GROUP BY mailbox, status"
        ):
            counts.setdefault(mailbox, {})[status] = count
        oldest = {mailbox: as_date(day) for mailbox, day in query.all(
            "SELECT mailbox, min(received_on) FROM letters WHERE status = 'pending' GROUP BY mailbox")}
    report = []
    for mailbox in sorted(set(configured) | set(states) | set(counts)):
        state = states.get(mailbox)
        last_poll = _aware(state.last_poll_at) if state and state.last_poll_at else None
        last_error_at = _aware(state.last_error_at) if state and state.last_error_at else None
        overdue = mailbox in configured and (last_poll is None or (now - last_poll).total_seconds() > stale_after)
        # The last error is kept after recovery (for diagnosis), so it only means "down now" when no
        # successful poll came after it. `overdue` alone would hide an outage for stale_after seconds.
        failing = last_error_at is not None and (last_poll is None or last_error_at > last_poll)
        hidden = unrecorded.get(mailbox)
        hidden_failure = hidden is not None and (last_poll is None or _aware(hidden) > last_poll)
        outage = mailbox in configured and (failing or hidden_failure)
        too_long = last_poll is None or (now - last_poll).total_seconds() >= grace
        report.append(
            {
                "mailbox": mailbox,
                "configured": mailbox in configured,
                "last_poll_at": last_poll.isoformat(timespec="seconds") if last_poll else None,
                "overdue": overdue,
                "outage": outage,
                "alarm": overdue or (outage and too_long),
                "unrecorded_failure_at": (_aware(hidden).isoformat(timespec="seconds")
                                          if hidden and hidden_failure else None),
                "last_error": state.last_error if state else None,
                "last_error_at": last_error_at.isoformat(timespec="seconds") if last_error_at else None,
                "letters": counts.get(mailbox, {}),
                "oldest_pending_days": (now.date() - oldest[mailbox]).days if mailbox in oldest else None,
            }
        )
    return report


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class StandingClaim:
    """An operator's "I'm reviewing this" on a letter, not yet expired (processors.claims)."""

    letter_id: str
    operator: str
    expires_at: dt.datetime


def standing_claims(source: Source, *, now: dt.datetime, letter_id: str | None = None,
                    operator: str | None = None) -> list[StandingClaim]:
    """Claims that still hold at `now`, for one letter or one operator or all; plain SQL for `show`
    and `queue --mine`. Expiry is compared here, not in SQL: the two databases keep times differently."""
    where, params = [], []
    if letter_id is not None:
        where.append("letter_id = ?")
        params.append(letter_id)
    if operator is not None:
        where.append("operator = ?")
        params.append(operator[:64])
    clause = " WHERE " + " AND ".join(where) if where else ""
    with reading(source) as query:
        rows = query.all(f"SELECT letter_id, operator, expires_at FROM claims{clause}", params)  # noqa: S608 - bound
    found = [StandingClaim(letter, who, _aware(as_datetime(until))) for letter, who, until in rows]
    return [claim for claim in found if claim.expires_at > now]


def seen_ids(source: Source, operator: str) -> set[str]:
    """The letters this operator has opened (seen/unseen is per operator)."""
    with reading(source) as query:
        return {row[0] for row in query.all("SELECT letter_id FROM seen WHERE operator = ?", (operator[:64],))}
