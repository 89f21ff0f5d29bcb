"""End to end in a real headless Chromium against `napishy web` in a subprocess.

Log in, filter the queue, approve one letter, reject one, edit one, read the audit log. Each
step leaves a screenshot in the test's tmp dir and in /tmp/napishy-web-shots/ for a human to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation.settings import Settings
from napishy.app import App
from processors.queries import letter_detail
from tests import tiers
from tests.web.conftest import add_letter

CHROMIUM = tiers.chromium()
SHOTS = Path("/tmp/napishy-web-shots")
PASSWORD = "a browser test password"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LETTERS = [
    ("Дарагі Максім! Я пішу вам з [address]. Мы памятаем пра вас кожны дзень. "
     "Мой сусед [name] кажа, што вы найлепшы адвакат. Тэлефануйце мне: [phone].", ("znak",), "be"),
    ("Уважаемый Александр, держитесь! Мы с вами. [signature]", ("danilevich",), "ru"),
    ("Юлія, дзякуй за вашу працу. Прыйдзе дзень, калі вы будзеце вольнай.", ("yurgilevich",), "be"),
    ("Dear Maksim, greetings from [address]. Stay strong.", ("znak",), "en"),
]


def sign_in(page, base: str) -> None:
    """Log in as the operator every browser test uses, from the login page."""
    page.goto(f"{base}/login")
    page.fill("#name", "olga")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path, keypair) -> Iterator[tuple[str, App]]:
    if CHROMIUM is None:
        tiers.skip(tiers.BROWSER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAPISHY_")}
    env.update(NAPISHY_DATA_DIR=str(tmp_path / "data"), NAPISHY_PUBLIC_KEY_FILE=str(keypair.public),
               NAPISHY_WEB_PASSWORD=PASSWORD, NAPISHY_ISOLATE_ANONYMIZER="no")
    app = App(Settings.from_mapping(env))
    for n, (text, recipients, language) in enumerate(LETTERS):
        add_letter(app, text=text, recipients=recipients, language=language, received_on=dt.date(2026, 3, 1 + n))
    add_letter(app, text="Buy cheap watches", kind="spam", recipients=(), language="en")
    cli = [sys.executable, "-m", "napishy.cli.main", "--env-file", "/dev/null"]
    subprocess.run([*cli, "users", "add", "olga", "--role", "operator"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen([*cli, "web", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}", app
    finally:
        process.terminate()
        log = process.communicate(timeout=10)[0].decode(errors="replace")
        assert "127.0.0.1" not in log.replace(f"127.0.0.1:{port}", "")  # no client addresses in the log
        app.database.dispose()


def _letter_id(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[-1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.communicate()[0].decode(errors="replace"))
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("napishy web did not start")


def test_review_in_a_real_browser(server: tuple[str, App], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, app = server
    shots = tmp_path / "shots"
    shots.mkdir()
    problems: list[str] = []

    SHOTS.mkdir(exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=shots / f"{name}.png", full_page=True)
        shutil.copy(shots / f"{name}.png", SHOTS / f"{name}.png")  # also where a person can look at them

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.set_default_timeout(5000)
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

        page.goto(f"{base}/queue")
        expect(page).to_have_url(f"{base}/login?next=%2Fqueue")
        page.fill("#name", "olga")
        page.fill("#password", PASSWORD)
        shot(page, "01-login")
        page.click("button[type=submit].primary")
        expect(page.locator("h1")).to_have_text("Чарга")
        shot(page, "02-queue")

        page.select_option("select[name=attorney]", "znak")
        page.click(".filters button[type=submit]")
        expect(page.locator("table.queue tbody tr")).to_have_count(2)
        shot(page, "03-queue-filtered")

        page.locator("table.queue tbody tr a.mono").first.click()
        expect(page.locator("mark.redaction").first).to_be_visible()
        shot(page, "04-letter")
        first_letter = _letter_id(page.url)
        page.click("button.approve")
        expect(page.locator(".flash.ok")).to_contain_text(first_letter)
        second_letter = _letter_id(page.url)  # the next pending letter to the same attorney
        expect(page.locator(".facts")).to_contain_text("Максім Знак")
        shot(page, "05-approved-next")

        page.fill("#reason", "unsafe: the writer names their street")
        page.click("button.reject")
        expect(page.locator(".flash.ok").first).to_contain_text(second_letter)
        expect(page).to_have_url(f"{base}/queue?status=pending&attorney=znak")  # nothing left for him
        shot(page, "06-filter-done")

        page.click("a.clear")  # clear the filters
        expect(page.locator("table.queue tbody tr")).to_have_count(3)
        page.locator("table.queue tbody tr:not(:has(td.kind-spam)) a.mono").first.click()
        third_letter = _letter_id(page.url)
        page.click("a.button[href*='/edit']")
        page.fill("#text", "Юлія, дзякуй за вашу працу. [name] таксама перадае прывітанне.")
        shot(page, "07-edit")
        page.click("button.primary")
        expect(page.locator(".flash.ok")).to_be_visible()
        expect(page.locator("details")).to_have_count(2)
        shot(page, "08-edited")

        page.click("a[href='/audit']")
        rows = page.locator("table.audit tbody tr")
        expect(rows).to_have_count(4)  # the login, then the three decisions
        expect(page.locator(".flash.ok")).to_contain_text("4")
        shot(page, "09-audit")

        page.click("a.lang")
        expect(page.locator("h1")).to_have_text("Audit log")
        page.goto(f"{base}/queue?status=all")
        shot(page, "10-queue-english")
        page.goto(f"{base}/status")
        shot(page, "11-status")
        browser.close()

    from processors import audit

    entries = [(e.operator, e.action, e.letter_id) for e in audit.entries(app.database)]
    assert entries == [("olga", "login", None), ("olga", "approve", first_letter), ("olga", "reject", second_letter),
                       ("olga", "edit", third_letter)]
    assert problems == []  # no CSP violation, no missing asset


@pytest.mark.parametrize("width", [1280, 390])
def test_bulk_confirm_undo_edit_diff_restore_in_a_real_browser(server: tuple[str, App], tmp_path: Path,
                                                               width: int) -> None:
    """Select all → confirm → undo from the notice → edit → the diff → restore → approve, with the
    filter kept; at desktop and phone width the confirmation and letter pages never scroll sideways."""
    from playwright.sync_api import expect, sync_playwright

    base, app = server
    SHOTS.mkdir(exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=tmp_path / f"{name}.png", full_page=True)
        shutil.copy(tmp_path / f"{name}.png", SHOTS / f"revisions-{width}-{name}.png")

    def fits(page) -> bool:
        return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 860})
        page.set_default_timeout(5000)
        sign_in(page, base)
        page.goto(f"{base}/queue?status=pending&attorney=znak")
        expect(page.locator("table.queue tbody tr")).to_have_count(2)
        page.click("fieldset.bulk a")  # select every pending letter on the page, no script
        expect(page.locator("input[name=ids]:checked")).to_have_count(2)
        page.click("fieldset.bulk button.approve")
        expect(page.locator("h1")).to_have_text("Пацвердзіце рашэнне")
        expect(page.locator("form.confirm tbody tr")).to_have_count(2)
        shot(page, "01-confirm")
        assert fits(page)
        assert {letter_detail(app.database, i)["status"] for i in _pending(app)} == {"pending"}  # nothing yet
        page.click("form.confirm button.approve")
        expect(page.locator(".flash.ok")).to_be_visible()
        expect(page).to_have_url(f"{base}/queue?status=pending&attorney=znak&page=1")
        page.click("form.flash.undo button")
        expect(page.locator("table.queue tbody tr")).to_have_count(2)  # both pending again

        page.locator("table.queue tbody tr a.mono").first.click()
        letter_id = _letter_id(page.url)
        page.click("a.button[href*='/edit']")
        page.fill("#text", "Дарагі Максім! Я пішу вам з [place]. Мы памятаем пра вас кожны дзень.")
        page.click("button.primary")
        expect(page.locator(".diff ins").first).to_contain_text("[place].")
        expect(page.locator(".diff del").first).to_contain_text("[address].")
        shot(page, "02-diff")
        assert fits(page)
        page.click("#revision-1 form button")  # restore the anonymiser's text
        expect(page.locator(".flash.ok")).to_contain_text("3")
        expect(page.locator(".letter-text").first).to_contain_text("[address]")
        assert "attorney=znak" in page.url
        shot(page, "03-restored")
        page.click("button.approve")
        expect(page.locator(".flash.ok")).to_contain_text(letter_id)
        assert "attorney=znak" in page.url  # on to the next letter in the same filter
        browser.close()

    from processors import audit

    mine = [(e.action, e.detail) for e in audit.entries(app.database) if e.letter_id == letter_id]
    assert [action for action, _ in mine] == ["approve", "undo", "edit", "restore", "approve"]
    assert mine[3][1] == "revision 1 as revision 3"


def _pending(app: App) -> list[str]:
    from processors.queries import list_letters

    return [row.id for row in list_letters(app.database, status="pending", attorney="znak")]
