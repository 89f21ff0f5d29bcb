"""`napishy export relatives`: one printable bundle per attorney, for their families.

Each bundle is a folder `DIR/<attorney>/` with `letters.html` (a cover page, then one letter
per printed page, images inline so the file stands alone) and `letters.txt` (the same letters
as plain text). With a passphrase file the bundle is also written as `DIR/<attorney>.zip`,
AES-256 encrypted, for carrying on a USB stick or sending through a messenger.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from exports.common import ExportError, ExportLetter, by_attorney, image_data, load_approved, write_directory
from exports.pages import TAG, bundle_html
from exports.publication import publication_date
from exports.wording import Name, language_label, letters_count, long_date, name_of
from napishy.settings import Settings
from napishy.storage.database import Database
from processors import audit

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class Bundle:
    attorney: str
    letters: int
    encrypted: bool


def read_passphrase(path: Path) -> bytes:
    """The first line of the file; a short passphrase would make the encryption decorative."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ExportError(f"cannot read the passphrase file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ExportError(f"the passphrase file {path} is not UTF-8 text") from None
    phrase = lines[0].strip() if lines else ""
    if len(phrase) < MIN_PASSPHRASE:
        raise ExportError(f"the passphrase in {path} is shorter than {MIN_PASSPHRASE} characters")
    return phrase.encode()


def export_relatives(database: Database, settings: Settings, names: dict[str, Name], out: Path, *,
                     operator: str, attorney: str | None = None, passphrase: bytes | None = None,
                     today: dt.date | None = None) -> list[Bundle]:
    """Write every bundle (or one, with `attorney`) into a fresh folder, then audit the export."""
    if attorney is not None and attorney not in names:
        raise ExportError(f"unknown attorney {attorney!r}; known: {', '.join(names)}")
    day = publication_date(settings, today or dt.date.today())
    letters = load_approved(database, with_dates=settings.publish_dates == "day", assign_ids=False,
                            attorney=attorney)
    groups = by_attorney(letters, [attorney] if attorney else list(names))
    if attorney is not None:
        groups = {attorney: groups[attorney]} if attorney in groups else {}
    if not groups:
        raise ExportError("no approved letters for " + (f"attorney {attorney}" if attorney else "any attorney"))

    def write(folder: Path) -> None:
        for attorney_id, members in groups.items():
            _write_bundle(database, folder, attorney_id, members, names, day, passphrase)

    write_directory(out, "relatives", write)
    bundles = [Bundle(a, len(members), passphrase is not None) for a, members in groups.items()]
    with database.session() as session:
        for bundle in bundles:
            detail = f"{bundle.attorney}: {bundle.letters} letters" + (", encrypted zip" if bundle.encrypted else "")
            audit.record(session, operator, "export-relatives", None, detail)
    return bundles


def _write_bundle(database: Database, folder: Path, attorney_id: str, letters: Sequence[ExportLetter],
                  names: dict[str, Name], day: dt.date, passphrase: bytes | None) -> None:
    inline = {
        image.file_name: f"data:{image.content_type};base64,{base64.b64encode(data).decode('ascii')}"
        for image, data in image_data(database, [i for letter in letters for i in letter.images])
    }
    page = bundle_html(attorney_id, letters, names, day,
                       lambda letter: [inline[i.file_name] for i in letter.images if i.file_name in inline])
    text = bundle_text(name_of(names, attorney_id), letters, names, day)
    target = folder / attorney_id
    target.mkdir()
    (target / "letters.html").write_text(page, encoding="utf-8")
    (target / "letters.txt").write_text(text, encoding="utf-8")
    if passphrase is not None:
        _write_zip(folder / f"{attorney_id}.zip", attorney_id, {"letters.html": page, "letters.txt": text},
                   passphrase, day)


def bundle_text(attorney: Name, letters: Sequence[ExportLetter], names: dict[str, Name], day: dt.date) -> str:
    """Plain text for readers and printers that cannot take HTML; a form feed starts each letter's page."""
    rule = "=" * 60
    lines = [TAG, long_date(day), "", attorney.be, f"({attorney.latin})", letters_count(len(letters)), ""]
    for n, letter in enumerate(letters, start=1):
        meta = [f"Ліст {n} з {len(letters)}"]
        if language_label(letter.language):
            meta.append(language_label(letter.language))
        if letter.received_on:
            meta.append(f"атрыманы {letter.received_on.isoformat()}")
        if letter.images:
            meta.append(f"выяў: {len(letter.images)} (гл. letters.html)")
        lines += ["\f" + rule, " · ".join(meta), rule, "", letter.text.strip(), ""]
    return "\n".join(lines)


def _write_zip(path: Path, attorney_id: str, files: dict[str, str], passphrase: bytes, day: dt.date) -> None:
    import pyzipper
    from pyzipper.zipfile_aes import AESZipInfo  # a plain ZipInfo would be taken for a file name

    with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as bundle:
        bundle.setpassword(passphrase)
        bundle.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in files.items():
            # a fixed timestamp: the zip should not record when the organisers worked on it
            info = AESZipInfo(f"{attorney_id}/{name}", date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = pyzipper.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            bundle.writestr(info, content.encode("utf-8"))
