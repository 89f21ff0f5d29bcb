"""`napishy review` in a real terminal (a private tmux server): approve, back, undo, quit.

The unit tests drive the loop through an injected Terminal; this one presses real keys in a real
pty, so the cbreak key reading, the prompts and the screen an operator sees are what is tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from napishy.app import App
from napishy.settings import Settings
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
        from napishy.storage.models import Letter

        assert [session.get(Letter, i).status for i in ids] == ["pending"] * 3
    app.database.dispose()
