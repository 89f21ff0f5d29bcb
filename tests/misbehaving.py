"""Anonymiser stand-ins that fail the ways a hostile letter can make the real one fail.

Used only by the sandbox tests, as the child process's target: a real letter cannot be made
to hang or exhaust memory on demand, deterministically, in a few seconds.
"""

from __future__ import annotations

import os
import re
import time

from anonymizer.letter import anonymize

SLOW = re.compile(rb"^X-Test-Slow: ([0-9.]+)\r?$", re.MULTILINE)


def by_command(raw: bytes, roster: object, **options: object) -> object:
    """`hang`, `eat memory`, `die`, `bug`; a letter with an `X-Test-Slow: S` header takes S seconds
    more than usual (a slow but legal letter), then is anonymised as any other."""
    slow = SLOW.search(raw[:4096])
    if slow:
        time.sleep(float(slow.group(1)))
    if raw == b"hang":
        time.sleep(3600)
    if raw == b"eat memory":
        hog = [bytearray(64 * 1024 * 1024) for _ in range(1000)]
        return len(hog)
    if raw == b"die":
        os._exit(9)
    if raw == b"bug":
        raise KeyError("Ivan Ivanov <ivan@example.org>")  # a message that must not travel
    return anonymize(raw, roster, **options)
