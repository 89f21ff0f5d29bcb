"""The words of the exports in every language a family may read: Belarusian first, then ru, uk, pl, en.

The markers themselves are defined once, in `anonymizer.vocabulary`; only their explanations
live here, keyed by that definition, so a marker added there without an explanation in every
language stops this module from importing (and its test names the gap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from anonymizer.vocabulary import ALL_MARKERS, LANGUAGES

EXPORT_LANGUAGES = LANGUAGES  # the publication's language first
FAMILY_LANGUAGES = EXPORT_LANGUAGES[1:]  # a family's second language beside Belarusian (--language)


def _slavic_plural(one: str, few: str, many: str) -> Callable[[int], str]:
    """Belarusian, Russian, Ukrainian and Polish count nouns alike: 1, 21 → one; 2–4, 22 → few; else many."""
    def count(n: int) -> str:
        if n % 10 == 1 and n % 100 != 11:
            return f"{n} {one}"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return f"{n} {few}"
        return f"{n} {many}"
    return count


def _polish_plural(n: int) -> str:
    """Polish differs in one place: only 1 itself is 'list'; 21 listów."""
    return "1 list" if n == 1 else _slavic_plural("listów", "listy", "listów")(n)


@dataclass(frozen=True)
class Wording:
    """Everything a family's PDF and its note say, in one language."""

    code: str
    letters: Callable[[int], str]
    months: tuple[str, ...]
    date_format: str  # with {day} {month} {year}
    languages: dict[str, str]  # "written in …", by letter language
    markers: dict[str, str]  # what each redaction marker stood for
    greeting: str
    legend: str
    letter_of: str  # with {n} {total}
    draft: str  # with {date}

    def date(self, day: dt.date) -> str:
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year)

    def written_in(self, language: str) -> str:
        return self.languages.get(language, "")


def _markers(meanings: dict[str, str]) -> dict[str, str]:
    """In the vocabulary's order; a KeyError names the marker left unexplained."""
    return {marker: meanings[marker] for marker in ALL_MARKERS}


WORDING = {
    "be": Wording(
        code="be",
        letters=_slavic_plural("ліст", "лісты", "лістоў"),
        months=("студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня", "ліпеня", "жніўня", "верасня",
                "кастрычніка", "лістапада", "снежня"),
        date_format="{day} {month} {year} г.",
        languages={"ru": "Напісаны па-руску", "uk": "Напісаны па-ўкраінску", "pl": "Напісаны па-польску",
                   "en": "Напісаны па-англійску", "be": "Напісаны па-беларуску"},
        markers=_markers({
            "name": "імя", "phone": "тэлефон", "email": "электронная пошта", "link": "спасылка",
            "address": "адрас", "number": "нумар", "handle": "акаўнт", "quote": "цытата",
            "signature": "подпіс", "workplace": "месца працы ці вучобы",
        }),
        greeting="Гэтыя лісты напісалі людзі, якія падтрымліваюць вас і памятаюць пра вас. Яны даслалі іх ананімна.",
        legend="Дзеля бяспекі аўтараў з лістоў выдалена тое, што магло б іх выдаць:",
        letter_of="Ліст {n} з {total}",
        draft="ЧАРНАВІК — не перадаваць да {date}",
    ),
    "ru": Wording(
        code="ru",
        letters=_slavic_plural("письмо", "письма", "писем"),
        months=("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                "ноября", "декабря"),
        date_format="{day} {month} {year} г.",
        languages={"be": "Написано по-белорусски", "uk": "Написано по-украински", "pl": "Написано по-польски",
                   "en": "Написано по-английски", "ru": "Написано по-русски"},
        markers=_markers({
            "name": "имя", "phone": "телефон", "email": "электронная почта", "link": "ссылка",
            "address": "адрес", "number": "номер", "handle": "аккаунт", "quote": "цитата",
            "signature": "подпись", "workplace": "место работы или учёбы",
        }),
        greeting="Эти письма написали люди, которые поддерживают вас и помнят о вас. Они прислали их анонимно.",
        legend="Ради безопасности авторов из писем удалено то, что могло бы их выдать:",
        letter_of="Письмо {n} из {total}",
        draft="ЧЕРНОВИК — не передавать до {date}",
    ),
    "uk": Wording(
        code="uk",
        letters=_slavic_plural("лист", "листи", "листів"),
        months=("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
                "листопада", "грудня"),
        date_format="{day} {month} {year} р.",
        languages={"be": "Написаний білоруською", "ru": "Написаний російською", "pl": "Написаний польською",
                   "en": "Написаний англійською", "uk": "Написаний українською"},
        markers=_markers({
            "name": "ім'я", "phone": "телефон", "email": "електронна пошта", "link": "посилання",
            "address": "адреса", "number": "номер", "handle": "акаунт", "quote": "цитата",
            "signature": "підпис", "workplace": "місце роботи чи навчання",
        }),
        greeting="Ці листи написали люди, які підтримують вас і пам'ятають про вас. Вони надіслали їх анонімно.",
        legend="Заради безпеки авторів з листів видалено те, що могло б їх видати:",
        letter_of="Лист {n} з {total}",
        draft="ЧЕРНЕТКА — не передавати до {date}",
    ),
    "pl": Wording(
        code="pl",
        letters=_polish_plural,
        months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
                "października", "listopada", "grudnia"),
        date_format="{day} {month} {year} r.",
        languages={"be": "Napisany po białorusku", "ru": "Napisany po rosyjsku", "uk": "Napisany po ukraińsku",
                   "en": "Napisany po angielsku", "pl": "Napisany po polsku"},
        markers=_markers({
            "name": "imię lub nazwisko", "phone": "telefon", "email": "adres e-mail", "link": "link",
            "address": "adres", "number": "numer", "handle": "konto", "quote": "cytat",
            "signature": "podpis", "workplace": "miejsce pracy lub nauki",
        }),
        greeting="Te listy napisali ludzie, którzy Was wspierają i o Was pamiętają. Wysłali je anonimowo.",
        legend="Dla bezpieczeństwa autorów usunięto z listów to, co mogłoby ich zdradzić:",
        letter_of="List {n} z {total}",
        draft="SZKIC — nie przekazywać przed {date}",
    ),
    "en": Wording(
        code="en",
        letters=lambda n: f"{n} letter" if n == 1 else f"{n} letters",
        months=("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"),
        date_format="{day} {month} {year}",
        languages={"be": "Written in Belarusian", "ru": "Written in Russian", "uk": "Written in Ukrainian",
                   "pl": "Written in Polish", "en": "Written in English"},
        markers=_markers({
            "name": "a name", "phone": "a phone number", "email": "an e-mail address", "link": "a link",
            "address": "an address", "number": "a document, card or account number",
            "handle": "a messenger or social-media account", "quote": "a quoted message",
            "signature": "a signature", "workplace": "a workplace or place of study",
        }),
        greeting="These letters were written by people who support you and remember you. They sent them anonymously.",
        legend="For the writers' safety, anything that could identify them has been removed from the letters:",
        letter_of="Letter {n} of {total}",
        draft="DRAFT — not to be handed over before {date}",
    ),
}
