"""The queue and one letter: reading, approving, rejecting, undoing, resetting, editing.

Every change goes through processors.review, the code the CLI runs, with the logged-in account
as the operator, so it lands in the same audit log with the same checks (status, version).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from anonymizer.vocabulary import KINDS, OCR_STATUSES, STATUSES, Status
from foundation.errors import NapishyError
from napishy.web import pages, queries, views_team
from napishy.web.pages import (
    flash,
    form_list,
    form_of,
    form_text,
    letter_id_param,
    number_param,
    page,
    redirect,
    render,
)
from napishy.web.state import console
from processors import group_queries, review, search
from processors.queries import letter_detail
from processors.revisions import word_diff

log = logging.getLogger(__name__)
OCR_STATES = OCR_STATUSES  # each has an `ocr_` string
_LANGUAGE = re.compile(r"^[a-z]{2,8}$")
MAX_IMAGE_NUMBER = 9999
UNDOABLE_NOTICES = ("done_approved", "done_rejected")
# The queue's sortable columns in table order, each with its header string.
SORT_COLUMNS = {"status": "status", "kind": "kind", "attorney": "recipients", "language": "language",
                "received": "received", "redactions": "redactions", "checks": "checks"}


def _filters(params: Mapping[str, str], attorneys: list[str], operator: str = "") -> queries.Filters:
    """Only values that can exist; anything else is ignored rather than passed to a query.
    `operator`: the logged-in account, for "mine", "unseen" and passing by others' claims."""
    status = params.get("status", Status.PENDING)
    sort = params.get("sort", "") or queries.DEFAULT_SORT
    if sort.removeprefix("-") not in queries.SORTS:
        raise HTTPException(400, "bad_request")  # the page offers only these; anything else is not ours
    return queries.Filters(
        status=status if status in STATUSES else "",
        kind=params.get("kind", "") if params.get("kind") in KINDS else "",
        attorney=params.get("attorney", "") if params.get("attorney") in attorneys else "",
        language=params.get("language", "") if _LANGUAGE.match(params.get("language", "")) else "",
        search=" ".join(search.words(params.get("q", ""))),
        group=params.get("group", "") if pages.is_letter_id(params.get("group", "")) else "",
        sort=sort,
        mine=params.get("mine") == "1",
        unseen=params.get("unseen") == "1",
        operator=operator,
    )


def _user(request: Request) -> str:
    return pages.session_of(request).user


def _form_filters(request: Request, form: FormData) -> queries.Filters:
    """The filters a form's hidden `queue` field carries (the view the operator came from)."""
    return _filters(dict(parse_qsl(form_text(form, "queue"))), console(request).attorney_ids, _user(request))


def queue_query_of(request: Request, params: Mapping[str, str]) -> str:
    """The operator's filters from a form's `queue` field, as a query string again (views_team)."""
    return _queue_query(_filters(params, console(request).attorney_ids, _user(request)))


def _queue_query(filters: queries.Filters) -> str:
    """The filters as a query string: the letter page carries it so "next" stays in the operator's view."""
    sort = "" if filters.sort == queries.DEFAULT_SORT else filters.sort
    pairs = (("status", filters.status or "all"), ("kind", filters.kind), ("attorney", filters.attorney),
             ("language", filters.language), ("q", filters.search), ("group", filters.group), ("sort", sort),
             ("mine", "1" if filters.mine else ""), ("unseen", "1" if filters.unseen else ""))
    return urlencode({k: v for k, v in pairs if v})


