"""`napishy approve | reject | undo | reset | edit | review | audit`: operators' decisions, each audited."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from anonymizer.vocabulary import DECIDED, KINDS, Status
from foundation.errors import NapishyError
from napishy.cli.common import load_app, print_json
from napishy.cli.group_decision import add_group_options, group_letters

if TYPE_CHECKING:
    from napishy.app import App

LANGUAGE = re.compile(r"[a-z]{2,8}")
KEYS = """\
  a   approve, to the attorneys shown (asks for them when there are none)
  t   approve to other attorneys: asks for their ids or numbers
  r   reject: asks for a reason (empty cancels)
  e   edit the anonymised text in $VISUAL or $EDITOR; saved as a new revision
  s   skip to the next letter
  b   back to the previous letter
  u   undo: on a decided letter its decision; on a pending one the last decision made here
  v   view the letter again (a long one opens in the pager: less, or page by page)
  ?   this list of keys
  q   quit, with a count of what was done"""  # `review --help` and the `?` screen show the same list


def register(subparsers: argparse._SubParsersAction) -> None:
    approve = subparsers.add_parser("approve", help="approve pending letters for publication")
    approve.add_argument("ids", nargs="*", metavar="ID")
    approve.add_argument("--to", metavar="ID[,ID...]", help="set the attorneys the letters are addressed to")
    chosen = approve.add_mutually_exclusive_group()
    chosen.add_argument("--images", nargs="?", const="all", metavar="N[,N...]",
                        help="publish these images (numbers from `napishy show`); alone: every image not withheld")
    chosen.add_argument("--no-images", action="store_true", help="publish no image (the default)")
    add_group_options(approve)
    approve.set_defaults(handler=approve_letters)

    reject = subparsers.add_parser("reject", help="reject pending letters (by id, or every pending one of a kind)")
    reject.add_argument("ids", nargs="*", metavar="ID")
    reject.add_argument("--kind", choices=KINDS, help="reject every pending letter of this kind")
    reject.add_argument("--reason", required=True, help="why (kept, at most 200 characters)")
    add_group_options(reject)
    reject.set_defaults(handler=reject_letters)

    reset = subparsers.add_parser("reset", help="send approved or rejected letters back to pending")
    reset.add_argument("ids", nargs="+", metavar="ID")
    reset.set_defaults(handler=reset_letters)

    undo = subparsers.add_parser("undo", help="revert the last approve or reject of letters, while nothing was "
                                              "exported since")
    undo.add_argument("ids", nargs="+", metavar="ID")
    undo.set_defaults(handler=undo_letters)

    edit = subparsers.add_parser("edit", help="edit a pending letter's anonymised text in $EDITOR")
    edit.add_argument("id")
    edit.set_defaults(handler=edit_letter)

    review = subparsers.add_parser(
        "review", help="go through pending letters one by one (needs a terminal)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Go through pending letters one at a time, oldest first, one key per action:\n\n" + KEYS)
    review.add_argument("--kind", choices=KINDS, help="only letters the classifier put in this kind")
    review.add_argument("--attorney", metavar="ID", help="only letters addressed to this attorney")
    review.add_argument("--language", metavar="CODE", help="only letters in this language (be, ru, uk, pl, en)")
    review.set_defaults(handler=review_letters)

    audit = subparsers.add_parser("audit", help="the log of operator actions")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain; non-zero exit if broken")
    verify.add_argument("--head", metavar="HASH", help="a head hash noted earlier; fail if it is gone")
    verify.set_defaults(handler=verify_audit)
    listing = actions.add_parser("list", help="show entries, oldest first")
    listing.add_argument("--letter", metavar="ID", help="only entries about this letter")
    listing.add_argument("--limit", type=int, metavar="N", help="only the newest N entries")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_audit)


def _operator_app(args: argparse.Namespace) -> tuple[App, str]:
    from processors.audit import current_operator

    app = load_app(args)
    return app, current_operator(app.settings)


def approve_letters(args: argparse.Namespace) -> int:
    from processors.images import ALL, parse_selection
    from processors.review import approve

    images = None if args.no_images or args.images is None else ALL if args.images == "all" else \
        parse_selection(args.images)
    app, operator = _operator_app(args)
    recipients = [part.strip() for part in args.to.split(",") if part.strip()] if args.to else None
    ids, versions = group_letters(app, args, "approve") if args.group else (args.ids, None)
    if not ids:
        raise NapishyError("give letter ids or --group")
    done = approve(app.database, ids, operator, recipients=recipients, images=images, expected_versions=versions)
    print(f"approved {len(done)}: {' '.join(done)}")
    return 0


def reject_letters(args: argparse.Namespace) -> int:
    from processors.review import clean_reason, reject, reject_kind

    if bool(args.ids) + bool(args.kind) + bool(args.group) != 1:
        raise NapishyError("give one of letter ids, --kind or --group, not both or none")
    app, operator = _operator_app(args)
    if args.group:
        clean_reason(args.reason)  # a missing reason is refused before the operator is asked anything
        ids, versions = group_letters(app, args, "reject")
        done = reject(app.database, ids, operator, args.reason, expected_versions=versions)
        print(f"rejected {len(done)}: {' '.join(done)}")
    elif args.kind:
        done = reject_kind(app.database, args.kind, operator, args.reason)
        print(f"rejected {len(done)} pending {args.kind} letters" + (f": {' '.join(done)}" if done else ""))
    else:
        done = reject(app.database, args.ids, operator, args.reason)
        print(f"rejected {len(done)}: {' '.join(done)}")
    return 0


def reset_letters(args: argparse.Namespace) -> int:
    from processors.review import reset

    app, operator = _operator_app(args)
    done = reset(app.database, args.ids, operator)
    print(f"back to pending {len(done)}: {' '.join(done)}")
    return 0


def undo_letters(args: argparse.Namespace) -> int:
    from processors.review import undo

    app, operator = _operator_app(args)
    done = undo(app.database, args.ids, operator)
    print(f"undone, pending again {len(done)}: {' '.join(done)}")
    return 0


def edit_letter(args: argparse.Namespace) -> int:
    from napishy.cli.review_loop import edit_text, normalise_edit
    from processors.review import ReviewError, current, edit

    app, operator = _operator_app(args)
    status, text, version = current(app.database, args.id)
    if status != Status.PENDING:
        raise ReviewError(f"cannot edit letter {args.id}: it is {status}"
                          + (f"; run `napishy reset {args.id}` first" if status in DECIDED else ""))
    new_text = normalise_edit(text, edit_text(text, app.data_dir))
    if new_text is None:
        print(f"{args.id}: no change")
        return 0
    number = edit(app.database, args.id, operator, new_text, expected_version=version)
    print(f"{args.id}: revision {number} saved")
    return 0


def review_letters(args: argparse.Namespace) -> int:
    from napishy.cli.review_loop import ReviewLoop, edit_text
    from napishy.cli.terminal import tty_terminal
    from processors.review import attorney_ids

    if args.language is not None and not LANGUAGE.fullmatch(args.language):
        raise NapishyError(f"--language: {args.language!r} is not a language code such as be, ru or en")
    app, operator = _operator_app(args)
    if args.attorney is not None and args.attorney not in (known := attorney_ids(app.database)):
        raise NapishyError(f"--attorney: unknown attorney id {args.attorney}; known: {', '.join(known)}")
    terminal = tty_terminal(lambda text: edit_text(text, app.data_dir))
    filters = {"kind": args.kind, "attorney": args.attorney, "language": args.language}
    ReviewLoop(app, operator, terminal, color=True, filters={k: v for k, v in filters.items() if v}).run()
    return 0


def verify_audit(args: argparse.Namespace) -> int:
    from processors.audit import ChainBroken, contains, head, verify

    app = load_app(args)
    problems = verify(app.reader)
    if args.head and not contains(app.reader, args.head):
        problems.append(f"the entry with head hash {args.head[:12]}… is gone: the log was cut short")
    if problems:
        raise ChainBroken("\n".join(["the audit log was tampered with:", *problems]))
    count, newest = head(app.reader)
    print(f"{count} entries, chain intact; head {newest}")
    return 0


def list_audit(args: argparse.Namespace) -> int:
    from processors.audit import entries

    app = load_app(args)
    rows = entries(app.reader, letter_id=args.letter, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    for row in rows:
        print(f"{row.seq:>6}  {row.at}  {row.operator:<16} {row.action:<18} {row.letter_id or '-':<13} {row.detail}")
    if not rows:
        print("the audit log is empty", file=sys.stderr)
    return 0
