"""Read-only queries the console needs beyond processors/queries.py: filters, paging, revisions, images.

`processors.queries.list_letters` loads the whole queue, which is right for `--json` but not for a
page of fifty out of thousands; these queries filter and count in the database instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql import ColumnElement, Select

from anonymizer.vocabulary import Status
from foundation.storage.database import Database
from foundation.storage.models import Attachment, Letter, Revision
from processors import claims
from processors.queries import QueueRow
from processors.search import MarkerCount, text_matches

PER_PAGE = 50
PREVIEW = 90  # characters of the anonymised text shown in the queue, to tell spam from letters at a glance
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


@dataclass(frozen=True)
class Filters:
    status: str = ""
    kind: str = ""
    attorney: str = ""
    language: str = ""
    search: str = ""  # words that must all occur in the anonymised text (processors.search)
    group: str = ""  # a near-duplicate group's id (processors.near_duplicates): its letters only
    sort: str = "received"  # how the queue is ordered, not a condition: a key of SORTS, "-" for descending
    mine: bool = False  # only letters `operator` has claimed (processors.claims)
    unseen: bool = False  # only letters `operator` has not opened
    operator: str = ""  # who is looking: "next letter" passes by the letters others have claimed

    def apply(self, query: Select, *, with_status: bool = True) -> Select:
        if self.status and with_status:
            query = query.where(Letter.status == self.status)
        if self.kind:
            query = query.where(Letter.kind == self.kind)
        if self.language:
            query = query.where(Letter.language == self.language)
        if self.attorney:
            # recipients is a JSON list of plain ids ([a-z]); its text holds `"znak"` exactly when it
            # contains znak, on SQLite and PostgreSQL alike. The id is checked by the caller.
            query = query.where(cast(Letter.recipients, String).like(f'%"{self.attorney}"%'))
        if self.search:
            query = query.where(text_matches(Letter.text, self.search))
        if self.group:
            query = query.where(Letter.near_group == self.group)
        if self.mine and self.operator:
            query = query.where(Letter.id.in_(claims.claimed_by(self.operator)))
        if self.unseen and self.operator:
            query = query.where(Letter.id.not_in(claims.seen_by(self.operator)))
        return query


def redaction_count() -> ColumnElement[int]:
    """The markers in the current text, counted in SQL so the queue sorts by it in the database;
    it follows edits, which the `redactions` column (what the anonymiser found) does not."""
    return MarkerCount(Letter.text)


Column = ColumnElement[Any] | QueryableAttribute[Any]  # what select() and order_by() take

# The queue's sort keys (the `sort` query parameter; a leading "-" sorts descending), each with the
# column it orders by. Ties fall back to queue order (received day, id), so paging is stable.

SORTS = {
    "received": lambda: Letter.received_on,
    "kind": lambda: Letter.kind,
    "attorney": lambda: cast(Letter.recipients, String),
    "language": lambda: Letter.language,
    "status": lambda: Letter.status,
    "redactions": redaction_count,
    # residual risks: words kept although they looked like a name or number (the `checks` list)
    "checks": lambda: func.coalesce(func.json_array_length(Letter.checks), 0),
}
DEFAULT_SORT = "received"


@dataclass(frozen=True)
class Row(QueueRow):
    """A queue row as the CLI lists it, plus the start of the text and the marker count for the web table."""

    preview: str
    redactions: int = 0
    checks: int = 0  # words left in that looked like a name or number
    alike: int = 0  # how many letters its near-duplicate group (QueueRow.group) holds, this one included


@dataclass(frozen=True)
class QueuePage:
    rows: list[Row]
    total: int
    page: int
    pages: int
    by_status: dict[str, int]  # under the other filters, so the counts explain the tabs
    languages: list[str]


def _order(sort: str) -> tuple[Column, ...]:
    key = sort.removeprefix("-")
    column = SORTS.get(key, SORTS[DEFAULT_SORT])()
    first = column.desc() if sort.startswith("-") else column.asc()
    return (first, Letter.received_on, Letter.id) if key != DEFAULT_SORT else (first, Letter.id)


def queue_page(database: Database, filters: Filters, page: int, per_page: int = PER_PAGE) -> QueuePage:
    """One page of the queue under `filters`, ordered by `filters.sort`."""
    columns: tuple[Column, ...] = (
        Letter.id, Letter.mailbox, Letter.status, Letter.kind, Letter.recipients, Letter.language, Letter.received_on,
        func.substr(Letter.text, 1, PREVIEW).label("preview"), redaction_count().label("redactions"),
        SORTS["checks"]().label("checks"), Letter.near_group)
    with database.session() as session:
        by_status = {
            status: count for status, count in session.execute(
                filters.apply(select(Letter.status, func.count()), with_status=False).group_by(Letter.status))
        }
        # the tab counts already hold the total: one scan fewer, which a search makes costly
        total = by_status.get(filters.status, 0) if filters.status else sum(by_status.values())
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        query = filters.apply(select(*columns)).order_by(*_order(filters.sort))
        found = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
        sizes = group_sizes(session, {r.near_group for r in found if r.near_group})
        rows = [
            Row(r.id, r.mailbox, r.status, r.kind, tuple(r.recipients or ()), r.language, r.received_on,
                _preview(r.preview or ""), int(r.redactions or 0), int(r.checks or 0), sizes.get(r.near_group, 0),
                group=r.near_group if sizes.get(r.near_group, 0) > 1 else None)
            for r in found
        ]
        languages = sorted(lang for lang in session.scalars(select(Letter.language).distinct()) if lang)
    return QueuePage(rows, total, page, pages, by_status, languages)


def group_sizes(session: Session, groups: set[str]) -> dict[str, int]:
    """How many letters each of `groups` holds, whatever their status (an index lookup per group)."""
    if not groups:
        return {}
    query = select(Letter.near_group, func.count()).where(Letter.near_group.in_(groups)).group_by(Letter.near_group)
    return {group: count for group, count in session.execute(query) if group is not None}


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat[: PREVIEW - 10] + "…" if len(text) >= PREVIEW else flat


def next_pending(database: Database, after: str, filters: Filters | None = None) -> str | None:
    """The pending letter after `after` in queue order (or the first one) within the operator's
    filters, so review flows on through the same view."""
    with database.session() as session:
        current = session.get(Letter, after)
        query = (filters or Filters()).apply(select(Letter.id), with_status=False)
        query = query.where(Letter.status == Status.PENDING, Letter.id != after)
        if filters is not None and filters.operator:  # two operators walking one view never meet
            query = query.where(Letter.id.not_in(claims.claimed_by_others(filters.operator)))
        ordered = query.order_by(Letter.received_on, Letter.id)
        if current is not None:
            later = ordered.where(
                (Letter.received_on > current.received_on)
                | ((Letter.received_on == current.received_on) & (Letter.id > current.id))
            )
            found = session.scalar(later.limit(1))
            if found:
                return found
        return session.scalar(ordered.limit(1))


@dataclass(frozen=True)
class Selected:
    """A ticked letter as the bulk confirmation shows it, with the version the decision expects."""

    id: str
    status: str
    recipients: tuple[str, ...]
    preview: str
    version: int


def selected(database: Database, ids: list[str]) -> list[Selected]:
    """The ticked letters that exist, in queue order."""
    query = (select(Letter.id, Letter.status, Letter.recipients, func.substr(Letter.text, 1, PREVIEW), Letter.version)
             .where(Letter.id.in_(set(ids))).order_by(Letter.received_on, Letter.id))
    with database.session() as session:
        return [Selected(i, status, tuple(recipients or ()), _preview(preview or ""), version)
                for i, status, recipients, preview, version in session.execute(query)]


@dataclass(frozen=True)
class RevisionView:
    number: int
    author: str
    created_on: dt.date
    text: str


def revisions(database: Database, letter_id: str) -> list[RevisionView]:
    """Newest first: the latest edit is what an operator most often wants to compare."""
    with database.session() as session:
        query = select(Revision).where(Revision.letter_id == letter_id).order_by(Revision.number.desc())
        return [RevisionView(r.number, r.author, r.created_on, r.text) for r in session.scalars(query)]


def version(database: Database, letter_id: str) -> int | None:
    with database.session() as session:
        return session.scalar(select(Letter.version).where(Letter.id == letter_id))


def image(database: Database, letter_id: str, position: int) -> tuple[str, bytes] | None:
    """A cleaned image's type and bytes, only for image types the anonymiser produces."""
    with database.session() as session:
        row = session.execute(
            select(Attachment.content_type, Attachment.data)
            .where(Attachment.letter_id == letter_id, Attachment.position == position)
        ).first()
    if row is None or row.content_type not in IMAGE_TYPES:
        return None
    return row.content_type, row.data


