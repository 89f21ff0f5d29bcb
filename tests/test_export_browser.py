"""The exported page renders in a real headless browser, offline (the families' PDFs: tests/test_family_pdf.py)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from exports.publication import export_publication
from exports.wording import attorney_names
from foundation.settings import Settings
from napishy.app import App
from processors import review
from processors.images import ALL
from tests import tiers
from tests.conftest import KeyPair
from tests.letters import add_letter

CHROMIUM = tiers.chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=tiers.BROWSER.message)


def _screenshot(page: Path, png: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1200,1600", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )


def test_page_renders(tmp_path: Path, keypair: KeyPair) -> None:
    app = App(Settings.from_mapping({"NAPISHY_DATA_DIR": str(tmp_path / "data"),
                                     "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public)}))
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (90, 120, 160)).save(buffer, "JPEG")
    ids = [
        add_letter(app.database, "Дарагі Максім!\n\nВы абаранялі людзей тады, калі гэта было небяспечна. "
                   "Мяне завуць [name], тэл. [phone].\n\nТрымайцеся!\nЗ павагай,\n[signature]",
                   images=[buffer.getvalue()]),
        add_letter(app.database, "Дорогие Максим и Виталий! " + "Мы помним. " * 40, recipients=["znak", "braginets"],
                   language="ru"),
        add_letter(app.database, "Dear Maxim, " + "x" * 300, language="en"),  # an unbreakable token must wrap
    ]
    review.approve(app.database, ids, "op", images=ALL)
    names = attorney_names(app.roster.attorneys)
    today = dt.date(2027, 5, 21)
    export_publication(app.database, app.settings, names, tmp_path / "pub", operator="org", today=today)
    app.database.dispose()

    shots = tmp_path / "shots"
    shots.mkdir()
    for page, png in ((tmp_path / "pub" / "index.html", shots / "index.png"),):
        _screenshot(page, png, tmp_path / "profile")
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        with Image.open(png) as image:
            assert image.size == (1200, 1600)
            colours = image.convert("RGB").resize((120, 160)).getcolors(maxcolors=10_000)
            assert colours is None or len(colours) > 20, "the page rendered blank"
