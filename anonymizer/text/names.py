"""Person names other than the attorneys and public figures.

Evidence, strongest first: context rules (`contexts`), natasha NER for Cyrillic, the
given-name list, and a capitalised word right after a found name (the surname). Once a
name is found every other form of it in the letter goes too ("Ганна Коваль" → "Ганны").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anonymizer.roster import Roster, RosterHit, is_sender_name, public_stems, roster_hits
from anonymizer.text import addresses, contexts, dictionaries, lexicon, ner, numbers
from anonymizer.text.forms import ENDINGS, WORD, capitalised, fold, is_form, stem
from anonymizer.text.namelists import (
    city_phrases,
    is_capitalised_word,
    is_first_name,
    is_patronymic,
    is_place,
    is_small_town,
)
from anonymizer.text.spans import CHECK, Hit
from anonymizer.text.translit import to_cyrillic

_NAME_FOLLOWS = re.compile(r"[ \u00a0]+")
_INITIALS = re.compile(r"[A-ZА-ЯЁІЎЄЇ]\.[ \u00a0]?(?:[A-ZА-ЯЁІЎЄЇ]\.)?")


def _overlaps(hit: Hit, other: RosterHit) -> bool:
    return hit.start < other.end and other.start < hit.end


def _allowed(hit: Hit, protected: list[RosterHit]) -> bool:
    """Roster names survive, except an attorney's first name in a strong sender context."""
    for other in protected:
        if _overlaps(hit, other):
            overridable = other.part in ("first_names", "diminutives") and hit.reason in contexts.STRONG
            if not overridable:
                return False
    return True


_NAMES = frozenset({dictionaries.Reading.NAME, dictionaries.Reading.PROPER, dictionaries.Reading.UNKNOWN})


def _listed_word(token: str) -> bool:
    """A listed place or capitalised ordinary word: kept whatever the dictionaries say."""
    return is_place(token) or is_capitalised_word(token)


# Where the writer lives or comes from: a small town the lists do not hold narrows them down
# ("stoi pod domem w Łęcznej", "живу ў Мядзеле"); the listed towns and cities still stay.


# A region named after its town ("Гродзеншчына", "Київщина", "Grodzieńszczyzna", "Hrodzienščyna"):
# the suffix makes a land, never a person.
_REGION = re.compile(r"(?:шчын|щин|ччын|ščyn|szczy[zź]|cczy[zź]|chczy[zź])[^\W\d_]{1,4}$", re.IGNORECASE)


# Reflexive verb endings of Belarusian, Russian and Ukrainian that no given name or surname has
# (none of pymorphy's ru and uk Name/Surn/Patr forms ends so): the dictionaries miss many
# spelling variants of verbs ("Спадзяюся"), and a sentence often opens with one.
_VERB_ENDING = re.compile(
    r"^[\u0400-\u04ff]{3,}(?:аюся|яюся|уюся|ваюся|аемся|яемся|уемся|ецеся|аецца|яецца|уецца|ецца|іцца|ыцца|"
    r"аліся|яліся|ваюцца|ваюсь|аємось|уємось|ілися|ялися)$", re.IGNORECASE)


def _unknown_words(text: str) -> list[Hit]:
    """Fail closed: a capitalised word the dictionaries do not know as an ordinary word is a
    name. A word that is both ("Надежда", "Grace") is a name where no sentence starts."""
    hits = []
    closings = [m.span() for m in contexts.CLOSING.finditer(text)]  # "Herzliche Grüße" signs off, not names
    transliterated = _transliterated(text)
    lower_case = {word for word in WORD.findall(text) if word.islower()}
    for match in WORD.finditer(text):
        token = match.group()
        if len(token) < 2 or not capitalised(token) or token.casefold() in contexts.STOP:
            continue
        if any(start <= match.start() < end for start, end in closings):
            continue
        if _a_date(text, match) or _REGION.search(token):
            continue
        found = dictionaries.reading(token)
        unknown = found is dictionaries.Reading.UNKNOWN
        if unknown and numbers.is_number_word(token):
            continue  # "Дзесятага красавіка …": a date in words, spelled as heard
        if unknown and _sentence_start(text, match.start()) and (
                _VERB_ENDING.search(token) or (len(token) >= 4 and token.casefold() in lower_case)):
            # "Спадзяюся, што …": a verb the dictionary lacks opens the sentence; or the letter
            # writes the same word in lower case elsewhere ("Узгадвалі …", "… і ўзгадвалі"), as no one writes a name
            continue
        if found is dictionaries.Reading.COMMON and is_first_name(token, allow_ambiguous=True):
            found = dictionaries.Reading.AMBIGUOUS  # "з Надзеяй і Любай": the name lists know them as names
        if transliterated and ((found in _NAMES and token.isascii()) or _LACINKA.search(token)):
            found = dictionaries.reading_in_cyrillic(token)
        elif transliterated and found is dictionaries.Reading.COMMON and token.isascii():
            # "Kim" is an old Polish word, but in "moj kollega Vova Kim" it is Ким, a surname
            in_cyrillic = dictionaries.reading_in_cyrillic(token)
            found = in_cyrillic if in_cyrillic in (dictionaries.Reading.NAME, dictionaries.Reading.AMBIGUOUS) else found
        if _listed_word(token) or (transliterated and _listed_in_cyrillic(token)):
            if _home_town(text, match, transliterated):
                hits.append(Hit(match.start(), match.end(), "address", "small home town"))
            elif found in _NAMES or found is dictionaries.Reading.AMBIGUOUS:
                hits.append(Hit(match.start(), match.end(), CHECK, "listed place or capitalised word"))
            continue
        if found is dictionaries.Reading.PLACE and _a_person_from(text, match.start()):
            hits.append(Hit(match.start(), match.end(), "address", "where a named person is from"))
            continue
        if (found is dictionaries.Reading.PLACE and _after_place_preposition(text, match.start())
                and not contexts.HOME.search(text, max(0, match.start() - 50), match.start())):
            continue  # "з Айдара": a place the dictionaries know; elsewhere "Айдар" may be a man
        if found in _NAMES or found is dictionaries.Reading.PLACE or (
                found is dictionaries.Reading.AMBIGUOUS and _name_where_it_stands(text, match)):
            hits.append(Hit(match.start(), match.end(), "name", f"dictionary: {found.value}"))
        elif found is dictionaries.Reading.COMMON and _home_named_by_a_word(text, match):
            hits.append(Hit(match.start(), match.end(), "address", "home town named by a word"))
    return hits


