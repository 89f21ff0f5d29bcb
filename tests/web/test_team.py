"""Two operators in the console at once: claims, seen marks, the "mine" and "unseen" filters, notes.

Two browsers (two TestClients on one app and database), olga and ales; plain forms, no script.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from napishy.app import App
from napishy.web.app import create_app
from processors import audit, notes
from processors.queries import letter_detail
from tests.leakscan import assert_no_leaks, database_texts
from tests.web.conftest import add_letter, log_in

QUERY = "status=pending&attorney=znak"


@pytest.fixture
def second(app: App, web: TestClient) -> Iterator[TestClient]:
    """Another browser, another session, the same console (the `web` fixture made the accounts)."""
    with TestClient(create_app(app), raise_server_exceptions=False) as client:
        yield client


def _rows(html: str) -> list[str]:
    return re.findall(r'<a class="mono" href="/letters/([a-z0-9]+)\?', html)


def _new(html: str) -> list[str]:
    """The rows marked unseen (bold, with a "new" badge)."""
    return re.findall(r'<td class="col-id unseen"><a class="mono" href="/letters/([a-z0-9]+)\?', html)


def test_claim_is_shown_to_others_holds_them_off_and_ends_with_the_decision(app: App, web: TestClient,
                                                                           second: TestClient) -> None:
    first, later = add_letter(app), add_letter(app)
    olga, ales = log_in(web, "olga"), log_in(second, "ales")

    page = web.get(f"/letters/{first}?{QUERY}").text
    assert "I&#39;m reviewing this" in page or "Я разглядаю гэты ліст" in page
    claimed = web.post(f"/letters/{first}/claim", data={"csrf": olga, "queue": QUERY}, follow_redirects=False)
    assert claimed.headers["location"] == f"/letters/{first}?{QUERY}"  # back on the letter, filters kept
    assert "olga" in web.get(claimed.headers["location"]).text

    seen_by_ales = second.get(f"/letters/{first}?{QUERY}").text
    assert "olga разглядае гэты ліст да" in seen_by_ales and 'name="force" value="yes"' in seen_by_ales
    assert "✎ olga" in second.get(f"/queue?{QUERY}").text  # the queue row says it too
    refused = second.post(f"/letters/{first}/approve", data={"csrf": ales, "to": "znak", "queue": QUERY})
    assert refused.url.path == f"/letters/{first}"
    assert "olga разглядае гэты ліст да" in refused.text and "спачатку націсніце «Узяць сабе»" in refused.text
    assert letter_detail(app.database, first)["status"] == "pending"

    # ales walks on from the letter before it: "next" passes olga's letter by
    done = second.post(f"/letters/{later}/reject", data={"csrf": ales, "reason": "spam", "queue": QUERY},
                       follow_redirects=False)
    assert done.headers["location"] == f"/queue?{QUERY}"  # olga's letter is the only one left, and hers

    assert _rows(web.get("/queue?mine=1").text) == [first]
    assert _rows(second.get("/queue?mine=1").text) == []
    approved = web.post(f"/letters/{first}/approve", data={"csrf": olga, "to": "znak", "queue": QUERY})
    assert approved.status_code == 200 and letter_detail(app.database, first)["status"] == "approved"
    assert _rows(web.get("/queue?mine=1&status=all").text) == []  # the decision released it
    actions = [(e.operator, e.action, e.letter_id) for e in audit.entries(app.database) if e.action != "login"]
    assert actions == [("olga", "claim", first), ("ales", "reject", later), ("olga", "approve", first)]


def test_take_over_and_release(app: App, web: TestClient, second: TestClient) -> None:
    letter = add_letter(app)
    olga, ales = log_in(web, "olga"), log_in(second, "ales")
    web.post(f"/letters/{letter}/claim", data={"csrf": olga})
    taken = second.post(f"/letters/{letter}/claim", data={"csrf": ales, "force": "yes"})
    assert "Ліст ваш да" in taken.text
    assert "ales разглядае гэты ліст" in web.get(f"/letters/{letter}").text
    refused = web.post(f"/letters/{letter}/release", data={"csrf": olga})
    assert "ales разглядае гэты ліст да" in refused.text
    released = second.post(f"/letters/{letter}/release", data={"csrf": ales})
    assert "Ліст вызвалены." in released.text
    assert [e.detail for e in audit.entries(app.database) if e.action in ("claim", "release")] == [
        "30 min", "30 min, taken over from olga", ""]


def test_seen_per_operator_unseen_filter_and_mark_unseen(app: App, web: TestClient, second: TestClient) -> None:
    a, b = add_letter(app, received_on=dt.date(2026, 3, 1)), add_letter(app, received_on=dt.date(2026, 3, 2))
    olga = log_in(web, "olga")
    log_in(second, "ales")
    assert _new(web.get("/queue").text) == [a, b]
    web.get(f"/letters/{a}")
    assert _new(web.get("/queue").text) == [b]
    assert _new(second.get("/queue").text) == [a, b]  # ales has opened nothing
    assert _rows(web.get("/queue?unseen=1").text) == [b]
    back = web.post(f"/letters/{a}/unseen", data={"csrf": olga, "queue": "status=pending&unseen=1"},
                    follow_redirects=False)
    assert back.headers["location"] == "/queue?status=pending&unseen=1"  # not the letter: that would see it again
    assert _rows(web.get(back.headers["location"]).text) == [a, b]
    page = web.get("/queue?unseen=1&mine=1").text
    assert 'name="mine" value="1" checked' in page and 'name="unseen" value="1" checked' in page
    assert _rows(page) == []  # olga has claimed nothing
    links = re.findall(r'href="/letters/[a-z0-9]+\?([^"]+)"', web.get("/queue?unseen=1").text)
    assert links and all("unseen=1" in link for link in links)  # the letter pages keep the filter


def test_notes_between_operators_and_a_note_with_a_phone_is_refused(app: App, web: TestClient,
                                                                    second: TestClient) -> None:
    letter = add_letter(app)
    olga, ales = log_in(web, "olga"), log_in(second, "ales")
    saved = web.post(f"/letters/{letter}/note", data={"csrf": olga, "note": "Праверыла другі абзац.", "queue": QUERY},
                     follow_redirects=False)
    assert saved.headers["location"] == f"/letters/{letter}?{QUERY}"
    shown = second.get(f"/letters/{letter}").text
    assert "Праверыла другі абзац." in shown and "olga, " in shown
    refused = second.post(f"/letters/{letter}/note", data={"csrf": ales, "note": "Званіце: +375 29 765-43-21"})
    assert "Нататка не захавана" in refused.text and "phone" in refused.text and "765-43" not in refused.text
    assert [n.text for n in notes.of_letter(app.database, letter)] == ["Праверыла другі абзац."]
    hostile = web.post(f"/letters/{letter}/note", data={"csrf": olga, "note": "<script>alert(1)</script> ok"})
    assert "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text
    assert_no_leaks(["+375 29 765-43-21", "765-43-21"], [app.settings.data_dir],
                    database_texts(app.settings.database_url))