def pager_numbers(current: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: first, last and a few either side of the current one;
    None where numbers are left out (shown as "…")."""
    wanted = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    shown: list[int | None] = []
    previous = 0
    for number in wanted:
        if previous and number - previous > 1:
            shown.append(None)
        shown.append(number)
        previous = number
    return shown


def _page_number(value: str | None) -> int:
    return max(1, number_param(value, default=1, max_digits=6) or 1)


@page()
async def queue(request: Request) -> Response:
    filters = _filters(request.query_params, console(request).attorney_ids, _user(request))
    database = console(request).napishy.database
    number = _page_number(request.query_params.get("page"))
    result = await run_in_threadpool(queries.queue_page, database, filters, number)
    base = dict(parse_qsl(_queue_query(filters)))
    team = await views_team.rows_team(request, [row.id for row in result.rows])
    return render(request, "queue.html", result=result, filters=filters, statuses=STATUSES, kinds=KINDS, team=team,
                  attorneys=console(request).attorney_names, query=lambda **extra: urlencode({**base, **extra}),
                  pager=pager_numbers(result.page, result.pages), sorts=SORT_COLUMNS,
                  queue_query=_queue_query(filters), select_all=request.query_params.get("select") == "all")


@page()
async def queue_action(request: Request) -> Response:
    """Approve or reject the letters ticked on a queue page, all or nothing like the CLI, in two
    steps: first a page that lists what would be decided (nothing changes yet), then the decision,
    refused if any of those letters changed in between. Plain forms, no script needed."""
    form = form_of(request)
    ids = [i for i in dict.fromkeys(form_list(form, "ids")) if pages.is_letter_id(i)]
    back = pages.safe_next(form_text(form, "back"))
    t = pages.translate(request)
    group = form_text(form, "group")
    if not ids and pages.is_letter_id(group):  # a near-duplicate group: every letter of it still pending
        members = await run_in_threadpool(group_queries.pending_in_group, console(request).napishy.database, group)
        ids = [member.id for member in members]
    if not ids:
        flash(request, "error", t("none_selected"))
        return redirect(back)
    action, reason = form_text(form, "action"), form_text(form, "reason")
    if action not in ("approve", "reject"):
        raise HTTPException(400, "bad_request")
    if form_text(form, "confirm") != "yes":
        from_group = group if not form_list(form, "ids") else ""
        return await _confirm_bulk(request, action, ids, reason, back, group=from_group)
    versions = {i: v for i in ids if (v := number_param(form_text(form, f"v_{i}"))) is not None}
    # the operator's language for what the confirmation page cannot have caught: a change meanwhile
    said: dict[type[NapishyError], str] = {review.Conflict: t("bulk_conflict")}
    if action == "approve":
        await _act(request, "done_approved", review.approve, ids, expected_versions=versions, said=said)
    else:
        await _act(request, "done_rejected", review.reject, ids, reason, expected_versions=versions, said=said)
    return redirect(back)


async def _confirm_bulk(request: Request, action: str, ids: list[str], reason: str, back: str, *,
                        group: str = "") -> Response:
    """The confirmation step: refuses early what the decision would refuse (no reason, a letter that
    is gone or no longer pending), else lists the letters with a button that decides them."""
    t = pages.translate(request)
    if action == "reject" and not reason.split():
        flash(request, "error", t("reason_required"))
        return redirect(back)
    try:
        reason = review.clean_reason(reason) if action == "reject" else ""
    except NapishyError as error:
        flash(request, "error", str(error))
        return redirect(back)
    rows = await run_in_threadpool(queries.selected, console(request).napishy.database, ids)
    found = {row.id for row in rows}
    problems = [f"{i}: {t('letter_gone')}" for i in ids if i not in found]
    problems += [f"{row.id}: {t('status_' + row.status)}" for row in rows if row.status != Status.PENDING]
    if action == "approve":  # exports group by attorney: approve would refuse these, say so now
        problems += [f"{row.id}: {t('addressed_to_no_one')}" for row in rows if not row.recipients]
    if problems:
        flash(request, "error", t("bulk_refused", problems="; ".join(problems)))
        return redirect(back)
    return render(request, "confirm.html", action=action, rows=rows, reason=reason, back=back,
                  attorneys=console(request).attorney_names, group=group)


async def _act(request: Request, done: str, action: Callable[..., list[str]], *args: object,
               said: Mapping[type[NapishyError], str] | None = None, **kwargs: object) -> bool:
    """Run a review action in a worker thread; its NapishyError becomes a message, not an error page
    (`said`: the operator's words for some kinds of error, else the CLI's sentence)."""
    session = pages.session_of(request)
    t = pages.translate(request)
    database = console(request).napishy.database
    first, *rest = args
    try:
        changed = await run_in_threadpool(action, database, first, session.user, *rest, **kwargs)
    except NapishyError as error:
        flash(request, "error", (said or {}).get(type(error)) or views_team.message(request, error))
        return False
    log.info("web: %s: %s %d letters", session.user, done.removeprefix("done_"), len(changed))
    flash(request, "ok", t(done, ids=", ".join(changed)))
    if done in UNDOABLE_NOTICES:  # the notice carries an Undo button for what was just decided
        flash(request, "undo", " ".join(changed))
    return True


@page()
async def letter(request: Request) -> Response:
    letter_id = letter_id_param(request)
    database = console(request).napishy.database
    detail = await run_in_threadpool(letter_detail, database, letter_id)
    if detail is None:
        raise HTTPException(404, "not_found")
    history = await run_in_threadpool(queries.revisions, database, letter_id)
    version = await run_in_threadpool(queries.version, database, letter_id)
    queue_query = _queue_query(_filters(request.query_params, console(request).attorney_ids, _user(request)))
    no_undo = await run_in_threadpool(review.undo_blocker, database, letter_id)
    team = await views_team.letter_team(request, letter_id)
    # each revision against the one before it (history is newest first)
    changes = {newer.number: (older.number, word_diff(older.text, newer.text))
               for newer, older in itertools.pairwise(history)}
    return render(request, "letter.html", letter=detail, history=history, version=version, changes=changes,
                  attorneys=console(request).attorney_names, queue_query=queue_query, kinds=KINDS,
                  ocr_states=OCR_STATES, can_undo=no_undo is None, team=team)


def _expected(request: Request, letter_id: str) -> dict[str, int]:
    """The version the operator was looking at: acting on a letter changed meanwhile is a Conflict."""
    value = number_param(form_text(form_of(request), "version"))
    return {letter_id: value} if value is not None else {}


async def _after_decision(request: Request, letter_id: str, done: bool) -> Response:
    if not done:
        return redirect(f"/letters/{letter_id}")
    filters = _form_filters(request, form_of(request))
    queue_query = _queue_query(filters)
    following = await run_in_threadpool(queries.next_pending, console(request).napishy.database, letter_id, filters)
    if following is None:
        flash(request, "ok", pages.translate(request)("queue_done"))
        return redirect(f"/queue?{queue_query}")
    return redirect(f"/letters/{following}?{queue_query}")


@page()
async def approve(request: Request) -> Response:
    letter_id = letter_id_param(request)
    chosen = form_list(form_of(request), "to")
    current = await run_in_threadpool(letter_detail, console(request).napishy.database, letter_id)
    if current is None:
        raise HTTPException(404, "not_found")
    # Only an actual change of recipients is passed on, so the audit entry says "to ..." only then.
    recipients = chosen if sorted(chosen) != sorted(current["recipients"]) else None
    # The images ticked, by number; none ticked publishes none. A withheld one (its box is disabled,
    # but a form can be forged) is refused by processors.review with the reason.
    images = [number_param(n, max_digits=3) or 0 for n in form_list(form_of(request), "images")] or None
    done = await _act(request, "done_approved", review.approve, [letter_id], recipients=recipients,
                      expected_versions=_expected(request, letter_id),
                      images=images)
    return await _after_decision(request, letter_id, done)


@page()
async def reject(request: Request) -> Response:
    letter_id = letter_id_param(request)
    done = await _act(request, "done_rejected", review.reject, [letter_id], form_text(form_of(request), "reason"),
                      expected_versions=_expected(request, letter_id))
    return await _after_decision(request, letter_id, done)


@page()
async def undo(request: Request) -> Response:
    """Undo the decisions a notice or a letter page offered; processors.review decides whether it may.
    One letter: back on its page (pending again, in the operator's filters); several: the queue."""
    form = form_of(request)
    ids = [i for i in form_list(form, "ids") if pages.is_letter_id(i)]
    filters = _form_filters(request, form)
    queue_query = _queue_query(filters)
    if not ids:
        flash(request, "error", pages.translate(request)("none_selected"))
        return redirect(f"/queue?{queue_query}")
    await _act(request, "done_undone", review.undo, ids, expected_versions=None)
    return redirect(f"/letters/{ids[0]}?{queue_query}" if len(ids) == 1 else f"/queue?{queue_query}")


@page()
async def reset(request: Request) -> Response:
    letter_id = letter_id_param(request)
    await _act(request, "done_reset", review.reset, [letter_id])
    return redirect(f"/letters/{letter_id}")


@page()
async def edit_form(request: Request) -> Response:
    letter_id = letter_id_param(request)
    database = console(request).napishy.database
    try:
        status, text, version = await run_in_threadpool(review.current, database, letter_id)
    except NapishyError:
        raise HTTPException(404, "not_found") from None
    queue_query = _queue_query(_filters(request.query_params, console(request).attorney_ids, _user(request)))
    if status != Status.PENDING:
        return redirect(f"/letters/{letter_id}?{queue_query}")
    return render(request, "edit.html", letter_id=letter_id, text=text, version=version, queue_query=queue_query)


@page()
async def edit(request: Request) -> Response:
    letter_id = letter_id_param(request)
    form, session = form_of(request), pages.session_of(request)
    t = pages.translate(request)
    # Browsers send textarea lines as CRLF; the stored text uses LF like every other path in.
    new_text = form_text(form, "text").replace("\r\n", "\n")
    version = form_text(form, "version")
    # the operator's queue filters ride along, so "next" after this edit stays in their view
    queue_query = _queue_query(_form_filters(request, form))
    try:
        number = await run_in_threadpool(
            lambda: review.edit(console(request).napishy.database, letter_id, session.user, new_text,
                                expected_version=number_param(version)))
    except NapishyError as error:
        flash(request, "error", str(error))
        return redirect(f"/letters/{letter_id}?{queue_query}")
    if number is None:
        flash(request, "ok", t("no_change"))
    else:
        log.info("web: %s: edited a letter", session.user)
        flash(request, "ok", t("done_edited", n=number))
    return redirect(f"/letters/{letter_id}?{queue_query}")


@page()
async def restore(request: Request) -> Response:
    """Make an earlier revision the text again; processors.review decides whether it may."""
    letter_id = letter_id_param(request)
    form, session = form_of(request), pages.session_of(request)
    t = pages.translate(request)
    number, version = form_text(form, "revision"), form_text(form, "version")
    queue_query = _queue_query(_form_filters(request, form))
    chosen, expected = number_param(number, max_digits=6), number_param(version)
    if chosen is None:
        raise HTTPException(400, "bad_request")
    try:
        new = await run_in_threadpool(
            lambda: review.restore(console(request).napishy.database, letter_id, session.user, chosen,
                                   expected_version=expected))
    except NapishyError as error:
        flash(request, "error", str(error))
    else:
        log.info("web: %s: restored a revision", session.user)
        flash(request, "ok", t("done_restored", n=number, new=new))
    return redirect(f"/letters/{letter_id}?{queue_query}")


@page()
async def letter_image(request: Request) -> Response:
    letter_id = letter_id_param(request)
    position = request.path_params["position"]
    if position > MAX_IMAGE_NUMBER:  # an integer SQLite cannot bind would be a 500
        raise HTTPException(404, "not_found")
    found = await run_in_threadpool(queries.image, console(request).napishy.database, letter_id, position)
    if found is None:
        raise HTTPException(404, "not_found")
    content_type, data = found
    # Served from the database under a fixed name: no file name or metadata of the sender reaches the browser.
    return Response(data, media_type=content_type, headers={"Content-Disposition": "inline"})
