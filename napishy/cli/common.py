"""What command handlers share: printing JSON, asking for the passphrase, and (from the wiring) the app
for the arguments."""

from __future__ import annotations

import getpass
import json
import sys
from typing import TYPE_CHECKING, Any

from foundation.errors import NapishyError
from napishy.context import WrongContext, env_file, load_app, load_settings, require_store

__all__ = ["WrongContext", "env_file", "load_app", "load_settings", "passphrase", "print_json", "require_store"]

if TYPE_CHECKING:
    from foundation.settings import Settings


def print_json(value: Any) -> None:
    # dumps, not dump: one write of the C encoder's text; dump writes every token (10,000 letters:
    # 300,000 writes, over a second)
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def passphrase(settings: Settings, *, confirm: bool = False) -> bytes:
    """From NAPISHY_KEY_PASSPHRASE, else asked on the terminal (never echoed)."""
    if settings.key_passphrase:
        return settings.key_passphrase.encode()
    if not sys.stdin.isatty():
        raise NapishyError("no passphrase: set NAPISHY_KEY_PASSPHRASE or run on a terminal")
    first = getpass.getpass("Key passphrase: ")
    if confirm and getpass.getpass("Repeat passphrase: ") != first:
        raise NapishyError("the passphrases differ")
    return first.encode()
