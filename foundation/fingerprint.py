"""Keyed fingerprints for dedupe: equal letters match, but the value reveals nothing without the key.

A plain hash of a letter would let anyone holding a copy of the letter (the mail provider,
an adversary who intercepted it) prove it is in our database. The HMAC key stays with us.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from foundation.errors import NapishyError

if TYPE_CHECKING:
    from foundation.storage.database import Database

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.+(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def load_or_create_key(path: Path) -> bytes:
    """Read the 32-byte key, creating it (0600) on first use.

    Created complete or not at all: written to a private temporary file, then hard-linked into
    place, which fails if another service got there first. Then everyone reads the winner's key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = path.read_bytes()
    if len(key) != 32:
        raise ValueError(f"{path} is damaged: expected 32 bytes")
    return key


class Fingerprinter:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def of(self, raw: bytes) -> str:
        """Stable across re-delivery: servers prepend Received lines and change line endings,
        so we key on the Message-ID and the body, not on the whole header block."""
        match = _HEADER_END.search(raw)
        headers, body = (raw[: match.start()], raw[match.end() :]) if match else (b"", raw)
        message_id = _MESSAGE_ID.search(headers)
        mac = hmac.new(self._key, digestmod=hashlib.sha256)
        if message_id:
            mac.update(b"mid:" + b" ".join(message_id.group(1).split()) + b"\0")
            mac.update(_normalise(body))
        else:
            mac.update(b"raw:" + _normalise(raw))
        return mac.hexdigest()

    def of_pieces(self) -> hmac.HMAC:
        """For a letter read in pieces (an oversized one): keyed over its exact bytes, fed with
        `update`; a UIDVALIDITY change or a crash before the move still finds it a duplicate."""
        return hmac.new(self._key, b"pieces:", hashlib.sha256)


def _normalise(data: bytes) -> bytes:
    return b"\n".join(line.rstrip() for line in data.replace(b"\r\n", b"\n").split(b"\n")).rstrip()


class KeyMismatch(NapishyError):
    """Raised at start-up when this service's fingerprint key differs from the one already in use."""


def check_value(key: bytes) -> str:
    """Names the key without revealing it: an HMAC of a fixed label."""
    return hmac.new(key, b"napishy fingerprint key check v1", hashlib.sha256).hexdigest()[:32]


def ensure_same_key(database: Database, key: bytes, key_file: Path) -> None:
    """The first service records the key's check value; every later one must match it."""
    from sqlalchemy.exc import IntegrityError

    from foundation.storage.models import DeploymentCheck

    expected = check_value(key)
    try:
        with database.session() as session:
            stored = session.get(DeploymentCheck, "fingerprint_key")
            if stored is None:
                session.add(DeploymentCheck(name="fingerprint_key", value=expected))
                return
            actual = stored.value
    except IntegrityError:  # another service recorded it a moment ago: compare with theirs
        with database.session() as session:
            theirs = session.get(DeploymentCheck, "fingerprint_key")
            actual = theirs.value if theirs is not None else ""  # gone again: no key to agree with, refuse
    if actual != expected:
        raise KeyMismatch(
            f"the fingerprint key in {key_file} is not the one the other services on this database use;"
            " copy their key file here (NAPISHY_FINGERPRINT_KEY_FILE), or letters would be stored twice"
        )
