"""What every view shares: rendering a template, the login and CSRF guard, flashes, redirects."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from napishy.web.auth import Session
from napishy.web.i18n import LANGUAGE_NAMES, LANGUAGES, pick_language, translator
from napishy.web.state import console
from processors.accounts import current_account
from processors.segments import segments

TEMPLATES = Path(__file__).with_name("templates")
LANG_COOKIE = "napishy_lang"
Handler = Callable[[Request], Awaitable[Response]]


class CsrfFailed(HTTPException):
    """Raised when a POST carries no CSRF token or the wrong one; rendered as a friendly 403."""

    def __init__(self) -> None:
        super().__init__(403, "csrf")


def highlight(text: str, checks: Iterable[str] = (), check_title: str = "") -> Markup:
    """Wrap each redaction marker so operators see what was removed, and each whole-word
    occurrence of `checks` so they look twice at what was kept although it looked like a name.

    The raw text is split first and every piece escaped on its own, so the untrusted letter (and
    the check words, which come from it) never reach the page unescaped, and a match can never
    fall inside an entity the escaping made."""
    title = f' title="{escape(check_title)}"' if check_title else ""
    parts = []
    for kind, piece in segments(text, checks):
        if kind == "marker":
            parts.append(f'<mark class="redaction">{escape(piece)}</mark>')
        elif kind == "check":
            parts.append(f'<mark class="check"{title}>{escape(piece)}</mark>')
        else:
            parts.append(str(escape(piece)))
    return Markup("".join(parts))  # noqa: S704 - every piece escaped above


def build_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["highlight"] = highlight
    return environment


def language(request: Request) -> str:
    return pick_language(request.cookies.get(LANG_COOKIE))


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    session: Session | None = getattr(request.state, "session", None)
    lang = language(request)
    flashes = list(session.flashes) if session else []
    if session:
        session.flashes.clear()
    other = next(code for code in LANGUAGES if code != lang)
    values = {
        "t": translator(lang), "lang": lang, "session": session, "flashes": flashes,
        "csrf": session.csrf if session else "", "here": _here(request),
        "other_lang": other, "other_lang_name": LANGUAGE_NAMES[other],
        "person": functools.partial(_person, console(request).attorney_names, lang), **context,
    }
    html = console(request).templates.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)


def _person(names: dict[str, Any], lang: str, attorney_id: str) -> str:
    """An attorney's printed name: Cyrillic in Belarusian, Latin script in English."""
    name = names.get(attorney_id)
    if name is None:
        return attorney_id
    return name.be if lang == "be" else name.latin


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def safe_next(value: str | None, default: str = "/queue") -> str:
    """Only a path on this site: `//host` or `https://host` would make the login an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)  # 303: the browser follows a POST with a GET


def flash(request: Request, kind: str, message: str) -> None:
    request.state.session.flashes.append((kind, message))


def session_of(request: Request) -> Session:
    return request.state.session


def form_of(request: Request) -> FormData:
    return request.state.form


def cookie_name(request: Request) -> str:
    # __Host- cookies are only accepted over HTTPS, for this host, on path / — exactly what we want there.
    return "__Host-napishy" if console(request).secure else "napishy_session"


async def _current(request: Request, token: str | None) -> Session | None:
    """The live session, checked against the accounts table on every request: an account removed,
    re-created or demoted on the command line loses its sessions (and its powers) at once, and
    nothing it does afterwards is audited under its name."""
    sessions = console(request).sessions
    session = sessions.get(token)
    if session is None:
        return None
    found = await run_in_threadpool(current_account, console(request).napishy.database, session.user)
    if found is None or found[1] != session.nonce:
        sessions.end(token)
        return None
    session.role = found[0]
    return session


def page(*, role: str | None = None) -> Callable[[Handler], Handler]:
    """Require a live session (and `role`); on POST, read the form and check its CSRF token first."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            token = request.cookies.get(cookie_name(request))
            session = await _current(request, token)
            if session is None:
                target = "/login?" + ("expired=1&" if token else "") + "next=" + quote(_here(request), safe="")
                return redirect(target if request.method == "GET" else "/login" + ("?expired=1" if token else ""))
            request.state.session = session
            if role is not None and session.role != role:
                raise HTTPException(403, "forbidden")
            if request.method == "POST":
                form = await request.form(max_files=0, max_fields=2000)
                token_field = form.get("csrf")
                if not session.check_csrf(token_field if isinstance(token_field, str) else None):
                    raise CsrfFailed()
                request.state.form = form
            return await handler(request)

        endpoint.requires_login = True  # type: ignore[attr-defined]  # read by the route tests
        return endpoint

    return wrap


_ID = re.compile(r"^[a-z0-9]{1,16}$")


def is_letter_id(value: str) -> bool:
    return bool(_ID.match(value))


def letter_id_param(request: Request) -> str:
    """A letter id from the path; anything that cannot be an id is simply not found."""
    letter_id = request.path_params["letter_id"]
    if not _ID.match(letter_id):
        raise HTTPException(404, "not_found")
    return letter_id


def number_param(value: str | None, *, default: int | None = None, max_digits: int = 9) -> int | None:
    """A number from a query or form field. ASCII digits only: `str.isdigit` also takes '²' and
    '①', which `int()` then refuses (a 500). Anything else, or too long, is a 400."""
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > max_digits:
        raise HTTPException(400, "bad_request")
    return int(value)


def form_list(form: FormData, key: str) -> list[str]:
    return [value for value in form.getlist(key) if isinstance(value, str) and value]


def form_text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def translate(request: Request) -> Callable[..., str]:
    """The translator for the language this browser chose."""
    return translator(language(request))
