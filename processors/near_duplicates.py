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
from typing import cast

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from foundation.storage.database import Database
from foundation.storage.models import Letter, LikenessBand, new_letter_id
from processors.likeness import SIMILAR, band_keys, signature, similarity

BACKFILL_BATCH = 500
NOTHING = b""  # a letter whose text has no word: looked at, nothing to match (NULL: not looked at yet)


def stored_signature(text: str) -> bytes:
    """What `letters.likeness` holds for a text: its signature, or NOTHING."""
    return signature(text) or NOTHING


_LETTERS = cast(Table, Letter.__table__)
_BANDS = cast(Table, LikenessBand.__table__)
# Core statements on the tables, and a whole batch in a few of them: one statement per letter
# through the ORM cost about 3 ms a letter at intake, the database's part a small share of it.
_BAND_KEYS = _BANDS.c.band.in_(bindparam("keys"))
_ON_LETTER = _LETTERS.c.id == _BANDS.c.letter_id
# Per band of the batch: the groups that have a member there (a template's 10,000 copies are one
# row), and the letters in no group; a group's members are read only when a comparison needs them.
_GROUPED = (select(_BANDS.c.band, _LETTERS.c.near_group).distinct().join(_LETTERS, _ON_LETTER)
            .where(_BAND_KEYS, _LETTERS.c.near_group.is_not(None)))
# coalesce, not IS NULL: SQLite would otherwise walk the near_group index over every ungrouped
# letter (most of them) instead of looking the few band keys up
_LOOSE = (select(_BANDS.c.band, _LETTERS.c.id, _LETTERS.c.likeness).join(_LETTERS, _ON_LETTER)
          .where(_BAND_KEYS, func.coalesce(_LETTERS.c.near_group, "") == ""))
_MEMBERS = (select(_LETTERS.c.id, _LETTERS.c.likeness)
            .where(_LETTERS.c.near_group == bindparam("group"), _LETTERS.c.id > bindparam("after"),
                   _LETTERS.c.id.in_(select(_BANDS.c.letter_id).where(_BAND_KEYS)))
            .order_by(_LETTERS.c.id).limit(bindparam("page")))
ALIKE_PAGE = 16  # a group's members compared this many at a time, until one is alike
IN_LIST = 500  # ids or keys bound in one statement at most


class _Groups:
    """Union of groups as a batch finds look-alikes: which group each letter ends in, and which
    stored groups become another (their members outside the batch are renamed in one UPDATE)."""

    def __init__(self, stored: dict[str, str | None]) -> None:
        self.of = dict(stored)  # letter -> its group (None: in none)
        self.renamed: dict[str, str] = {}  # an absorbed group -> the group it became
        self.changed: set[str] = set()

    def members(self, group: str) -> list[str]:
        """The letters put in `group` during this batch (stored members are in the database)."""
        return sorted(x for x, g in self.of.items() if g and self.find(g) == group)

    def find(self, group: str) -> str:
        while group in self.renamed:
            group = self.renamed[group]
        return group

    def join(self, letter: str, alike: Sequence[str]) -> None:
        groups = sorted({self.find(g) for x in alike if (g := self.of.get(x))})
        target = groups[0] if groups else new_letter_id()
        for absorbed in groups[1:]:  # this letter bridges them: one template, one group
            self.renamed[absorbed] = target
        for member in (letter, *alike):
            current = self.of.get(member)
            if current is None or self.find(current) != target:
                self.of[member] = target
                self.changed.add(member)


