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
    from processors.images import Selection

HELP = "[a]pprove  [r]eject  [e]dit  [s]kip  [b]ack  [u]ndo the last decision  [q]uit"
DECIDED_HELP = "[u]ndo  [s] next  [b]ack  [q]uit"


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
    """Shows pending letters one at a time and applies one-key decisions through processors.review.

    `b` goes back a letter, `u` undoes a decision: on a decided letter its own, on a pending one
    the last made in this session (and shows that letter again). Whether an undo is allowed is
    processors.review's rule, so the terminal and the web refuse the same cases."""

    def __init__(self, app: App, operator: str, terminal: Terminal, *, color: bool) -> None:
        self.app, self.operator, self.term, self.color = app, operator, terminal, color
        self.counts: Counter[str] = Counter()
        self.decided: list[str] = []  # letters decided in this session, newest last

    def run(self) -> Counter[str]:
        from processors.queries import list_letters

        ids = [row.id for row in list_letters(self.app.database, status="pending")]
        if not ids:
            self.term.say("no pending letters")
        position, came_back = 0, False
        while position < len(ids):
            step = self._one(ids[position], f"[{position + 1}/{len(ids)}]", came_back=came_back)
            if step == "quit":
                break
            came_back = step != "next"
            if step == "next":
                position += 1
            elif step == "back":
                if position == 0:
                    self.term.say("this is the first letter")
                position = max(0, position - 1)
            else:  # the id of a letter whose decision was just undone: show it again
                position = ids.index(step)
        self.term.say(", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing done")
        return self.counts

    def _one(self, letter_id: str, progress: str, *, came_back: bool) -> str:
        """Handle one letter until the operator moves on: 'next', 'back', 'quit' or a letter id."""
        from napishy.cli.render import render_letter
        from processors import review
        from processors.queries import letter_detail

        while True:
            status, text, version = review.current(self.app.database, letter_id)
            detail = letter_detail(self.app.database, letter_id)
            if detail is None or (status != "pending" and letter_id not in self.decided and not came_back):
                self.term.say(f"{progress} {letter_id} is now {status}; someone else reviewed it")
                return "next"
            if status == "pending":
                keys = HELP
            else:
                blocker = review.undo_blocker(self.app.database, letter_id)
                keys = f"this letter is {status}; " + (DECIDED_HELP if blocker is None else
                                                       f"no undo: {blocker}\n{DECIDED_HELP}")
            self.term.say(f"\n{'─' * 72}\n{progress}\n{render_letter(detail, color=self.color)}\n\n{keys}")
            key = self.term.read_key().lower()
            try:
                outcome = self._act(key, letter_id, status, text, version)
            except NapishyError as error:
                self.term.say(f"napishy: {error}")
                continue
            if outcome in ("approved", "rejected", "skipped"):
                self.counts[outcome] += 1
                return "next"
            if outcome is not None:
                return outcome

    def _act(self, key: str, letter_id: str, status: str, text: str, version: int) -> str | None:
        """Apply one key: an outcome to count, 'quit', 'back', a letter id to go to, or None to show
        the letter again."""
        from processors import review

        database, versions = self.app.database, {letter_id: version}
        if key in ("q", "\x04"):
            return "quit"
        if key == "b":
            return "back"
        if key == "u":
            return self._undo(letter_id if status != "pending" else None, versions)
        if status != "pending":
            if key == "s":
                return "next"
            self.term.say(DECIDED_HELP)
            return None
        if key == "s":
            return "skipped"
        if key == "a":
            images = self._ask_images(letter_id)
            review.approve(database, [letter_id], self.operator, expected_versions=versions, images=images)
            self.decided.append(letter_id)
            self.term.say(f"{letter_id} approved  (u undoes it)")
            return "approved"
        if key == "r":
            reason = self.term.ask("reason (empty to cancel): ").strip()
            if not reason:
                return None
            review.reject(database, [letter_id], self.operator, reason, expected_versions=versions)
            self.decided.append(letter_id)
            self.term.say(f"{letter_id} rejected  (u undoes it)")
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

    def _ask_images(self, letter_id: str) -> Selection:
        """Which images to publish, asked only when the letter has one that may be: Enter means
        none, as `napishy approve` without --images does."""
        from processors.images import ALL, parse_selection
        from processors.queries import letter_detail

        detail = letter_detail(self.app.database, letter_id) or {"attachments": []}
        open_images = [str(a["number"]) for a in detail["attachments"] if not a["withheld_reason"]]
        if not open_images:
            return None
        answer = self.term.ask(f"publish image {','.join(open_images)}? numbers, 'all', or Enter for none: ").strip()
        if not answer:
            return None
        return ALL if answer.lower() == "all" else parse_selection(answer)

    def _undo(self, letter_id: str | None, versions: dict[str, int]) -> str | None:
        """Undo this decided letter's decision, or (from a pending letter) the session's last one."""
        from processors import review

        if letter_id is None:
            if not self.decided:
                self.term.say("nothing to undo yet")
                return None
            letter_id, versions = self.decided[-1], {}
        review.undo(self.app.database, [letter_id], self.operator, expected_versions=versions)
        if letter_id in self.decided:
            self.decided.remove(letter_id)
        self.counts["undone"] += 1
        self.term.say(f"{letter_id}: decision undone, pending again")
        return letter_id
