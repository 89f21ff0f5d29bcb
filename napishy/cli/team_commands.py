"""`napishy claim | release | note | notes | seen | unseen`: operators working side by side.

A claim tells the others "I'm reviewing this" (and keeps them from deciding the letter until it
ends); notes are remarks between operators that no export carries; seen marks are per operator.
The operator is NAPISHY_OPERATOR or the OS user, as for every decision.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from foundation.controls import visible
from napishy.cli.common import load_app, print_json

if TYPE_CHECKING:
    from napishy.app import App
    from processors.notes import NoteView


def register(subparsers: argparse._SubParsersAction) -> None:
    claim = subparsers.add_parser("claim", help="\"I'm reviewing this\": hold a pending letter for a while "
                                                "(NAPISHY_CLAIM_MINUTES); others see it and cannot decide it")
    claim.add_argument("id")
    claim.add_argument("--minutes", type=int, metavar="N", help="how long (default NAPISHY_CLAIM_MINUTES)")
    claim.add_argument("--force", action="store_true", help="take over another operator's claim")
    claim.set_defaults(handler=claim_letter)

    release = subparsers.add_parser("release", help="give back a claim before deciding (a decision releases it too)")
    release.add_argument("id")
    release.add_argument("--force", action="store_true", help="release another operator's claim")
    release.set_defaults(handler=release_letter)

    note = subparsers.add_parser("note", help="add an internal note to a letter for other operators; never "
                                              "exported; refused if it holds a name, phone, address …")
    note.add_argument("id")
    note.add_argument("text", nargs="+", help="the note (words are joined with spaces)")
    note.set_defaults(handler=add_note)

    notes = subparsers.add_parser("notes", help="a letter's internal notes, oldest first")
    notes.add_argument("id")
    notes.add_argument("--json", action="store_true")
    notes.set_defaults(handler=list_notes)

    for name, seen in (("seen", True), ("unseen", False)):
        mark = subparsers.add_parser(name, help=f"mark letters {name} for you (`queue --unseen` lists the unseen)")
        mark.add_argument("ids", nargs="+", metavar="ID")
        mark.set_defaults(handler=mark_letters, seen=seen)


def _operator_app(args: argparse.Namespace) -> tuple[App, str]:
    from processors.audit import current_operator

    app = load_app(args)
    return app, current_operator(app.settings)


def claim_letter(args: argparse.Namespace) -> int:
    from processors.claims import claim

    app, operator = _operator_app(args)
    minutes = args.minutes if args.minutes is not None else app.settings.claim_minutes
    held = claim(app.database, args.id, operator, minutes, force=args.force)
    print(f"{args.id} is yours to review until {held.until} (`napishy release {args.id}` gives it back)")
    return 0


def release_letter(args: argparse.Namespace) -> int:
    from processors.claims import release

    app, operator = _operator_app(args)
    released = release(app.database, args.id, operator, force=args.force)
    print(f"released {args.id}" if released else f"{args.id} was not claimed")
    return 0


def add_note(args: argparse.Namespace) -> int:
    from processors.notes import add

    app, operator = _operator_app(args)
    added = add(app.database, args.id, operator, " ".join(args.text), app.roster)
    print(f"note {added.id} added to {args.id}")
    return 0


def list_notes(args: argparse.Namespace) -> int:
    from foundation.errors import NotFound
    from processors.notes import of_letter
    from processors.queries import letter_detail

    app = load_app(args)
    if letter_detail(app.reader, args.id) is None:
        raise NotFound(f"no letter {args.id}")
    found = of_letter(app.reader, args.id)
    if args.json:
        print_json([{"id": n.id, "author": n.author, "at": _when(n.created_at), "text": n.text} for n in found])
        return 0
    if not found:
        print(f"{args.id} has no notes")
    for line in note_lines(found):
        print(line)
    return 0


def note_lines(found: list[NoteView]) -> list[str]:
    """How `notes` and `show` print notes: who, when, then the text, indented."""
    lines = []
    for note in found:
        lines.append(f"note {note.id} by {note.author}, {_when(note.created_at)}:")
        lines += [f"  {visible(line)}" for line in note.text.splitlines()]
    return lines


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def mark_letters(args: argparse.Namespace) -> int:
    from processors.claims import mark_seen

    app, operator = _operator_app(args)
    mark_seen(app.database, args.ids, operator, seen=args.seen)
    print(f"{len(dict.fromkeys(args.ids))} letters marked {'seen' if args.seen else 'unseen'}")
    return 0
