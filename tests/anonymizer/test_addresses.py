"""Street addresses in any grammatical case; capitalised names only, so ordinary words stay."""

from __future__ import annotations

import pytest

from anonymizer.redact import redact
from anonymizer.roster import default_roster
from anonymizer.text.addresses import find

CASES = [
    ("я живу в Минске, на улице Примерной, д. 5, кв. 12.", "улице Примерной, д. 5, кв. 12"),
    ("на проспекте Независимости 4", "проспекте Независимости 4"),
    ("ul. Marszałkowska 10/12", "ul. Marszałkowska 10/12"),
    ("в переулке Тихом д.3", "переулке Тихом д.3"),
    ("мешкаю на вулиці Шевченка, 7", "вулиці Шевченка, 7"),
    ("УЛ. ЛЕНИНА Д. 5", "УЛ. ЛЕНИНА Д. 5"),
]


@pytest.mark.parametrize(("text", "address"), CASES)
def test_street_in_any_case_is_found(text: str, address: str) -> None:
    assert any(address in text[h.start : h.end] for h in find(text))


@pytest.mark.parametrize("text", ["Улица была пуста, и мы ждали.", "на улице было холодно", "Площадь велика."])
def test_ordinary_words_after_a_street_word_are_kept(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [("Я жыву на вуліцы Леніна, дом сорак тры, кватэра дваццаць сем.", "сорак тры"),
     ("Я жыву на вуліцы Леніна, дом сорак тры, кватэра дваццаць сем.", "дваццаць сем"),
     ("I live at forty-two Elm Street, flat nine, in Bristol.", "forty-two Elm Street"),
     ("I live at forty-two Elm Street, flat nine, in Bristol.", "flat nine")],
)
def test_house_and_flat_numbers_in_words(text: str, secret: str) -> None:
    """rule: street — a house or flat number spelled out is still the door."""
    assert secret not in redact(text, default_roster()).text


def test_number_words_away_from_a_street_stay() -> None:
    text = "I walked down Main Street with two friends. Мы жылі ў доме, дзе дваццаць кватэр."
    assert redact(text, default_roster()).text == text
