"""Operators working side by side: "I'm reviewing this" claims and seen marks, per operator.

A claim says to every other operator that someone is reading a pending letter, as a helpdesk's
ticket lock or SecureDrop's "claimed by" does. It ends with the decision (approve or reject
release it in their own transaction, processors.review), on `release`, or by itself after the
deployment's timeout (NAPISHY_CLAIM_MINUTES), so a claim left behind by a closed laptop never
blocks the queue for long. While it holds, nobody else can decide the letter without first
taking the claim over (`force`), which is audited like the claim itself.

Seen marks are bookkeeping, not decisions: they are not audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError, NotFound
from foundation.storage.database import Database
from foundation.storage.models import Claim, Letter, Seen
from processors import audit

MAX_MINUTES = 24 * 60


class ClaimHeld(NapishyError):
    """Raised when another operator's claim stands in the way (claiming, releasing or deciding)."""

    exit_code = 4

    def __init__(self, holder: ClaimView) -> None:
        super().__init__(f"letter {holder.letter_id} is being reviewed by {holder.operator} until "
                         f"{holder.until}; claim it with --force to take it over")
        self.holder = holder


@dataclass(frozen=True)
class ClaimView:
    letter_id: str
    operator: str
    claimed_at: dt.datetime
    expires_at: dt.datetime

    @property
    def until(self) -> str:
        return f"{self.expires_at:%H:%M} UTC"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _view(claim: Claim) -> ClaimView:
    return ClaimView(claim.letter_id, claim.operator, _utc(claim.claimed_at), _utc(claim.expires_at))


def _standing(session: Session, letter_id: str, at: dt.datetime) -> Claim | None:
    """The letter's claim if it has not expired; an expired one is removed on the way."""
    claim = session.get(Claim, letter_id)
    if claim is not None and _utc(claim.expires_at) <= at:
        session.delete(claim)
        session.flush()
        return None
    return claim


def claim(database: Database, letter_id: str, operator: str, minutes: int, *, force: bool = False) -> ClaimView:
    """Claim a pending letter for `minutes`; claiming one's own again extends it. Another operator's
    standing claim refuses, unless `force` takes it over (audited with whose it was)."""
    if not 1 <= minutes <= MAX_MINUTES:
        raise NapishyError(f"a claim lasts 1 to {MAX_MINUTES} minutes, not {minutes}")
    try:
        return _claim(database, letter_id, operator[:64], minutes, force)
    except IntegrityError:  # another operator's claim landed between our read and our insert
        return _claim(database, letter_id, operator[:64], minutes, force)


def _claim(database: Database, letter_id: str, operator: str, minutes: int, force: bool) -> ClaimView:
    at = now()
    with database.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter {letter_id}")
        if letter.status != Status.PENDING:
            raise NapishyError(f"letter {letter_id} is {letter.status}: only pending letters are claimed")
        held = _standing(session, letter_id, at)
        detail = f"{minutes} min"
        if held is not None and held.operator != operator:
            if not force:
                raise ClaimHeld(_view(held))
            detail += f", taken over from {held.operator}"
        if held is None:
            held = Claim(letter_id=letter_id, operator=operator)
            session.add(held)
        held.operator, held.claimed_at, held.expires_at = operator, at, at + dt.timedelta(minutes=minutes)
        audit.record(session, operator, "claim", letter_id, detail)
        return _view(held)


def release(database: Database, letter_id: str, operator: str, *, force: bool = False) -> bool:
    """Give a claim back; False when there was none standing. Someone else's only with `force`."""
    operator = operator[:64]
    with database.session() as session:
        if session.get(Letter, letter_id) is None:
            raise NotFound(f"no letter {letter_id}")
        held = _standing(session, letter_id, now())
        if held is None:
            return False
        if held.operator != operator and not force:
            raise ClaimHeld(_view(held))
        detail = "" if held.operator == operator else f"was {held.operator}"
        session.delete(held)
        audit.record(session, operator, "release", letter_id, detail)
        return True


def check_free(session: Session, letter_ids: Iterable[str], operator: str) -> None:
    """In a decision's transaction: refuse letters someone else has claimed, then drop the
    claims on them (the decision ends the review). All or nothing, like the decision."""
    at = now()
    found = list(session.scalars(select(Claim).where(Claim.letter_id.in_(list(letter_ids)))))
    for held in found:
        if held.operator != operator[:64] and _utc(held.expires_at) > at:
            raise ClaimHeld(_view(held))
    # Delete only rows that exist: a decision on an unclaimed letter then writes nothing more, so on
    # SQLite it takes the write lock no earlier than it did before claims existed.
    for held in found:
        session.delete(held)


def claims_of(database: Database, letter_ids: Sequence[str]) -> dict[str, ClaimView]:
    """The standing claims on these letters (a queue page, a letter page)."""
    if not letter_ids:
        return {}
    at = now()
    with database.session() as session:
        found = session.scalars(select(Claim).where(Claim.letter_id.in_(set(letter_ids))))
        return {c.letter_id: _view(c) for c in found if _utc(c.expires_at) > at}


def claimed_by(operator: str, at: dt.datetime | None = None) -> Select:
    """The ids of letters `operator` holds a standing claim on, as a subquery for the queue."""
    return select(Claim.letter_id).where(Claim.operator == operator[:64], Claim.expires_at > (at or now()))


def claimed_by_others(operator: str, at: dt.datetime | None = None) -> Select:
    """The ids of letters someone else is reviewing now: "next letter" passes them by."""
    return select(Claim.letter_id).where(Claim.operator != operator[:64], Claim.expires_at > (at or now()))


def mark_seen(database: Database, letter_ids: Sequence[str], operator: str, *, seen: bool = True) -> None:
    """Mark letters seen (opened) or unseen again for this operator; unknown ids are refused."""
    operator = operator[:64]
    with database.session() as session:
        ids = list(dict.fromkeys(letter_ids))
        known = set(session.scalars(select(Letter.id).where(Letter.id.in_(ids))))
        missing = [i for i in ids if i not in known]
        if missing:
            raise NotFound(f"no letter {', '.join(missing)}; nothing was changed")
        already = set(session.scalars(select(Seen.letter_id).where(Seen.operator == operator, Seen.letter_id.in_(ids))))
        if seen:
            session.add_all(Seen(letter_id=i, operator=operator) for i in ids if i not in already)
            try:
                session.flush()
            except IntegrityError:  # the same operator's other tab marked it a moment ago: seen either way
                session.rollback()
        else:
            session.execute(delete(Seen).where(Seen.operator == operator, Seen.letter_id.in_(ids)))


def seen_of(database: Database, letter_ids: Sequence[str], operator: str) -> set[str]:
    """Which of these letters the operator has opened."""
    if not letter_ids:
        return set()
    with database.session() as session:
        return set(session.scalars(select(Seen.letter_id).where(Seen.operator == operator[:64],
                                                                Seen.letter_id.in_(set(letter_ids)))))


def seen_by(operator: str) -> Select:
    return select(Seen.letter_id).where(Seen.operator == operator[:64])
