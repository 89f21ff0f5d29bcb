"""Small numbered units a person belongs to: "група SOC-2B", "pokój 512", "у 5-й групе юрфака
БДУ", "в цеху аммиака-3", "маршрутку № 7", "ДЮСШ № 3".

A town of a million has thousands of students, but one student group, one dormitory room, one
plant workshop or one bus route holds a handful of people: with the unit's number said, the
unit is an identifier. The unit nouns are data (lexicon key `unit_words`); the rule needs the
identifier (a number, a code with a digit) beside the noun, so "у нашай групе" stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizer.text import lexicon
from anonymizer.text.spans import Hit

_SIGN = r"(?:№|N°|No\.?|Nr\.?|nr\.?|#)"
# "512", "2B", "SOC-2B", "аммиака-3", "3/1": something with a digit in it.
_IDENTIFIER = (r"(?:[^\W\d_]{1,12}-?)?\d{1,4}(?:[-/]?\d{1,3})?(?:-?[^\W\d_]{1,2})?(?![\w-])")
_ORDINAL = r"\d{1,2}[ \u00a0]?-?(?:[а-яёіўa-z]{1,3}|st|nd|rd|th)"
_ACRONYM = r"(?-i:[A-ZА-ЯЁІЎЄЇŁ]{2,6})(?!\w)"
# What the unit belongs to: "юрфака БДУ", "МТЗ", "of the Faculty of Law".
_OF_WHAT = rf"(?:[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+)?{_ACRONYM})?"


@lru_cache(maxsize=1)
def _units() -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(w) for w in lexicon.words("unit_words")), key=len, reverse=True))
    unit = rf"(?<![\w-])(?:{nouns})[^\W\d_]*"
    return re.compile(
        rf"(?:{_ACRONYM}[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+)?)?{unit}[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+)?{_SIGN}?[ \u00a0]*"
        rf"{_IDENTIFIER}{_OF_WHAT}"  # "група SOC-2B", "pokój 512", "цеху аммиака-3"
        rf"|(?<![\w-]){_ORDINAL}[ \u00a0]+{unit}{_OF_WHAT}"  # "у 5-й групе юрфака БДУ"
        rf"|(?:{_ACRONYM}[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+)?)?{unit}[ \u00a0]+{_ACRONYM}",  # "КБ сборочного цеха МТЗ"
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _numbered_acronym() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){_ACRONYM}[ \u00a0]*{_SIGN}[ \u00a0]*\d{{1,4}}(?!\d)")


def _custody(acronym: str) -> bool:
    """"СИЗО № 1", "ИК № 15": where an attorney is held is public, not the writer's unit."""
    folded = acronym.lower()
    return any(folded.startswith(stem) for stem in lexicon.words("custody"))


# "у групе 20 чалавек", "w grupie 15 osób": a short bare number with a word after it counts people.
_COUNT = re.compile(r"(?<![№#.°])[ \u00a0]\d{1,2}$")
_WORD_AFTER = re.compile(r"[ \u00a0]+[^\W\d_]")


def _a_count(text: str, match: re.Match[str]) -> bool:
    return bool(_COUNT.search(match.group()) and _WORD_AFTER.match(text, match.end()))


def find(text: str) -> list[Hit]:
    hits = [Hit(m.start(), m.end(), "workplace", "numbered unit") for m in _units().finditer(text)
            if not _a_count(text, m)]
    hits += [Hit(m.start(), m.end(), "workplace", "numbered institution")
             for m in _numbered_acronym().finditer(text) if not _custody(m.group())]
    return hits
