"""The audit log: who did what to which letter, chained so tampering shows, and never any content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from napishy.app import App
from napishy.cli.main import main
from processors import audit, review
from tests.letters import add_letter

SECRET_TEXT = "Тэкст ліста, які нельга захоўваць у журнале"


@pytest.fixture
def logged(app: App) -> App:
    """Five entries: approve, reject, edit, reset, approve."""
    database = app.database
    first = add_letter(database, SECRET_TEXT)
    second = add_letter(database, SECRET_TEXT + " 2")
    review.approve(database, [first], "alice")
    review.edit(database, second, "bob", SECRET_TEXT + " (рэдагавана)")
    review.reject(database, [second], "bob", "x" * 300)
    review.reset(database, [first], "alice")
    review.approve(database, [first], "alice")
    return app


def _sql(app: App, statements: str) -> None:
    with app.database.engine.begin() as connection:
        for statement in statements.split(";"):
            connection.execute(text(statement))


def test_chain_intact_and_entries_say_who_what_which(logged: App) -> None:
    assert audit.verify(logged.database) == []
    rows = audit.entries(logged.database)
    assert [r.action for r in rows] == ["approve", "edit", "reject", "reset", "approve"]
    assert [r.operator for r in rows] == ["alice", "bob", "bob", "alice", "alice"]
    assert all(r.letter_id for r in rows)
    assert rows[1].detail == "revision 2"
    assert rows[2].detail == "x" * 200  # the operator's reason, capped


def test_entries_never_hold_letter_content(logged: App) -> None:
    with logged.database.engine.connect() as connection:
        dump = json.dumps([list(map(str, row)) for row in connection.execute(text("SELECT * FROM audit_log"))],
                          ensure_ascii=False)
    assert "Тэкст" not in dump and "рэдагавана" not in dump


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3", "entry 3: its content was altered"),
        ("UPDATE audit_log SET operator = 'mallory' WHERE seq = 1", "entry 1: its content was altered"),
        ("DELETE FROM audit_log WHERE seq = 2", "entries are missing"),
        ("UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;"
         " UPDATE audit_log SET seq = 3 WHERE seq = -2", "removed or reordered"),
    ],
    ids=["altered-detail", "altered-operator", "deleted", "reordered"],
)
def test_tampering_is_detected(logged: App, statement: str, expected: str) -> None:
    _sql(logged, statement)
    problems = audit.verify(logged.database)
    assert any(expected in p for p in problems), problems


def test_deleted_and_rehashed_entry_still_breaks_the_chain(logged: App) -> None:
    """An attacker who recomputes the altered entry's own hash still breaks the link to the next one."""
    _sql(logged, "UPDATE audit_log SET detail = 'forged' WHERE seq = 2")
    with logged.database.session() as session:
        from foundation.storage.models import AuditEntry

        row = session.get(AuditEntry, 2)
        assert row is not None
        row.hash = audit.entry_hash(row.prev_hash, row.seq, row.at, row.operator, row.action, row.letter_id,
                                    row.detail)
    problems = audit.verify(logged.database)
    assert problems == ["entry 3: does not follow the entry before it (removed or reordered)"]


def _cli(args: list[str], monkeypatch: pytest.MonkeyPatch, app: App, tmp_path: Path) -> int:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_OPERATOR", "carol")
    return main(["--env-file", "/dev/null", *args])


def test_cli_verify_ok_then_tampered(logged: App, monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["audit", "verify"], monkeypatch, logged, tmp_path) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 entries, chain intact; head ")
    head = out.split("head ")[1].strip()

    _sql(logged, "DELETE FROM audit_log WHERE seq = 5")  # cutting the newest entry: only the head notices
    assert _cli(["audit", "verify"], monkeypatch, logged, tmp_path) == 0
    capsys.readouterr()
    assert _cli(["audit", "verify", "--head", head], monkeypatch, logged, tmp_path) == 5
    assert "cut short" in capsys.readouterr().err

    _sql(logged, "UPDATE audit_log SET action = 'approve' WHERE seq = 3")
    assert _cli(["audit", "verify"], monkeypatch, logged, tmp_path) == 5
    err = capsys.readouterr().err
    assert "napishy: entry 3: its content was altered" in err
    assert "Traceback" not in err


def test_cli_list_json_and_operator_from_settings(logged: App, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letter = add_letter(logged.database)
    assert _cli(["approve", letter], monkeypatch, logged, tmp_path) == 0
    capsys.readouterr()
    assert _cli(["audit", "list", "--json", "--limit", "1"], monkeypatch, logged, tmp_path) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["operator"] == "carol" and entry["action"] == "approve" and entry["letter_id"] == letter
    assert entry["at"].endswith("Z")


def test_operator_falls_back_to_os_user(make_settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    assert audit.current_operator(make_settings()) == "os-user"
    assert audit.current_operator(make_settings(operator="desk-2")) == "desk-2"
