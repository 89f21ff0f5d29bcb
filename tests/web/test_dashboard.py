"""The campaign dashboard: days to publication, letters per attorney and status, the oldest pending
letter, the quarantined ones with their reasons; in the console and from `napishy dashboard`."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from napishy.app import App
from napishy.cli.main import main
from processors import near_duplicates
from tests.web.conftest import add_letter

TODAY = dt.date.today()
TEMPLATE = ("Дарагі Максім! Мы памятаем пра вас кожны дзень і чакаем дома. Вы абаранялі людзей, калі гэта было "
            "небяспечна, і мы ведаем кошт гэтай працы. Трымайцеся, беражыце здароўе, вы не адзін.")


@pytest.fixture
def app(make_settings) -> Iterator[App]:
    built = App(make_settings(PUBLICATION_DATE=(TODAY + dt.timedelta(days=12)).isoformat()))
    yield built
    built.database.dispose()


@pytest.fixture
def campaign(app: App) -> dict[str, str]:
    """Letters of every status for two attorneys, one to both, two quarantined, a group of three."""
    ids = {
        "oldest": add_letter(app, received_on=TODAY - dt.timedelta(days=40), recipients=("znak", "lazarenko")),
        "newer": add_letter(app, received_on=TODAY - dt.timedelta(days=3), text=TEMPLATE + " [name]"),
        "twin": add_letter(app, received_on=TODAY - dt.timedelta(days=2), text=TEMPLATE + " Дзякуй!"),
        "approved": add_letter(app, status="approved", recipients=("lazarenko",), text=TEMPLATE,
                               received_on=TODAY - dt.timedelta(days=60)),
        "rejected": add_letter(app, status="rejected", received_on=TODAY - dt.timedelta(days=50),
                               text="Buy cheap watches now, best offer of the year."),
        "timed-out": add_letter(app, status="quarantined", recipients=(), text="",
                                received_on=TODAY - dt.timedelta(days=70)),
        "unreadable": add_letter(app, status="quarantined", recipients=(), text="",
                                 received_on=TODAY - dt.timedelta(days=5)),
    }
    from foundation.storage.models import Letter

    with app.database.session() as session:
        session.get(Letter, ids["timed-out"]).quarantine_reason = "LetterTimedOut: took longer than 60 s"
        session.get(Letter, ids["unreadable"]).quarantine_reason = "UnreadableLetter: no readable text"
    near_duplicates.backfill(app.database)
    return ids


def test_the_dashboard_counts_the_campaign(app: App, web: TestClient, operator, campaign: dict[str, str]) -> None:
    operator()
    web.get("/lang/en?next=/dashboard")
    page = web.get("/dashboard").text
    assert "12 days to the publication" in page
    assert (TODAY + dt.timedelta(days=12)).isoformat() in page
    assert f'href="/letters/{campaign["oldest"]}"' in page and "waiting 40 days" in page
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S))
    counts = {name.strip(): re.findall(r">(\d+)<", cells) for name, cells in rows.items()}
    # columns: pending, approved, rejected, quarantined; the letter to both counts for both
    assert counts["Maksim Znak"] == ["3", "0", "1", "0"]
    assert counts["Anastasiya Lazarenka"] == ["1", "1", "0", "0"]
    assert counts["(no one)"] == ["0", "0", "0", "2"]
    assert "/queue?status=pending&amp;attorney=znak" in page
    assert "Quarantined: 2" in page and "Took too long to process. <code>LetterTimedOut</code>: 1" in page
    assert "UnreadableLetter: no readable text" in page and f'href="/letters/{campaign["timed-out"]}"' in page
    assert "1 groups of nearly identical letters hold 2 pending letters" in page


def test_the_dashboard_speaks_belarusian_and_needs_a_login(app: App, web: TestClient, operator,
                                                           campaign: dict[str, str]) -> None:
    assert web.get("/dashboard", follow_redirects=False).status_code == 303  # to the login
    operator()
    page = web.get("/dashboard").text
    assert "Да публікацыі засталося дзён: 12" in page and "Максім Знак" in page and "У карантыне: 2" in page
    assert "Апрацоўка заняла зашмат часу." in page and "Не чытаецца як ліст." in page
    assert "days to the publication" not in page


def test_napishy_dashboard_prints_the_same(app: App, campaign: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_PUBLICATION_DATE", app.settings.publication_date.isoformat())
    assert main(["--env-file", "/dev/null", "dashboard", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["days_to_publication"] == 12
    assert found["statuses"] == {"pending": 3, "approved": 1, "rejected": 1, "quarantined": 2}
    assert found["attorneys"]["znak"] == {"pending": 3, "approved": 0, "rejected": 1, "quarantined": 0}
    assert found["oldest_pending"] == {"id": campaign["oldest"], "days": 40,
                                       "received_on": (TODAY - dt.timedelta(days=40)).isoformat()}
    assert [q["id"] for q in found["quarantined"]] == [campaign["timed-out"], campaign["unreadable"]]
    assert found["quarantine_reasons"] == {"LetterTimedOut": 1, "UnreadableLetter": 1}
    assert found["groups_pending"] == 1 and found["letters_in_groups"] == 2
    assert main(["--env-file", "/dev/null", "dashboard"]) == 0
    text = capsys.readouterr().out
    assert "in 12 days" in text and campaign["oldest"] in text and "LetterTimedOut: took longer" in text


def test_reasons_of_one_kind_are_counted_together() -> None:
    from processors.dashboard import reason_kind

    assert reason_kind("LetterTimedOut: took longer than 60 s") == "LetterTimedOut"
    assert reason_kind("larger than NAPISHY_MAX_LETTER_BYTES (52428800 bytes): sealed unread") == \
        reason_kind("larger than NAPISHY_MAX_LETTER_BYTES (9 bytes): sealed unread") == \
        "larger than NAPISHY_MAX_LETTER_BYTES"
    assert reason_kind("processing failed: KeyError") == "processing failed"