def join(executor: Session | Connection, letters: Iterable[tuple[str, bytes | None]], *, fresh: bool = False) -> None:
    """Put each (letter id, stored signature) in the group of the letters it is alike to, or in none.

    For a letter already grouped (an edit), its bands are made anew: it leaves a group whose
    letters it no longer resembles; `fresh` letters (just inserted) have neither bands nor a group
    to undo. Letters of one call see each other, so a template arriving twice in one batch is
    grouped at once."""
    if isinstance(executor, Session):
        executor.flush()  # the letters' own changes first, in the ORM's order
        connection = executor.connection()
    else:
        connection = executor
    batch = dict(letters)
    if not batch:
        return
    ids = sorted(batch)
    if not fresh:
        connection.execute(delete(_BANDS).where(_BANDS.c.letter_id.in_(ids)))
        connection.execute(update(_LETTERS).where(_LETTERS.c.id.in_(ids), _LETTERS.c.near_group.is_not(None))
                           .values(near_group=None))
    keys = {letter: list(dict.fromkeys(band_keys(sig))) for letter, sig in batch.items() if sig}
    stored = _Stored(connection, sorted({key for found in keys.values() for key in found}), set(batch))
    groups = _Groups({})
    known = {x: sig for x, sig in batch.items() if sig}  # signatures at hand: the batch's, loose stored ones
    sharing: dict[int, list[str]] = {}  # band -> the batch's letters there, as they are taken
    for letter in ids:  # sorted: the same batch groups the same way whatever order it came in
        sig = batch[letter]
        if not sig:
            continue
        mine = keys[letter]
        loose = {x: other for key in mine for x, other in stored.loose.get(key, ())}
        known.update(loose)
        near = sorted({*loose, *(x for key in mine for x in sharing.get(key, ()))})
        alike = [x for x in near if groups.of.get(x) is None and similarity(sig, known[x]) >= SIMILAR]
        # One alike member per group: a group only names itself, so a template's ten-thousandth
        # copy compares itself with a member or two, not with the 9,999 copies before it.
        candidates = {groups.find(g) for key in mine for g in stored.grouped.get(key, ())}
        candidates |= {groups.find(g) for x in near if (g := groups.of.get(x))}
        for group in sorted(candidates):
            hit = next((x for x in groups.members(group) if similarity(sig, known[x]) >= SIMILAR), None)
            if hit is None and (found := stored.alike_member(group, sig, mine)) is not None:
                hit, known[found[0]] = found
                groups.of.setdefault(hit, group)  # a stored member: its group is the one it is in
            if hit is not None:
                alike.append(hit)
        if alike:
            groups.join(letter, alike)
        for key in mine:  # the later letters of this batch find this one
            sharing.setdefault(key, []).append(letter)
    rows = [{"band": key, "letter_id": letter} for letter, found in keys.items() for key in found]
    if rows:
        connection.execute(insert(_BANDS), rows)
    _write(connection, groups)


class _Stored:
    """What the database holds near a batch: per band key, the groups and the loose letters there,
    and, read on demand a page at a time, a group's members sharing one of the batch's keys."""

    def __init__(self, connection: Connection, keys: list[int], batch: set[str]) -> None:
        self.connection, self.keys = connection, keys
        self.grouped: dict[int, set[str]] = {}
        self.loose: dict[int, list[tuple[str, bytes]]] = {}
        for start in range(0, len(keys), IN_LIST):
            part = {"keys": keys[start:start + IN_LIST]}
            for band, group in connection.execute(_GROUPED, part):
                self.grouped.setdefault(band, set()).add(group)
            for band, letter, sig in connection.execute(_LOOSE, part):
                if letter not in batch and sig:
                    self.loose.setdefault(band, []).append((letter, sig))

    def alike_member(self, group: str, sig: bytes, keys: list[int]) -> tuple[str, bytes] | None:
        """A stored letter of `group` sharing one of `keys` and alike to `sig`, read a page at a
        time until one is; None when none is."""
        after = ""
        while True:
            page = self.connection.execute(_MEMBERS, {"group": group, "after": after, "keys": keys,
                                                      "page": ALIKE_PAGE}).all()
            hit = next(((x, other) for x, other in page if other and similarity(sig, other) >= SIMILAR), None)
            if hit is not None or len(page) < ALIKE_PAGE:
                return hit
            after = page[-1][0]


def _write(connection: Connection, groups: _Groups) -> None:
    """The new groups, with as few writes as that takes: absorbed groups renamed, each group's new
    members set. No version bump: the group is not the letter's content, and an operator's
    decision read before must not become a conflict because a look-alike arrived meanwhile. Only
    rows whose group changes are written: rewriting every member on each arrival would stamp them
    all with the latest arrival's transaction."""
    for absorbed in sorted(groups.renamed):
        connection.execute(update(_LETTERS).where(_LETTERS.c.near_group == absorbed)
                           .values(near_group=groups.find(absorbed)))
    members: dict[str, list[str]] = {}
    for letter in sorted(groups.changed):
        members.setdefault(groups.find(groups.of[letter] or ""), []).append(letter)
    for group, letters in sorted(members.items()):
        connection.execute(update(_LETTERS).where(_LETTERS.c.id.in_(letters),
                                                  _LETTERS.c.near_group.is_distinct_from(group))
                           .values(near_group=group))


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
            connection = session.connection()
            connection.execute(update(_LETTERS).where(_LETTERS.c.id == bindparam("letter"))
                               .values(likeness=bindparam("sig")), [{"letter": i, "sig": sig} for i, sig in signed])
            join(connection, signed)
            done += len(rows)
