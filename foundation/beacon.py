"""A failed pass that the database could not record (disk full, database locked or gone) must still
make `napishy status` fail. The beacon is a small file of fixed size, written once while there is
room and then only overwritten in place: overwriting blocks a file already owns needs no free space,
so it records the failure when the database cannot. It names mailboxes and times, nothing else."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

BEACON_BYTES = 4096
BEACON_NAME = "unrecorded-failures"


def beacon_path(data_dir: Path) -> Path:
    return data_dir / BEACON_NAME


def prepare_beacon(data_dir: Path) -> None:
    """Create the beacon at its full size now, while the disk has room (at service start)."""
    path = beacon_path(data_dir)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        log.warning("cannot create %s (%s): a failure the database cannot record will go unnoticed",
                    path.name, error.strerror)
        return
    try:
        if os.fstat(fd).st_size < BEACON_BYTES:
            os.pwrite(fd, _encode({}), 0)
            os.fsync(fd)
    except OSError as error:
        log.warning("cannot size %s (%s)", path.name, error.strerror)
    finally:
        os.close(fd)


def record_unrecorded_failure(data_dir: Path, mailbox_id: str, when: dt.datetime) -> bool:
    """Note in the beacon that `mailbox_id` failed at `when`; False if even that was impossible."""
    try:
        fd = os.open(beacon_path(data_dir), os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # two services on one data dir: read-modify-write in turn
        entries = _decode(os.pread(fd, BEACON_BYTES, 0))
        entries[mailbox_id] = when.isoformat()  # to the microsecond: compared with the last good poll
        os.pwrite(fd, _encode(entries), 0)
        os.fsync(fd)
        return True
    except (OSError, ValueError):
        return False
    finally:
        os.close(fd)


def unrecorded_failures(data_dir: Path) -> dict[str, dt.datetime]:
    """mailbox → time of its last failed pass that the database may not know about."""
    try:
        data = beacon_path(data_dir).read_bytes()[:BEACON_BYTES]
    except OSError:
        return {}
    found = {}
    for mailbox, when in _decode(data).items():
        try:
            found[mailbox] = dt.datetime.fromisoformat(when)
        except ValueError:
            continue
    return found


def _encode(entries: dict[str, str]) -> bytes:
    data = json.dumps(entries, sort_keys=True).encode()
    if len(data) > BEACON_BYTES:
        raise ValueError("too many mailboxes for the beacon")
    return data.ljust(BEACON_BYTES, b" ")


def _decode(data: bytes) -> dict[str, str]:
    try:
        entries = json.loads(data.decode("ascii").strip() or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}  # a torn or foreign file: start over rather than fail the service
    if not isinstance(entries, dict):
        return {}
    return {str(k): str(v) for k, v in entries.items()}
