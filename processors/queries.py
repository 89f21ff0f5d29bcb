"""Read-only views of the queue, shaped as the JSON contracts of DESIGN.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, func, select

from napishy.storage.database import Database
from napishy.storage.models import Letter, MailboxState
from processors.images import exportable, number


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


def list_letters(database: Database, *, status: str | None = None, kind: str | None = None,
                 attorney: str | None = None, language: str | None = None) -> list[QueueRow]:
    """The queue in review order (day received, then id), narrowed by whichever filters are given."""
    query = select(
        Letter.id,
        Letter.mailbox,
        Letter.status,
        Letter.kind,
        Letter.recipients,
        Letter.language,
        Letter.received_on,
        Letter.reject_reason,
        Letter.quarantine_reason,
    ).order_by(Letter.received_on, Letter.id)
    if status:
        query = query.where(Letter.status == status)
    if kind:
        query = query.where(Letter.kind == kind)
    if language:
        query = query.where(Letter.language == language)
    if attorney:
        # recipients is a JSON list of plain ids; its text holds `"znak"` exactly when it contains
        # znak, on SQLite and PostgreSQL alike. Callers pass a roster id, never free text.
        query = query.where(cast(Letter.recipients, String).like(f'%"{attorney}"%'))
    with database.session() as session:
        return [
            QueueRow(r.id, r.mailbox, r.status, r.kind, tuple(r.recipients or ()), r.language, r.received_on,
                     reason=r.reject_reason or r.quarantine_reason)
            for r in session.execute(query)
        ]


def letter_detail(database: Database, letter_id: str) -> dict[str, Any] | None:
    with database.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            return None
        return {
            "id": letter.id,
            "mailbox": letter.mailbox,
            "status": letter.status,
            "kind": letter.kind,
            "recipients": list(letter.recipients or ()),
            "language": letter.language,
            "received_on": letter.received_on.isoformat(),
            "text": letter.text,
            "redactions": dict(letter.redactions or {}),
            "defects": list(letter.defects or ()),
            "checks": list(letter.checks or ()),
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "sha256": a.sha256, "number": number(a),
                 "ocr_status": a.ocr_status, "ocr_text": a.ocr_text, "withheld_reason": a.withheld_reason,
                 "approved": bool(a.approved), "published": exportable(letter.status, a)}
                for a in letter.attachments
            ],
            "quarantine_reason": letter.quarantine_reason,
            "reject_reason": letter.reject_reason,
            "revisions": len(letter.revisions),
            "sealed_key_id": letter.sealed.key_id if letter.sealed else None,
        }


def mailbox_health(
    database: Database, configured: list[str], *, now: dt.datetime, stale_after: int, grace: int = 0,
    unrecorded: dict[str, dt.datetime] | None = None,
) -> list[dict[str, Any]]:
    """Per mailbox: last poll, outage, counts. `alarm` is what `napishy status` fails on: overdue, or
    failing for longer than `grace` seconds after its last good poll (0: from the first failed one).
    `unrecorded` holds failures the database could not take (`napishy.beacon`): they count too."""
    unrecorded = unrecorded or {}
    with database.session() as session:
        states = {s.mailbox: s for s in session.scalars(select(MailboxState))}
        counts: dict[str, dict[str, int]] = {}
        for mailbox, status, count in session.execute(
            select(Letter.mailbox, Letter.status, func.count()).group_by(Letter.mailbox, Letter.status)
        ):
            counts.setdefault(mailbox, {})[status] = count
        oldest_query = (
            select(Letter.mailbox, func.min(Letter.received_on))
            .where(Letter.status == "pending")
            .group_by(Letter.mailbox)
        )
        oldest = {mailbox: day for mailbox, day in session.execute(oldest_query)}
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
                "unrecorded_failure_at": _aware(hidden).isoformat(timespec="seconds") if hidden_failure else None,
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
