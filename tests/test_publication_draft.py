"""A publication forced out before its date is a draft in every file and in its folder's name; the real one is not."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.publication import export_publication
from exports.wording import attorney_names
from napishy.app import App
from processors import audit, review
from tests import tiers
from tests.letters import add_letter

DAY = dt.date(2027, 5, 21)
BANNER_BE = "ЧАРНАВІК — не для публікацыі да 21 мая 2027 г."
BANNER_EN = "DRAFT — not for publication before 21 May 2027"
CHROMIUM = tiers.chromium()


@pytest.fixture
def approved(app: App) -> list[str]:
    ids = [add_letter(app.database, f"LETTER-{n} Дарагі Максім! " + "Мы памятаем пра вас. " * 60,
                      recipients=["znak", "braginets"] if n % 2 else ["znak"]) for n in range(6)]
    review.approve(app.database, ids, "op")
    return ids


def _export(app: App, out: Path, today: dt.date, *, force: bool = False) -> Path:
    summary = export_publication(app.database, app.settings, attorney_names(app.roster.attorneys), out,
                                 operator="org", force=force, today=today)
    assert summary.forced == (today < DAY)
    return summary.out


def test_forced_early_export_is_marked_draft_everywhere(app: App, approved: list[str], tmp_path: Path) -> None:
    out = _export(app, tmp_path / "pub", dt.date(2027, 5, 20), force=True)
    assert out == tmp_path / "pub-DRAFT" and not (tmp_path / "pub").exists()
    document = json.loads((out / "letters.json").read_text(encoding="utf-8"))
    assert document["draft"] is True and document["publication_date"] == "2027-05-21"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert BANNER_BE in html and BANNER_EN in html
    assert html.index('class="draft"') < html.index("<header>"), "the banner opens the page"
    assert "@top-center" in html, "the banner is in the margin of every printed page"
    assert "<title>ЧАРНАВІК" in html and "Будзе апублікавана 21 мая 2027 г." in html and "Апублікавана" not in html
    markdown = (out / "letters.md").read_text(encoding="utf-8")
    assert markdown.splitlines()[:2] == [f"> **{BANNER_BE}**  ", f"> {BANNER_EN}"]
    assert audit.entries(app.database)[-1].detail.endswith(", draft (before embargo)")


def test_export_on_the_date_has_no_draft_marks(app: App, approved: list[str], tmp_path: Path) -> None:
    out = _export(app, tmp_path / "pub", DAY)
    assert out == tmp_path / "pub" and not (tmp_path / "pub-DRAFT").exists()
    document = json.loads((out / "letters.json").read_text(encoding="utf-8"))
    assert "draft" not in document and len(document["letters"]) == len(approved)
    html = (out / "index.html").read_text(encoding="utf-8")
    markdown = (out / "letters.md").read_text(encoding="utf-8")
    for text in ("ЧАРНАВІК", "DRAFT", "class=\"draft\"", "@top-center", "Будзе апублікавана"):
        assert text not in html and text not in markdown
    assert "Апублікавана 21 мая 2027 г." in html and "Апублікавана 21 мая 2027 г." in markdown
    assert "draft" not in audit.entries(app.database)[-1].detail


@pytest.mark.skipif(CHROMIUM is None, reason=tiers.BROWSER.message)
def test_every_printed_page_of_a_draft_carries_the_banner(app: App, approved: list[str], tmp_path: Path) -> None:
    assert CHROMIUM is not None
    pdfs = {}
    for name, today in (("draft", dt.date(2027, 5, 1)), ("final", DAY)):
        out = _export(app, tmp_path / name, today, force=True)
        pdfs[name] = tmp_path / f"{name}.pdf"
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
             f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdfs[name]}", (out / "index.html").as_uri()],
            check=True, capture_output=True, timeout=90,
        )
    pages = [page.extract_text() for page in PdfReader(pdfs["draft"]).pages]
    assert len(pages) >= 3
    assert all("ЧАРНАВІК" in " ".join(text.split()) for text in pages), "a printed page without the draft mark"
    assert not any("ЧАРНАВІК" in page.extract_text() for page in PdfReader(pdfs["final"]).pages)


def test_page_and_markdown_explain_every_marker(app: App, approved: list[str], tmp_path: Path) -> None:
    from anonymizer.vocabulary import ALL_MARKERS
    from exports.wording import MARKER_MEANINGS

    out = _export(app, tmp_path / "pub", DAY)
    footer = (out / "index.html").read_text(encoding="utf-8").split("<footer>")[1]
    legend = (out / "letters.md").read_text(encoding="utf-8").strip().splitlines()[-1]
    for marker in ALL_MARKERS:
        assert f'<span class="redacted">[{marker}]</span> — {MARKER_MEANINGS[marker]}' in footer
        assert f"`[{marker}]` — {MARKER_MEANINGS[marker]}" in legend
