"""`napishy revisions ID [--diff [A [B]]]` and `napishy restore ID N`: a letter's edit history."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from foundation.errors import NapishyError
from napishy.cli.common import load_app

if TYPE_CHECKING:
    from napishy.app import App
    from processors.revisions import Change

_STYLES = {"removed": ("\033[9;31m", "[-", "-]"), "added": ("\033[1;32m", "{+", "+}")}


def register(subparsers: argparse._SubParsersAction) -> None:
    revisions = subparsers.add_parser(
        "revisions", help="a letter's revisions; --diff shows what an edit changed",
        description="Revision 1 is the anonymiser's text; each edit or restore adds one. --diff alone compares "
                    "the newest with the one before, --diff N revision N with the one before it, --diff A B "
                    "revision A with B. Removed words are shown [-like this-], added ones {+like this+} "
                    "(in colour on a terminal).")
    revisions.add_argument("id")
    revisions.add_argument("--diff", nargs="*", type=_number, metavar="N", help="compare revisions (see above)")
    revisions.set_defaults(handler=show_revisions)

    restore = subparsers.add_parser(
        "restore", help="make an earlier revision a pending letter's text again (as a new revision, audited)")
    restore.add_argument("id")
    restore.add_argument("revision", type=_number, metavar="N", help="the revision number (`napishy revisions ID`)")
    restore.set_defaults(handler=restore_revision)


def _number(value: str) -> int:
    if not value.isdigit() or len(value) > 6:
        raise argparse.ArgumentTypeError(f"{value!r} is not a revision number")
    return int(value)


def show_revisions(args: argparse.Namespace) -> int:
    from processors.revisions import history

    app = load_app(args)
    current, revisions = history(app.reader, args.id)
    if args.diff is not None:
        if len(args.diff) > 2:
            raise NapishyError("--diff compares at most two revisions: --diff A B")
        print_diff(app, args.id, args.diff)
        return 0
    if not revisions:
        print(f"{args.id}: no revisions; the text has not been edited")
        return 0
    for revision in reversed(revisions):
        notes = []
        if revision.text == current:
            notes.append("the current text")
        if revision.number == 1:
            notes.append("the anonymiser's text")
        note = f"  ({'; '.join(notes)})" if notes else ""
        print(f"revision {revision.number:<3} {revision.author:<16} {revision.created_on}  "
              f"{len(revision.text)} characters{note}")
    return 0


def print_diff(app: App, letter_id: str, numbers: list[int]) -> None:
    from processors.revisions import history, pick, word_diff

    _, revisions = history(app.reader, letter_id)
    old, new = pick(revisions, numbers, letter_id)
    print(f"--- revision {old.number} ({old.author}, {old.created_on})")
    print(f"+++ revision {new.number} ({new.author}, {new.created_on})")
    runs = word_diff(old.text, new.text)
    print(render_diff(runs, color=sys.stdout.isatty()) if any(r.kind != "same" for r in runs) else "(the same text)")


def render_diff(runs: list[Change], *, color: bool) -> str:
    """Like `git diff --word-diff`: [-removed-] and {+added+}, or struck red and bold green on a terminal."""
    pieces = []
    for run in runs:
        if run.kind == "same":
            pieces.append(run.text)
            continue
        style, start, end = _STYLES[run.kind]
        pieces.append(f"{style}{run.text}\033[0m" if color else f"{start}{run.text}{end}")
    return "".join(pieces)


def restore_revision(args: argparse.Namespace) -> int:
    from processors.audit import current_operator
    from processors.review import restore

    app = load_app(args)
    number = restore(app.database, args.id, current_operator(app.settings), args.revision)
    print(f"{args.id}: revision {args.revision} restored as revision {number}")
    return 0
