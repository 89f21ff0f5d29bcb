"""Which settings and data dir a command runs against, and the app built from them.

Wiring, below both shells: the CLI's commands and `napishy web` (the web shell's command) load the
app the same way, refusing a missing --env-file or data dir the same way.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from foundation.errors import NapishyError

if TYPE_CHECKING:
    from foundation.settings import Settings
    from napishy.app import App

DEFAULT_ENV_FILE = Path("settings.env")


class WrongContext(NapishyError):
    """Raised when a command runs against settings or data that are not there (a mistyped
    --env-file, the wrong working directory): saying so beats showing an empty queue."""

    exit_code = 2


def env_file(args: argparse.Namespace) -> Path:
    """The settings file: the one named with --env-file must exist; ./settings.env is optional."""
    if args.env_file is None:
        return DEFAULT_ENV_FILE
    path = Path(args.env_file)
    if not path.exists():
        raise WrongContext(f"--env-file {path}: no such file")
    return path


def load_settings(args: argparse.Namespace) -> Settings:
    from foundation.settings import Settings

    return Settings.load(env_file=env_file(args))


def load_app(args: argparse.Namespace, *, create: bool = False) -> App:
    """The app for a command. Only commands that bring letters or accounts in (`create`) may start
    a new data dir; the others refuse one that is not there, naming where they looked."""
    from foundation import logs
    from napishy.app import App

    settings = load_settings(args)
    logs.configure(settings.log_level)
    if not create:
        require_store(settings, env_file(args))
    return App(settings)


def require_store(settings: Settings, settings_file: Path) -> None:
    """A SQLite store must already exist; a PostgreSQL one lives elsewhere and is checked on connect."""
    if not settings.database_url.startswith("sqlite"):
        return
    where = settings.data_dir
    db_path = settings.database_url.split("///", 1)[-1]
    if settings.data_dir.is_dir() and db_path not in ("", ":memory:"):
        where = Path(db_path)
    if where.exists():
        return
    source = (f"settings from {settings_file.absolute()}" if settings_file.exists()
              else f"no {settings_file.absolute()}")
    raise WrongContext(
        f"no napishy data at {where} ({source}): set NAPISHY_DATA_DIR or --env-file to yours;"
        " `napishy import`, `poll` or `run` start a new one"
    )
