"""Groups of near-duplicate letters, kept as letters are stored and edited.

A letter joins the group of every stored letter it is nearly the same as (processors.likeness:
they share an LSH band and their signatures agree on at least 70 %); when it is alike to letters
of two groups, the groups become one. The group is a random id on the letters (`near_group`), so
the queue reads groups with an index and no comparison, and each letter is still decided,
audited and undone on its own: a group is only a way to find and tick them together.

Core statements on whatever the caller holds (a session or a connection), inside its
transaction: a letter and its group are committed together, or neither is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Connection, delete, insert, select, update
from sqlalchemy.orm import Session

from foundation.storage.database import Database
from foundation.storage.models import Letter, LikenessBand, new_letter_id
from processors.likeness import SIMILAR, band_keys, signature, similarity

BACKFILL_BATCH = 500
ALIKE_PAGE = 16  # a group's candidates read this many at a time, until one is alike
NOTHING = b""  # a letter whose text has no word: looked at, nothing to match (NULL: not looked at yet)


def stored_signature(text: str) -> bytes:
    """What `letters.likeness` holds for a text: its signature, or NOTHING."""
    return signature(text) or NOTHING


def join(executor: Session | Connection, letters: Iterable[tuple[str, bytes | None]]) -> None:
    """Put each (letter id, stored signature) in the group of the letters it is alike to, or in none.

    For a letter already grouped (an edit), its bands are made anew: it leaves a group whose
    letters it no longer resembles. Letters of one call see each other, so a template arriving
    twice in one batch is grouped at once."""
    for letter_id, sig in letters:
        executor.execute(delete(LikenessBand).where(LikenessBand.letter_id == letter_id))
        if not sig:
            _set_group(executor, [letter_id], None)
            continue
        keys = band_keys(sig)
        candidates = select(LikenessBand.letter_id).where(LikenessBand.band.in_(keys)).distinct()
        others = (Letter.id.in_(candidates), Letter.id != letter_id)
        # A grouped look-alike only names its group, so one alike member per group is enough: a
        # template's ten-thousandth copy must not compare itself with the 9,999 before it.
        grouped = executor.execute(select(Letter.near_group).where(*others, Letter.near_group.is_not(None))
                                   .distinct()).scalars().all()
        loose = executor.execute(select(Letter.id, Letter.likeness).where(*others, Letter.near_group.is_(None))).all()
        executor.execute(insert(LikenessBand), [{"band": key, "letter_id": letter_id} for key in dict.fromkeys(keys)])
        alike = [row.id for row in loose if row.likeness and similarity(sig, row.likeness) >= SIMILAR]
        groups = sorted(group for group in grouped if group is not None and _alike_in(executor, group, others, sig))
        if not alike and not groups:
            _set_group(executor, [letter_id], None)
            continue
        target = groups[0] if groups else new_letter_id()
        if len(groups) > 1:  # this letter bridges them: one template, one group
            executor.execute(update(Letter).where(Letter.near_group.in_(groups[1:]))
                             .values(near_group=target).execution_options(synchronize_session=False))
        _set_group(executor, sorted({letter_id, *alike}), target)


def _alike_in(executor: Session | Connection, group: str, others: tuple[ColumnElement[bool], ...], sig: bytes) -> bool:
    """Whether a candidate of `group` is alike to `sig`: members a page at a time, until one is."""
    after = ""
    while True:
        page = executor.execute(select(Letter.id, Letter.likeness).where(*others, Letter.near_group == group,
                                                                         Letter.id > after)
                                .order_by(Letter.id).limit(ALIKE_PAGE)).all()
        if any(row.likeness and similarity(sig, row.likeness) >= SIMILAR for row in page):
            return True
        if len(page) < ALIKE_PAGE:
            return False
        after = page[-1].id


def _set_group(executor: Session | Connection, ids: Sequence[str], group: str | None) -> None:
    # No version bump: the group is not the letter's content, and an operator's decision read
    # before it must not become a conflict because a look-alike arrived meanwhile.
    # Only rows whose group changes: rewriting every member on each arrival would cost a write per
    # member per letter, and leave each row stamped with the latest arrival's transaction.
    executor.execute(update(Letter).where(Letter.id.in_(ids), Letter.near_group.is_distinct_from(group))
                     .values(near_group=group).execution_options(synchronize_session=False))


def backfill(database: Database, batch: int = BACKFILL_BATCH) -> int:
    """Sign and group the letters stored before signatures existed (schema 0006), a batch per
    transaction; the number done. Intake runs it when it starts, so the queue groups old letters
    too; it finds nothing to do after the first time."""
    done = 0
    while True:
        with database.session() as session:
            rows = session.execute(select(Letter.id, Letter.text).where(Letter.likeness.is_(None))
                                   .order_by(Letter.id).limit(batch)).all()
            if not rows:
                return done
            signed = [(row.id, stored_signature(row.text or "")) for row in rows]
            for letter_id, sig in signed:
                session.execute(update(Letter).where(Letter.id == letter_id).values(likeness=sig)
                                .execution_options(synchronize_session=False))
            join(session, signed)
            done += len(rows)
