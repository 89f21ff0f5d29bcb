"""E-mail addresses, also spelled out to dodge filters ("ivan at gmail dot com", "ivan(собака)mail.ru")."""

from __future__ import annotations

import re

from anonymizer.text.links import TLD_PATTERN
from anonymizer.text.spans import Hit

PLAIN = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b", re.UNICODE)

_AT = (
    r"(?:\s*[\(\[\{<]\s*(?:at|собака|сабака|собачка|эт|эт|małpa|malpa|мавпа|@)\s*[\)\]\}>]\s*"
    r"|\s+(?:at|собака|сабака|собачка|małpa|malpa|мавпа)\s+|\s*@\s*)"
)
_DOT = r"(?:\s*[\(\[\{<]\s*(?:dot|точка|кропка|kropka|\.)\s*[\)\]\}>]\s*|\s+(?:dot|точка|кропка|kropka)\s+|\.)"
# The local part may spell its dots out too: "mike dot donnelly at yahoo dot com".
_SPELLED_LOCAL_DOT = r"(?:\s+(?:dot|точка|кропка|kropka)\s+|\s*[\(\[\{<]\s*(?:dot|точка|кропка|kropka)\s*[\)\]\}>]\s*)"
_LOCAL = rf"[A-Za-z0-9][\w.+-]*(?:{_SPELLED_LOCAL_DOT}[A-Za-z0-9][\w.+-]*)*"
_LABEL = r"[A-Za-z0-9][\w-]*"
OBFUSCATED = re.compile(
    rf"(?<![\w.+-]){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?:[a-z]{{2,6}})\b",
    re.IGNORECASE,
)


# "ivan @ gmail . com": a literal "@" with spaces round it and round the dots; the last label
# must be a known top-level domain, so "20 @ 3 . Then" in prose is no address.
SPACED = re.compile(
    rf"(?<![\w.+-]){_LOCAL}[ \t]*@[ \t]*{_LABEL}(?:[ \t]*\.[ \t]*{_LABEL})*?[ \t]*\.[ \t]*(?:{TLD_PATTERN})\b",
    re.IGNORECASE,
)

# Said aloud: "пиши на zhenya1990 на мейл ру", "ivan_p at gmail", "olga85 на яндексе".
_PROVIDER = (
    r"(?:мейл|майл|маил|mail|мэйл|гмейл|гмайл|джимейл|джимэйл|gmail|яндекс\w*|yandex|тут\.?\s*бай|tut\.?\s*by|"
    r"укрнет\w*|ukr\.?\s*net|outlook|hotmail|yahoo|протон\w*|proton\w*|інтэрыя|interia|вп|wp)"
)
SPOKEN = re.compile(
    rf"(?<![\w.@])([A-Za-z][\w.]*\d[\w.]*|[A-Za-z]+[._][\w.]+)[ \t]+(?:на|в|у|ў|at|na)[ \t]+{_PROVIDER}"
    r"(?:[ \t.]*(?:ру|ru|бай|by|ком|com|нет|net|юа|ua|пл|pl))?\b",
    re.IGNORECASE,
)

_BARE_AT = re.compile(r"\s(?:at|собака|сабака|собачка|małpa|malpa|мавпа)\s", re.IGNORECASE)
_SPELLED_DOT = re.compile(r"(?:dot|точка|кропка|kropka)", re.IGNORECASE)


def find(text: str) -> list[Hit]:
    """Plain and obfuscated addresses; an obfuscated one needs a word or bracket for "@"."""
    hits = [Hit(m.start(), m.end(), "email", "address") for m in PLAIN.finditer(text)]
    for match in OBFUSCATED.finditer(text):
        found = match.group()
        if "@" in found and found.count(" ") == 0:
            continue  # already plain
        if _BARE_AT.search(found) and not _SPELLED_DOT.search(found) and not re.match(r"\S*[\d._]", found):
            continue  # "find us at example.com" is prose with a link, not an address
        hits.append(Hit(match.start(), match.end(), "email", "obfuscated address"))
    if "@" in text:
        hits += [Hit(m.start(), m.end(), "email", "spaced address") for m in SPACED.finditer(text) if " " in m.group()]
    if re.search(r"[A-Za-z]\d|[A-Za-z][._][A-Za-z]", text):
        hits += [Hit(m.start(), m.end(), "email", "spoken address") for m in SPOKEN.finditer(text)]
    return hits + _local_parts_alone(text, hits)


def _local_parts_alone(text: str, found: list[Hit]) -> list[Hit]:
    """A found address's user name goes wherever it stands: a bounce quotes 'Mailbox
    "t.pashkevich.1988" does not exist', a writer adds "my Skype is the same, ales_k77"."""
    addresses = [text[h.start: h.end] for h in found]
    parts = {address.split("@", 1)[0].strip("<( ").casefold() for address in addresses if "@" in address}
    parts = {part for part in parts if len(part) >= 5 and re.search(r"[\d._-]", part)}
    hits = []
    for part in parts:
        for match in re.finditer(rf"(?<![\w.@-]){re.escape(part)}(?![\w@-]|\.\w)", text, re.IGNORECASE):
            hits.append(Hit(match.start(), match.end(), "email", "user name of an address"))
    return hits
