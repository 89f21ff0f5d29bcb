"""The operator's terminal for `napishy review`: keys, prompts, clearing, word wrapping and paging.

Everything the review loop does to the screen goes through a `Terminal`, so the loop runs under
tests with no TTY, and a real one (`tty_terminal`) is a thin layer over the standard library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from foundation.errors import NapishyError

ANSI = re.compile(r"\033\[[0-9;]*m")
CLEAR = "\033[H\033[2J"  # home and erase the screen; the scrollback is kept, as in mutt
_INDENT = re.compile(r" *(?:\| )?")  # leading spaces, and the "  | " an OCR draft is shown with


def visible_length(text: str) -> int:
    return len(ANSI.sub("", text))


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` visible characters, broken at spaces; a word is cut only
    when it is longer than a whole line. Colour codes take no room, and a continuation line keeps
    the indentation of the line it continues."""
    width = max(width, 20)
    return [piece for line in text.split("\n") for piece in _wrap_line(line, width)]


def _wrap_line(line: str, width: int) -> list[str]:
    if visible_length(line) <= width:
        return [line]
    indent = _INDENT.match(line).group(0)  # type: ignore[union-attr]  # the pattern matches "" too
    if len(indent) > width // 2:
        indent = ""
    lines: list[str] = []
    current, length, empty = line[:len(indent)], len(indent), True
    for word in line[len(indent):].split(" "):
        size = visible_length(word)
        if not empty and length + 1 + size > width:
            lines.append(current)
            current, length, empty = indent, len(indent), True
        if empty:
            if not word:
                continue  # no blank at the start of a continuation line
            while length + size > width and not ANSI.search(word):
                take = width - length
                lines.append(current + word[:take])
                word, size = word[take:], size - take
            current, length, empty = current + word, length + size, False
        else:
            current, length = f"{current} {word}", length + 1 + size
    lines.append(current)
    return lines


@dataclass
class Terminal:
    """What the review loop needs from a terminal. The defaults suit a test: nothing to clear, and
    a screen so tall that nothing is paged."""

    read_key: Callable[[], str]
    ask: Callable[[str], str]
    say: Callable[[str], None]
    edit: Callable[[str], str]
    size: Callable[[], tuple[int, int]] = lambda: (80, 100_000)  # columns, rows
    clear: Callable[[], None] = lambda: None
    page: Callable[[str], None] | None = field(default=None)  # None: say it

    def show_paged(self, text: str) -> None:
        (self.page or self.say)(text)


def tty_terminal(edit: Callable[[str], str]) -> Terminal:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NapishyError("`napishy review` needs a terminal; use approve/reject/edit in scripts")

    def size() -> tuple[int, int]:
        found = shutil.get_terminal_size()
        return found.columns, found.lines

    def clear() -> None:
        sys.stdout.write(CLEAR)
        sys.stdout.flush()

    def page(text: str) -> None:
        pager(text, rows=size()[1], read_key=read_key, say=print, more=more_prompt)

    return Terminal(read_key, input, print, edit, size, clear, page)


def read_key() -> str:
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # one key, no Enter; Ctrl-C still interrupts
        return sys.stdin.read(1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _less_environment() -> dict[str, str]:
    """No ~/.lesshst: what an operator searches for in a letter may be a word of it, and it must not
    outlive the session in a file. LESSSECURE takes away less's shell, editor and log-file commands."""
    return {**os.environ, "LESSHISTFILE": "-", "LESSSECURE": "1"}


def _in_less(text: str, flags: str) -> bool:
    """Show `text` in less when it is installed; False means page it here instead."""
    less = shutil.which("less")
    if not less:
        return False
    sys.stdout.flush()
    try:
        subprocess.run([less, flags], input=text.encode("utf-8"), check=False, env=_less_environment())
    except OSError:
        return False  # fall back to paging here
    return True


def pager(text: str, *, rows: int, read_key: Callable[[], str], say: Callable[[str], None],
          more: Callable[[str], str] | None = None) -> None:
    """Show a long letter one screen at a time: in `less -R` (colours kept) when it is installed,
    else page by page here. The text goes to less on a pipe, never through a temp file."""
    # -R: colour codes pass; -X is left out so the letter goes when less quits, like mutt
    if _in_less(text, "-R"):
        return
    builtin_pager(text.split("\n"), rows=rows, read_key=read_key, say=say, more=more)


def page_output(text: str) -> None:
    """A listing for a person at a terminal, like git's: in `less -FRX` (it exits at once when the
    text fits, and leaves it on the screen), else page by page here when it is taller than the screen."""
    if _in_less(text, "-FRX"):
        return
    lines = text.split("\n")
    rows = shutil.get_terminal_size().lines
    if len(lines) < rows or not sys.stdin.isatty():
        print(text)
        return
    builtin_pager(lines, rows=rows, read_key=read_key, say=print, more=more_prompt)


def more_prompt(prompt: str) -> str:
    """The pager's prompt on the last line, gone again once a key is pressed (so a page is a screen)."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    key = read_key()
    sys.stdout.write("\r\033[K")
    return key


MORE = "-- more ({shown}/{total} lines): space next page, Enter next line, q done --"


def builtin_pager(lines: list[str], *, rows: int, read_key: Callable[[], str], say: Callable[[str], None],
                  more: Callable[[str], str] | None = None) -> None:
    """A screen at a time, then a line at a time with Enter, until the end or q. `more` shows the
    prompt and returns the key pressed (by default: said, then a key read)."""
    step = max(rows - 1, 1)
    shown = min(step, len(lines))
    say("\n".join(lines[:shown]))
    while shown < len(lines):
        prompt = MORE.format(shown=shown, total=len(lines))
        if more:
            key = more(prompt)
        else:
            say(prompt)
            key = read_key()
        if key in ("q", "Q", "\x04", "\x1b"):
            return
        count = 1 if key in ("\n", "\r", "j") else step
        say("\n".join(lines[shown:shown + count]))
        shown += count
