"""`approve --group G` and `reject --group G`: a near-duplicate group decided in one step, confirmed first.

The group's pending letters are listed and the operator says yes to exactly those (on a terminal
a prompt; elsewhere `--yes`), so a mistyped group id or a letter that joined the group meanwhile
is never decided unseen. The decision then goes through processors.review like any list of ids:
each letter its own audit entry and its own undo, and the whole refused if any of them changed
since it was listed (its version).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from foundation.errors import NapishyError, NotFound

if TYPE_CHECKING:
    from napishy.app import App


class NotConfirmed(NapishyError):
    """Raised when an operator declines a group decision, or no one was there to confirm it."""


def add_group_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", metavar="GROUP",
                        help="every pending letter of this near-duplicate group (`napishy queue --groups`)")
    parser.add_argument("--yes", action="store_true", help="with --group: decide without asking (no terminal)")


def group_letters(app: App, args: argparse.Namespace, verb: str) -> tuple[list[str], dict[str, int]]:
    """The group's pending letter ids and their versions, once the operator has confirmed them."""
    from processors.group_queries import pending_in_group

    if args.ids:
        raise NapishyError("give letter ids or --group, not both")
    members = pending_in_group(app.reader, args.group)
    if not members:
        raise NotFound(f"group {args.group} has no pending letters (`napishy queue --groups` lists the groups)")
    print(f"group {args.group}: {len(members)} pending letters will be {verb}d, each on its own:")
    for member in members:
        print(f"  {member.id}  {member.preview}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise NotConfirmed(f"nothing was {verb}d: confirm with --yes when no one is at a terminal")
        answer = input(f"{verb} these {len(members)} letters? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            raise NotConfirmed(f"nothing was {verb}d")
    return [m.id for m in members], {m.id: m.version for m in members}
