"""Revisions on the letter page: each one's changes from the one before, and "restore this revision"."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from napishy.app import App
from processors import audit, review
from processors.revisions import history
from tests.web.conftest import add_letter

_RESTORE = re.compile(r'<form method="post" action="/letters/([^/]+)/restore">(.*?)</form>', re.S)


def _restore_forms(html: str) -> dict[int, dict[str, str]]:
    forms = {}
    for _letter, body in _RESTORE.findall(html):
        fields = dict(re.findall(r'name="([a-z]+)" value="([^"]*)"', body))
        forms[int(fields["revision"])] = fields
    return forms


def test_letter_page_shows_each_revisions_changes_and_restores_one(app: App, web: TestClient, operator) -> None:
    letter = add_letter(app, text="Пішу з Гомеля <b>сам</b>, дзякуй")
    review.edit(app.database, letter, "olga", "Пішу з [place] <b>сам</b>, дзякуй")
    csrf = operator()
    page = web.get(f"/letters/{letter}?status=pending&attorney=znak").text
    assert "Changes from revision 1:" in page or "Змены ў параўнанні з рэдакцыяй 1:" in page
    diff = re.search(r'<div class="letter-text small diff">(.*?)</div>', page, re.S).group(1)
    assert diff == "Пішу з <del>Гомеля</del><ins>[place]</ins> &lt;b&gt;сам&lt;/b&gt;, дзякуй"  # escaped
    forms = _restore_forms(page)
    assert list(forms) == [1]  # the current text is not offered
    assert forms[1]["queue"] == "status=pending&amp;attorney=znak"

    restored = web.post(f"/letters/{letter}/restore", data={"csrf": csrf, "revision": "1",
                                                            "version": forms[1]["version"],
                                                            "queue": "status=pending&attorney=znak"},
                        follow_redirects=False)
    assert restored.headers["location"] == f"/letters/{letter}?status=pending&attorney=znak"
    shown = web.get(restored.headers["location"]).text
    assert "Revision 1 restored as revision 3." in shown or "Рэдакцыя 1 адноўлена як рэдакцыя 3." in shown
    assert history(app.database, letter)[0] == "Пішу з Гомеля <b>сам</b>, дзякуй"
    assert [(e.operator, e.action, e.detail) for e in audit.entries(app.database)][-1] == \
        ("olga", "restore", "revision 1 as revision 3")
    assert sorted(_restore_forms(shown)) == [2]


def test_restore_is_refused_when_stale_without_csrf_or_once_decided(app: App, web: TestClient, operator) -> None:
    letter = add_letter(app, text="Першы тэкст")
    review.edit(app.database, letter, "olga", "Другі тэкст")
    csrf = operator()
    version = _restore_forms(web.get(f"/letters/{letter}").text)[1]["version"]
    review.edit(app.database, letter, "ales", "Трэці тэкст")  # someone else edits meanwhile
    stale = web.post(f"/letters/{letter}/restore", data={"csrf": csrf, "revision": "1", "version": version})
    assert "changed by someone else meanwhile" in stale.text
    forged = web.post(f"/letters/{letter}/restore", data={"revision": "1"}, follow_redirects=False)
    assert forged.status_code == 403
    assert web.post(f"/letters/{letter}/restore", data={"csrf": csrf, "revision": "x"}).status_code == 400
    review.approve(app.database, [letter], "olga")
    page = web.get(f"/letters/{letter}").text
    assert _restore_forms(page) == {}  # no button on a decided letter, and a forged form is refused
    refused = web.post(f"/letters/{letter}/restore", data={"csrf": csrf, "revision": "1"})
    assert "it is approved" in refused.text
    assert history(app.database, letter)[0] == "Трэці тэкст"
    assert [e.action for e in audit.entries(app.database) if e.letter_id] == ["edit", "edit", "approve"]