def _home_named_by_a_word(text: str, match: re.Match[str]) -> bool:
    """"mieszkali w Hożej", "жыву ў Добрай": an ordinary word written with a capital where the
    writer lives or was born is a village's name. Not an English word ("live in Great Britain")."""
    token = match.group()
    return (not _sentence_start(text, match.start()) and _after_place_preposition(text, match.start())
            and (contexts.HOME.search(text, max(0, match.start() - 50), match.start()) is not None
                 or _a_person_from(text, match.start()))
            and not (token.isascii() and dictionaries.english_word(token)))


def _home_town(text: str, match: re.Match[str], transliterated: bool) -> bool:
    """"живу ў Шчучыне", "urodziłem się w Rechitse": a small listed town where the writer lives
    or was born. Cities of 100,000 and more stay wherever they are named."""
    token = match.group()
    small = is_small_town(token) or (transliterated and any(map(is_small_town, _in_cyrillic(token))))
    return small and (contexts.HOME.search(text, max(0, match.start() - 50), match.start()) is not None
                      or _a_person_from(text, match.start()))


_FROM = frozenset("з із из от від ад from of z ze iz sa".split())
_PERSON_FROM = re.compile(rf"({WORD.pattern})[ \u00a0]+(?:{'|'.join(sorted(_FROM))})[ \u00a0]+$", re.IGNORECASE)


def _a_person_from(text: str, start: int) -> bool:
    """"Ганна Ліпніцкая з Дзятлава", "Tomek z Łomży", "Dermot from Tralee": a place named as where
    a person comes from tells where that person lives. Not a big city, which stays wherever it is
    named; the word before the preposition must be one the dictionaries take for a name."""
    before = _PERSON_FROM.search(text, max(0, start - 60), start)
    if before is None or not capitalised(person := before.group(1)):
        return False
    found = dictionaries.reading(person)
    if _sentence_start(text, before.start(1)):
        return found is dictionaries.Reading.NAME  # "Анна из Вилейки …", never "Привет из …"
    return found in _NAMES or found is dictionaries.Reading.AMBIGUOUS


def _in_cyrillic(token: str) -> list[str]:
    """A Latin-script token's Cyrillic spellings, capitalised as the token is."""
    return [spelled[:1].upper() + spelled[1:] for spelled in to_cyrillic(token)]


def _listed_in_cyrillic(token: str) -> bool:
    """"Varshave", "Gomelja": a listed town spelled in Latin letters."""
    return any(map(_listed_word, _in_cyrillic(token)))


_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff'’ʼ]+")


def _miscased_names(text: str) -> list[Hit]:
    """A name typed in lower case or shouted mid-sentence ("my friend anna", "мы с оксаной", "I am
    ANNA KOWALSKA"). Only where the evidence is a name's, not a brand's or a foreign word's: a
    Cyrillic word the dictionaries know only as a name, or a listed given name; shouted words
    of four letters or more (shorter ones are acronyms: "IBM", "KGB")."""
    hits = []
    for match in WORD.finditer(text):
        token = match.group()
        if len(token) < 3 or capitalised(token) or token.casefold() in contexts.STOP or "-" in token:
            continue
        if token.isupper() and len(token) < 4:
            continue
        title = token[0].upper() + token[1:].lower()
        if _listed_word(title):
            continue
        if _CYRILLIC_WORD.fullmatch(token):
            named = dictionaries.reading(title) is dictionaries.Reading.NAME
        else:  # "sam" is Polish for "alone", "will" an English word: a listed name only if no word
            named = is_first_name(title) and dictionaries.reading(token.lower()) in _NAMES
        if named:
            hits.append(Hit(match.start(), match.end(), "name", "name in another case"))
    return hits


