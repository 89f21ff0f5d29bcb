"""`napishy poll --once` and `napishy run`: IMAP intake from the configured mailboxes."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from foundation.errors import NapishyError
from napishy.cli.common import load_app


class UsageError(NapishyError):
    """Raised when `poll` is called without `--once` (the long-running mode is `napishy run`)."""

    exit_code = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    poll = subparsers.add_parser("poll", help="fetch every configured mailbox once, then exit")
    poll.add_argument("--once", action="store_true", help="one pass over every mailbox (required)")
    poll.set_defaults(handler=poll_mailboxes)

    run = subparsers.add_parser("run", help="the service: watch the mailboxes with IMAP IDLE until SIGTERM")
    run.set_defaults(handler=run_service)


def _stop_on_signals() -> threading.Event:
    """SIGTERM and SIGINT ask the intake to finish the letter in hand and exit 0. Nothing is logged
    in the handler itself: it may interrupt a thread that holds the logging lock."""
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop


def poll_mailboxes(args: argparse.Namespace) -> int:
    if not args.once:
        raise UsageError("poll needs --once; the long-running service is `napishy run`")
    from foundation.storage.reshuffle import Reshuffler
    from intake.imap import poll_once

    app = load_app(args, create=True)
    stop = _stop_on_signals()
    summaries = poll_once(app, stop)
    for summary in summaries:
        print(summary.line())
    Reshuffler(app.database.engine).maybe_run(stop.is_set)  # when due: a cron poll keeps no order either
    return 0 if all(summary.ok for summary in summaries) else 1


def run_service(args: argparse.Namespace) -> int:
    from intake.imap_service import run

    app = load_app(args, create=True)
    run(app, _stop_on_signals())
    return 0
