"""`napishy keys generate`."""

from __future__ import annotations

import argparse
from pathlib import Path

from napishy.cli.common import load_settings, passphrase


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="manage the organisers' sealing key")
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    generate = actions.add_parser("generate", help="write public.key and a passphrase-protected private.key")
    generate.add_argument("--out", type=Path, required=True, help="folder for the two key files")
    generate.set_defaults(handler=generate_keys)


def generate_keys(args: argparse.Namespace) -> int:
    from foundation.vault import generate_keys as generate

    key_id = generate(args.out, passphrase(load_settings(args), confirm=True))
    print(f"key {key_id}: {args.out / 'public.key'} (for the service), {args.out / 'private.key'} (keep offline)")
    return 0