_LATIN_LOWER = re.compile(r"(?<![\w'’])[a-zćčłńśšŭźžąęóż]{3,}(?![\w'’])")
_LACINKA = re.compile("[ćčńśšŭźžĆČŃŚŠŬŹŽ]")


def _transliterated(text: str) -> bool:
    """A letter in Łacinka or transliterated Russian: most of its lower-case Latin words are no
    English or Polish word, and most of those are Belarusian or Russian ones spelled in Latin."""
    words = _LATIN_LOWER.findall(text)[:300]
    if len(words) < 5:  # a three-line note in Łacinka still needs its words read back
        return False
    foreign = [w for w in words if dictionaries.reading(w) is not dictionaries.Reading.COMMON]
    if len(foreign) * 10 < len(words) * 3:
        return False
    slavic = sum(dictionaries.reading_in_cyrillic(w) is dictionaries.Reading.COMMON for w in foreign)
    return slavic * 2 >= len(foreign)


_LOCATIVE_ONLY = frozenset("в во на w we na in at on під под над ŭ".split())  # ŭ: Łacinka's ў


_PREVIOUS_WORD = re.compile(r"(\w+)[ \u00a0]+$")


def _previous_word(text: str, start: int) -> str:
    """The word right before `start` on its line, case-folded ("" if none): a bounded look-back."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 20), start)
    return previous.group(1).casefold() if previous else ""


def _after_locative(text: str, start: int) -> bool:
    return _previous_word(text, start) in _LOCATIVE_ONLY


def _after_place_preposition(text: str, start: int) -> bool:
    return _previous_word(text, start) in _PLACE_PREPOSITIONS | _LOCATIVE


_WORD_BEFORE = re.compile(rf"({WORD.pattern})[ \u00a0]+$")
_TITLE_NEIGHBOURS = (_WORD_BEFORE, re.compile(rf"[ \u00a0]+({WORD.pattern})"))


# "Купалаўскі", "Пушкинская", "Mickiewiczowski": an adjective made from a public figure's surname.
_ADJECTIVE_SUFFIX = re.compile(r"(?:аў|ав|ов|ев|ёв|ow|ew|iw|ин|ін|ын)?(?:ск|ськ|sk)\w*$")


@lru_cache(maxsize=8)
def _stems_by_prefix(public: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for figure_stem in public:
        if len(figure_stem) >= 5:
            index.setdefault(figure_stem[:3], []).append(figure_stem)
    return {key: tuple(value) for key, value in index.items()}


def _named_after_a_figure(token: str, public: tuple[str, ...]) -> bool:
    folded = fold(token)
    return any(folded.startswith(figure_stem) and _ADJECTIVE_SUFFIX.fullmatch(folded[len(figure_stem):])
               for figure_stem in _stems_by_prefix(public).get(folded[:3], ()))


_DAY_AFTER = re.compile(r"[ \u00a0]+\d{1,2}(?:st|nd|rd|th)?\b|[ \u00a0]+(?:1[89]|20)\d\d\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?(?:[ \u00a0]+of)?[ \u00a0]+$")


@lru_cache(maxsize=1)
def _months() -> tuple[str, ...]:
    return tuple(word for word in lexicon.words("months") if word.isalpha())


def _a_date(text: str, match: re.Match[str]) -> bool:
    """"April 10, 2023", "10th of June", "May 2021": a month beside a day or a year is a date,
    though April, May and June are names too."""
    if not fold(match.group()).startswith(_months()):
        return False
    return bool(_DAY_AFTER.match(text, match.end()) or _DAY_BEFORE.search(text, max(0, match.start() - 12),
                                                                           match.start())
                or _TIME_BEFORE.search(text, max(0, match.start() - 12), match.start()))


# "every May", "since June", "late April": words that count time, never people, before a month.
_TIME_BEFORE = re.compile(r"\b(?:every|each|last|next|this|early|late|mid|since|until|till|through)[ \u00a0-]+$",
                          re.IGNORECASE)


_THE_BEFORE = re.compile(r"\b[Tt]he(?:[ \u00a0]+[A-Z][\w'’-]*){0,2}[ \u00a0]+$")


# "Grace and I", "Віра і я": who pairs with the writer is a person, wherever the sentence starts.
_AND_ME = re.compile(r"[ \u00a0]+(?:and[ \u00a0]+(?:I|me|myself)|(?:і|и|та|й)[ \u00a0]+я|i[ \u00a0]+ja)\b")


_NO_MORE_WORDS = re.compile(r"[^\w]*\Z")


def _last_word(text: str, match: re.Match[str]) -> bool:
    """"Пака! Ясік": the letter's last word, standing alone after its last sentence, signs it."""
    if not _NO_MORE_WORDS.match(text, match.end()):
        return False
    before = text[max(0, match.start() - 3):match.start()]
    return bool(re.search(r"[.!?…,]\s*$|\n\s*$", before))


