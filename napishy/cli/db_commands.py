"""`napishy db upgrade` and `napishy db copy --to URL`."""

from __future__ import annotations

import argparse

from napishy.cli.common import load_app


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="database schema and moving a store")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply migrations up to the newest")
    upgrade.set_defaults(handler=upgrade_schema)
    copy = actions.add_parser("copy", help="copy this store into an empty database (e.g. PostgreSQL)")
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql+psycopg://user@host/db")
    copy.set_defaults(handler=copy_database)


def upgrade_schema(args: argparse.Namespace) -> int:
    from foundation.storage.database import Database
    from processors.near_duplicates import backfill

    settings = load_app(args, create=True).settings
    database = Database(settings.database_url, data_dir=settings.data_dir)
    try:
        before = database.current_revision()
        database.upgrade()
        after = database.current_revision()
        signed = backfill(database)  # what 0006 leaves to code: the signatures of letters already stored
    finally:
        database.dispose()
    print(f"schema {before or '(empty)'} -> {after}" if before != after else f"schema already at {after}")
    if signed:
        print(f"near-duplicate signatures computed for {signed} letters stored before")
    return 0


def copy_database(args: argparse.Namespace) -> int:
    from foundation.storage.copy import copy_store
    from foundation.storage.database import Database

    app = load_app(args)
    target = Database(args.to)
    try:
        copied = copy_store(app.database, target)
    finally:
        target.dispose()
    summary = ", ".join(f"{name} {count}" for name, count in copied.items())
    print(f"copied and verified: {summary}")
    print("next: set NAPISHY_DATABASE_URL to the new database on every service")
    return 0
