"""The review state machine, its concurrency guard, and the operator commands around it."""

from __future__ import annotations

import json
import re
import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from foundation.errors import NotFound
from foundation.storage.models import Letter, Revision
from napishy.app import App
from napishy.cli.main import main
from napishy.cli.review_loop import ReviewLoop, Terminal
from processors import audit, review
from tests.letters import add_letter


def _status(app: App, letter_id: str) -> str:
    with app.database.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        return letter.status


def test_approve_reject_reset(app: App) -> None:
    db = app.database
    a, b, c = (add_letter(db) for _ in range(3))
    assert review.approve(db, [a, b], "op") == [a, b]
    assert review.reject(db, [c], "op", "  abusive \n text ") == [c]
    assert [_status(app, i) for i in (a, b, c)] == ["approved", "approved", "rejected"]
    with db.session() as session:
        assert session.get(Letter, c).reject_reason == "abusive text"
    review.reset(db, [a, c], "op")
    assert _status(app, a) == _status(app, c) == "pending"
    assert [e.action for e in audit.entries(db)] == ["approve", "approve", "reject", "reset", "reset"]


@pytest.mark.parametrize(
    ("start", "action", "message"),
    [
        ("approved", "approve", "is approved (only pending letters can be)"),
        ("rejected", "approve", "is rejected"),
        ("quarantined", "approve", "is quarantined"),
        ("approved", "reject", "is approved"),
        ("pending", "reset", "is pending (only approved or rejected letters can be)"),
        ("quarantined", "reset", "is quarantined"),
    ],
)
def test_invalid_transitions_are_refused(app: App, start: str, action: str, message: str) -> None:
    letter = add_letter(app.database, status=start)
    calls = {
        "approve": lambda: review.approve(app.database, [letter], "op"),
        "reject": lambda: review.reject(app.database, [letter], "op", "no"),
        "reset": lambda: review.reset(app.database, [letter], "op"),
    }
    with pytest.raises(review.ReviewError, match=re.escape(message)):
        calls[action]()
    assert _status(app, letter) == start
    assert audit.entries(app.database) == []


def test_a_batch_is_all_or_nothing(app: App) -> None:
    good, done = add_letter(app.database), add_letter(app.database, status="approved")
    with pytest.raises(review.ReviewError, match="nothing was changed"):
        review.approve(app.database, [good, done], "op")
    with pytest.raises(NotFound, match="no letter nosuchletter"):
        review.approve(app.database, [good, "nosuchletter"], "op")
    assert _status(app, good) == "pending"


def test_reject_requires_a_reason_and_caps_it(app: App) -> None:
    letter = add_letter(app.database)
    with pytest.raises(review.ReviewError, match="reason is required"):
        review.reject(app.database, [letter], "op", "   ")
    review.reject(app.database, [letter], "op", "я" * 500)
    with app.database.session() as session:
        assert len(session.get(Letter, letter).reject_reason) == 200


def test_reject_kind_takes_only_pending_letters_of_that_kind(app: App) -> None:
    spam = [add_letter(app.database, kind="spam") for _ in range(3)]
    done_spam = add_letter(app.database, kind="spam", status="approved")
    real = add_letter(app.database, kind="letter")
    assert sorted(review.reject_kind(app.database, "spam", "op", "spam")) == sorted(spam)
    assert _status(app, done_spam) == "approved" and _status(app, real) == "pending"
    with pytest.raises(review.ReviewError, match="unknown kind"):
        review.reject_kind(app.database, "junk", "op", "x")


def test_approve_needs_recipients_and_can_set_them(app: App) -> None:
    letter = add_letter(app.database, recipients=())
    with pytest.raises(review.ReviewError, match="addressed to no attorney"):
        review.approve(app.database, [letter], "op")
    with pytest.raises(review.ReviewError, match="unknown attorney id nobody"):
        review.approve(app.database, [letter], "op", recipients=["nobody"])
    review.approve(app.database, [letter], "op", recipients=["znak", "borodko"])
    with app.database.session() as session:
        assert session.get(Letter, letter).recipients == ["borodko", "znak"]
    assert audit.entries(app.database)[-1].detail == "to borodko,znak (was )"  # undo puts them back


def test_approve_checks_recipients_against_the_deployments_roster(make_settings, tmp_path: Path) -> None:
    """The caller passes no roster: processors.review takes it from the database it was given."""
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps({"attorneys": [{"id": "kolesnikova", "first_names": ["Марыя"],
                                                 "surnames": ["Калеснікава"]}]}), encoding="utf-8")
    app = App(make_settings(roster=str(roster)))
    letter = add_letter(app.database, recipients=())
    with pytest.raises(review.ReviewError, match=r"unknown attorney id znak; known: kolesnikova$"):
        review.approve(app.database, [letter], "op", recipients=["znak"])
    assert review.approve(app.database, [letter], "op", recipients=["kolesnikova"]) == [letter]
    app.database.dispose()


