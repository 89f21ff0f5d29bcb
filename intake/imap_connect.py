"""Opening an IMAP session: TLS with certificate checks by default, timeouts on the socket,
and errors that name the mailbox and the fix, never a letter."""

from __future__ import annotations

import logging
import socket
import ssl

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.imapclient import SocketTimeout

from foundation.errors import NapishyError
from foundation.settings import MailboxSettings

log = logging.getLogger(__name__)

# imapclient logs every protocol line, literals included, at DEBUG: with NAPISHY_LOG_LEVEL=DEBUG
# that would put whole letters (sender headers and all) into the journal. Never below WARNING.
logging.getLogger("imapclient").setLevel(logging.WARNING)

CONNECT_TIMEOUT = 20.0
# How long one socket read may wait for a byte. It bounds each read, not a whole FETCH: a slow link
# that keeps delivering is never cut, while a link that froze mid-FETCH is noticed in 15 s.
READ_TIMEOUT = 15.0
# TCP keepalive: first probe after 10 s of silence, then every 5 s; 3 unanswered probes end the link.
KEEPALIVE = (("TCP_KEEPIDLE", 10), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 3))
USER_TIMEOUT_MS = 25_000  # Linux: data we sent that stays unacknowledged this long ends the link


class ImapError(NapishyError):
    """Raised when a mailbox cannot be reached or used; the message names the mailbox, never a letter."""


class ImapConnectError(ImapError):
    """Raised when the TCP connection to the IMAP server cannot be opened."""


class ImapTlsError(ImapError):
    """Raised when TLS cannot be set up or verified; napishy never falls back to plain text."""


class ImapLoginError(ImapError):
    """Raised when the server refuses the configured user and password."""


def tls_context(mailbox: MailboxSettings) -> ssl.SSLContext:
    """Verifying context (hostname and chain); `ca_file` adds a private CA, it never disables checks."""
    cafile = str(mailbox.ca_file) if mailbox.ca_file else None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as error:
        raise ImapTlsError(
            f"mailbox {mailbox.id}: cannot load CA file {mailbox.ca_file} ({type(error).__name__})"
        ) from None


def connect(
    mailbox: MailboxSettings, *, connect_timeout: float = CONNECT_TIMEOUT, read_timeout: float = READ_TIMEOUT
) -> IMAPClient:
    """A logged-in client for `mailbox`, or an `ImapError` with one line saying what to fix."""
    where = f"mailbox {mailbox.id}: {mailbox.host}:{mailbox.port}"
    context = None if mailbox.security == "plain" else tls_context(mailbox)
    if mailbox.security == "plain":
        log.warning("mailbox %s: plain IMAP without TLS, as configured; use only on a trusted link", mailbox.id)
    try:
        client = IMAPClient(
            mailbox.host,
            mailbox.port,
            ssl=mailbox.security == "tls",
            ssl_context=context,
            timeout=SocketTimeout(connect=connect_timeout, read=read_timeout),
        )
    except (ssl.SSLError, ssl.CertificateError) as error:
        raise ImapTlsError(f"{where}: TLS failed ({_tls_reason(error)}){_tls_hint(mailbox)}") from None
    except (OSError, IMAPClientError) as error:
        raise ImapConnectError(f"{where}: cannot connect ({_os_reason(error)})") from None
    try:
        _keepalive(client.socket())
        if mailbox.security == "starttls":
            _starttls(client, mailbox, context, where)
        client.login(mailbox.user, mailbox.password)
    except LoginError:
        _close(client)
        raise ImapLoginError(f"{where}: login refused for the configured user") from None
    except (ssl.SSLError, ssl.CertificateError) as error:
        _close(client)
        raise ImapTlsError(f"{where}: STARTTLS failed ({_tls_reason(error)})") from None
    except ImapError:
        _close(client)
        raise
    except (OSError, IMAPClientError) as error:
        _close(client)
        raise ImapConnectError(f"{where}: session failed before login ({_os_reason(error)})") from None
    return client


def _starttls(client: IMAPClient, mailbox: MailboxSettings, context: ssl.SSLContext | None, where: str) -> None:
    if not client.has_capability("STARTTLS"):
        # Logging in anyway would send the password in the clear: refuse instead.
        raise ImapTlsError(f"{where}: the server does not offer STARTTLS; refusing to log in without TLS")
    client.starttls(context)


def _keepalive(sock: socket.socket) -> None:
    """TCP keepalive finds a peer that vanished without a FIN while we sit in IDLE; it cannot see a
    middlebox that still answers for a dead server, which is what the IDLE watchdog is for."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        options = (*KEEPALIVE, ("TCP_USER_TIMEOUT", USER_TIMEOUT_MS))
        for name, value in options:
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
    except OSError:
        log.debug("TCP keepalive not available on this socket")


def _close(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # noqa: S110 - closing a broken session: nothing useful left to report
        pass


def close(client: IMAPClient | None) -> None:
    """Log out politely if the session still works, otherwise just drop the socket."""
    if client is None:
        return
    try:
        client.logout()
    except Exception:
        _close(client)


def _tls_reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or getattr(error, "verify_message", None)
    return str(reason) if reason else type(error).__name__


def _tls_hint(mailbox: MailboxSettings) -> str:
    if mailbox.security == "tls":
        return (
            "; if this port speaks plain IMAP, set NAPISHY_MAILBOX_"
            f"{mailbox.id.upper()}_SECURITY=starttls (or plain only for a loopback test server)"
        )
    return ""


def _os_reason(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    strerror = getattr(error, "strerror", None)
    return strerror or type(error).__name__
