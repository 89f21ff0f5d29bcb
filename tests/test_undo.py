"""Undo of an approval or a rejection: back to pending as before, audited, never after an export.

The `app` fixture runs every test here on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exports.publication import export_publication
from exports.relatives import export_relatives
from exports.wording import attorney_names
from foundation.storage.models import Letter
from napishy.app import App
from napishy.cli.main import main
from napishy.cli.review_loop import ReviewLoop, Terminal
from processors import audit, review
from tests.letters import add_letter


def _row(app: App, letter_id: str) -> tuple[str, list[str], str | None]:
    with app.database.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        return letter.status, list(letter.recipients), letter.reject_reason


def test_undo_an_approval_and_a_rejection(app: App) -> None:
    db = app.database
    a, b = add_letter(db), add_letter(db)
    review.approve(db, [a], "olga")
    review.reject(db, [b], "olga", "abusive")
    assert review.undo_blocker(db, a) is None and review.undo_blocker(db, b) is None
    assert review.undo(db, [a, b], "ales") == [a, b]
    assert _row(app, a) == ("pending", ["znak"], None)
    assert _row(app, b) == ("pending", ["znak"], None)
    entries = audit.entries(db)
    assert [(e.action, e.operator, e.letter_id, e.detail) for e in entries[2:]] == [
        ("undo", "ales", a, "approve (entry 1)"),
        ("undo", "ales", b, "reject (entry 2)"),
    ]
    assert audit.verify(db) == []
    review.approve(db, [a], "olga")  # pending again: the letter can be decided anew
    assert _row(app, a)[0] == "approved"


def test_undo_puts_back_the_recipients_an_approval_changed(app: App) -> None:
    db = app.database
    changed, same, none = (add_letter(db, recipients=["znak"]), add_letter(db, recipients=["znak"]),
                           add_letter(db, recipients=()))
    review.approve(db, [changed], "op", recipients=["braginets", "lazarenko"])
    review.approve(db, [same], "op", recipients=["znak"])
    review.approve(db, [none], "op", recipients=["danilevich"])
    assert [e.detail for e in audit.entries(db)] == [
        "to braginets,lazarenko (was znak)", "to znak", "to danilevich (was )",
    ]
    review.undo(db, [changed, same, none], "op")
    assert _row(app, changed) == ("pending", ["znak"], None)
    assert _row(app, same) == ("pending", ["znak"], None)
    assert _row(app, none) == ("pending", [], None)


@pytest.mark.parametrize("export", ["publication", "relatives"])
def test_no_undo_once_an_export_ran_since_the_decision(app: App, tmp_path: Path, export: str) -> None:
    db = app.database
    before, after = add_letter(db), add_letter(db)
    review.approve(db, [before], "op")
    names = attorney_names(app.roster.attorneys)
    if export == "publication":
        export_publication(db, app.settings, names, tmp_path / "out", operator="org", force=True,
                           today=dt.date(2027, 5, 1))
    else:
        export_relatives(db, app.settings, names, tmp_path / "out", operator="org", today=dt.date(2027, 5, 1))
    review.reject(db, [after], "op", "spam")  # decided after the export: still undoable

    blocker = review.undo_blocker(db, before)
    assert blocker == (f"letter {before} was approved before an export (export-{export}); "
                       f"run `napishy reset {before}` to take the decision back deliberately")
    with pytest.raises(review.ReviewError, match="nothing was changed"):
        review.undo(db, [after, before], "op")  # all or nothing
    assert _row(app, before)[0] == "approved" and _row(app, after)[0] == "rejected"
    assert review.undo(db, [after], "op") == [after]
    review.reset(db, [before], "op")  # the deliberate way back still works
    assert _row(app, before)[0] == "pending"


def test_only_the_last_decision_and_only_once(app: App) -> None:
    db = app.database
    letter = add_letter(db)
    assert review.undo_blocker(db, letter) == f"letter {letter} is pending and has no decision to undo"
    review.approve(db, [letter], "op")
    review.undo(db, [letter], "op")
    with pytest.raises(review.ReviewError, match="is pending"):
        review.undo(db, [letter], "op")
    review.approve(db, [letter], "op")
    review.reset(db, [letter], "op")
    review.reject(db, [letter], "op", "no")
    review.undo(db, [letter], "op")  # the rejection, the newest decision
    assert _row(app, letter) == ("pending", ["znak"], None)
    assert review.undo_blocker(db, "nosuchletter") == "no letter nosuchletter"
    assert [e.action for e in audit.entries(db)] == ["approve", "undo", "approve", "reset", "reject", "undo"]


def test_a_stale_undo_is_a_conflict(app: App) -> None:
    db = app.database
    letter = add_letter(db)
    review.approve(db, [letter], "op")
    version = review.current(db, letter)[2]
    review.undo(db, [letter], "op")
    review.approve(db, [letter], "other")  # someone decided again meanwhile
    with pytest.raises(review.Conflict):
        review.undo(db, [letter], "op", expected_versions={letter: version})
    assert _row(app, letter)[0] == "approved"


def test_cli_undo(app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_OPERATOR", "cli-op")
    letter = add_letter(app.database)
    review.approve(app.database, [letter], "op")
    assert main(["--env-file", "/dev/null", "undo", letter]) == 0
    assert capsys.readouterr().out == f"undone, pending again 1: {letter}\n"
    assert main(["--env-file", "/dev/null", "undo", letter]) == 1
    err = capsys.readouterr().err
    assert err == (f"napishy: cannot undo: {letter} is pending (only approved or rejected letters can be); "
                   "nothing was changed\n")
    assert audit.entries(app.database)[-1].operator == "cli-op"


def _loop(app: App, keys: list[str], answers: list[str] = ()) -> tuple[dict[str, int], list[str]]:
    pressed, answered, shown = iter(keys), iter(answers), []
    terminal = Terminal(read_key=lambda: next(pressed), ask=lambda _prompt: next(answered), say=shown.append,
                        edit=lambda text: text)
    return ReviewLoop(app, "looper", terminal, color=False).run(), shown


def test_review_loop_back_and_undo(app: App) -> None:
    ids = sorted(add_letter(app.database, f"Ліст {n}") for n in range(3))
    # approve 1st; on the 2nd, u undoes that approval and shows the 1st again; reject it;
    # on the 2nd, b goes back to the rejected 1st, u undoes it there; skip 1st, approve 2nd, quit.
    counts, shown = _loop(app, ["a", "u", "r", "b", "u", "s", "a", "q"], ["not for publication"])
    assert counts == {"approved": 2, "rejected": 1, "undone": 2, "skipped": 1}
    assert [_row(app, i)[0] for i in ids] == ["pending", "approved", "pending"]
    assert any("this letter is rejected; [u]ndo" in s for s in shown)
    assert [(e.action, e.letter_id) for e in audit.entries(app.database)] == [
        ("approve", ids[0]), ("undo", ids[0]), ("reject", ids[0]), ("undo", ids[0]), ("approve", ids[1]),
    ]


def test_review_loop_says_why_there_is_no_undo(app: App, tmp_path: Path) -> None:
    first, _ = sorted(add_letter(app.database, f"Ліст {n}") for n in range(2))
    keys = iter(["a", "EXPORT", "b", "u", "q"])

    def read_key() -> str:
        key = next(keys)
        if key == "EXPORT":  # an organiser exports while the operator reads the next letter
            export_relatives(app.database, app.settings, attorney_names(app.roster.attorneys), tmp_path / "out",
                             operator="org", today=dt.date(2027, 5, 1))
            return "x"  # an unknown key: the letter is shown again, with the help
        return key

    shown: list[str] = []
    terminal = Terminal(read_key=read_key, ask=lambda _p: "", say=shown.append, edit=lambda text: text)
    counts = ReviewLoop(app, "looper", terminal, color=False).run()
    assert counts == {"approved": 1}
    assert any(f"no undo: letter {first} was approved before an export (export-relatives)" in s for s in shown)
    assert any(s.startswith("napishy: cannot undo:") for s in shown)
    assert _row(app, first)[0] == "approved"


def test_review_loop_back_at_the_first_letter_and_nothing_to_undo(app: App) -> None:
    add_letter(app.database)
    counts, shown = _loop(app, ["b", "u", "q"])
    assert counts == {}
    assert "this is the first letter" in shown and "nothing to undo yet" in shown
