"""URLs, bare domains and messenger handles: a profile link names a person as surely as a name."""

from __future__ import annotations

import re

from anonymizer.text.spans import Hit

# Top-level domains seen in letters; a bare "word.tld" counts as a link only with one of
# these, so "т.е." or "Dr.Who" stay text. Anything with a scheme or "www." always counts.
TLDS = (
    "com net org info biz io me co uk by ru ua pl lt lv ee de fr it es nl be ch at cz sk se no fi dk "
    "ie us ca au nz il kz ge am md eu su рф бел укр xyz top site online app dev link page ly gl gg "
    "tv fm to cc ws edu gov ac mil int club shop store blog news live pro name mobi one tech space"
).split()
_TLD = "|".join(sorted(TLDS, key=len, reverse=True))
TLD_PATTERN = _TLD
SCHEME = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'«»]+|\bwww\.[^\s<>\"'«»]+", re.IGNORECASE)
BARE = re.compile(
    rf"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLD})\b(?:/[^\s<>\"'«»]*)?",
    re.IGNORECASE,
)
# @name in Latin or Cyrillic, not the middle of an e-mail address.
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-zА-Яа-яЁёІіЎўЇїЄєҐґ0-9_][\w.]{2,}(?<![.])")
_TRAILING = ".,;:!?)]}»\"'"


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return end


def find(text: str) -> list[Hit]:
    """Links with or without scheme, and @handles."""
    hits = []
    for pattern, reason in ((SCHEME, "url"), (BARE, "domain")):
        for match in pattern.finditer(text):
            hits.append(Hit(match.start(), _trim(text, match.start(), match.end()), "link", reason))
    hits.extend(Hit(m.start(), m.end(), "handle", "messenger handle") for m in HANDLE.finditer(text))
    return hits
