"""The review state machine: what operators may do to a queued letter, and the audit entry for each.

    pending ──approve──► approved        approved ──reset──► pending
    pending ──reject───► rejected        rejected ──reset──► pending
    quarantined ──retry (processors.retry)──► pending
    approved | rejected ──undo──► pending, as before the decision (while nothing was exported since)

Every change and its audit entry commit in one transaction. A batch is all or nothing: one bad
id refuses the whole command, so an operator never has to work out which half went through.
Concurrent operators are caught by the letter's version column: a write based on a stale read
raises `Conflict` instead of silently overwriting someone else's decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from anonymizer.vocabulary import DECIDED, KINDS, Status
from foundation.controls import strip_controls
from foundation.errors import NapishyError, NotFound
from foundation.storage.database import Database
from foundation.storage.models import AuditEntry, Letter, Revision
from processors import audit, claims, near_duplicates
from processors.images import Selection, choose, number
from processors.pipeline import SYSTEM_AUTHOR, today

MAX_REASON = 200
DECISIONS = {"approve": Status.APPROVED, "reject": Status.REJECTED}  # audit action -> the status it leaves
EXPORTS = ("export-publication", "export-relatives")
_WAS = re.compile(r"\(was ([a-z0-9_,]*)\)$")


class ReviewError(NapishyError):
    """Raised when an action does not fit a letter's status (e.g. approving a rejected letter)."""


class Conflict(NapishyError):
    """Raised when a letter changed between an operator reading it and acting on it."""

    exit_code = 4


@contextmanager
def _unit(database: Database, what: str) -> Iterator[Session]:
    """A transaction whose stale-version failure reads as advice, not as an ORM error."""
    try:
        with database.session() as session:
            yield session
    except StaleDataError:
        raise Conflict(f"{what} was changed by someone else meanwhile; reload it and try again") from None


def _load(session: Session, ids: Sequence[str]) -> list[Letter]:
    if not ids:
        raise ReviewError("no letter ids given")
    found = {letter.id: letter for letter in session.scalars(select(Letter).where(Letter.id.in_(set(ids))))}
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    if missing:
        raise NotFound(f"no letter {', '.join(missing)}; nothing was changed")
    return [found[i] for i in dict.fromkeys(ids)]


def _check(letters: Sequence[Letter], allowed: tuple[str, ...], verb: str,
           expected_versions: Mapping[str, int] | None) -> None:
    wrong = [f"{letter.id} is {letter.status}" for letter in letters if letter.status not in allowed]
    if wrong:
        raise ReviewError(f"cannot {verb}: {'; '.join(wrong)} (only {' or '.join(allowed)} letters can be); "
                          "nothing was changed")
    for letter in letters:
        if expected_versions and letter.id in expected_versions and expected_versions[letter.id] != letter.version:
            raise Conflict(f"letter {letter.id} was changed by someone else meanwhile; reload it and try again")


def clean_reason(reason: str) -> str:
    """An operator's reason, on one line and at most 200 characters; it must say something."""
    reason = " ".join(strip_controls(reason).split())  # no terminal escapes in `show` or the audit log
    if not reason:
        raise ReviewError("a reason is required to reject a letter")
    return reason[:MAX_REASON]


def attorney_ids(database: Database) -> list[str]:
    """Who letters may be addressed to: the deployment's roster as the database carries it, else
    the roster shipped with napishy. Never "anyone": an id no attorney has would be exported to
    no family."""
    if database.attorney_ids is not None:
        return list(database.attorney_ids())
    from anonymizer.roster import default_roster

    return [a.id for a in default_roster().attorneys]


def check_recipients(database: Database, recipients: Sequence[str]) -> list[str]:
    """The recipients sorted and deduplicated, or ReviewError naming the unknown ones."""
    chosen, known = sorted(set(recipients)), attorney_ids(database)
    unknown = [r for r in chosen if r not in known]
    if unknown or not chosen:
        raise ReviewError(f"unknown attorney id {', '.join(unknown) or '(none)'}; known: {', '.join(known)}")
    return chosen


