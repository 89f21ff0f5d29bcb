"""Reading near-duplicate groups: the groups with their counts, and the letters of one.

Plain SQL through `foundation.storage.reader`, like processors.queries, so `napishy queue --groups`
reads a SQLite store with the standard library alone, and the web console the same SQL through
its engine. The groups themselves are kept at intake (processors.near_duplicates); nothing here
compares texts. A group of one (its look-alikes purged or edited away) is no group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from anonymizer.vocabulary import Status
from foundation.storage.reader import Source, as_date, as_json, reading

PREVIEW = 90
_PENDING = f"sum(CASE WHEN status = '{Status.PENDING}' THEN 1 ELSE 0 END)"
_GROUPS = (f"SELECT near_group, count(*), {_PENDING}, min(received_on), max(received_on) FROM letters "  # noqa: S608
           "WHERE near_group IS NOT NULL GROUP BY near_group HAVING count(*) > 1")


@dataclass(frozen=True)
class Group:
    """One group as a line: its size, how many still wait, the days it spans, and its first letter
    (the first pending one, else the first) to show what the template says."""

    id: str
    size: int
    pending: int
    first_day: dt.date
    last_day: dt.date
    letter_id: str
    preview: str
    recipients: tuple[str, ...]
    language: str

    def summary(self) -> dict[str, Any]:
        """`napishy queue --groups --json`."""
        return {"group": self.id, "letters": self.size, "pending": self.pending,
                "first_received_on": self.first_day.isoformat(), "last_received_on": self.last_day.isoformat(),
                "example": self.letter_id, "recipients": list(self.recipients), "language": self.language}


@dataclass(frozen=True)
class GroupList:
    groups: list[Group]
    total: int  # groups under the same condition, for paging


def list_groups(source: Source, *, pending_only: bool = True, limit: int = 50, offset: int = 0) -> GroupList:
    """Groups with letters still pending first (most pending first), then the larger ones."""
    having = f" AND {_PENDING} > 0" if pending_only else ""
    with reading(source) as query:
        (total,) = query.one(f"SELECT count(*) FROM ({_GROUPS}{having}) AS g") or (0,)  # noqa: S608 - no values
        rows = query.all(f"{_GROUPS}{having} ORDER BY 3 DESC, 2 DESC, 1 LIMIT ? OFFSET ?", (limit, offset))
        firsts = _first_letters(query, [row[0] for row in rows])
    groups = []
    for group_id, size, pending, first_day, last_day in rows:
        letter_id, text, recipients, language = firsts[group_id]
        groups.append(Group(group_id, int(size), int(pending or 0), as_date(first_day), as_date(last_day), letter_id,
                            _preview(text or ""), tuple(as_json(recipients) or ()), language or ""))
    return GroupList(groups, int(total))


def _first_letters(query: Any, groups: list[str]) -> dict[str, tuple[str, str, Any, str]]:
    if not groups:
        return {}
    marks = ", ".join("?" for _ in groups)
    rows = query.all(
        "SELECT near_group, id, substr(text, 1, ?), recipients, language FROM ("  # noqa: S608 - only placeholders
        "SELECT near_group, id, text, recipients, language, row_number() OVER (PARTITION BY near_group ORDER BY "
        f"CASE WHEN status = '{Status.PENDING}' THEN 0 ELSE 1 END, received_on, id) AS n "
        f"FROM letters WHERE near_group IN ({marks})) AS members WHERE n = 1", (PREVIEW, *groups))
    return {row[0]: row[1:] for row in rows}


@dataclass(frozen=True)
class Member:
    """A pending letter of a group as a confirmation lists it, with the version the decision expects."""

    id: str
    version: int
    preview: str


def pending_in_group(source: Source, group: str) -> list[Member]:
    """A group's pending letters in queue order: what deciding the group decides."""
    with reading(source) as query:
        rows = query.all("SELECT id, version, substr(text, 1, ?) FROM letters WHERE near_group = ? AND status = ? "
                         "ORDER BY received_on, id", (PREVIEW, group, Status.PENDING.value))
    return [Member(letter_id, int(version), _preview(text or "")) for letter_id, version, text in rows]


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat[: PREVIEW - 10] + "…" if len(flat) >= PREVIEW else flat