def _name_where_it_stands(text: str, match: re.Match[str]) -> bool:
    """An everyday word that is also a name ("Grace", "Коваль") is a name unless it opens a
    sentence or belongs to a title-case phrase ("Freedom House", "Human Rights Watch"): a
    capitalised ordinary word beside it, itself not opening a sentence, or an acronym."""
    paired_with_me = _AND_ME.match(text, match.end()) is not None or _last_word(text, match)
    if not paired_with_me and (_sentence_start(text, match.start()) or _after_locative(text, match.start())):
        return False  # "in May", "w Nadziei"; but "у Нади" is at Nadia's
    if _THE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
        return False  # "the Baltic Way", "the Four Courts": English puts no article before a name
    left = _TITLE_NEIGHBOURS[0].search(text, max(0, match.start() - 40), match.start())
    right = _TITLE_NEIGHBOURS[1].match(text, match.end())
    for neighbour in (left, right):
        if neighbour is None:
            continue
        word = neighbour.group(1)
        if word.isupper() and len(word) >= 2:
            return False  # beside an acronym: a product or an organisation ("IBM Power Systems")
        if is_capitalised_word(word):
            return False  # "Christmas Eve", "Easter Monday": a feast's name
        if (capitalised(word) and word.casefold() not in contexts.STOP and not _sentence_start(text, neighbour.start(1))
                and dictionaries.reading(word) is dictionaries.Reading.COMMON):
            return False
    return True


def _has_ambiguous_word(line: str) -> bool:
    """NER only adds where the dictionaries hesitate: a word that is ordinary and a name too."""
    return any(capitalised(m.group()) and dictionaries.reading(m.group()) is dictionaries.Reading.AMBIGUOUS
               for m in WORD.finditer(line))


def _kinship(word: str) -> bool:
    """A kin word the dictionaries know as a word: NER puts "Тётя" into "Тётя Юля", but it is no name."""
    ordinary = (dictionaries.Reading.COMMON, dictionaries.Reading.AMBIGUOUS)
    return contexts.is_kin_word(word) and dictionaries.reading(word) in ordinary


def _ordinary_opening(text: str, match: re.Match[str]) -> bool:
    """A listed name's form that the dictionaries know as a word too, opening a sentence:
    "Коли" (Ukrainian "when") there, not Kolya's genitive."""
    ordinary = (dictionaries.Reading.COMMON, dictionaries.Reading.AMBIGUOUS)
    return _sentence_start(text, match.start()) and dictionaries.reading(match.group()) in ordinary


def _ordinary_word_opening(text: str, match: re.Match[str]) -> bool:
    """"Вершы Багдановіча …": NER takes the sentence's first word into the person; a word the
    dictionaries know only as an ordinary word, and no name list has, opens the sentence instead."""
    return (_sentence_start(text, match.start()) and not is_first_name(match.group(), allow_ambiguous=True)
            and dictionaries.reading(match.group()) is dictionaries.Reading.COMMON)


# "з Лідай", "z Olą": "with" someone, not "from" somewhere.
_INSTRUMENTAL = re.compile(r"(?:ай|ой|ою|ей|ею|ом|ем|ым|ім|им|ą|em|ę)$")


def _a_listed_place_here(text: str, match: re.Match[str]) -> bool:
    """"Пішу з Ліды", "у Лідзе": a listed town that is also a given name, after a place
    preposition and not in the instrumental case, is the town."""
    token = match.group()
    return (is_place(token) and _after_place_preposition(text, match.start())
            and not _INSTRUMENTAL.search(token.casefold()))


def _token_hits(text: str) -> list[Hit]:
    """Words no dictionary knows as ordinary words, listed first names, and NER persons split
    into their capitalised tokens."""
    hits = _unknown_words(text) + _miscased_names(text)
    hits += [Hit(m.start(), m.end(), "name", "first-name list") for m in WORD.finditer(text)
             if is_first_name(m.group()) and not _ordinary_opening(text, m) and not _a_listed_place_here(text, m)]
    for start, end in ner.person_spans(text, _has_ambiguous_word):
        tokens = [m for m in WORD.finditer(text, start, end)
                  if capitalised(m.group()) and m.group().casefold() not in contexts.STOP and len(m.group()) > 1
                  and not _kinship(m.group()) and not _ordinary_word_opening(text, m)]
        if any(is_place(m.group()) and not is_first_name(m.group()) for m in tokens):
            continue  # a span holding a town or country ("Жыве Беларусь") is no person
        for n, match in enumerate(tokens):
            neighbours = tokens[max(0, n - 1): n] + tokens[n + 1: n + 2]
            paired = any(not text[min(m.end(), match.end()): max(m.start(), match.start())].strip()
                         for m in neighbours)
            if is_first_name(match.group()) or _plausible(text, match, 2 if paired else 1):
                hits.append(Hit(match.start(), match.end(), "name", "ner"))
    return hits