def approve(database: Database, ids: Sequence[str], operator: str, *,
            recipients: Sequence[str] | None = None,
            expected_versions: Mapping[str, int] | None = None, images: Selection = None) -> list[str]:
    """Approve pending letters for publication; `recipients` overrides who they are addressed to,
    checked here against the roster (`attorney_ids`), so no shell can forget to.

    A letter with no recipients cannot be approved: exports group by attorney, so it would
    silently vanish from every bundle. Images are published only as `images` names them (numbers,
    or `processors.images.ALL` for every one not withheld); by default none is."""
    if recipients is not None:
        recipients = check_recipients(database, recipients)
    with _unit(database, "a letter") as session:
        letters = _load(session, ids)
        _check(letters, (Status.PENDING,), "approve", expected_versions)
        claims.check_free(session, [letter.id for letter in letters], operator)
        for letter in letters:
            before = list(letter.recipients)
            if recipients is not None:
                letter.recipients = list(recipients)
            if not letter.recipients:
                raise ReviewError(f"letter {letter.id} is addressed to no attorney; "
                                  "approve it with --to ID[,ID...]; nothing was changed")
            chosen = choose(letter.id, letter.attachments, images)
            if not letter.text.strip() and not chosen:
                what = "no image approved" if letter.attachments else "no images"
                raise ReviewError(f"letter {letter.id} has no text and {what}; approve an image with --images N, "
                                  "or reject it; nothing was changed")
            for image in letter.attachments:
                image.approved = number(image) in chosen
            letter.status, letter.reject_reason = Status.APPROVED, None
            detail = _recipients_detail(before, letter.recipients) if recipients is not None else ""
            if letter.attachments:  # the decision on the images is the operator's, so it is audited; first,
                # because undo reads the recipients' "(was …)" at the end
                images_detail = f"images {','.join(map(str, chosen))}" if chosen else "no images"
                detail = f"{images_detail}; {detail}" if detail else images_detail
            audit.record(session, operator, "approve", letter.id, detail)
    return [letter.id for letter in letters]


def reject(database: Database, ids: Sequence[str], operator: str, reason: str, *,
           expected_versions: Mapping[str, int] | None = None) -> list[str]:
    """Reject pending letters; the reason is kept on the letter and in the audit log."""
    reason = clean_reason(reason)
    with _unit(database, "a letter") as session:
        letters = _load(session, ids)
        _check(letters, (Status.PENDING,), "reject", expected_versions)
        claims.check_free(session, [letter.id for letter in letters], operator)
        for letter in letters:
            letter.status, letter.reject_reason = Status.REJECTED, reason
            audit.record(session, operator, "reject", letter.id, reason)
    return [letter.id for letter in letters]


def reject_kind(database: Database, kind: str, operator: str, reason: str) -> list[str]:
    """Reject every pending letter the classifier put in `kind` (spam, autoreplies, empty ones)."""
    if kind not in KINDS:
        raise ReviewError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    reason = clean_reason(reason)
    with _unit(database, "a letter") as session:
        letters = list(session.scalars(
            select(Letter).where(Letter.status == Status.PENDING, Letter.kind == kind).order_by(Letter.id)
        ))
        claims.check_free(session, [letter.id for letter in letters], operator)
        for letter in letters:
            letter.status, letter.reject_reason = Status.REJECTED, reason
            audit.record(session, operator, "reject", letter.id, reason)
    return [letter.id for letter in letters]


def reset(database: Database, ids: Sequence[str], operator: str) -> list[str]:
    """Send approved or rejected letters back to pending, e.g. to redact more before publication."""
    with _unit(database, "a letter") as session:
        letters = _load(session, ids)
        _check(letters, DECIDED, "reset", None)
        for letter in letters:
            audit.record(session, operator, "reset", letter.id, f"was {letter.status}")
            letter.status, letter.reject_reason = Status.PENDING, None
            for image in letter.attachments:  # approving again decides the images again
                image.approved = False
    return [letter.id for letter in letters]


def edit(database: Database, letter_id: str, operator: str, new_text: str, *,
         expected_version: int | None = None) -> int | None:
    """Replace a pending letter's text, keeping every earlier text as a revision.

    Returns the new revision number, or None when the text did not change. Only pending
    letters can be edited: an approved text is what an operator approved, so changing it
    needs an explicit `reset` first."""
    new_text = strip_controls(new_text)  # an edit must not plant escape sequences for `napishy show`
    with _unit(database, f"letter {letter_id}") as session:
        letter = _editable(session, letter_id, "edit", expected_version)
        if new_text == letter.text:
            return None
        number = _new_revision(letter, operator, new_text)
        audit.record(session, operator, "edit", letter.id, f"revision {number}")
        near_duplicates.join(session, [(letter.id, letter.likeness)])  # flushes the letter first
    return number


def restore(database: Database, letter_id: str, operator: str, number: int, *,
            expected_version: int | None = None) -> int:
    """Make revision `number`'s text the letter's text again, as a new revision: nothing in the
    history is lost, so a restore can itself be undone by restoring the text it replaced. The same
    rule as an edit: only a pending letter, and not over someone else's change."""
    with _unit(database, f"letter {letter_id}") as session:
        letter = _editable(session, letter_id, "restore a revision of", expected_version)
        chosen = next((r for r in letter.revisions if r.number == number), None)
        if chosen is None:
            known = ", ".join(str(r.number) for r in sorted(letter.revisions, key=lambda r: r.number)) or "none"
            raise NotFound(f"letter {letter_id} has no revision {number} (revisions: {known})")
        if chosen.text == letter.text:
            raise ReviewError(f"revision {number} is already the text of letter {letter_id}; nothing was changed")
        new = _new_revision(letter, operator, chosen.text)
        audit.record(session, operator, "restore", letter.id, f"revision {number} as revision {new}")
        near_duplicates.join(session, [(letter.id, letter.likeness)])
    return new


