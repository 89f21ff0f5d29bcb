"""Operators side by side in the console: "I'm reviewing this", seen marks, internal notes.

The same code as `napishy claim | release | note | unseen` (processors.claims, processors.notes),
with the logged-in account as the operator. Every form carries the operator's queue filters
(`queue`), so after a claim or a note they are back on the letter in the same view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from foundation.errors import NapishyError
from foundation.storage.database import Database
from napishy.web import pages
from napishy.web.pages import flash, form_of, form_text, letter_id_param, page, redirect
from napishy.web.state import console
from processors import claims, notes
from processors.notes import MAX_NOTE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterTeam:
    """What the letter page shows about other operators: the claim, the notes, who is looking."""

    claim: claims.ClaimView | None
    notes: list[notes.NoteView]
    me: str
    minutes: int  # how long a claim made now would hold
    max_note: int = MAX_NOTE


@dataclass(frozen=True)
class RowsTeam:
    """For a queue page: the standing claims on its rows and which of them the operator has seen."""

    claims: dict[str, claims.ClaimView]
    seen: set[str]
    me: str


def _open(database: Database, letter_id: str, operator: str, minutes: int) -> LetterTeam:
    claims.mark_seen(database, [letter_id], operator)
    held = claims.claims_of(database, [letter_id]).get(letter_id)
    return LetterTeam(held, notes.of_letter(database, letter_id), operator, minutes)


async def letter_team(request: Request, letter_id: str) -> LetterTeam:
    """Opening a letter marks it seen for this operator; then its claim and notes."""
    app = console(request).napishy
    return await run_in_threadpool(_open, app.database, letter_id, pages.session_of(request).user,
                                   app.settings.claim_minutes)


async def rows_team(request: Request, ids: list[str]) -> RowsTeam:
    database, user = console(request).napishy.database, pages.session_of(request).user
    held = await run_in_threadpool(claims.claims_of, database, ids)
    seen = await run_in_threadpool(claims.seen_of, database, ids, user)
    return RowsTeam(held, seen, user)


def _back(request: Request, letter_id: str, *, to_queue: bool = False) -> Response:
    """Back where the operator was, in their filters: the letter, or the queue."""
    query = form_text(form_of(request), "queue")
    # Only the filters' own keys ride along, never anything else a forged form adds. Imported here:
    # views_letters imports this module for the letter and queue pages.
    from napishy.web.views_letters import queue_query_of

    kept = queue_query_of(request, dict(parse_qsl(query)))
    return redirect(f"/queue?{kept}" if to_queue else f"/letters/{letter_id}?{kept}")


def message(request: Request, error: NapishyError) -> str:
    """An error as the operator reads it: a claim in the way or a refused note in the page's language
    (both carry what the sentence needs), anything else as the command line says it."""
    t = pages.translate(request)
    if isinstance(error, claims.ClaimHeld):
        return t("claim_held", name=error.holder.operator, until=error.holder.until)
    if isinstance(error, notes.NoteRefused) and error.kinds:
        return t("note_refused", kinds=", ".join(error.kinds))
    return str(error)


async def _run(request: Request, work: Callable[..., object], *args: object, **kwargs: object) -> tuple[bool, object]:
    """Whether the work succeeded, and what it returned; its NapishyError becomes the page's message."""
    try:
        return True, await run_in_threadpool(work, *args, **kwargs)
    except NapishyError as error:
        flash(request, "error", message(request, error))
        return False, None


@page()
async def claim(request: Request) -> Response:
    letter_id = letter_id_param(request)
    t, app = pages.translate(request), console(request).napishy
    force = form_text(form_of(request), "force") == "yes"
    done, held = await _run(request, claims.claim, app.database, letter_id, pages.session_of(request).user,
                            app.settings.claim_minutes, force=force)
    if done and isinstance(held, claims.ClaimView):
        flash(request, "ok", t("done_claimed", until=held.until))
    return _back(request, letter_id)


@page()
async def release(request: Request) -> Response:
    letter_id = letter_id_param(request)
    t, database = pages.translate(request), console(request).napishy.database
    done, released = await _run(request, claims.release, database, letter_id, pages.session_of(request).user)
    if done:
        flash(request, "ok", t("done_released") if released else t("not_claimed"))
    return _back(request, letter_id)


@page()
async def add_note(request: Request) -> Response:
    letter_id = letter_id_param(request)
    t, app = pages.translate(request), console(request).napishy
    text = form_text(form_of(request), "note")
    done, _ = await _run(request, notes.add, app.database, letter_id, pages.session_of(request).user, text,
                         app.roster)
    if done:
        log.info("web: %s: added a note", pages.session_of(request).user)
        flash(request, "ok", t("done_noted"))
    return _back(request, letter_id)


@page()
async def unseen(request: Request) -> Response:
    """Mark unseen, then back to the queue: staying on the page would mark it seen again."""
    letter_id = letter_id_param(request)
    t, database = pages.translate(request), console(request).napishy.database
    done, _ = await _run(request, claims.mark_seen, database, [letter_id], pages.session_of(request).user,
                         seen=False)
    if done:
        flash(request, "ok", t("done_unseen", id=letter_id))
    return _back(request, letter_id, to_queue=True)