# After these a capitalised word is a place far more often than a person ("з Гомеля", "ў Мінску").
_PLACE_PREPOSITIONS = frozenset(
    "в во у ў з із из со с са на да до ля каля під под пад над за від ад от праз через w we z ze do na od pod przez "
    "koło obok ŭ ź kala v vo iz".split()
)


def _plausible(text: str, match: re.Match[str], run: int) -> bool:
    """NER on Belarusian and in sentence starts is noisy: ask for a little more evidence."""
    if run == 1 and _sentence_start(text, match.start()):
        return False  # "Няхай", "Калі": a lone capital at a sentence start
    previous = _previous_word(text, match.start())
    return previous not in _PLACE_PREPOSITIONS and not addresses.STREET_WORD.fullmatch(previous)  # "на вуліцы Савецкай"


def _sentence_start(text: str, start: int) -> bool:
    """Also the first word inside quotes: «Лісова пісня», „Dziady”, "Darkness at Noon" open a title."""
    if text[max(0, start - 1):start] in ("«", "„", "“", '"'):
        return True
    before = text[:start].rstrip(" \t«\"'(—-")
    if before[-1:] in ("»", "”", "“", ")", "]"):  # «… грамадзе?» Колькі разоў …
        before = before.rstrip("»”“)] \t")
        return not before or before[-1] in ".!?…"
    if before.endswith(" /") or before.endswith(" |"):
        return True  # "… мілы, / Забыць цябе …": a line of verse quoted inline starts with a capital
    return not before or before[-1] in ".!?\n:…"


def _word_after(text: str, end: int) -> re.Match[str] | None:
    """The word right after `end`, on the same line, with only spaces between."""
    gap = _NAME_FOLLOWS.match(text, end)
    return WORD.match(text, gap.end()) if gap else None


def _surnames(text: str, found: list[Hit], protected: list[RosterHit]) -> list[Hit]:
    """A capitalised word right after a found name on the same line is its surname."""
    hits = []
    for hit in found:
        word = _word_after(text, hit.end)
        shaped = word is not None and (capitalised(word.group()) or word.group().isupper())  # "ANNA KOWALSKA"
        if not word or not shaped or word.group().casefold() in contexts.STOP:
            continue
        candidate = Hit(word.start(), word.end(), "name", "beside a name")
        if _allowed(candidate, protected):
            hits.append(candidate)
    return hits


def _first_names(text: str, found: list[Hit], protected: list[RosterHit]) -> list[Hit]:
    """A given name right before a found surname is a name, at a sentence start too: "Grace
    Okafor said", "Nadzieja Wróblewska też" — a word the dictionaries or the name list know as a
    name as well as a word; a plain word before a name ("Yesterday Oluwaseun") stays."""
    hits = []
    for hit in found:
        before = _WORD_BEFORE.search(text, max(0, hit.start - 30), hit.start)
        if not before:
            continue
        token = before.group(1)
        if (not capitalised(token) or token.casefold() in contexts.STOP or contexts.is_kin_word(token)
                or is_capitalised_word(token)):
            continue  # "Christmas Eve": a feast before a name-like word
        if not (is_first_name(token, allow_ambiguous=True) or dictionaries.reading(token) in _NAME_READINGS
                or _capitalised_mid_sentence(text, before)):
            continue
        candidate = Hit(before.start(1), before.end(1), "name", "beside a name")
        if _allowed(candidate, protected):
            hits.append(candidate)
    return hits


def _capitalised_mid_sentence(text: str, before: re.Match[str]) -> bool:
    """Fail closed: any capitalised word inside a sentence right before a name is a given name
    ("Irlandka z Erasmusa, Aisling McBride"), though a dictionary of some language knows it as a
    word ("aisling" is an English one); roles, kin, titles, places and acronyms are not."""
    token = before.group(1)
    return not (_sentence_start(text, before.start(1)) or token.isupper() or _listed_word(token)
                or contexts.is_role_word(token))


def _stems(text: str, found: list[Hit]) -> set[str]:
    """Stems of the names found, also with a case ending cut off ("Паўлам" → "павл")."""
    stems: set[str] = set()
    for hit in found:
        for token in WORD.findall(text[hit.start: hit.end]):
            folded = fold(token)
            if len(folded) < 3:
                continue
            stems.add(stem(token) if len(stem(token)) >= 3 else folded)
            for cut in range(3, 0, -1):
                if len(folded) - cut >= 4 and folded[-cut:] in ENDINGS:
                    stems.add(folded[:-cut])
                    break
    return stems


