"""A private, throwaway Dovecot for the IMAP tests and the intake bench (see shared/notes/dovecot.md).

Each instance lives in its own temp dir with its own config, users, mail and port; nothing
touches a system Dovecot. Letters go in with IMAP APPEND, which is how a delivery looks
to a client.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from imapclient import IMAPClient

USERS = ("association", "defence")
PASSWORD = "secret"  # a throwaway test server on loopback
_CONF = """\
base_dir = {tmp}/run
state_dir = {tmp}/state
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = {tmp}/dovecot.log
mail_location = maildir:{tmp}/mail/%u
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={tmp}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
{extra}
"""


def available() -> bool:
    return shutil.which("dovecot") is not None and shutil.which("doveadm") is not None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Dovecot:
    """One running private Dovecot. `port` speaks plain IMAP (and STARTTLS when `tls`);
    `tls_port` speaks implicit TLS when `tls`, else 0."""

    root: Path
    port: int
    tls_port: int = 0
    cert: Path | None = None
    pid: int = field(default=0, init=False)

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        # A pid file left by an earlier run of this instance would be read as the new master's.
        (self.root / "run" / "master.pid").unlink(missing_ok=True)
        # dovecot daemonises and its children inherit stdout: a pipe would never reach EOF
        with (self.root / "start.log").open("wb") as out:
            subprocess.run(["dovecot", "-c", str(self.conf)], check=True, stdout=out, stderr=out)
        pid_file = self.root / "run" / "master.pid"
        deadline = time.monotonic() + 15
        while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.pid = int(pid_file.read_text().strip())
        _wait_for_port(self.port)
        if self.tls_port:
            _wait_for_port(self.tls_port)

    def stop(self) -> None:
        if not self.pid:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(self.pid):
            time.sleep(0.05)
        self.pid = 0
        self._end_sessions()

    def _end_sessions(self) -> None:
        """Session processes (dovecot/imap) outlive their master here and keep serving, an IDLE
        client hears nothing for seconds; a real service stop (systemd kills the whole unit) ends
        them at once. Ends the processes of this instance only: those whose cwd is under its root."""
        mine = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    if Path(os.readlink(entry / "cwd")).is_relative_to(self.root.resolve()):
                        mine.append(int(entry.name))
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in mine:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and any(_alive(pid) for pid in mine):
                time.sleep(0.05)

    def restart(self, down_seconds: float = 0.0) -> None:
        """Stop the server (every session ends), stay down for `down_seconds`, start it again on
        the same ports with the same mail: a provider restart or a short outage."""
        self.stop()
        for port in (self.port, self.tls_port):
            if port:
                _wait_for_closed_port(port)
        time.sleep(down_seconds)
        self.start()

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # -- client-side helpers -------------------------------------------------------------
    def client(self, user: str) -> IMAPClient:
        imap = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        imap.login(user, PASSWORD)
        return imap

    def append(self, user: str, letters: Iterable[bytes], folder: str = "INBOX") -> int:
        """Deliver letters the way a client sees a delivery; returns how many."""
        count = 0
        with self.client(user) as imap:
            for letter in letters:
                imap.append(folder, letter)
                count += 1
        return count

    def count(self, user: str, folder: str = "INBOX") -> int:
        """Messages in `folder` that are not flagged deleted; 0 if the folder does not exist."""
        with self.client(user) as imap:
            if not imap.folder_exists(folder):
                return 0
            imap.select_folder(folder, readonly=True)
            return len(imap.search(["NOT", "DELETED"]))

    def contents(self, user: str, folder: str = "INBOX") -> list[bytes]:
        with self.client(user) as imap:
            if not imap.folder_exists(folder):
                return []
            imap.select_folder(folder, readonly=True)
            uids = imap.search(["NOT", "DELETED"])
            fetched = imap.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [fetched[uid][b"BODY[]"] for uid in sorted(fetched)]

    def clear(self) -> None:
        """Empty every folder of every user, so tests sharing one server start clean."""
        for user in USERS:
            with self.client(user) as imap:
                for _flags, _delim, name in imap.list_folders():
                    imap.select_folder(name)
                    uids = imap.search()
                    if uids:
                        imap.delete_messages(uids)
                        imap.expunge()

    def doveadm(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["doveadm", "-c", str(self.conf), *args], check=check, capture_output=True, text=True
        )

    def kick(self, user: str) -> bool:
        """Drop every IMAP session of `user`, as a provider restart would; False if none was open."""
        return self.doveadm("kick", user, check=False).returncode == 0

    def set_uidvalidity(self, user: str, folder: str, value: int) -> None:
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        with self.client(user) as imap:
            return int(imap.folder_status(folder, ["UIDVALIDITY"])[b"UIDVALIDITY"])


def _alive(pid: int) -> bool:
    """A zombie is dead too: dovecot daemonises, and whoever reaps it here may take its time."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot did not open port {port}")


def _wait_for_closed_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return
        time.sleep(0.05)
    raise RuntimeError(f"dovecot still listens on port {port}")


def _self_signed_cert(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    os.chmod(key, 0o644)  # dovecot reads it as root at start-up; a throwaway test key
    return cert, key


def configure(root: Path, *, tls: bool = False, extra: str = "") -> Dovecot:
    """Write the config, users and mail folders under `root`; does not start the server."""
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)  # noqa: S103 - the dovecot user must read the users file and mail folders
    (root / "mail").mkdir(exist_ok=True)
    (root / "users").write_text("".join(f"{user}:{{PLAIN}}{PASSWORD}\n" for user in USERS))
    os.chmod(root / "users", 0o644)
    shutil.chown(root / "mail", "dovecot", "dovecot")
    port, tls_port = free_port(), free_port() if tls else 0
    cert = ssl_files = None
    if tls:
        cert, key = _self_signed_cert(root)
        ssl_files = f"ssl_cert = <{cert}\nssl_key = <{key}"
    (root / "dovecot.conf").write_text(
        _CONF.format(tmp=root, port=port, tls_port=tls_port, ssl="yes" if tls else "no", ssl_files=ssl_files or "",
                     extra=extra)
    )
    return Dovecot(root, port, tls_port, cert)


@contextlib.contextmanager
def running(*, tls: bool = False, root: Path | None = None, extra: str = "") -> Iterator[Dovecot]:
    """Start a private Dovecot for the duration of the block, then stop it and remove its files.
    `extra` is appended to dovecot.conf, e.g. `imap_capability = ...` to hide MOVE."""
    owned = root is None
    folder = Path(tempfile.mkdtemp(prefix="napishy-dovecot-")) if root is None else root
    server = configure(folder, tls=tls, extra=extra)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if owned:
            shutil.rmtree(folder, ignore_errors=True)
