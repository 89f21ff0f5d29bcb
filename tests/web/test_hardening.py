"""The web console against a hostile day: a re-created account's old sessions, terminal escapes
in edits and reasons, DNS rebinding, and numbers that are not ASCII digits."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from napishy.app import App
from napishy.cli.render import render_letter
from napishy.web.app import create_app
from processors.accounts import remove_user
from processors.queries import letter_detail
from tests.web.conftest import PASSWORD, add_account, add_letter, log_in, token

ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m\x1b[2J"


def test_a_recreated_or_removed_account_loses_its_sessions_at_once(app: App) -> None:
    """`users remove` + `users add` is how a password is reset: the old browser must be out, at
    the very next request, not a minute later; nothing it sends is done or audited any more."""
    add_account(app, "olga", "operator")
    letter_id = add_letter(app)
    with TestClient(create_app(app)) as old, TestClient(create_app(app)) as other:
        csrf = log_in(old, "olga")
        remove_user(app.database, "olga")
        add_account(app, "olga", "operator")  # the same name, a new password hash
        assert old.get("/queue", follow_redirects=False).status_code == 303
        response = old.post(f"/letters/{letter_id}/reject", data={"csrf": csrf, "reason": "spam"},
                            follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert letter_detail(app.database, letter_id)["status"] == "pending"
        log_in(other, "olga")  # the new account works
        remove_user(app.database, "olga")
        assert other.get("/queue", follow_redirects=False).status_code == 303


def test_edits_and_reasons_carry_no_terminal_escapes(app: App, web: TestClient, operator) -> None:
    csrf = operator()
    edited, rejected = add_letter(app), add_letter(app)
    page = web.get(f"/letters/{edited}/edit").text
    version = page.split('name="version" value="', 1)[1].split('"', 1)[0]
    web.post(f"/letters/{edited}/edit", data={"csrf": csrf, "text": f"Дарагі Максім!{ESCAPES}\nТрымайцеся.",
                                               "version": version})
    web.post(f"/letters/{rejected}/reject", data={"csrf": csrf, "reason": f"spam{ESCAPES}"})
    text = letter_detail(app.database, edited)["text"]
    reason = letter_detail(app.database, rejected)["reject_reason"]
    assert text == "Дарагі Максім!]0;pwned]52;c;ZWNobyBwd25lZA==31m[2J\nТрымайцеся."
    assert reason == "spam]0;pwned]52;c;ZWNobyBwd25lZA==31m[2J"
    for value in (text, reason):
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in value)


def test_show_prints_any_control_character_visibly(app: App) -> None:
    """A text that holds one anyway (stored before, or by another path) is printed escaped."""
    letter_id = add_letter(app, text=f"Дарагі Максім!{ESCAPES}")
    for color in (False, True):
        shown = render_letter(letter_detail(app.database, letter_id), color=color)
        assert "\x07" not in shown and "\x9b" not in shown and "\x1b]" not in shown
        assert "\\x1b]0;pwned\\x07" in shown and "\\x9b31m" in shown


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8421", "127.0.0.1.evil.example", "[::2]:8421"])
def test_only_the_hosts_it_serves_are_answered(app: App, host: str) -> None:
    """A DNS-rebinding page reaches 127.0.0.1:8421, but says `Host: evil.example`."""
    add_account(app, "olga", "operator")
    with TestClient(create_app(app, hosts=("127.0.0.1", "localhost", "::1"))) as client:
        assert client.get("/login", headers={"host": "localhost:8421"}).status_code == 200
        assert client.get("/login", headers={"host": "[::1]:8421"}).status_code == 200
        refused = client.get("/login", headers={"host": host})
        refused_post = client.post("/login", headers={"host": host}, data={"name": "olga", "password": "x"})
    assert refused.status_code == refused_post.status_code == 400
    assert "napishy" not in refused.text


def test_served_hosts_follow_the_listening_address_and_the_setting() -> None:
    from napishy.web.command import WebError, served_hosts

    assert served_hosts("127.0.0.1", (), behind_proxy=False) == ("127.0.0.1", "localhost", "::1")
    assert served_hosts("10.0.0.5", ("console.example.org",), behind_proxy=False) == ("10.0.0.5",
                                                                                      "console.example.org")
    with pytest.raises(WebError, match="NAPISHY_WEB_HOSTS"):
        served_hosts("127.0.0.1", (), behind_proxy=True)


@pytest.mark.parametrize("query", ["page=²", "page=①", "page=-1", "page=1e3", "page=" + "9" * 40])
def test_numbers_that_are_not_ascii_digits_are_a_400(app: App, web: TestClient, operator, query: str) -> None:
    operator()
    response = web.get(f"/queue?{query}")
    assert response.status_code == 400, response.status_code
    assert "0–9" in response.text or "0-9" in response.text


def test_a_non_ascii_version_or_image_number_is_a_400_and_a_huge_image_a_404(
    app: App, web: TestClient, operator,
) -> None:
    csrf = operator()
    letter_id = add_letter(app, image=b"\x89PNG pixels")
    approve = web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "version": "①", "to": "znak"})
    images = web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "images": "²", "to": "znak"})
    assert approve.status_code == images.status_code == 400
    assert letter_detail(app.database, letter_id)["status"] == "pending"
    assert web.get(f"/letters/{letter_id}/images/{'9' * 30}").status_code == 404
    assert web.get(f"/letters/{letter_id}/images/1").status_code == 200


def test_logins_failures_and_opened_originals_are_audited(
    app: App, web: TestClient, keypair, tmp_path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never a password, never a name that is no account (it may be a password in the wrong box)."""
    from processors import audit

    page = web.get("/login").text
    web.post("/login", data={"name": "olga", "password": "wrong but secret", "login_token": token(page)})
    page = web.get("/login").text
    web.post("/login", data={"name": "Pa55word-in-name", "password": "x", "login_token": token(page)})
    log_in(web, "olga")
    entries = [(e.operator, e.action, e.detail) for e in audit.entries(app.database, limit=50)]
    assert ("olga", "login-failed", "web console") in entries and ("olga", "login", "web console") in entries
    text = repr(entries)
    assert "wrong but secret" not in text and "Pa55word" not in text and PASSWORD not in text

    from foundation.storage.models import SealedOriginal
    from foundation.vault import Sealer
    from napishy.cli.main import main

    for key, value in (("DATA_DIR", app.settings.data_dir), ("DATABASE_URL", app.settings.database_url),
                       ("PUBLIC_KEY_FILE", keypair.public), ("KEY_PASSPHRASE", keypair.passphrase),
                       ("MAILBOXES", ""), ("IMPORT_MAILBOXES", "association"), ("OPERATOR", "ales")):
        monkeypatch.setenv(f"NAPISHY_{key}", str(value))
    letter_id = add_letter(app)
    with app.database.session() as session:
        sealed = Sealer.from_file(keypair.public).seal(b"Subject: x\r\n\r\nhello")
        session.add(SealedOriginal(letter_id=letter_id, key_id=sealed.key_id, blob=sealed.blob))
    assert main(["--env-file", "/dev/null", "open", letter_id, "--private-key", str(keypair.private),
                 "--out", str(tmp_path / "original.eml")]) == 0
    opened = [e for e in audit.entries(app.database, limit=50) if e.action == "open"]
    assert len(opened) == 1 and (opened[0].letter_id, opened[0].operator) == (letter_id, "ales")
    assert audit.verify(app.database) == []