# Slavic diminutives build on the name's stem: Тарас → Тарасик, Тарасикові; Ганна → Ганначка.
_DIMINUTIVE = re.compile(r"(?:ик|ек|ок|чик|ичк|ечк|очк|ачк|еньк|оньк|усь|уш|ун|к)(?:[а-яьй]{0,3})$")


def _diminutive(folded: str, stem_: str) -> bool:
    """`folded` is a diminutive of the name whose stem is `stem_` (Cyrillic only)."""
    return folded.startswith(stem_) and bool(_DIMINUTIVE.fullmatch(folded[len(stem_):]))


def _propagate(text: str, found: list[Hit], protected: list[RosterHit]) -> list[Hit]:
    """Every other capitalised form of a found name."""
    # a name's other forms, not a signature's job title ("адвокат, АО …" is no name to spread)
    stems = _stems(text, [h for h in found if h.kind != "signature"])
    hits = []
    for match in WORD.finditer(text):
        token = match.group()
        if not capitalised(token) or token.casefold() in contexts.STOP:
            continue
        folded = fold(token)
        if _a_date(text, match):
            continue  # "Every May …" went as a name; "on May 15" is still a day
        # a short stem ("Лены" → "лен") takes case endings only: "Лена", "Лене", never "Ленин"
        if any(folded == s or (len(s) >= 3 and is_form(token, s)) or (len(s) >= 4 and _diminutive(folded, s))
               for s in stems):
            candidate = Hit(match.start(), match.end(), "name", "same name elsewhere")
            if _allowed(candidate, protected):
                hits.append(candidate)
    return hits


@lru_cache(maxsize=1)
def _particle_run() -> re.Pattern[str]:
    lead = "|".join(sorted(lexicon.words("name_particles"), key=len, reverse=True))
    inner = "|".join(sorted(lexicon.words("name_particles") | lexicon.words("name_particles_inner"), key=len,
                            reverse=True))
    return re.compile(rf"(?<![\w'’])(?-i:(?:{lead}))(?:[ \u00a0]+(?-i:(?:{inner}))){{0,2}}[ \u00a0]+"
                      rf"(?-i:[A-Z][\w'’-]+)")


def _with_particles(text: str) -> list[Hit]:
    """"van der Berg", "de la Cruz", "bin Rashid": a capitalised word after name particles is a
    surname even when it is also an ordinary word ("Berg")."""
    return [Hit(m.start(), m.end(), "name", "name with particles") for m in _particle_run().finditer(text)]


def find(text: str, roster: Roster, known: tuple[str, ...] = ()) -> list[Hit]:
    """Every name token to redact in `text`; `known` are names the letter's headers give."""
    hits = roster_hits(text, roster)
    senders = [Hit(h.start, h.end, "name", "sender's own name") for h in hits if is_sender_name(text, h, hits)]
    protected = [h for h in hits if not is_sender_name(text, h, hits)]
    protected += _attorneys_patronymics(text, protected)
    from_headers = _known_names(text, known, protected)
    protected = [h for h in protected if h.owner is not None or not any(_overlaps(k, h) for k in from_headers)]
    senders += from_headers
    figure_stems = public_stems(roster)
    protected += [RosterHit(m.start(), m.end(), None, "named after a figure") for m in WORD.finditer(text)
                  if capitalised(m.group()) and _named_after_a_figure(m.group(), figure_stems)]
    protected += [RosterHit(start, end, None, "city") for start, end in city_phrases(text)]
    protected += _titled_figures(text)
    protected += _works_of_figures(text, protected)
    candidates = contexts.find(text) + _token_hits(text) + _with_particles(text)
    found = [h for h in candidates if h.kind != CHECK and _allowed(h, protected)]
    namesakes = _namesakes(text, candidates, found, protected)
    if namesakes:
        protected = [h for h in protected if h not in namesakes]
        found = [h for h in candidates if h.kind != CHECK and _allowed(h, protected)]
        senders += [Hit(h.start, h.end, "name", "namesake of a public figure") for h in namesakes]
    public = [h for h in protected if h.owner is None]
    checks = [Hit(h.start, h.end, CHECK, "public figure") for h in candidates
              if h.kind != CHECK and any(_overlaps(h, p) for p in public)]
    checks += [h for h in candidates if h.kind == CHECK]
    found += _surnames(text, found, protected) + _first_names(text, found, protected)
    found += senders + _surnames(text, senders, protected)
    found += _coordinated(text, found, protected)
    propagated = _propagate(text, found, protected)
    found += propagated + _surnames(text, propagated, protected)
    return found + _initials(text, found) + _trailing_initials(text) + checks


@lru_cache(maxsize=1)
def _figure_title() -> re.Pattern[str]:
    titles = sorted((re.escape(t) for t in lexicon.words("figure_titles")), key=len, reverse=True)
    name = rf"((?:{WORD.pattern})(?:[ \u00a0]+{WORD.pattern})?)"
    return re.compile(rf"(?<!\w)(?i:{'|'.join(titles)})(?!\w)[ \u00a0]+{name}")


