"""A letter's text split into plain runs, redaction markers and words to check: what reviewers see
highlighted, the same in the terminal and in the web console (each shell styles the pieces its way)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from anonymizer.vocabulary import ALL_MARKERS

MARKER = re.compile(r"\[(?:" + "|".join(ALL_MARKERS) + r")\]")
Segment = tuple[Literal["text", "marker", "check"], str]


@lru_cache(maxsize=64)
def _pattern(checks: tuple[str, ...]) -> re.Pattern[str]:
    """Markers, or any of `checks` as a whole word (longest first, so a two-word check wins)."""
    words = sorted({c for c in checks if c.strip()}, key=len, reverse=True)
    alternatives = [f"(?P<marker>{MARKER.pattern})"]
    if words:
        alternatives.append(rf"(?<!\w)(?P<check>{'|'.join(map(re.escape, words))})(?!\w)")
    return re.compile("|".join(alternatives))


def segments(text: str, checks: Iterable[str] = ()) -> Iterator[Segment]:
    """Split `text` into plain runs, redaction markers and whole-word occurrences of `checks`.

    Matching works on the raw text, before any escaping, so a caller can escape each piece on its
    own (the web console does) and a check can never match inside an HTML entity or a marker."""
    position = 0
    for found in _pattern(tuple(checks)).finditer(text):
        if found.start() > position:
            yield "text", text[position:found.start()]
        yield ("marker" if found.group("marker") else "check"), found.group(0)
        position = found.end()
    if position < len(text):
        yield "text", text[position:]
