"""Entry point. Each command module registers its sub-commands; errors become one line on stderr."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence

from foundation.errors import NapishyError
from napishy import __version__

# Modules with a `register(subparsers)` function; imported when the parser is built, so they
# must keep heavy imports (SQLAlchemy models, the anonymizer, cryptography) inside handlers.
COMMAND_MODULES = (
    "napishy.cli.keys_commands",
    "napishy.cli.letters_commands",
    "napishy.cli.queue_commands",
    "napishy.cli.dashboard_commands",
    "napishy.cli.mailbox_commands",
    "napishy.cli.review_commands",
    "napishy.cli.revision_commands",
    "napishy.cli.team_commands",
    "napishy.cli.export_commands",
    "napishy.cli.db_commands",
    "napishy.web.command",
    "napishy.cli.users_commands",
    "napishy.cli.retention_commands",
)

# Which module registers each command, so a command builds only its own module's parser: importing
# them all costs `queue`, `show` and `status` a fifth of their 0.2 s. `--help`, no command or one
# missing here imports them all (a new command works before it is listed, only slower to start).
# tests/test_cli_commands.py checks each entry against what its module registers.
COMMANDS = {
    "keys": "napishy.cli.keys_commands",
    **dict.fromkeys(("import", "anonymize", "open", "retry"), "napishy.cli.letters_commands"),
    **dict.fromkeys(("queue", "show", "status"), "napishy.cli.queue_commands"),
    **dict.fromkeys(("poll", "run"), "napishy.cli.mailbox_commands"),
    **dict.fromkeys(("approve", "reject", "reset", "undo", "edit", "review", "audit"), "napishy.cli.review_commands"),
    **dict.fromkeys(("revisions", "restore"), "napishy.cli.revision_commands"),
    **dict.fromkeys(("claim", "release", "note", "notes", "seen", "unseen"), "napishy.cli.team_commands"),
    "export": "napishy.cli.export_commands",
    "db": "napishy.cli.db_commands",
    "web": "napishy.web.command",
    "users": "napishy.cli.users_commands",
    "purge": "napishy.cli.retention_commands",
}

Handler = Callable[[argparse.Namespace], int]


def command_word(argv: Sequence[str]) -> str | None:
    """The command `argv` names (its first word that is no option nor --env-file's value), or None."""
    words = iter(argv)
    for word in words:
        if word == "--env-file":
            next(words, None)
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or, for `argv` naming a known command, with that command's module only."""
    parser = argparse.ArgumentParser(
        prog="napishy", description="Anonymous letter intake for the 'Write to an Attorney' campaign."
    )
    parser.add_argument("--version", action="version", version=f"napishy {__version__}")
    parser.add_argument("--env-file", default=None,
                        help="settings file; must exist when given (default: ./settings.env if there)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = command_word(argv) if argv is not None else None
    for name in [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # The NER model does many tiny matrix products; BLAS threads only fight over the two cores.
    # Must be set before numpy loads, and is inherited by the anonymiser's child process.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    os.umask(0o077)  # every file napishy writes is private to its user unless said otherwise
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv if "-h" not in argv and "--help" not in argv else None)
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except NapishyError as error:
        for line in str(error).splitlines() or [type(error).__name__]:
            print(f"napishy: {line}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("napishy: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as error:  # a bug: say so without a traceback that could quote a letter
        if os.environ.get("NAPISHY_DEBUG"):
            raise
        logging.getLogger("napishy").error("internal error: %s", type(error).__name__)
        print(f"napishy: internal error ({type(error).__name__}); set NAPISHY_DEBUG=1 to see it", file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