# A title in quotes soon after its author: "Міцкевіча па-беларуску, «Пана Тадэвуша»", "Васіля
# Быкава, «Сотнікава»", "wiersz Herberta: „Pan Cogito”". Short, on the same sentence.
_QUOTED_TITLE = re.compile(r"[^.!?\n«„“\"]{0,40}?[«„“\"]([^»”“\"\n]{1,60})[»”“\"]")


def _works_of_figures(text: str, protected: list[RosterHit]) -> list[RosterHit]:
    """The capitalised words of a work's title that follows a public figure: characters and
    titles are the figure's, not the writer's people."""
    hits = []
    for figure in protected:
        if figure.owner is not None or figure.part not in ("public_surname", "paired_surname", "named after a figure"):
            continue
        title = _QUOTED_TITLE.match(text, figure.end)
        if title is None or len(title.group(1).split()) > 6:
            continue
        hits += [RosterHit(word.start(), word.end(), None, "title of a work")
                 for word in WORD.finditer(text, title.start(1), title.end(1)) if capitalised(word.group())]
    return hits


def _titled_figures(text: str) -> list[RosterHit]:
    """"вялікі князь Вітаўт", "святая Ефрасіння Полацкая", "King Zygmunt", "św. Jan Paweł":
    rulers and saints, public by their title; a priest's or a teacher's title is no such sign."""
    hits = []
    for match in _figure_title().finditer(text):
        for word in WORD.finditer(text, match.start(1), match.end(1)):
            if not capitalised(word.group()):
                break
            hits.append(RosterHit(word.start(), word.end(), None, "titled figure"))
    return hits


def _attorneys_patronymics(text: str, protected: list[RosterHit]) -> list[RosterHit]:
    """"Максим Александрович, здравствуйте!": a patronymic after an attorney's given name is
    how the writer greets them, whatever the roster spells."""
    hits = []
    for hit in protected:
        if hit.owner is None or hit.part not in ("first_names", "diminutives"):
            continue
        after = _word_after(text, hit.end)
        if after and capitalised(after.group()) and is_patronymic(after.group()):
            hits.append(RosterHit(after.start(), after.end(), hit.owner, "patronymic"))
    return hits


def _known_names(text: str, known: tuple[str, ...], protected: list[RosterHit]) -> list[Hit]:
    """Every form of a name the headers give, a public figure's included ("Светлана
    Тихановская, но не та"); an attorney's name stays, as the writer greets them by it. A
    header word the dictionaries know only as a word ("Support", "Права") is no name, and one
    that is both ("Надзея") only where no sentence starts."""
    readings = {word: dictionaries.reading(word) for word in known if word.casefold() not in contexts.STOP}
    forms = [(stem(word), fold(word), found) for word, found in readings.items()
             if found is not dictionaries.Reading.COMMON]
    if not forms:
        return []
    hits = []
    for match in WORD.finditer(text):
        token = match.group()
        if not capitalised(token) or token.casefold() in contexts.STOP:
            continue
        form = _header_form(token, forms)
        if form is None or (form[2] is dictionaries.Reading.AMBIGUOUS and _sentence_start(text, match.start())):
            continue
        hit = Hit(match.start(), match.end(), "name", "name in the headers")
        if not any(_overlaps(hit, p) for p in protected if p.owner is not None) and not _figure_pair(
                text, hit, protected, forms):
            hits.append(hit)
    return hits


def _figure_pair(text: str, hit: Hit, protected: list[RosterHit],
                 forms: Sequence[_HeaderForm]) -> bool:
    """"Льва Толстого" in a letter from a Лев Гольдштейн: the sender's first name, but here
    before a public figure's surname the headers do not give, so it is the figure's."""
    public = [p for p in protected if p.owner is None]
    if not any(_overlaps(hit, p) for p in public):
        return False
    after = _word_after(text, hit.end)
    if after is None or not any(p.start == after.start() for p in public):
        return False
    return _header_form(after.group(), forms) is None


_HeaderForm = tuple[str, str, dictionaries.Reading]  # stem, folded word, reading


def _header_form(token: str, forms: Sequence[_HeaderForm]) -> _HeaderForm | None:
    """The header name `token` is a form of, if any."""
    folded = fold(token)
    return next((form for form in forms if folded == form[1] or is_form(token, form[0], form[1])), None)


