"""Logging in and out, and the language switch: the only pages open without a session."""

from __future__ import annotations

import hmac
import logging
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from foundation.storage.database import Database
from napishy.web.i18n import LANGUAGES
from napishy.web.pages import LANG_COOKIE, cookie_name, form_text, page, redirect, render, safe_next
from napishy.web.state import console
from processors import audit
from processors.accounts import authenticate, current_account

log = logging.getLogger(__name__)
LOGIN_CSRF_COOKIE = "napishy_login"


async def login_form(request: Request) -> Response:
    if console(request).sessions.get(request.cookies.get(cookie_name(request))):
        return redirect(safe_next(request.query_params.get("next")))
    return _login_page(request)


def _login_page(request: Request, *, error: str = "", status_code: int = 200) -> Response:
    """The form carries a random token that must come back both as a field and as a cookie
    (double submit), so another site cannot log a browser into an account of its choosing."""
    token = secrets.token_urlsafe(32)
    notice = "session_expired" if request.query_params.get("expired") else ""
    notice = "logged_out" if request.query_params.get("bye") else notice
    response = render(request, "login.html", status_code=status_code, login_token=token, error=error, notice=notice,
                      next=safe_next(request.query_params.get("next")))
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=console(request).secure,
                        max_age=3600)
    return response


async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    name, password = form_text(form, "name").strip(), form_text(form, "password")
    cookie, field = request.cookies.get(LOGIN_CSRF_COOKIE, ""), form_text(form, "login_token")
    if not cookie or not hmac.compare_digest(cookie.encode(), field.encode()):
        return _login_page(request, error="csrf_failed", status_code=403)
    limiter = console(request).limiter
    if limiter.blocked(name[:64]):
        log.warning("web: login refused, too many failed attempts for one account name")
        return _login_page(request, error="login_blocked", status_code=429)
    database = console(request).napishy.database
    account = await run_in_threadpool(authenticate, database, name[:64], password)
    if account is None:
        limiter.failed(name[:64])
        await run_in_threadpool(_audit_failure, database, name[:64])
        log.info("web: failed login")  # never the name typed: it may be a password typed in the wrong box
        return _login_page(request, error="login_failed", status_code=401)
    limiter.succeeded(account.name)
    sessions = console(request).sessions
    sessions.end(request.cookies.get(cookie_name(request)))  # a fresh token on every login: no fixation
    token, _session = sessions.create(account.name, account.role, account.nonce)
    log.info("web: %s logged in", account.name)
    await run_in_threadpool(audit.record_now, database, account.name, "login", None, "web console")
    response = redirect(safe_next(form_text(form, "next")))
    response.set_cookie(cookie_name(request), token, httponly=True, samesite="strict", secure=console(request).secure)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


def _audit_failure(database: Database, name: str) -> None:
    """A failed login at an existing account goes into the audit log (the backoff bounds how many).
    A name that is no account is not written down: it may be a password typed in the wrong box,
    and made-up names, which no backoff slows, must not grow the log without end."""
    if current_account(database, name) is not None:
        audit.record_now(database, name, "login-failed", None, "web console")


@page()
async def logout(request: Request) -> Response:
    console(request).sessions.end(request.cookies.get(cookie_name(request)))
    response = redirect("/login?bye=1")
    response.delete_cookie(cookie_name(request), httponly=True, samesite="strict", secure=console(request).secure)
    return response


async def switch_language(request: Request) -> Response:
    """A plain link, so it works on the login page too; it changes nothing but a display preference."""
    code = request.path_params["code"]
    response = redirect(safe_next(request.query_params.get("next")))
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, httponly=True, samesite="strict",
                            secure=console(request).secure)
    return response
