"""`napishy export relatives`: one encrypted PDF per attorney, for their families.

`DIR/<attorney>.pdf` (see exports/family_pdf.py) and, beside them, `DIR/how-to-open.txt`, a
plain note that names no one. No letter text is written unencrypted: the PDFs are built in
memory and only their encrypted bytes reach the disk (or, from the web console, the browser).

The bundles wait for `NAPISHY_RELATIVES_DATE` when it is set; `--force` makes them earlier,
marked as drafts on every page and in the folder's name. Each PDF made is one audit entry:
who, which attorney, how many letters, never what they say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from exports import passphrases
from exports.common import ExportError, ExportLetter, by_attorney, image_data, load_approved, write_directory
from exports.family_pdf import Family, family_pdf
from exports.howto import NOTE_NAME, how_to_open
from exports.languages import FAMILY_LANGUAGES
from exports.publication import draft_folder, publication_date
from exports.wording import Name
from foundation.settings import Settings
from foundation.storage.database import Database
from processors import audit


class RelativesEmbargoed(ExportError):
    """Raised when the bundles are asked for before NAPISHY_RELATIVES_DATE without --force."""


@dataclass(frozen=True)
class FamilyPdf:
    attorney: str
    letters: int
    data: bytes  # encrypted
    generated_passphrase: str | None  # to tell the family; None when the organisers gave their own


@dataclass(frozen=True)
class Bundle:
    attorney: str
    letters: int
    path: Path
    generated_passphrase: str | None


@dataclass(frozen=True)
class Summary:
    out: Path
    draft: bool
    bundles: tuple[Bundle, ...]


def check_relatives_embargo(settings: Settings, today: dt.date, *, force: bool) -> dt.date | None:
    """The date the bundles wait for when today is before it and `force` allows it; None when allowed."""
    day = settings.relatives_date
    if day is None or today >= day:
        return None
    if not force:
        raise RelativesEmbargoed(f"bundles for relatives are embargoed until {day.isoformat()} "
                                 "(NAPISHY_RELATIVES_DATE); use --force to make drafts before then")
    return day


def family_pdfs(database: Database, settings: Settings, names: dict[str, Name], *, attorney: str | None = None,
                passphrase: str | None = None, language: str | None = None, force: bool = False,
                today: dt.date | None = None) -> tuple[list[FamilyPdf], bool]:
    """Every family's PDF (or one, with `attorney`), in memory, and whether they are drafts.

    Without `passphrase` each family gets its own generated one, so one family's passphrase
    opens no other family's letters."""
    if attorney is not None and attorney not in names:
        raise ExportError(f"unknown attorney {attorney!r}; known: {', '.join(names)}")
    if language is not None and language not in FAMILY_LANGUAGES:
        raise ExportError(f"unknown language {language!r}; known: {', '.join(FAMILY_LANGUAGES)}")
    if passphrase is not None:
        passphrases.check(passphrase, "given")
    today = today or dt.date.today()
    draft_until = check_relatives_embargo(settings, today, force=force)
    day = settings.relatives_date or publication_date(settings, today)
    letters = load_approved(database, with_dates=settings.publish_dates == "day", assign_ids=False,
                            attorney=attorney)
    groups = by_attorney(letters, [attorney] if attorney else list(names))
    if attorney is not None:
        groups = {attorney: groups[attorney]} if attorney in groups else {}
    if not groups:
        raise ExportError("no approved letters for " + (f"attorney {attorney}" if attorney else "any attorney"))
    made = []
    for attorney_id, members in groups.items():
        generated = None if passphrase is not None else passphrases.generate()
        family = Family(attorney_id, names, day, language, draft_until)
        data = family_pdf(family, members, _images(database, members), passphrase or generated or "")
        made.append(FamilyPdf(attorney_id, len(members), data, generated))
    return made, draft_until is not None


def _images(database: Database, letters: Sequence[ExportLetter]) -> dict[str, bytes]:
    return {image.file_name: data for image, data in image_data(database, [i for x in letters for i in x.images])}


def record(database: Database, operator: str, made: Sequence[FamilyPdf], *, draft: bool, where: str) -> None:
    """One audit entry per family PDF: who (the entry's operator), which attorney, how many letters."""
    with database.session() as session:
        for pdf in made:
            count = f"{pdf.letters} letter" + ("" if pdf.letters == 1 else "s")
            detail = f"{pdf.attorney}: {count}, encrypted PDF, {where}" + (", draft" if draft else "")
            audit.record(session, operator, "export-relatives", None, detail)


def export_relatives(database: Database, settings: Settings, names: dict[str, Name], out: Path, *,
                     operator: str, attorney: str | None = None, passphrase: str | None = None,
                     language: str | None = None, force: bool = False, today: dt.date | None = None) -> Summary:
    """Write the PDFs and the note into a fresh folder (`DIR-DRAFT` for drafts), then audit them."""
    made, draft = family_pdfs(database, settings, names, attorney=attorney, passphrase=passphrase,
                              language=language, force=force, today=today)
    out = draft_folder(out) if draft else out

    def write(folder: Path) -> None:
        for pdf in made:
            (folder / f"{pdf.attorney}.pdf").write_bytes(pdf.data)
        (folder / NOTE_NAME).write_text(how_to_open([language] if language else []), encoding="utf-8")

    write_directory(out, "relatives", write)
    record(database, operator, made, draft=draft, where=f"written to {out.name}/")
    return Summary(out, draft, tuple(Bundle(p.attorney, p.letters, out / f"{p.attorney}.pdf",
                                            p.generated_passphrase) for p in made))
