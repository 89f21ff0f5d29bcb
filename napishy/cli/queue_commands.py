"""`napishy queue`, `show` and `status`: reading the queue, never changing it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from anonymizer.vocabulary import KINDS, STATUSES
from foundation.errors import NapishyError, NotFound
from napishy.cli.common import WrongContext, load_app, print_json

if TYPE_CHECKING:
    from anonymizer.attachments.ocr import OcrConfig
    from napishy.app import App


def register(subparsers: argparse._SubParsersAction) -> None:
    queue = subparsers.add_parser("queue", help="list letters (all of them unless --status is given)")
    queue.add_argument("--status", choices=STATUSES)
    queue.add_argument("--kind", choices=KINDS)
    queue.add_argument("--mine", action="store_true", help="only letters you have claimed (`napishy claim ID`)")
    queue.add_argument("--unseen", action="store_true", help="only letters you have not opened in `review` or the web")
    queue.add_argument("--group", metavar="GROUP", help="only the letters of this near-duplicate group")
    queue.add_argument("--groups", action="store_true",
                       help="one line per group of nearly identical letters instead (all groups, pending ones first)")
    queue.add_argument("--json", action="store_true")
    queue.set_defaults(handler=show_queue)

    show = subparsers.add_parser("show", help="one letter's anonymised text and classification")
    show.add_argument("id")
    shown = show.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true")
    shown.add_argument("--diff", action="store_true", help="what the last edit changed (`napishy revisions ID`)")
    show.set_defaults(handler=show_letter)

    status = subparsers.add_parser(
        "status", help="health per mailbox; non-zero exit when a mailbox fails or a poll is overdue")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=show_status)


def show_queue(args: argparse.Namespace) -> int:
    from processors.queries import list_letters

    app = load_app(args)
    if args.groups:
        return _show_groups(app, args)
    only, without = _mine_and_seen(app, args)
    rows = list_letters(app.reader, status=args.status, kind=args.kind, group=args.group, only=only,
                        without=without)
    if args.json:
        print_json([row.summary() for row in rows])
        return 0
    if not rows:
        narrowed = " ".join(w for w, on in (("unseen", args.unseen), (args.status or "", True)) if on and w)
        where = (" claimed by you" if args.mine else "") + (f" in group {args.group}" if args.group else "")
        print(f"no {narrowed + ' ' if narrowed else ''}letters{where}"
              if args.mine or args.unseen or args.status or args.group else "the queue is empty")
        return 0
    lines = [f"{'ID':<13} {'MAILBOX':<12} {'STATUS':<12} {'KIND':<10} {'LANG':<5} {'RECEIVED':<11} "
             f"{'RECIPIENTS':<22} {'GROUP':<13} REASON"]
    for row in rows:
        recipients = ", ".join(row.recipients) or "-"
        lines.append(
            f"{row.id:<13} {row.mailbox:<12} {row.status:<12} {row.kind:<10} {row.language or '-':<5} "
            f"{row.received_on.isoformat():<11} {recipients:<22} {row.group or '-':<13} {row.reason or ''}".rstrip()
        )
    lines.append(f"{len(rows)} letters")
    _print_listing(lines)
    return 0


def _print_listing(lines: list[str]) -> None:
    if sys.stdout.isatty():  # a person reading: page it; a pipe or a file gets the plain lines
        from napishy.cli.terminal import page_output

        page_output("\n".join(lines))
    else:
        print("\n".join(lines))


def _show_groups(app: App, args: argparse.Namespace) -> int:
    """`queue --groups`: each group of nearly identical letters on one line, with its first letter's start."""
    from processors.group_queries import list_groups

    if args.status or args.kind or args.group:
        raise NapishyError("--groups lists every group; it takes no --status, --kind or --group")
    found = list_groups(app.reader, pending_only=False, limit=1_000_000)
    if args.json:
        print_json([group.summary() for group in found.groups])
        return 0
    if not found.groups:
        print("no groups of nearly identical letters")
        return 0
    lines = [f"{'GROUP':<13} {'LETTERS':>7} {'PENDING':>7} {'RECEIVED':<23} {'EXAMPLE':<13} BEGINNING"]
    for group in found.groups:
        days = group.first_day.isoformat() + (f"..{group.last_day.isoformat()}" if group.last_day != group.first_day
                                              else "")
        lines.append(f"{group.id:<13} {group.size:>7} {group.pending:>7} {days:<23} {group.letter_id:<13} "
                     f"{group.preview}")
    lines.append(f"{len(found.groups)} groups; decide one with `napishy approve --group GROUP` or "
                 "`napishy reject --group GROUP --reason R`")
    _print_listing(lines)
    return 0