def test_edit_keeps_every_revision(app: App) -> None:
    letter = add_letter(app.database, "first text")
    assert review.edit(app.database, letter, "ann", "second text") == 2
    assert review.edit(app.database, letter, "ben", "second text") is None  # unchanged: no revision
    assert review.edit(app.database, letter, "ben", "third text") == 3
    with app.database.session() as session:
        row = session.get(Letter, letter)
        assert row.text == "third text"
        revisions = session.scalars(select(Revision).where(Revision.letter_id == letter).order_by(Revision.number))
        assert [(r.number, r.text, r.author) for r in revisions] == [
            (1, "first text", "napishy"), (2, "second text", "ann"), (3, "third text", "ben"),
        ]
    review.approve(app.database, [letter], "ann")
    with pytest.raises(review.ReviewError, match="reset"):
        review.edit(app.database, letter, "ann", "fourth")


def test_stale_concurrent_edit_is_refused(app: App) -> None:
    """Two operators load the same letter; the second write must not silently win."""
    letter = add_letter(app.database, "original")
    _, _, version = review.current(app.database, letter)
    review.edit(app.database, letter, "ann", "ann's text", expected_version=version)
    with pytest.raises(review.Conflict, match="changed by someone else meanwhile; reload"):
        review.edit(app.database, letter, "ben", "ben's text", expected_version=version)
    with pytest.raises(review.Conflict):
        review.approve(app.database, [letter], "ben", expected_versions={letter: version})
    assert review.current(app.database, letter)[1] == "ann's text"


def test_lost_update_between_read_and_write_is_caught_by_the_version_column(app: App) -> None:
    letter = add_letter(app.database, "original")
    with app.database.session() as slow:
        row = slow.get(Letter, letter)
        review.edit(app.database, letter, "ann", "ann's text")  # commits meanwhile in its own session
        row.text = "stale overwrite"
        with pytest.raises(Exception, match="expected to update 1 row"):
            slow.flush()
        slow.rollback()
    with pytest.raises(review.Conflict):
        with review._unit(app.database, f"letter {letter}") as session:
            stale = session.get(Letter, letter)
            review.edit(app.database, letter, "ann", "newer still")
            stale.status = "approved"


# --- commands ---------------------------------------------------------------------------------

def _cli(app: App, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_OPERATOR", "cli-op")
    return main(["--env-file", "/dev/null", *args])


def test_cli_approve_reject_kind(app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    a, spam = add_letter(app.database), add_letter(app.database, kind="spam")
    assert _cli(app, monkeypatch, "approve", a) == 0
    assert _cli(app, monkeypatch, "reject", "--kind", "spam", "--reason", "spam") == 0
    assert _status(app, a) == "approved" and _status(app, spam) == "rejected"
    assert _cli(app, monkeypatch, "approve", a) == 1
    assert _cli(app, monkeypatch, "reject", a, "--kind", "spam", "--reason", "x") == 1
    err = capsys.readouterr().err
    assert "napishy: cannot approve" in err and "not both" in err and "Traceback" not in err


def test_cli_edit_uses_a_private_temp_file_and_removes_it(app: App, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    letter = add_letter(app.database, "Дарагі Максім! Мяне завуць Ганна.")
    seen = tmp_path / "seen.json"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import json, os, stat, sys\n"
        "path = sys.argv[1]\n"
        f"json.dump({{'path': path, 'mode': stat.S_IMODE(os.stat(path).st_mode)}}, open({str(seen)!r}, 'w'))\n"
        "text = open(path, encoding='utf-8').read().replace('Ганна', '[name]')\n"
        "open(path, 'w', encoding='utf-8').write(text)\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    assert _cli(app, monkeypatch, "edit", letter) == 0
    info = json.loads(seen.read_text())
    assert Path(info["path"]).parent == app.settings.data_dir / "tmp"
    assert info["mode"] == stat.S_IRUSR | stat.S_IWUSR
    assert not Path(info["path"]).exists()
    assert review.current(app.database, letter)[1] == "Дарагі Максім! Мяне завуць [name]."

    monkeypatch.setenv("VISUAL", "true")  # saves nothing: no revision, no audit entry
    assert _cli(app, monkeypatch, "edit", letter) == 0
    assert [e.action for e in audit.entries(app.database)] == ["edit"]


def test_cli_review_refuses_without_a_terminal(app: App, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    add_letter(app.database)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _cli(app, monkeypatch, "review") == 1
    assert "needs a terminal" in capsys.readouterr().err


def test_review_loop_one_key_per_decision(app: App) -> None:
    ids = sorted(add_letter(app.database, f"Ліст {n} [name]") for n in range(4))
    keys = iter(["x", "a", "r", "r", "e", "s", "q"])  # help, approve, cancelled reject, reject, edit+skip, quit
    answers = iter(["", "not for publication"])
    shown: list[str] = []
    terminal = Terminal(read_key=lambda: next(keys), ask=lambda _prompt: next(answers), say=shown.append,
                        edit=lambda text: text + "\nP.S.")
    counts = ReviewLoop(app, "looper", terminal, color=False).run()
    assert counts == {"approved": 1, "rejected": 1, "edited": 1, "skipped": 1}
    statuses = {i: _status(app, i) for i in ids}
    assert sorted(statuses.values()) == ["approved", "pending", "pending", "rejected"]
    assert any("removes names" in s for s in shown)  # the style warning is shown with each letter
    edited = [i for i in ids if review.current(app.database, i)[1].endswith("P.S.")]
    assert len(edited) == 1 and statuses[edited[0]] == "pending"
    assert {e.operator for e in audit.entries(app.database)} == {"looper"}
