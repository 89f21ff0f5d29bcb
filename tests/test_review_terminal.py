"""`napishy review` as an operator meets it: filters, recipients on approve, help, wrapping, paging."""

from __future__ import annotations

import pytest

from foundation.storage.models import Letter
from napishy.app import App
from napishy.cli.main import main
from napishy.cli.review_loop import ReviewLoop
from napishy.cli.terminal import MORE, Terminal, builtin_pager, visible_length, wrap
from processors import audit
from tests.letters import add_letter


class Screen:
    """A fake terminal that records what was drawn between clears, as a person would see it."""

    def __init__(self, keys: list[str], answers: list[str] = (), size: tuple[int, int] = (80, 1000)) -> None:
        self.keys, self.answers, self.columns_rows = iter(keys), iter(answers), size
        self.said: list[str] = []
        self.screens: list[list[str]] = [[]]
        self.paged: list[str] = []
        self.prompts: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)
        self.screens[-1].append(text)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return next(self.answers)

    def terminal(self) -> Terminal:
        return Terminal(read_key=lambda: next(self.keys), ask=self.ask, say=self.say, edit=lambda text: text,
                        size=lambda: self.columns_rows, clear=lambda: self.screens.append([]),
                        page=self.paged.append)


def _row(app: App, letter_id: str) -> tuple[str, list[str]]:
    with app.database.session() as session:
        letter = session.get(Letter, letter_id)
        return letter.status, list(letter.recipients)


def test_filters_narrow_the_letters_reviewed(app: App) -> None:
    wanted = add_letter(app.database, "Ліст для Знака", recipients=("znak",), language="be")
    add_letter(app.database, "Спам", kind="spam", recipients=("znak",), language="be")
    add_letter(app.database, "Письмо", recipients=("znak",), language="ru")
    add_letter(app.database, "Ліст для Лазаранкі", recipients=("lazarenko",), language="be")
    screen = Screen(["a", "q"])
    loop = ReviewLoop(app, "op", screen.terminal(), color=False,
                      filters={"kind": "letter", "attorney": "znak", "language": "be"})
    assert loop.run() == {"approved": 1}
    assert any("[1/1]  kind=letter attorney=znak language=be" in s for s in screen.said)
    assert [e.letter_id for e in audit.entries(app.database)] == [wanted]

    empty = Screen(["q"])
    ReviewLoop(app, "op", empty.terminal(), color=False, filters={"attorney": "braginets"}).run()
    assert empty.said[0] == "no pending letters (attorney=braginets)"


def test_approve_to_chosen_recipients_by_number_or_id(app: App) -> None:
    first, second = sorted(add_letter(app.database, f"Ліст {n}") for n in range(2))
    known = [a.id for a in app.roster.attorneys]
    number = known.index("lazarenko") + 1
    screen = Screen(["t", "t", "q"], [f"{number}, borodko", "  "])  # the second is cancelled
    assert ReviewLoop(app, "op", screen.terminal(), color=False).run() == {"approved": 1}
    assert _row(app, first) == ("approved", ["borodko", "lazarenko"])
    assert _row(app, second) == ("pending", ["znak"])
    assert f"{number}:lazarenko" in screen.prompts[0] and "now znak" in screen.prompts[0]
    assert f"{first} approved to borodko, lazarenko  (u undoes it)" in screen.said
    assert audit.entries(app.database)[-1].detail == "to borodko,lazarenko (was znak)"


def test_an_unknown_recipient_is_refused_and_nothing_changes(app: App) -> None:
    letter = add_letter(app.database, recipients=())
    screen = Screen(["a", "a", "q"], ["nobody", "znak"])  # no recipients: `a` asks for them
    assert ReviewLoop(app, "op", screen.terminal(), color=False).run() == {"approved": 1}
    refusal = next(s for s in screen.said if s.startswith("napishy: unknown attorney id nobody; known: "))
    assert "znak" in refusal
    assert _row(app, letter) == ("approved", ["znak"])
    assert [e.action for e in audit.entries(app.database)] == ["approve"]


