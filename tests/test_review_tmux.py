"""`napishy review` in a real terminal (a private tmux server): approve, back, undo, quit.

The unit tests drive the loop through an injected Terminal; this one presses real keys in a real
pty, so the cbreak key reading, the prompts and the screen an operator sees are what is tested.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from foundation.settings import Settings
from napishy.app import App
from processors import audit
from tests import tiers
from tests.letters import add_letter

TMUX = shutil.which("tmux")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    if TMUX is None:
        tiers.skip(tiers.TERMINAL)
    socket = str(tmp_path / "tmux.sock")

    def run(*args: str) -> str:
        done = subprocess.run([TMUX, "-S", socket, "-f", "/dev/null", *args], capture_output=True, text=True,
                              timeout=30, check=True)
        return done.stdout

    yield run
    subprocess.run([TMUX, "-S", socket, "kill-server"], capture_output=True, check=False)


def _wait_for(screen: Callable[[], str], text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen()}")


def test_review_approve_back_undo_quit_in_a_terminal(tmux: Callable[..., str], tmp_path: Path, keypair) -> None:
    data = tmp_path / "data"
    app = App(Settings.from_mapping({"NAPISHY_DATA_DIR": str(data), "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public)}))
    ids = sorted(add_letter(app.database, f"Дарагі Максім! Ліст нумар {n}.") for n in range(3))
    env = {"NAPISHY_DATA_DIR": str(data), "NAPISHY_OPERATOR": "tmux-op", "PATH": os.environ.get("PATH", ""),
           "HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()),
               sys.executable, "-m", "napishy.cli.main", "--env-file", "/dev/null", "review"]
    tmux("new-session", "-d", "-s", "review", "-x", "120", "-y", "60", *command)
    tmux("set-option", "-t", "review", "remain-on-exit", "on")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-J", "-t", "review", "-S", "-200")

    def press(key: str) -> None:
        tmux("send-keys", "-t", "review", key)

    _wait_for(screen, "[1/3]")
    assert "[b]ack" in screen() and "[u]ndo" in screen()
    press("a")
    _wait_for(screen, f"{ids[0]} approved  (u undoes it)")
    _wait_for(screen, "[2/3]")
    press("b")
    _wait_for(screen, "this letter is approved; [u]ndo")
    press("u")
    _wait_for(screen, f"{ids[0]}: decision undone, pending again")
    press("q")
    final = _wait_for(screen, "approved 1, undone 1")
    assert "Traceback" not in final

    assert [(e.operator, e.action, e.letter_id) for e in audit.entries(app.database)] == [
        ("tmux-op", "approve", ids[0]), ("tmux-op", "undo", ids[0]),
    ]
    with app.database.session() as session:
        from foundation.storage.models import Letter

        assert [session.get(Letter, i).status for i in ids] == ["pending"] * 3
    app.database.dispose()


def test_review_with_a_filter_recipients_pager_back_undo_quit(tmux: Callable[..., str], tmp_path: Path,
                                                              keypair) -> None:
    """--kind and --attorney narrow the letters; t approves to other attorneys; a long letter opens
    in less; every letter gets a cleared screen; b and u take the approval back; ? lists the keys."""
    data = tmp_path / "data"
    app = App(Settings.from_mapping({"NAPISHY_DATA_DIR": str(data), "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public)}))
    first = add_letter(app.database, "Дарагі Максім! Першы ліст.", received_on=dt.date(2027, 5, 1))
    long_one = add_letter(app.database, "Дарагі Максім, мы з вамі. " * 200, received_on=dt.date(2027, 5, 2))
    add_letter(app.database, "Выгадныя інвестыцыі!", kind="spam", received_on=dt.date(2027, 5, 1))
    add_letter(app.database, "Дарагая Юлія!", recipients=("lazarenko",), received_on=dt.date(2027, 5, 1))
    env = {"NAPISHY_DATA_DIR": str(data), "NAPISHY_OPERATOR": "tmux-op", "PATH": os.environ.get("PATH", ""),
           "HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8", "LESS": ""}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), sys.executable, "-m", "napishy.cli.main",
               "--env-file", "/dev/null", "review", "--kind", "letter", "--attorney", "znak"]
    tmux("new-session", "-d", "-s", "review", "-x", "100", "-y", "40", *command)
    tmux("set-option", "-t", "review", "remain-on-exit", "on")

    def visible() -> str:  # what is on the screen now, not the scrollback
        return tmux("capture-pane", "-p", "-J", "-t", "review")

    def press(*keys: str) -> None:
        tmux("send-keys", "-t", "review", *keys)

    shown = _wait_for(visible, "[1/2]  kind=letter attorney=znak")
    assert "Першы ліст" in shown and "інвестыцыі" not in shown
    press("?")
    keys = _wait_for(visible, "one key per action")
    assert "t   approve to other attorneys" in keys and "Першы ліст" not in keys
    press("x")
    _wait_for(visible, "Першы ліст")
    press("t")
    _wait_for(visible, "empty cancels")
    press("lazarenko, borodko", "Enter")
    paged = _wait_for(lambda: visible().rstrip() + "<end>", "\n:<end>")  # the long second letter, in less
    assert "мы з вамі" in paged and "[a]pprove" not in paged
    press("/вамі", "Enter")  # a search in less: it must not land in ~/.lesshst
    time.sleep(0.3)
    press("q")
    after = _wait_for(visible, "read in the pager; [v] shows them again")
    assert f"{first} approved to borodko, lazarenko  (u undoes it)" in after
    assert not (tmp_path / ".lesshst").exists()
    assert "[2/2]" in after and "Першы ліст" not in after  # the first letter's screen was cleared
    press("b")
    _wait_for(visible, "this letter is approved; [u]ndo")
    press("u")
    _wait_for(visible, f"{first}: decision undone, pending again")
    press("q")
    final = _wait_for(visible, "approved 1, undone 1")
    assert "Traceback" not in tmux("capture-pane", "-p", "-J", "-t", "review", "-S", "-500")

    assert [(e.action, e.letter_id, e.detail) for e in audit.entries(app.database)] == [
        ("approve", first, "to borodko,lazarenko (was znak)"), ("undo", first, "approve (entry 1)"),
    ]
    with app.database.session() as session:
        from foundation.storage.models import Letter

        row = session.get(Letter, first)
        assert (row.status, row.recipients) == ("pending", ["znak"])
        assert session.get(Letter, long_one).status == "pending"
    assert final
    app.database.dispose()


@pytest.mark.parametrize("pager", ["less", "built-in"])
def test_queue_pages_on_a_terminal_and_shows_reasons(tmux: Callable[..., str], tmp_path: Path, keypair,
                                                     pager: str) -> None:
    """On a terminal `queue` pages (less -FRX, or page by page without less on PATH); piped it does not."""
    data = tmp_path / "data"
    app = App(Settings.from_mapping({"NAPISHY_DATA_DIR": str(data), "NAPISHY_PUBLIC_KEY_FILE": str(keypair.public)}))
    for n in range(60):
        add_letter(app.database, f"Ліст {n}", received_on=dt.date(2027, 5, 1) + dt.timedelta(days=n % 20))
    spam = add_letter(app.database, "Выгадныя інвестыцыі!", kind="spam", received_on=dt.date(2027, 6, 1))
    from processors import review

    review.reject(app.database, [spam], "op", "spam: an investment offer")
    app.database.dispose()
    path = os.environ.get("PATH", "") if pager == "less" else str(tmp_path / "no-tools")
    env = {"NAPISHY_DATA_DIR": str(data), "PATH": path, "HOME": str(tmp_path), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "LESS": ""}
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), sys.executable, "-m", "napishy.cli.main",
               "--env-file", "/dev/null", "queue"]
    tmux("new-session", "-d", "-s", "queue", "-x", "150", "-y", "20", *command)
    tmux("set-option", "-t", "queue", "remain-on-exit", "on")

    def visible() -> str:
        return tmux("capture-pane", "-p", "-J", "-t", "queue")

    first = _wait_for(visible, "ID            MAILBOX")
    assert "61 letters" not in first and len(first.rstrip().split("\n")) <= 20  # one screen, not 62 lines
    for _ in range(10):  # page on (space) until the end
        if "61 letters" in visible():
            break
        tmux("send-keys", "-t", "queue", "Space")
        time.sleep(0.3)
    end = _wait_for(visible, "61 letters")
    assert "spam: an investment offer" in end
    if pager == "less":
        tmux("send-keys", "-t", "queue", "q")
    _wait_for(lambda: tmux("list-panes", "-t", "queue", "-F", "#{pane_dead}"), "1")
    assert "Traceback" not in tmux("capture-pane", "-p", "-J", "-t", "queue", "-S", "-500")

    piped = subprocess.run([*command[:-1], "queue"], capture_output=True, text=True, timeout=60, check=True,
                           stdin=subprocess.DEVNULL)
    lines = piped.stdout.splitlines()
    assert len(lines) == 63 and lines[-1] == "61 letters"
    assert lines[0].endswith("RECIPIENTS             GROUP         REASON")
    assert next(line for line in lines if spam in line).endswith(" znak                   -             "
                                                                 "spam: an investment offer")
