"""The queue page: compact rows, sorting in the database, real paging, the bulk bar above the table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from starlette.testclient import TestClient

from napishy.app import App
from napishy.web.views_letters import pager_numbers
from tests.web.conftest import add_letter

_ROW_ID = re.compile(r'<tr class="status-\w+">\s*<td class="col-select">.*?href="/letters/(\w+)\?', re.S)


def _ids(html: str) -> list[str]:
    return _ROW_ID.findall(html)


def test_pending_tab_does_not_repeat_the_status_and_all_tab_shows_it(app: App, web: TestClient, operator) -> None:
    add_letter(app)
    add_letter(app, status="approved")
    operator()
    pending = web.get("/queue").text
    assert 'class="badge pending"' not in pending and 'class="col-status"' not in pending
    everything = web.get("/queue?status=all").text
    assert 'class="badge pending"' in everything and 'class="badge approved"' in everything


def test_bulk_bar_comes_before_the_table(app: App, web: TestClient, operator) -> None:
    add_letter(app)
    operator()
    page = web.get("/queue").text
    assert page.index('class="bulk"') < page.index('<table class="queue">')


def test_sort_by_each_key_both_ways(app: App, web: TestClient, operator) -> None:
    few = add_letter(app, text="one [name] here", recipients=("znak",), language="ru", kind="spam",
                     received_on=dt.date(2026, 3, 3))
    many = add_letter(app, text="[name] [name] at [address], [phone]", recipients=("danilevich",), language="be",
                      received_on=dt.date(2026, 3, 1))
    none = add_letter(app, text="no markers [nam] [Name]", recipients=("yurgilevich",), language="pl",
                      kind="autoreply", status="approved", received_on=dt.date(2026, 3, 2))
    operator()
    expected = {
        "received": [many, none, few],
        "redactions": [none, few, many],
        "language": [many, none, few],
        "attorney": [many, none, few],
        "kind": [none, many, few],  # autoreply < letter < spam
        "status": [none, many, few],  # approved < pending; ties in queue order
    }
    for key, order in expected.items():
        assert _ids(web.get(f"/queue?status=all&sort={key}").text) == order, key
        if key != "status":
            assert _ids(web.get(f"/queue?status=all&sort=-{key}").text) == order[::-1], key
    risky = add_letter(app, text="Вера кажа прывітанне", checks=("Вера", "Надзея"), received_on=dt.date(2026, 3, 9))
    assert _ids(web.get("/queue?status=all&sort=-checks").text)[0] == risky
    assert _ids(web.get("/queue?status=all&sort=checks").text)[-1] == risky
    page = web.get("/queue?status=all&sort=redactions").text
    assert re.search(r'class="col-redactions num"[^>]*>4<', page)  # [name] [name] [address] [phone]
    assert 'aria-sort="ascending"' in page and "sort=-redactions" in page  # the header now sorts the other way


def test_sort_is_kept_through_filters_pages_and_the_letter_link(app: App, web: TestClient, operator) -> None:
    for n in range(60):
        add_letter(app, received_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    operator()
    page = web.get("/queue?status=pending&sort=-received").text
    assert "sort=-received&amp;page=2" in page
    assert "?status=pending&amp;sort=-received" in page.split('href="/letters/', 1)[1].split('"', 1)[0]
    second = web.get("/queue?status=pending&sort=-received&page=2").text
    assert len(_ids(second)) == 10


@pytest.mark.parametrize("sort", ["mailbox", "received;drop", "ｒeceived", "--received", "text"])
def test_an_unknown_sort_is_a_400(app: App, web: TestClient, operator, sort: str) -> None:
    operator()
    assert web.get("/queue", params={"sort": sort}).status_code == 400


def test_pager_has_first_last_and_numbers_around_the_current_page(app: App, web: TestClient, operator) -> None:
    assert pager_numbers(1, 1) == [1]
    assert pager_numbers(1, 27) == [1, 2, 3, None, 27]
    assert pager_numbers(14, 27) == [1, None, 12, 13, 14, 15, 16, None, 27]
    assert pager_numbers(4, 6) == [1, 2, 3, 4, 5, 6]
    for _ in range(51 * 4):
        add_letter(app)
    operator()
    page = web.get("/queue?page=3").text
    pager = page.split('class="pager"', 1)[1].split("</nav>", 1)[0]
    assert '<span aria-current="page">3</span>' in pager
    assert all(f"page={n}" in pager for n in (1, 2, 4, 5))  # first, previous, neighbours, last (5 pages)
    assert pager.count("page=5") == 2  # as a number and as "last"


def test_search_finds_every_word_in_any_case_and_keeps_the_filters(app: App, web: TestClient, operator) -> None:
    minsk = add_letter(app, text="Дарагі Максім, пішу з Мінску. Трымайцеся!", recipients=("znak",))
    both = add_letter(app, text="МАКСІМ, мы з вамі. Дзякуй!", recipients=("znak",), language="be")
    other = add_letter(app, text="Максім, трымайцеся", recipients=("danilevich",))
    add_letter(app, text="Юлія, дзякуй за працу", recipients=("yurgilevich",))
    literal = add_letter(app, text="100% supported, under_score", recipients=("znak",), language="en")
    operator()
    assert sorted(_ids(web.get("/queue", params={"q": "максім"}).text)) == sorted([minsk, both, other])
    assert _ids(web.get("/queue", params={"q": "мінск  максім"}).text) == [minsk]  # every word, parts of words
    assert sorted(_ids(web.get("/queue", params={"q": "Максім", "attorney": "znak"}).text)) == sorted([minsk, both])
    assert _ids(web.get("/queue", params={"q": "100%"}).text) == [literal]
    assert _ids(web.get("/queue", params={"q": "%"}).text) == [literal]  # LIKE wildcards are literal
    assert _ids(web.get("/queue", params={"q": "u_d"}).text) == []  # "_" is no wildcard: "und" does not match
    assert _ids(web.get("/queue", params={"q": "няма такога"}).text) == []
    page = web.get("/queue", params={"q": "максім", "attorney": "znak", "sort": "-received"}).text
    assert 'name="q" value="максім"' in page
    link = page.split('href="/letters/', 1)[1].split('"', 1)[0]
    assert "attorney=znak" in link and "q=%D0%BC" in link and "sort=-received" in link
    tab = page.split('class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert "q=%D0%BC" in tab and "attorney=znak" in tab  # another status tab keeps the search


def test_search_carries_through_approve_to_the_next_matching_letter(app: App, web: TestClient, operator) -> None:
    first = add_letter(app, text="Максім, першы", received_on=dt.date(2026, 3, 1))
    add_letter(app, text="Юлія, другі", received_on=dt.date(2026, 3, 2))
    third = add_letter(app, text="Максім, трэці", received_on=dt.date(2026, 3, 3))
    operator()
    page = web.get(f"/letters/{first}", params={"status": "pending", "q": "максім"}).text
    form = page.split('action="/letters/' + first + '/approve"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    data["queue"] = data["queue"].replace("&amp;", "&")
    response = web.post(f"/letters/{first}/approve", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"/letters/{third}?") and "q=" in response.headers["location"]
