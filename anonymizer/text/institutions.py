"""Named institutions and school classes: a court, parish, mine, plant or school with its name
is one building in one town, and says where the writer lives, works or studies.

The nouns come from the lexicons ("institutions"); a name beside one makes it specific: a
capitalised word before it ("Фрунзенский районный суд", "Grodno Azot plant"), a quoted name
after it ("шахта «Северная»"), or a capitalised name after it ("parafia św. Anny", "школа
имени Купалы", "St Mary's Church" is caught by the word before).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anonymizer.roster import Roster, public_stems
from anonymizer.text import contexts, dictionaries, lexicon
from anonymizer.text.forms import ENDINGS, LATIN_ENDINGS, WORD, fold, mentions, opens_sentence
from anonymizer.text.namelists import is_capitalised_word
from anonymizer.text.spans import Hit

_CAP = r"(?-i:[A-ZА-ЯЁІЎЄЇҐŁŚŻŹĆŃÓ][\w'’-]+)"
_QUOTED = r"«[^»\n]{1,60}»|\"[^\"\n]{1,60}\"|„[^”\n]{1,60}[”“]"
_NAMED_AFTER = r"(?:имени|імя|імені|im\.|imienia|named\s+after|of|św\.|св\.|святого|святога|святої|святой|St\.?|Saint)"
_COURT = re.compile(r"(?:суд|sąd|court)", re.IGNORECASE)
# A patron's name follows ("of" is left out: "the London School of Economics" names no patron).
_PATRON = re.compile(r"(?<!\w)(?:имени|імя|імені|im\.|imienia|named\s+after|św\.|св\.|свят\w+|St\.?|Saint)(?!\w)",
                     re.IGNORECASE)
# A town after a preposition says where the court is, not which one: "суддзя з Віцебска".
_PREPOSITION = r"(?:в|у|ў|з|із|из|со|с|на|да|до|w|we|z|ze|na|do|od|in|at|from|to|і|и|i|and|та|й)"
# "11 «Б» класс", "10-Б класе", "klasa 3b", "class 7C", "3b klasy".
SCHOOL_CLASS = re.compile(
    r"(?<![\w-])\d{1,2}[ \u00a0-]*[«\"„]?(?-i:[А-ЯA-ZЁІЎЄЇ])[»\"”]?[ \u00a0-]*(?:клас|класс|klas)\w*"
    r"|\b(?:клас|класс|klas|class|grade)\w*[ \u00a0]+\d{1,2}[ \u00a0-]*[«\"„]?[a-zA-Zа-яА-ЯіІўЎ]\b[»\"”]?"
    r"|(?<![\w-])\d{1,2}[a-zа-я][ \u00a0]+(?:klas|клас)\w*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    nouns = "|".join(re.escape(w) + r"\w*" for w in sorted(lexicon.words("institutions"), key=len, reverse=True))
    return re.compile(
        rf"(?P<before>(?:{_CAP}[ \u00a0]+){{1,3}}(?:(?!{_PREPOSITION}\b)[^\W\d_]+[ \u00a0]+)?)?"
        rf"(?P<noun>\b(?:{_COMPOUND_PREFIX})?(?:{nouns}))"
        rf"(?P<after>(?:[ \u00a0]+(?!{_PREPOSITION}\b)[^\W\d_]{{1,14}}){{0,2}}?"
        rf"[ \u00a0]+(?:{_QUOTED}|{_NAMED_AFTER}[ \u00a0]*{_CAP}"
        rf"(?:[ \u00a0]+{_CAP}){{0,3}}|(?:{_CAP})(?:[ \u00a0]+{_CAP}){{0,2}}))?",
        re.IGNORECASE,
    )


# A plant named by what it makes, in one word: "мясакамбінат", "хлебозавод", "мясокомбинате".
_COMPOUND_NOUNS = r"камбінат|камбінац|комбінат|комбинат|завод"
_COMPOUND_PREFIX = rf"[^\W\d_]{{2,8}}?(?=(?i:{_COMPOUND_NOUNS}))"
_COMPOUND = re.compile(_COMPOUND_PREFIX)


def _noun_form(word: str) -> bool:
    """`word` is an institution noun plus at most a case ending (or an English plural)."""
    lower = word.lower()
    if compound := _COMPOUND.match(lower):
        lower = lower[compound.end():]
    for noun in lexicon.words("institutions"):
        if lower.startswith(noun):
            rest = fold(lower[len(noun):])
            if rest in ENDINGS or rest in LATIN_ENDINGS or rest in ("s", "es", "ies"):
                return True
    return False


# "Львівського", "Гродненский", "Wrocławski": an adjective of a place is an ordinary
# word to a dictionary but names the town.
_PLACE_ADJECTIVE = re.compile(r"(?:ськ|цьк|зьк|ск|цк|sk|ck)\w{0,5}$", re.IGNORECASE)


def _generic(name: str, roster: Roster | None) -> bool:
    """Every capitalised word of the name is an ordinary word or a public figure's: "the Four
    Courts", "Вярхоўны суд", "Купалаўскім тэатры" name no one's town."""
    words = [w for w in WORD.findall(name) if w[:1].isupper() and w.casefold() not in contexts.STOP]
    public = public_stems(roster) if roster is not None else ()
    numbers = lexicon.words("number_words")
    return bool(words) and all(
        fold(w).startswith(public) or fold(w) in numbers or is_capitalised_word(w)
        or (dictionaries.reading(w) is dictionaries.Reading.COMMON and not _PLACE_ADJECTIVE.search(w))
        for w in words)


def _school_named_after(match: re.Match[str]) -> bool:
    """"ліцей імені Шевченка", "Liceum im. Kopernika": a town has one theatre named after Kupala
    that thousands visit, but a school, a college or a parish named after a figure is a few
    hundred people, whoever the figure is."""
    noun = match.group("noun").lower()
    return bool(match.group("after")) and _PATRON.search(match.group("after")) is not None \
        and noun.startswith(tuple(lexicon.words("schools")))


def find(text: str, roster: Roster | None = None) -> list[Hit]:
    """Institutions with a name beside them, and school classes."""
    hits = [Hit(m.start(), m.end(), "workplace", "school class") for m in SCHOOL_CLASS.finditer(text)]
    if not mentions(text, tuple(lexicon.words("institutions"))):
        return hits
    for match in _named().finditer(text):
        if not _noun_form(match.group("noun")):
            continue  # "приходит" is a verb, "колхозник" a person, not "приход" or "колхоз"
        if _COURT.match(match.group("noun")):
            continue  # where a trial was held is public; a court as the writer's workplace is the workplaces rule's

        before, after = match.group("before"), match.group("after")
        if after and not re.search(_QUOTED, after) and all(
                w.casefold() in contexts.STOP for w in WORD.findall(after) if w[:1].isupper()):
            after = None  # "суд вынес Вам прысуд": the polite "Вам" names nothing
        # A capitalised word before the noun counts unless it only opens the sentence ("Школа была…");
        # the polite "Ваш" never does ("Ваш суд").
        capitals = sum(1 for word in before.split() if word[:1].isupper() and word.casefold() not in contexts.STOP) \
            if before else 0
        named_before = capitals > 1 or (capitals == 1 and not opens_sentence(text, match.start()))
        if not (named_before or after):
            continue
        start = match.start() if named_before else match.start("noun")
        name = (before if named_before else "") + " " + (after or "")
        if not re.search(_QUOTED, name) and _generic(name, roster) and not _school_named_after(match):
            continue
        end = match.end() if after else match.end("noun")
        hits.append(Hit(start, end, "workplace", "named institution"))
    return hits
