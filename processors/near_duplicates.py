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

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.orm import Session

from foundation.storage.database import Database
from foundation.storage.models import Letter, LikenessBand, new_letter_id
from processors.likeness import SIMILAR, band_keys, signature, similarity

BACKFILL_BATCH = 500
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
        found = executor.execute(select(Letter.id, Letter.likeness, Letter.near_group)
                                 .where(Letter.id.in_(candidates), Letter.id != letter_id)).all()
        executor.execute(insert(LikenessBand), [{"band": key, "letter_id": letter_id} for key in dict.fromkeys(keys)])
        alike = [row.id for row in found if not row.near_group and _alike(sig, row.likeness)]
        # A grouped look-alike only names its group, so one alike member per group is enough: a
        # template's thousandth copy compares itself with one earlier copy, not with 999.
        members: dict[str, list[bytes | None]] = {}
        for row in found:
            if row.near_group:
                members.setdefault(row.near_group, []).append(row.likeness)
        groups = sorted(group for group, likenesses in members.items() if any(_alike(sig, x) for x in likenesses))
        if not alike and not groups:
            _set_group(executor, [letter_id], None)
            continue
        target = groups[0] if groups else new_letter_id()
        if len(groups) > 1:  # this letter bridges them: one template, one group
            executor.execute(update(Letter).where(Letter.near_group.in_(groups[1:]))
                             .values(near_group=target).execution_options(synchronize_session=False))
        _set_group(executor, sorted({letter_id, *alike}), target)


def _alike(sig: bytes, other: bytes | None) -> bool:
    return bool(other) and similarity(sig, other) >= SIMILAR  # type: ignore[arg-type]


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
