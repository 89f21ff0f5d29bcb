"""The campaign at a glance: days to publication, letters per attorney and status, the oldest
pending letter, and the quarantined letters with their reasons.

Plain SQL through `foundation.storage.reader` (like processors.queries), so `napishy dashboard`
reads a SQLite store with the standard library alone and the web console the same SQL through
its engine. Recipients are a JSON list per letter: the counts are grouped by the list in SQL (a
campaign has a few dozen distinct lists) and spread over the attorneys here, the same on SQLite
and PostgreSQL. The publication day is the shell's to give (exports.publication decides it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from anonymizer.vocabulary import STATUSES, Status
from foundation.storage.reader import Source, as_date, as_json, reading

QUARANTINE_SHOWN = 100
NO_ATTORNEY = ""  # letters addressed to no one (quarantined, or not yet read as addressed)


@dataclass(frozen=True)
class Quarantined:
    id: str
    received_on: dt.date
    reason: str


@dataclass(frozen=True)
class Dashboard:
    publication_date: dt.date
    today: dt.date
    statuses: dict[str, int]
    attorneys: dict[str, dict[str, int]]  # attorney id (NO_ATTORNEY: none) -> status -> letters
    oldest_pending: tuple[str, dt.date] | None
    quarantined: list[Quarantined]  # the oldest QUARANTINE_SHOWN of them
    quarantine_reasons: dict[str, int]  # each reason's kind (the text before ':') -> letters
    groups_pending: int  # near-duplicate groups with letters still pending
    letters_in_groups: int = field(default=0)  # pending letters that are in such a group

    @property
    def days_to_publication(self) -> int:
        return (self.publication_date - self.today).days

    @property
    def oldest_pending_days(self) -> int | None:
        return (self.today - self.oldest_pending[1]).days if self.oldest_pending else None

    def summary(self) -> dict[str, Any]:
        """`napishy dashboard --json`."""
        oldest = self.oldest_pending
        return {
            "publication_date": self.publication_date.isoformat(),
            "days_to_publication": self.days_to_publication,
            "statuses": self.statuses,
            "attorneys": self.attorneys,
            "oldest_pending": None if oldest is None else
            {"id": oldest[0], "received_on": oldest[1].isoformat(), "days": self.oldest_pending_days},
            "quarantined": [{"id": q.id, "received_on": q.received_on.isoformat(), "reason": q.reason}
                            for q in self.quarantined],
            "quarantine_reasons": self.quarantine_reasons,
            "groups_pending": self.groups_pending,
            "letters_in_groups": self.letters_in_groups,
        }


def reason_kind(reason: str) -> str:
    """'LetterTimedOut: took longer than 60 s' -> 'LetterTimedOut': what the reasons have in common
    (a size in brackets left out: 'larger than NAPISHY_MAX_LETTER_BYTES (9 bytes)' is one kind)."""
    kind = reason.split(":", 1)[0].strip() or reason
    return re.sub(r"\s*\([^)]*\)", "", kind)


def dashboard(source: Source, *, today: dt.date, publication_date: dt.date) -> Dashboard:
    pending = Status.PENDING.value
    with reading(source) as query:
        # as text: PostgreSQL's json type has no equality to group by
        by_list = query.all("SELECT CAST(recipients AS TEXT), status, count(*) FROM letters "
                            "GROUP BY CAST(recipients AS TEXT), status")
        oldest = query.one("SELECT id, received_on FROM letters WHERE status = ? ORDER BY received_on, id LIMIT 1",
                           (pending,))
        quarantined = query.all("SELECT id, received_on, quarantine_reason FROM letters WHERE status = ? "
                                "ORDER BY received_on, id LIMIT ?", (Status.QUARANTINED.value, QUARANTINE_SHOWN))
        reasons = query.all("SELECT quarantine_reason, count(*) FROM letters WHERE status = ? "
                            "GROUP BY quarantine_reason", (Status.QUARANTINED.value,))
        grouped = query.one(
            "SELECT count(*), coalesce(sum(pending), 0) FROM (SELECT near_group, count(*) AS size, "
            "sum(CASE WHEN status = ? THEN 1 ELSE 0 END) AS pending FROM letters WHERE near_group IS NOT NULL "
            "GROUP BY near_group) AS g WHERE size > 1 AND pending > 0", (pending,)) or (0, 0)
    statuses: Counter[str] = Counter()
    attorneys: dict[str, Counter[str]] = {}
    for recipients, status, count in by_list:
        statuses[status] += count
        for attorney in as_json(recipients) or [NO_ATTORNEY]:
            attorneys.setdefault(attorney, Counter())[status] += count
    kinds: Counter[str] = Counter()
    for reason, count in reasons:
        kinds[reason_kind(reason or "")] += count
    return Dashboard(
        publication_date=publication_date, today=today,
        statuses={s: statuses.get(s, 0) for s in STATUSES},
        # the attorneys by id, letters addressed to no one last
        attorneys={a: {s: counts.get(s, 0) for s in STATUSES}
                   for a, counts in sorted(attorneys.items(), key=lambda item: (item[0] == NO_ATTORNEY, item[0]))},
        oldest_pending=(oldest[0], as_date(oldest[1])) if oldest else None,
        quarantined=[Quarantined(i, as_date(day), reason or "") for i, day, reason in quarantined],
        quarantine_reasons=dict(kinds.most_common()),
        groups_pending=int(grouped[0]), letters_in_groups=int(grouped[1]),
    )
