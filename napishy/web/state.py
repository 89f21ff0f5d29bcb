"""What every page reads from the console it runs in, typed: one object on the Starlette app's state.

`request.app.state` is an untyped bag; handlers go through `console(request)` instead, so a
misspelt or missing attribute is a mypy error, not a 500 in front of an operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from jinja2 import Environment

    from exports.wording import Name
    from napishy.app import App
    from napishy.web.auth import LoginLimiter, SessionStore


@dataclass(frozen=True)
class Console:
    """Built once by `create_app`: the app's services, the browser sessions, the templates."""

    napishy: App
    secure: bool  # reached over HTTPS (own TLS or a proxy): cookies get Secure, names get __Host-
    sessions: SessionStore
    limiter: LoginLimiter
    templates: Environment
    attorney_names: dict[str, Name]  # roster order

    @property
    def attorney_ids(self) -> list[str]:
        return list(self.attorney_names)


def console(request: HTTPConnection) -> Console:
    found = getattr(request.app.state, "console", None)
    if not isinstance(found, Console):
        raise TypeError("the request is not served by napishy's web console (create_app)")
    return found
