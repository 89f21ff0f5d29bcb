"""The letters every throughput bench uses, so the floor and the bench it is compared with see the
same bytes: a folder of .eml files repeated to N, each made unique by its own Message-ID."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus" / "letters"  # the development corpus (6.4 KiB mean)
_MESSAGE_ID = re.compile(rb"^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n", re.IGNORECASE | re.MULTILINE)


def source_letters(chosen: Path | None, default: Path = ROOT / "examples") -> list[bytes]:
    folders = [chosen] if chosen else [default, ROOT.parent / "shared" / "corpus" / "letters"]
    for folder in folders:
        files = sorted(folder.glob("*.eml"))
        if files:
            return [path.read_bytes() for path in files]
    raise SystemExit(f"no .eml files in {' or '.join(map(str, folders))}")


def unique(letter: bytes, number: int) -> bytes:
    header = f"Message-ID: <bench-{number:06d}@napishy.invalid>\r\n".encode()
    body = _MESSAGE_ID.sub(b"", letter, count=1)
    return header + body


def letters(chosen: Path | None, count: int, default: Path = ROOT / "examples") -> list[bytes]:
    sources = source_letters(chosen, default)
    return [unique(sources[i % len(sources)], i) for i in range(count)]