def _mine_and_seen(app: App, args: argparse.Namespace) -> tuple[set[str] | None, set[str] | None]:
    """The ids `--mine` keeps (the operator's standing claims) and `--unseen` leaves out (seen)."""
    if not (args.mine or args.unseen):
        return None, None
    from processors.audit import current_operator
    from processors.queries import seen_ids, standing_claims

    operator = current_operator(app.settings)
    only = ({c.letter_id for c in standing_claims(app.reader, now=dt.datetime.now(dt.UTC), operator=operator)}
            if args.mine else None)
    return only, seen_ids(app.reader, operator) if args.unseen else None


def show_letter(args: argparse.Namespace) -> int:
    from processors.queries import letter_detail

    app = load_app(args)
    if args.diff:
        from napishy.cli.revision_commands import print_diff

        print_diff(app, args.id, [])
        return 0
    detail = letter_detail(app.reader, args.id)
    if detail is None:
        raise NotFound(f"no letter {args.id}")
    if args.json:
        print_json(detail)
        return 0
    from napishy.cli.render import render_letter

    print(render_letter(detail, color=sys.stdout.isatty()))
    team = _team_lines(app, args.id)
    if team:
        print("\n".join(team))
    return 0


def _team_lines(app: App, letter_id: str) -> list[str]:
    """Who is reviewing the letter and the operators' notes: for people, never in `show --json`,
    which export tools read."""
    from napishy.cli.team_commands import note_lines
    from processors.notes import of_letter
    from processors.queries import standing_claims

    lines = [f"being reviewed by {c.operator} until {c.expires_at:%H:%M} UTC"
             for c in standing_claims(app.reader, now=dt.datetime.now(dt.UTC), letter_id=letter_id)]
    found = of_letter(app.reader, letter_id)
    if found:
        lines += ["", "internal notes (never exported):", *note_lines(found)]
    return ["", *lines] if lines else []


def ocr_line(config: OcrConfig) -> str:
    """Whether images are read: without OCR nothing checks what their pixels say."""
    from anonymizer.attachments import ocr

    reason = ocr.unavailable_reason(config)
    if reason is None:
        return f"ocr          on: {ocr.version(config)} ({' '.join(config.languages)})"
    then = "every image is withheld" if config.required else "images are published only as an operator approves them"
    return f"ocr          OFF: {reason}; {then}"


def show_status(args: argparse.Namespace) -> int:
    from processors.queries import mailbox_health

    app = load_app(args)
    if not app.settings.known_mailboxes():
        raise WrongContext("no mailbox is configured (NAPISHY_MAILBOXES), so there is no health to report;"
                           " `napishy queue` lists the letters")
    now = dt.datetime.now(dt.UTC)
    configured = [m.id for m in app.settings.mailboxes]
    from foundation.beacon import unrecorded_failures

    report = mailbox_health(app.reader, configured, now=now, stale_after=app.settings.stale_poll_seconds,
                            grace=app.settings.outage_grace_seconds, unrecorded=unrecorded_failures(app.data_dir))
    if args.json:
        print_json(report)
    else:
        for entry in report:
            last = entry["last_poll_at"] or "never"
            problem = ("  OUTAGE" if entry["outage"] else "") + ("  OVERDUE" if entry["overdue"] else "")
            error = ""
            if entry["last_error"]:
                # An old, recovered error stays visible for diagnosis, but must not read as a current one.
                when = entry["last_error_at"] or "unknown time"
                error = f"  {'failing' if entry['outage'] else 'recovered from'} at {when}: {entry['last_error']}"
            if entry["unrecorded_failure_at"]:
                error += f"  failed at {entry['unrecorded_failure_at']}; the database could not record it"
            counts = ", ".join(f"{k} {v}" for k, v in entry["letters"].items()) or "no letters"
            oldest = entry["oldest_pending_days"]
            pending = f"; oldest pending {oldest} days" if oldest is not None else ""
            print(f"{entry['mailbox']:<12} last poll {last}{problem}; {counts}{pending}{error}")
        print(ocr_line(app.ocr))
    overdue = [e["mailbox"] for e in report if e["overdue"]]
    if overdue:
        raise NapishyError(f"no successful poll for too long: {', '.join(overdue)}")
    failing = [e["mailbox"] for e in report if e["alarm"]]
    if failing:
        raise NapishyError(f"mailbox failing: {', '.join(failing)} (NAPISHY_OUTAGE_GRACE_SECONDS="
                           f"{app.settings.outage_grace_seconds})")
    return 0
