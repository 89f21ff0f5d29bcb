"""Undo in the web console: on the notice after a decision and on the letter, through processors.review."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from napishy.app import App
from processors import audit
from processors.queries import letter_detail
from tests.web.conftest import add_letter, log_in

_UNDO_FORM = re.compile(r'<form method="post" action="/undo" class="([^"]+)">(.*?)</form>', re.S)


def _undo_forms(html: str) -> list[tuple[str, list[str], str]]:
    """Each Undo form on a page: its class, the letter ids it would undo, the queue filters it keeps."""
    forms = []
    for css, body in _UNDO_FORM.findall(html):
        ids = re.findall(r'name="ids" value="([^"]+)"', body)
        queue = re.search(r'name="queue" value="([^"]*)"', body)
        forms.append((css, ids, queue.group(1) if queue else ""))
    return forms


def test_undo_from_the_notice_after_approving_keeps_the_filters(app: App, web: TestClient, operator) -> None:
    first, second = add_letter(app, recipients=("znak",)), add_letter(app, recipients=("znak",))
    csrf = operator()
    query = "status=pending&attorney=znak"
    page = web.post(f"/letters/{first}/approve", data={"csrf": csrf, "to": "borodko", "queue": query})
    assert page.url.path == f"/letters/{second}"  # moved on, as before
    assert f"Approved: {first}" in page.text or f"Ухвалена: {first}" in page.text
    assert _undo_forms(page.text) == [("flash undo", [first], query.replace("&", "&amp;"))]

    undone = web.post("/undo", data={"csrf": csrf, "ids": first, "queue": query}, follow_redirects=False)
    assert undone.headers["location"] == f"/letters/{first}?{query}"  # back on the letter, filters kept
    assert letter_detail(app.database, first)["status"] == "pending"
    assert letter_detail(app.database, first)["recipients"] == ["znak"]  # as before the approval
    shown = web.get(undone.headers["location"]).text
    assert first in shown and _undo_forms(shown) == []  # pending: nothing to undo, no second offer
    assert [(e.operator, e.action, e.letter_id) for e in audit.entries(app.database) if e.action != "login"] == [
        ("olga", "approve", first), ("olga", "undo", first),
    ]


def test_undo_on_the_letter_page_until_an_export(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app)
    add_letter(app, status="approved")  # something for the export to hand over
    csrf = operator()
    web.post(f"/letters/{letter_id}/reject", data={"csrf": csrf, "reason": "spam"})
    page = web.get(f"/letters/{letter_id}").text
    assert ("stack", [letter_id], "status=pending") in _undo_forms(page)

    with TestClient(web.app) as organiser:  # an organiser, in another browser, exports meanwhile
        exported = organiser.post("/exports/relatives", data={"csrf": log_in(organiser, "ales"),
                                                              "passphrase": "long enough passphrase"})
    assert exported.status_code == 200 and "flash error" not in exported.text
    assert [e.action for e in audit.entries(app.database)][-1] == "export-relatives"

    page = web.get(f"/letters/{letter_id}").text
    assert _undo_forms(page) == []  # an export ran since: only the deliberate reset is offered
    assert f'action="/letters/{letter_id}/reset"' in page
    refused = web.post("/undo", data={"csrf": csrf, "ids": letter_id})
    assert "before an export (export-relatives)" in refused.text
    assert letter_detail(app.database, letter_id)["status"] == "rejected"


def test_bulk_decisions_are_undone_together(app: App, web: TestClient, operator) -> None:
    ids = [add_letter(app) for _ in range(3)]
    csrf = operator()
    page = web.post("/queue", data={"csrf": csrf, "ids": ids[:2], "action": "approve", "back": "/queue",
                                    "confirm": "yes"})
    [(_, offered, _)] = _undo_forms(page.text)
    assert offered == ids[:2]
    back = web.post("/undo", data={"csrf": csrf, "ids": offered, "queue": "status=pending"}, follow_redirects=False)
    assert back.headers["location"] == "/queue?status=pending"
    assert [letter_detail(app.database, i)["status"] for i in ids] == ["pending"] * 3


def test_undo_needs_the_csrf_token_and_real_ids(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app)
    csrf = operator()
    web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "to": "znak"})
    assert web.post("/undo", data={"ids": letter_id}).status_code == 403
    page = web.post("/undo", data={"csrf": csrf, "ids": ["../x", "nosuchletter"]})
    assert "no letter nosuchletter" in page.text
    assert letter_detail(app.database, letter_id)["status"] == "approved"
