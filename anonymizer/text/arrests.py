"""The day and place of the writer's own arrest ("мяне затрымалі 14 жніўня 2020 каля прахадной
МТЗ"): with the court records, they name one person.

Only where the writer or their family was detained — a first-person or kin word in the same
clause; the attorneys' own arrests are public and stay. The date goes, and the first named
place after a preposition, up to the end of the clause.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizer.text import lexicon
from anonymizer.text.spans import Hit

_DETAINED = re.compile(
    r"\b(?:затрыма\w*|арыштава\w*|задержа\w*|арестова\w*|затрима\w*|заарештува\w*|арештува\w*|"
    r"zatrzyma\w*|aresztowa\w*|zatrzymano|arrested|detained|picked\s+up\s+by|"
    # the words people use for it: "взяли на проходной", "скруцілі", "zgarnęli", "grabbed"
    r"взял[иа]?|узял[іа]?|забрал[иа]?|забралі|схапілі|схапалі|схватил[иа]?|скрутил[иа]?|скруцілі|"
    r"упаковал[иа]?|спакавалі|запаковал[иа]?|хапнул[иа]?|zgarn\w*|zwinęli|zabrali|wzięli|grabbed|seized|nabbed)\b",
    re.IGNORECASE,
)
_SELF = re.compile(r"(?<!\w)(?:мяне|меня|мене|нас|мы|ми|я|mnie|nas|my|me|us|we|I)(?!\w)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.!?\n]|\s[—–]\s")
_PREPOSITION = (r"(?:каля|ля|побач\s+з|около|возле|у|ў|в|на|біля|коло|поруч\s+з|pod|przy|obok|koło|na|w|"
                r"near|outside|at|on|in)")
# Up to three words and then a capitalised one: "каля прахадной МТЗ", "outside Kamarouski market".
_NAMED = re.compile(
    rf"(?<!\w){_PREPOSITION}[ \u00a0]+((?:[^\W\d_][\w'’-]*[ \u00a0]+){{0,3}}(?-i:[A-ZА-ЯЁІЎЄЇŁŚŻ])[\w'’-]*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _date() -> re.Pattern[str]:
    months = "|".join(sorted(lexicon.words("months") - lexicon.words("number_words"), key=len, reverse=True))
    return re.compile(
        rf"\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?(?:{months})\w*"
        rf"(?:[ \u00a0,]+(?:19|20)\d\d)?"
        rf"|(?:{months})\w*[ \u00a0]+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?[ \u00a0]+(?:19|20)\d\d)?",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _kin() -> re.Pattern[str]:
    stems = sorted(lexicon.words("kin_words"), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(k) for k in stems)})\w*", re.IGNORECASE)


def _about_the_writer(clause: str) -> bool:
    return bool(_SELF.search(clause) or _kin().search(clause))


# Who was detained is the pronoun beside the verb: "when I read that you were detained" is the
# attorney's arrest, public, though "I" opens the clause.
_OTHERS = re.compile(
    r"(?<!\w)(?:вас|вы|цябе|ты|яго|его|яе|её|їх|іх|их|вами|тебе|ти|його|її|pana|pani|pan|ciebie|"
    r"you|him|her|them|he|she|they)(?!\w)",
    re.IGNORECASE,
)
_NEAR = re.compile(r"(?:[^\W\d_]+[ \u00a0]+){0,3}$")


def _someone_else(text: str, verb: re.Match[str]) -> bool:
    before = _NEAR.search(text, max(0, verb.start() - 60), verb.start())
    after = re.match(r"(?:[ \u00a0]+[^\W\d_]+){0,2}", text[verb.end():])
    near = (before.group() if before else "") + " " + (after.group() if after else "")
    return bool(_OTHERS.search(near)) and not _SELF.search(near)


def _a_month(place: str) -> bool:
    return any(place.casefold().startswith(month) for month in lexicon.words("months"))


def find(text: str) -> list[Hit]:
    """The date and the named place in each clause telling of the writer's or their kin's arrest."""
    hits: list[Hit] = []
    for verb in _DETAINED.finditer(text):
        start = max((m.end() for m in _CLAUSE_END.finditer(text, max(0, verb.start() - 120), verb.start())),
                    default=max(0, verb.start() - 120))
        end_match = _CLAUSE_END.search(text, verb.end())
        end = end_match.start() if end_match else len(text)
        if end - verb.end() > 160 or not _about_the_writer(text[start:end]) or _someone_else(text, verb):
            continue
        hits += [Hit(m.start(), m.end(), "number", "day of an arrest") for m in _date().finditer(text, start, end)]
        if (place := _NAMED.search(text, verb.end(), end)) and not _a_month(place.group(1)):
            hits.append(Hit(place.start(1), place.end(1), "address", "place of an arrest"))
    return hits
