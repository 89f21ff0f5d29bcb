"""Near-duplicate groups in the console: shown in the queue and on their own page, decided in one
step through the bulk confirmation, each letter audited and undone on its own."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from napishy.app import App
from processors import audit, near_duplicates
from tests.web.conftest import add_letter
from tests.web.test_bulk import _confirm_form, _post, _statuses

TEMPLATE = ("Дарагі Максім! Мы памятаем пра вас кожны дзень і чакаем дома. Вы абаранялі людзей, калі гэта было "
            "небяспечна, і мы ведаем кошт гэтай працы. Трымайцеся, беражыце здароўе, вы не адзін.")
_BADGE = re.compile(r'<a class="badge group" href="(/queue\?[^"]+)"[^>]*>×(\d+)</a>')


def _template_letters(app: App) -> tuple[list[str], str, str]:
    """Three pending copies of a template with a line of their own, one approved, one other letter."""
    pending = sorted(add_letter(app, text=f"{TEMPLATE} {line}") for line in ("[name]", "Дзякуй!", "З Гомеля."))
    decided = add_letter(app, text=TEMPLATE, status="approved")
    other = add_letter(app, text="Dear Ms Braginets, my grandmother was a teacher in Hrodna. Please stay strong.")
    assert near_duplicates.backfill(app.database) == 5
    return pending, decided, other


def test_the_queue_marks_a_group_and_its_link_shows_only_its_letters(app: App, web: TestClient, operator) -> None:
    pending, decided, other = _template_letters(app)
    operator()
    page = web.get("/queue?status=all").text
    badges = _BADGE.findall(page)
    assert len(badges) == 4 and {count for _, count in badges} == {"4"}  # one per member, the group's size
    assert other in page and page.count('class="badge group"') == 4
    link = badges[0][0].replace("&amp;", "&")
    group = web.get(link).text
    assert all(i in group for i in [*pending, decided]) and other not in group
    assert "4 nearly identical letters, 3 of them pending" in group or "амаль аднолькавых лістоў: 4, з іх" in group
    pending_only = web.get(link.replace("status=all", "status=pending")).text
    assert decided not in pending_only and all(i in pending_only for i in pending)


def test_a_group_is_decided_in_one_step_with_the_confirmation_and_undone_per_letter(app: App, web: TestClient,
                                                                                 operator) -> None:
    pending, _, other = _template_letters(app)
    csrf = operator()
    groups_page = web.get("/groups").text
    group_id = re.search(r'name="group" value="([a-z0-9]+)"', groups_page).group(1)
    assert "Approve all 3 pending" in groups_page or "Ухваліць усе, што чакаюць (3)" in groups_page

    confirm = web.post("/queue", data={"csrf": csrf, "group": group_id, "action": "approve", "back": "/groups"})
    assert confirm.status_code == 200 and _statuses(app, pending) == ["pending"] * 3  # nothing decided yet
    fields = _confirm_form(confirm.text)
    assert sorted(v for k, v in fields if k == "ids") == pending  # the pending ones only, not the approved one
    assert "all the group's letters pending now" in confirm.text or "лісты групы амаль аднолькавых" in confirm.text

    done = web.post("/queue", data=_post(fields), follow_redirects=False)
    assert done.headers["location"] == "/groups"
    assert _statuses(app, pending) == ["approved"] * 3 and _statuses(app, [other]) == ["pending"]
    decisions = [(e.action, e.letter_id) for e in audit.entries(app.database) if e.letter_id]
    assert sorted(decisions) == [("approve", i) for i in pending]  # each letter its own audit entry

    undone = web.post("/undo", data={"csrf": csrf, "ids": [pending[1]]}, follow_redirects=False)
    assert undone.status_code == 303
    assert _statuses(app, pending) == ["approved", "pending", "approved"]
    assert "/groups" in web.get("/groups?show=all").text


def test_a_group_rejected_needs_a_reason_and_a_bad_group_selects_nothing(app: App, web: TestClient,
                                                                          operator) -> None:
    pending, _, _ = _template_letters(app)
    csrf = operator()
    group_id = re.search(r'name="group" value="([a-z0-9]+)"', web.get("/groups").text).group(1)
    no_reason = web.post("/queue", data={"csrf": csrf, "group": group_id, "action": "reject", "back": "/groups"})
    assert "напішыце прычыну" in no_reason.text  # the Belarusian console says it in Belarusian
    nothing = web.post("/queue", data={"csrf": csrf, "group": "../../etc", "action": "approve", "back": "/groups"})
    assert "No letter was selected" in nothing.text or "Нічога не адзначана" in nothing.text
    confirm = web.post("/queue", data={"csrf": csrf, "group": group_id, "action": "reject", "reason": "шаблон",
                                       "back": "/groups"})
    web.post("/queue", data=_post(_confirm_form(confirm.text)))
    assert _statuses(app, pending) == ["rejected"] * 3
    assert "No groups" in web.get("/groups").text or "Няма груп" in web.get("/groups").text


def test_the_groups_page_speaks_both_languages(app: App, web: TestClient, operator) -> None:
    _template_letters(app)
    operator()
    belarusian = web.get("/groups").text
    assert "Амаль аднолькавыя лісты" in belarusian and "Ухваліць усе, што чакаюць (3)" in belarusian
    web.get("/lang/en?next=/groups")
    english = web.get("/groups").text
    assert "Nearly identical letters" in english and "Approve all 3 pending" in english
    assert "Амаль" not in english


def test_a_group_with_a_letter_addressed_to_no_one_is_refused_before_the_confirmation(app: App, web: TestClient,
                                                                                     operator) -> None:
    """Approving would refuse it (exports group by attorney); the page says so in the operator's words."""
    pending, _, _ = _template_letters(app)
    nobody = add_letter(app, text=f"{TEMPLATE} Пішу ўпершыню.", recipients=())
    near_duplicates.backfill(app.database)
    csrf = operator()
    group_id = re.search(r'name="group" value="([a-z0-9]+)"', web.get("/groups").text).group(1)
    refused = web.post("/queue", data={"csrf": csrf, "group": group_id, "action": "approve", "back": "/groups"})
    assert f"{nobody}: ліст нікому не адрасаваны" in refused.text and 'class="stack confirm"' not in refused.text
    assert _statuses(app, [*pending, nobody]) == ["pending"] * 4
