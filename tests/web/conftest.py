"""Fixtures for the web console: letters inserted straight through the models, accounts with a cheap hash."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from foundation.storage.models import Attachment, Letter, User
from napishy.app import App
from napishy.web.app import create_app
from processors.passwords import hash_password

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="(?:csrf|login_token)" value="([^"]+)"')


def add_letter(app: App, *, text: str = "Дарагі Максім, трымайцеся!", status: str = "pending", kind: str = "letter",
               recipients: tuple[str, ...] = ("znak",), language: str = "be",
               received_on: dt.date = dt.date(2026, 3, 1), image: bytes | None = None,
               checks: tuple[str, ...] = ()) -> str:
    with app.database.session() as session:
        letter = Letter(mailbox="association", status=status, kind=kind, recipients=list(recipients),
                        language=language, received_on=received_on, fingerprint=secrets.token_hex(32), text=text,
                        redactions={"name": text.count("[name]")} if "[name]" in text else {}, defects=[],
                        checks=list(checks))
        if image is not None:
            letter.attachments.append(Attachment(position=1, name="image-1.png", content_type="image/png",
                                                 sha256="0" * 64, data=image))
        session.add(letter)
        session.flush()
        return letter.id


def add_account(app: App, name: str, role: str) -> None:
    # log_n=10: a thousand times cheaper than production, so the suite stays fast; same code path.
    with app.database.session() as session:
        session.add(User(name=name, role=role, password_hash=hash_password(PASSWORD, log_n=10),
                         created_on=dt.date.today()))


def token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token for later POSTs."""
    page = client.get("/login")
    response = client.post("/login", data={"name": name, "password": password, "login_token": token(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return token(client.get("/queue").text)


@pytest.fixture
def web(app: App) -> Iterator[TestClient]:
    add_account(app, "olga", "operator")
    add_account(app, "ales", "organiser")
    with TestClient(create_app(app), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def operator(web: TestClient) -> Callable[[], str]:
    return lambda: log_in(web, "olga")
