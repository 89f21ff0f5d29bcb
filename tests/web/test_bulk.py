"""Bulk decisions on the queue page: select all on a page, then a confirmation step; no script needed."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from napishy.app import App
from processors import audit, review
from processors.queries import letter_detail
from tests.web.conftest import add_letter

_CHECKBOX = re.compile(r'<input type="checkbox" name="ids" value="([^"]+)"[^>]*?( checked)?>')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _boxes(html: str) -> dict[str, bool]:
    return {letter: bool(checked) for letter, checked in _CHECKBOX.findall(html)}


def _confirm_form(html: str) -> list[tuple[str, str]]:
    form = re.search(r'<form method="post" action="/queue" class="stack confirm">(.*?)</form>', html, re.S)
    assert form, "no confirmation form"
    return [(name, value.replace("&amp;", "&")) for name, value in _HIDDEN.findall(form.group(1))]


def _statuses(app: App, ids: list[str]) -> list[str]:
    return [letter_detail(app.database, i)["status"] for i in ids]


def test_select_all_then_confirm_approves_exactly_those_letters(app: App, web: TestClient, operator) -> None:
    ids = sorted(add_letter(app, text=f"Дарагі Максім, ліст {n}") for n in range(3))
    other = add_letter(app, recipients=("lazarenko",))
    decided = add_letter(app, status="approved")
    csrf = operator()
    page = web.get("/queue?status=all&attorney=znak").text
    assert _boxes(page) == dict.fromkeys(ids, False)  # no box for a decided letter, none ticked
    link = re.search(r'<a href="(/queue\?[^"]*select=all[^"]*)">', page).group(1).replace("&amp;", "&")
    ticked = web.get(link).text
    assert _boxes(ticked) == dict.fromkeys(ids, True) and other not in ticked and decided in ticked
    assert "Clear the selection" in ticked or "Зняць усе адзнакі" in ticked
    back = re.search(r'name="back" value="([^"]+)"', ticked).group(1).replace("&amp;", "&")
    assert "select=" not in back  # after deciding, never back to a page with every box ticked

    confirm = web.post("/queue", data={"csrf": csrf, "ids": ids, "action": "approve", "back": back})
    assert confirm.status_code == 200 and _statuses(app, ids) == ["pending"] * 3  # nothing decided yet
    assert "These 3 letters will be approved" in confirm.text or "Гэтыя лісты (3) будуць ухвалены" in confirm.text
    fields = _confirm_form(confirm.text)
    assert [v for k, v in fields if k == "ids"] == ids and ("confirm", "yes") in fields
    assert all((f"v_{i}", "1") in fields for i in ids)

    done = web.post("/queue", data=_post(fields), follow_redirects=False)
    assert done.headers["location"] == back
    assert _statuses(app, ids) == ["approved"] * 3 and _statuses(app, [other]) == ["pending"]
    assert [(e.action, e.letter_id) for e in audit.entries(app.database) if e.letter_id] == \
        [("approve", i) for i in ids]


def _post(fields: list[tuple[str, str]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, value in fields:
        if name == "ids":
            data.setdefault("ids", []).append(value)  # type: ignore[union-attr]
        else:
            data[name] = value
    return data


def test_a_letter_changed_after_the_confirmation_page_refuses_the_whole_batch(app: App, web: TestClient,
                                                                             operator) -> None:
    ids = sorted(add_letter(app) for _ in range(2))
    csrf = operator()
    confirm = web.post("/queue", data={"csrf": csrf, "ids": ids, "action": "reject", "reason": " spam  offer ",
                                       "back": "/queue"})
    assert "“spam offer”" in confirm.text or "«spam offer»" in confirm.text
    fields = _confirm_form(confirm.text)
    review.edit(app.database, ids[1], "ales", "Іншы тэкст")  # another operator edits one meanwhile
    refused = web.post("/queue", data=_post(fields))
    assert "someone else changed one of these letters" in refused.text or "нехта іншы змяніў" in refused.text
    assert _statuses(app, ids) == ["pending", "pending"]


def test_the_confirmation_refuses_early_what_the_decision_would(app: App, web: TestClient, operator) -> None:
    pending, approved = add_letter(app), add_letter(app, status="approved")
    csrf = operator()
    no_reason = web.post("/queue", data={"csrf": csrf, "ids": [pending], "action": "reject", "reason": " "})
    assert "Write a reason to reject" in no_reason.text or "напішыце прычыну" in no_reason.text
    assert "confirm" not in no_reason.url.path
    mixed = web.post("/queue", data={"csrf": csrf, "ids": [pending, approved], "action": "approve"})
    assert f"{approved}: " in mixed.text and "class=\"stack confirm\"" not in mixed.text
    gone = web.post("/queue", data={"csrf": csrf, "ids": [pending, "zzzzzzzzzzzz"], "action": "approve"})
    assert "zzzzzzzzzzzz: " in gone.text and "class=\"stack confirm\"" not in gone.text
    assert web.post("/queue", data={"csrf": csrf, "ids": [pending], "action": "publish"}).status_code == 400
    assert web.post("/queue", data={"ids": [pending], "action": "approve", "confirm": "yes"},
                    follow_redirects=False).status_code == 403
    assert _statuses(app, [pending, approved]) == ["pending", "approved"]
    assert [e for e in audit.entries(app.database) if e.letter_id] == []
