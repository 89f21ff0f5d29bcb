"""What command handlers share: loading the app from the arguments, printing JSON."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from napishy.app import App
    from napishy.settings import Settings


def load_settings(args: argparse.Namespace) -> Settings:
    from napishy.settings import Settings

    return Settings.load(env_file=Path(args.env_file))


def load_app(args: argparse.Namespace) -> App:
    from napishy import logs
    from napishy.app import App

    settings = load_settings(args)
    logs.configure(settings.log_level)
    return App(settings)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def passphrase(settings: Settings, *, confirm: bool = False) -> bytes:
    """From NAPISHY_KEY_PASSPHRASE, else asked on the terminal (never echoed)."""
    from napishy.errors import NapishyError

    if settings.key_passphrase:
        return settings.key_passphrase.encode()
    if not sys.stdin.isatty():
        raise NapishyError("no passphrase: set NAPISHY_KEY_PASSPHRASE or run on a terminal")
    first = getpass.getpass("Key passphrase: ")
    if confirm and getpass.getpass("Repeat passphrase: ") != first:
        raise NapishyError("the passphrases differ")
    return first.encode()
