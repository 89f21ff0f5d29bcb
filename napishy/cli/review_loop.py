"""The interactive parts of reviewing: an editor on a private temp file, and the one-key review loop.

Terminal I/O is injected (`Terminal`), so the loop runs under tests without a TTY.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from napishy.errors import NapishyError

if TYPE_CHECKING:
    from napishy.app import App

HELP = "[a]pprove  [r]eject  [e]dit  [s]kip  [q]uit"


def editor_command() -> list[str]:
    """$VISUAL or $EDITOR like git does, else nano, else vi. Read here, not in Settings: it is the
    operator's own terminal preference, not napishy configuration."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return shlex.split(chosen)
    for name in ("nano", "vi"):
        if shutil.which(name):
            return [name]
    raise NapishyError("no editor found: set $EDITOR")


def edit_text(text: str, data_dir: Path) -> str:
    """Let the operator edit `text`; the temp file lives in the private data dir (not a shared /tmp)
    and is deleted afterwards, because it holds a letter."""
    from napishy.storage.database import ensure_private_dir

    folder = ensure_private_dir(data_dir / "tmp")
    fd, name = tempfile.mkstemp(prefix="edit-", suffix=".txt", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
        try:
            result = subprocess.run([*editor_command(), name], check=False)  # the operator's own editor
        except OSError as error:
            raise NapishyError(f"cannot start the editor: {error.strerror}") from None
        if result.returncode != 0:
            raise NapishyError(f"the editor exited with status {result.returncode}; nothing was changed")
        return Path(name).read_text(encoding="utf-8")
    finally:
        Path(name).unlink(missing_ok=True)


def normalise_edit(before: str, after: str) -> str | None:
    """The new text, or None when only the final newline an editor adds differs."""
    if after.rstrip("\n") == before.rstrip("\n"):
        return None
    if not after.strip():
        raise NapishyError("the edited text is empty; nothing was changed (reject the letter instead)")
    return after.rstrip("\n")


@dataclass
class Terminal:
    read_key: Callable[[], str]
    ask: Callable[[str], str]
    say: Callable[[str], None]
    edit: Callable[[str], str]


def tty_terminal(data_dir: Path) -> Terminal:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NapishyError("`napishy review` needs a terminal; use approve/reject/edit in scripts")
    return Terminal(_read_key, input, print, lambda text: edit_text(text, data_dir))


def _read_key() -> str:
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # one key, no Enter; Ctrl-C still interrupts
        return sys.stdin.read(1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class ReviewLoop:
    """Shows pending letters one at a time and applies one-key decisions through processors.review."""

    def __init__(self, app: App, operator: str, terminal: Terminal, *, color: bool) -> None:
        self.app, self.operator, self.term, self.color = app, operator, terminal, color
        self.counts: Counter[str] = Counter()

    def run(self) -> Counter[str]:
        from processors.queries import list_letters

        ids = [row.id for row in list_letters(self.app.database, status="pending")]
        if not ids:
            self.term.say("no pending letters")
        for n, letter_id in enumerate(ids, start=1):
            if not self._one(letter_id, f"[{n}/{len(ids)}]"):
                break
        self.term.say(", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing done")
        return self.counts

    def _one(self, letter_id: str, progress: str) -> bool:
        """Handle one letter; False when the operator quits."""
        from napishy.cli.render import render_letter
        from processors import review
        from processors.queries import letter_detail

        while True:
            status, text, version = review.current(self.app.database, letter_id)
            detail = letter_detail(self.app.database, letter_id)
            if status != "pending" or detail is None:
                self.term.say(f"{progress} {letter_id} is now {status}; someone else reviewed it")
                return True
            self.term.say(f"\n{'─' * 72}\n{progress}\n{render_letter(detail, color=self.color)}\n\n{HELP}")
            key = self.term.read_key().lower()
            try:
                outcome = self._act(key, letter_id, text, version)
            except NapishyError as error:
                self.term.say(f"napishy: {error}")
                continue
            if outcome == "quit":
                return False
            if outcome is not None:
                self.counts[outcome] += 1
                return True

    def _act(self, key: str, letter_id: str, text: str, version: int) -> str | None:
        """Apply one key; the outcome to count, 'quit', or None to show the letter again."""
        from processors import review

        database, versions = self.app.database, {letter_id: version}
        if key in ("q", "\x04"):
            return "quit"
        if key == "s":
            return "skipped"
        if key == "a":
            review.approve(database, [letter_id], self.operator, expected_versions=versions)
            self.term.say(f"{letter_id} approved")
            return "approved"
        if key == "r":
            reason = self.term.ask("reason (empty to cancel): ").strip()
            if not reason:
                return None
            review.reject(database, [letter_id], self.operator, reason, expected_versions=versions)
            self.term.say(f"{letter_id} rejected")
            return "rejected"
        if key == "e":
            new_text = normalise_edit(text, self.term.edit(text))
            if new_text is None:
                self.term.say("no change")
                return None
            number = review.edit(database, letter_id, self.operator, new_text, expected_version=version)
            self.term.say(f"{letter_id}: revision {number} saved")
            self.counts["edited"] += 1
            return None
        self.term.say(HELP)
        return None