def _editable(session: Session, letter_id: str, verb: str, expected_version: int | None) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(f"no letter {letter_id}")
    if letter.status != Status.PENDING:
        hint = f"; run `napishy reset {letter_id}` first" if letter.status in DECIDED else ""
        raise ReviewError(f"cannot {verb} letter {letter_id}: it is {letter.status}{hint}")
    if expected_version is not None and letter.version != expected_version:
        raise Conflict(f"letter {letter_id} was changed by someone else meanwhile; reload it and try again")
    return letter


def _new_revision(letter: Letter, operator: str, text: str) -> int:
    """The text as a new revision, and its signature: the caller regroups the letter (after its
    audit entry, so the letter is flushed, and its row locked, only then)."""
    if not letter.revisions:  # rows made before revisions existed: keep what we are replacing
        letter.revisions.append(Revision(number=1, text=letter.text, author=SYSTEM_AUTHOR, created_on=today()))
    number = max(r.number for r in letter.revisions) + 1
    letter.revisions.append(Revision(number=number, text=text, author=operator[:64], created_on=today()))
    letter.text = text
    letter.likeness = near_duplicates.stored_signature(text)
    return number


def current(database: Database, letter_id: str) -> tuple[str, str, int]:
    """A letter's status, text and version, read before an operator works on it (e.g. in an editor)."""
    with database.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter {letter_id}")
        return letter.status, letter.text, letter.version


def _recipients_detail(before: Sequence[str], after: Sequence[str]) -> str:
    """'to a,b', plus '(was c)' when the approval changed them, so an undo can put them back."""
    detail = f"to {','.join(after)}"
    return detail if list(before) == list(after) else f"{detail} (was {','.join(before)})"


@dataclass(frozen=True)
class Undoable:
    """The decision an undo would revert: which audit entry, and the recipients it replaced."""

    letter_id: str
    action: str
    seq: int
    recipients_before: list[str] | None


def undoable(session: Session, letter: Letter) -> Undoable | str:
    """The letter's last decision if it can still be undone, else why not (one sentence).

    Undo is for the mistake just made: the letter's newest audit entry must be the approval or
    rejection that set its current status, and no export may have run since, because what an
    export wrote (a publication, a relatives' bundle) reflects the decision. Later, `reset` is
    the deliberate way back."""
    last = session.scalars(
        select(AuditEntry).where(AuditEntry.letter_id == letter.id).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if letter.status not in DECISIONS.values() or last is None or DECISIONS.get(last.action) != letter.status:
        return f"letter {letter.id} is {letter.status} and has no decision to undo"
    exported = session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.in_(EXPORTS), AuditEntry.seq > last.seq).limit(1)
    ).first()
    if exported is not None:
        return (f"letter {letter.id} was {letter.status} before an export ({exported}); "
                f"run `napishy reset {letter.id}` to take the decision back deliberately")
    was = _WAS.search(last.detail) if last.action == "approve" else None
    before = [r for r in was.group(1).split(",") if r] if was else None
    return Undoable(letter.id, last.action, last.seq, before)


def undo_blocker(database: Database, letter_id: str) -> str | None:
    """None when `undo` would succeed now, else the reason it would be refused (for the shells)."""
    with database.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            return f"no letter {letter_id}"
        found = undoable(session, letter)
        return found if isinstance(found, str) else None


def undo(database: Database, ids: Sequence[str], operator: str, *,
         expected_versions: Mapping[str, int] | None = None) -> list[str]:
    """Revert each letter's last approval or rejection: back to pending with the recipients and
    no reject reason it had before. All or nothing, and audited as `undo`."""
    with _unit(database, "a letter") as session:
        letters = _load(session, ids)
        _check(letters, tuple(DECISIONS.values()), "undo", expected_versions)
        found = [undoable(session, letter) for letter in letters]
        refused = [f for f in found if isinstance(f, str)]
        if refused:
            raise ReviewError(f"cannot undo: {'; '.join(refused)}; nothing was changed")
        for letter, decision in zip(letters, found, strict=True):
            assert isinstance(decision, Undoable)  # noqa: S101 - narrowed above
            letter.status, letter.reject_reason = Status.PENDING, None
            for image in letter.attachments:  # an undone approval publishes no image either
                image.approved = False
            if decision.recipients_before is not None:
                letter.recipients = decision.recipients_before
            audit.record(session, operator, "undo", letter.id, f"{decision.action} (entry {decision.seq})")
    return [letter.id for letter in letters]
