"""The mailboxes page shows an outage as soon as a poll fails, not only once it is overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from foundation.storage.models import MailboxState
from napishy.app import App
from napishy.web.app import create_app
from tests.web.conftest import add_account, log_in


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_status_page_shows_an_outage_and_its_time(make_settings) -> None:
    app = App(
        make_settings(
            mailboxes="association",
            mailbox_association_host="127.0.0.1",
            mailbox_association_user="a",
            mailbox_association_password="p",
            mailbox_association_security="plain",
        )
    )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with app.database.session() as session:
        session.add(
            MailboxState(
                mailbox="association",
                last_poll_at=now - dt.timedelta(minutes=5),
                last_error="cannot reach the server (ConnectionRefusedError)",
                last_error_at=now,
            )
        )
    add_account(app, "olga", "operator")
    with TestClient(create_app(app), raise_server_exceptions=False) as web:
        log_in(web, "olga")
        page = web.get("/status").text
    assert "ЗБОЙ" in page  # Belarusian is the default language
    assert "cannot reach the server" in page
    assert now.strftime("%Y-%m-%d %H:%M") in page
