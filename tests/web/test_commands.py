"""`napishy web` refuses unsafe exposure; `napishy users` adds, lists and removes accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from napishy.cli.main import main
from napishy.web.command import WebError, check_exposure


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keypair) -> Path:
    for key in ("NAPISHY_DATABASE_URL", "NAPISHY_OPERATOR", "NAPISHY_WEB_TLS_CERT", "NAPISHY_WEB_TLS_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAPISHY_PUBLIC_KEY_FILE", str(keypair.public))
    monkeypatch.setenv("NAPISHY_WEB_PASSWORD", "a long enough password")
    path = tmp_path / "empty.env"
    path.write_text("")
    return path


@pytest.mark.parametrize(("host", "tls", "proxy", "ok"), [
    ("127.0.0.1", False, False, True), ("::1", False, False, True), ("localhost", False, False, True),
    ("0.0.0.0", False, False, False), ("192.0.2.7", False, False, False),  # noqa: S104 - the case under test
    ("0.0.0.0", True, False, True), ("192.0.2.7", False, True, True),  # noqa: S104
])
def test_plain_http_only_on_loopback(host: str, tls: bool, proxy: bool, ok: bool) -> None:
    if ok:
        check_exposure(host, tls=tls, behind_proxy=proxy)
    else:
        with pytest.raises(WebError):
            check_exposure(host, tls=tls, behind_proxy=proxy)


def test_web_refuses_a_public_address_and_an_empty_account_list(env: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--env-file", str(env), "web", "--host", "0.0.0.0"]) == 2  # noqa: S104
    assert "refusing to serve plain HTTP" in capsys.readouterr().err
    assert main(["--env-file", str(env), "db", "upgrade"]) == 0
    assert main(["--env-file", str(env), "web"]) == 2
    assert "napishy users add" in capsys.readouterr().err


def test_users_add_list_remove(env: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--env-file", str(env), "users", "add", "olga", "--role", "operator"]) == 0
    assert main(["--env-file", str(env), "users", "add", "olga", "--role", "organiser"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--env-file", str(env), "users", "add", "bad name", "--role", "operator"]) == 1
    monkeypatch.setenv("NAPISHY_WEB_PASSWORD", "short")
    assert main(["--env-file", str(env), "users", "add", "ales", "--role", "organiser"]) == 1
    assert "shorter than 12" in capsys.readouterr().err
    assert main(["--env-file", str(env), "users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "olga" in listed and "operator" in listed and "ales" not in listed
    assert main(["--env-file", str(env), "users", "remove", "olga"]) == 0
    assert main(["--env-file", str(env), "users", "remove", "olga"]) == 3
    from foundation.settings import Settings
    from napishy.app import App

    app = App(Settings.load(env_file=None))
    from processors.accounts import list_users

    assert list_users(app.database) == []
