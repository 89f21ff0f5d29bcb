"""Restore the capitals name rules rely on, for letters typed without them.

Phones write "меня зовут ольга"; signatures shout "OLGA NOWAK". Every name rule looks for
a capitalised word, so such letters would leak whole. Detection runs on a recased copy of
the same length (offsets still line up); the output is cut from the original text.
"""

from __future__ import annotations

import re

from anonymizer.roster import Roster, roster_hits
from anonymizer.text.forms import WORD
from anonymizer.text.namelists import is_first_name

_LINE = re.compile(r"[^\n]+")
_LETTER = re.compile(r"[^\W\d_]")


def _upper_first(chars: list[str], start: int) -> None:
    upper = chars[start].upper()
    if len(upper) == 1:
        chars[start] = upper


def _shouting_lines(text: str, chars: list[str]) -> None:
    """ALL-CAPS lines ("OLGA NOWAK", "KRAKOW, POLAND", a whole shouted greeting) become Title
    Case: every word may then be a name, which fails closed. A long line of acronyms stays."""
    for line in _LINE.finditer(text):
        words = [w for w in WORD.finditer(line.group()) if len(w.group()) >= 2]
        if not words:
            continue
        if not all(w.group().isupper() for w in words):
            _shouted_names(line, chars)
            continue
        if len(words) > 6 and sum(len(w.group()) >= 5 for w in words) * 2 < len(words):
            continue
        for word in words:
            start = line.start() + word.start()
            for n in range(start + 1, line.start() + word.end()):
                lower = chars[n].lower()
                if len(lower) == 1:
                    chars[n] = lower


# Two to four shouted words side by side inside ordinary prose: "ТАМАРА КАВАЛЕНКА, пенсіянерка
# з Оршы", a name written as on a form. Its words of four letters or more are recased; "КГБ МВД" stays.
_SHOUTED_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_a-zа-я]{2,}(?:[ \u00a0][^\W\d_a-zа-я]{2,}){1,3}(?![^\W\d_])")


def _shouted_names(line: re.Match[str], chars: list[str]) -> None:
    for run in _SHOUTED_RUN.finditer(line.group()):
        words = run.group().split()
        if not all(w.isupper() for w in words) or max(len(w) for w in words) < 4:
            continue
        for word in re.finditer(r"\S{4,}", run.group()):  # "BBC", "КГБ" beside it stay acronyms
            for n in range(line.start() + run.start() + word.start() + 1, line.start() + run.start() + word.end()):
                lower = chars[n].lower()
                if len(lower) == 1:
                    chars[n] = lower


def _lower_case_letter(text: str) -> bool:
    """Hardly a capital anywhere: at most one word in thirty starts with one."""
    letters = _LETTER.findall(text)
    if len(letters) < 20:
        return False
    words = WORD.findall(text)
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals * 30 <= len(words)


def recase(text: str, roster: Roster) -> str:
    """`text` with shouted short lines in Title Case and, in an all-lower-case letter, every
    listed first name and attorney name capitalised. Same length as `text`."""
    chars = list(text)
    _shouting_lines(text, chars)
    if _lower_case_letter(text):
        capitalised = list(chars)
        for word in WORD.finditer(text):
            _upper_first(capitalised, word.start())
        candidate = "".join(capitalised)
        starts = {h.start for h in roster_hits(candidate, roster)}
        starts |= {w.start() for w in WORD.finditer(candidate) if is_first_name(w.group())}
        for start in starts:
            _upper_first(chars, start)
    return "".join(chars)
