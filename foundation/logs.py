"""Logging that cannot leak a sender: every record is masked before any handler sees it."""

from __future__ import annotations

import logging
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Full (eight groups) or compressed ("::") forms; a clock time like 10:30:15 is neither.
_IPV6 = re.compile(
    r"(?<![\w:.])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"
)


def mask(text: str) -> str:
    text = _EMAIL.sub("[email]", text)
    text = _IPV4.sub("[ip]", text)  # first, so an IPv4-mapped IPv6 address goes whole
    return _IPV6.sub("[ip]", text)


class MaskingFilter(logging.Filter):
    """Renders the message, masks addresses and IPs, and drops the arguments and traceback text,
    since an exception raised deep in a parser may quote a header."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info:
            error = record.exc_info[1]
            record.msg += f" ({type(error).__name__})" if error else ""
            record.exc_info = None
            record.exc_text = None
        return True


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations say enough on failure
