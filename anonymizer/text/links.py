"""URLs, bare domains and messenger handles: a profile link names a person as surely as a name."""

from __future__ import annotations

import re

from anonymizer.text.forms import mentions
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
# A messenger or account id without "@": "Skype: grainne.obyrne85", "ник в телеграме — gurinovich_p".
# The id must look like one (a digit, "_" or ".") unless a colon or dash introduces it.
_SERVICE = (
    r"телеграм\w*|телеграмм\w*|тэлеграм\w*|telegram|тг|tg|инстаграм\w*|інстаграм\w*|instagram|insta|инста|"
    r"skype|скайп\w*|вайбер\w*|viber|signal|сигнал\w*|discord|дискорд\w*|twitter|твиттер\w*|threads|"
    r"facebook|фейсбук\w*|vk|вк|вконтакте|tiktok|тикток\w*|ник\w*|нік\w*|nick(?:name)?|username|login|логин\w*"
)
_SERVICE_WORDS = (
    "телегр", "тэлегр", "telegram", "тг", "tg", "инст", "інст", "insta", "skype", "скайп", "вайбер", "viber", "signal",
    "сигнал", "discord", "дискорд", "twitter", "твиттер", "threads", "facebook", "фейсбук", "vk", "вк", "tiktok",
    "тикток", "ник", "нік", "nick", "username", "login", "логин",
)
ACCOUNT = re.compile(
    rf"(?<![\w@])(?i:{_SERVICE})(?:[ \u00a0]+[^\s:]+){{0,2}}?[ \u00a0]*(?:(:|[—–-])[ \u00a0]*|[ \u00a0]+)"
    r"([A-Za-z][A-Za-z0-9_.]{2,31}[A-Za-z0-9])(?![\w@])"
)
# Nobody writes prose with underscores: "olga_pro", "sasha_1990" is a user name wherever it stands.
SNAKE = re.compile(r"(?<![\w@./])[^\W_]+(?:_+[^\W_]+)+(?![\w@])")
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
    if "_" in text:
        hits.extend(Hit(m.start(), m.end(), "handle", "user name") for m in SNAKE.finditer(text))
    for match in ACCOUNT.finditer(text) if mentions(text, _SERVICE_WORDS) else ():
        account = match.group(2)
        if match.group(1) or any(c.isdigit() or c in "_." for c in account):
            hits.append(Hit(match.start(2), match.end(2), "handle", "messenger id"))
    return hits
