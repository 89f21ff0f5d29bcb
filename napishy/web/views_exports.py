"""The organisers' exports in the browser: built for the request and handed over, nothing kept.

The publication is built in a private temporary folder under the data dir, zipped in memory
and the folder removed before the response starts. The families' PDFs are built in memory
only, encrypted with the passphrase the organiser types in the form (never stored, never
logged); one attorney's PDF comes as itself, all of them as a zip with the note on how to
open them. Each export is the download, and each is in the audit log.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import tempfile
import zipfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from anonymizer.vocabulary import Role
from foundation.errors import NapishyError
from napishy.web.pages import flash, form_of, form_text, page, redirect, render, session_of
from napishy.web.state import console

log = logging.getLogger(__name__)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # the archive's entries carry no time of export
_NO_STORE = {"Cache-Control": "no-store"}  # the browser keeps no copy in its cache


@page(role=Role.ORGANISER)
async def exports(request: Request) -> Response:
    from exports.languages import FAMILY_LANGUAGES
    from exports.publication import publication_date
    from exports.wording import language_label

    settings = console(request).napishy.settings
    day = publication_date(settings, dt.date.today())
    relatives_day = settings.relatives_date.isoformat() if settings.relatives_date else ""
    return render(request, "exports.html", publication_date=day.isoformat(), relatives_date=relatives_day,
                  attorneys=console(request).attorney_names,
                  languages=[(code, language_label(code)) for code in FAMILY_LANGUAGES])


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _publication(request: Request, force: bool) -> tuple[str, bytes]:
    from exports.publication import export_publication
    from exports.wording import attorney_names

    napishy = console(request).napishy
    napishy.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".web-export.", dir=napishy.data_dir) as scratch:
        summary = export_publication(napishy.database, napishy.settings, attorney_names(napishy.roster.attorneys),
                                     Path(scratch) / "publication", operator=session_of(request).user, force=force,
                                     where="web download")
        files = {str(p.relative_to(summary.out)): p.read_bytes() for p in sorted(summary.out.rglob("*"))
                 if p.is_file() and not p.name.startswith(".napishy")}
    return f"napishy-{summary.out.name}.zip", zip_bytes(files)


def _relatives(request: Request, attorney: str | None, passphrase: str, language: str | None,
               force: bool) -> tuple[str, str, bytes]:
    from exports.howto import NOTE_NAME, how_to_open
    from exports.relatives import family_pdfs, record
    from exports.wording import attorney_names

    napishy = console(request).napishy
    made, draft = family_pdfs(napishy.database, napishy.settings, attorney_names(napishy.roster.attorneys),
                              attorney=attorney, passphrase=passphrase, language=language, force=force)
    record(napishy.database, session_of(request).user, made, draft=draft, where="web download")
    suffix = "-DRAFT" if draft else ""
    if attorney is not None:
        return f"{attorney}{suffix}.pdf", "application/pdf", made[0].data
    files = {f"{pdf.attorney}.pdf": pdf.data for pdf in made}
    files[NOTE_NAME] = how_to_open([language] if language else []).encode()
    return f"napishy-relatives{suffix}.zip", "application/zip", zip_bytes(files)


def _attachment(name: str, media_type: str, data: bytes) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE})


@page(role=Role.ORGANISER)
async def run_export(request: Request) -> Response:
    kind = request.path_params["kind"]
    form = form_of(request)
    force = form_text(form, "force") == "yes"
    try:
        if kind == "publication":
            name, data = await run_in_threadpool(_publication, request, force)
            media_type = "application/zip"
        elif kind == "relatives":
            name, media_type, data = await run_in_threadpool(
                _relatives, request, form_text(form, "attorney") or None, form_text(form, "passphrase"),
                form_text(form, "language") or None, force)
        else:
            raise HTTPException(404, "not_found")
    except NapishyError as error:
        flash(request, "error", str(error))
        return redirect("/exports")
    log.info("web: %s exported %s", session_of(request).user, kind)
    return _attachment(name, media_type, data)
