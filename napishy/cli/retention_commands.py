"""`napishy purge --before DATE`: retention, with the originals destroyed."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from foundation.errors import NapishyError
from napishy.cli.common import load_app


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2027-06-01") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    purge = subparsers.add_parser("purge", help="delete letters received before a day, originals included")
    purge.add_argument("--before", type=_date, required=True, metavar="YYYY-MM-DD")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(handler=purge_letters)


def purge_letters(args: argparse.Namespace) -> int:
    from processors.audit import current_operator
    from processors.purge import count_before, purge

    app = load_app(args)
    count = count_before(app.database, args.before)
    if count == 0:
        print(f"no letters received before {args.before.isoformat()}")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise NapishyError("purge destroys letters for good: add --yes to confirm")
        answer = input(f"Destroy {count} letters received before {args.before.isoformat()}? Type 'purge': ")
        if answer.strip() != "purge":
            print("nothing purged")
            return 1
    purged = purge(app.database, args.before, current_operator(app.settings))
    print(f"purged {purged} letters and their sealed originals")
    return 0