def _namesakes(text: str, candidates: list[Hit], found: list[Hit], protected: list[RosterHit]) -> list[RosterHit]:
    """A public figure's surname beside someone else's first name ("з Быкавым Андрэем",
    "Olena Shevchenko") or where a context names a person ("pani Szymborska", "мой сусед Шаўчэнка")
    is a namesake: Шевченко is also the commonest Ukrainian surname."""
    namesakes = []
    for hit in protected:
        if hit.owner is not None:
            continue
        if any(c.reason in _PERSON_CONTEXTS and _overlaps(c, hit) for c in candidates):
            namesakes.append(hit)  # "мене теж звуть Іван Франко": the writer, first name and all
            continue
        if hit.part != "public_surname":
            continue
        neighbours = [h for h in found if 0 <= hit.start - h.end <= 2 or 0 <= h.start - hit.end <= 2]
        if any(not text[min(h.end, hit.end): max(h.start, hit.start)].strip() for h in neighbours):
            namesakes.append(hit)
    # Once the letter shows a namesake, the figure's name is that person's wherever it stands.
    named = {fold(text[h.start:h.end]) for h in namesakes}
    return [h for h in protected if h.owner is None and (h in namesakes or fold(text[h.start:h.end]) in named)]


_PERSON_CONTEXTS = frozenset({*(rule.id for rule in contexts.RULES), "sign-off"})


_AND = r"(?:і|и|й|та|and|i|oraz|&)"
# "Віра з Любою ходили": who goes with a person is a person; what comes after "z" may be a town
# ("od Ewy z Krakowa"), so "with" joins only from the left.
_WITH = r"(?:з|із|с|со|z|ze|with)"
_NAME_READINGS = frozenset({dictionaries.Reading.AMBIGUOUS, *_NAMES})
_RIGHT = re.compile(rf"[ \u00a0]+{_AND}[ \u00a0]+|,[ \u00a0]+")
_LEFT = re.compile(rf"({WORD.pattern})(?:[ \u00a0]+(?:{_AND}|{_WITH})[ \u00a0]+|,[ \u00a0]+)$")


def _coordinated(text: str, found: list[Hit], protected: list[RosterHit]) -> list[Hit]:
    """"od Tomasza i Ewy", "Orla and Niamh": a capitalised word joined to a name by "and" is a
    name too, unless it opens a sentence or is a known non-name. In a list ("Mark, Bill and
    Pat") a comma joins too, but only a word the dictionaries can read as a name."""
    hits: list[Hit] = []
    for hit in found:
        candidates = []
        if gap := _RIGHT.match(text, hit.end):
            if word := WORD.match(text, gap.end()):
                candidates.append(word)
        if left := _LEFT.search(text[max(0, hit.start - 40): hit.start]):
            offset = max(0, hit.start - 40)
            if word := WORD.fullmatch(text, offset + left.start(1), offset + left.end(1)):
                candidates.append(word)
        for word in candidates:
            token = word.group()
            if not capitalised(token) or token.casefold() in contexts.STOP or is_capitalised_word(token):
                continue  # "Eve and Easter"
            # Opening a sentence, only a word the dictionaries know as a name too: "Hope and Faith
            # Okafor", "Віра з Любою ходили"; "Today and …" stays.
            reading = dictionaries.reading(token)
            if _sentence_start(text, word.start()) and reading not in _NAME_READINGS:
                continue
            if _comma_joined(text, hit, word) and (reading not in _NAME_READINGS or _listed_word(token)):
                continue  # "Bill, Minsk is far": a comma joins a list of people only
            candidate = Hit(word.start(), word.end(), "name", "joined to a name")
            if _allowed(candidate, protected) and not _is_place(text, word):
                hits.append(candidate)
    return hits


def _comma_joined(text: str, hit: Hit, word: re.Match[str]) -> bool:
    between = text[hit.end:word.start()] if word.start() >= hit.end else text[word.end():hit.start]
    return between.strip() == ","


# "in / at" before a word joined to a name makes it a town ("Ганна і ў Мінску"); "from" does not:
# "Від Наталки та Остапа" greets people.
_LOCATIVE = frozenset("в во у ў на w we na in at під под над каля ля ŭ kala".split())


def _is_place(text: str, word: re.Match[str]) -> bool:
    """A locative preposition right before the word makes it a place, not a person."""
    return _previous_word(text, word.start()) in _LOCATIVE


def _initials(text: str, found: list[Hit]) -> list[Hit]:
    """"Лапицкий Д.С.", "Ковалева А. В.": initials after a surname go with it."""
    hits = []
    for hit in found:
        gap = _NAME_FOLLOWS.match(text, hit.end)
        initials = _INITIALS.match(text, gap.end()) if gap else None
        if initials:
            hits.append(Hit(initials.start(), initials.end(), "name", "initials"))
    return hits


# "Ваш коллега, бывший адвокат В. Ш.": initials closing a line sign a letter as a name does.
_LINE_END_INITIALS = re.compile(r"(?<![\w.])(?:[A-ZА-ЯЁІЎЄЇŁŚŻ]\.[ \u00a0]?){2,3}(?=[ \t]*$)", re.MULTILINE)
_POSTSCRIPT = re.compile(r"(?:[PП]\.[ \u00a0]?){1,2}[SС]\.")


def _trailing_initials(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), "name", "initials") for m in _LINE_END_INITIALS.finditer(text)
            if not _POSTSCRIPT.fullmatch(m.group().strip())]
