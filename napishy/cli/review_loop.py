"""The interactive parts of reviewing: an editor on a private temp file, and the one-key review loop.

Terminal I/O is injected (`napishy.cli.terminal.Terminal`), so the loop runs under tests without a TTY.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError
from napishy.cli.review_commands import KEYS
from napishy.cli.terminal import Terminal, wrap

if TYPE_CHECKING:
    from napishy.app import App
    from processors.claims import ClaimView
    from processors.images import Selection

HELP = "[a]pprove  [t]o…  [r]eject  [e]dit  [s]kip  [b]ack  [u]ndo  [v]iew  [?] help  [q]uit"
DECIDED_HELP = "[u]ndo  [s] next  [b]ack  [?] help  [q]uit"


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
    from foundation.storage.database import ensure_private_dir

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


class ReviewLoop:
    """Shows pending letters one at a time and applies one-key decisions through processors.review.

    `b` goes back a letter, `u` undoes a decision: on a decided letter its own, on a pending one
    the last made in this session (and shows that letter again). Whether an undo is allowed, and
    which attorneys a letter may go to, is processors.review's rule, so the terminal and the web
    refuse the same cases. `filters` (kind, attorney, language) narrow the letters gone through."""

    def __init__(self, app: App, operator: str, terminal: Terminal, *, color: bool,
                 filters: Mapping[str, str] | None = None) -> None:
        self.app, self.operator, self.term, self.color = app, operator, terminal, color
        self.filters = {k: v for k, v in (filters or {}).items() if v}
        self.counts: Counter[str] = Counter()
        self.decided: list[str] = []  # letters decided in this session, newest last
        self.notices: list[str] = []  # said at the top of the next screen, which clearing would hide

    def run(self) -> Counter[str]:
        from processors.queries import list_letters

        ids = [row.id for row in list_letters(self.app.database, status=Status.PENDING, kind=self.filters.get("kind"),
                                                 attorney=self.filters.get("attorney"),
                                                 language=self.filters.get("language"))]
        if not ids:
            self.term.say("no pending letters" + (f" ({self._filter_text()})" if self.filters else ""))
        position, came_back = 0, False
        while position < len(ids):
            step = self._one(ids[position], self._progress(position, len(ids)), came_back=came_back)
            if step == "quit":
                break
            came_back = step != "next"
            if step == "next":
                position += 1
            elif step == "back":
                if position == 0:
                    self.note("this is the first letter")
                position = max(0, position - 1)
            else:  # the id of a letter whose decision was just undone: show it again
                position = ids.index(step)
        self._flush()
        self.term.say(", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing done")
        return self.counts

    def note(self, message: str) -> None:
        self.notices.append(message)

    def _flush(self) -> None:
        for message in self.notices:
            self.term.say(message)
        self.notices.clear()

    def _filter_text(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.filters.items())

    def _progress(self, position: int, total: int) -> str:
        return f"[{position + 1}/{total}]" + (f"  {self._filter_text()}" if self.filters else "")

    def _draw(self, letter: str, keys: str) -> None:
        """Clear the screen, then the notices, the letter and the keys; a letter taller than the
        screen is read in the pager first, and the screen then keeps its first lines and the keys."""
        columns, rows = self.term.size()
        lines = wrap(letter, columns)
        notes = [line for message in self.notices for line in wrap(message, columns)]
        self.term.clear()
        if len(notes) + len(lines) + len(wrap(keys, columns)) + 1 > rows:
            self.term.show_paged("\n".join(lines))
            self.term.clear()
            lines = [*lines[:3], f"… {len(lines)} lines, read in the pager; [v] shows them again"]
        self._flush()
        self.term.say("\n".join(lines) + "\n\n" + keys)

    def _one(self, letter_id: str, progress: str, *, came_back: bool) -> str:
        """Handle one letter until the operator moves on: 'next', 'back', 'quit' or a letter id."""
        from napishy.cli.render import render_letter
        from processors import review
        from processors.claims import mark_seen
        from processors.queries import letter_detail

        while True:
            status, text, version = review.current(self.app.database, letter_id)
            detail = letter_detail(self.app.database, letter_id)
            if detail is None or (status != Status.PENDING and letter_id not in self.decided and not came_back):
                self.note(f"{progress} {letter_id} is now {status}; someone else reviewed it")
                return "next"
            held = self._claimed_by_other(letter_id) if status == Status.PENDING and not came_back else None
            if held is not None:
                self.note(f"{progress} {letter_id} skipped: {held.operator} is reviewing it until {held.until}")
                return "next"
            mark_seen(self.app.database, [letter_id], self.operator)
            if status == Status.PENDING:
                keys = HELP
            else:
                blocker = review.undo_blocker(self.app.database, letter_id)
                keys = f"this letter is {status}; " + (DECIDED_HELP if blocker is None else
                                                       f"no undo: {blocker}\n{DECIDED_HELP}")
            self._draw(f"{progress}\n{render_letter(detail, color=self.color)}", keys)
            key = self.term.read_key()
            try:
                outcome = self._act(key if key == "?" else key.lower(), letter_id, status, text, version,
                                    detail["recipients"])
            except NapishyError as error:
                self.note(f"napishy: {error}")
                continue
            if outcome in (Status.APPROVED, Status.REJECTED, "skipped"):
                self.counts[outcome] += 1
                return "next"
            if outcome is not None:
                return outcome

    def _claimed_by_other(self, letter_id: str) -> ClaimView | None:
        """Another operator's standing claim: the walk passes the letter by, as the web's "next" does."""
        from processors.claims import claims_of

        held = claims_of(self.app.database, [letter_id]).get(letter_id)
        return held if held is not None and held.operator != self.operator[:64] else None

    def _act(self, key: str, letter_id: str, status: str, text: str, version: int,
             recipients: list[str]) -> str | None:
        """Apply one key: an outcome to count, 'quit', 'back', a letter id to go to, or None to show
        the letter again."""
        from processors import review

        database, versions = self.app.database, {letter_id: version}
        if key in ("q", "\x04"):
            return "quit"
        if key == "b":
            return "back"
        if key == "u":
            return self._undo(letter_id if status != Status.PENDING else None, versions)
        if key == "?":
            self._help()
            return None
        if key == "v":
            return None
        if status != Status.PENDING:
            if key == "s":
                return "next"
            self.note(DECIDED_HELP)
            return None
        if key == "s":
            return "skipped"
        if key in ("a", "t"):
            chosen = self._ask_recipients(recipients) if key == "t" or not recipients else None
            if chosen == []:
                return None  # cancelled
            images = self._ask_images(letter_id)
            review.approve(database, [letter_id], self.operator, recipients=chosen, expected_versions=versions,
                           images=images)
            self.decided.append(letter_id)
            self.note(f"{letter_id} approved" + (f" to {', '.join(sorted(set(chosen)))}" if chosen else "")
                      + "  (u undoes it)")
            return Status.APPROVED
        if key == "r":
            reason = self.term.ask("reason (empty to cancel): ").strip()
            if not reason:
                return None
            review.reject(database, [letter_id], self.operator, reason, expected_versions=versions)
            self.decided.append(letter_id)
            self.note(f"{letter_id} rejected  (u undoes it)")
            return Status.REJECTED
        if key == "e":
            new_text = normalise_edit(text, self.term.edit(text))
            if new_text is None:
                self.note("no change")
                return None
            number = review.edit(database, letter_id, self.operator, new_text, expected_version=version)
            self.note(f"{letter_id}: revision {number} saved")
            self.counts["edited"] += 1
            return None
        self.note(HELP)
        return None

    def _ask_recipients(self, current: list[str]) -> list[str]:
        """The attorneys to approve to, by roster number or id; [] when the operator cancels.
        An unknown id is left for processors.review to refuse, with the list of known ones."""
        from processors.review import attorney_ids

        known = attorney_ids(self.app.database)
        listing = "  ".join(f"{n}:{ident}" for n, ident in enumerate(known, 1))
        now = ", ".join(current) or "nobody"
        answer = self.term.ask(f"attorneys  {listing}\nto (numbers or ids; now {now}; empty cancels): ")
        chosen = []
        for part in answer.replace(",", " ").split():
            index = int(part) - 1 if part.isdigit() else -1
            chosen.append(known[index] if 0 <= index < len(known) else part)
        return chosen

    def _help(self) -> None:
        self.term.clear()
        self.term.say(f"napishy review: one key per action\n\n{KEYS}\n\npress any key to go back to the letter")
        self.term.read_key()

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
                self.note("nothing to undo yet")
                return None
            letter_id, versions = self.decided[-1], {}
        review.undo(self.app.database, [letter_id], self.operator, expected_versions=versions)
        if letter_id in self.decided:
            self.decided.remove(letter_id)
        self.counts["undone"] += 1
        self.note(f"{letter_id}: decision undone, pending again")
        return letter_id
