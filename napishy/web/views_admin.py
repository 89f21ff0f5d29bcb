"""The audit log and mailbox health (the exports are in views_exports)."""

from __future__ import annotations

import datetime as dt
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from napishy.web.pages import page, render
from napishy.web.state import console
from processors import audit
from processors.queries import mailbox_health

log = logging.getLogger(__name__)
AUDIT_SHOWN = 500


@page()
async def audit_log(request: Request) -> Response:
    database = console(request).napishy.database
    only = request.query_params.get("letter", "")
    only = only if only.isalnum() and len(only) <= 16 else ""
    problems = await run_in_threadpool(audit.verify, database)
    count, head = await run_in_threadpool(audit.head, database)
    rows = await run_in_threadpool(lambda: audit.entries(database, letter_id=only or None, limit=AUDIT_SHOWN))
    return render(request, "audit.html", rows=rows[::-1], problems=problems, count=count, head=head, only=only,
                  shown=AUDIT_SHOWN, action_keys={f"action_{action}" for action in audit.ACTIONS})


@page()
async def status(request: Request) -> Response:
    napishy = console(request).napishy
    configured = [m.id for m in napishy.settings.mailboxes]
    report = await run_in_threadpool(lambda: mailbox_health(
        napishy.database, configured, now=dt.datetime.now(dt.UTC), stale_after=napishy.settings.stale_poll_seconds))
    return render(request, "status.html", report=report)
