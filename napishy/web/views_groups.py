"""Near-duplicate groups: one line a group, each decided in one step through the queue's confirmation.

The groups page only lists; its buttons post the group's id to the queue's bulk action, which
turns it into the group's pending letters and shows the same confirmation page as ticked letters
(every letter listed, refused whole if any changed meanwhile). Each letter is then approved or
rejected, audited and undoable on its own, by processors.review.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from napishy.web.pages import number_param, page, render
from napishy.web.state import console
from napishy.web.views_letters import pager_numbers
from processors.group_queries import list_groups

PER_PAGE = 50


@page()
async def groups(request: Request) -> Response:
    every = request.query_params.get("show") == "all"
    number = max(1, number_param(request.query_params.get("page"), default=1, max_digits=6) or 1)
    database = console(request).napishy.database
    found = await run_in_threadpool(lambda: list_groups(database, pending_only=not every, limit=PER_PAGE,
                                                        offset=(number - 1) * PER_PAGE))
    pages = max(1, -(-found.total // PER_PAGE))
    base = {"show": "all"} if every else {}
    return render(request, "groups.html", found=found, every=every, page_number=number, pages=pages,
                  pager=pager_numbers(min(number, pages), pages), query=lambda **extra: urlencode({**base, **extra}))
