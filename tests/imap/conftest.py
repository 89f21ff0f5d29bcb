"""A real Dovecot for the IMAP intake tests, started once per session, emptied between tests.

Letters are small .eml byte strings with made-up sender identifiers planted in their headers;
every test ends by checking that none of them reached the data dir or the logs.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from foundation.settings import Settings
from napishy.app import App
from tests import dovecot as dovecot_helper
from tests import tiers
from tests.dovecot import PASSWORD, USERS, Dovecot

pytestmark = pytest.mark.imap

# Made-up identifiers. Each letter gets its own Message-ID, all share the rest.
SENDER_ADDRESS = "zmicier.planted@example.net"
DISPLAY_NAME = "Zmicier Plantouski"
SENDER_IP = "203.0.113.77"
SENDER_HOST = "lapushka-pc.planted.example"
MESSAGE_ID_PREFIX = "pl4nted-msgid"
IDENTIFIERS = [SENDER_ADDRESS, DISPLAY_NAME, SENDER_IP, SENDER_HOST, MESSAGE_ID_PREFIX]


def letter(number: int, *, padding: int = 0, to: str = "association@example.org") -> bytes:
    """A distinct small letter; `padding` adds body lines to make it bigger."""
    body = f"Дарагі Максім! Гэта ліст нумар {number}. Трымайцеся, мы з вамі.\r\n"
    body += "Мы памятаем пра вас кожны дзень.\r\n" * (padding // 40)
    return (
        f"Received: from {SENDER_HOST} ({SENDER_HOST} [{SENDER_IP}])\r\n"
        f"\tby mx.example.org with ESMTPSA id q{number}z; Tue, 2 Mar 2027 10:11:12 +0000\r\n"
        f'From: "{DISPLAY_NAME}" <{SENDER_ADDRESS}>\r\n'
        f"To: {to}\r\n"
        f"Subject: Ліст {number}\r\n"
        f"Date: Tue, 2 Mar 2027 10:11:12 +0000\r\n"
        f"Message-ID: <{MESSAGE_ID_PREFIX}-{number:05d}@{SENDER_HOST}>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
    ).encode() + body.encode()


@pytest.fixture(scope="session")
def tls_dovecot() -> Iterator[Dovecot]:
    if not dovecot_helper.available():
        tiers.skip(tiers.DOVECOT)
    with dovecot_helper.running(tls=True) as server:
        yield server


@pytest.fixture
def server(dovecot: Dovecot) -> Dovecot:
    """The shared server, emptied: each test starts with empty folders."""
    dovecot.clear()
    return dovecot


def mailbox_values(port: int, **extra: str) -> dict[str, str]:
    values = {"mailboxes": ",".join(USERS)}
    for user in USERS:
        key = f"mailbox_{user}_"
        values.update({key + "host": "127.0.0.1", key + "port": str(port), key + "user": user,
                       key + "password": PASSWORD, key + "security": "plain"})
    values.update(extra)
    return values


ImapAppFactory = Callable[..., App]
POOL_WORKERS = 2


@pytest.fixture
def make_imap_app(server: Dovecot, make_settings: Callable[..., Settings]) -> Iterator[ImapAppFactory]:
    """Apps whose mailboxes are the test server's users, plain IMAP on loopback."""
    built: list[App] = []

    def build(port: int | None = None, **overrides: str) -> App:
        # A pool of two children whatever the machine: the kill and stop tests must meet letters
        # anonymised side by side and ahead of the commit, as a 2-core deployment has them.
        overrides.setdefault("workers", str(POOL_WORKERS))
        app = App(make_settings(**mailbox_values(port or server.port, **overrides)))
        built.append(app)
        return app

    yield build
    for app in built:
        if "database" in app.__dict__:
            app.database.dispose()


@pytest.fixture
def imap_app(make_imap_app: ImapAppFactory) -> App:
    return make_imap_app()


def env_for(app_settings: Settings, data_dir: Path) -> dict[str, str]:
    """The environment a child `napishy` process needs to see the same settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAPISHY_")}
    env.update({
        "NAPISHY_DATA_DIR": str(data_dir),
        "NAPISHY_DATABASE_URL": app_settings.database_url,
        "NAPISHY_PUBLIC_KEY_FILE": str(app_settings.public_key_file),
        "NAPISHY_MAILBOXES": ",".join(m.id for m in app_settings.mailboxes),
        "NAPISHY_FETCH_CHUNK": str(app_settings.fetch_chunk),
        "NAPISHY_WORKERS": str(app_settings.workers),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    })
    for mailbox in app_settings.mailboxes:
        key = f"NAPISHY_MAILBOX_{mailbox.id.upper()}_"
        env.update({key + "HOST": mailbox.host, key + "PORT": str(mailbox.port), key + "USER": mailbox.user,
                    key + "PASSWORD": mailbox.password, key + "SECURITY": mailbox.security})
    return env


PYTHON = sys.executable


class CuttingProxy:
    """A loopback TCP proxy that drops both sides once `limit` bytes have gone server → client
    (a connection that dies in the middle of a FETCH), or that goes silent on `freeze()`.
    With `freeze_after`, each connection goes silent by itself once that many bytes have gone
    server → client (a link that dies in the middle of a FETCH, without a FIN or a reset).
    A real server cannot be told to do any of these."""

    def __init__(self, upstream_port: int, limit: int | None = None, freeze_after: int | None = None) -> None:
        self.upstream_port = upstream_port
        self.limit = limit
        self.freeze_after = freeze_after
        self.frozen: set[int] = set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self.accepted = 0
        self.frozen_below = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        """Open connections go silent both ways but stay open: a link that died without a FIN.
        New connections work normally."""
        self.frozen_below = self.accepted

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            index = self.accepted
            self.accepted += 1
            threading.Thread(target=self._pump, args=(client, upstream, None, index), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, self.limit, index, self.freeze_after),
                             daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, limit: int | None, index: int,
              freeze_after: int | None = None) -> None:
        sent = 0
        try:
            while data := source.recv(4096):
                if index < self.frozen_below or index in self.frozen:
                    continue  # swallowed: the other side waits for an answer that never comes
                if freeze_after is not None and sent + len(data) > freeze_after:
                    target.sendall(data[: freeze_after - sent])
                    self.frozen.add(index)
                    continue
                if limit is not None and sent + len(data) > limit:
                    target.sendall(data[: limit - sent])
                    self.cuts += 1
                    break
                target.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()
