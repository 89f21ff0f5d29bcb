"""The web console as a Starlette application: routes, security headers, friendly error pages.

Built by `create_app(App)`; `napishy web` serves it with uvicorn. Every page but the login,
the language switch and the stylesheet requires a session (see `pages.page`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from napishy.app import App
from napishy.web import (
    views_admin,
    views_dashboard,
    views_exports,
    views_groups,
    views_letters,
    views_login,
    views_team,
)
from napishy.web.auth import LoginLimiter, SessionStore
from napishy.web.pages import build_environment, page, redirect, render
from napishy.web.state import Console

log = logging.getLogger(__name__)
STYLESHEET = Path(__file__).with_name("static") / "style.css"

# No script at all, nothing from another host, no framing, forms only back to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    # Letters must not be left in the browser's disk cache of a shared or seized laptop.
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the headers above to every response, error pages and static files included."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = [*SECURITY_HEADERS, *([(b"strict-transport-security", b"max-age=31536000")] if hsts else [])]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.headers}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AllowedHosts:
    """Answers only requests whose Host header names us. A page on another site that rebinds its
    DNS name to 127.0.0.1 reaches the port, but its requests say `Host: evil.example`: 400."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = {host.lower().strip("[]") for host in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(scope) not in self.hosts:
            await Response("unknown host\n", status_code=400, media_type="text/plain")(scope, receive, send)
            return
        await self.app(scope, receive, send)


def host_name(scope: Scope) -> str:
    """The Host header without its port: `[::1]:8421` → `::1`, `Localhost:8421` → `localhost`."""
    raw = next((value for name, value in scope.get("headers", []) if name == b"host"), b"")
    host = raw.decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


ERROR_KEYS = {400: "bad_request", 404: "not_found", 403: "forbidden", 405: "method_not_allowed"}


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101 - Starlette only routes HTTPException here
    key = "csrf_failed" if error.detail == "csrf" else ERROR_KEYS.get(error.status_code, "server_error")
    return render(request, "error.html", status_code=error.status_code, message_key=key)


async def server_error(request: Request, error: Exception) -> Response:
    # The type only: an exception's text may quote a letter.
    log.error("web: internal error %s on %s %s", type(error).__name__, request.method, request.url.path)
    return render(request, "error.html", status_code=500, message_key="server_error")


@page()
async def home(request: Request) -> Response:
    return redirect("/queue")


async def stylesheet(request: Request) -> Response:
    """The one stylesheet, same origin: CSP forbids inline styles and other hosts."""
    return Response(STYLESHEET.read_bytes(), media_type="text/css")


# The campaign's pen, drawn here: browsers ask for an icon, and a 404 in every page load is noise.
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d2330"/>'
    b'<path d="M4 12l1-3 6-6 2 2-6 6z" fill="#ffe27a"/></svg>'
)


async def favicon(request: Request) -> Response:
    return Response(FAVICON, media_type="image/svg+xml")


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/login", views_login.login_form, methods=["GET"]),
        Route("/login", views_login.login, methods=["POST"]),
        Route("/logout", views_login.logout, methods=["POST"]),
        Route("/lang/{code}", views_login.switch_language, methods=["GET"]),
        Route("/queue", views_letters.queue, methods=["GET"]),
        Route("/queue", views_letters.queue_action, methods=["POST"]),
        Route("/letters/{letter_id}", views_letters.letter, methods=["GET"]),
        Route("/letters/{letter_id}/approve", views_letters.approve, methods=["POST"]),
        Route("/letters/{letter_id}/reject", views_letters.reject, methods=["POST"]),
        Route("/letters/{letter_id}/reset", views_letters.reset, methods=["POST"]),
        Route("/undo", views_letters.undo, methods=["POST"]),
        Route("/letters/{letter_id}/claim", views_team.claim, methods=["POST"]),
        Route("/letters/{letter_id}/release", views_team.release, methods=["POST"]),
        Route("/letters/{letter_id}/note", views_team.add_note, methods=["POST"]),
        Route("/letters/{letter_id}/unseen", views_team.unseen, methods=["POST"]),
        Route("/letters/{letter_id}/edit", views_letters.edit_form, methods=["GET"]),
        Route("/letters/{letter_id}/edit", views_letters.edit, methods=["POST"]),
        Route("/letters/{letter_id}/restore", views_letters.restore, methods=["POST"]),
        Route("/letters/{letter_id}/images/{position:int}", views_letters.letter_image, methods=["GET"]),
        Route("/groups", views_groups.groups, methods=["GET"]),
        Route("/dashboard", views_dashboard.campaign, methods=["GET"]),
        Route("/audit", views_admin.audit_log, methods=["GET"]),
        Route("/status", views_admin.status, methods=["GET"]),
        Route("/exports", views_exports.exports, methods=["GET"]),
        Route("/exports/{kind}", views_exports.run_export, methods=["POST"]),
        Route("/static/style.css", stylesheet, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]


def create_app(napishy: App, *, secure: bool = False, sessions: SessionStore | None = None,
               limiter: LoginLimiter | None = None, hosts: Iterable[str] | None = None) -> Starlette:
    """`secure`: the browser reaches us over HTTPS (our own TLS or a proxy), so cookies get `Secure`.
    `hosts`: the Host names to answer (`napishy web` always passes them); None only in tests."""
    web = Starlette(
        routes=routes(),
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    from exports.wording import attorney_names

    web.state.console = Console(
        napishy=napishy, secure=secure, sessions=sessions or SessionStore(napishy.settings.web_idle_minutes * 60),
        limiter=limiter or LoginLimiter(), templates=build_environment(),
        attorney_names=attorney_names(napishy.roster.attorneys))
    if hosts is not None:
        web.add_middleware(AllowedHosts, hosts=hosts)
    web.add_middleware(SecurityHeaders, hsts=secure)
    return web
