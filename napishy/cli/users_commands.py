"""`napishy users add | list | remove`: accounts of the web console."""

from __future__ import annotations

import argparse
import getpass
import sys

from anonymizer.vocabulary import ROLES
from foundation.errors import NapishyError
from napishy.cli.common import load_app


def register(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser("users", help="web console accounts")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account (password from NAPISHY_WEB_PASSWORD or asked twice)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True, help="organisers may also export")
    add.set_defaults(handler=add_user)
    listing = actions.add_parser("list", help="accounts and their roles")
    listing.set_defaults(handler=list_users)
    remove = actions.add_parser("remove", help="delete an account (a running `napishy web` logs it out)")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_user)


def _new_password(preset: str | None) -> str:
    """From the settings when scripted; otherwise asked twice on the terminal, never echoed."""
    if preset:
        return preset
    if not sys.stdin.isatty():
        raise NapishyError("no password: set NAPISHY_WEB_PASSWORD or run on a terminal")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Repeat the password: ") != first:
        raise NapishyError("the passwords differ; nothing was changed")
    return first


def add_user(args: argparse.Namespace) -> int:
    from processors.accounts import add_user as add
    from processors.accounts import check_name

    check_name(args.name)  # before asking for a password that would then be thrown away
    app = load_app(args, create=True)  # the first account may come before the first letter
    account = add(app.database, args.name, args.role, _new_password(app.settings.web_password))
    print(f"added {account.role} {account.name}")
    return 0


def list_users(args: argparse.Namespace) -> int:
    from processors.accounts import list_users as listing

    accounts = listing(load_app(args).database)
    for account in accounts:
        print(f"{account.name:<24} {account.role:<10} since {account.created_on.isoformat()}")
    if not accounts:
        print("no accounts yet; add one with `napishy users add NAME --role operator`", file=sys.stderr)
    return 0


def remove_user(args: argparse.Namespace) -> int:
    from processors.accounts import remove_user as remove

    remove(load_app(args).database, args.name)
    print(f"removed {args.name}")
    return 0
