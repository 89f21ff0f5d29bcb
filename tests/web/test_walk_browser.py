"""Issue 15's walk in a real headless Chromium, at desktop and phone width: filter → open →
approve (one letter, from its page) → undo → edit → diff → restore → approve, the filter kept
at every step, and no page scrolling sideways.

Each step's full-page screenshot goes to the test's tmp dir and to /tmp/napishy-web-shots/walk-*
for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from napishy.app import App
from processors import audit
from processors.queries import letter_detail
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, SHOTS, server, sign_in  # noqa: F401

FILTER = "status=pending&attorney=znak"


@pytest.mark.parametrize("width", [1280, 390])
def test_filter_open_approve_undo_edit_diff_restore_approve(server: tuple[str, App], tmp_path: Path,  # noqa: F811
                                                             width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, app = server
    SHOTS.mkdir(exist_ok=True)
    steps: list[str] = []
    sideways: list[str] = []
    problems: list[str] = []

    def step(page, name: str) -> None:
        """A screenshot, the filter still in the address, and no sideways scroll on this page."""
        steps.append(name)
        path = tmp_path / f"{len(steps):02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        shutil.copy(path, SHOTS / f"walk-{width}-{path.name}")
        assert "attorney=znak" in page.url, f"{name}: the filter was lost ({page.url})"
        widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
        if max(widths[:2]) > widths[2]:
            sideways.append(f"{name}: {widths[0]} px wide in a {widths[2]} px window")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 860})
        page.set_default_timeout(5000)
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        sign_in(page, base)

        # filter: the attorney chosen in the form, as an operator would
        page.select_option("select[name=attorney]", "znak")
        page.click(".filters button[type=submit]")
        expect(page.locator("table.queue tbody tr")).to_have_count(2)
        step(page, "filtered")

        # open
        page.locator("table.queue tbody tr a.mono").first.click()
        letter_id = page.url.split("?")[0].rsplit("/", 1)[-1]
        expect(page.locator("h1")).to_contain_text(letter_id)
        step(page, "opened")

        # approve, from the letter's own page: on to the next letter of the filter, with an Undo
        page.click("aside.actions button.approve")
        expect(page.locator(".flash.ok")).to_contain_text(letter_id)
        following = page.url.split("?")[0].rsplit("/", 1)[-1]
        assert following != letter_id
        assert "znak" in letter_detail(app.database, following)["recipients"]
        assert letter_detail(app.database, letter_id)["status"] == "approved"
        step(page, "approved-next")

        # undo, from the notice: back on the letter, pending again
        page.click("form.flash.undo button")
        expect(page.locator("h1")).to_contain_text(letter_id)
        expect(page.locator("h1 .badge")).to_have_class("badge pending")
        assert letter_detail(app.database, letter_id)["status"] == "pending"
        step(page, "undone")

        # edit
        page.click("a.button[href*='/edit']")
        expect(page.locator("#text")).to_be_visible()
        step(page, "edit")
        page.fill("#text", "Дарагі Максім! Я пішу вам з [place]. Мы памятаем пра вас кожны дзень.")
        page.click("button.primary")
        expect(page.locator(".flash.ok")).to_be_visible()

        # diff: the word changed, and the sentences dropped
        expect(page.locator("#revision-2 .diff ins").first).to_contain_text("[place].")
        expect(page.locator("#revision-2 .diff del").first).to_contain_text("[address].")
        step(page, "diff")

        # restore the anonymiser's text, as a new revision
        page.click("#revision-1 form button")
        expect(page.locator(".flash.ok")).to_contain_text("3")
        expect(page.locator(".letter-text").first).to_contain_text("[phone]")
        step(page, "restored")

        # approve again: on to the next letter, still in the filter
        page.click("aside.actions button.approve")
        expect(page.locator(".flash.ok")).to_contain_text(letter_id)
        assert page.url.split("?")[0].rsplit("/", 1)[-1] == following
        step(page, "approved-again")

        # and back in the queue the filter is still the operator's
        page.click("a[href^='/queue?']")
        expect(page.locator("table.queue tbody tr")).to_have_count(1)
        step(page, "queue-after")
        browser.close()

    assert sideways == []
    assert problems == []
    assert letter_detail(app.database, letter_id)["status"] == "approved"
    mine = [(e.action, e.detail) for e in audit.entries(app.database) if e.letter_id == letter_id]
    assert [action for action, _ in mine] == ["approve", "undo", "edit", "restore", "approve"]
    assert mine[3][1] == "revision 1 as revision 3"


@pytest.mark.parametrize("width", [1280, 390])
def test_claim_and_notes_in_a_real_browser(server: tuple[str, App], tmp_path: Path, width: int) -> None:  # noqa: F811
    """Claim a letter, leave a note (one with a phone number is refused), see both in the queue and
    on the page, mark it unseen: plain forms, the filter kept, nothing wider than the window."""
    from playwright.sync_api import expect, sync_playwright

    from processors import claims

    base, app = server
    SHOTS.mkdir(exist_ok=True)
    sideways: list[str] = []

    def step(page, name: str) -> None:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        shutil.copy(path, SHOTS / f"team-{width}-{name}.png")
        assert "attorney=znak" in page.url, f"{name}: the filter was lost ({page.url})"
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            sideways.append(name)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 860})
        page.set_default_timeout(5000)
        sign_in(page, base)
        page.goto(f"{base}/queue?{FILTER}")
        expect(page.locator("table.queue .new")).to_have_count(2)  # nothing opened yet
        page.locator("table.queue tbody tr a.mono").first.click()
        letter_id = page.url.split("?")[0].rsplit("/", 1)[-1]
        page.click("button.claim-button")
        expect(page.locator(".claim.mine")).to_be_visible()
        page.fill("#note", "Тэлефануйце: +375 29 765-43-21")
        page.click("#notes button")
        expect(page.locator(".flash.error")).to_contain_text("phone")
        page.fill("#note", "Другі абзац трэба праверыць яшчэ раз.\nПакуль не ўхваляйце.")
        page.click("#notes button")
        expect(page.locator(".note-text")).to_have_count(1)
        step(page, "claimed-noted")
        page.click("a[href^='/queue?']")
        expect(page.locator("table.queue .badge.claimed.mine")).to_have_count(1)
        expect(page.locator("table.queue .new")).to_have_count(1)  # the one opened is seen
        step(page, "queue-claimed")
        page.locator("table.queue tbody tr a.mono").first.click()
        page.click("form[action$='/unseen'] button")
        expect(page.locator("table.queue .new")).to_have_count(2)
        step(page, "marked-unseen")
        browser.close()

    assert sideways == []
    held = claims.claims_of(app.database, [letter_id])
    assert held[letter_id].operator == "olga"
