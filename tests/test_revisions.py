"""Revisions: a word diff between any two, and restoring an earlier one (audited, pending letters only)."""

from __future__ import annotations

import pytest

from foundation.errors import NotFound
from napishy.app import App
from napishy.cli.main import main
from processors import audit, review
from processors.revisions import Change, history, word_diff
from tests.letters import add_letter

FIRST = "Дарагі Максім! Пішу з Гомеля, мяне завуць [name]."
SECOND = "Дарагі Максім! Пішу з [place], мяне завуць [name]."
THIRD = "Дарагі Максім! Пішу з [place].\nТрымайцеся."


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("a b c", "a b c", [Change("same", "a b c")]),
    ("Пішу з Гомеля, дзякуй", "Пішу з [place], дзякуй",
     [Change("same", "Пішу з "), Change("removed", "Гомеля,"), Change("added", "[place],"),
      Change("same", " дзякуй")]),
    ("адзін\nдва", "адзін\nдва\nтры", [Change("same", "адзін\nдва"), Change("added", "\nтры")]),
    ("усё прыбраць", "", [Change("removed", "усё прыбраць")]),
])
def test_word_diff(old: str, new: str, expected: list[Change]) -> None:
    runs = word_diff(old, new)
    assert runs == expected
    assert "".join(r.text for r in runs if r.kind != "added") == old  # nothing dropped or invented
    assert "".join(r.text for r in runs if r.kind != "removed") == new


def _edited(app: App) -> str:
    letter = add_letter(app.database, FIRST)
    review.edit(app.database, letter, "olga", SECOND)
    review.edit(app.database, letter, "ales", THIRD)
    return letter


def test_restore_adds_a_revision_and_is_audited(app: App) -> None:
    letter = _edited(app)
    assert review.restore(app.database, letter, "olga", 2) == 4
    text, revisions = history(app.database, letter)
    assert text == SECOND
    assert [(r.number, r.author, r.text) for r in revisions] == [
        (1, "napishy", FIRST), (2, "olga", SECOND), (3, "ales", THIRD), (4, "olga", SECOND)]
    last = audit.entries(app.database)[-1]
    assert (last.operator, last.action, last.letter_id, last.detail) == ("olga", "restore", letter,
                                                                          "revision 2 as revision 4")
    assert review.restore(app.database, letter, "olga", 3) == 5  # a restore is itself undone by a restore
    assert history(app.database, letter)[0] == THIRD


def test_restore_refuses_what_an_edit_would(app: App) -> None:
    letter = _edited(app)
    with pytest.raises(NotFound, match=r"has no revision 9 \(revisions: 1, 2, 3\)"):
        review.restore(app.database, letter, "olga", 9)
    with pytest.raises(review.ReviewError, match="revision 3 is already the text"):
        review.restore(app.database, letter, "olga", 3)
    version = review.current(app.database, letter)[2]
    review.edit(app.database, letter, "ales", THIRD + " P.S.")
    with pytest.raises(review.Conflict):
        review.restore(app.database, letter, "olga", 1, expected_version=version)
    review.approve(app.database, [letter], "olga")
    with pytest.raises(review.ReviewError, match=f"cannot restore a revision of letter {letter}: it is approved; "
                                                 f"run `napishy reset {letter}` first"):
        review.restore(app.database, letter, "olga", 1)
    assert [e.action for e in audit.entries(app.database)] == ["edit", "edit", "edit", "approve"]
    assert history(app.database, letter)[0] == THIRD + " P.S."


def _cli(app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str,
                                                                                                              str]:
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("NAPISHY_OPERATOR", "cli-op")
    code = main(["--env-file", "/dev/null", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_revisions_diff_and_restore(app: App, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    letter = _edited(app)
    code, out, _ = _cli(app, monkeypatch, capsys, "revisions", letter)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("revision 3   ales") and lines[0].endswith("(the current text)")
    assert lines[2].startswith("revision 1   napishy") and lines[2].endswith("(the anonymiser's text)")

    _, newest, _ = _cli(app, monkeypatch, capsys, "revisions", letter, "--diff")
    assert newest.splitlines()[0].startswith("--- revision 2 (olga, ")
    assert newest.splitlines()[1].startswith("+++ revision 3 (ales, ")
    assert newest.splitlines()[2] == "Дарагі Максім! Пішу з [-[place], мяне завуць [name].-]{+[place]."
    _, same_as_show, _ = _cli(app, monkeypatch, capsys, "show", letter, "--diff")
    assert same_as_show == newest
    _, second, _ = _cli(app, monkeypatch, capsys, "revisions", letter, "--diff", "2")
    assert "Пішу з [-Гомеля,-]{+[place],+} мяне" in second
    _, chosen, _ = _cli(app, monkeypatch, capsys, "revisions", letter, "--diff", "3", "1")
    assert chosen.startswith("--- revision 3") and "{+Гомеля," in chosen

    code, out, _ = _cli(app, monkeypatch, capsys, "restore", letter, "1")
    assert (code, out) == (0, f"{letter}: revision 1 restored as revision 4\n")
    assert history(app.database, letter)[0] == FIRST
    assert audit.entries(app.database)[-1].operator == "cli-op"

    for args, message in [
        (("restore", letter, "1"), "revision 1 is already the text"),
        (("revisions", letter, "--diff", "7"), "has no revision 7 (revisions: 1, 2, 3, 4)"),
        (("revisions", letter, "--diff", "1"), "is the first one"),
        (("revisions", letter, "--diff", "1", "2", "3"), "at most two revisions"),
        (("revisions", "nosuchletter1"), "no letter nosuchletter1"),
    ]:
        code, _, err = _cli(app, monkeypatch, capsys, *args)
        assert code != 0 and message in err and err.count("\n") == 1, (args, err)
    unedited = add_letter(app.database)
    code, _, err = _cli(app, monkeypatch, capsys, "show", unedited, "--diff")
    assert code != 0 and "nothing to compare" in err and err.count("\n") == 1
    assert _cli(app, monkeypatch, capsys, "revisions", unedited)[1] == \
        f"{unedited}: no revisions; the text has not been edited\n"


def test_word_diff_of_big_rewrites_stays_within_its_budget() -> None:
    """SequenceMatcher is quadratic: a whole rewrite of a long letter is aligned line by line, then
    word by word inside lines; a single huge paragraph rewritten whole is one removed and one added run."""
    lines = "Дарагі Максім, мы памятаем пра вас кожны дзень.\n" * 400
    edited = lines.replace("кожны", "[name]")
    runs = word_diff(lines, edited)
    assert [r.text for r in runs if r.kind == "removed"] == ["кожны"] * 400
    assert [r.text for r in runs if r.kind == "added"] == ["[name]"] * 400
    paragraph = "слова " * 20000
    rewritten = paragraph.replace("слова", "[name]")
    assert word_diff(paragraph, rewritten) == [Change("removed", paragraph.rstrip()),
                                               Change("added", rewritten.rstrip()), Change("same", " ")]
