"""rule: numbered unit / numbered institution (anonymizer/text/units.py)."""

from __future__ import annotations

import pytest

from anonymizer.redact import redact
from anonymizer.roster import default_roster
from anonymizer.text import units

ROSTER = default_roster()


def found(text: str) -> list[str]:
    return [text[h.start: h.end] for h in units.find(text)]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Я студэнтка з Прагі, група SOC-2B, і ў мяне ёсць звычка.", "група SOC-2B"),
        ("Мы сядзелі ў 5-й групе юрфака БДУ, памятаеш?", "5-й групе юрфака БДУ"),
        ("Сорок лет проработал в КБ сборочного цеха МТЗ.", "КБ сборочного цеха МТЗ"),
        ("Сейчас в цеху аммиака-3 аппаратчиком.", "цеху аммиака-3"),
        ("Вожу маршрутку № 7 в Борисове.", "маршрутку № 7"),
        ("Займаюся дзюдо ў ДЮСШ № 3.", "ДЮСШ № 3"),
        ("Mieszkam w akademiku, pokój 512, i mam mapę.", "pokój 512"),
        ("I live in room 4B of the dorm.", "room 4B"),
        ("Працюю у відділенні № 2 лікарні.", "відділенні № 2"),
        ("pracuję jako kierowca autobusu linii 174 w Warszawie.", "linii 174"),
    ],
)
def test_a_unit_with_its_number_goes(text: str, secret: str) -> None:
    assert secret in found(text)
    assert secret not in redact(text, ROSTER).text


@pytest.mark.parametrize(
    "text",
    [
        "У нашай групе ўсе за вас.",
        "В нашей группе 20 человек.",
        "10 групп людей пришли к суду.",
        "Вы сидите в ИК № 15, потом были в СИЗО № 1.",
        "Pan Aleksander jest w areszcie.",
    ],
)
def test_units_without_a_number_and_places_of_custody_stay(text: str) -> None:
    assert found(text) == []
