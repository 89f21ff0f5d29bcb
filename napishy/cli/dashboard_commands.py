"""`napishy dashboard`: the campaign at a glance, as the web console's Campaign page shows it."""

from __future__ import annotations

import argparse
import datetime as dt

from anonymizer.vocabulary import Status
from napishy.cli.common import load_app, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    dashboard = subparsers.add_parser(
        "dashboard", help="days to publication, letters per attorney and status, oldest pending, quarantined")
    dashboard.add_argument("--json", action="store_true")
    dashboard.set_defaults(handler=show_dashboard)


def show_dashboard(args: argparse.Namespace) -> int:
    from exports.publication import publication_date
    from processors.dashboard import dashboard

    app = load_app(args)
    today = dt.date.today()
    found = dashboard(app.reader, today=today, publication_date=publication_date(app.settings, today))
    if args.json:
        print_json(found.summary())
        return 0
    days = found.days_to_publication
    when = f"in {days} days" if days > 0 else "today" if days == 0 else f"{-days} days ago"
    print(f"publication      {found.publication_date.isoformat()}, {when}")
    print("letters          " + ", ".join(f"{status} {n}" for status, n in found.statuses.items()))
    if found.oldest_pending:
        letter_id, day = found.oldest_pending
        print(f"oldest pending   {letter_id}, received {day.isoformat()} ({found.oldest_pending_days} days ago)")
    if found.groups_pending:
        print(f"alike            {found.groups_pending} groups of nearly identical letters hold "
              f"{found.letters_in_groups} pending letters (`napishy queue --groups`)")
    statuses = list(found.statuses)
    print()
    print(f"{'ATTORNEY':<16}" + "".join(f"{s.upper():>13}" for s in statuses))
    for attorney, counts in found.attorneys.items():
        print(f"{attorney or '(none)':<16}" + "".join(f"{counts[s]:>13}" for s in statuses))
    if found.quarantined:
        total = found.statuses.get(Status.QUARANTINED, 0)
        reasons = ", ".join(f"{kind} {n}" for kind, n in found.quarantine_reasons.items())
        print(f"\nquarantined {total}: {reasons}")
        for letter in found.quarantined:
            print(f"  {letter.id:<13} {letter.received_on.isoformat()}  {letter.reason}")
        if total > len(found.quarantined):
            print(f"  … and {total - len(found.quarantined)} more (`napishy queue --status quarantined`)")
    return 0
