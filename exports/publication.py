"""`napishy export publication`: the public page of approved letters, embargoed until May 21.

Writes letters.json (the contract of DESIGN.md), index.html and letters.md, plus images/.
Each letter object appears once in letters.json with the list of its attorneys; the page and
the Markdown list it under each of them. Order is shuffled on every run; content and ids are
stable across runs, so a re-export differs only in order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exports.common import ExportError, ExportLetter, by_attorney, image_data, load_approved, shuffled, write_directory
from exports.pages import publication_html, publication_markdown
from exports.wording import Name
from foundation.settings import Settings
from foundation.storage.database import Database
from processors import audit

PUBLICATION_DAY = (5, 21)  # Political Prisoner Day


class Embargoed(ExportError):
    """Raised when the publication export is asked for before the publication date without --force."""


DRAFT_SUFFIX = "-DRAFT"


@dataclass(frozen=True)
class Summary:
    letters: int
    attorneys: int
    images: int
    publication_date: dt.date
    forced: bool  # made before its date: a draft, marked so in every file and in the folder's name
    out: Path


def draft_folder(out: Path) -> Path:
    """`DIR-DRAFT`: a forced early export must not even be named like the publication."""
    return out if out.name.endswith(DRAFT_SUFFIX) else out.with_name(out.name + DRAFT_SUFFIX)


def publication_date(settings: Settings, today: dt.date) -> dt.date:
    """NAPISHY_PUBLICATION_DATE, else the next May 21 counting today."""
    if settings.publication_date is not None:
        return settings.publication_date
    this_year = dt.date(today.year, *PUBLICATION_DAY)
    return this_year if today <= this_year else dt.date(today.year + 1, *PUBLICATION_DAY)


def check_embargo(day: dt.date, today: dt.date, *, force: bool) -> bool:
    """True when the export goes ahead before its date (only with force)."""
    if today >= day:
        return False
    if not force:
        raise Embargoed(f"letters are embargoed until {day.isoformat()}; "
                        "use --force to export before then (e.g. to check the page)")
    return True


def export_publication(database: Database, settings: Settings, names: dict[str, Name], out: Path, *,
                       operator: str, force: bool = False, today: dt.date | None = None,
                       where: str = "") -> Summary:
    """Check the embargo, assign publication ids, write the folder atomically, then audit it.

    `where` goes into the audit entry (the web console's "web download")."""
    today = today or dt.date.today()  # the organisers' local calendar day is what counts
    day = publication_date(settings, today)
    forced = check_embargo(day, today, force=force)
    out = draft_folder(out) if forced else out
    letters = load_approved(database, with_dates=settings.publish_dates == "day", assign_ids=True)
    if not letters:
        raise ExportError("no approved letters to publish; approve some with `napishy approve` first")
    groups = by_attorney(letters, list(names))
    ordered = shuffled(letters)

    def write(folder: Path) -> None:
        images_dir = folder / "images"
        images_dir.mkdir()
        for image, data in image_data(database, [i for letter in letters for i in letter.images]):
            (images_dir / image.file_name).write_bytes(data)

        def sources(letter: ExportLetter) -> list[str]:
            return [f"images/{image.file_name}" for image in letter.images]

        document = letters_document(ordered, day, draft=forced)
        (folder / "letters.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        (folder / "index.html").write_text(
            publication_html(groups, names, day, len(letters), sources, draft=forced), encoding="utf-8")
        (folder / "letters.md").write_text(
            publication_markdown(groups, names, day, len(letters), sources, draft=forced), encoding="utf-8")

    write_directory(out, "publication", write)
    summary = Summary(len(letters), len(groups), sum(len(x.images) for x in letters), day, forced, out)
    with database.session() as session:
        detail = f"{summary.letters} letters, {summary.attorneys} attorneys"
        detail += f", {where}" if where else ""
        detail += ", draft (before embargo)" if forced else ""
        audit.record(session, operator, "export-publication", None, detail)
    return summary


def letters_document(letters: Sequence[ExportLetter], day: dt.date, *, draft: bool = False) -> dict[str, Any]:
    """The letters.json contract: each letter once, with the attorneys it is addressed to.

    `"draft": true` only on an export made before its date; the publication itself has no such key."""
    items = []
    for letter in letters:
        item: dict[str, Any] = {
            "id": letter.id,
            "attorneys": list(letter.attorneys),
            "language": letter.language,
            "text": letter.text,
            "images": [f"images/{image.file_name}" for image in letter.images],
        }
        if letter.received_on is not None:
            item["received_on"] = letter.received_on.isoformat()
        items.append(item)
    document: dict[str, Any] = {"publication_date": day.isoformat()}
    if draft:
        document["draft"] = True
    document["letters"] = items
    return document
