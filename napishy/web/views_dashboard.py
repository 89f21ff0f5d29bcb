"""The campaign page: how far the publication is and what still stands between it and the letters.

The same figures as `napishy dashboard` (processors.dashboard), each a link to the queue view it
counts, so an organiser goes from "12 pending for Znak" to those twelve letters in one click.
"""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from anonymizer.vocabulary import STATUSES
from exports.publication import publication_date
from napishy.web.pages import page, render
from napishy.web.state import console
from processors.dashboard import NO_ATTORNEY, dashboard

# The quarantine reasons' kinds (processors.dashboard.reason_kind) an operator gets explained in
# their language; the reason itself stays as the command line prints it, for the organisers.
QUARANTINE_KINDS = {
    "UnreadableLetter": "qk_unreadable",
    "LetterTimedOut": "qk_timed_out",
    "WorkerCrashed": "qk_crashed",
    "StageFailed": "qk_failed",
    "processing failed": "qk_failed",
    "NonAsciiBoundaryDefect": "qk_mime",
    "BoundaryMismatchDefect": "qk_mime",
    "UnsplittableMultipartDefect": "qk_mime",
    "larger than NAPISHY_MAX_LETTER_BYTES": "qk_oversized",
}


@page()
async def campaign(request: Request) -> Response:
    napishy = console(request).napishy
    today = dt.date.today()
    found = await run_in_threadpool(lambda: dashboard(napishy.database, today=today,
                                                      publication_date=publication_date(napishy.settings, today)))
    return render(request, "dashboard.html", found=found, statuses=STATUSES, no_attorney=NO_ATTORNEY,
                  kinds=QUARANTINE_KINDS)
