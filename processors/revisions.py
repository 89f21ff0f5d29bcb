"""What changed between two revisions of a letter's text, word by word.

Pure functions over texts already stored (every revision is anonymised text), so the terminal and
the web show the same diff and neither can reveal anything the queue does not already hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from foundation.errors import NotFound
from foundation.storage.reader import Source, as_date, reading

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Change:
    """One run of the diff: text both revisions share, or text only the old or the new one has."""

    kind: Literal["same", "removed", "added"]
    text: str


WORD_BUDGET = 1_000_000  # token pairs SequenceMatcher may weigh at once: about 0.3 s at worst


def word_diff(old: str, new: str) -> list[Change]:
    """The runs that turn `old` into `new`. Words and the spaces between them are the units, so an
    edited word shows as that word, and line breaks survive for display. The common start and end
    are set aside first (an edit is usually local); a middle too big to align word by word in time
    is aligned line by line, then word by word inside each changed block that is small enough."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    runs: list[Change] = []
    _add(runs, "same", "".join(before[:start]))
    _diff_tokens(runs, before[start:len(before) - end], after[start:len(after) - end])
    _add(runs, "same", "".join(before[len(before) - end:]))
    return runs


def _diff_tokens(runs: list[Change], before: list[str], after: list[str], *, by_lines: bool = True) -> None:
    """Word by word; over the budget, line by line first (`by_lines`), else the whole block as
    removed and added: a slow page is worse than a coarse diff of a huge rewrite."""
    if len(before) * len(after) > WORD_BUDGET:
        if by_lines:
            _diff_lines(runs, "".join(before), "".join(after))
        else:
            _add(runs, "removed", "".join(before))
            _add(runs, "added", "".join(after))
        return
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(runs, "same", "".join(before[i1:i2]))
            continue
        _add(runs, "removed", "".join(before[i1:i2]))
        _add(runs, "added", "".join(after[j1:j2]))


def _diff_lines(runs: list[Change], old: str, new: str) -> None:
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            _add(runs, "same", removed)
        elif tag == "replace" and len(_TOKEN.findall(removed)) * len(_TOKEN.findall(added)) <= WORD_BUDGET:
            _diff_tokens(runs, _TOKEN.findall(removed), _TOKEN.findall(added), by_lines=False)
        elif tag == "replace" and i2 - i1 == j2 - j1:  # as many lines as before: each edited in place
            for line_before, line_after in zip(before[i1:i2], after[j1:j2], strict=True):
                _diff_tokens(runs, _TOKEN.findall(line_before), _TOKEN.findall(line_after), by_lines=False)
        else:
            _add(runs, "removed", removed)
            _add(runs, "added", added)


def _add(runs: list[Change], kind: Literal["same", "removed", "added"], text: str) -> None:
    if not text:
        return
    if runs and runs[-1].kind == kind:
        runs[-1] = Change(kind, runs[-1].text + text)
    else:
        runs.append(Change(kind, text))


@dataclass(frozen=True)
class RevisionText:
    number: int
    author: str
    created_on: str
    text: str


def history(source: Source, letter_id: str) -> tuple[str, list[RevisionText]]:
    """The letter's current text and its revisions, oldest first; NotFound for an unknown letter.
    Plain SQL through `foundation.storage.reader`, like `show`, so reading history stays quick."""
    with reading(source) as query:
        row = query.one("SELECT text FROM letters WHERE id = ?", (letter_id,))
        if row is None:
            raise NotFound(f"no letter {letter_id}")
        rows = query.all("SELECT number, author, created_on, text FROM revisions WHERE letter_id = ? ORDER BY number",
                         (letter_id,))
    return row[0], [RevisionText(number, author, as_date(day).isoformat(), text) for number, author, day, text in rows]


def pick(revisions: list[RevisionText], numbers: list[int], letter_id: str) -> tuple[RevisionText, RevisionText]:
    """The two revisions to compare: none given, the newest against the one before; one, that
    revision against the one before it; two, those two, in the order given."""
    by_number = {r.number: r for r in revisions}
    if len(revisions) < 2 and len(numbers) < 2:
        raise NotFound(f"letter {letter_id} has {len(revisions)} revision{'s' * (len(revisions) != 1)}: "
                       "there is nothing to compare")
    missing = [n for n in numbers if n not in by_number]
    if missing:
        known = ", ".join(str(r.number) for r in revisions) or "none"
        raise NotFound(f"letter {letter_id} has no revision {', '.join(map(str, missing))} (revisions: {known})")
    if not numbers:
        return revisions[-2], revisions[-1]
    if len(numbers) == 1:
        position = revisions.index(by_number[numbers[0]])
        if position == 0:
            raise NotFound(f"revision {numbers[0]} is the first one of letter {letter_id}: there is nothing before it")
        return revisions[position - 1], revisions[position]
    return by_number[numbers[0]], by_number[numbers[1]]
