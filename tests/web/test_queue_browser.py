"""The queue and audit pages in a real headless Chromium at desktop and phone width.

At 1280×900 a screenful holds at least 15 letters; at 390 px neither page scrolls sideways.
Screenshots go to /tmp/napishy-web-shots/queue-WIDTH-*.png for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from napishy.app import App
from processors import review
from tests.web.conftest import add_letter
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, server, sign_in  # noqa: F401

LONG = ("Дарагі Максім! Мы з [address] пішам вам кожны тыдзень, і кожны раз успамінаем, як вы "
        "стаялі за нас. Мой сусед [name] перадае прывітанне. Бясконцаедлінныслоўбезпрабелаўякоеневыходзіцьзамежы")


@pytest.mark.parametrize("width", [1280, 390])
def test_queue_and_audit_fit_the_screen(server: tuple[str, App], tmp_path: Path, width: int) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    base, app = server
    for n in range(70):
        add_letter(app, text=LONG if n % 3 else f"Юлія, дзякуй! [name] {n}", recipients=("znak", "danilevich"),
                   received_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    pending = review_ids(app)  # oldest first: n = 0, 1 rejected, n = 2, 3 approved
    review.reject(app.database, pending[:2], "olga", "unsafe: " + "the writer names their street and town " * 4)
    review.approve(app.database, pending[2:4], "olga")
    SHOTS.mkdir(exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=tmp_path / f"{name}.png", full_page=name != "queue")
        shutil.copy(tmp_path / f"{name}.png", SHOTS / f"queue-{width}-{name}.png")

    def fits(page) -> bool:
        return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_default_timeout(5000)
        sign_in(page, base)
        expect(page.locator("table.queue tbody tr")).to_have_count(50)
        shot(page, "queue")
        assert fits(page)
        if width == 1280:
            on_screen = page.evaluate(
                "[...document.querySelectorAll('table.queue tbody tr')]"
                ".filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length")
            assert on_screen >= 15, on_screen
        page.click("table.queue th.col-received a")  # sort newest first
        expect(page.locator("table.queue th[aria-sort=descending]")).to_have_count(1)
        page.fill("input[name=q]", "юлія")
        page.click(".filters button[type=submit]")
        # 24 with n % 3 == 0, less n = 0 and 3 (decided), plus the fixture's own Юлія letter
        expect(page.locator(".summary")).to_contain_text(": 23")
        shot(page, "searched")
        assert fits(page)
        page.goto(f"{base}/queue?status=all&page=2")
        expect(page.locator(".pager [aria-current=page]")).to_have_text("2")
        shot(page, "all-page-2")
        assert fits(page)
        page.goto(f"{base}/audit")
        expect(page.locator("table.audit tbody tr")).to_have_count(5)  # 2 rejections, 2 approvals, the login
        shot(page, "audit")
        assert fits(page)
        browser.close()


def review_ids(app: App) -> list[str]:
    from sqlalchemy import select

    from foundation.storage.models import Letter

    with app.database.session() as session:
        return list(session.scalars(select(Letter.id).where(Letter.kind == "letter", Letter.status == "pending")
                                    .order_by(Letter.received_on)))
