"""The campaign dashboard and the near-duplicate groups in a real headless Chromium, at desktop and
phone width: nothing scrolls sideways at 390 px, no script is needed (JavaScript is off), and a
group is decided from its page through the confirmation. Screenshots go to
/tmp/napishy-web-shots/dashboard-WIDTH-*.png for a person to look at."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from foundation.storage.models import Letter
from napishy.app import App
from processors import near_duplicates
from tests.web.conftest import add_letter
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, server, sign_in  # noqa: F401

TEMPLATE = ("Дарагі Максім! Мы, выбаршчыкі і жыхары нашага горада, пішам вам, каб сказаць: мы памятаем пра вас "
            "кожны дзень. Вы абаранялі людзей, калі гэта было небяспечна, і мы ведаем кошт гэтай працы. "
            "Трымайцеся, беражыце здароўе, вы не адзін. Мы чакаем вас дома.")
REASON = "UnreadableLetter: no readable text, only binary or unreadable parts; see the sealed original"


def _campaign(app: App) -> None:
    for n in range(12):
        add_letter(app, text=f"{TEMPLATE} [name] з горада {n}", recipients=("znak", "danilevich"),
                   received_on=dt.date(2026, 2, 1) + dt.timedelta(days=n))
    for n in range(6):
        add_letter(app, text=f"Юлія, дзякуй за ўсё! Ліст нумар {n}, зусім асабісты і непадобны {'да іншых ' * n}",
                   recipients=("yurgilevich",), status=("approved", "rejected", "pending")[n % 3])
    for n in range(3):
        letter_id = add_letter(app, text="", recipients=(), status="quarantined",
                               received_on=dt.date(2026, 1, 10 + n))
        with app.database.session() as session:
            session.get(Letter, letter_id).quarantine_reason = REASON
    near_duplicates.backfill(app.database)


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_and_groups_fit_and_a_group_is_decided(server: tuple[str, App], tmp_path: Path,  # noqa: F811
                                                         width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, app = server
    _campaign(app)
    SHOTS.mkdir(exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)
        shutil.copy(tmp_path / f"{name}.png", SHOTS / f"dashboard-{width}-{name}.png")

    def fits(page) -> bool:
        return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
        page = context.new_page()
        page.set_default_timeout(5000)
        sign_in(page, base)
        page.click("header nav a[href='/dashboard']")
        expect(page.locator(".countdown .big")).to_contain_text("Да публікацыі засталося дзён")
        expect(page.locator("ul.quarantined li")).to_have_count(3)
        shot(page, "campaign")
        assert fits(page)
        page.goto(f"{base}/lang/en?next=/dashboard")
        expect(page.locator(".countdown .big")).to_contain_text("days to the publication")
        shot(page, "campaign-en")
        assert fits(page)

        page.click("header nav a[href='/groups']")
        expect(page.locator("table.groups tbody tr")).to_have_count(1)
        shot(page, "groups")
        assert fits(page)
        page.click("table.groups button.approve")
        expect(page.locator("form.confirm input[name=ids]")).to_have_count(12)
        shot(page, "group-confirm")
        assert fits(page)
        page.click("form.confirm button.primary")
        expect(page.locator(".flash.ok")).to_contain_text("Approved")
        expect(page.locator("table.groups tbody tr")).to_have_count(0)
        page.goto(f"{base}/queue?status=approved")
        expect(page.locator("a.badge.group").first).to_contain_text("×12")
        shot(page, "queue-approved")
        assert fits(page)
        browser.close()
    with app.database.session() as session:
        from sqlalchemy import func, select

        assert session.scalar(select(func.count()).where(Letter.status == "approved")) == 14