def test_help_screen_lists_every_key_and_review_help_too(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    add_letter(app.database)
    screen = Screen(["?", "x", "q"])  # ? shows the help; any key goes back to the letter
    ReviewLoop(app, "op", screen.terminal(), color=False).run()
    helps = [s for s in screen.said if s.startswith("napishy review: one key per action")]
    assert len(helps) == 1
    for key in "atresbuv?q":
        assert f"\n  {key}   " in helps[0]
    help_screen = next(shown for shown in screen.screens if helps[0] in shown)
    assert help_screen == [helps[0]]  # alone on a cleared screen
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    out = capsys.readouterr().out
    assert "  t   approve to other attorneys" in out and "--attorney ID" in out and "--kind" in out


def test_each_letter_gets_a_cleared_screen_with_the_last_notice_on_top(app: App) -> None:
    texts = {add_letter(app.database, f"Ліст нумар {n}"): f"Ліст нумар {n}" for n in range(2)}
    first, second = sorted(texts)
    screen = Screen(["a", "q"])
    ReviewLoop(app, "op", screen.terminal(), color=False).run()
    drawn = [shown for shown in screen.screens if shown]
    assert texts[first] in drawn[0][-1] and texts[second] not in drawn[0][-1]
    assert drawn[1][0] == f"{first} approved  (u undoes it)"
    assert texts[second] in drawn[1][1] and texts[first] not in drawn[1][1]


def test_long_letters_are_paged_and_lines_wrap_at_words(app: App) -> None:
    words = "Дарагі Максім, мы памятаем пра вас кожны дзень і чакаем дома. " * 40
    add_letter(app.database, words)
    screen = Screen(["q"], size=(50, 24))
    ReviewLoop(app, "op", screen.terminal(), color=False).run()
    assert len(screen.paged) == 1
    paged = screen.paged[0].split("\n")
    assert all(visible_length(line) <= 50 for line in paged)
    vocabulary = set(words.split())
    text_lines = [line for line in paged if "Максім" in line or "чакаем" in line]
    assert len(text_lines) > 30 and all(set(line.split()) <= vocabulary for line in text_lines)  # no word cut
    last = screen.screens[-1][-2]  # the screen after the pager: the letter's start, and the keys
    assert "read in the pager; [v] shows them again" in last and "[a]pprove" in last
    assert len(last.split("\n")) < 24


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("one two three four five six seven", 20, ["one two three four", "five six seven"]),
    ("  | an indented OCR draft line", 20, ["  | an indented OCR", "  | draft line"]),
    ("x" * 45, 20, ["x" * 20, "x" * 20, "x" * 5]),  # only a word longer than a line is cut
    ("\033[1;33m[name]\033[0m пiша ліст", 20, ["\033[1;33m[name]\033[0m пiша ліст"]),  # colour takes no room
    ("short\n\nlines stay", 20, ["short", "", "lines stay"]),
])
def test_wrap(text: str, width: int, expected: list[str]) -> None:
    assert wrap(text, width) == expected


def test_builtin_pager_pages_until_the_end_or_q() -> None:
    lines = [f"line {n}" for n in range(12)]
    shown: list[str] = []
    keys = iter([" ", "\n", "q"])
    builtin_pager(lines, rows=5, read_key=lambda: next(keys), say=shown.append)
    assert shown == ["\n".join(lines[:4]), MORE.format(shown=4, total=12), "\n".join(lines[4:8]),
                     MORE.format(shown=8, total=12), "line 8", MORE.format(shown=9, total=12)]


def test_bad_filters_are_one_line(app: App, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    add_letter(app.database)
    monkeypatch.setenv("NAPISHY_DATA_DIR", str(app.settings.data_dir))
    monkeypatch.setenv("NAPISHY_DATABASE_URL", app.settings.database_url)
    assert main(["--env-file", "/dev/null", "review", "--attorney", "nobody"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("napishy: --attorney: unknown attorney id nobody; known: ") and err.count("\n") == 1
    assert main(["--env-file", "/dev/null", "review", "--language", "Belarusian!"]) != 0
    assert capsys.readouterr().err.count("\n") == 1
