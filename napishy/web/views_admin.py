"""The audit log, mailbox health, and the organisers' exports with their zip downloads.

Exports run the same functions as `napishy export ...` into fixed folders under the data dir
(private, 0700) and are zipped there; a new export replaces the previous one of its kind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import zipfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from napishy.errors import NapishyError
from napishy.web.pages import flash, form_of, form_text, page, redirect, render, session_of, translate
from processors import audit
from processors.queries import mailbox_health

log = logging.getLogger(__name__)
AUDIT_SHOWN = 500
EXPORT_KINDS = ("publication", "relatives")
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # the archive's entries carry no time of export


@page()
async def audit_log(request: Request) -> Response:
    database = request.app.state.napishy.database
    only = request.query_params.get("letter", "")
    only = only if only.isalnum() and len(only) <= 16 else ""
    problems = await run_in_threadpool(audit.verify, database)
    count, head = await run_in_threadpool(audit.head, database)
    rows = await run_in_threadpool(lambda: audit.entries(database, letter_id=only or None, limit=AUDIT_SHOWN))
    return render(request, "audit.html", rows=rows[::-1], problems=problems, count=count, head=head, only=only,
                  shown=AUDIT_SHOWN, action_keys={f"action_{action}" for action in audit.ACTIONS})


@page()
async def status(request: Request) -> Response:
    napishy = request.app.state.napishy
    configured = [m.id for m in napishy.settings.mailboxes]
    report = await run_in_threadpool(lambda: mailbox_health(
        napishy.database, configured, now=dt.datetime.now(dt.UTC), stale_after=napishy.settings.stale_poll_seconds))
    return render(request, "status.html", report=report)


def export_root(request: Request) -> Path:
    root = request.app.state.napishy.data_dir / "web-exports"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _made_at(path: Path) -> str | None:
    if not path.is_file():
        return None
    moment = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


@page(role="organiser")
async def exports(request: Request) -> Response:
    from exports.publication import publication_date

    root = export_root(request)
    made = {kind: _made_at(root / f"{kind}.zip") for kind in EXPORT_KINDS}
    day = publication_date(request.app.state.napishy.settings, dt.date.today())
    return render(request, "exports.html", made=made, publication_date=day.isoformat(),
                  attorneys=request.app.state.attorney_names)


def zip_folder(folder: Path, target: Path) -> None:
    """Zip `folder` beside `target`, then rename it into place, so a download never sees half a zip."""
    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith(".napishy"):
                info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    os.replace(partial, target)


def _run_publication(request: Request, force: bool) -> str:
    from exports.publication import export_publication
    from exports.wording import attorney_names

    napishy, root = request.app.state.napishy, export_root(request)
    summary = export_publication(napishy.database, napishy.settings, attorney_names(napishy.roster.attorneys),
                                 root / "publication", operator=session_of(request).user, force=force)
    zip_folder(summary.out, root / "publication.zip")
    return translate(request)("exported_publication", n=summary.letters)


def _run_relatives(request: Request, attorney: str | None) -> str:
    from exports.relatives import export_relatives
    from exports.wording import attorney_names

    napishy, root = request.app.state.napishy, export_root(request)
    bundles = export_relatives(napishy.database, napishy.settings, attorney_names(napishy.roster.attorneys),
                               root / "relatives", operator=session_of(request).user, attorney=attorney)
    zip_folder(root / "relatives", root / "relatives.zip")
    return translate(request)("exported_relatives", n=len(bundles))


@page(role="organiser")
async def run_export(request: Request) -> Response:
    kind = request.path_params["kind"]
    form = form_of(request)
    try:
        if kind == "publication":
            message = await run_in_threadpool(_run_publication, request, form_text(form, "force") == "yes")
        elif kind == "relatives":
            attorney = form_text(form, "attorney")
            message = await run_in_threadpool(_run_relatives, request, attorney or None)
        else:
            raise HTTPException(404, "not_found")
    except NapishyError as error:
        flash(request, "error", str(error))
        return redirect("/exports")
    log.info("web: %s exported %s", session_of(request).user, kind)
    flash(request, "ok", message)
    return redirect("/exports")


@page(role="organiser")
async def download(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in EXPORT_KINDS:
        raise HTTPException(404, "not_found")
    path = export_root(request) / f"{kind}.zip"
    if not path.is_file():
        raise HTTPException(404, "not_found")
    return FileResponse(path, media_type="application/zip", filename=f"napishy-{kind}.zip")
